package io.numfuse;

import io.numfuse.core.DType;
import io.numfuse.core.ShapeMismatchException;
import io.numfuse.core.ValueException;
import io.numfuse.ir.Graph;
import io.numfuse.ir.Node;
import io.numfuse.ir.Shapes;
import java.util.List;

/**
 * NumPy's concatenate and stack: a lazy array of the result shape and the promoted dtype, one
 * node ({@link Graph#concat}) over the operands. Evaluated, it is one kernel of parts
 * ({@code Kernel.parts}: one launch on OpenCL, the parts' loops in turn on the JVM), each part
 * computing one operand, its element-wise producer fused in, into its slice of the result: the
 * result is not filled first, and an operand that is pending has no array of its own. The
 * public, documented entry points are {@link Num#concatenate} and {@link Num#stack}.
 */
final class Joins {
    private Joins() {}

    static NDArray concatenate(List<NDArray> arrays, int axis) {
        if (arrays.isEmpty()) throw new ValueException("need at least one array to concatenate");
        int[] first = arrays.get(0).shape();
        int rank = first.length;
        if (rank == 0) throw new ValueException("zero-dimensional arrays cannot be concatenated");
        int ax = Shapes.axis(axis, rank);
        int[] shape = first.clone();
        shape[ax] = 0;
        DType dtype = arrays.get(0).dtype();
        for (int i = 0; i < arrays.size(); i++) {
            int[] s = arrays.get(i).shape();
            if (s.length != rank) {
                throw new ShapeMismatchException("all the input arrays must have same number of dimensions, but the array at index 0 has "
                        + rank + " dimension(s) and the array at index " + i + " has " + s.length + " dimension(s)");
            }
            for (int d = 0; d < rank; d++) {
                if (d != ax && s[d] != first[d]) {
                    throw new ShapeMismatchException("all the input array dimensions except for the concatenation axis must match exactly, but along dimension "
                            + d + ", the array at index 0 has size " + first[d] + " and the array at index " + i + " has size " + s[d]);
                }
            }
            shape[ax] = Math.addExact(shape[ax], s[ax]);
            dtype = DType.promote(dtype, arrays.get(i).dtype());
        }
        Shapes.size(shape);   // a result no buffer can hold is refused now, as Num.zeros refused it
        List<Node> nodes = new java.util.ArrayList<>(arrays.size());
        for (NDArray a : arrays) nodes.add(a.node());
        return new NDArray(Graph.concat(nodes, ax, dtype));
    }

    static NDArray stack(List<NDArray> arrays, int axis) {
        if (arrays.isEmpty()) throw new ValueException("need at least one array to stack");
        int[] first = arrays.get(0).shape();
        for (NDArray a : arrays) {
            if (!java.util.Arrays.equals(a.shape(), first)) throw new ShapeMismatchException("all input arrays must have the same shape");
        }
        int ax = Shapes.axis(axis, first.length + 1);
        return concatenate(arrays.stream().map(a -> Layout.expandDims(a, new int[] { ax })).toList(), ax);
    }
}
