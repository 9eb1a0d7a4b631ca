package io.numfuse;

import io.numfuse.ir.Graph;
import io.numfuse.ir.Op;
import io.numfuse.core.ShapeMismatchException;
import io.numfuse.core.ValueException;

/**
 * Element-wise arithmetic of {@link NDArray}. Every method here is an {@code NDArray}
 * method: this interface only groups them (it is sealed, and {@code NDArray} is its one
 * implementation), so that each group is documented, and kept, on its own. The rules of
 * {@code NDArray}'s description hold for each: laziness, broadcasting and weak scalars, views
 * and writes, threads.
 */
public sealed interface ArrayArithmetic permits NDArray {
    /**
     * Element-wise sum, NumPy's {@code add} ({@code +}); on bools it is a logical or. Lazy.
     *
     * @param o the other operand, broadcast against this array
     * @return {@code this + o}, of the broadcast shape and the promoted dtype
     * @throws ShapeMismatchException if the shapes do not broadcast
     */
    default NDArray add(NDArray o) { return self().bin(Op.ADD, o); }

    /**
     * Adds a weak float scalar: a float array keeps its dtype, an int or bool array gives float64. Lazy.
     *
     * @param s the scalar
     * @return {@code this + s}, of this array's shape
     */
    default NDArray add(double s) { return self().bin(Op.ADD, Graph.weak(s)); }

    /**
     * Adds a weak int scalar: an int or float array keeps its dtype (an int array wraps on
     * overflow), a bool array gives int64. Lazy.
     *
     * @param s the scalar
     * @return {@code this + s}, of this array's shape
     * @throws ValueException if {@code s} does not fit this int array's dtype (NumPy's OverflowError)
     */
    default NDArray add(long s) { return self().bin(Op.ADD, Graph.weak(s)); }

    /**
     * Element-wise difference, NumPy's {@code subtract} ({@code -}). Lazy.
     *
     * @param o the other operand, broadcast against this array
     * @return {@code this - o}, of the broadcast shape and the promoted dtype
     * @throws ShapeMismatchException if the shapes do not broadcast
     * @throws io.numfuse.core.TypeException if both operands are bool (NumPy rejects bool subtraction)
     */
    default NDArray sub(NDArray o) { return self().bin(Op.SUB, o); }

    /**
     * Subtracts a weak float scalar: a float array keeps its dtype, an int array gives float64. Lazy.
     *
     * @param s the scalar
     * @return {@code this - s}, of this array's shape
     */
    default NDArray sub(double s) { return self().bin(Op.SUB, Graph.weak(s)); }

    /**
     * Subtracts a weak int scalar: an int or float array keeps its dtype, a bool array gives int64. Lazy.
     *
     * @param s the scalar
     * @return {@code this - s}, of this array's shape
     * @throws ValueException if {@code s} does not fit this int array's dtype
     */
    default NDArray sub(long s) { return self().bin(Op.SUB, Graph.weak(s)); }

    /**
     * The scalar minus this array, {@code s - this} (Python's reflected {@code __rsub__}), with a
     * weak float scalar: a float array keeps its dtype, an int array gives float64. Lazy.
     *
     * @param s the scalar
     * @return {@code s - this}, of this array's shape
     */
    default NDArray rsub(double s) { return new NDArray(Graph.binary(Op.SUB, Graph.weak(s), self().cur())); }

    /**
     * {@code s - this} with a weak int scalar: an int or float array keeps its dtype. Lazy.
     *
     * @param s the scalar
     * @return {@code s - this}, of this array's shape
     * @throws ValueException if {@code s} does not fit this int array's dtype
     */
    default NDArray rsub(long s) { return new NDArray(Graph.binary(Op.SUB, Graph.weak(s), self().cur())); }

    /**
     * Element-wise product, NumPy's {@code multiply} ({@code *}); on bools it is a logical and. Lazy.
     *
     * @param o the other operand, broadcast against this array
     * @return {@code this * o}, of the broadcast shape and the promoted dtype
     * @throws ShapeMismatchException if the shapes do not broadcast
     */
    default NDArray mul(NDArray o) { return self().bin(Op.MUL, o); }

    /**
     * Multiplies by a weak float scalar: {@code f32.mul(2.0)} stays float32, an int array gives float64. Lazy.
     *
     * @param s the scalar
     * @return {@code this * s}, of this array's shape
     */
    default NDArray mul(double s) { return self().bin(Op.MUL, Graph.weak(s)); }

    /**
     * Multiplies by a weak int scalar: an int or float array keeps its dtype, a bool array gives int64. Lazy.
     *
     * @param s the scalar
     * @return {@code this * s}, of this array's shape
     * @throws ValueException if {@code s} does not fit this int array's dtype
     */
    default NDArray mul(long s) { return self().bin(Op.MUL, Graph.weak(s)); }

    /**
     * True division, NumPy's {@code true_divide} ({@code /}): ints and bools give float64, as
     * NumPy's {@code /}; float division by zero gives infinity or NaN. Lazy.
     *
     * @param o the divisor, broadcast against this array
     * @return {@code this / o}, of the broadcast shape: of the promoted dtype when that is a
     *         float (float32 / float32 is float32), else float64
     * @throws ShapeMismatchException if the shapes do not broadcast
     */
    default NDArray div(NDArray o) { return self().bin(Op.DIV, o); }

    /**
     * True division by a weak float scalar: a float array keeps its dtype, an int array gives float64. Lazy.
     *
     * @param s the divisor
     * @return {@code this / s}, of this array's shape
     */
    default NDArray div(double s) { return self().bin(Op.DIV, Graph.weak(s)); }

    /**
     * True division by a weak int scalar: a float array keeps its dtype, an int or bool array gives float64. Lazy.
     *
     * @param s the divisor
     * @return {@code this / s}, of this array's shape
     * @throws ValueException if {@code s} does not fit this int array's dtype
     */
    default NDArray div(long s) { return self().bin(Op.DIV, Graph.weak(s)); }

    /**
     * The scalar divided by this array, {@code s / this} (Python's {@code __rtruediv__}): a float
     * array keeps its dtype, an int array gives float64. Lazy.
     *
     * @param s the dividend
     * @return {@code s / this}, of this array's shape
     */
    default NDArray rdiv(double s) { return new NDArray(Graph.binary(Op.DIV, Graph.weak(s), self().cur())); }

    /**
     * Floor division, NumPy's {@code floor_divide} ({@code //}): the quotient rounded towards
     * minus infinity, with Python's sign rules; integer division by zero gives 0 (NumPy gives 0
     * with a warning). Lazy.
     *
     * @param o the divisor, broadcast against this array
     * @return {@code this // o}, of the broadcast shape and the promoted dtype
     * @throws ShapeMismatchException if the shapes do not broadcast
     * @throws io.numfuse.core.TypeException if both operands are bool (NumPy would give int8)
     */
    default NDArray floorDiv(NDArray o) { return self().bin(Op.FLOOR_DIV, o); }

    /**
     * Floor division by a weak int scalar ({@code //}); an int or float array keeps its dtype. Lazy.
     *
     * @param s the divisor
     * @return {@code this // s}, of this array's shape
     * @throws ValueException if {@code s} does not fit this int array's dtype
     */
    default NDArray floorDiv(long s) { return self().bin(Op.FLOOR_DIV, Graph.weak(s)); }

    /**
     * Floor division by a weak float scalar ({@code //}); a float array keeps its dtype, an int array gives float64. Lazy.
     *
     * @param s the divisor
     * @return {@code this // s}, of this array's shape
     */
    default NDArray floorDiv(double s) { return self().bin(Op.FLOOR_DIV, Graph.weak(s)); }

    /**
     * Remainder with the sign of the divisor, NumPy's {@code remainder} ({@code %}, Python's
     * rule, not Java's {@code %}); integer modulo by zero gives 0. Lazy.
     *
     * @param o the divisor, broadcast against this array
     * @return {@code this % o}, of the broadcast shape and the promoted dtype
     * @throws ShapeMismatchException if the shapes do not broadcast
     * @throws io.numfuse.core.TypeException if both operands are bool (NumPy would give int8)
     */
    default NDArray mod(NDArray o) { return self().bin(Op.MOD, o); }

    /**
     * Remainder of division by a weak int scalar ({@code %}, the sign of {@code s}). Lazy.
     *
     * @param s the divisor
     * @return {@code this % s}, of this array's shape and dtype (int64 for a bool array)
     * @throws ValueException if {@code s} does not fit this int array's dtype
     */
    default NDArray mod(long s) { return self().bin(Op.MOD, Graph.weak(s)); }

    /**
     * Remainder of division by a weak float scalar ({@code %}, the sign of {@code s}); an int array gives float64. Lazy.
     *
     * @param s the divisor
     * @return {@code this % s}, of this array's shape
     */
    default NDArray mod(double s) { return self().bin(Op.MOD, Graph.weak(s)); }

    /**
     * Element-wise power, NumPy's {@code power} ({@code **}). An integer raised to a negative
     * integer power is an error, as in NumPy (a {@link ValueException} when the values are
     * computed): cast the base to a float first. Lazy.
     *
     * @param o the exponent, broadcast against this array
     * @return {@code this ** o}, of the broadcast shape and the promoted dtype
     * @throws ShapeMismatchException if the shapes do not broadcast
     * @throws io.numfuse.core.TypeException if both operands are bool (NumPy would give int8)
     */
    default NDArray pow(NDArray o) { return self().bin(Op.POW, o); }

    /**
     * Raises to a weak float power: a float array keeps its dtype, an int array gives float64;
     * exponents 0.5, 2 and -1 are computed as NumPy does, as sqrt, square and reciprocal. Lazy.
     *
     * @param s the exponent
     * @return {@code this ** s}, of this array's shape
     */
    default NDArray pow(double s) { return self().bin(Op.POW, Graph.weak(s)); }

    /**
     * Raises to a weak int power; an int or float array keeps its dtype. Lazy.
     *
     * @param s the exponent; negative is an error on an int array (when the values are computed)
     * @return {@code this ** s}, of this array's shape
     * @throws ValueException if {@code s} does not fit this int array's dtype
     * @throws io.numfuse.core.TypeException for {@code bool ** 2}, which NumPy would type int8
     */
    default NDArray pow(long s) { return self().bin(Op.POW, Graph.weak(s)); }

    /**
     * Element-wise negation, NumPy's {@code negative} (unary {@code -}); an int array wraps at its
     * minimum. Lazy.
     *
     * @return {@code -this}, of this array's shape and dtype
     * @throws io.numfuse.core.TypeException on a bool array (NumPy rejects negating bools: use {@link NDArray#not()})
     */
    default NDArray neg() { return self().un(Op.NEG); }

    /**
     * Element-wise absolute value, NumPy's {@code absolute}; the dtype is kept (the minimum of an
     * int dtype stays negative, as it wraps). Lazy.
     *
     * @return {@code |this|}, of this array's shape and dtype
     */
    default NDArray abs() { return self().un(Op.ABS); }

    /**
     * Element-wise maximum, NumPy's {@code maximum}: NaN-propagating (a NaN in either operand
     * gives NaN). Lazy.
     *
     * @param o the other operand, broadcast against this array
     * @return the larger of each pair, of the broadcast shape and the promoted dtype
     * @throws ShapeMismatchException if the shapes do not broadcast
     */
    default NDArray maximum(NDArray o) { return self().bin(Op.MAXIMUM, o); }

    /**
     * Element-wise maximum with a weak float scalar (NaN-propagating); an int array gives float64. Lazy.
     *
     * @param s the scalar
     * @return the larger of each element and {@code s}, of this array's shape
     */
    default NDArray maximum(double s) { return self().bin(Op.MAXIMUM, Graph.weak(s)); }

    /**
     * Element-wise maximum with a weak int scalar (a Python int): an int array keeps its dtype, as
     * NumPy's {@code maximum(a, 0)}, a float array converts {@code s}. Lazy.
     *
     * @param s the scalar
     * @return the larger of each element and {@code s}, of this array's shape
     * @throws io.numfuse.core.ValueException if {@code s} does not fit this array's int dtype
     */
    default NDArray maximum(long s) { return self().bin(Op.MAXIMUM, Graph.weak(s)); }

    /**
     * Element-wise minimum, NumPy's {@code minimum}: NaN-propagating. Lazy.
     *
     * @param o the other operand, broadcast against this array
     * @return the smaller of each pair, of the broadcast shape and the promoted dtype
     * @throws ShapeMismatchException if the shapes do not broadcast
     */
    default NDArray minimum(NDArray o) { return self().bin(Op.MINIMUM, o); }

    /**
     * Element-wise minimum with a weak float scalar (NaN-propagating); an int array gives float64. Lazy.
     *
     * @param s the scalar
     * @return the smaller of each element and {@code s}, of this array's shape
     */
    default NDArray minimum(double s) { return self().bin(Op.MINIMUM, Graph.weak(s)); }

    /**
     * Element-wise minimum with a weak int scalar (a Python int): an int array keeps its dtype, as
     * NumPy's {@code minimum(a, 0)}, a float array converts {@code s}. Lazy.
     *
     * @param s the scalar
     * @return the smaller of each element and {@code s}, of this array's shape
     * @throws io.numfuse.core.ValueException if {@code s} does not fit this array's int dtype
     */
    default NDArray minimum(long s) { return self().bin(Op.MINIMUM, Graph.weak(s)); }

    private NDArray self() { return (NDArray) this; }
}
