package io.numfuse;

import io.numfuse.core.IndexException;
import io.numfuse.core.ShapeMismatchException;
import io.numfuse.core.ValueException;

/**
 * Shape manipulation, indexing and boolean masks of {@link NDArray}. Every method here is an {@code NDArray}
 * method: this interface only groups them (it is sealed, and {@code NDArray} is its one
 * implementation), so that each group is documented, and kept, on its own. The rules of
 * {@code NDArray}'s description hold for each: laziness, broadcasting and weak scalars, views
 * and writes, threads.
 */
public sealed interface ArrayShapes permits NDArray {
    /**
     * Integer indexing on the leading axes: {@code index(2)} is {@code a[2]}, {@code index(2, 3)}
     * is {@code a[2, 3]}; a view without those axes (0-d when every axis is indexed).
     * Negative indices count from the end.
     *
     * @param indices one index for each of the first {@code indices.length} axes
     * @return the view
     * @throws IndexException if there are more indices than axes, or one is out of bounds
     */
    default NDArray index(int... indices) { return Layout.index(self(), indices); }

    /**
     * The axes reversed, as NumPy's {@code .T}: a view (for a 2-D array, the transposed matrix).
     *
     * @return the view, of the reversed shape
     */
    default NDArray transpose() { return Layout.transpose(self(), null); }

    /**
     * The axes permuted, NumPy's {@code transpose(axes)}: a view whose axis {@code i} is this
     * array's axis {@code perm[i]}.
     *
     * @param perm a permutation of the axes (negative counts from the end)
     * @return the view
     * @throws ShapeMismatchException if {@code perm} does not name as many axes as the array has
     * @throws IndexException if an axis is repeated
     * @throws io.numfuse.core.AxisException if an axis is out of range
     */
    default NDArray transpose(int... perm) { return Layout.transpose(self(), perm); }

    /**
     * The same elements, in C (row-major) order, as an array of {@code shape}, NumPy's
     * {@code reshape}. A view when the memory layout allows (as for a contiguous array), else a
     * copy, as in NumPy. A pending array stays lazy when the new shape only splits a 1-d array or
     * adds or drops axes of length 1 ({@code arange(n).reshape(r, c)}, {@code x.reshape(1, n)}):
     * the result is then a view of it as a slice is; otherwise this array is computed first.
     *
     * @param shape the new shape; one dimension may be -1, meaning whatever length makes the
     *              element count match; none for a 0-d array of one element
     * @return the reshaped array
     * @throws ShapeMismatchException if the element count differs, more than one dimension is -1,
     *         or one is negative
     */
    default NDArray reshape(int... shape) { return Layout.reshape(self(), shape); }

    /**
     * This array broadcast to {@code shape}, NumPy's {@code broadcast_to}: a read-only view in
     * which the stretched axes repeat the same memory (writing to it is an error).
     *
     * @param shape the target shape, into which this array's shape broadcasts
     * @return the view
     * @throws ShapeMismatchException if this array's shape does not broadcast to {@code shape}
     */
    default NDArray broadcastTo(int... shape) { return Layout.broadcastTo(self(), shape); }

    /**
     * The elements where {@code m} is true, NumPy's {@code a[m]}: {@code m} is a bool array of
     * this array's shape, or of its leading axes (it then selects whole sub-arrays); the result
     * is a new array of shape {@code (count,)} followed by the axes {@code m} does not cover, in
     * C order. Not lazy: the result's length is the number of true elements, so this evaluates
     * this array and {@code m} (on the current target), counts, and compacts (a parallel scan of
     * the counts and a copy, on the host's threads).
     *
     * @param m the mask
     * @return the selected elements, a new array
     * @throws IndexException if {@code m} is not bool, has more axes than this array, or an axis
     *                        of it does not match this array's (NumPy's message)
     */
    default NDArray mask(NDArray m) { return Masks.mask(self(), m); }

    /**
     * Sets the elements where {@code m} is true to {@code value}, NumPy's {@code a[m] = value}:
     * this array becomes {@code where(m, value, a)} (written as {@link NDArray#assign} writes: through a
     * view into the memory it shares, and lazy readers of the old values keep them). Lazy when
     * {@code value} is one value; otherwise the mask is evaluated (its count must match).
     *
     * @param m     a bool array of this array's shape, or of its leading axes
     * @param value one value (a 0-d or 1-element array) for every selected element, or the
     *              selected elements' values in order: NumPy's rule, {@code count(m)} values (or
     *              an array that broadcasts to the selected elements' shape), cast to this dtype
     * @return this array
     * @throws IndexException if {@code m} is not a fitting bool mask (see {@link NDArray#mask})
     * @throws ValueException if {@code value} has neither one value nor one per selected element
     */
    default NDArray maskAssign(NDArray m, NDArray value) { return Masks.assign(self(), m, value); }

    /**
     * Sets the elements where {@code m} is true to {@code value}, NumPy's {@code a[m] = value}
     * with a Python float: see {@link NDArray#maskAssign(NDArray, NDArray)}. Lazy.
     *
     * @param m     a bool array of this array's shape, or of its leading axes
     * @param value the value, cast to this dtype
     * @return this array
     * @throws IndexException if {@code m} is not a fitting bool mask
     */
    default NDArray maskAssign(NDArray m, double value) { return Masks.assign(self(), m, Num.zeros(self().dtype()).assign(value)); }

    /**
     * Sets the elements where {@code m} is true to the integer {@code value}, NumPy's
     * {@code a[m] = value} with a Python int. Lazy.
     *
     * @param m     a bool array of this array's shape, or of its leading axes
     * @param value the value, cast to this dtype
     * @return this array
     * @throws IndexException if {@code m} is not a fitting bool mask
     */
    default NDArray maskAssign(NDArray m, long value) { return Masks.assign(self(), m, Num.zeros(self().dtype()).assign(value)); }
    /**
     * The axes of length 1 removed, NumPy's {@code squeeze()}: a view.
     *
     * @return the view, of this array's shape without its 1s
     */
    default NDArray squeeze() { return Layout.squeeze(self(), null); }

    /**
     * The given axes of length 1 removed, NumPy's {@code squeeze(axis=axes)}: a view.
     *
     * @param axes the axes removed (negative counts from the end); each must have length 1
     * @return the view
     * @throws ValueException if an axis named does not have length 1
     * @throws io.numfuse.core.AxisException if an axis is out of range or repeated
     */
    default NDArray squeeze(int... axes) { return Layout.squeeze(self(), axes); }

    /**
     * New axes of length 1 inserted, NumPy's {@code expand_dims(a, axis=axes)}: a view.
     *
     * @param axes the positions of the new axes in the result (negative counts from the end
     *             of the result's axes)
     * @return the view, with {@code axes.length} more axes
     * @throws ValueException if a position is repeated
     * @throws io.numfuse.core.AxisException if a position is out of range for the result's rank
     */
    default NDArray expandDims(int... axes) { return Layout.expandDims(self(), axes); }

    /**
     * Two axes interchanged, NumPy's {@code swapaxes}: a view.
     *
     * @param axis1 the first axis (negative counts from the end)
     * @param axis2 the second axis
     * @return the view
     * @throws io.numfuse.core.AxisException if an axis is out of range
     */
    default NDArray swapaxes(int axis1, int axis2) { return Layout.swapaxes(self(), axis1, axis2); }

    /**
     * One axis moved to a new position, the others keeping their order, NumPy's
     * {@code moveaxis(a, source, destination)}: a view.
     *
     * @param source      the axis moved (negative counts from the end)
     * @param destination its position in the result
     * @return the view
     * @throws io.numfuse.core.AxisException if an axis is out of range
     */
    default NDArray moveaxis(int source, int destination) { return Layout.moveaxis(self(), new int[] { source }, new int[] { destination }); }

    /**
     * Axes moved to new positions, the others keeping their order, NumPy's
     * {@code moveaxis(a, source, destination)}: a view.
     *
     * @param source      the axes moved (negative counts from the end)
     * @param destination their positions in the result, in the same order
     * @return the view
     * @throws ValueException if the two arrays differ in length, or an axis is repeated in either
     * @throws io.numfuse.core.AxisException if an axis is out of range
     */
    default NDArray moveaxis(int[] source, int[] destination) { return Layout.moveaxis(self(), source, destination); }

    /**
     * The order of the elements reversed along every axis, NumPy's {@code flip(a)}: a view
     * with negative strides (as {@code slice("::-1, ::-1")}).
     *
     * @return the view
     */
    default NDArray flip() { return Layout.flip(self(), null); }

    /**
     * The order of the elements reversed along the given axes, NumPy's {@code flip(a, axis=axes)}:
     * a view with negative strides.
     *
     * @param axes the axes reversed (negative counts from the end)
     * @return the view
     * @throws ValueException if an axis is repeated
     * @throws io.numfuse.core.AxisException if an axis is out of range
     */
    default NDArray flip(int... axes) { return Layout.flip(self(), axes); }

    /**
     * The elements at {@code indices} along {@code axis}, NumPy's {@code take(a, indices, axis)}
     * and its fancy indexing on one axis ({@code a[:, indices]} is {@code a.take(indices, 1)}): a
     * new array of shape {@code shape[:axis] + indices.shape + shape[axis+1:]}. Negative indices
     * count from the end. Lazy in what it gathers: the gather is one kernel with the indices'
     * producer and the consumers ({@code a.take(i, 0).mul(2).add(1)} is one kernel); this array is
     * computed first when it is pending. The indices are checked now, as NumPy checks them: that
     * computes them (a reduction) when they are pending.
     *
     * @param indices int32 or int64 indices (bools read as 0 and 1), of any shape
     * @param axis    the axis (negative counts from the end)
     * @return the gathered elements, of this array's dtype
     * @throws io.numfuse.core.IndexException if an index is out of bounds ("index 5 is out of
     *         bounds for axis 0 with size 5"), or the axis is empty and the indices are not
     * @throws io.numfuse.core.TypeException if the indices are floats
     * @throws io.numfuse.core.AxisException if the axis is out of range
     */
    default NDArray take(NDArray indices, int axis) { return Indexing.take(self(), indices, axis); }

    /**
     * The elements at {@code indices} of the flattened array, NumPy's {@code take(a, indices)}
     * (no axis): the result has the indices' shape. See {@link NDArray#take(NDArray, int)}.
     *
     * @param indices int32 or int64 flat indices (bools read as 0 and 1), of any shape
     * @return the gathered elements, of this array's dtype
     * @throws io.numfuse.core.IndexException if an index is out of bounds
     * @throws io.numfuse.core.TypeException if the indices are floats
     */
    default NDArray take(NDArray indices) { return Indexing.take(self(), indices, null); }

    /**
     * Writes {@code values} at flat {@code indices} of this array, NumPy's {@code put(a, indices,
     * values)}: {@code a.flat[indices[j]] = values.flat[j % values.size()]} in order, so the values
     * repeat when they are fewer, and of repeated indices the last write wins (on every target).
     * Negative indices count from the end. The values are cast to this array's dtype (unsafely, as
     * {@link NDArray#assign} casts). The write goes through {@link NDArray#assign}: views of this array see it,
     * arrays defined before it keep their values. Nothing is written, and the indices are not
     * checked, when the indices or the values are empty (as NumPy). The indices are read now (on
     * the host); the elements between the first and the last position written (all elements, when
     * this array is not C-contiguous) are read and stored again.
     *
     * @param indices int32 or int64 flat indices (bools read as 0 and 1)
     * @param values  the values, used in C order
     * @return this array
     * @throws io.numfuse.core.IndexException if an index is out of bounds ("index 10 is out of
     *         bounds for axis 0 with size 6"), or this array is empty
     * @throws io.numfuse.core.TypeException if the indices are floats
     * @throws io.numfuse.core.ValueException if this array is a broadcast view (read-only)
     */
    default NDArray put(NDArray indices, NDArray values) { return Indexing.put(self(), indices, values); }

    /**
     * Writes {@code values} at {@code indices} along {@code axis}, NumPy's fancy assignment on one
     * axis ({@code a[:, indices] = values} is {@code a.indexAssign(1, indices, values)}): the values
     * are broadcast to the shape {@code shape[:axis] + indices.shape + shape[axis+1:]} and cast to
     * this array's dtype (unsafely, as {@link NDArray#assign}); of repeated indices the last wins (on every
     * target). Negative indices count from the end. A write as {@link NDArray#assign} is (views see it,
     * arrays defined before it keep their values), of the whole array; the indices are read now.
     *
     * @param axis    the axis the indices select on (negative counts from the end)
     * @param indices int32 or int64 indices (bools read as 0 and 1), of any shape
     * @param values  the values, broadcast to the indexing result's shape
     * @return this array
     * @throws io.numfuse.core.IndexException if an index is out of bounds
     * @throws ValueException if {@code values} does not broadcast to the indexing result's shape
     *         (NumPy's "shape mismatch"), or this array is a broadcast view (read-only)
     * @throws io.numfuse.core.TypeException if the indices are floats
     * @throws io.numfuse.core.AxisException if the axis is out of range
     */
    default NDArray indexAssign(int axis, NDArray indices, NDArray values) { return Indexing.indexAssign(self(), axis, indices, values); }

    /**
     * The elements in C order as a new 1-D array, NumPy's {@code flatten()}: always a copy,
     * written in one kernel when it is made (this array's pending expression fused into it).
     *
     * @return a new 1-D array of {@link NDArray#size()} elements
     */
    default NDArray flatten() { return Layout.flatten(self()); }

    /**
     * The elements in C order as a 1-D array, NumPy's {@code ravel()}: a view when the memory
     * layout allows (a contiguous array), else a copy. As {@link NDArray#reshape}, it computes this
     * array first.
     *
     * @return the 1-D array of {@link NDArray#size()} elements
     */
    default NDArray ravel() { return self().reshape(self().size()); }

    /**
     * The elements shifted along an axis, those pushed past the end coming back at the start,
     * NumPy's {@code roll(a, shift, axis)}: a new array, the concatenation of two slices of this
     * one ({@link Num#concatenate}: two kernels, run when it is made).
     *
     * @param shift the number of places shifted (negative shifts towards the start)
     * @param axis  the axis (negative counts from the end)
     * @return a new array of this array's shape and dtype
     * @throws io.numfuse.core.AxisException if the axis is out of range
     */
    default NDArray roll(int shift, int axis) { return Layout.roll(self(), shift, axis); }

    /**
     * The elements shifted in the flattened C order and the shape restored, NumPy's
     * {@code roll(a, shift)} (no axis).
     *
     * @param shift the number of places shifted (negative shifts towards the start)
     * @return a new array of this array's shape and dtype
     */
    default NDArray roll(int shift) { return Layout.roll(self(), shift, null); }

    /**
     * This array repeated {@code reps[i]} times along each axis, NumPy's {@code tile(a, reps)}:
     * when {@code reps} is shorter than the rank it is padded with 1s in front; when longer, this
     * array is seen with axes of length 1 in front. A new array, written in one kernel from a
     * broadcast view of this one when it is made.
     *
     * @param reps the repetitions per axis
     * @return a new array of this array's dtype
     * @throws ValueException if a repetition count is negative
     */
    default NDArray tile(int... reps) { return Layout.tile(self(), reps); }

    /**
     * Each element repeated {@code repeats} times in a row along an axis, NumPy's
     * {@code repeat(a, repeats, axis)}: a new array, written in one kernel from a broadcast view
     * when it is made.
     *
     * @param repeats how many times each element appears
     * @param axis    the axis (negative counts from the end)
     * @return a new array, {@code repeats} times longer along {@code axis}
     * @throws ValueException if {@code repeats} is negative
     * @throws io.numfuse.core.AxisException if the axis is out of range
     */
    default NDArray repeat(int repeats, int axis) { return Layout.repeat(self(), repeats, axis); }

    /**
     * Each element of the flattened array repeated {@code repeats} times in a row, NumPy's
     * {@code repeat(a, repeats)} (no axis).
     *
     * @param repeats how many times each element appears
     * @return a new 1-D array of {@code repeats * size()} elements
     * @throws ValueException if {@code repeats} is negative
     */
    default NDArray repeat(int repeats) { return Layout.repeat(self(), repeats, null); }

    /**
     * An independent copy, NumPy's {@code a.copy()}: the same as {@link Num#copyOf}.
     *
     * @return a new C-contiguous array of this array's dtype, shape and values now
     */
    default NDArray copy() { return Num.copyOf(self()); }

    private NDArray self() { return (NDArray) this; }
}
