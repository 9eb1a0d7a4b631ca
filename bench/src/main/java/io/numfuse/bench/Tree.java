package io.numfuse.bench;

import io.numfuse.NDArray;
import io.numfuse.Num;
import io.numfuse.ir.DType;
import io.numfuse.ir.Op;
import io.numfuse.ir.TypeException;
import io.numfuse.ir.TypeRules;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * A small expression tree for the benchmarks: the subset of numexpr's language the cases use
 * (numbers, names, {@code + - * /}, unary minus, the op table's functions of floats, and an
 * outermost {@code sum max min dot}); function names are the op table's ({@link Op#function}).
 * From one tree the bench builds the numfuse expression through the Java API ({@link #build}) and
 * runs the NumPy-style eager baseline ({@link Eager}), so both compute the same thing in the same
 * order. (Issue 14 replaces this parser with numfuse's own.)
 */
sealed interface Tree {
    record Var(String name) implements Tree {}
    record Lit(double value) implements Tree {}
    /** A unary op that maps floats to floats. */
    record Un(Op op, Tree x) implements Tree {}
    /** A binary op that maps floats to floats: + - * / or a function such as maximum. */
    record Bin(Op op, Tree l, Tree r) implements Tree {}
    /** op: SUM, MAX, MIN, or MUL for dot (a sum of products) */
    record Reduce(Op op, Tree x, Tree y) implements Tree {}

    /** The number of array operations (what an eager evaluation makes temporaries for). */
    default int ops() {
        return switch (this) {
            case Var v -> 0;
            case Lit l -> 0;
            case Un u -> 1 + u.x().ops();
            case Bin b -> (b.l() instanceof Lit && b.r() instanceof Lit ? 0 : 1) + b.l().ops() + b.r().ops();
            case Reduce r -> (r.y() == null ? 1 : 2) + r.x().ops() + (r.y() == null ? 0 : r.y().ops());
        };
    }

    default boolean isReduction() { return this instanceof Reduce; }

    /** The array names, in order of first appearance. */
    default Set<String> names() {
        Set<String> s = new LinkedHashSet<>();
        collect(this, s);
        return s;
    }

    private static void collect(Tree t, Set<String> s) {
        switch (t) {
            case Var v -> s.add(v.name());
            case Lit l -> { }
            case Un u -> collect(u.x(), s);
            case Bin b -> { collect(b.l(), s); collect(b.r(), s); }
            case Reduce r -> { collect(r.x(), s); if (r.y() != null) collect(r.y(), s); }
        }
    }

    /** The numfuse expression for this tree over {@code arrays}, built with the Java API (lazy). */
    default NDArray build(Map<String, NDArray> arrays) {
        return switch (this) {
            case Var v -> arrays.get(v.name());
            case Lit l -> throw new IllegalStateException("a literal alone is not an array expression");
            case Un u -> Num.apply(u.op(), u.x().build(arrays));
            case Bin b when b.l() instanceof Lit l -> Num.apply(b.op(), l.value(), b.r().build(arrays));
            case Bin b when b.r() instanceof Lit l -> Num.apply(b.op(), b.l().build(arrays), l.value());
            case Bin b -> Num.apply(b.op(), b.l().build(arrays), b.r().build(arrays));
            case Reduce r when r.y() != null -> r.x().build(arrays).dot(r.y().build(arrays));
            case Reduce r -> r.x().build(arrays).reduce(r.op(), null, false);
        };
    }

    // ---- parsing ------------------------------------------------------------------------------

    /** The tree of {@code expr}, or null when it uses something outside this subset. */
    static Tree parse(String expr) {
        try {
            Parser p = new Parser(expr);
            Tree t = p.top();
            return p.atEnd() ? t : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Recursive descent with Python's precedence for the subset. */
    final class Parser {
        /** The op table's function {@code name} when it is of {@code kind} and maps floats to floats (what Eager computes), else null. */
        private static Op function(String name, Op.Kind kind) {
            Op op = Op.function(name);
            if (op == null || op.kind() != kind) return null;
            if (kind == Op.Kind.REDUCE) return Eager.reduces(op) ? op : null;
            try {
                TypeRules.Typing t = kind == Op.Kind.UNARY ? TypeRules.unary(op, DType.FLOAT32) : TypeRules.binary(op, DType.FLOAT32);
                return t.result() == DType.FLOAT32 ? op : null;
            } catch (TypeException notOnFloats) {
                return null;
            }
        }

        private final String s;
        private int i;

        Parser(String s) { this.s = s; }

        boolean atEnd() { skip(); return i == s.length(); }

        Tree top() {
            skip();
            int save = i;
            String name = name();
            Op reduce = name == null ? null : function(name, Op.Kind.REDUCE);
            if (name != null && (reduce != null || name.equals("dot")) && eat('(')) {
                Tree x = expr();
                Tree y = null;
                if (name.equals("dot")) { expect(','); y = expr(); }
                expect(')');
                return new Reduce(name.equals("dot") ? Op.MUL : reduce, x, y);
            }
            i = save;
            return expr();
        }

        private Tree expr() {
            Tree t = term();
            while (true) {
                if (eat('+')) t = fold(new Bin(Op.ADD, t, term()));
                else if (eat('-')) t = fold(new Bin(Op.SUB, t, term()));
                else return t;
            }
        }

        private Tree term() {
            Tree t = unary();
            while (true) {
                skip();
                if (i + 1 < s.length() && s.charAt(i) == '*' && s.charAt(i + 1) == '*') throw new IllegalArgumentException("**");
                if (i + 1 < s.length() && s.charAt(i) == '/' && s.charAt(i + 1) == '/') throw new IllegalArgumentException("//");
                if (eat('*')) t = fold(new Bin(Op.MUL, t, unary()));
                else if (eat('/')) t = fold(new Bin(Op.DIV, t, unary()));
                else return t;
            }
        }

        private Tree unary() {
            if (eat('-')) {
                Tree x = unary();
                return x instanceof Lit l ? new Lit(-l.value()) : new Un(Op.NEG, x);
            }
            if (eat('+')) return unary();
            return primary();
        }

        private Tree primary() {
            skip();
            if (eat('(')) { Tree t = expr(); expect(')'); return t; }
            if (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) return number();
            String name = name();
            if (name == null) throw new IllegalArgumentException("unexpected input at " + i);
            if (eat('(')) {
                Op unary = function(name, Op.Kind.UNARY), binary = function(name, Op.Kind.BINARY);
                if (unary != null) { Tree x = expr(); expect(')'); return new Un(unary, x); }
                if (binary != null) { Tree x = expr(); expect(','); Tree y = expr(); expect(')'); return new Bin(binary, x, y); }
                throw new IllegalArgumentException("function " + name);
            }
            if (name.equals("True") || name.equals("False")) throw new IllegalArgumentException("bool literal");
            return new Var(name);
        }

        private Tree number() {
            int start = i;
            while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) i++;
            if (i < s.length() && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
                i++;
                if (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-')) i++;
                while (i < s.length() && Character.isDigit(s.charAt(i))) i++;
            }
            return new Lit(Double.parseDouble(s.substring(start, i)));
        }

        private String name() {
            skip();
            int start = i;
            if (i < s.length() && (Character.isLetter(s.charAt(i)) || s.charAt(i) == '_')) {
                while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_')) i++;
                return s.substring(start, i);
            }
            return null;
        }

        private static Tree fold(Bin b) {
            if (b.l() instanceof Lit x && b.r() instanceof Lit y) {
                return new Lit(switch (b.op()) {
                    case ADD -> x.value() + y.value();
                    case SUB -> x.value() - y.value();
                    case MUL -> x.value() * y.value();
                    default -> x.value() / y.value();
                });
            }
            return b;
        }

        private boolean eat(char c) {
            skip();
            if (i < s.length() && s.charAt(i) == c) { i++; return true; }
            return false;
        }

        private void expect(char c) { if (!eat(c)) throw new IllegalArgumentException("expected " + c); }

        private void skip() { while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++; }
    }
}
