package io.numfuse.bench;

import io.numfuse.expr.Ast;
import io.numfuse.expr.ExprParser;
import io.numfuse.core.DType;
import io.numfuse.ir.Op;
import io.numfuse.ir.Semantics;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The eager baseline: an expression evaluated one operation at a time, each operation a
 * specialised loop writing a newly allocated temporary, as NumPy evaluates {@code a + b*c}
 * ({@code t = b*c; r = a + t}). Each loop is split across threads as numfuse would split it,
 * so that against numfuse the difference is fusion alone. float32 arrays compute in float32
 * with scalars rounded to float32 (NumPy 2's weak scalars). The expression is the tree of
 * numfuse's own parser ({@link ExprParser}), so every expression {@code bench --expr} accepts
 * over float inputs has this baseline. The ops the benchmark cases use most have loops of their
 * own; any other op of the table runs a loop through its {@link Semantics} definition.
 *
 * <p>Values are float[] or double[] (float arrays), boolean[] (comparisons), and Double or
 * Boolean (literals, and the results of reductions).
 */
final class Eager {
    private Eager() {}

    /** What this baseline has no loop for (integer dtypes, reductions over an axis): the bench then runs without it. */
    static final class Unsupported extends RuntimeException {
        Unsupported(String what) { super(what); }
    }

    /** The names {@code t} reads, in order of first appearance (the arrays to give it). */
    static Set<String> names(Ast t) {
        Set<String> out = new LinkedHashSet<>();
        collect(t, out);
        return out;
    }

    private static void collect(Ast t, Set<String> out) {
        switch (t) {
            case Ast.Name v -> out.add(v.name());
            case Ast.Unary u -> collect(u.operand(), out);
            case Ast.Binary b -> { collect(b.left(), out); collect(b.right(), out); }
            case Ast.Call c -> { c.args().forEach(a -> collect(a, out)); c.keywords().values().forEach(a -> collect(a, out)); }
            default -> { }
        }
    }

    /**
     * Evaluates {@code t} over {@code inputs} (all float[] or all double[] of length n): an array,
     * or a Double for a reduction.
     *
     * @throws Unsupported for what this baseline does not compute
     */
    static Object eval(Ast t, Map<String, Object> inputs, int n) {
        return switch (t) {
            case Ast.Name v -> {
                Object x = inputs.get(v.name());
                if (x == null) throw new Unsupported("no array named " + v.name());
                yield x;
            }
            case Ast.IntLiteral l -> l.value().doubleValue();
            case Ast.FloatLiteral l -> l.value();
            case Ast.BoolLiteral l -> l.value();
            case Ast.Unary u -> u.op().op() == null ? eval(u.operand(), inputs, n) : apply(u.op().op(), eval(u.operand(), inputs, n), n);
            case Ast.Binary b -> apply(b.op().op(), eval(b.left(), inputs, n), eval(b.right(), inputs, n), n);
            case Ast.Call c -> call(c, inputs, n);
        };
    }

    private static Object call(Ast.Call c, Map<String, Object> inputs, int n) {
        if (!c.keywords().isEmpty()) throw new Unsupported(c.function() + "() with keyword arguments");
        List<Object> args = c.args().stream().map(a -> eval(a, inputs, n)).toList();
        Op op = Op.function(c.function());
        if (op != null && args.size() == op.arity()) {
            return switch (op.kind()) {
                case UNARY -> apply(op, args.get(0), n);
                case BINARY, COMPARE -> apply(op, args.get(0), args.get(1), n);
                case SELECT -> where(args.get(0), args.get(1), args.get(2), n);
                case REDUCE -> reduce(op, args.get(0), n);
                case CAST -> throw new Unsupported(c.function());
            };
        }
        return switch (c.function() + "/" + args.size()) {
            case "dot/2" -> reduce(Op.SUM, apply(Op.MUL, args.get(0), args.get(1), n), n);
            case "mean/1" -> reduce(Op.SUM, args.get(0), n) / n;
            case "clip/3" -> apply(Op.MINIMUM, apply(Op.MAXIMUM, args.get(0), args.get(1), n), args.get(2), n);
            case "float64/1" -> toDouble(args.get(0), n);
            case "float32/1" -> args.get(0) instanceof Double d ? (double) d.floatValue() : toFloat(args.get(0), n);
            default -> throw new Unsupported(c.function() + "() with " + args.size() + " arguments");
        };
    }

    /** A unary op of the table on an array or a scalar. */
    static Object apply(Op op, Object x, int n) {
        if (x instanceof Boolean v) x = v ? 1.0 : 0.0;
        if (x instanceof Double d) {
            return op.rule() == Op.Rule.TEST ? Semantics.floatTest(op, d) : Semantics.floatUnary(op, DType.FLOAT64, d);
        }
        if (x instanceof boolean[] a) {
            if (op != Op.NOT) throw new Unsupported(op.lowerName() + " of booleans");
            boolean[] o = new boolean[n];
            Par.forRange(n, (f, t) -> { for (int i = f; i < t; i++) o[i] = !a[i]; });
            return o;
        }
        if (op.rule() == Op.Rule.TEST) return test(op, x, n);
        if (op == Op.NOT) throw new Unsupported("~ of floats");
        return unary(op, x, n);
    }

    /** A binary op or comparison of the table; bool operands of arithmetic become the other operand's float type, as in NumPy. */
    static Object apply(Op op, Object x, Object y, int n) {
        if (op.rule() == Op.Rule.LOGIC) return logic(op, x, y, n);
        if (x instanceof Boolean v) x = v ? 1.0 : 0.0;
        if (y instanceof Boolean v) y = v ? 1.0 : 0.0;
        if (x instanceof Double a && y instanceof Double b) {
            return op.kind() == Op.Kind.COMPARE ? (Object) Semantics.floatCompare(op, a, b) : (Object) Semantics.floatBinary(op, DType.FLOAT64, a, b);
        }
        if (x instanceof boolean[] || y instanceof boolean[]) {
            boolean f32 = x instanceof float[] || y instanceof float[];
            x = x instanceof boolean[] ? (f32 ? toFloat(x, n) : toDouble(x, n)) : x;
            y = y instanceof boolean[] ? (f32 ? toFloat(y, n) : toDouble(y, n)) : y;
        }
        if (x instanceof double[] || y instanceof double[]) {   // float64(a) + b: NumPy promotes b
            x = x instanceof float[] ? toDouble(x, n) : x;
            y = y instanceof float[] ? toDouble(y, n) : y;
        }
        if (op.kind() == Op.Kind.COMPARE) return compare(op, x, y, n);
        return binary(op, x, y, n);
    }

    /** where(c, x, y): the branches promoted to one float type (a float32 array and a scalar stay float32). */
    static Object where(Object c, Object x, Object y, int n) {
        boolean[] cond = c instanceof boolean[] b ? b : bools(c, n);
        boolean f32 = !(x instanceof double[] || y instanceof double[]) && (x instanceof float[] || y instanceof float[]);
        Object a = broadcast(x, f32, n), b = broadcast(y, f32, n);
        if (f32) {
            float[] p = (float[]) a, q = (float[]) b, o = new float[n];
            Par.forRange(n, (f, t) -> { for (int i = f; i < t; i++) o[i] = cond[i] ? p[i] : q[i]; });
            return o;
        }
        double[] p = (double[]) a, q = (double[]) b, o = new double[n];
        Par.forRange(n, (f, t) -> { for (int i = f; i < t; i++) o[i] = cond[i] ? p[i] : q[i]; });
        return o;
    }

    static Object unary(Op op, Object x, int n) {
        if (x instanceof float[] a) {
            float[] o = new float[n];
            Par.forRange(n, (f, t) -> unaryF(op, a, o, f, t));
            return o;
        }
        double[] a = (double[]) x;
        double[] o = new double[n];
        Par.forRange(n, (f, t) -> unaryD(op, a, o, f, t));
        return o;
    }

    static Object binary(Op op, Object x, Object y, int n) {
        if (x instanceof float[] || y instanceof float[]) {
            float[] o = new float[n];
            if (x instanceof float[] a && y instanceof float[] b) Par.forRange(n, (f, t) -> binaryF(op, a, b, o, f, t));
            else if (x instanceof float[] a) { float s = (float) (double) (Double) y; Par.forRange(n, (f, t) -> binaryFS(op, a, s, o, f, t)); }
            else { float s = (float) (double) (Double) x; float[] b = (float[]) y; Par.forRange(n, (f, t) -> binarySF(op, s, b, o, f, t)); }
            return o;
        }
        double[] o = new double[n];
        if (x instanceof double[] a && y instanceof double[] b) Par.forRange(n, (f, t) -> binaryD(op, a, b, o, f, t));
        else if (x instanceof double[] a) { double s = (Double) y; Par.forRange(n, (f, t) -> binaryDS(op, a, s, o, f, t)); }
        else { double s = (Double) x; double[] b = (double[]) y; Par.forRange(n, (f, t) -> binarySD(op, s, b, o, f, t)); }
        return o;
    }

    /** A reduction of the whole array: sum, max and min split across threads; prod in order. */
    static Double reduce(Op op, Object x, int n) {
        if (x instanceof Double d) return d;
        if (x instanceof boolean[]) x = toDouble(x, n);
        if (x instanceof float[] a) {
            return switch (op) {
                case SUM -> Par.sum(n, (f, t) -> Loops.sum(a, f, t));
                case MAX -> Par.max(n, (f, t) -> Loops.max(a, f, t));
                case MIN -> Par.min(n, (f, t) -> { float m = Float.POSITIVE_INFINITY; for (int i = f; i < t; i++) m = Math.min(m, a[i]); return m; });
                default -> fold(op, toDouble(a, n), DType.FLOAT32);
            };
        }
        double[] a = (double[]) x;
        return switch (op) {
            case SUM -> Par.sum(n, (f, t) -> Loops.sum(a, f, t));
            case MAX -> Par.max(n, (f, t) -> Loops.max(a, f, t));
            case MIN -> Par.min(n, (f, t) -> { double m = Double.POSITIVE_INFINITY; for (int i = f; i < t; i++) m = Math.min(m, a[i]); return m; });
            default -> fold(op, a, DType.FLOAT64);
        };
    }

    /** Any other reduction: its combining op through {@link Semantics}, from its start value. */
    private static double fold(Op op, double[] a, DType t) {
        double acc = op.floatStart();
        for (double v : a) acc = Semantics.floatBinary(op.combiner(), t, acc, v);
        return acc;
    }

    // ---- conversions and the loops of comparisons and logic --------------------------------------

    static double[] toDouble(Object x, int n) {
        double[] o = new double[n];
        switch (x) {
            case double[] a -> { return a; }
            case float[] a -> Par.forRange(n, (f, t) -> { for (int i = f; i < t; i++) o[i] = a[i]; });
            case boolean[] a -> Par.forRange(n, (f, t) -> { for (int i = f; i < t; i++) o[i] = a[i] ? 1 : 0; });
            case Double d -> java.util.Arrays.fill(o, d);
            default -> throw new Unsupported("float64 of " + x.getClass().getSimpleName());
        }
        return o;
    }

    static float[] toFloat(Object x, int n) {
        float[] o = new float[n];
        switch (x) {
            case float[] a -> { return a; }
            case double[] a -> Par.forRange(n, (f, t) -> { for (int i = f; i < t; i++) o[i] = (float) a[i]; });
            case boolean[] a -> Par.forRange(n, (f, t) -> { for (int i = f; i < t; i++) o[i] = a[i] ? 1 : 0; });
            case Double d -> java.util.Arrays.fill(o, d.floatValue());
            default -> throw new Unsupported("float32 of " + x.getClass().getSimpleName());
        }
        return o;
    }

    private static Object broadcast(Object x, boolean f32, int n) { return f32 ? toFloat(x, n) : toDouble(x, n); }

    private static boolean[] bools(Object x, int n) {
        if (x instanceof Boolean b) { boolean[] o = new boolean[n]; java.util.Arrays.fill(o, b); return o; }
        double[] d = toDouble(x, n);
        boolean[] o = new boolean[n];
        Par.forRange(n, (f, t) -> { for (int i = f; i < t; i++) o[i] = d[i] != 0; });
        return o;
    }

    private static boolean[] test(Op op, Object x, int n) {
        double[] d = toDouble(x, n);
        boolean[] o = new boolean[n];
        Par.forRange(n, (f, t) -> { for (int i = f; i < t; i++) o[i] = Semantics.floatTest(op, d[i]); });
        return o;
    }

    /** A comparison of float arrays or an array and a scalar (the scalar in the array's type). */
    private static boolean[] compare(Op op, Object x, Object y, int n) {
        boolean f32 = x instanceof float[] || y instanceof float[];
        double[] a = x instanceof Double d ? null : toDouble(x, n), b = y instanceof Double d ? null : toDouble(y, n);
        double sa = x instanceof Double d ? Semantics.round(f32 ? DType.FLOAT32 : DType.FLOAT64, d) : 0;
        double sb = y instanceof Double d ? Semantics.round(f32 ? DType.FLOAT32 : DType.FLOAT64, d) : 0;
        boolean[] o = new boolean[n];
        Par.forRange(n, (f, t) -> {
            for (int i = f; i < t; i++) o[i] = Semantics.floatCompare(op, a == null ? sa : a[i], b == null ? sb : b[i]);
        });
        return o;
    }

    /** &, | and ^ of booleans (numfuse rejects them on floats). */
    private static Object logic(Op op, Object x, Object y, int n) {
        if (x instanceof Boolean p && y instanceof Boolean q) return op == Op.AND ? p & q : op == Op.OR ? p | q : p ^ q;
        if (!(x instanceof boolean[] || x instanceof Boolean) || !(y instanceof boolean[] || y instanceof Boolean)) {
            throw new Unsupported(op.symbol() + " of non-booleans");
        }
        boolean[] a = bools(x, n), b = bools(y, n), o = new boolean[n];
        Par.forRange(n, (f, t) -> {
            for (int i = f; i < t; i++) o[i] = op == Op.AND ? a[i] & b[i] : op == Op.OR ? a[i] | b[i] : a[i] ^ b[i];
        });
        return o;
    }

    // ---- the loops: one per op, the dispatch outside the loop ----------------------------------

    static void unaryF(Op op, float[] a, float[] o, int f, int t) {
        switch (op) {
            case NEG -> { for (int i = f; i < t; i++) o[i] = -a[i]; }
            case ABS -> { for (int i = f; i < t; i++) o[i] = Math.abs(a[i]); }
            case SQRT -> { for (int i = f; i < t; i++) o[i] = (float) Math.sqrt(a[i]); }
            case EXP -> { for (int i = f; i < t; i++) o[i] = (float) Math.exp(a[i]); }
            case LOG -> { for (int i = f; i < t; i++) o[i] = (float) Math.log(a[i]); }
            case SIN -> { for (int i = f; i < t; i++) o[i] = (float) Math.sin(a[i]); }
            case COS -> { for (int i = f; i < t; i++) o[i] = (float) Math.cos(a[i]); }
            case TANH -> { for (int i = f; i < t; i++) o[i] = (float) Math.tanh(a[i]); }
            default -> { for (int i = f; i < t; i++) o[i] = (float) Semantics.floatUnary(op, DType.FLOAT32, a[i]); }
        }
    }

    static void unaryD(Op op, double[] a, double[] o, int f, int t) {
        switch (op) {
            case NEG -> { for (int i = f; i < t; i++) o[i] = -a[i]; }
            case ABS -> { for (int i = f; i < t; i++) o[i] = Math.abs(a[i]); }
            case SQRT -> { for (int i = f; i < t; i++) o[i] = Math.sqrt(a[i]); }
            case EXP -> { for (int i = f; i < t; i++) o[i] = Math.exp(a[i]); }
            case LOG -> { for (int i = f; i < t; i++) o[i] = Math.log(a[i]); }
            case SIN -> { for (int i = f; i < t; i++) o[i] = Math.sin(a[i]); }
            case COS -> { for (int i = f; i < t; i++) o[i] = Math.cos(a[i]); }
            case TANH -> { for (int i = f; i < t; i++) o[i] = Math.tanh(a[i]); }
            default -> { for (int i = f; i < t; i++) o[i] = Semantics.floatUnary(op, DType.FLOAT64, a[i]); }
        }
    }

    static void binaryF(Op op, float[] a, float[] b, float[] o, int f, int t) {
        switch (op) {
            case ADD -> { for (int i = f; i < t; i++) o[i] = a[i] + b[i]; }
            case SUB -> { for (int i = f; i < t; i++) o[i] = a[i] - b[i]; }
            case MUL -> { for (int i = f; i < t; i++) o[i] = a[i] * b[i]; }
            case DIV -> { for (int i = f; i < t; i++) o[i] = a[i] / b[i]; }
            case MAXIMUM -> { for (int i = f; i < t; i++) o[i] = Math.max(a[i], b[i]); }
            case MINIMUM -> { for (int i = f; i < t; i++) o[i] = Math.min(a[i], b[i]); }
            default -> { for (int i = f; i < t; i++) o[i] = (float) Semantics.floatBinary(op, DType.FLOAT32, a[i], b[i]); }
        }
    }

    static void binaryFS(Op op, float[] a, float s, float[] o, int f, int t) {
        switch (op) {
            case ADD -> { for (int i = f; i < t; i++) o[i] = a[i] + s; }
            case SUB -> { for (int i = f; i < t; i++) o[i] = a[i] - s; }
            case MUL -> { for (int i = f; i < t; i++) o[i] = a[i] * s; }
            case DIV -> { for (int i = f; i < t; i++) o[i] = a[i] / s; }
            case MAXIMUM -> { for (int i = f; i < t; i++) o[i] = Math.max(a[i], s); }
            case MINIMUM -> { for (int i = f; i < t; i++) o[i] = Math.min(a[i], s); }
            default -> { for (int i = f; i < t; i++) o[i] = (float) Semantics.floatBinary(op, DType.FLOAT32, a[i], s); }
        }
    }

    static void binarySF(Op op, float s, float[] b, float[] o, int f, int t) {
        switch (op) {
            case ADD -> { for (int i = f; i < t; i++) o[i] = s + b[i]; }
            case SUB -> { for (int i = f; i < t; i++) o[i] = s - b[i]; }
            case MUL -> { for (int i = f; i < t; i++) o[i] = s * b[i]; }
            case DIV -> { for (int i = f; i < t; i++) o[i] = s / b[i]; }
            case MAXIMUM -> { for (int i = f; i < t; i++) o[i] = Math.max(s, b[i]); }
            case MINIMUM -> { for (int i = f; i < t; i++) o[i] = Math.min(s, b[i]); }
            default -> { for (int i = f; i < t; i++) o[i] = (float) Semantics.floatBinary(op, DType.FLOAT32, s, b[i]); }
        }
    }

    static void binaryD(Op op, double[] a, double[] b, double[] o, int f, int t) {
        switch (op) {
            case ADD -> { for (int i = f; i < t; i++) o[i] = a[i] + b[i]; }
            case SUB -> { for (int i = f; i < t; i++) o[i] = a[i] - b[i]; }
            case MUL -> { for (int i = f; i < t; i++) o[i] = a[i] * b[i]; }
            case DIV -> { for (int i = f; i < t; i++) o[i] = a[i] / b[i]; }
            case MAXIMUM -> { for (int i = f; i < t; i++) o[i] = Math.max(a[i], b[i]); }
            case MINIMUM -> { for (int i = f; i < t; i++) o[i] = Math.min(a[i], b[i]); }
            default -> { for (int i = f; i < t; i++) o[i] = Semantics.floatBinary(op, DType.FLOAT64, a[i], b[i]); }
        }
    }

    static void binaryDS(Op op, double[] a, double s, double[] o, int f, int t) {
        switch (op) {
            case ADD -> { for (int i = f; i < t; i++) o[i] = a[i] + s; }
            case SUB -> { for (int i = f; i < t; i++) o[i] = a[i] - s; }
            case MUL -> { for (int i = f; i < t; i++) o[i] = a[i] * s; }
            case DIV -> { for (int i = f; i < t; i++) o[i] = a[i] / s; }
            case MAXIMUM -> { for (int i = f; i < t; i++) o[i] = Math.max(a[i], s); }
            case MINIMUM -> { for (int i = f; i < t; i++) o[i] = Math.min(a[i], s); }
            default -> { for (int i = f; i < t; i++) o[i] = Semantics.floatBinary(op, DType.FLOAT64, a[i], s); }
        }
    }

    static void binarySD(Op op, double s, double[] b, double[] o, int f, int t) {
        switch (op) {
            case ADD -> { for (int i = f; i < t; i++) o[i] = s + b[i]; }
            case SUB -> { for (int i = f; i < t; i++) o[i] = s - b[i]; }
            case MUL -> { for (int i = f; i < t; i++) o[i] = s * b[i]; }
            case DIV -> { for (int i = f; i < t; i++) o[i] = s / b[i]; }
            case MAXIMUM -> { for (int i = f; i < t; i++) o[i] = Math.max(s, b[i]); }
            case MINIMUM -> { for (int i = f; i < t; i++) o[i] = Math.min(s, b[i]); }
            default -> { for (int i = f; i < t; i++) o[i] = Semantics.floatBinary(op, DType.FLOAT64, s, b[i]); }
        }
    }
}
