package io.numfuse.expr;

import io.numfuse.ir.Op;

/**
 * The infix operators of the expression language: each is an op of the op table, which spells its
 * symbol ({@link Op#symbol()}). {@code &}, {@code |} and {@code ^} are bitwise on integers and
 * logical on booleans, as in NumPy; they are also what a chained comparison ({@code a < b < c}) is
 * rewritten into ({@link #AND}). {@code <<} and {@code >>} shift integers.
 */
public enum BinaryOp {
    /** {@code a + b}. */
    ADD(Op.ADD),
    /** {@code a - b}. */
    SUB(Op.SUB),
    /** {@code a * b}. */
    MUL(Op.MUL),
    /** {@code a / b}: true division (ints give float64). */
    DIV(Op.DIV),
    /** {@code a // b}: floor division. */
    FLOORDIV(Op.FLOOR_DIV),
    /** {@code a % b}: the remainder with the sign of {@code b}. */
    MOD(Op.MOD),
    /** {@code a ** b}: power (right-associative). */
    POW(Op.POW),
    /** {@code a & b}: bitwise and; logical and on booleans. */
    AND(Op.AND),
    /** {@code a | b}: bitwise or; logical or on booleans. */
    OR(Op.OR),
    /** {@code a ^ b}: bitwise exclusive or; logical on booleans. */
    XOR(Op.XOR),
    /** {@code a << b}: left shift of integers. */
    LSHIFT(Op.LEFT_SHIFT),
    /** {@code a >> b}: arithmetic right shift of integers. */
    RSHIFT(Op.RIGHT_SHIFT),
    /** {@code a == b}. */
    EQ(Op.EQ),
    /** {@code a != b}. */
    NE(Op.NE),
    /** {@code a < b}. */
    LT(Op.LT),
    /** {@code a <= b}. */
    LE(Op.LE),
    /** {@code a > b}. */
    GT(Op.GT),
    /** {@code a >= b}. */
    GE(Op.GE);

    private final Op op;

    BinaryOp(Op op) { this.op = op; }

    /**
     * What this operator computes.
     *
     * @return the op of the op table
     */
    public Op op() { return op; }

    /**
     * The operator's spelling.
     *
     * @return the operator as written in an expression ({@code "//"})
     */
    public String symbol() { return op.symbol(); }

    /**
     * Whether this is one of the six comparisons, which yield booleans and chain like Python's.
     *
     * @return true for {@link #EQ}, {@link #NE}, {@link #LT}, {@link #LE}, {@link #GT} and {@link #GE}
     */
    public boolean isComparison() { return op.kind() == Op.Kind.COMPARE; }
}
