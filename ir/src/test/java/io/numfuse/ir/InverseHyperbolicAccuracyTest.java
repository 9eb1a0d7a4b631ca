package io.numfuse.ir;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The error of {@link InverseHyperbolic} (which Semantics, the interpreter and the JVM backend use
 * for arcsinh, arccosh and arctanh) against references computed with 60-digit BigDecimal
 * arithmetic, in ulps of the result, on log-uniform points of both signs over each function's
 * domain plus the edges; float32 is the float64 result rounded, as Semantics computes it. The
 * bounds asserted are the ones docs/ARCHITECTURE.md documents.
 */
class InverseHyperbolicAccuracyTest {
    static final int N = 1 << 13;
    /** Documented bounds, in ulps of the result type (measured: 1 for asinh and atanh, 2 for acosh just above 1; float32 correctly rounded). */
    static final double BOUND_F64 = 2, BOUND_F32 = 0.51;

    private static final MathContext MC = new MathContext(60, RoundingMode.HALF_EVEN);
    private static final BigDecimal TWO = BigDecimal.valueOf(2);
    private static final BigDecimal LN2 = atanhSeries(BigDecimal.ONE.divide(BigDecimal.valueOf(3), MC)).multiply(TWO, MC);

    /** atanh(z) = z + z³/3 + z⁵/5 + ... for |z| <= 1/3, to 60 digits. */
    private static BigDecimal atanhSeries(BigDecimal z) {
        BigDecimal z2 = z.multiply(z, MC), term = z, sum = BigDecimal.ZERO;
        BigDecimal eps = BigDecimal.ONE.movePointLeft(70);
        for (int k = 1; term.abs().compareTo(eps) > 0; k += 2) {
            sum = sum.add(term.divide(BigDecimal.valueOf(k), MC), MC);
            term = term.multiply(z2, MC);
        }
        return sum;
    }

    /** ln(y) for y > 0: y = m·2^e with m in [0.75, 1.5), ln m = 2·atanh((m-1)/(m+1)). */
    static BigDecimal ln(BigDecimal y) {
        int e = y.unscaledValue().bitLength() - (int) Math.ceil(y.scale() * 3.321928094887362);   // near log2(y)
        BigDecimal m = e >= 0 ? y.divide(TWO.pow(e), MC) : y.multiply(TWO.pow(-e), MC);
        while (m.compareTo(new BigDecimal("1.5")) >= 0) { m = m.divide(TWO, MC); e++; }
        while (m.compareTo(new BigDecimal("0.75")) < 0) { m = m.multiply(TWO, MC); e--; }
        BigDecimal z = m.subtract(BigDecimal.ONE).divide(m.add(BigDecimal.ONE), MC);
        return atanhSeries(z).multiply(TWO, MC).add(LN2.multiply(BigDecimal.valueOf(e), MC), MC);
    }

    static double asinh(double x) {
        if (!Double.isFinite(x) || x == 0) return x;
        BigDecimal a = new BigDecimal(Math.abs(x)), r;
        if (Math.abs(x) < 1e-8) {   // x - x³/6 + 3x⁵/40: the next term is below 1e-48 relative
            BigDecimal x2 = a.multiply(a, MC);
            r = a.subtract(a.multiply(x2, MC).divide(BigDecimal.valueOf(6), MC), MC)
                    .add(a.multiply(x2.multiply(x2, MC), MC).multiply(BigDecimal.valueOf(3), MC).divide(BigDecimal.valueOf(40), MC), MC);
        } else {
            r = ln(a.add(a.multiply(a).add(BigDecimal.ONE).sqrt(MC), MC));
        }
        return Math.copySign(r.doubleValue(), x);
    }

    static double acosh(double x) {
        if (Double.isNaN(x) || x < 1) return Double.NaN;
        if (Double.isInfinite(x)) return x;
        BigDecimal a = new BigDecimal(x);
        return ln(a.add(a.multiply(a).subtract(BigDecimal.ONE).sqrt(MC), MC)).doubleValue();
    }

    static double atanh(double x) {
        if (Double.isNaN(x) || Math.abs(x) > 1) return Double.NaN;
        if (Math.abs(x) == 1) return x / 0.0;
        if (x == 0) return x;
        BigDecimal a = new BigDecimal(Math.abs(x)), r;
        if (Math.abs(x) < 1e-8) {   // x + x³/3 + x⁵/5
            BigDecimal x2 = a.multiply(a, MC);
            r = a.add(a.multiply(x2, MC).divide(BigDecimal.valueOf(3), MC), MC)
                    .add(a.multiply(x2.multiply(x2, MC), MC).divide(BigDecimal.valueOf(5), MC), MC);
        } else {
            r = ln(BigDecimal.ONE.add(a).divide(BigDecimal.ONE.subtract(a), MC)).divide(TWO, MC);
        }
        return Math.copySign(r.doubleValue(), x);
    }

    static final double[] EDGES = { 0.0, -0.0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN, Double.MIN_VALUE,
            -Double.MIN_VALUE, Double.MIN_NORMAL, 1e-310, 0x1p-28, 0x1.0000000000001p-28, 0x1.fffffffffffffp-29, 0.5, 0x1.fffffffffffffp-2,
            1.0, -1.0, Math.nextUp(1.0), Math.nextDown(1.0), 2.0, Math.nextUp(2.0), 0x1p28, Math.nextUp(0x1p28), 1e300, Double.MAX_VALUE, 1e-8 };

    /** Edges, then log-uniform magnitudes 10^(lo..hi) of both signs (or positive only), shifted by {@code offset}. */
    static double[] points(long seed, double lo, double hi, double offset, boolean bothSigns) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] p = new double[N];
        System.arraycopy(EDGES, 0, p, 0, EDGES.length);
        for (int i = EDGES.length; i < N; i++) {
            double m = offset + Math.pow(10, r.nextDouble(lo, hi));
            p[i] = bothSigns && r.nextBoolean() ? -m : m;
        }
        return p;
    }

    static double ulps(double got, double want, boolean f32) {
        if (Double.isNaN(want) || Double.isNaN(got)) return Double.isNaN(want) && Double.isNaN(got) ? 0 : Double.POSITIVE_INFINITY;
        if (Double.isInfinite(want) || Double.isInfinite(got) || want == 0) return got == want ? 0 : Double.POSITIVE_INFINITY;
        double ulp = f32 ? Math.ulp((float) want) : Math.ulp(want);
        return Math.abs(got - want) / ulp;
    }

    /** Checks the float64 function and its float32 rounding; returns the worst float64 error. */
    static double measure(String name, DoubleUnaryOperator f, DoubleUnaryOperator reference, double[] points) {
        double worst64 = 0, worst32 = 0;
        for (double x : points) {
            double want = reference.applyAsDouble(x), got = f.applyAsDouble(x);
            double e64 = ulps(got, want, false);
            assertTrue(e64 <= BOUND_F64, name + "(" + x + ") = " + got + ", reference " + want + ": " + e64 + " ulp");
            worst64 = Math.max(worst64, e64);
            double xf = (float) x, want32 = reference.applyAsDouble(xf), got32 = (float) f.applyAsDouble(xf);
            double e32 = ulps(got32, want32, true);
            assertTrue(e32 <= BOUND_F32, name + "((float) " + xf + ") = " + got32 + ", reference " + want32 + ": " + e32 + " ulp");
            worst32 = Math.max(worst32, e32);
        }
        System.out.printf("InverseHyperbolic %-5s max error %.2f ulp (float64), %.2f ulp (float32), %d points%n", name, worst64, worst32, points.length);
        return worst64;
    }

    @Test
    void asinhAcoshAtanhWithinTheirBounds() {
        measure("asinh", InverseHyperbolic::asinh, InverseHyperbolicAccuracyTest::asinh, points(1, -12, 12, 0, true));
        measure("acosh", InverseHyperbolic::acosh, InverseHyperbolicAccuracyTest::acosh, points(2, -15, 12, 1, false));
        measure("atanh", InverseHyperbolic::atanh, InverseHyperbolicAccuracyTest::atanh, points(3, -12, 0, 0, true));
        double[] nearOne = points(4, -15, -0.01, 0, true);   // |x| = 1 - 10^-k, where 1 - |x| cancels
        for (int i = EDGES.length; i < N; i++) nearOne[i] = Math.copySign(1 - Math.abs(nearOne[i]), nearOne[i]);
        measure("atanh", InverseHyperbolic::atanh, InverseHyperbolicAccuracyTest::atanh, nearOne);
    }

    @Test
    void theReferenceLogarithmIsRight() {
        for (double y : new double[] { 1e-300, 0.1, 0.75, 1, 1.5, 2, Math.E, 10, 1e300, Double.MAX_VALUE }) {
            double want = StrictMath.log(y), got = ln(new BigDecimal(y)).doubleValue();
            assertTrue(ulps(got, want, false) <= 1, y + ": " + got + " vs " + want);
        }
        assertTrue(Math.abs(asinh(1.0) - 0.881373587019543) < 1e-15);
        assertTrue(Math.abs(acosh(2.0) - 1.3169578969248166) < 1e-15);
        assertTrue(Math.abs(atanh(0.5) - 0.5493061443340549) < 1e-15);
    }
}
