package io.numfuse.opencl;

import io.numfuse.core.DType;
import io.numfuse.ir.Op;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * OpenCL C expressions for single values and ops, the OpenCL twin of the JVM backend's
 * {@code InstrEmitter}: every {@link Op} has a rendering here ({@link #apply}, an exhaustive
 * switch), and each follows {@code io.numfuse.ir.Semantics}. Values live in variables of their
 * computational type: bool as {@code int} (0 or 1; stored as {@code uchar}), int32 {@code int},
 * int64 {@code long}, float32 {@code float}, float64 {@code double}. Rules that are more than one
 * C operator are helper functions, collected once per program in {@link #helpers()}.
 *
 * <p>Policy: integer arithmetic wraps (computed on the unsigned type and reinterpreted, since
 * signed overflow is undefined in C); OpenCL's {@code fmax}/{@code fmin} do not propagate NaN,
 * so maximum/minimum are written out as NumPy (and Java's {@code Math.max}) define them; C's
 * {@code pow} special cases are explicit; float-to-int casts truncate, saturate and give 0 for
 * NaN as Java does; shift counts outside the bit width shift every bit out, as NumPy's do.
 */
final class OpenClOps {
    private final Map<String, String> helpers = new LinkedHashMap<>();

    /** The helper functions the rendered expressions call, in first-use order. */
    String helpers() { return String.join("", helpers.values()); }

    /** The C type a value of {@code t} lives in. */
    static String value(DType t) {
        return switch (t) {
            case BOOL, INT32 -> "int";
            case INT64 -> "long";
            case FLOAT32 -> "float";
            case FLOAT64 -> "double";
        };
    }

    /** The C type of an element of a buffer of {@code t}. */
    static String storage(DType t) { return t == DType.BOOL ? "uchar" : value(t); }

    /** The C type of a scalar kernel argument of {@code t}. */
    static String argument(DType t) { return value(t); }

    private static String unsigned(DType t) { return t == DType.INT64 ? "ulong" : "uint"; }
    private static int bits(DType t) { return t == DType.INT64 ? 64 : 32; }
    private static String as(DType t) { return t == DType.INT64 ? "as_long" : "as_int"; }
    private static String suffix(DType t) {
        return switch (t) { case BOOL -> "b"; case INT32 -> "i32"; case INT64 -> "i64"; case FLOAT32 -> "f32"; case FLOAT64 -> "f64"; };
    }

    /** {@code a OP b} with two's complement wrap-around. */
    private static String wrapping(DType t, String op, String a, String b) {
        String u = unsigned(t);
        return as(t) + "((" + u + ")(" + a + ") " + op + " (" + u + ")(" + b + "))";
    }

    /** A 0/1 bool from an int expression. */
    private static String bool(String x) { return "((" + x + ") != 0)"; }

    /**
     * {@code op} of the operands {@code args} of type {@code t} (one, or two for a binary op or
     * comparison): a value of type {@code t}, or a 0/1 int for a comparison or a test such as
     * isnan. A reduction renders its combining op. One exhaustive switch over the op table, each
     * op once. {@code err} names the int flag a kernel sets when an op has no value (an integer to
     * a negative power, which the interpreter rejects).
     */
    String apply(Op op, DType t, String... args) {
        boolean f = t.isFloat(), bl = t == DType.BOOL;
        String T = value(t), x = args[0], a = args[0], b = args.length > 1 ? args[1] : null;
        return switch (op) {
            case NEG -> f ? "(-" + x + ")" : bl ? x : wrapping(t, "-", "0", x);
            case ABS -> f ? "fabs(" + x + ")" : bl ? x : as(t) + "(abs(" + x + "))";
            case NOT -> f ? undefined(op, t) : bl ? "((" + x + ") ^ 1)" : "(~" + x + ")";
            case SQUARE -> f ? "(" + x + " * " + x + ")" : bl ? undefined(op, t) : wrapping(t, "*", x, x);
            case RECIPROCAL -> f ? "((" + T + ")1 / " + x + ")" : bl ? undefined(op, t) : helper("recip", t, x);
            case SQRT -> fn(op, t, "sqrt", x);
            case EXP -> fn(op, t, "exp", x);
            case EXP2 -> fn(op, t, "exp2", x);
            case EXPM1 -> fn(op, t, "expm1", x);
            case LOG -> fn(op, t, "log", x);
            case LOG1P -> fn(op, t, "log1p", x);
            case LOG10 -> fn(op, t, "log10", x);
            case LOG2 -> fn(op, t, "log2", x);
            case SIN -> fn(op, t, "sin", x);
            case COS -> fn(op, t, "cos", x);
            case TAN -> fn(op, t, "tan", x);
            case ARCSIN -> fn(op, t, "asin", x);
            case ARCCOS -> fn(op, t, "acos", x);
            case ARCTAN -> fn(op, t, "atan", x);
            case SINH -> fn(op, t, "sinh", x);
            case COSH -> fn(op, t, "cosh", x);
            case TANH -> fn(op, t, "tanh", x);
            case ARCSINH -> fn(op, t, "asinh", x);
            case ARCCOSH -> fn(op, t, "acosh", x);
            case ARCTANH -> fn(op, t, "atanh", x);
            case FLOOR -> f ? "floor(" + x + ")" : x;
            case CEIL -> f ? "ceil(" + x + ")" : x;
            case ROUND -> f ? "rint(" + x + ")" : x;   // round half to even, as np.round and Math.rint
            case SIGN -> f ? helper("sign", t, x) : "((" + T + ")(((" + x + ") > 0) - ((" + x + ") < 0)))";
            case ISNAN -> f ? "isnan(" + x + ")" : "0";           // the scalar built-ins give an int 0/1
            case ISINF -> f ? "isinf(" + x + ")" : "0";
            case ISFINITE -> f ? "isfinite(" + x + ")" : "1";
            case ADD -> f ? "(" + a + " + " + b + ")" : bl ? "(" + a + " | " + b + ")" : wrapping(t, "+", a, b);
            case SUB -> f ? "(" + a + " - " + b + ")" : bl ? bool(a + " - " + b) : wrapping(t, "-", a, b);
            case MUL -> f ? "(" + a + " * " + b + ")" : bl ? "(" + a + " & " + b + ")" : wrapping(t, "*", a, b);
            case DIV -> f ? "(" + a + " / " + b + ")" : undefined(op, t);
            case FLOOR_DIV -> bl ? bool(helper("fdiv", DType.INT32, a, b)) : helper("fdiv", t, a, b);
            case MOD -> bl ? bool(helper("mod", DType.INT32, a, b)) : helper("mod", t, a, b);
            case POW -> bl ? bool(helper("pow", DType.INT32, a, b, "err")) : f ? helper("pow", t, a, b) : helper("pow", t, a, b, "err");
            case MAXIMUM -> f ? helper("max", t, a, b) : bl ? "(" + a + " | " + b + ")" : "max(" + a + ", " + b + ")";
            case MINIMUM -> f ? helper("min", t, a, b) : bl ? "(" + a + " & " + b + ")" : "min(" + a + ", " + b + ")";
            case ARCTAN2 -> f ? "atan2(" + a + ", " + b + ")" : undefined(op, t);
            case HYPOT -> f ? "hypot(" + a + ", " + b + ")" : undefined(op, t);
            case AND -> f ? undefined(op, t) : "(" + a + " & " + b + ")";
            case OR -> f ? undefined(op, t) : "(" + a + " | " + b + ")";
            case XOR -> f ? undefined(op, t) : "(" + a + " ^ " + b + ")";
            case LEFT_SHIFT -> f || bl ? undefined(op, t) : helper("shl", t, a, b);
            case RIGHT_SHIFT -> f || bl ? undefined(op, t) : helper("shr", t, a, b);
            case EQ -> "(" + a + " == " + b + ")";   // scalar comparisons give int 0/1; NaN compares false, != true
            case NE -> "(" + a + " != " + b + ")";
            case LT -> "(" + a + " < " + b + ")";
            case LE -> "(" + a + " <= " + b + ")";
            case GT -> "(" + a + " > " + b + ")";
            case GE -> "(" + a + " >= " + b + ")";
            case SUM, PROD, MAX, MIN -> apply(op.combiner(), t, args);
            case WHERE, CAST -> throw new IllegalArgumentException(op + " has an instruction of its own (Select, Cast)");
        };
    }

    /** A float function (OpenCL's built-in of the same type); not defined on bool and int. */
    private static String fn(Op op, DType t, String name, String x) {
        return t.isFloat() ? name + "(" + x + ")" : undefined(op, t);
    }

    private static String undefined(Op op, DType t) {
        throw new IllegalArgumentException(op + " is not defined on " + t);
    }

    /** {@code x} of type {@code from} converted to {@code to}, as {@code Semantics} casts. */
    String cast(DType from, DType to, String x) {
        if (from == to) return x;
        if (to == DType.BOOL) return "((" + x + ") != 0)";   // NaN != 0: true
        if (!to.isFloat()) {
            if (from.isFloat()) return helper("toint", from, to, x);
            if (to == DType.INT32) return from == DType.INT64 ? "as_int((uint)(" + x + "))" : x;
            return "((long)(" + x + "))";
        }
        return "((" + value(to) + ")(" + x + "))";   // round to nearest even (OpenCL's default conversion for floats)
    }

    /** The value reduction {@code op}'s accumulator starts from on type {@code t} (the op table's {@code floatStart}/{@code intStart}). */
    static String identity(Op op, DType t) {
        if (t.isFloat()) {
            double v = op.floatStart();
            return "((" + value(t) + ")" + (Double.isInfinite(v) ? (v > 0 ? "INFINITY" : "-INFINITY") : Long.toString((long) v)) + ")";
        }
        long v = op.intStart(t);
        if (v == Long.MIN_VALUE) return "LONG_MIN";
        if (v == Long.MAX_VALUE) return "LONG_MAX";
        if (t == DType.INT32 && v == Integer.MIN_VALUE) return "INT_MIN";
        if (t == DType.INT32 && v == Integer.MAX_VALUE) return "INT_MAX";
        return Long.toString(v);
    }

    // ---- helpers ----------------------------------------------------------------------------

    private String helper(String name, DType t, String... args) { return helper(name, t, null, args); }

    private String helper(String name, DType t, DType to, String... args) {
        String fname = "nf_" + name + "_" + suffix(t) + (to != null ? "_" + suffix(to) : "");
        helpers.computeIfAbsent(fname, n -> define(name, t, to, n));
        return fname + "(" + String.join(", ", args) + ")";
    }

    private static String define(String name, DType t, DType to, String fname) {
        String T = value(t), U = unsigned(t);
        String body = switch (name) {
            case "sign" -> T + " " + fname + "(" + T + " x) { return isnan(x) ? x : x > 0 ? (" + T + ")1 : x < 0 ? (" + T + ")-1 : (" + T + ")0; }\n";
            // np.maximum / np.minimum (and Math.max/min): NaN propagates, +0 > -0
            case "max" -> T + " " + fname + "(" + T + " a, " + T + " b) {\n"
                    + "    if (isnan(a)) return a;\n    if (isnan(b)) return b;\n"
                    + "    if (a == 0 && b == 0) return signbit(a) ? b : a;\n    return a > b ? a : b;\n}\n";
            case "min" -> T + " " + fname + "(" + T + " a, " + T + " b) {\n"
                    + "    if (isnan(a)) return a;\n    if (isnan(b)) return b;\n"
                    + "    if (a == 0 && b == 0) return signbit(a) ? a : b;\n    return a < b ? a : b;\n}\n";
            case "fdiv" -> t.isFloat()
                    // NumPy's npy_divmod, floor-division part
                    ? T + " " + fname + "(" + T + " a, " + T + " b) {\n"
                    + "    if (b == 0) return a / b;\n"
                    + "    " + T + " mod = fmod(a, b);\n"
                    + "    " + T + " div = (a - mod) / b;\n"
                    + "    if (mod != 0 && ((b < 0) != (mod < 0))) div = div - 1;\n"
                    + "    if (div == 0) return copysign((" + T + ")0, a / b);\n"
                    + "    " + T + " fl = floor(div);\n"
                    + "    if (div - fl > (" + T + ")0.5) fl = fl + 1;\n"
                    + "    return fl;\n}\n"
                    // Python's floor division; by zero gives 0; MIN / -1 wraps
                    : T + " " + fname + "(" + T + " a, " + T + " b) {\n"
                    + "    if (b == 0) return 0;\n"
                    + "    if (b == -1) return " + as(t) + "((" + U + ")0 - (" + U + ")a);\n"
                    + "    " + T + " q = a / b;\n"
                    + "    if (q * b != a && ((a < 0) != (b < 0))) q = q - 1;\n"
                    + "    return q;\n}\n";
            case "mod" -> t.isFloat()
                    // NumPy's npy_divmod, remainder part: the sign follows the divisor
                    ? T + " " + fname + "(" + T + " a, " + T + " b) {\n"
                    + "    " + T + " mod = fmod(a, b);\n"
                    + "    if (b == 0) return mod;\n"
                    + "    if (mod != 0) { if ((b < 0) != (mod < 0)) mod = mod + b; }\n"
                    + "    else mod = copysign((" + T + ")0, b);\n"
                    + "    return mod;\n}\n"
                    : T + " " + fname + "(" + T + " a, " + T + " b) {\n"
                    + "    if (b == 0 || b == -1) return 0;\n"
                    + "    " + T + " r = a % b;\n"
                    + "    if (r != 0 && ((r < 0) != (b < 0))) r = r + b;\n"
                    + "    return r;\n}\n";
            case "pow" -> t.isFloat()
                    // C's pow special cases, written out (NumPy follows C; Java's Math.pow differs)
                    ? T + " " + fname + "(" + T + " a, " + T + " b) {\n"
                    + "    if (a == 1 || b == 0) return 1;\n"
                    + "    if (a == -1 && isinf(b)) return 1;\n"
                    + "    return pow(a, b);\n}\n"
                    // by squaring, wrapping; a negative exponent sets the error flag
                    : T + " " + fname + "(" + T + " a, " + T + " b, __global int* err) {\n"
                    + "    if (b < 0) { *err = 1; return 0; }\n"
                    + "    " + U + " r = 1, base = (" + U + ")a, e = (" + U + ")b;\n"
                    + "    while (e != 0) {\n"
                    + "        if ((e & 1) != 0) r = r * base;\n"
                    + "        base = base * base;\n"
                    + "        e = e >> 1;\n"
                    + "    }\n"
                    + "    return " + as(t) + "(r);\n}\n";
            // NumPy's integer reciprocal: 1.0/x converted back, the minimum for 0 (as on x86-64)
            case "recip" -> T + " " + fname + "(" + T + " x) { return x == 0 ? " + (t == DType.INT64 ? "LONG_MIN" : "INT_MIN")
                    + " : (x == 1 || x == -1) ? x : 0; }\n";
            // NumPy's shifts: a count outside [0, width) shifts every bit out (OpenCL would take it modulo the width)
            case "shl" -> T + " " + fname + "(" + T + " a, " + T + " b) { return (" + U + ")b < " + bits(t) + " ? "
                    + as(t) + "((" + U + ")a << b) : 0; }\n";
            case "shr" -> T + " " + fname + "(" + T + " a, " + T + " b) { return (" + U + ")b < " + bits(t) + " ? a >> b : (a < 0 ? -1 : 0); }\n";
            // truncate toward zero, saturate, NaN gives 0 (as Java's (int) and (long) casts)
            case "toint" -> value(to) + " " + fname + "(" + T + " x) { return isnan(x) ? 0 : convert_"
                    + value(to) + "_sat_rtz(x); }\n";
            default -> throw new IllegalStateException(name);
        };
        return body;
    }
}
