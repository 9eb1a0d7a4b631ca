package io.numfuse.conformance;

import io.numfuse.core.DType;
import io.numfuse.npy.NpyArray;

import java.util.Arrays;
import java.util.Locale;

/**
 * Compares numfuse's result with NumPy's expected one under the conformance suite's tolerance
 * rule (the same rule is in the generator, {@code conformance/conflib.py}):
 *
 * <ul>
 *   <li>{@code exact}: results of bool/int dtype, and float expressions built only from
 *       correctly rounded operations (+ - * / sqrt, comparisons, where, abs, negation,
 *       minimum/maximum, floor, ceil, round, sign, // and % as NumPy's npy_divmod computes them,
 *       casts) with no float sum/prod/mean: every element must be equal.
 *   <li>{@code ulp:N}: a transcendental function or float {@code **} is involved: the elements
 *       may be at most N units in the last place (of the result dtype) apart. N = 4 for a single
 *       such op on exact inputs; the generator states the reason of every larger N.
 *   <li>{@code sum:R}: a float sum/prod/mean is involved (summation order is free): {@code
 *       |actual - expected| <= R * S}, where S is the element's running error bound (for a plain
 *       sum, the sum of the absolute values of its terms), stored by the generator next to the
 *       expected file as {@code <expected stem>.abs.npy}. R is 1e-14 for float64, 1e-5 when
 *       float32 is involved.
 * </ul>
 *
 * Everywhere NaN matches NaN (any payload), +0.0 equals -0.0, and an infinity must match exactly.
 */
final class NpyComparison {
    private NpyComparison() {}

    /** A parsed tolerance column. */
    sealed interface Tolerance permits Exact, Ulp, Sum {}

    record Exact() implements Tolerance {
        @Override public String toString() { return "exact"; }
    }

    record Ulp(long n) implements Tolerance {
        @Override public String toString() { return "ulp:" + n; }
    }

    record Sum(double r) implements Tolerance {
        @Override public String toString() { return "sum:" + r; }
    }

    static Tolerance parseTolerance(String text) {
        if (text.equals("exact")) return new Exact();
        if (text.startsWith("ulp:")) {
            long n = Long.parseLong(text.substring(4));
            if (n < 0) throw new IllegalArgumentException("negative ulp tolerance: " + text);
            return new Ulp(n);
        }
        if (text.startsWith("sum:")) {
            double r = Double.parseDouble(text.substring(4));
            if (!(r >= 0)) throw new IllegalArgumentException("bad sum tolerance: " + text);
            return new Sum(r);
        }
        throw new IllegalArgumentException("unknown tolerance '" + text + "'");
    }

    /**
     * Returns null when {@code actual} matches {@code expected} under {@code tol}, else a
     * description: the dtypes, the shapes, or the first differing element with its index, both
     * values and their ulp distance, and how many elements differ.
     *
     * @param scale the per-element error bound S of a {@code sum:R} tolerance, else null
     */
    static String compare(NpyArray expected, NpyArray actual, Tolerance tol, double[] scale) {
        if (expected.dtype() != actual.dtype()) {
            return "dtype: expected " + expected.dtype().numpyName() + " " + shape(expected)
                    + ", actual " + actual.dtype().numpyName() + " " + shape(actual)
                    + "; values expected " + preview(expected) + ", actual " + preview(actual);
        }
        if (!Arrays.equals(expected.shape(), actual.shape())) {
            return "shape: expected " + shape(expected) + ", actual " + shape(actual) + " ("
                    + expected.dtype().numpyName() + ")";
        }
        int n = size(expected.shape());
        String bad = checkLength(expected, n, "expected");
        if (bad == null) bad = checkLength(actual, n, "actual");
        if (bad != null) return bad;
        if (tol instanceof Sum && (scale == null || scale.length != n)) {
            return "sum tolerance needs an error-scale array of " + n + " elements";
        }
        int first = -1, differing = 0;
        for (int i = 0; i < n; i++) {
            if (!elementMatches(expected, actual, i, tol, scale)) {
                if (first < 0) first = i;
                differing++;
            }
        }
        if (first < 0) return null;
        StringBuilder sb = new StringBuilder();
        sb.append(expected.dtype().numpyName()).append(' ').append(shape(expected))
                .append(": first difference at ").append(index(first, expected.shape()))
                .append(": expected ").append(show(expected, first))
                .append(", actual ").append(show(actual, first));
        if (expected.dtype().isFloat()) {
            sb.append(", ").append(ulpText(expected, actual, first));
            if (tol instanceof Sum s) {
                double e = floatAt(expected, first), a = floatAt(actual, first);
                sb.append(String.format(Locale.ROOT, ", |difference| %.3e > allowed %.3e",
                        Math.abs(a - e), s.r() * scale[first]));
            }
        }
        sb.append(" (tolerance ").append(tol).append("); ").append(differing).append(" of ")
                .append(n).append(" elements differ");
        return sb.toString();
    }

    static boolean elementMatches(NpyArray expected, NpyArray actual, int i, Tolerance tol,
                                  double[] scale) {
        return switch (expected.dtype()) {
            case BOOL -> (((byte[]) expected.data())[i] != 0) == (((byte[]) actual.data())[i] != 0);
            case INT32 -> ((int[]) expected.data())[i] == ((int[]) actual.data())[i];
            case INT64 -> ((long[]) expected.data())[i] == ((long[]) actual.data())[i];
            case FLOAT32, FLOAT64 -> floatMatches(floatAt(expected, i), floatAt(actual, i),
                    expected.dtype() == DType.FLOAT32, tol, scale == null ? 0 : scale[i]);
        };
    }

    static boolean floatMatches(double e, double a, boolean float32, Tolerance tol, double scale) {
        if (Double.isNaN(e) || Double.isNaN(a)) return Double.isNaN(e) && Double.isNaN(a);
        if (Double.isInfinite(e) || Double.isInfinite(a)) return e == a;
        return switch (tol) {
            case Exact x -> e == a; // == also makes +0.0 equal to -0.0
            case Ulp u -> ulpDistance(e, a, float32) <= u.n();
            case Sum s -> Math.abs(a - e) <= s.r() * scale;
        };
    }

    /** Units in the last place between two finite values of the dtype; +0 and -0 are 0 apart. */
    static long ulpDistance(double x, double y, boolean float32) {
        long ox, oy;
        if (float32) {
            ox = ordered((float) x);
            oy = ordered((float) y);
        } else {
            ox = ordered(x);
            oy = ordered(y);
        }
        try {
            return Math.abs(Math.subtractExact(ox, oy));
        } catch (ArithmeticException overflow) {
            return Long.MAX_VALUE;
        }
    }

    /** Maps a double to a long so that adjacent doubles differ by 1 and both zeros map to 0. */
    static long ordered(double d) {
        long bits = Double.doubleToRawLongBits(d);
        return bits >= 0 ? bits : -(bits & Long.MAX_VALUE);
    }

    static long ordered(float f) {
        int bits = Float.floatToRawIntBits(f);
        return bits >= 0 ? bits : -(long) (bits & Integer.MAX_VALUE);
    }

    static double floatAt(NpyArray a, int i) {
        return a.data() instanceof float[] f ? f[i] : ((double[]) a.data())[i];
    }

    static String show(NpyArray a, int i) {
        return switch (a.dtype()) {
            case BOOL -> ((byte[]) a.data())[i] != 0 ? "True" : "False";
            case INT32 -> Integer.toString(((int[]) a.data())[i]);
            case INT64 -> Long.toString(((long[]) a.data())[i]);
            case FLOAT32 -> {
                float f = ((float[]) a.data())[i];
                yield f + " (" + Float.toHexString(f) + ")";
            }
            case FLOAT64 -> {
                double d = ((double[]) a.data())[i];
                yield d + " (" + Double.toHexString(d) + ")";
            }
        };
    }

    private static String ulpText(NpyArray expected, NpyArray actual, int i) {
        double e = floatAt(expected, i), a = floatAt(actual, i);
        if (Double.isNaN(e) || Double.isNaN(a) || Double.isInfinite(e) || Double.isInfinite(a)) {
            return "not comparable in ulp";
        }
        return ulpDistance(e, a, expected.dtype() == DType.FLOAT32) + " ulp apart";
    }

    static int size(int[] shape) {
        int n = 1;
        for (int d : shape) n = Math.multiplyExact(n, d);
        return n;
    }

    /** The multi-dimensional index of flat (C-order) position {@code flat}, like "[1, 2]". */
    static String index(int flat, int[] shape) {
        int[] idx = new int[shape.length];
        for (int k = shape.length - 1; k >= 0; k--) {
            idx[k] = flat % shape[k];
            flat /= shape[k];
        }
        return Arrays.toString(idx);
    }

    static String shape(NpyArray a) {
        return Arrays.toString(a.shape());
    }

    /** The first few elements, for messages. */
    static String preview(NpyArray a) {
        if (checkLength(a, length(a.data()), "") != null) return "(unreadable data)";
        int n = Math.min(6, length(a.data()));
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < n; i++) {
            if (i > 0) sb.append(", ");
            sb.append(switch (a.data()) {
                case float[] f -> Float.toString(f[i]);
                case double[] d -> Double.toString(d[i]);
                default -> show(a, i);
            });
        }
        return sb.append(length(a.data()) > n ? ", ...]" : "]").toString();
    }

    private static String checkLength(NpyArray a, int n, String which) {
        Class<?> want = switch (a.dtype()) {
            case BOOL -> byte[].class;
            case INT32 -> int[].class;
            case INT64 -> long[].class;
            case FLOAT32 -> float[].class;
            case FLOAT64 -> double[].class;
        };
        if (a.data() == null || a.data().getClass() != want) {
            return which + " data of " + a.dtype().numpyName() + " is "
                    + (a.data() == null ? "null" : a.data().getClass().getSimpleName())
                    + ", not " + want.getSimpleName();
        }
        int len = length(a.data());
        return len == n ? null : which + " data has " + len + " elements for shape " + shape(a);
    }

    private static int length(Object data) {
        return data != null && data.getClass().isArray() ? java.lang.reflect.Array.getLength(data) : 0;
    }
}
