package io.numfuse.expr;

/**
 * The infix operators of the expression language, with the symbol the source spells them with.
 * {@code &}, {@code |} and {@code ^} are bitwise on integers and logical on booleans, as in NumPy;
 * they are also what a chained comparison ({@code a < b < c}) is rewritten into ({@link #AND}).
 */
public enum BinaryOp {
    ADD("+"), SUB("-"), MUL("*"), DIV("/"), FLOORDIV("//"), MOD("%"), POW("**"),
    AND("&"), OR("|"), XOR("^"),
    EQ("=="), NE("!="), LT("<"), LE("<="), GT(">"), GE(">=");

    private final String symbol;

    BinaryOp(String symbol) { this.symbol = symbol; }

    /** The operator as written in an expression ("//"). */
    public String symbol() { return symbol; }

    /** Whether this is one of the six comparisons (which yield booleans and chain like Python's). */
    public boolean isComparison() {
        return switch (this) {
            case EQ, NE, LT, LE, GT, GE -> true;
            default -> false;
        };
    }
}
