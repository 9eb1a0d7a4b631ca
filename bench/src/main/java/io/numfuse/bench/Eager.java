package io.numfuse.bench;

import io.numfuse.ir.DType;
import io.numfuse.ir.Op;
import io.numfuse.ir.Semantics;
import java.util.Map;

/**
 * The eager baseline: an expression evaluated one operation at a time, each operation a
 * specialised loop writing a newly allocated temporary, as NumPy evaluates {@code a + b*c}
 * ({@code t = b*c; r = a + t}). Each loop is split across threads as numfuse would split it,
 * so that against numfuse the difference is fusion alone. float32 arrays compute in float32
 * with scalars rounded to float32 (NumPy 2's weak scalars). The ops the benchmark cases use have
 * loops of their own; any other float op of the table runs a loop through its {@link Semantics}
 * definition.
 */
final class Eager {
    private Eager() {}

    /** Evaluates {@code t} over {@code inputs} (all float[] or all double[] of length n): an array, or a Double for a reduction. */
    static Object eval(Tree t, Map<String, Object> inputs, int n) {
        return switch (t) {
            case Tree.Var v -> inputs.get(v.name());
            case Tree.Lit l -> l.value();
            case Tree.Un u -> unary(u.op(), eval(u.x(), inputs, n), n);
            case Tree.Bin b -> binary(b.op(), eval(b.l(), inputs, n), eval(b.r(), inputs, n), n);
            case Tree.Reduce r when r.y() != null -> reduce(Op.SUM, binary(Op.MUL, eval(r.x(), inputs, n), eval(r.y(), inputs, n), n), n);
            case Tree.Reduce r -> reduce(r.op(), eval(r.x(), inputs, n), n);
        };
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

    /** The reductions {@link #reduce} computes. */
    static boolean reduces(Op op) { return op == Op.SUM || op == Op.MAX || op == Op.MIN; }

    static Double reduce(Op op, Object x, int n) {
        if (x instanceof float[] a) {
            return switch (op) {
                case SUM -> Par.sum(n, (f, t) -> Loops.sum(a, f, t));
                case MAX -> Par.max(n, (f, t) -> Loops.max(a, f, t));
                case MIN -> Par.min(n, (f, t) -> { float m = Float.POSITIVE_INFINITY; for (int i = f; i < t; i++) m = Math.min(m, a[i]); return m; });
                default -> throw new IllegalArgumentException(op.toString());
            };
        }
        double[] a = (double[]) x;
        return switch (op) {
            case SUM -> Par.sum(n, (f, t) -> Loops.sum(a, f, t));
            case MAX -> Par.max(n, (f, t) -> Loops.max(a, f, t));
            case MIN -> Par.min(n, (f, t) -> { double m = Double.POSITIVE_INFINITY; for (int i = f; i < t; i++) m = Math.min(m, a[i]); return m; });
            default -> throw new IllegalArgumentException(op.toString());
        };
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
