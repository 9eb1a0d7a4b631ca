package io.numfuse;

import io.numfuse.core.DType;
import io.numfuse.ir.Graph;
import io.numfuse.ir.Op;
import io.numfuse.core.ShapeMismatchException;
import io.numfuse.core.ValueException;

/**
 * Math functions and conversions of {@link NDArray}. Every method here is an {@code NDArray}
 * method: this interface only groups them (it is sealed, and {@code NDArray} is its one
 * implementation), so that each group is documented, and kept, on its own. The rules of
 * {@code NDArray}'s description hold for each: laziness, broadcasting and weak scalars, views
 * and writes, threads.
 */
public sealed interface ArrayMath permits NDArray {
    /**
     * Element-wise square root, NumPy's {@code sqrt} (NaN for a negative value). Like every
     * function below computed in floating point, it keeps a float dtype and gives float64 for an
     * int array; a bool array is refused (NumPy would give float16: cast it to float32 first). Lazy.
     *
     * @return the square roots, of this array's shape
     * @throws io.numfuse.core.TypeException on a bool array
     */
    default NDArray sqrt() { return self().un(Op.SQRT); }

    /**
     * Element-wise e<sup>x</sup>, NumPy's {@code exp}; float dtypes are kept, ints give float64. Lazy.
     *
     * @return the exponentials, of this array's shape
     * @throws io.numfuse.core.TypeException on a bool array
     */
    default NDArray exp() { return self().un(Op.EXP); }

    /**
     * Element-wise e<sup>x</sup> - 1, accurate near 0, NumPy's {@code expm1}; float dtypes are
     * kept, ints give float64. Lazy.
     *
     * @return the values, of this array's shape
     * @throws io.numfuse.core.TypeException on a bool array
     */
    default NDArray expm1() { return self().un(Op.EXPM1); }

    /**
     * Element-wise natural logarithm, NumPy's {@code log} (-inf at 0, NaN below); float dtypes
     * are kept, ints give float64. Lazy.
     *
     * @return the logarithms, of this array's shape
     * @throws io.numfuse.core.TypeException on a bool array
     */
    default NDArray log() { return self().un(Op.LOG); }

    /**
     * Element-wise ln(1 + x), accurate near 0, NumPy's {@code log1p}; float dtypes are kept, ints
     * give float64. Lazy.
     *
     * @return the values, of this array's shape
     * @throws io.numfuse.core.TypeException on a bool array
     */
    default NDArray log1p() { return self().un(Op.LOG1P); }

    /**
     * Element-wise base-10 logarithm, NumPy's {@code log10}; float dtypes are kept, ints give float64. Lazy.
     *
     * @return the logarithms, of this array's shape
     * @throws io.numfuse.core.TypeException on a bool array
     */
    default NDArray log10() { return self().un(Op.LOG10); }

    /**
     * Element-wise base-2 logarithm, NumPy's {@code log2}; float dtypes are kept, ints give float64. Lazy.
     *
     * @return the logarithms, of this array's shape
     * @throws io.numfuse.core.TypeException on a bool array
     */
    default NDArray log2() { return self().un(Op.LOG2); }

    /**
     * Element-wise sine of radians, NumPy's {@code sin}; float dtypes are kept, ints give float64. Lazy.
     *
     * @return the sines, of this array's shape
     * @throws io.numfuse.core.TypeException on a bool array
     */
    default NDArray sin() { return self().un(Op.SIN); }

    /**
     * Element-wise cosine of radians, NumPy's {@code cos}; float dtypes are kept, ints give float64. Lazy.
     *
     * @return the cosines, of this array's shape
     * @throws io.numfuse.core.TypeException on a bool array
     */
    default NDArray cos() { return self().un(Op.COS); }

    /**
     * Element-wise tangent of radians, NumPy's {@code tan}; float dtypes are kept, ints give float64. Lazy.
     *
     * @return the tangents, of this array's shape
     * @throws io.numfuse.core.TypeException on a bool array
     */
    default NDArray tan() { return self().un(Op.TAN); }

    /**
     * Element-wise inverse sine in radians, NumPy's {@code arcsin} (NaN outside [-1, 1]); float
     * dtypes are kept, ints give float64. Lazy.
     *
     * @return the angles, of this array's shape
     * @throws io.numfuse.core.TypeException on a bool array
     */
    default NDArray arcsin() { return self().un(Op.ARCSIN); }

    /**
     * Element-wise inverse cosine in radians, NumPy's {@code arccos} (NaN outside [-1, 1]); float
     * dtypes are kept, ints give float64. Lazy.
     *
     * @return the angles, of this array's shape
     * @throws io.numfuse.core.TypeException on a bool array
     */
    default NDArray arccos() { return self().un(Op.ARCCOS); }

    /**
     * Element-wise inverse tangent in radians, NumPy's {@code arctan}; float dtypes are kept, ints give float64. Lazy.
     *
     * @return the angles, in [-pi/2, pi/2], of this array's shape
     * @throws io.numfuse.core.TypeException on a bool array
     */
    default NDArray arctan() { return self().un(Op.ARCTAN); }

    /**
     * Element-wise hyperbolic sine, NumPy's {@code sinh}; float dtypes are kept, ints give float64. Lazy.
     *
     * @return the values, of this array's shape
     * @throws io.numfuse.core.TypeException on a bool array
     */
    default NDArray sinh() { return self().un(Op.SINH); }

    /**
     * Element-wise hyperbolic cosine, NumPy's {@code cosh}; float dtypes are kept, ints give float64. Lazy.
     *
     * @return the values, of this array's shape
     * @throws io.numfuse.core.TypeException on a bool array
     */
    default NDArray cosh() { return self().un(Op.COSH); }

    /**
     * Element-wise hyperbolic tangent, NumPy's {@code tanh}; float dtypes are kept, ints give float64. Lazy.
     *
     * @return the values, in [-1, 1], of this array's shape
     * @throws io.numfuse.core.TypeException on a bool array
     */
    default NDArray tanh() { return self().un(Op.TANH); }

    /**
     * Element-wise floor, NumPy's {@code floor}: the largest integer not above each value, in the
     * array's dtype (NumPy 2 keeps int and bool arrays as they are). Lazy.
     *
     * @return the floors, of this array's shape and dtype
     */
    default NDArray floor() { return self().un(Op.FLOOR); }

    /**
     * Element-wise ceiling, NumPy's {@code ceil}: the smallest integer not below each value, in
     * the array's dtype (int and bool arrays are kept as they are). Lazy.
     *
     * @return the ceilings, of this array's shape and dtype
     */
    default NDArray ceil() { return self().un(Op.CEIL); }

    /**
     * Rounds each value to the nearest integer, half to even, as NumPy's {@code round} (and
     * {@code rint}) with no decimals: 0.5 and -0.5 round to 0, 1.5 and 2.5 to 2. Lazy.
     *
     * @return the rounded values, of this array's shape and dtype
     * @throws io.numfuse.core.TypeException on a bool array (NumPy would give int8)
     */
    default NDArray round() { return self().un(Op.ROUND); }

    /**
     * Element-wise sign, NumPy's {@code sign}: -1, 0 or 1 (NaN for NaN), in the array's dtype. Lazy.
     *
     * @return the signs, of this array's shape and dtype
     * @throws io.numfuse.core.TypeException on a bool array (NumPy would give int8)
     */
    default NDArray sign() { return self().un(Op.SIGN); }

    /**
     * Element-wise arc tangent of {@code this / x} that takes the quadrant from both signs,
     * NumPy's {@code arctan2(y, x)} with this array as {@code y}. Lazy.
     *
     * @param x the second argument, broadcast against this array
     * @return the angles in radians, in [-pi, pi], of the broadcast shape; float dtypes are kept,
     *         ints give float64
     * @throws ShapeMismatchException if the shapes do not broadcast
     * @throws io.numfuse.core.TypeException if both operands are bool
     */
    default NDArray arctan2(NDArray x) { return self().bin(Op.ARCTAN2, x); }

    /**
     * Element-wise inverse hyperbolic sine, NumPy's {@code arcsinh}; float dtypes are kept, ints give float64. Lazy.
     *
     * @return the values, of this array's shape
     * @throws io.numfuse.core.TypeException on a bool array
     */
    default NDArray arcsinh() { return self().un(Op.ARCSINH); }

    /**
     * Element-wise inverse hyperbolic cosine, NumPy's {@code arccosh} (NaN below 1); float dtypes
     * are kept, ints give float64. Lazy.
     *
     * @return the values, of this array's shape
     * @throws io.numfuse.core.TypeException on a bool array
     */
    default NDArray arccosh() { return self().un(Op.ARCCOSH); }

    /**
     * Element-wise inverse hyperbolic tangent, NumPy's {@code arctanh} (infinite at -1 and 1, NaN
     * outside); float dtypes are kept, ints give float64. Lazy.
     *
     * @return the values, of this array's shape
     * @throws io.numfuse.core.TypeException on a bool array
     */
    default NDArray arctanh() { return self().un(Op.ARCTANH); }

    /**
     * Element-wise 2<sup>x</sup>, NumPy's {@code exp2}; float dtypes are kept, ints give float64. Lazy.
     *
     * @return the powers of two, of this array's shape
     * @throws io.numfuse.core.TypeException on a bool array
     */
    default NDArray exp2() { return self().un(Op.EXP2); }

    /**
     * Element-wise {@code x*x}, NumPy's {@code square}, in the array's dtype (an int array wraps). Lazy.
     *
     * @return the squares, of this array's shape and dtype
     * @throws io.numfuse.core.TypeException on a bool array (NumPy would give int8)
     */
    default NDArray square() { return self().un(Op.SQUARE); }

    /**
     * Element-wise {@code 1/x}, NumPy's {@code reciprocal}, in the array's dtype; on an int array
     * NumPy's integer rule: 1, -1 or 0, and the dtype's minimum for 0 (as NumPy gives it on x86-64). Lazy.
     *
     * @return the reciprocals, of this array's shape and dtype
     * @throws io.numfuse.core.TypeException on a bool array (NumPy would give int8)
     */
    default NDArray reciprocal() { return self().un(Op.RECIPROCAL); }

    /**
     * Element-wise sqrt(x<sup>2</sup> + y<sup>2</sup>) without undue overflow or underflow,
     * NumPy's {@code hypot}, with this array as {@code x}. Lazy.
     *
     * @param y the other leg, broadcast against this array
     * @return the hypotenuses, of the broadcast shape; float dtypes are kept, ints give float64
     * @throws ShapeMismatchException if the shapes do not broadcast
     * @throws io.numfuse.core.TypeException if both operands are bool
     */
    default NDArray hypot(NDArray y) { return self().bin(Op.HYPOT, y); }

    /**
     * {@link NDArray#hypot(NDArray)} with a weak float scalar as the other leg. Lazy.
     *
     * @param y the other leg
     * @return the hypotenuses, of this array's shape; a float array keeps its dtype, an int or
     *         bool array gives float64
     */
    default NDArray hypot(double y) { return self().bin(Op.HYPOT, Graph.weak(y)); }

    /**
     * Limits the values to [lo, hi], NumPy's {@code clip}: {@code minimum(maximum(this, lo), hi)},
     * with the promotion of the three operands; NaN in any operand gives NaN, and where
     * {@code lo > hi} every element is {@code hi}. Lazy.
     *
     * @param lo the lower bounds, broadcast against this array
     * @param hi the upper bounds, broadcast against this array
     * @return the clipped values, of the broadcast shape and the promoted dtype
     * @throws ShapeMismatchException if the shapes do not broadcast
     */
    default NDArray clip(NDArray lo, NDArray hi) { return new NDArray(Graph.clip(self().cur(), lo.cur(), hi.cur())); }

    /**
     * {@link NDArray#clip(NDArray, NDArray)} with weak float bounds: a float array keeps its dtype, an
     * int array gives float64. Lazy.
     *
     * @param lo the lower bound
     * @param hi the upper bound
     * @return the clipped values, of this array's shape
     */
    default NDArray clip(double lo, double hi) { return new NDArray(Graph.clip(self().cur(), Graph.weak(lo), Graph.weak(hi))); }

    /**
     * {@link NDArray#clip(NDArray, NDArray)} with weak int bounds; an int or float array keeps its dtype.
     * On an int array a bound at or beyond the dtype's range leaves that side open, as np.clip does. Lazy.
     *
     * @param lo the lower bound
     * @param hi the upper bound
     * @return the clipped values, of this array's shape
     * @throws ValueException if a bound lies beyond the int dtype's range on the side it cannot
     *         leave open (a lower bound above the maximum, an upper one below the minimum)
     */
    default NDArray clip(long lo, long hi) { return new NDArray(Graph.clip(self().cur(), Graph.weak(lo), Graph.weak(hi))); }

    /**
     * This array converted to {@code dtype}, NumPy's {@code astype} (unsafe casting): floats to
     * ints truncate towards zero and saturate at the int range, NaN becoming 0 (NumPy leaves these
     * to the platform); ints to narrower ints wrap; anything to bool is {@code != 0}. Lazy. The
     * result is always a new array, as NumPy's {@code astype} (whose {@code copy} is true by
     * default): when this array already has {@code dtype} it is a copy ({@link Num#copyOf}), so
     * writing one never changes the other.
     *
     * @param dtype the element type of the result
     * @return the converted array, of this array's shape
     */
    default NDArray astype(DType dtype) { return dtype == self().dtype() ? Num.copyOf(self()) : new NDArray(Graph.cast(self().cur(), dtype)); }

    private NDArray self() { return (NDArray) this; }
}
