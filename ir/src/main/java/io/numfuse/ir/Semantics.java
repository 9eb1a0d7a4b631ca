package io.numfuse.ir;

import io.numfuse.core.DType;
import io.numfuse.core.ValueException;

/**
 * The executable definition of every element-wise {@link Op}, one scalar at a time. Values of
 * bool and int types travel as {@code long} (bool 0/1, int32 kept in int range), of float
 * types as {@code double} (float32 kept rounded to float). Every backend must agree with
 * these functions: exactly for bool and int, within the documented ulp bound for float.
 *
 * <p>Rules numfuse defines where NumPy has none: integer {@code //} and {@code %} by zero give 0
 * (as NumPy does, without its warning); float-to-int casts saturate and NaN becomes 0 (NumPy's
 * result is platform-defined there); the reciprocal of an integer 0 is the dtype's minimum (NumPy
 * computes {@code 1.0/x} and converts the infinity, which x86-64 makes the minimum and ARM the
 * maximum). Shifts follow NumPy, not C or Java: a count below 0 or from the bit width up shifts
 * every bit out ({@code <<} gives 0, {@code >>} gives 0 or -1 by the sign).
 */
public final class Semantics {
    private Semantics() {}

    private static final double LN2 = 0.6931471805599453;

    /** Rounds a double to the precision of {@code t} (float32 or float64). */
    public static double round(DType t, double v) { return t == DType.FLOAT32 ? (double) (float) v : v; }

    /** Wraps a long to the range of {@code t} (bool 0/1, int32, int64). */
    public static long wrap(DType t, long v) {
        return switch (t) {
            case BOOL -> v != 0 ? 1 : 0;
            case INT32 -> (int) v;
            default -> v;
        };
    }

    /**
     * A unary op on a bool or int operand of type {@code t}; the result has type {@code t}, or is
     * 0/1 for a test ({@link Op.Rule#TEST}: an integer is never NaN or infinite).
     */
    public static long intUnary(Op op, DType t, long x) {
        return wrap(t, switch (op) {
            case NEG -> -x;
            case ABS -> t == DType.BOOL ? x : Math.abs(x);
            case NOT -> t == DType.BOOL ? 1 - x : ~x;
            case SQUARE -> t == DType.BOOL ? undefined(op, t) : x * x;
            case RECIPROCAL -> t == DType.BOOL ? undefined(op, t)
                    : x == 0 ? (t == DType.INT32 ? Integer.MIN_VALUE : Long.MIN_VALUE) : x == 1 || x == -1 ? x : 0;
            case FLOOR, CEIL, ROUND -> x;
            case SIGN -> Long.signum(x);
            case ISNAN, ISINF -> 0;
            case ISFINITE -> 1;
            default -> throw new IllegalArgumentException(op + " is not defined on " + t);
        });
    }

    /** A unary op on a float operand of type {@code t}; the result has type {@code t}. */
    public static double floatUnary(Op op, DType t, double x) {
        return round(t, switch (op) {
            case NEG -> -x;
            case ABS -> Math.abs(x);
            case SQUARE -> x * x;
            case RECIPROCAL -> 1.0 / x;
            case SQRT -> Math.sqrt(x);
            case EXP -> StrictMath.exp(x);
            case EXP2 -> StrictMath.pow(2.0, x);
            case EXPM1 -> StrictMath.expm1(x);
            case LOG -> StrictMath.log(x);
            case LOG1P -> StrictMath.log1p(x);
            case LOG10 -> StrictMath.log10(x);
            case LOG2 -> log2(x);
            case SIN -> StrictMath.sin(x);
            case COS -> StrictMath.cos(x);
            case TAN -> StrictMath.tan(x);
            case ARCSIN -> StrictMath.asin(x);
            case ARCCOS -> StrictMath.acos(x);
            case ARCTAN -> StrictMath.atan(x);
            case SINH -> StrictMath.sinh(x);
            case COSH -> StrictMath.cosh(x);
            case TANH -> StrictMath.tanh(x);
            case ARCSINH -> InverseHyperbolic.asinh(x);
            case ARCCOSH -> InverseHyperbolic.acosh(x);
            case ARCTANH -> InverseHyperbolic.atanh(x);
            case FLOOR -> Math.floor(x);
            case CEIL -> Math.ceil(x);
            case ROUND -> Math.rint(x);
            case SIGN -> Double.isNaN(x) ? x : x > 0 ? 1.0 : x < 0 ? -1.0 : 0.0;
            default -> throw new IllegalArgumentException(op + " is not defined on " + t);
        });
    }

    /** A test of a float value ({@link Op.Rule#TEST}). */
    public static boolean floatTest(Op op, double x) {
        return switch (op) {
            case ISNAN -> Double.isNaN(x);
            case ISINF -> Double.isInfinite(x);
            case ISFINITE -> Double.isFinite(x);
            default -> throw new IllegalArgumentException(op + " is not a test");
        };
    }

    /** log2, exact on powers of two (as C's log2). */
    public static double log2(double x) {
        if (x > 0 && x < Double.POSITIVE_INFINITY) {
            long bits = Double.doubleToRawLongBits(x);
            if ((bits & 0x000fffffffffffffL) == 0 && Math.getExponent(x) >= Double.MIN_EXPONENT) return Math.getExponent(x);
        }
        return StrictMath.log(x) / LN2;
    }

    /** A binary op or comparison on bool/int operands of type {@code t}; comparisons give 0/1. */
    public static long intBinary(Op op, DType t, long a, long b) {
        boolean bool = t == DType.BOOL;
        return switch (op) {
            case ADD -> bool ? a | b : wrap(t, a + b);
            case SUB -> wrap(t, a - b);
            case MUL -> bool ? a & b : wrap(t, a * b);
            case FLOOR_DIV -> b == 0 ? 0 : wrap(t, Math.floorDiv(a, b));
            case MOD -> b == 0 ? 0 : wrap(t, Math.floorMod(a, b));
            case POW -> intPow(t, a, b);
            case MAXIMUM -> Math.max(a, b);
            case MINIMUM -> Math.min(a, b);
            case AND -> a & b;
            case OR -> a | b;
            case XOR -> a ^ b;
            case LEFT_SHIFT -> bool ? undefined(op, t) : b >= 0 && b < bits(t) ? wrap(t, a << b) : 0;
            case RIGHT_SHIFT -> bool ? undefined(op, t) : b >= 0 && b < bits(t) ? a >> b : a < 0 ? -1 : 0;
            case EQ -> a == b ? 1 : 0;
            case NE -> a != b ? 1 : 0;
            case LT -> a < b ? 1 : 0;
            case LE -> a <= b ? 1 : 0;
            case GT -> a > b ? 1 : 0;
            case GE -> a >= b ? 1 : 0;
            default -> throw new IllegalArgumentException(op + " is not defined on " + t);
        };
    }

    private static int bits(DType t) { return t == DType.INT32 ? Integer.SIZE : Long.SIZE; }

    /** For an op on a bool type that its type rule never lets through (NumPy would compute it in int8). */
    private static long undefined(Op op, DType t) { throw new IllegalArgumentException(op + " is not defined on " + t); }

    /** Integer power with wrap-around; NumPy rejects negative exponents. */
    public static long intPow(DType t, long a, long b) {
        if (b < 0) throw new ValueException("Integers to negative integer powers are not allowed: cast the base to float first");
        long r = 1, base = a;
        while (b != 0) {
            if ((b & 1) != 0) r = wrap(t, r * base);
            base = wrap(t, base * base);
            b >>>= 1;
        }
        return r;
    }

    /** A binary op on float operands of type {@code t}; the result has type {@code t}. */
    public static double floatBinary(Op op, DType t, double a, double b) {
        return round(t, switch (op) {
            case ADD -> a + b;
            case SUB -> a - b;
            case MUL -> a * b;
            case DIV -> a / b;
            case FLOOR_DIV -> floorDivide(t, a, b);
            case MOD -> remainder(t, a, b);
            case POW -> pow(a, b);
            case MAXIMUM -> Math.max(a, b);   // NaN-propagating, as np.maximum
            case MINIMUM -> Math.min(a, b);
            case ARCTAN2 -> StrictMath.atan2(a, b);
            case HYPOT -> StrictMath.hypot(a, b);
            default -> throw new IllegalArgumentException(op + " is not defined on " + t);
        });
    }

    /** A comparison of two floats (NaN compares unequal to everything). */
    public static boolean floatCompare(Op op, double a, double b) {
        return switch (op) {
            case EQ -> a == b;
            case NE -> a != b;
            case LT -> a < b;
            case LE -> a <= b;
            case GT -> a > b;
            case GE -> a >= b;
            default -> throw new IllegalArgumentException(op + " is not a comparison");
        };
    }

    /** C's pow, which differs from Java's Math.pow on a few special cases that NumPy follows. */
    public static double pow(double a, double b) {
        if (a == 1.0 || b == 0.0) return 1.0;
        if (a == -1.0 && Double.isInfinite(b)) return 1.0;
        return Math.pow(a, b);
    }

    /** NumPy's npy_divmod, floor-division part, each step rounded to {@code t} as NumPy's float32 loop does. */
    public static double floorDivide(DType t, double a, double b) {
        if (b == 0.0) return a / b;
        double mod = a % b;   // Java's % on doubles is C's fmod, exact
        double div = round(t, round(t, a - mod) / b);
        if (mod != 0.0) {
            if ((b < 0) != (mod < 0)) div = round(t, div - 1.0);
        }
        double floordiv;
        if (div != 0.0) {
            floordiv = Math.floor(div);
            if (round(t, div - floordiv) > 0.5) floordiv = round(t, floordiv + 1.0);
        } else {
            floordiv = Math.copySign(0.0, a / b);
        }
        return floordiv;
    }

    /** NumPy's npy_divmod, remainder part: the sign follows the divisor, as in Python. */
    public static double remainder(DType t, double a, double b) {
        double mod = a % b;
        if (b == 0.0) return mod;
        if (mod != 0.0) {
            if ((b < 0) != (mod < 0)) mod = round(t, mod + b);
        } else {
            mod = Math.copySign(0.0, b);
        }
        return mod;
    }

    /** Conversion of an int/bool value of type {@code from} to int/bool type {@code to}. */
    public static long castIntToInt(DType to, long v) { return wrap(to, v); }

    /** Conversion of a float value to an int/bool type: bool is {@code v != 0} (NaN is true); ints truncate and saturate, NaN gives 0. */
    public static long castFloatToInt(DType to, double v) {
        return switch (to) {
            case BOOL -> v != 0.0 ? 1 : 0;
            case INT32 -> (int) v;
            case INT64 -> (long) v;
            default -> throw new IllegalArgumentException("not an int type: " + to);
        };
    }

    /** Conversion of an int/bool value to a float type (round to nearest). */
    public static double castIntToFloat(DType to, long v) { return to == DType.FLOAT32 ? (double) (float) v : (double) v; }
}
