package io.numfuse.expr;

import java.math.BigInteger;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The syntax tree of an expression, as {@link ExprParser#parse} builds it. It knows nothing of
 * arrays: names and calls are resolved later, by the binder.
 *
 * <p>{@code equals} and {@code hashCode} compare structure only and ignore {@link #position()}, so
 * {@code parse("a+b")} equals {@code parse("a + b")} and {@code parse(render(x))} equals {@code x}.
 *
 * <p>The tree may share nodes: in a chained comparison {@code a < b < c} the middle operand is one
 * object used by both comparisons, so a binder that evaluates it once keeps Python's semantics.
 *
 * <p>The constructors enforce what the parser can produce (literals are non-negative, names are
 * identifiers and not keywords), so that {@link #render()} always prints source that parses back
 * to an equal tree.
 */
public sealed interface Ast {
    /**
     * Where this node is in the source.
     *
     * @return the 0-based char offset in the source of this node: an operator's symbol, a call's
     *         name, a name or literal's first char
     */
    int position();

    /**
     * This tree as source text, fully parenthesised: {@code ((a + (b * c)) < 1.5)}. The text
     * parses back to an equal tree.
     *
     * @return the source text
     */
    default String render() { return AstPrinter.render(this); }

    /**
     * {@code ast.render()}, for call sites that prefer a static function.
     *
     * @param ast the tree
     * @return its source text, fully parenthesised
     */
    static String toSource(Ast ast) { return AstPrinter.render(ast); }

    /**
     * A variable: a Python identifier that is not a keyword (nor True/False).
     *
     * @param name     the identifier
     * @param position the offset of its first char
     */
    record Name(String name, int position) implements Ast {
        /**
         * Checks the parts.
         *
         * @param name     the identifier
         * @param position the offset of its first char
         * @throws IllegalArgumentException if {@code name} is not an identifier or is a keyword,
         *         or {@code position} is negative
         */
        public Name {
            checkName(name);
            checkPosition(position);
        }
        @Override public boolean equals(Object o) { return o instanceof Name n && name.equals(n.name); }
        @Override public int hashCode() { return name.hashCode(); }
    }

    /**
     * An integer literal: 0 or more, of any size, as Python's ints ({@code 2**64} can be written
     * out); {@code -1} is a {@link Unary} of 1.
     *
     * @param value    the value, 0 or more
     * @param position the offset of the literal's first char
     */
    record IntLiteral(BigInteger value, int position) implements Ast {
        /**
         * Checks the parts.
         *
         * @param value    the value, 0 or more
         * @param position the offset of the literal's first char
         * @throws NullPointerException     if {@code value} is null
         * @throws IllegalArgumentException if {@code value} or {@code position} is negative
         */
        public IntLiteral {
            Objects.requireNonNull(value, "value");
            if (value.signum() < 0) throw new IllegalArgumentException("negative literal " + value + ": use Unary(NEG, ...)");
            checkPosition(position);
        }
        /**
         * A literal of a {@code long} value.
         *
         * @param value    the value, 0 or more
         * @param position the offset of the literal's first char
         * @throws IllegalArgumentException if {@code value} or {@code position} is negative
         */
        public IntLiteral(long value, int position) { this(BigInteger.valueOf(value), position); }
        @Override public boolean equals(Object o) { return o instanceof IntLiteral l && value.equals(l.value); }
        @Override public int hashCode() { return value.hashCode(); }
    }

    /**
     * A float literal: non-negative, possibly +Infinity (Python reads {@code 1e999} as inf).
     *
     * @param value    the value, +0.0 or more
     * @param position the offset of the literal's first char
     */
    record FloatLiteral(double value, int position) implements Ast {
        /**
         * Checks the parts.
         *
         * @param value    the value, +0.0 or more
         * @param position the offset of the literal's first char
         * @throws IllegalArgumentException if {@code value} is NaN or negative (-0.0 included), or
         *         {@code position} is negative
         */
        public FloatLiteral {
            // The sign bit test also rejects -0.0, which no literal can spell.
            if (Double.isNaN(value) || Double.doubleToRawLongBits(value) < 0) {
                throw new IllegalArgumentException("float literal must be >= +0.0, not " + value);
            }
            checkPosition(position);
        }
        @Override public boolean equals(Object o) {
            return o instanceof FloatLiteral l && Double.compare(value, l.value) == 0;
        }
        @Override public int hashCode() { return Double.hashCode(value); }
    }

    /**
     * {@code True} or {@code False}.
     *
     * @param value    the value
     * @param position the offset of the literal's first char
     */
    record BoolLiteral(boolean value, int position) implements Ast {
        /**
         * Checks the parts.
         *
         * @param value    the value
         * @param position the offset of the literal's first char
         * @throws IllegalArgumentException if {@code position} is negative
         */
        public BoolLiteral { checkPosition(position); }
        @Override public boolean equals(Object o) { return o instanceof BoolLiteral l && value == l.value; }
        @Override public int hashCode() { return Boolean.hashCode(value); }
    }

    /**
     * A prefix operator; {@code position} is the operator's.
     *
     * @param op       the operator
     * @param operand  what it applies to
     * @param position the offset of the operator
     */
    record Unary(UnaryOp op, Ast operand, int position) implements Ast {
        /**
         * Checks the parts.
         *
         * @param op       the operator
         * @param operand  what it applies to
         * @param position the offset of the operator
         * @throws NullPointerException     if {@code op} or {@code operand} is null
         * @throws IllegalArgumentException if {@code position} is negative
         */
        public Unary {
            Objects.requireNonNull(op, "op");
            Objects.requireNonNull(operand, "operand");
            checkPosition(position);
        }
        @Override public boolean equals(Object o) {
            return o instanceof Unary u && op == u.op && operand.equals(u.operand);
        }
        @Override public int hashCode() { return 31 * op.hashCode() + operand.hashCode(); }
    }

    /**
     * An infix operator; {@code position} is the operator's. A chained comparison is an
     * {@link BinaryOp#AND} of comparisons, positioned at the comparison operator that continues it.
     *
     * @param op       the operator
     * @param left     the left operand
     * @param right    the right operand
     * @param position the offset of the operator
     */
    record Binary(BinaryOp op, Ast left, Ast right, int position) implements Ast {
        /**
         * Checks the parts.
         *
         * @param op       the operator
         * @param left     the left operand
         * @param right    the right operand
         * @param position the offset of the operator
         * @throws NullPointerException     if an operand or the operator is null
         * @throws IllegalArgumentException if {@code position} is negative
         */
        public Binary {
            Objects.requireNonNull(op, "op");
            Objects.requireNonNull(left, "left");
            Objects.requireNonNull(right, "right");
            checkPosition(position);
        }
        @Override public boolean equals(Object o) {
            return o instanceof Binary b && op == b.op && left.equals(b.left) && right.equals(b.right);
        }
        @Override public int hashCode() { return (31 * op.hashCode() + left.hashCode()) * 31 + right.hashCode(); }
    }

    /**
     * {@code function(args..., name=value...)}; the function is any identifier (the binder decides
     * which exist). {@code keywords} keeps source order and is unmodifiable, as is {@code args}.
     *
     * @param function the function's name
     * @param args     the positional arguments, in order
     * @param keywords the keyword arguments, by name, in source order
     * @param position the offset of the function's name
     */
    record Call(String function, List<Ast> args, Map<String, Ast> keywords, int position) implements Ast {
        /**
         * Checks the parts and takes unmodifiable copies of {@code args} and {@code keywords}.
         *
         * @param function the function's name
         * @param args     the positional arguments, in order
         * @param keywords the keyword arguments, by name, in source order
         * @param position the offset of the function's name
         * @throws NullPointerException     if a list, map, argument or keyword value is null
         * @throws IllegalArgumentException if {@code function} or a keyword is not a valid name, or
         *         {@code position} is negative
         */
        public Call {
            checkName(function);
            args = List.copyOf(args);
            // Map.copyOf would lose the order, which render() and error messages want to keep.
            LinkedHashMap<String, Ast> copy = new LinkedHashMap<>();
            keywords.forEach((k, v) -> {
                checkName(k);
                copy.put(k, Objects.requireNonNull(v, "keyword value"));
            });
            keywords = Collections.unmodifiableMap(copy);
            checkPosition(position);
        }
        @Override public boolean equals(Object o) {
            return o instanceof Call c && function.equals(c.function) && args.equals(c.args)
                    && keywords.equals(c.keywords);
        }
        @Override public int hashCode() { return Objects.hash(function, args, keywords); }
    }

    private static void checkName(String name) {
        if (!Lexer.isIdentifier(name) || Lexer.isReserved(name)) {
            throw new IllegalArgumentException("not a valid name: " + name);
        }
    }

    private static void checkPosition(int position) {
        if (position < 0) throw new IllegalArgumentException("negative position " + position);
    }
}
