package io.numfuse;

import io.numfuse.core.DType;
import io.numfuse.core.ValueException;
import io.numfuse.ir.Graph;
import io.numfuse.ir.Op;
import io.numfuse.ir.Shapes;

/**
 * Reductions composed from sum, max, min and mean: any, all, count_nonzero, var, std, the
 * NaN-ignoring nansum, nanmax, nanmin, nanmean, and argmax and argmin. They are element-wise expressions and reductions
 * of the op table, so they run, and fuse, on every target. The public, documented entry points
 * are {@link NDArray}'s methods.
 */
final class Statistics {
    private Statistics() {}

    /** The number of nonzero elements (true, NaN included) over {@code axes} (null: all), as int64. */
    static NDArray countNonzero(NDArray a, int[] axes, boolean keepdims) {
        return a.ne(0).reduce(Op.SUM, axes, keepdims);
    }

    static NDArray any(NDArray a, int[] axes, boolean keepdims) { return countNonzero(a, axes, keepdims).gt(0); }

    static NDArray all(NDArray a, int[] axes, boolean keepdims) { return a.eq(0).reduce(Op.SUM, axes, keepdims).eq(0); }

    /** The dtype NumPy's mean, var and std compute in: float32 stays, everything else is float64. */
    static DType floatType(DType t) { return t.isFloat() ? t : DType.FLOAT64; }

    /** The number of elements reduced over {@code axes} (null: all); the reduction itself checks the axes. */
    private static long count(NDArray a, int[] axes) {
        int[] s = a.shape();
        if (axes == null) return a.size();
        long n = 1;
        for (int ax : axes) n *= s[Math.floorMod(ax, Math.max(s.length, 1))];
        return n;
    }

    /**
     * Two passes, as NumPy's {@code _var}: the mean first, then the mean of the squared
     * deviations from it, divided by {@code max(n - ddof, 0)} (0 gives inf or NaN, as NumPy's).
     */
    static NDArray var(NDArray a, int[] axes, boolean keepdims, int ddof) {
        NDArray x = a.cast(floatType(a.dtype()));
        NDArray d = x.sub(x.mean(axes, true));
        NDArray ss = d.mul(d).reduce(Op.SUM, axes, keepdims);
        return ss.div((double) Math.max(count(a, axes) - ddof, 0));
    }

    static NDArray std(NDArray a, int[] axes, boolean keepdims, int ddof) { return var(a, axes, keepdims, ddof).sqrt(); }

    /** {@code a} with its NaNs replaced by {@code value} (no NaN in bool and int arrays). */
    private static NDArray withoutNan(NDArray a, double value) {
        return a.dtype().isFloat() ? Num.where(a.isnan(), value, a) : a;
    }

    static NDArray nansum(NDArray a, int[] axes, boolean keepdims) { return withoutNan(a, 0).reduce(Op.SUM, axes, keepdims); }

    /** max or min ignoring NaN; NaN where a slice is all NaN (NumPy also warns: numfuse has no warnings). */
    static NDArray nanExtreme(NDArray a, Op op, int[] axes, boolean keepdims) {
        if (!a.dtype().isFloat()) return a.reduce(op, axes, keepdims);
        double identity = op == Op.MAX ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        NDArray r = withoutNan(a, identity).reduce(op, axes, keepdims);
        NDArray numbers = a.isnan().not().reduce(Op.SUM, axes, keepdims);
        return Num.where(numbers.eq(0), Double.NaN, r);
    }

    /**
     * NumPy's argmax ({@code op} MAX) or argmin (MIN) over {@code axis} (null: the flattened
     * array), int64: the first index of the extreme, or of the first NaN when the slice has one
     * (NumPy's rule). One arg-reduction node ({@link Graph#argReduce}): one kernel computes the
     * element-wise producer and reduces values and positions together, on every target.
     */
    static NDArray argExtreme(NDArray a, Op op, Integer axis, boolean keepdims) {
        int[] shape = a.shape();
        if (axis != null && shape.length > 0) Shapes.axis(axis, shape.length);   // NumPy's AxisError before the empty check
        long n = axis == null || shape.length == 0 ? Shapes.count(shape) : shape[Math.floorMod(axis, shape.length)];
        if (n == 0) throw new ValueException("attempt to get " + (op == Op.MAX ? "argmax" : "argmin") + " of an empty sequence");
        if (Shapes.count(shape) > Shapes.MAX_SIZE) return composed(a, op, axis, keepdims);
        return new NDArray(Graph.argReduce(op, a.node(), axis, keepdims));
    }

    /**
     * {@link #argExtreme} composed of two reductions, for a (broadcast) array larger than one kernel's
     * space, which reductions run in parts: the extreme (kept as an axis to broadcast), then the
     * least index whose element equals it or is NaN.
     */
    private static NDArray composed(NDArray a, Op op, Integer axis, boolean keepdims) {
        int[] shape = a.shape();
        int[] axes = axis == null ? null : new int[] { axis };
        NDArray index = axis == null ? flatIndex(shape) : new NDArray(Graph.iota(shape, axis));
        long n = axis == null ? a.size() : shape[Math.floorMod(axis, shape.length)];
        NDArray extreme = a.reduce(op, axes, true);
        // the maximum (minimum) propagates NaN: where a slice has none, isnan is false on all of it
        // and its first element equal to the extreme is the answer; where it has one, the extreme
        // is NaN, equal to nothing, and its first NaN is the answer (NumPy's rule). Two passes.
        NDArray hit = a.dtype().isFloat() ? a.eq(extreme).or(a.isnan()) : a.eq(extreme);
        return orElse(hit, index, n).reduce(Op.MIN, axes, keepdims);
    }

    /** {@code index} where {@code cond}, else {@code n} (past every index), int64. */
    private static NDArray orElse(NDArray cond, NDArray index, long n) {
        return new NDArray(Graph.where(cond.node(), index.node(), Graph.weak(n)));
    }

    /** The C-order index of each element of an array of {@code shape} in the flattened array, int64. */
    private static NDArray flatIndex(int[] shape) {
        if (shape.length == 0) return Num.zeros(DType.INT64);
        NDArray index = new NDArray(Graph.iota(shape, shape.length - 1));
        long stride = shape[shape.length - 1];
        for (int d = shape.length - 2; d >= 0; d--) {
            index = index.add(new NDArray(Graph.iota(shape, d)).mul(stride));
            stride *= shape[d];
        }
        return index;
    }

    static NDArray nanmean(NDArray a, int[] axes, boolean keepdims) {
        if (!a.dtype().isFloat()) return a.mean(axes, keepdims);
        NDArray numbers = a.isnan().not().reduce(Op.SUM, axes, keepdims);
        return nansum(a, axes, keepdims).div(numbers.cast(a.dtype()));
    }
}
