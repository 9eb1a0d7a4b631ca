package io.numfuse;

import io.numfuse.ir.Graph;
import io.numfuse.core.ShapeMismatchException;
import io.numfuse.core.TypeException;
import io.numfuse.core.ValueException;

/**
 * NumPy's functions as {@link Num} has them: {@code Num.sqrt(a)} is {@code a.sqrt()},
 * {@code np.sqrt(a)} in NumPy. Every method here is called through {@code Num} (this class only
 * groups them, so that they are documented, and kept, apart from {@code Num}'s factories,
 * {@link NumFactories}; it is sealed, and {@code Num} is its one subclass). Each is lazy, with
 * NumPy's broadcasting, promotion and errors, which the {@link NDArray} methods describe.
 */
public abstract sealed class NumFunctions extends NumFactories permits Num {
    NumFunctions() {}

    /**
     * Chooses element-wise between two arrays, NumPy's {@code where(cond, a, b)}: {@code a}'s
     * element where {@code cond} is true, {@code b}'s elsewhere. A non-bool condition means
     * {@code cond != 0}. Lazy.
     *
     * @param cond the condition
     * @param a    the values where {@code cond} is true
     * @param b    the values where it is false
     * @return an array of the three operands' broadcast shape and of {@code a} and {@code b}'s
     *         promoted dtype
     * @throws ShapeMismatchException if the shapes do not broadcast
     */
    public static NDArray where(NDArray cond, NDArray a, NDArray b) { return new NDArray(Graph.where(cond.node(), a.node(), b.node())); }

    /**
     * {@link #where(NDArray, NDArray, NDArray)} with a weak float scalar where {@code cond} is
     * false: a float {@code a} keeps its dtype, an int one gives float64. Lazy.
     *
     * @param cond the condition
     * @param a    the values where {@code cond} is true
     * @param b    the value where it is false
     * @return an array of the broadcast shape of {@code cond} and {@code a}
     * @throws ShapeMismatchException if the shapes do not broadcast
     */
    public static NDArray where(NDArray cond, NDArray a, double b) { return new NDArray(Graph.where(cond.node(), a.node(), Graph.weak(b))); }

    /**
     * {@link #where(NDArray, NDArray, NDArray)} with a weak float scalar where {@code cond} is
     * true: a float {@code b} keeps its dtype, an int one gives float64. Lazy.
     *
     * @param cond the condition
     * @param a    the value where {@code cond} is true
     * @param b    the values where it is false
     * @return an array of the broadcast shape of {@code cond} and {@code b}
     * @throws ShapeMismatchException if the shapes do not broadcast
     */
    public static NDArray where(NDArray cond, double a, NDArray b) { return new NDArray(Graph.where(cond.node(), Graph.weak(a), b.node())); }

    /**
     * {@link #where(NDArray, NDArray, NDArray)} with a weak int scalar (a Python int) where
     * {@code cond} is false: an int {@code a} keeps its dtype (the scalar converted to it, as
     * NumPy's where casts), a float one converts it. Lazy.
     *
     * @param cond the condition
     * @param a    the values where {@code cond} is true
     * @param b    the value where it is false
     * @return an array of the broadcast shape of {@code cond} and {@code a}
     * @throws ShapeMismatchException if the shapes do not broadcast
     */
    public static NDArray where(NDArray cond, NDArray a, long b) { return new NDArray(Graph.where(cond.node(), a.node(), Graph.weak(b))); }

    /**
     * {@link #where(NDArray, NDArray, long)} with the weak int scalar where {@code cond} is true. Lazy.
     *
     * @param cond the condition
     * @param a    the value where {@code cond} is true
     * @param b    the values where it is false
     * @return an array of the broadcast shape of {@code cond} and {@code b}
     * @throws ShapeMismatchException if the shapes do not broadcast
     */
    public static NDArray where(NDArray cond, long a, NDArray b) { return new NDArray(Graph.where(cond.node(), Graph.weak(a), b.node())); }

    /**
     * NumPy's {@code maximum(a, b)}: {@link NDArray#maximum(NDArray)}. Lazy.
     *
     * @param a an operand
     * @param b the other operand, broadcast against {@code a}
     * @return the larger of each pair (NaN if either is NaN)
     * @throws ShapeMismatchException if the shapes do not broadcast
     */
    public static NDArray maximum(NDArray a, NDArray b) { return a.maximum(b); }

    /**
     * NumPy's {@code minimum(a, b)}: {@link NDArray#minimum(NDArray)}. Lazy.
     *
     * @param a an operand
     * @param b the other operand, broadcast against {@code a}
     * @return the smaller of each pair (NaN if either is NaN)
     * @throws ShapeMismatchException if the shapes do not broadcast
     */
    public static NDArray minimum(NDArray a, NDArray b) { return a.minimum(b); }

    /**
     * NumPy's {@code sqrt(a)}: {@link NDArray#sqrt()}. Lazy.
     *
     * @param a the operand
     * @return the square roots; float dtypes are kept, ints give float64
     * @throws TypeException on a bool array
     */
    public static NDArray sqrt(NDArray a) { return a.sqrt(); }

    /**
     * NumPy's {@code exp(a)}: {@link NDArray#exp()}. Lazy.
     *
     * @param a the operand
     * @return e to the power of each element; float dtypes are kept, ints give float64
     * @throws TypeException on a bool array
     */
    public static NDArray exp(NDArray a) { return a.exp(); }

    /**
     * NumPy's {@code log(a)}, the natural logarithm: {@link NDArray#log()}. Lazy.
     *
     * @param a the operand
     * @return the logarithms; float dtypes are kept, ints give float64
     * @throws TypeException on a bool array
     */
    public static NDArray log(NDArray a) { return a.log(); }

    /**
     * NumPy's {@code sin(a)}: {@link NDArray#sin()}. Lazy.
     *
     * @param a the operand, in radians
     * @return the sines; float dtypes are kept, ints give float64
     * @throws TypeException on a bool array
     */
    public static NDArray sin(NDArray a) { return a.sin(); }

    /**
     * NumPy's {@code cos(a)}: {@link NDArray#cos()}. Lazy.
     *
     * @param a the operand, in radians
     * @return the cosines; float dtypes are kept, ints give float64
     * @throws TypeException on a bool array
     */
    public static NDArray cos(NDArray a) { return a.cos(); }

    /**
     * NumPy's {@code tanh(a)}: {@link NDArray#tanh()}. Lazy.
     *
     * @param a the operand
     * @return the hyperbolic tangents; float dtypes are kept, ints give float64
     * @throws TypeException on a bool array
     */
    public static NDArray tanh(NDArray a) { return a.tanh(); }

    /**
     * NumPy's {@code abs(a)}: {@link NDArray#abs()}. Lazy.
     *
     * @param a the operand
     * @return the absolute values, in {@code a}'s dtype
     */
    public static NDArray abs(NDArray a) { return a.abs(); }

    /**
     * NumPy's {@code arctan2(y, x)}: the angle of the point (x, y), {@link NDArray#arctan2(NDArray)}. Lazy.
     *
     * @param y the ordinates
     * @param x the abscissae, broadcast against {@code y}
     * @return the angles in radians, in [-pi, pi]; float dtypes are kept, ints give float64
     * @throws ShapeMismatchException if the shapes do not broadcast
     * @throws TypeException if both operands are bool
     */
    public static NDArray arctan2(NDArray y, NDArray x) { return y.arctan2(x); }

    /**
     * NumPy's {@code hypot(x, y)}: {@link NDArray#hypot(NDArray)}. Lazy.
     *
     * @param x one leg
     * @param y the other leg, broadcast against {@code x}
     * @return sqrt(x*x + y*y) without undue overflow; float dtypes are kept, ints give float64
     * @throws ShapeMismatchException if the shapes do not broadcast
     * @throws TypeException if both operands are bool
     */
    public static NDArray hypot(NDArray x, NDArray y) { return x.hypot(y); }

    /**
     * NumPy's {@code arcsinh(a)}: {@link NDArray#arcsinh()}. Lazy.
     *
     * @param a the operand
     * @return the inverse hyperbolic sines; float dtypes are kept, ints give float64
     * @throws TypeException on a bool array
     */
    public static NDArray arcsinh(NDArray a) { return a.arcsinh(); }

    /**
     * NumPy's {@code arccosh(a)}: {@link NDArray#arccosh()}. Lazy.
     *
     * @param a the operand
     * @return the inverse hyperbolic cosines (NaN below 1); float dtypes are kept, ints give float64
     * @throws TypeException on a bool array
     */
    public static NDArray arccosh(NDArray a) { return a.arccosh(); }

    /**
     * NumPy's {@code arctanh(a)}: {@link NDArray#arctanh()}. Lazy.
     *
     * @param a the operand
     * @return the inverse hyperbolic tangents; float dtypes are kept, ints give float64
     * @throws TypeException on a bool array
     */
    public static NDArray arctanh(NDArray a) { return a.arctanh(); }

    /**
     * NumPy's {@code exp2(a)}: {@link NDArray#exp2()}. Lazy.
     *
     * @param a the operand
     * @return 2 to the power of each element; float dtypes are kept, ints give float64
     * @throws TypeException on a bool array
     */
    public static NDArray exp2(NDArray a) { return a.exp2(); }

    /**
     * NumPy's {@code square(a)}: {@link NDArray#square()}. Lazy.
     *
     * @param a the operand
     * @return each element times itself, in {@code a}'s dtype (ints wrap)
     * @throws TypeException on a bool array
     */
    public static NDArray square(NDArray a) { return a.square(); }

    /**
     * NumPy's {@code reciprocal(a)}: {@link NDArray#reciprocal()}. Lazy.
     *
     * @param a the operand
     * @return 1/x in {@code a}'s dtype, with NumPy's rule for ints
     * @throws TypeException on a bool array
     */
    public static NDArray reciprocal(NDArray a) { return a.reciprocal(); }

    /**
     * NumPy's {@code isnan(a)}: {@link NDArray#isnan()}. Lazy.
     *
     * @param a the operand
     * @return a bool array: whether each element is NaN
     */
    public static NDArray isnan(NDArray a) { return a.isnan(); }

    /**
     * NumPy's {@code isinf(a)}: {@link NDArray#isinf()}. Lazy.
     *
     * @param a the operand
     * @return a bool array: whether each element is infinite
     */
    public static NDArray isinf(NDArray a) { return a.isinf(); }

    /**
     * NumPy's {@code isfinite(a)}: {@link NDArray#isfinite()}. Lazy.
     *
     * @param a the operand
     * @return a bool array: whether each element is neither NaN nor infinite
     */
    public static NDArray isfinite(NDArray a) { return a.isfinite(); }

    /**
     * NumPy's {@code left_shift(a, count)}: {@link NDArray#leftShift(NDArray)}. Lazy.
     *
     * @param a     the ints shifted
     * @param count the shift counts, broadcast against {@code a}
     * @return {@code a << count}, with NumPy's rule for counts out of range
     * @throws ShapeMismatchException if the shapes do not broadcast
     * @throws TypeException if an operand is a float array, or both are bool
     */
    public static NDArray leftShift(NDArray a, NDArray count) { return a.leftShift(count); }

    /**
     * NumPy's {@code right_shift(a, count)}: {@link NDArray#rightShift(NDArray)}. Lazy.
     *
     * @param a     the ints shifted
     * @param count the shift counts, broadcast against {@code a}
     * @return {@code a >> count} (arithmetic), with NumPy's rule for counts out of range
     * @throws ShapeMismatchException if the shapes do not broadcast
     * @throws TypeException if an operand is a float array, or both are bool
     */
    public static NDArray rightShift(NDArray a, NDArray count) { return a.rightShift(count); }

    /**
     * NumPy's {@code clip(a, lo, hi)}: {@link NDArray#clip(NDArray, NDArray)}. Lazy.
     *
     * @param a  the values
     * @param lo the lower bounds
     * @param hi the upper bounds
     * @return {@code minimum(maximum(a, lo), hi)}, of the broadcast shape and promoted dtype
     * @throws ShapeMismatchException if the shapes do not broadcast
     */
    public static NDArray clip(NDArray a, NDArray lo, NDArray hi) { return a.clip(lo, hi); }

    /**
     * NumPy's {@code clip(a, lo, hi)} with weak float bounds: {@link NDArray#clip(double, double)}. Lazy.
     *
     * @param a  the values
     * @param lo the lower bound
     * @param hi the upper bound
     * @return the clipped values; a float array keeps its dtype, an int array gives float64
     */
    public static NDArray clip(NDArray a, double lo, double hi) { return a.clip(lo, hi); }

    /**
     * NumPy's {@code clip(a, lo, hi)} with weak int bounds: {@link NDArray#clip(long, long)}. Lazy.
     *
     * @param a  the values
     * @param lo the lower bound
     * @param hi the upper bound
     * @return the clipped values, in {@code a}'s dtype
     * @throws ValueException if a bound lies beyond an int dtype's range on the side it cannot leave open
     */
    public static NDArray clip(NDArray a, long lo, long hi) { return a.clip(lo, hi); }

    /**
     * NumPy's {@code sum(a)}: {@link NDArray#sum()}. Lazy.
     *
     * @param a the array summed
     * @return a 0-d array: int64 for bool and int32 arrays, else {@code a}'s dtype
     */
    public static NDArray sum(NDArray a) { return a.sum(); }

    /**
     * NumPy's {@code sum(a, axis)}: {@link NDArray#sum(int)}. Lazy.
     *
     * @param a    the array summed
     * @param axis the axis summed over; negative counts from the end
     * @return {@code a}'s shape without that axis; int64 for bool and int32 arrays
     * @throws io.numfuse.core.AxisException if the axis is out of range
     */
    public static NDArray sum(NDArray a, int axis) { return a.sum(axis); }

    /**
     * NumPy's {@code cumsum(a)}: {@link NDArray#cumsum()}, the running sums of the flattened array. Lazy.
     *
     * @param a the array summed
     * @return a 1-D array: int64 for bool and int32 arrays, else {@code a}'s dtype
     */
    public static NDArray cumsum(NDArray a) { return a.cumsum(); }

    /**
     * NumPy's {@code cumsum(a, axis)}: {@link NDArray#cumsum(int)}. Lazy.
     *
     * @param a    the array summed
     * @param axis the axis summed along; negative counts from the end
     * @return {@code a}'s shape; int64 for bool and int32 arrays
     * @throws io.numfuse.core.AxisException if the axis is out of range
     */
    public static NDArray cumsum(NDArray a, int axis) { return a.cumsum(axis); }

    /**
     * NumPy's {@code cumprod(a)}: {@link NDArray#cumprod()}, the running products of the flattened array. Lazy.
     *
     * @param a the array multiplied
     * @return a 1-D array: int64 for bool and int32 arrays, else {@code a}'s dtype
     */
    public static NDArray cumprod(NDArray a) { return a.cumprod(); }

    /**
     * NumPy's {@code cumprod(a, axis)}: {@link NDArray#cumprod(int)}. Lazy.
     *
     * @param a    the array multiplied
     * @param axis the axis multiplied along; negative counts from the end
     * @return {@code a}'s shape; int64 for bool and int32 arrays
     * @throws io.numfuse.core.AxisException if the axis is out of range
     */
    public static NDArray cumprod(NDArray a, int axis) { return a.cumprod(axis); }

    /**
     * NumPy's {@code mean(a)}: {@link NDArray#mean()}. Lazy.
     *
     * @param a the array averaged
     * @return a 0-d array: float64 for bool and int arrays, else {@code a}'s dtype
     */
    public static NDArray mean(NDArray a) { return a.mean(); }

    /**
     * NumPy's {@code dot(a, b)}: {@link NDArray#dot(NDArray)}. Lazy.
     *
     * @param a the left operand, of up to two dimensions
     * @param b the right operand, of up to two dimensions
     * @return the inner, matrix-vector or matrix product, of the promoted dtype
     * @throws ShapeMismatchException if the inner lengths differ, or an operand has more than two dimensions
     */
    public static NDArray dot(NDArray a, NDArray b) { return a.dot(b); }

    /**
     * NumPy's {@code matmul(a, b)} ({@code a @ b}): {@link NDArray#matmul(NDArray)}. Lazy.
     *
     * @param a the left operand, of one or more dimensions
     * @param b the right operand, of one or more dimensions
     * @return the product, its batch axes broadcast, of the promoted dtype
     * @throws io.numfuse.core.ValueException if an operand is 0-d, or the contracted lengths differ
     * @throws ShapeMismatchException if the batch axes do not broadcast
     */
    public static NDArray matmul(NDArray a, NDArray b) { return a.matmul(b); }
}
