package io.numfuse;

import io.numfuse.ir.Graph;
import io.numfuse.ir.Op;
import io.numfuse.core.ShapeMismatchException;
import io.numfuse.core.ValueException;

/**
 * Comparisons, bool logic, bit shifts and float tests of {@link NDArray}. Every method here is an {@code NDArray}
 * method: this interface only groups them (it is sealed, and {@code NDArray} is its one
 * implementation), so that each group is documented, and kept, on its own. The rules of
 * {@code NDArray}'s description hold for each: laziness, broadcasting and weak scalars, views
 * and writes, threads.
 */
public sealed interface ArrayLogic permits NDArray {
    /**
     * Element-wise equality, NumPy's {@code equal} ({@code ==}); NaN equals nothing. The operands
     * are compared in their promoted type. Lazy.
     *
     * @param o the other operand, broadcast against this array
     * @return a bool array of the broadcast shape
     * @throws ShapeMismatchException if the shapes do not broadcast
     */
    default NDArray eq(NDArray o) { return self().bin(Op.EQ, o); }

    /**
     * Element-wise equality with a weak float scalar ({@code ==}). Lazy.
     *
     * @param s the scalar
     * @return a bool array of this array's shape
     */
    default NDArray eq(double s) { return self().bin(Op.EQ, Graph.weak(s)); }

    /**
     * Element-wise {@code this == s} with a weak int scalar (a Python int): exact on int64
     * arrays (a double would round beyond 2<sup>53</sup>), by value on int32 ones (out of its range too). Lazy.
     *
     * @param s the scalar
     * @return a bool array of this array's shape
     */
    default NDArray eq(long s) { return self().bin(Op.EQ, Graph.weak(s)); }

    /**
     * Element-wise inequality, NumPy's {@code not_equal} ({@code !=}); NaN differs from everything. Lazy.
     *
     * @param o the other operand, broadcast against this array
     * @return a bool array of the broadcast shape
     * @throws ShapeMismatchException if the shapes do not broadcast
     */
    default NDArray ne(NDArray o) { return self().bin(Op.NE, o); }

    /**
     * Element-wise inequality with a weak float scalar ({@code !=}). Lazy.
     *
     * @param s the scalar
     * @return a bool array of this array's shape
     */
    default NDArray ne(double s) { return self().bin(Op.NE, Graph.weak(s)); }

    /**
     * Element-wise {@code this != s} with a weak int scalar (a Python int): exact on int64
     * arrays (a double would round beyond 2<sup>53</sup>), by value on int32 ones (out of its range too). Lazy.
     *
     * @param s the scalar
     * @return a bool array of this array's shape
     */
    default NDArray ne(long s) { return self().bin(Op.NE, Graph.weak(s)); }

    /**
     * Element-wise {@code <}, NumPy's {@code less}; false where either operand is NaN. Lazy.
     *
     * @param o the other operand, broadcast against this array
     * @return a bool array of the broadcast shape
     * @throws ShapeMismatchException if the shapes do not broadcast
     */
    default NDArray lt(NDArray o) { return self().bin(Op.LT, o); }

    /**
     * Element-wise {@code this < s} with a weak float scalar. Lazy.
     *
     * @param s the scalar
     * @return a bool array of this array's shape
     */
    default NDArray lt(double s) { return self().bin(Op.LT, Graph.weak(s)); }

    /**
     * Element-wise {@code this < s} with a weak int scalar (a Python int): exact on int64
     * arrays (a double would round beyond 2<sup>53</sup>), by value on int32 ones (out of its range too). Lazy.
     *
     * @param s the scalar
     * @return a bool array of this array's shape
     */
    default NDArray lt(long s) { return self().bin(Op.LT, Graph.weak(s)); }

    /**
     * Element-wise {@code <=}, NumPy's {@code less_equal}. Lazy.
     *
     * @param o the other operand, broadcast against this array
     * @return a bool array of the broadcast shape
     * @throws ShapeMismatchException if the shapes do not broadcast
     */
    default NDArray le(NDArray o) { return self().bin(Op.LE, o); }

    /**
     * Element-wise {@code this <= s} with a weak float scalar. Lazy.
     *
     * @param s the scalar
     * @return a bool array of this array's shape
     */
    default NDArray le(double s) { return self().bin(Op.LE, Graph.weak(s)); }

    /**
     * Element-wise {@code this <= s} with a weak int scalar (a Python int): exact on int64
     * arrays (a double would round beyond 2<sup>53</sup>), by value on int32 ones (out of its range too). Lazy.
     *
     * @param s the scalar
     * @return a bool array of this array's shape
     */
    default NDArray le(long s) { return self().bin(Op.LE, Graph.weak(s)); }

    /**
     * Element-wise {@code >}, NumPy's {@code greater}. Lazy.
     *
     * @param o the other operand, broadcast against this array
     * @return a bool array of the broadcast shape
     * @throws ShapeMismatchException if the shapes do not broadcast
     */
    default NDArray gt(NDArray o) { return self().bin(Op.GT, o); }

    /**
     * Element-wise {@code this > s} with a weak float scalar. Lazy.
     *
     * @param s the scalar
     * @return a bool array of this array's shape
     */
    default NDArray gt(double s) { return self().bin(Op.GT, Graph.weak(s)); }

    /**
     * Element-wise {@code this > s} with a weak int scalar (a Python int): exact on int64
     * arrays (a double would round beyond 2<sup>53</sup>), by value on int32 ones (out of its range too). Lazy.
     *
     * @param s the scalar
     * @return a bool array of this array's shape
     */
    default NDArray gt(long s) { return self().bin(Op.GT, Graph.weak(s)); }

    /**
     * Element-wise {@code >=}, NumPy's {@code greater_equal}. Lazy.
     *
     * @param o the other operand, broadcast against this array
     * @return a bool array of the broadcast shape
     * @throws ShapeMismatchException if the shapes do not broadcast
     */
    default NDArray ge(NDArray o) { return self().bin(Op.GE, o); }

    /**
     * Element-wise {@code this >= s} with a weak float scalar. Lazy.
     *
     * @param s the scalar
     * @return a bool array of this array's shape
     */
    default NDArray ge(double s) { return self().bin(Op.GE, Graph.weak(s)); }

    /**
     * Element-wise {@code this >= s} with a weak int scalar (a Python int): exact on int64
     * arrays (a double would round beyond 2<sup>53</sup>), by value on int32 ones (out of its range too). Lazy.
     *
     * @param s the scalar
     * @return a bool array of this array's shape
     */
    default NDArray ge(long s) { return self().bin(Op.GE, Graph.weak(s)); }

    /**
     * Logical and on bools, bitwise and on ints, NumPy's {@code bitwise_and} ({@code &}). Lazy.
     *
     * @param o the other operand, broadcast against this array
     * @return {@code this & o}, of the broadcast shape and the promoted dtype
     * @throws ShapeMismatchException if the shapes do not broadcast
     * @throws io.numfuse.core.TypeException if an operand is a float array
     */
    default NDArray and(NDArray o) { return self().bin(Op.AND, o); }

    /**
     * Logical or on bools, bitwise or on ints, NumPy's {@code bitwise_or} ({@code |}). Lazy.
     *
     * @param o the other operand, broadcast against this array
     * @return {@code this | o}, of the broadcast shape and the promoted dtype
     * @throws ShapeMismatchException if the shapes do not broadcast
     * @throws io.numfuse.core.TypeException if an operand is a float array
     */
    default NDArray or(NDArray o) { return self().bin(Op.OR, o); }

    /**
     * Logical exclusive or on bools, bitwise on ints, NumPy's {@code bitwise_xor} ({@code ^}). Lazy.
     *
     * @param o the other operand, broadcast against this array
     * @return {@code this ^ o}, of the broadcast shape and the promoted dtype
     * @throws ShapeMismatchException if the shapes do not broadcast
     * @throws io.numfuse.core.TypeException if an operand is a float array
     */
    default NDArray xor(NDArray o) { return self().bin(Op.XOR, o); }

    /**
     * Logical not on bools, bitwise not on ints, NumPy's {@code invert} ({@code ~}). Lazy.
     *
     * @return {@code ~this}, of this array's shape and dtype
     * @throws io.numfuse.core.TypeException on a float array
     */
    default NDArray not() { return self().un(Op.NOT); }

    /**
     * Shifts ints left, NumPy's {@code left_shift} ({@code <<}); a count below 0 or from the bit
     * width up gives 0, as NumPy's (not Java's, which takes the count modulo the width). Lazy.
     *
     * @param o the shift counts, broadcast against this array
     * @return {@code this << o}, of the broadcast shape and the promoted int dtype
     * @throws ShapeMismatchException if the shapes do not broadcast
     * @throws io.numfuse.core.TypeException if an operand is a float array, or both are bool
     */
    default NDArray leftShift(NDArray o) { return self().bin(Op.LEFT_SHIFT, o); }

    /**
     * Shifts ints left by a weak int count ({@code <<}), with NumPy's rule for counts out of range. Lazy.
     *
     * @param s the shift count
     * @return {@code this << s}, of this array's shape and dtype (int64 for a bool array)
     * @throws io.numfuse.core.TypeException if this array is a float array
     * @throws ValueException if {@code s} does not fit this array's dtype
     */
    default NDArray leftShift(long s) { return self().bin(Op.LEFT_SHIFT, Graph.weak(s)); }

    /**
     * Shifts ints right, arithmetically, NumPy's {@code right_shift} ({@code >>}); a count below 0
     * or from the bit width up gives 0 or -1 by the sign, as NumPy's. Lazy.
     *
     * @param o the shift counts, broadcast against this array
     * @return {@code this >> o}, of the broadcast shape and the promoted int dtype
     * @throws ShapeMismatchException if the shapes do not broadcast
     * @throws io.numfuse.core.TypeException if an operand is a float array, or both are bool
     */
    default NDArray rightShift(NDArray o) { return self().bin(Op.RIGHT_SHIFT, o); }

    /**
     * Shifts ints right by a weak int count ({@code >>}), with NumPy's rule for counts out of range. Lazy.
     *
     * @param s the shift count
     * @return {@code this >> s}, of this array's shape and dtype (int64 for a bool array)
     * @throws io.numfuse.core.TypeException if this array is a float array
     * @throws ValueException if {@code s} does not fit this array's dtype
     */
    default NDArray rightShift(long s) { return self().bin(Op.RIGHT_SHIFT, Graph.weak(s)); }

    /**
     * Whether each value is NaN, NumPy's {@code isnan} (never, for an int or bool array). Lazy.
     *
     * @return a bool array of this array's shape
     */
    default NDArray isnan() { return self().un(Op.ISNAN); }

    /**
     * Whether each value is positive or negative infinity, NumPy's {@code isinf} (never, for an
     * int or bool array). Lazy.
     *
     * @return a bool array of this array's shape
     */
    default NDArray isinf() { return self().un(Op.ISINF); }

    /**
     * Whether each value is neither NaN nor infinite, NumPy's {@code isfinite} (always, for an
     * int or bool array). Lazy.
     *
     * @return a bool array of this array's shape
     */
    default NDArray isfinite() { return self().un(Op.ISFINITE); }

    private NDArray self() { return (NDArray) this; }
}
