package io.numfuse.runtime;

import io.numfuse.core.DType;
import java.math.BigDecimal;
import java.util.Arrays;

/**
 * The documented accuracy of a float sum (Interpreter's Javadoc, docs/ARCHITECTURE.md): for n
 * terms x_i with exact sum S, accumulated in a binary format with unit roundoff u (2^-53 in
 * double; 2^-24 for a float32 sum on an OpenCL device without fp64), the result r before it
 * is rounded to the dtype satisfies |r − S| ≤ u|S| + γ(n−1)²·Σ|x_i|, γ(k) = k·u / (1 − k·u);
 * rounding a double result to float32 adds at most half an ulp of the float32 result.
 */
final class SumBound {
    private SumBound() {}

    static final double U64 = 0x1p-53, U32 = 0x1p-24;

    static double gamma(long k, double u) { return k * u / (1 - k * u); }

    /** The exact sum of {@code terms} (sorted runs of equal values are multiplied, so 10^7 equal terms are quick). */
    static BigDecimal exact(double[] terms) {
        double[] t = terms.clone();
        Arrays.sort(t);
        BigDecimal s = BigDecimal.ZERO;
        for (int i = 0; i < t.length; ) {
            int j = i;
            while (j < t.length && t[j] == t[i]) j++;
            s = s.add(new BigDecimal(t[i]).multiply(BigDecimal.valueOf(j - i)));
            i = j;
        }
        return s;
    }

    static double absSum(double[] terms) {
        double s = 0;
        for (double x : terms) s += Math.abs(x);
        return s * (1 + 0x1p-30);   // an upper bound of the exact Σ|x| (a plain sum is off by far less)
    }

    /**
     * The bound for {@code got}, a sum of {@code terms} stored in {@code dtype} and accumulated
     * with unit roundoff {@code u}: u|S| + γ(n−1)²Σ|x|, plus half an ulp of float32 when a
     * double accumulator was rounded to float32 (an accumulator in float already rounds to it).
     */
    static double bound(double[] terms, BigDecimal exact, DType dtype, double got, double u) {
        double g = gamma(Math.max(terms.length - 1, 0), u);
        double b = u * Math.abs(exact.doubleValue()) + g * g * absSum(terms);
        if (dtype == DType.FLOAT32 && u == U64) b += 0.5 * Math.ulp((float) got);
        return b * (1 + 0x1p-30);   // the bound itself is computed in double: round it up
    }

    /** |got − S| as a double (exact to within a rounding of the difference). */
    static double error(double got, BigDecimal exact) {
        return new BigDecimal(got).subtract(exact).abs().doubleValue();
    }

    /** Null when {@code got} is within the bound, else a message that says by how much it is not. */
    static String violation(double[] terms, DType dtype, double got, double u) {
        BigDecimal s = exact(terms);
        double err = error(got, s), b = bound(terms, s, dtype, got, u);
        return err <= b ? null : String.format("got %s, exact %s: error %.3e > bound %.3e (n=%d)",
                got, s.round(new java.math.MathContext(25)), err, b, terms.length);
    }

    /** The sum left to right with unit roundoff {@code u} (in double, or in float), rounded to {@code dtype}: an uncompensated loop. */
    static double naive(double[] terms, DType dtype, double u) {
        if (u == U32) {
            float s = 0;
            for (double x : terms) s += (float) x;
            return s;
        }
        double s = 0;
        for (double x : terms) s += x;
        return dtype == DType.FLOAT32 ? (float) s : s;
    }
}
