package io.numfuse.expr;

import io.numfuse.ir.Op;

/** The prefix operators of the expression language, each with the op of the op table it computes (none for unary plus). */
public enum UnaryOp {
    /** {@code -x}. */
    NEG(Op.NEG),
    /** {@code +x}: Python's unary plus (NumPy's positive, which is no op of the table: it changes nothing but a bool's type). */
    POS(null),
    /** {@code ~x}: bitwise not, and logical not on booleans (numexpr's replacement for {@code not}). */
    INVERT(Op.NOT);

    private final Op op;

    UnaryOp(Op op) { this.op = op; }

    /**
     * What this operator computes.
     *
     * @return the op of the op table, or null for unary plus
     */
    public Op op() { return op; }

    /**
     * The operator's spelling.
     *
     * @return the operator as written in an expression ({@code "-"})
     */
    public String symbol() { return op != null ? op.symbol() : "+"; }
}
