package io.numfuse;

import io.numfuse.core.DType;
import io.numfuse.core.IndexException;
import io.numfuse.core.ValueException;
import io.numfuse.ir.Graph;
import io.numfuse.ir.Node;
import io.numfuse.ir.View;
import io.numfuse.runtime.Compaction;
import io.numfuse.runtime.Executor;

/**
 * Boolean-mask indexing, NumPy's {@code a[m]} and {@code a[m] = v}. A read's length depends on
 * the mask's values, so it is computed at once: the array and the mask are evaluated (on the
 * current target), then compacted ({@link Compaction}: counts per part, their prefix sums, a
 * parallel copy), on the host's threads, or on the OpenCL device that is the target or, under
 * {@code auto}, that holds them (only the result's length comes back to the host). A write is
 * {@code where(m, v, a)} written into {@code a} through {@link NDArray#assign}, lazily when
 * {@code v} is a scalar. The public entry points are {@link NDArray#mask} and
 * {@link NDArray#maskAssign}.
 */
final class Masks {
    private Masks() {}

    /** NumPy's checks of a boolean index {@code m} of {@code a}: a bool array over {@code a}'s leading axes. */
    private static void check(NDArray a, NDArray m) {
        if (m.dtype() != DType.BOOL) {
            throw new IndexException("a mask must be a bool array, not " + m.dtype().numpyName()
                    + " (arrays used as indices must be of integer (or boolean) type; an integer index array is take's)");
        }
        int[] s = a.shape(), t = m.shape();
        if (t.length > s.length) {
            throw new IndexException("too many indices for array: array is " + s.length + "-dimensional, but " + t.length + " were indexed");
        }
        for (int d = 0; d < t.length; d++) {
            if (s[d] != t[d]) {
                throw new IndexException("boolean index did not match indexed array along axis " + d + "; size of axis is " + s[d]
                        + " but size of corresponding boolean axis is " + t[d]);
            }
        }
    }

    static NDArray mask(NDArray a, NDArray m) {
        check(a, m);
        int[] s = a.shape();
        int lead = m.ndim(), inner = 1;
        for (int d = lead; d < s.length; d++) inner *= s[d];
        View av = contiguous(a), mv = contiguous(m);
        Compaction.Result r;
        try (var read = Executor.read(av, mv)) {
            r = Compaction.compact(av, mv, inner, Num.currentTarget());
        }
        int[] shape = new int[1 + s.length - lead];
        shape[0] = r.count();
        System.arraycopy(s, lead, shape, 1, s.length - lead);
        return NDArray.of(View.contiguous(r.data(), shape));
    }

    /** The computed values of {@code a}, C-contiguous (a copy when its view is not). */
    private static View contiguous(NDArray a) {
        View v = a.view();
        return v.isCContiguous() ? v : Num.copyOf(a).view();
    }

    /** {@code m} with length-1 axes appended, to broadcast over {@code a}'s trailing axes. */
    private static NDArray expanded(NDArray a, NDArray m) {
        int[] shape = new int[a.ndim()];
        java.util.Arrays.fill(shape, 1);
        System.arraycopy(m.shape(), 0, shape, 0, m.ndim());
        return m.reshape(shape);
    }

    static NDArray assign(NDArray a, NDArray m, NDArray v) {
        check(a, m);
        NDArray me = expanded(a, m);
        if (v.size() == 1) {   // one value for every selected element, read and written in one step
            Node mask = me.node(), one = v.reshape().astype(a.dtype()).node();
            return a.update(current -> Graph.where(mask, one, current));
        }
        int[] s = a.shape();
        if (m.ndim() == 0) return m.getLong() != 0 ? a.assign(v) : a;   // a 0-d mask selects all of a, or nothing
        long count = m.countNonzero().getLong();
        if (v.ndim() == 1 && m.ndim() == a.ndim() && v.size() != count) {
            throw new ValueException("NumPy boolean array indexing assignment cannot assign " + v.size() + " input values to the "
                    + count + " output values where the mask is true");
        }
        int[] selected = java.util.Arrays.copyOfRange(s, m.ndim() - 1, s.length);
        selected[0] = (int) count;
        NDArray values = v.broadcastTo(selected).astype(a.dtype());
        // the values placed where they go, in order: the selected rows of an array of a's shape
        int inner = 1;
        for (int d = m.ndim(); d < s.length; d++) inner *= s[d];
        View vv = contiguous(values), mv = contiguous(m);
        Object placed = io.numfuse.ir.Buffer.allocate(a.dtype(), a.size()).array();
        try (var read = Executor.read(vv, mv)) {
            vv.buffer().beforeHostRead();   // a device may hold newer values
            mv.buffer().beforeHostRead();
            byte[] mk = (byte[]) mv.buffer().array();
            Object src = vv.buffer().array();
            for (int r = 0, j = 0; r < mv.size(); r++) {
                if (mk[mv.offset() + r] != 0) System.arraycopy(src, vv.offset() + inner * j++, placed, inner * r, inner);
            }
        }
        Node mask = me.node(), inPlace = Num.wrap(a.dtype(), placed, s).node();
        return a.update(current -> Graph.where(mask, inPlace, current));
    }
}
