package io.numfuse;

import io.numfuse.core.DType;
import io.numfuse.core.ShapeMismatchException;
import io.numfuse.core.TypeException;
import io.numfuse.core.ValueException;
import io.numfuse.ir.Buffer;
import io.numfuse.ir.Graph;
import io.numfuse.ir.Shapes;
import io.numfuse.ir.View;
import io.numfuse.npy.NpyArray;
import java.util.SplittableRandom;

/**
 * The array factories as {@link Num} has them: {@code Num.zeros(FLOAT64, 3, 4)}, NumPy's
 * {@code np.zeros((3, 4))}. Every method here is called through {@code Num} (this class only
 * groups them, so that they are documented, and kept, apart from {@code Num}'s targets and
 * expressions; it is sealed, and {@link NumFunctions}, which {@code Num} extends, is its one
 * subclass). The factories make arrays whose values are known at once, except
 * {@link #arange(int)} and {@link #arange(double, double, double)}, which are lazy, and
 * {@link #ones}, {@link #full} and {@link #copyOf}, whose fill is a write of a whole array and
 * waits, as such writes do, until the array is observed. Their code is {@link Creation}'s.
 */
public abstract sealed class NumFactories permits NumFunctions {
    NumFactories() {}

    /**
     * A 1-D float64 array of a copy of {@code values}, NumPy's {@code array([...])}.
     *
     * @param values the elements
     * @return a new array, computed
     */
    public static NDArray array(double... values) { return Creation.own(DType.FLOAT64, values.clone(), values.length); }

    /**
     * A 1-D float32 array of a copy of {@code values}.
     *
     * @param values the elements
     * @return a new array, computed
     */
    public static NDArray array(float... values) { return Creation.own(DType.FLOAT32, values.clone(), values.length); }

    /**
     * A 1-D int64 array of a copy of {@code values}.
     *
     * @param values the elements
     * @return a new array, computed
     */
    public static NDArray array(long... values) { return Creation.own(DType.INT64, values.clone(), values.length); }

    /**
     * A 1-D int32 array of a copy of {@code values}.
     *
     * @param values the elements
     * @return a new array, computed
     */
    public static NDArray array(int... values) { return Creation.own(DType.INT32, values.clone(), values.length); }

    /**
     * A 1-D bool array of {@code values}.
     *
     * @param values the elements
     * @return a new array, computed
     */
    public static NDArray array(boolean... values) { return Creation.bools(values); }

    /**
     * A 2-D float64 array of a copy of {@code rows}, NumPy's {@code array([[...], [...]])}.
     *
     * @param rows the rows, all of one length; no rows gives shape (0, 0)
     * @return a new array of shape (rows, columns), computed
     * @throws ShapeMismatchException if the rows differ in length
     */
    public static NDArray array(double[][] rows) { return Creation.rows(rows); }

    /**
     * Wraps (without copying) a Java array of {@code dtype}'s type as an array of {@code shape},
     * its elements in C (row-major) order.
     * numfuse owns the array from then on: after an evaluation on a device it may be stale (the
     * device holds the current values until they are observed through the returned NDArray), and
     * a change made to it directly is not seen by a device that holds a copy. Change it through
     * {@link NDArray#assign} or {@link NDArray#set}, or wrap a fresh array.
     *
     * @param dtype the element type
     * @param data  a {@code byte[]} (each element 0 or 1) for bool, an {@code int[]} for int32, a
     *              {@code long[]} for int64, a {@code float[]} for float32, a {@code double[]} for float64
     * @param shape the shape; its element count must be {@code data}'s length
     * @return an array over {@code data}, computed
     * @throws TypeException          if {@code data} is not the Java array of {@code dtype}
     *                                (byte[] for bool, int[], long[], float[], double[]) or is null,
     *                                or {@code dtype} or {@code shape} is null
     * @throws ShapeMismatchException if its length is not the number of elements of {@code shape},
     *                                or a dimension is negative
     */
    public static NDArray wrap(DType dtype, Object data, int... shape) { return Creation.wrap(dtype, data, shape); }

    /**
     * An array over the contents of a .npy file, as {@link io.numfuse.npy.Npy#read(java.nio.file.Path)}
     * returns them: {@code Num.fromNpy(Npy.read(path))}. Like {@link #wrap}, it does not copy:
     * the record's data array belongs to numfuse from then on.
     *
     * @param a the array read
     * @return an array of {@code a}'s dtype and shape over its data, computed
     */
    public static NDArray fromNpy(NpyArray a) { return wrap(a.dtype(), a.data(), a.shape()); }

    /**
     * A new array of zeros (false for bool), NumPy's {@code zeros}.
     *
     * @param dtype the element type
     * @param shape the shape (none for a 0-d array)
     * @return a new array, computed
     * @throws ShapeMismatchException if a dimension is negative
     * @throws ValueException if the array would have more than {@link Shapes#MAX_SIZE} elements
     */
    public static NDArray zeros(DType dtype, int... shape) {
        return NDArray.of(View.contiguous(Buffer.allocate(dtype, Shapes.size(shape)), shape));
    }

    /**
     * A new array of ones (true for bool), NumPy's {@code ones}. The fill is a write of a whole
     * array, which waits until the array is observed, fused with what follows.
     *
     * @param dtype the element type
     * @param shape the shape (none for a 0-d array)
     * @return a new array
     * @throws ShapeMismatchException if a dimension is negative
     * @throws ValueException if the array would have more than {@link Shapes#MAX_SIZE} elements
     */
    public static NDArray ones(DType dtype, int... shape) { return full(dtype, 1.0, shape); }

    /**
     * An array of {@code shape} filled with {@code value} cast to {@code dtype}, NumPy's
     * {@code full}. The fill is a write of a whole array, which waits until the array is observed.
     *
     * @param dtype the element type
     * @param value the value of every element (converted as {@link NDArray#astype} converts)
     * @param shape the shape (none for a 0-d array)
     * @return a new array
     * @throws ShapeMismatchException if a dimension is negative
     * @throws ValueException if the array would have more than {@link Shapes#MAX_SIZE} elements
     */
    public static NDArray full(DType dtype, double value, int... shape) {
        return zeros(dtype, shape).assign(value);
    }

    /**
     * {@link #full(DType, double, int...)} with an integer value, exact in int64 (where a double
     * rounds beyond 2<sup>53</sup>), as NumPy's {@code full} with a Python int.
     *
     * @param dtype the element type
     * @param value the value of every element
     * @param shape the shape (none for a 0-d array)
     * @return a new array
     * @throws ShapeMismatchException if a dimension is negative
     * @throws ValueException if {@code value} does not fit an int {@code dtype} (NumPy's OverflowError),
     *         or the array would have more than {@link Shapes#MAX_SIZE} elements
     */
    public static NDArray full(DType dtype, long value, int... shape) {
        return zeros(dtype, shape).assign(value);
    }

    /**
     * 0, 1, ..., n-1 as int64, NumPy's {@code arange(n)}. Lazy: the values are computed in the
     * kernel that uses them, never stored unless the array is observed.
     *
     * @param n the length
     * @return a 1-D int64 array of length {@code n}
     * @throws ValueException if {@code n} is negative or more than {@link Shapes#MAX_SIZE}
     */
    public static NDArray arange(int n) { return new NDArray(Graph.iota(new int[] { Creation.checkLength(n) }, 0)); }

    /**
     * start, start+step, start+2*step, ... up to but excluding {@code stop}, as float64, NumPy's
     * {@code arange(start, stop, step)} with its length rule, {@code ceil((stop - start) / step)}
     * (0 if that is negative). Lazy.
     *
     * @param start the first value
     * @param stop  the end of the interval, not included
     * @param step  the spacing; negative counts down
     * @return a 1-D float64 array
     * @throws ValueException if {@code step} is 0, or the length is more than {@link Shapes#MAX_SIZE}
     */
    public static NDArray arange(double start, double stop, double step) { return Creation.arange(start, stop, step); }

    /**
     * {@code num} evenly spaced float64 values from {@code start} to {@code stop}, both included,
     * as NumPy's {@code linspace}: the last value is exactly {@code stop}.
     *
     * @param start the first value
     * @param stop  the last value
     * @param num   the number of values (1 gives {@code start} alone)
     * @return a new 1-D float64 array, computed
     * @throws ValueException if {@code num} is negative or more than {@link Shapes#MAX_SIZE}
     */
    public static NDArray linspace(double start, double stop, int num) { return Creation.linspace(start, stop, num); }

        /**
     * Pseudo-random values from a seeded generator ({@link SplittableRandom}): the same seed gives
     * the same values on every machine. Float dtypes are uniform in [0, 1); int dtypes are
     * integers uniform in [0, 100); bool is uniform false or true. (Not NumPy's generator: the
     * values differ from {@code np.random}'s.)
     *
     * @param seed  the generator's seed
     * @param dtype the element type
     * @param shape the shape (none for a 0-d array)
     * @return a new array, computed
     * @throws ShapeMismatchException if a dimension is negative
     * @throws ValueException if the array would have more than {@link Shapes#MAX_SIZE} elements
     */
    public static NDArray random(long seed, DType dtype, int... shape) { return Creation.random(seed, dtype, shape); }

    /**
     * Seeded pseudo-random integers uniform in [lo, hi), as NumPy's {@code randint} (with a
     * different generator: the same seed gives the same values on every machine, not NumPy's).
     *
     * @param seed  the generator's seed
     * @param lo    the lowest value
     * @param hi    one above the highest value
     * @param dtype the element type; the integers are stored converted to it
     * @param shape the shape (none for a 0-d array)
     * @return a new array, computed
     * @throws ValueException if {@code hi <= lo}, the range is out of an int dtype's bounds (NumPy's
     *         "high is out of bounds for int32"), or the array would have more than
     *         {@link Shapes#MAX_SIZE} elements
     * @throws ShapeMismatchException if a dimension is negative
     */
    public static NDArray randint(long seed, long lo, long hi, DType dtype, int... shape) { return Creation.randint(seed, lo, hi, dtype, shape); }

    /**
     * A new C-contiguous copy of {@code a} (of a view: of the elements it sees), NumPy's
     * {@code copy}: it keeps the values {@code a} has now, and later writes to either do not
     * change the other. The copy is a write of a whole array, which waits until it is observed.
     *
     * @param a the array copied
     * @return a new array of {@code a}'s dtype and shape
     */
    public static NDArray copyOf(NDArray a) {
        NDArray out = zeros(a.dtype(), a.shape());
        return out.assign(a);
    }

    /**
     * A new array of {@code shape}, NumPy's {@code empty}: numfuse's new arrays are always
     * initialised, so this is {@link #zeros} (the values are zeros, which a program must not
     * rely on, as with NumPy's).
     *
     * @param dtype the element type
     * @param shape the shape (none for a 0-d array)
     * @return a new array, computed
     * @throws ShapeMismatchException if a dimension is negative
     * @throws ValueException if the array would have more than {@link Shapes#MAX_SIZE} elements
     */
    public static NDArray empty(DType dtype, int... shape) { return zeros(dtype, shape); }

    /**
     * A new array of zeros of {@code a}'s dtype and shape, NumPy's {@code zeros_like}.
     *
     * @param a the array whose dtype and shape are taken (its values are not read)
     * @return a new array, computed
     */
    public static NDArray zerosLike(NDArray a) { return zeros(a.dtype(), a.shape()); }

    /**
     * A new array of ones of {@code a}'s dtype and shape, NumPy's {@code ones_like}.
     *
     * @param a the array whose dtype and shape are taken (its values are not read)
     * @return a new array
     */
    public static NDArray onesLike(NDArray a) { return ones(a.dtype(), a.shape()); }

    /**
     * A new array of {@code a}'s dtype and shape filled with {@code value}, NumPy's
     * {@code full_like} (the value converted as {@link NDArray#astype} converts).
     *
     * @param a     the array whose dtype and shape are taken (its values are not read)
     * @param value the value of every element
     * @return a new array
     */
    public static NDArray fullLike(NDArray a, double value) { return full(a.dtype(), value, a.shape()); }

    /**
     * {@link #fullLike(NDArray, double)} with an integer value, exact in int64.
     *
     * @param a     the array whose dtype and shape are taken (its values are not read)
     * @param value the value of every element
     * @return a new array
     * @throws ValueException if {@code value} does not fit {@code a}'s int dtype
     */
    public static NDArray fullLike(NDArray a, long value) { return full(a.dtype(), value, a.shape()); }

    /**
     * A new array of {@code a}'s dtype and shape, NumPy's {@code empty_like}: as {@link #empty},
     * its values are zeros.
     *
     * @param a the array whose dtype and shape are taken (its values are not read)
     * @return a new array, computed
     */
    public static NDArray emptyLike(NDArray a) { return zeros(a.dtype(), a.shape()); }

    /**
     * The n x n identity matrix as float64, NumPy's {@code eye(n)}. Lazy, as {@link #eye(int, int, int, DType)}.
     *
     * @param n the number of rows and columns
     * @return an n x n float64 array
     * @throws ShapeMismatchException if {@code n} is negative
     */
    public static NDArray eye(int n) { return eye(n, n, 0, DType.FLOAT64); }

    /**
     * An n x m array with ones on the {@code k}-th diagonal and zeros elsewhere, NumPy's
     * {@code eye(n, m, k, dtype)}. Lazy: a comparison of the row and column indices, computed in
     * the kernel that uses it, never stored unless observed.
     *
     * @param n     the number of rows
     * @param m     the number of columns
     * @param k     the diagonal: 0 the main one, positive above it, negative below it
     * @param dtype the element type
     * @return an n x m array of {@code dtype}
     * @throws ShapeMismatchException if {@code n} or {@code m} is negative
     * @throws ValueException if the array would have more than {@link Shapes#MAX_SIZE} elements
     */
    public static NDArray eye(int n, int m, int k, DType dtype) { return Creation.eye(n, m, k, dtype); }

    /**
     * The arrays joined along an existing axis, NumPy's {@code concatenate(arrays, axis)}: a new
     * array of the promoted dtype of all of them, lazy as any other result. Evaluated, it is one
     * kernel that writes each operand's part, each operand's element-wise producer fused into it
     * ({@code concatenate(a + b, c * 2)} reads {@code a}, {@code b} and {@code c} once each and
     * makes no other array).
     *
     * @param arrays the arrays, of the same rank and the same lengths except along {@code axis}
     * @param axis   the axis joined along (negative counts from the end)
     * @return a new array
     * @throws ValueException if {@code arrays} is empty or its arrays are 0-d
     * @throws ShapeMismatchException if the ranks or the other lengths differ
     * @throws io.numfuse.core.AxisException if the axis is out of range
     */
    public static NDArray concatenate(java.util.List<NDArray> arrays, int axis) { return Joins.concatenate(arrays, axis); }

    /**
     * The arrays joined along a new axis, NumPy's {@code stack(arrays, axis)}: the concatenation
     * of the arrays with a new axis of length 1 at {@code axis} ({@link #concatenate}).
     *
     * @param arrays the arrays, all of the same shape
     * @param axis   the position of the new axis in the result (negative counts from the end)
     * @return a new array with one more axis, of the promoted dtype
     * @throws ValueException if {@code arrays} is empty
     * @throws ShapeMismatchException if the shapes differ
     * @throws io.numfuse.core.AxisException if the axis is out of range for the result's rank
     */
    public static NDArray stack(java.util.List<NDArray> arrays, int axis) { return Joins.stack(arrays, axis); }
}
