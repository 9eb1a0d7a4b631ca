package io.numfuse.fuzz;

import io.numfuse.expr.BinaryOp;
import io.numfuse.expr.ExprParser;
import io.numfuse.expr.UnaryOp;
import io.numfuse.core.DType;
import io.numfuse.ir.Op;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Random expression strings for one seed, from valid ones to hostile ones: random trees of every
 * operator, function, keyword and literal kind the language has (and some it has not); inputs
 * built to sit at or past a limit (nesting, tree height, length, literal size); and either of
 * those mutated (truncated, tokens swapped, odd fragments inserted, slices duplicated). A seed
 * gives the same strings on every machine, so a failure's seed reproduces it.
 */
public final class ExpressionGenerator {
    /** Functions of one argument the binder knows (the op table's), casts included. */
    static final List<String> UNARY_FUNCTIONS = Stream.concat(functions(Op.Kind.UNARY),
            Arrays.stream(DType.values()).map(DType::numpyName)).toList();
    static final List<String> BINARY_FUNCTIONS = Stream.concat(functions(Op.Kind.BINARY), Stream.of("dot")).toList();
    static final List<String> REDUCTIONS = Stream.concat(functions(Op.Kind.REDUCE), Stream.of("mean")).toList();

    private static final List<String> BINARY_OPERATORS = Arrays.stream(BinaryOp.values()).map(BinaryOp::symbol).toList();
    private static final List<String> UNARY_OPERATORS = Arrays.stream(UnaryOp.values()).map(UnaryOp::symbol).toList();

    private static Stream<String> functions(Op.Kind kind) {
        return Arrays.stream(Op.values()).filter(op -> op.kind() == kind).flatMap(op -> op.functionNames().stream());
    }

    /** Names that are bound to nothing, or that are functions or keywords used as values. */
    private static final List<String> UNBOUND = List.of(
            "q", "zz_unknown", "True", "False", "_", "__class__", "sum", "where", "inf", "nan", "None", "lambda", "Sum", "A");

    private static final List<String> INT_TEXTS = List.of(
            "0", "1", "2", "3", "7", "00", "0_0", "2147483647", "2147483648", "4294967295", "4294967296",
            "9223372036854775807", "9223372036854775808", "18446744073709551615", "18446744073709551616",
            "1_000_000", "0xff", "0XFF", "0x_f", "0o777", "0b1_0_1", "0x7fffffffffffffff", "0x8000000000000000",
            "0xffffffffffffffff", "0b" + "1".repeat(64), "0o" + "7".repeat(30));

    private static final List<String> FLOAT_TEXTS = List.of(
            "0.5", "2.0", ".5", "5.", "0.0", "0.", "1e999", "1e-999", "1e308", "1.7976931348623157e308", "1.7976931348623159e308",
            "5e-324", "2.4e-324", "2.5e-324", "1e-320", "1_0.2_5e1_0", "3.141592653589793", "1E5", "1e+5", "1e-5",
            "9007199254740993.0", "0.1", "1e22", "1e23", "4.9406564584124654e-324", "1" + "0".repeat(400) + ".0");

    /** Fragments a mutation inserts: tokens, near-tokens and characters that no token has. */
    private static final List<String> FRAGMENTS = List.of(
            "(", ")", "(", ")", ",", "**", "-", "~", "+", "*", "//", "==", "=", "<", ">", "!", "&", "|", "^", "%", "@",
            "1e999", "0x", "1_", "_1", "1j", ".", "..", "...", "[", "]", "{", "}", ":", ";", "#", "'", "\"", "\\", "\\\n",
            " ", "\t", "\n", "\r", "\u0000", "\u007f", "\u00e9", "\u00a0", "\u202e", "\u2028", "\uD83D", "\uDE00",
            "\uD83D\uDE00", "\uFEFF", "\uFFFF", "axis=", "axis=-", "sum(", "where(", "dot(", "True", "lambda", "a", "b",
            "9999999999999999999999", "2**", "-(", "0b", "0o8", "f(", "x=", "a.b", "in", "not");

    private static final Pattern TOKEN = Pattern.compile("[A-Za-z_][A-Za-z_0-9]*|[0-9][0-9_.xXoObBeE+-]*|\\*\\*|//|[<>=!]=|\\S");

    private final SplittableRandom r;
    private final List<String> names;

    /** @param names the names bound to arrays, which most leaves use */
    public ExpressionGenerator(long seed, List<String> names) {
        this.r = new SplittableRandom(seed);
        this.names = List.copyOf(names);
    }

    /** One input: mostly a random tree, sometimes one built to stress a limit; a third are mutated. */
    public String next() {
        String s = r.nextInt(6) == 0 ? stress() : expression(1 + r.nextInt(6));
        if (r.nextInt(3) == 0) {
            int edits = 1 + r.nextInt(3);
            for (int i = 0; i < edits; i++) s = mutate(s);
        }
        return s;
    }

    /** A random tree of at most {@code depth} levels, written without needless parentheses. */
    public String expression(int depth) {
        if (depth <= 0 || r.nextInt(5) == 0) return leaf();
        return switch (r.nextInt(12)) {
            case 0 -> pick(UNARY_OPERATORS) + space() + expression(depth - 1);
            case 1, 2, 3 -> call(depth);
            case 4 -> "(" + space() + expression(depth - 1) + space() + ")";
            default -> expression(depth - 1) + space() + pick(BINARY_OPERATORS) + space() + expression(depth - 1);
        };
    }

    private String leaf() {
        int k = r.nextInt(40);
        if (k < 23) return pick(names);
        if (k < 24) return pick(UNBOUND);
        if (k < 32) return intLiteral();
        return floatLiteral();
    }

    private String intLiteral() {
        return switch (r.nextInt(7)) {
            case 0, 1 -> Integer.toString(r.nextInt(11));
            case 2 -> Long.toString(r.nextLong() & Long.MAX_VALUE);
            case 3 -> "1" + digits(pick(List.of(19, 40, 300, 4299, 4300)));   // 4300 digits is Python's limit
            case 4 -> "0x" + Long.toHexString(r.nextLong()) + (r.nextInt(8) == 0 ? "f".repeat(r.nextInt(20_000)) : "");
            default -> pick(INT_TEXTS);
        };
    }

    private String floatLiteral() {
        return switch (r.nextInt(3)) {
            case 0 -> Double.toString(Math.abs(Double.longBitsToDouble(r.nextLong()))).replace("Infinity", "1e999")
                    .replace("NaN", "0.0").replace('E', 'e');
            case 1 -> r.nextInt(1000) + "." + r.nextInt(1000);
            default -> pick(FLOAT_TEXTS);
        };
    }

    private String call(int depth) {
        String x = expression(depth - 1);
        return switch (r.nextInt(12)) {
            case 0, 1, 2 -> pick(UNARY_FUNCTIONS) + "(" + x + ")";
            case 3, 4 -> pick(BINARY_FUNCTIONS) + "(" + x + ", " + expression(depth - 1) + ")";
            case 5 -> pick(List.of("where(", "clip(")) + x + ", " + expression(depth - 1) + ", " + expression(depth - 1) + ")";
            case 6, 7 -> pick(REDUCTIONS) + "(" + x + ")";
            case 8 -> pick(REDUCTIONS) + "(" + x + ", " + axis() + ")";
            case 9 -> pick(REDUCTIONS) + "(" + x + ", axis=" + axis() + ")";
            case 10 -> {   // a wrong arity or keyword, which the binder must refuse
                String f = pick(List.of(pick(UNARY_FUNCTIONS), pick(BINARY_FUNCTIONS), pick(REDUCTIONS), "where", "clip"));
                yield f + pick(List.of("()", "(" + x + ", " + x + ", " + x + ", " + x + ")", "(" + x + ", k=1)",
                        "(" + x + ", axis=0, axis2=1)", "(axis=0)", "(" + x + ", 0, axis=0)"));
            }
            default -> pick(List.of("eval", "exec", "__import__", "getattr", "open", "astype", "reshape", "f", "sum_"))
                    + "(" + x + ")";
        };
    }

    private String axis() {
        return pick(List.of("0", "1", "2", "-1", "-2", "-3", "3", "5", "2147483647", "2147483648", "-2147483649",
                "99999999999999999999999", "-0", "1.0", "a", "True", "(0)", "-(1)", "--1", "0x1", "1+0"));
    }

    /** An input at or past one of the parser's limits, or otherwise built to be hard. */
    public String stress() {
        String leaf = r.nextBoolean() ? pick(names) : intLiteral();
        int nest = pick(List.of(ExprParser.MAX_NESTING - 1, ExprParser.MAX_NESTING, ExprParser.MAX_NESTING + 1,
                1_000, 10_000, 40_000));
        int height = pick(List.of(ExprParser.MAX_HEIGHT - 2, ExprParser.MAX_HEIGHT - 1, ExprParser.MAX_HEIGHT,
                ExprParser.MAX_HEIGHT + 1, 5_000, 30_000));
        return switch (r.nextInt(14)) {
            case 0 -> "(".repeat(nest) + leaf + ")".repeat(nest);
            case 1 -> repeatRandom(UNARY_OPERATORS, nest) + leaf;
            case 2 -> leaf + ("**" + (r.nextBoolean() ? leaf : "2")).repeat(Math.min(nest, 20_000));
            case 3 -> leaf + (space() + pick(BINARY_OPERATORS) + space() + pick(names)).repeat(height);
            case 4 -> (pick(UNARY_FUNCTIONS) + "(").repeat(nest) + leaf + ")".repeat(nest);
            case 5 -> "a" + identifierChars(pick(List.of(100, 10_000, ExprParser.MAX_LENGTH - 1, ExprParser.MAX_LENGTH)));
            case 6 -> expression(3) + " ".repeat(ExprParser.MAX_LENGTH + 1);
            case 7 -> "9".repeat(pick(List.of(4300, 4301, 50_000))) + " * " + pick(names);
            case 8 -> pick(names) + pick(List.of(" < ", " == ", " >= ")).repeat(1) + (pick(names) + " < ").repeat(height / 2) + pick(names);
            case 9 -> "where(m, ".repeat(Math.min(nest, 20_000)) + leaf + ", a)".repeat(Math.min(nest, 20_000));
            case 10 -> wide(pick(List.of(50, 150, 400, 1_000)));
            case 11 -> "2**" + pick(List.of("64", "65535", "65536", "100000", "2**2**2**2**2", "10**10", "-1", "-1074", "-1075"))
                    + pick(List.of("", " * " + pick(names), " + 0.5", " // 3", " - 2**65535"));
            case 12 -> "-(".repeat(Math.min(nest, 20_000)) + leaf + ")".repeat(Math.min(nest, 20_000));
            default -> {   // a valid expression with an odd character somewhere
                String s = expression(3);
                int at = r.nextInt(s.length() + 1);
                yield s.substring(0, at) + pick(List.of("\u0000", "\u00e9", "\uD83D\uDE00", "\uD83D", "\u202e", "\u2028",
                        "\u0085", "\uFEFF", "\u001b[2J", "\r\n", "\\\n")) + s.substring(at);
            }
        };
    }

    /**
     * A balanced sum of {@code terms} distinct products ({@code a*1.5 + b*2 + ...}): a short tree
     * whose fused body outgrows the JVM target's 400 instructions, so the fusion pass must cut it.
     */
    private String wide(int terms) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < terms; i++) {
            parts.add(pick(names) + pick(List.of(" * ", " + ", " - ", " / ")) + (r.nextBoolean() ? i + 0.5 : Integer.toString(i)));
        }
        while (parts.size() > 1) {
            List<String> next = new ArrayList<>();
            for (int i = 0; i + 1 < parts.size(); i += 2) next.add("(" + parts.get(i) + pick(List.of(" + ", " * ", " - ")) + parts.get(i + 1) + ")");
            if (parts.size() % 2 == 1) next.add(parts.getLast());
            parts = next;
        }
        return parts.getFirst();
    }

    /** {@code s} with one random edit. */
    public String mutate(String s) {
        if (s.isEmpty()) return pick(FRAGMENTS);
        int at = r.nextInt(s.length() + 1);
        return switch (r.nextInt(7)) {
            case 0 -> s.substring(0, at);                                              // truncate
            case 1 -> s.substring(0, at) + s.substring(Math.min(s.length(), at + 1 + r.nextInt(3)));   // delete
            case 2, 3 -> s.substring(0, at) + pick(FRAGMENTS) + s.substring(at);       // insert
            case 4 -> swapTokens(s);
            case 5 -> {                                                                // duplicate a slice
                int from = r.nextInt(s.length()), to = Math.min(s.length(), from + 1 + r.nextInt(40));
                yield s.substring(0, to) + s.substring(from, to) + s.substring(to);
            }
            default -> {                                                               // replace one char
                int i = r.nextInt(s.length());
                yield s.substring(0, i) + (char) (r.nextBoolean() ? 0x20 + r.nextInt(0x5f) : r.nextInt(0x10000)) + s.substring(i + 1);
            }
        };
    }

    private String swapTokens(String s) {
        List<int[]> tokens = new ArrayList<>();
        Matcher m = TOKEN.matcher(s);
        while (m.find() && tokens.size() < 10_000) tokens.add(new int[] {m.start(), m.end()});
        if (tokens.size() < 2) return s;
        int i = r.nextInt(tokens.size()), j = r.nextInt(tokens.size());
        if (i == j) return s;
        int[] a = tokens.get(Math.min(i, j)), b = tokens.get(Math.max(i, j));
        return s.substring(0, a[0]) + s.substring(b[0], b[1]) + s.substring(a[1], b[0]) + s.substring(a[0], a[1]) + s.substring(b[1]);
    }

    private String space() {
        return switch (r.nextInt(10)) {
            case 0 -> "";
            case 1 -> "  ";
            case 2 -> pick(List.of("\t", "\n", "\\\n", " \r\n "));
            default -> " ";
        };
    }

    private String repeatRandom(List<String> choices, int n) {
        StringBuilder b = new StringBuilder(n);
        for (int i = 0; i < n; i++) b.append(pick(choices));
        return b.toString();
    }

    private String identifierChars(int n) {
        StringBuilder b = new StringBuilder(n);
        for (int i = 0; i < n; i++) b.append("abcdefghijklmnopqrstuvwxyz_0123456789".charAt(r.nextInt(37)));
        return b.toString();
    }

    private String digits(int n) {
        StringBuilder b = new StringBuilder(n);
        for (int i = 0; i < n; i++) b.append((char) ('0' + r.nextInt(10)));
        return b.toString();
    }

    private <T> T pick(List<T> choices) { return choices.get(r.nextInt(choices.size())); }
}
