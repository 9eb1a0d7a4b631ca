package io.numfuse;

import io.numfuse.core.DType;
import io.numfuse.core.IndexException;
import io.numfuse.core.TypeException;
import io.numfuse.core.ValueException;
import io.numfuse.ir.Graph;
import io.numfuse.ir.GraphLock;
import io.numfuse.ir.Node;
import io.numfuse.ir.Op;
import io.numfuse.ir.Shapes;
import io.numfuse.ir.View;
import io.numfuse.runtime.Scatters;

/**
 * Integer-array indexing: NumPy's {@code take} (a gather, {@link io.numfuse.ir.Node.Gather}) and
 * {@code put} (a scatter, {@link Scatters}). The public,
 * documented entry points are {@link NDArray#take(NDArray, int)}, {@link NDArray#take(NDArray)}
 * and {@link NDArray#put(NDArray, NDArray)}.
 *
 * <p>The indices are checked when the operation is called, as NumPy checks them: a gather's kernel
 * trusts its indices (it has no way to fail part way through), so an out-of-range index must be
 * refused before one is used. take's check reduces the indices (one fused kernel: the largest of
 * {@code i} and {@code -1 - i}) and reads them back only to name the offending one; put reads them
 * on the host anyway.
 *
 * <p>put writes only the positions it names, in one atomic step ({@link Scatters#put}): no other
 * thread's write of the array between its read and its write is lost.
 */
final class Indexing {
    private Indexing() {}

    /**
     * NumPy's {@code take(a, indices, axis)}; {@code axis} null: of the flattened array. The gather
     * and the check of its indices are built under one hold of the graph lock, so that they read the
     * same index values even when another thread writes the index array meanwhile (each call is
     * atomic: a write after it leaves both their values, laziness rule 2).
     */
    static NDArray take(NDArray a, NDArray indices, Integer axis) {
        if (axis == null) return take(a.ravel(), indices, 0);
        int ax = Shapes.axis(axis, a.ndim());
        NDArray ind = integral(indices);
        Node x = a.node(), i = ind.node(), gather, kept, largest;
        GraphLock.lock();
        try {
            gather = Graph.gather(x, i, ax);
            kept = Graph.binary(Op.ADD, i, Graph.weak(0L));   // the indices as the gather reads them, for the check and its message
            // i in [-n, n) exactly when max(i, -1 - i) = i ^ (i >> bits-1) < n: one reduction, fused with the indices' producer
            Node folded = Graph.binary(Op.XOR, kept, Graph.binary(Op.RIGHT_SHIFT, kept, Graph.weak((long) i.dtype().itemSize() * 8 - 1)));
            largest = i.size() > 0 ? Graph.reduce(Op.MAX, folded, null, false) : null;   // the max of nothing is an error
        } finally {
            GraphLock.unlock();
        }
        int n = a.shape()[ax];
        if (ind.size() > 0) {
            if (n == 0) throw new IndexException("cannot do a non-empty take from an empty axes.");
            if (new NDArray(largest).itemLong() >= n) throw outOfBounds(new NDArray(kept).toLongArray(), ax, n);
        }
        return new NDArray(gather);
    }

    /**
     * NumPy's {@code put(a, indices, values)}: {@code a.flat[indices[j]] = values.flat[j % len]},
     * in order, so that of repeated indices the last write wins. The indices are read and checked
     * on the host; the values are computed (cast to a's dtype, flattened), and then one scatter
     * writes only the positions named ({@link Scatters}: in order on the host, each position's
     * last write on a device), atomically as every call is: views of {@code a} see it, arrays
     * defined before it keep their values, and a {@code put} of {@code a}'s own values reads them
     * from a copy taken first.
     */
    static NDArray put(NDArray a, NDArray indices, NDArray values) {
        NDArray ind = integral(indices);
        int n = a.size();
        if (ind.size() == 0 || values.size() == 0) return a;   // NumPy does nothing (not even check the indices)
        if (n == 0) throw new IndexException("cannot replace elements of an empty array");
        long[] at = ind.toLongArray();   // read once: checked and used as read
        for (long i : at) if (i >= n || i < -n) throw outOfBounds(at, 0, n);
        int len = values.size();
        int[] pos = new int[at.length], from = new int[at.length];
        for (int j = 0; j < at.length; j++) {
            pos[j] = (int) (at[j] < 0 ? at[j] + n : at[j]);
            from[j] = j % len;   // the values repeat
        }
        NDArray flat = values.astype(a.dtype()).ravel();   // NumPy casts the values unsafely, as an assignment does
        View v = flat.view();
        if (v.buffer() == a.view().buffer()) v = Num.copyOf(flat).view();   // a's own values, read as they were
        return a.scatter(pos, v, from);
    }

    /**
     * NumPy's {@code a[:, ..., indices] = values} with the indices on {@code axis}: {@code values}
     * broadcast to the indexing result's shape ({@code shape[:axis] + indices.shape +
     * shape[axis+1:]}) and cast to a's dtype; of repeated indices the last wins. Each position
     * along the axis learns on the host which index, if any, names it last; then one write of all
     * of {@code a} stores {@code where(named, take(values, last, axis), a)}.
     */
    static NDArray indexAssign(NDArray a, int axis, NDArray indices, NDArray values) {
        int ax = Shapes.axis(axis, a.ndim());
        NDArray ind = integral(indices);
        int[] shape = a.shape(), ishape = ind.shape();
        int rank = shape.length, n = shape[ax], k = ishape.length;
        int[] result = new int[rank - 1 + k], parts = new int[rank];   // parts: the values with the indices' axes as one
        System.arraycopy(shape, 0, result, 0, ax);
        System.arraycopy(ishape, 0, result, ax, k);
        System.arraycopy(shape, ax + 1, result, ax + k, rank - ax - 1);
        if (!Shapes.broadcastsTo(values.shape(), result)) {
            throw new ValueException("shape mismatch: value array of shape " + compact(values.shape())
                    + " could not be broadcast to indexing result of shape " + compact(result));
        }
        long[] at = ind.toLongArray();   // read once: checked and used as read
        for (long i : at) if (i >= n || i < -n) throw outOfBounds(at, ax, n);
        if (at.length == 0) return a;
        int[] last = new int[n];
        java.util.Arrays.fill(last, -1);
        for (int j = 0; j < at.length; j++) last[(int) (at[j] < 0 ? at[j] + n : at[j])] = j;   // in order: the last wins
        System.arraycopy(shape, 0, parts, 0, rank);
        parts[ax] = at.length;
        NDArray v = values.astype(a.dtype()).broadcastTo(result).reshape(parts);
        int[] along = new int[rank - ax];   // the positions along the axis, broadcast against a's shape
        java.util.Arrays.fill(along, 1);
        along[0] = n;
        NDArray src = Num.array(last);
        Node taken = Graph.gather(v.node(), Graph.binary(Op.MAXIMUM, src.node(), Graph.weak(0L)), ax);
        Node named = Graph.binary(Op.GE, src.reshape(along).node(), Graph.weak(0L));
        return a.update(current -> Graph.where(named, taken, current));
    }

    /** A shape as NumPy's indexing messages write it: {@code (3,)}, {@code (3,2)}. */
    private static String compact(int[] shape) {
        StringBuilder sb = new StringBuilder("(");
        for (int d = 0; d < shape.length; d++) sb.append(d > 0 ? "," : "").append(shape[d]);
        return sb.append(shape.length == 1 ? ",)" : ")").toString();
    }

    /** The indices as int32 or int64: bools read as 0 and 1 (NumPy casts them); floats are NumPy's TypeError. */
    private static NDArray integral(NDArray indices) {
        DType t = indices.dtype();
        if (t.isFloat()) {
            throw new TypeException("Cannot cast array data from dtype('" + t.numpyName() + "') to dtype('int64') according to the rule 'same_kind'"
                    + " (indices must be integers)");
        }
        return t == DType.BOOL ? indices.astype(DType.INT64) : indices;
    }

    /** NumPy's IndexError for the first index of {@code at} outside {@code [-n, n)} (there is one). */
    private static IndexException outOfBounds(long[] at, int axis, int n) {
        for (long i : at) {
            if (i >= n || i < -n) return Slicing.outOfBounds(i, axis, n);
        }
        throw new IllegalStateException("no index out of bounds");
    }
}
