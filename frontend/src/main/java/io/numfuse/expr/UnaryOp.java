package io.numfuse.expr;

/** The prefix operators of the expression language, with the symbol the source spells them with. */
public enum UnaryOp {
    /** {@code -x}. */
    NEG("-"),
    /** {@code +x}. */
    POS("+"),
    /** {@code ~x}: bitwise not, and logical not on booleans (numexpr's replacement for {@code not}). */
    INVERT("~");

    private final String symbol;

    UnaryOp(String symbol) { this.symbol = symbol; }

    /** The operator as written in an expression ("-"). */
    public String symbol() { return symbol; }
}
