package io.numfuse;

import io.numfuse.core.DType;
import io.numfuse.ir.Graph;
import io.numfuse.ir.Op;
import io.numfuse.core.ShapeMismatchException;
import io.numfuse.core.ValueException;

/**
 * Reductions, scans, statistics and products of {@link NDArray}. Every method here is an {@code NDArray}
 * method: this interface only groups them (it is sealed, and {@code NDArray} is its one
 * implementation), so that each group is documented, and kept, on its own. The rules of
 * {@code NDArray}'s description hold for each: laziness, broadcasting and weak scalars, views
 * and writes, threads.
 */
public sealed interface ArrayReductions permits NDArray {
    /**
     * The sum of all elements, NumPy's {@code sum}: bool and int32 are summed as int64 (ints wrap),
     * float32 stays float32. Float sums are compensated on every target (within about an ulp of
     * the exact sum unless it cancels). The sum of an empty array is 0. Lazy.
     *
     * @return a 0-d array; {@link NDArray#item()} reads it
     */
    default NDArray sum() { return self().reduce(Op.SUM, null, false); }

    /**
     * The sums along one axis, NumPy's {@code sum(axis=...)}, with the dtypes of {@link NDArray#sum()}. Lazy.
     *
     * @param axis the axis summed over; negative counts from the end
     * @return an array of this array's shape without that axis
     * @throws io.numfuse.core.AxisException if the axis is out of range
     */
    default NDArray sum(int axis) { return self().reduce(Op.SUM, new int[] { axis }, false); }

    /**
     * The product of all elements, NumPy's {@code prod}: bool and int32 multiply as int64 (ints
     * wrap); the product of an empty array is 1. Lazy.
     *
     * @return a 0-d array
     */
    default NDArray prod() { return self().reduce(Op.PROD, null, false); }

    /**
     * The products along one axis, NumPy's {@code prod(axis=...)}, with the dtypes of {@link NDArray#prod()}. Lazy.
     *
     * @param axis the axis multiplied over; negative counts from the end
     * @return an array of this array's shape without that axis
     * @throws io.numfuse.core.AxisException if the axis is out of range
     */
    default NDArray prod(int axis) { return self().reduce(Op.PROD, new int[] { axis }, false); }

    // ---- scans ------------------------------------------------------------------------------

    /**
     * The cumulative sum of the flattened array (C order), NumPy's {@code cumsum(a)}: a 1-D array
     * of {@link NDArray#size()} elements (a 0-d array gives one). bool and int32 are summed as int64 (ints
     * wrap), int64, float32 and float64 keep their dtype; a NaN propagates to the end of its line.
     * Lazy, and fused with its element-wise producer: {@code a.mul(b).add(1).cumsum()} is one
     * kernel with no array of {@code a*b+1}. Float results may differ from NumPy's sequential sums
     * by rounding: the compiled targets scan in blocks, in parallel.
     *
     * @return the running sums
     */
    default NDArray cumsum() { return self().scan(Op.SUM, null, null); }

    /**
     * The cumulative sums along one axis, NumPy's {@code cumsum(a, axis)}, with the dtypes of {@link NDArray#cumsum()}. Lazy.
     *
     * @param axis the axis summed along; negative counts from the end
     * @return an array of this array's shape (a 0-d array gives shape {@code (1,)})
     * @throws io.numfuse.core.AxisException if the axis is out of range
     */
    default NDArray cumsum(int axis) { return self().scan(Op.SUM, axis, null); }

    /**
     * The cumulative sums along one axis (null: of the flattened array) in {@code dtype}, NumPy's
     * {@code cumsum(a, axis, dtype=dtype)}: the elements are converted to it first. Lazy.
     *
     * @param axis  the axis summed along (negative counts from the end), or null for the flattened array
     * @param dtype the dtype summed in and returned (not bool)
     * @return the running sums
     * @throws io.numfuse.core.AxisException if the axis is out of range
     * @throws io.numfuse.core.TypeException if {@code dtype} is bool
     */
    default NDArray cumsum(Integer axis, DType dtype) { return self().scan(Op.SUM, axis, java.util.Objects.requireNonNull(dtype, "dtype")); }

    /**
     * The cumulative product of the flattened array (C order), NumPy's {@code cumprod(a)}, with
     * the dtypes of {@link NDArray#cumsum()} (ints wrap). Lazy and fused as {@link NDArray#cumsum()}.
     *
     * @return the running products
     */
    default NDArray cumprod() { return self().scan(Op.PROD, null, null); }

    /**
     * The cumulative products along one axis, NumPy's {@code cumprod(a, axis)}. Lazy.
     *
     * @param axis the axis multiplied along; negative counts from the end
     * @return an array of this array's shape (a 0-d array gives shape {@code (1,)})
     * @throws io.numfuse.core.AxisException if the axis is out of range
     */
    default NDArray cumprod(int axis) { return self().scan(Op.PROD, axis, null); }

    /**
     * The cumulative products along one axis (null: of the flattened array) in {@code dtype},
     * NumPy's {@code cumprod(a, axis, dtype=dtype)}. Lazy.
     *
     * @param axis  the axis multiplied along (negative counts from the end), or null for the flattened array
     * @param dtype the dtype multiplied in and returned (not bool)
     * @return the running products
     * @throws io.numfuse.core.AxisException if the axis is out of range
     * @throws io.numfuse.core.TypeException if {@code dtype} is bool
     */
    default NDArray cumprod(Integer axis, DType dtype) { return self().scan(Op.PROD, axis, java.util.Objects.requireNonNull(dtype, "dtype")); }
    /**
     * The largest element, NumPy's {@code max}: NaN-propagating (NaN if any element is NaN), in
     * this array's dtype. Lazy.
     *
     * @return a 0-d array
     * @throws ValueException if the array is empty (a maximum has no identity, as in NumPy)
     */
    default NDArray max() { return self().reduce(Op.MAX, null, false); }

    /**
     * The largest elements along one axis, NumPy's {@code max(axis=...)}, NaN-propagating. Lazy.
     *
     * @param axis the axis reduced; negative counts from the end
     * @return an array of this array's shape without that axis, and its dtype
     * @throws io.numfuse.core.AxisException if the axis is out of range
     * @throws ValueException if that axis has length 0
     */
    default NDArray max(int axis) { return self().reduce(Op.MAX, new int[] { axis }, false); }

    /**
     * The smallest element, NumPy's {@code min}: NaN-propagating, in this array's dtype. Lazy.
     *
     * @return a 0-d array
     * @throws ValueException if the array is empty
     */
    default NDArray min() { return self().reduce(Op.MIN, null, false); }

    /**
     * The smallest elements along one axis, NumPy's {@code min(axis=...)}, NaN-propagating. Lazy.
     *
     * @param axis the axis reduced; negative counts from the end
     * @return an array of this array's shape without that axis, and its dtype
     * @throws io.numfuse.core.AxisException if the axis is out of range
     * @throws ValueException if that axis has length 0
     */
    default NDArray min(int axis) { return self().reduce(Op.MIN, new int[] { axis }, false); }

    /**
     * The arithmetic mean of all elements, NumPy's {@code mean}: bool and int arrays give float64,
     * float32 stays float32; the sum is compensated. The mean of an empty array is NaN. Lazy.
     *
     * @return a 0-d array
     */
    default NDArray mean() { return new NDArray(Graph.mean(self().cur(), null, false)); }

    /**
     * The means along one axis, NumPy's {@code mean(axis=...)}, with the dtypes of {@link NDArray#mean()}. Lazy.
     *
     * @param axis the axis averaged over; negative counts from the end
     * @return an array of this array's shape without that axis
     * @throws io.numfuse.core.AxisException if the axis is out of range
     */
    default NDArray mean(int axis) { return new NDArray(Graph.mean(self().cur(), new int[] { axis }, false)); }

    /**
     * Sums over several axes, NumPy's {@code sum(a, axis=axes, keepdims=keepdims)}, with the
     * dtypes of {@link NDArray#sum()}. Lazy.
     *
     * @param axes     the axes summed over (negative counts from the end), or null for all of them
     * @param keepdims whether the reduced axes stay in the result as axes of length 1 (so that
     *                 the result broadcasts against this array)
     * @return the array of sums
     * @throws io.numfuse.core.AxisException if an axis is out of range or repeated
     */
    default NDArray sum(int[] axes, boolean keepdims) { return self().reduce(Op.SUM, axes, keepdims); }

    /**
     * Products over several axes, NumPy's {@code prod(a, axis=axes, keepdims=keepdims)}, with the
     * dtypes of {@link NDArray#prod()}. Lazy.
     *
     * @param axes     the axes multiplied over (negative counts from the end), or null for all of them
     * @param keepdims whether the reduced axes stay in the result as axes of length 1
     * @return the array of products
     * @throws io.numfuse.core.AxisException if an axis is out of range or repeated
     */
    default NDArray prod(int[] axes, boolean keepdims) { return self().reduce(Op.PROD, axes, keepdims); }

    /**
     * Maxima over several axes, NumPy's {@code max(a, axis=axes, keepdims=keepdims)}: NaN
     * propagates, as in {@link NDArray#max()}. Lazy.
     *
     * @param axes     the axes reduced (negative counts from the end), or null for all of them
     * @param keepdims whether the reduced axes stay in the result as axes of length 1
     * @return the array of maxima
     * @throws io.numfuse.core.AxisException if an axis is out of range or repeated
     * @throws ValueException if a reduced axis has length 0 (NumPy: no identity)
     */
    default NDArray max(int[] axes, boolean keepdims) { return self().reduce(Op.MAX, axes, keepdims); }

    /**
     * Minima over several axes, NumPy's {@code min(a, axis=axes, keepdims=keepdims)}: NaN
     * propagates, as in {@link NDArray#min()}. Lazy.
     *
     * @param axes     the axes reduced (negative counts from the end), or null for all of them
     * @param keepdims whether the reduced axes stay in the result as axes of length 1
     * @return the array of minima
     * @throws io.numfuse.core.AxisException if an axis is out of range or repeated
     * @throws ValueException if a reduced axis has length 0 (NumPy: no identity)
     */
    default NDArray min(int[] axes, boolean keepdims) { return self().reduce(Op.MIN, axes, keepdims); }


    /**
     * The means over several axes, NumPy's {@code mean(axis=axes, keepdims=keepdims)}, with the
     * dtypes of {@link NDArray#mean()}. Lazy.
     *
     * @param axes     the axes averaged over (negative counts from the end), or null for all of them
     * @param keepdims whether the reduced axes stay in the result as axes of length 1
     * @return the array of means
     * @throws io.numfuse.core.AxisException if an axis is out of range or repeated
     */
    default NDArray mean(int[] axes, boolean keepdims) { return new NDArray(Graph.mean(self().cur(), axes, keepdims)); }

    /**
     * Whether any element is nonzero (true, or NaN), NumPy's {@code any()}. Lazy.
     *
     * @return a 0-d bool array (false for an empty array)
     */
    default NDArray any() { return Statistics.any(self(), null, false); }

    /**
     * Whether any element is nonzero along axes, NumPy's {@code any(axis=axes, keepdims=keepdims)}. Lazy.
     *
     * @param axes     the axes reduced (negative counts from the end), or null for all of them
     * @param keepdims whether the reduced axes stay in the result as axes of length 1
     * @return a bool array
     * @throws io.numfuse.core.AxisException if an axis is out of range or repeated
     */
    default NDArray any(int[] axes, boolean keepdims) { return Statistics.any(self(), axes, keepdims); }

    /**
     * Whether every element is nonzero (NaN counts as nonzero), NumPy's {@code all()}. Lazy.
     *
     * @return a 0-d bool array (true for an empty array)
     */
    default NDArray all() { return Statistics.all(self(), null, false); }

    /**
     * Whether every element is nonzero along axes, NumPy's {@code all(axis=axes, keepdims=keepdims)}. Lazy.
     *
     * @param axes     the axes reduced (negative counts from the end), or null for all of them
     * @param keepdims whether the reduced axes stay in the result as axes of length 1
     * @return a bool array
     * @throws io.numfuse.core.AxisException if an axis is out of range or repeated
     */
    default NDArray all(int[] axes, boolean keepdims) { return Statistics.all(self(), axes, keepdims); }

    /**
     * The index of the largest element of the flattened array, NumPy's {@code argmax(a)}: the
     * first one when several are equal, and the first NaN when there is one (NaN propagates as
     * in {@link NDArray#max()}). Lazy, int64, 0-d; runs as reductions of the array on any target.
     *
     * @return the flat index (C order), a 0-d int64 array
     * @throws ValueException if the array is empty ("attempt to get argmax of an empty sequence")
     */
    default NDArray argmax() { return Statistics.argExtreme(self(), Op.MAX, null, false); }

    /**
     * The indices of the largest elements along {@code axis}, NumPy's {@code argmax(a, axis)}:
     * the first when several are equal, the first NaN when a slice has one. Lazy, int64.
     *
     * @param axis the axis searched (negative counts from the end)
     * @return the indices, of this array's shape without {@code axis}
     * @throws io.numfuse.core.AxisException if {@code axis} is out of range
     * @throws ValueException if {@code axis} has length 0
     */
    default NDArray argmax(int axis) { return Statistics.argExtreme(self(), Op.MAX, axis, false); }

    /**
     * {@link NDArray#argmax(int)} with NumPy's {@code keepdims}.
     *
     * @param axis     the axis searched (negative counts from the end)
     * @param keepdims whether {@code axis} stays in the result with length 1
     * @return the indices, int64
     * @throws io.numfuse.core.AxisException if {@code axis} is out of range
     * @throws ValueException if {@code axis} has length 0
     */
    default NDArray argmax(int axis, boolean keepdims) { return Statistics.argExtreme(self(), Op.MAX, axis, keepdims); }

    /**
     * The index of the smallest element of the flattened array, NumPy's {@code argmin(a)}: the
     * first one when several are equal, and the first NaN when there is one. Lazy, int64, 0-d.
     *
     * @return the flat index (C order), a 0-d int64 array
     * @throws ValueException if the array is empty ("attempt to get argmin of an empty sequence")
     */
    default NDArray argmin() { return Statistics.argExtreme(self(), Op.MIN, null, false); }

    /**
     * The indices of the smallest elements along {@code axis}, NumPy's {@code argmin(a, axis)}:
     * the first when several are equal, the first NaN when a slice has one. Lazy, int64.
     *
     * @param axis the axis searched (negative counts from the end)
     * @return the indices, of this array's shape without {@code axis}
     * @throws io.numfuse.core.AxisException if {@code axis} is out of range
     * @throws ValueException if {@code axis} has length 0
     */
    default NDArray argmin(int axis) { return Statistics.argExtreme(self(), Op.MIN, axis, false); }

    /**
     * {@link NDArray#argmin(int)} with NumPy's {@code keepdims}.
     *
     * @param axis     the axis searched (negative counts from the end)
     * @param keepdims whether {@code axis} stays in the result with length 1
     * @return the indices, int64
     * @throws io.numfuse.core.AxisException if {@code axis} is out of range
     * @throws ValueException if {@code axis} has length 0
     */
    default NDArray argmin(int axis, boolean keepdims) { return Statistics.argExtreme(self(), Op.MIN, axis, keepdims); }

    /**
     * The number of nonzero elements (true, NaN included), NumPy's {@code count_nonzero(a)}. Lazy.
     *
     * @return a 0-d int64 array
     */
    default NDArray countNonzero() { return Statistics.countNonzero(self(), null, false); }

    /**
     * The numbers of nonzero elements along axes, NumPy's
     * {@code count_nonzero(a, axis=axes, keepdims=keepdims)}. Lazy.
     *
     * @param axes     the axes counted over (negative counts from the end), or null for all of them
     * @param keepdims whether the reduced axes stay in the result as axes of length 1
     * @return an int64 array
     * @throws io.numfuse.core.AxisException if an axis is out of range or repeated
     */
    default NDArray countNonzero(int[] axes, boolean keepdims) { return Statistics.countNonzero(self(), axes, keepdims); }

    /**
     * The variance of all elements, NumPy's {@code var()} (ddof 0). See {@link NDArray#var(int[], boolean, int)}.
     *
     * @return a 0-d array (float32 for float32, float64 otherwise)
     */
    default NDArray var() { return Statistics.var(self(), null, false, 0); }

    /**
     * The variance of all elements with {@code ddof} delta degrees of freedom, NumPy's
     * {@code var(ddof=ddof)} ({@code ddof = 1}: the unbiased estimate). See {@link NDArray#var(int[], boolean, int)}.
     *
     * @param ddof subtracted from the element count in the divisor
     * @return a 0-d array (float32 for float32, float64 otherwise)
     */
    default NDArray var(int ddof) { return Statistics.var(self(), null, false, ddof); }

    /**
     * Variances along axes, NumPy's {@code var(axis=axes, keepdims=keepdims, ddof=ddof)}: in two
     * passes, as NumPy's, the mean first, then the sum of the squared deviations from it divided
     * by {@code max(n - ddof, 0)} (where that is 0 the result is NaN or inf, as NumPy's, without
     * its warning). Computed in float32 for float32, in float64 for the other dtypes. Lazy.
     *
     * @param axes     the axes reduced (negative counts from the end), or null for all of them
     * @param keepdims whether the reduced axes stay in the result as axes of length 1
     * @param ddof     subtracted from the element count in the divisor
     * @return the variances
     * @throws io.numfuse.core.AxisException if an axis is out of range or repeated
     */
    default NDArray var(int[] axes, boolean keepdims, int ddof) { return Statistics.var(self(), axes, keepdims, ddof); }

    /**
     * The standard deviation of all elements, NumPy's {@code std()}: the square root of {@link NDArray#var()}.
     *
     * @return a 0-d array (float32 for float32, float64 otherwise)
     */
    default NDArray std() { return Statistics.std(self(), null, false, 0); }

    /**
     * The standard deviation of all elements with {@code ddof} delta degrees of freedom, NumPy's
     * {@code std(ddof=ddof)}: the square root of {@link NDArray#var(int)}.
     *
     * @param ddof subtracted from the element count in the divisor
     * @return a 0-d array (float32 for float32, float64 otherwise)
     */
    default NDArray std(int ddof) { return Statistics.std(self(), null, false, ddof); }

    /**
     * Standard deviations along axes, NumPy's {@code std(axis=axes, keepdims=keepdims, ddof=ddof)}:
     * the square roots of {@link NDArray#var(int[], boolean, int)}. Lazy.
     *
     * @param axes     the axes reduced (negative counts from the end), or null for all of them
     * @param keepdims whether the reduced axes stay in the result as axes of length 1
     * @param ddof     subtracted from the element count in the divisor
     * @return the standard deviations
     * @throws io.numfuse.core.AxisException if an axis is out of range or repeated
     */
    default NDArray std(int[] axes, boolean keepdims, int ddof) { return Statistics.std(self(), axes, keepdims, ddof); }

    /**
     * The sum with NaNs counted as 0, NumPy's {@code nansum}, with the dtypes of {@link NDArray#sum()}. Lazy.
     *
     * @return a 0-d array (0 when every element is NaN)
     */
    default NDArray nansum() { return Statistics.nansum(self(), null, false); }

    /**
     * Sums along axes with NaNs counted as 0, NumPy's {@code nansum(axis=axes, keepdims=keepdims)}. Lazy.
     *
     * @param axes     the axes summed over (negative counts from the end), or null for all of them
     * @param keepdims whether the reduced axes stay in the result as axes of length 1
     * @return the sums
     * @throws io.numfuse.core.AxisException if an axis is out of range or repeated
     */
    default NDArray nansum(int[] axes, boolean keepdims) { return Statistics.nansum(self(), axes, keepdims); }

    /**
     * The maximum ignoring NaNs, NumPy's {@code nanmax}: NaN when every element is NaN (NumPy
     * also warns; numfuse does not). Lazy.
     *
     * @return a 0-d array of this array's dtype
     * @throws ValueException if the array is empty (no identity)
     */
    default NDArray nanmax() { return Statistics.nanExtreme(self(), Op.MAX, null, false); }

    /**
     * Maxima along axes ignoring NaNs, NumPy's {@code nanmax(axis=axes, keepdims=keepdims)}: NaN
     * for a slice that is all NaN. Lazy.
     *
     * @param axes     the axes reduced (negative counts from the end), or null for all of them
     * @param keepdims whether the reduced axes stay in the result as axes of length 1
     * @return the maxima
     * @throws io.numfuse.core.AxisException if an axis is out of range or repeated
     * @throws ValueException if a reduced axis has length 0 (no identity)
     */
    default NDArray nanmax(int[] axes, boolean keepdims) { return Statistics.nanExtreme(self(), Op.MAX, axes, keepdims); }

    /**
     * The minimum ignoring NaNs, NumPy's {@code nanmin}: NaN when every element is NaN (NumPy
     * also warns; numfuse does not). Lazy.
     *
     * @return a 0-d array of this array's dtype
     * @throws ValueException if the array is empty (no identity)
     */
    default NDArray nanmin() { return Statistics.nanExtreme(self(), Op.MIN, null, false); }

    /**
     * Minima along axes ignoring NaNs, NumPy's {@code nanmin(axis=axes, keepdims=keepdims)}: NaN
     * for a slice that is all NaN. Lazy.
     *
     * @param axes     the axes reduced (negative counts from the end), or null for all of them
     * @param keepdims whether the reduced axes stay in the result as axes of length 1
     * @return the minima
     * @throws io.numfuse.core.AxisException if an axis is out of range or repeated
     * @throws ValueException if a reduced axis has length 0 (no identity)
     */
    default NDArray nanmin(int[] axes, boolean keepdims) { return Statistics.nanExtreme(self(), Op.MIN, axes, keepdims); }

    /**
     * The mean of the elements that are not NaN, NumPy's {@code nanmean}, with the dtypes of
     * {@link NDArray#mean()}: NaN when every element is NaN (NumPy also warns). Lazy.
     *
     * @return a 0-d array
     */
    default NDArray nanmean() { return Statistics.nanmean(self(), null, false); }

    /**
     * Means along axes of the elements that are not NaN, NumPy's
     * {@code nanmean(axis=axes, keepdims=keepdims)}: NaN for a slice that is all NaN. Lazy.
     *
     * @param axes     the axes averaged over (negative counts from the end), or null for all of them
     * @param keepdims whether the reduced axes stay in the result as axes of length 1
     * @return the means
     * @throws io.numfuse.core.AxisException if an axis is out of range or repeated
     */
    default NDArray nanmean(int[] axes, boolean keepdims) { return Statistics.nanmean(self(), axes, keepdims); }

    /**
     * NumPy's {@code dot} for operands of up to two dimensions: a 0-d operand multiplies
     * element-wise, 1-D·1-D is the inner product (a 0-d result), 2-D·1-D a matrix-vector product,
     * 1-D·2-D a vector-matrix product and 2-D·2-D a matrix product. The dtype is the promoted
     * one (an int32 dot stays int32 and wraps). Lazy.
     *
     * @param o the right operand; its first axis (its only one, if 1-D) must match this array's last
     * @return the product
     * @throws ShapeMismatchException if the inner lengths differ, or an operand has more than two dimensions
     */
    default NDArray dot(NDArray o) { return new NDArray(Graph.dot(self().cur(), o.cur())); }

    /**
     * NumPy's {@code matmul} ({@code this @ o}) for operands of any rank from 1: a 1-D left
     * operand is a row vector and a 1-D right operand a column vector (their promoted axis is
     * removed from the result), and the batch axes (all but the last two) broadcast. The dtype is
     * the promoted one (an int32 matmul stays int32 and wraps; a bool matmul is bool). The
     * product is computed by a matrix-multiply kernel of its own (a blocked GEMM on the JVM, a
     * tiled one on OpenCL), its operands first; element-wise work on the result fuses into one
     * kernel after it. Lazy.
     *
     * @param o the right operand; its second-to-last axis (its only one, if 1-D) must match this array's last
     * @return the product, of shape {@code broadcast(batch) + (n, m)} without the promoted axes
     * @throws io.numfuse.core.ValueException if an operand is 0-d, or the contracted lengths differ (NumPy's messages)
     * @throws ShapeMismatchException if the batch axes do not broadcast
     */
    default NDArray matmul(NDArray o) { return new NDArray(Graph.matmul(self().cur(), o.cur())); }

    private NDArray self() { return (NDArray) this; }
}
