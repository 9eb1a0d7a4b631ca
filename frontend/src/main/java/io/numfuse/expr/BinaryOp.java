package io.numfuse.expr;

import io.numfuse.ir.Op;

/**
 * The infix operators of the expression language: each is an op of the op table, which spells its
 * symbol ({@link Op#symbol()}). {@code &}, {@code |} and {@code ^} are bitwise on integers and
 * logical on booleans, as in NumPy; they are also what a chained comparison ({@code a < b < c}) is
 * rewritten into ({@link #AND}). {@code <<} and {@code >>} shift integers.
 */
public enum BinaryOp {
    ADD(Op.ADD), SUB(Op.SUB), MUL(Op.MUL), DIV(Op.DIV), FLOORDIV(Op.FLOOR_DIV), MOD(Op.MOD), POW(Op.POW),
    AND(Op.AND), OR(Op.OR), XOR(Op.XOR), LSHIFT(Op.LEFT_SHIFT), RSHIFT(Op.RIGHT_SHIFT),
    EQ(Op.EQ), NE(Op.NE), LT(Op.LT), LE(Op.LE), GT(Op.GT), GE(Op.GE);

    private final Op op;

    BinaryOp(Op op) { this.op = op; }

    /** The op of the op table this operator computes. */
    public Op op() { return op; }

    /** The operator as written in an expression ("//"). */
    public String symbol() { return op.symbol(); }

    /** Whether this is one of the six comparisons (which yield booleans and chain like Python's). */
    public boolean isComparison() { return op.kind() == Op.Kind.COMPARE; }
}
