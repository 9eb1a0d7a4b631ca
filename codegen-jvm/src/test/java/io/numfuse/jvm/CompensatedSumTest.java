package io.numfuse.jvm;

import static org.junit.jupiter.api.Assertions.*;

import java.math.BigDecimal;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link CompensatedSum}'s range sums (of values, and of products of two ranges), on the Vector API path (when the module is present, as
 * in these tests) and on the scalar fallback, against the exact sum: within u|S| + γ(n−1)²Σ|x|
 * (u = 2^-53) on ill-conditioned data, over ranges of every length around the vector width and
 * unaligned starts; and the special values of IEEE addition (NaN, infinities, overflow).
 */
class CompensatedSumTest {
    interface DoubleRange { void add(double[] a, int from, int to, double[] state); }
    interface FloatRange { void add(float[] a, int from, int to, double[] state); }

    static final double U = 0x1p-53;

    /** Alternating signs, magnitudes 2^-40..2^40, with runs that cancel: condition numbers far beyond 1/u. */
    static double[] illConditioned(SplittableRandom r, int n) {
        double[] a = new double[n];
        for (int i = 0; i + 1 < n; i += 2) {
            a[i] = Math.scalb(1 + r.nextDouble(), r.nextInt(-40, 41)) * (r.nextBoolean() ? 1 : -1);
            a[i + 1] = -a[i] * (1 + Math.scalb(r.nextDouble(), -30));
        }
        if (n % 2 == 1) a[n - 1] = r.nextDouble();
        return a;
    }

    static void assertWithinBound(double[] a, int from, int to, double got, String what) {
        BigDecimal exact = BigDecimal.ZERO;
        double abs = 0;
        for (int i = from; i < to; i++) { exact = exact.add(new BigDecimal(a[i])); abs += Math.abs(a[i]); }
        long n = to - from;
        double g = Math.max(n - 1, 0) * U / (1 - Math.max(n - 1, 0) * U);
        double bound = (U * Math.abs(exact.doubleValue()) + g * g * abs * (1 + 1e-9)) * (1 + 1e-9);
        double err = new BigDecimal(got).subtract(exact).abs().doubleValue();
        assertTrue(err <= bound, what + ": got " + got + ", exact " + exact + ", error " + err + " > " + bound);
    }

    @Test
    void rangesOfEveryLengthAreWithinTheBoundOnBothPaths() {
        SplittableRandom r = new SplittableRandom(5);
        double[] a = illConditioned(r, 5000);
        float[] f = new float[a.length];
        for (int i = 0; i < a.length; i++) f[i] = (float) a[i];
        double[] fd = new double[f.length];
        for (int i = 0; i < f.length; i++) fd[i] = f[i];
        DoubleRange[] doubles = { CompensatedSum::add, CompensatedSum::addScalar };
        FloatRange[] floats = { CompensatedSum::add, CompensatedSum::addScalar };
        String[] path = { BlockMath.VECTOR ? "vector" : "fallback", "scalar" };
        int[] lengths = { 0, 1, 2, 3, 7, 8, 15, 16, 17, 31, 32, 33, 63, 64, 65, 255, 256, 257, 1000, 4999 };
        for (int p = 0; p < 2; p++) {
            for (int from : new int[] { 0, 1, 3 }) {
                for (int len : lengths) {
                    int to = Math.min(a.length, from + len);
                    double[] s = CompensatedSum.newState();
                    doubles[p].add(a, from, to, s);
                    CompensatedSum.end(s);
                    assertWithinBound(a, from, to, CompensatedSum.total(s[0], s[1]), path[p] + " double [" + from + ", " + to + ")");
                    double[] t = CompensatedSum.newState();
                    floats[p].add(f, from, to, t);
                    CompensatedSum.end(t);
                    assertWithinBound(fd, from, to, CompensatedSum.total(t[0], t[1]), path[p] + " float [" + from + ", " + to + ")");
                }
            }
        }
    }

    interface DoubleProducts { void add(double[] a, int ia, double[] b, int ib, int n, double[] state); }
    interface FloatProducts { void add(float[] a, int ia, float[] b, int ib, int n, double[] state); }

    /** Products of two ranges (a dot product): each rounded in the dtype, as the body computes it, then summed within the bound. */
    @Test
    void productsOfTwoRangesAreWithinTheBoundOnBothPaths() {
        SplittableRandom r = new SplittableRandom(9);
        double[] a = illConditioned(r, 3000), b = new double[3000];
        for (int i = 0; i < b.length; i++) b[i] = r.nextDouble(0.5, 1);
        float[] fa = new float[a.length], fb = new float[b.length];
        for (int i = 0; i < a.length; i++) { fa[i] = (float) a[i]; fb[i] = (float) b[i]; }
        DoubleProducts[] doubles = { CompensatedSum::addProducts, CompensatedSum::addProductsScalar };
        FloatProducts[] floats = { CompensatedSum::addProducts, CompensatedSum::addProductsScalar };
        for (int p = 0; p < 2; p++) {
            for (int[] at : new int[][] { { 0, 0 }, { 1, 5 }, { 7, 2 } }) {
                for (int n : new int[] { 0, 1, 5, 15, 16, 17, 33, 300, 2990 }) {
                    double[] products = new double[n], floatProducts = new double[n];
                    for (int j = 0; j < n; j++) {
                        products[j] = a[at[0] + j] * b[at[1] + j];
                        floatProducts[j] = fa[at[0] + j] * fb[at[1] + j];   // rounded to float, as a float32 body
                    }
                    double[] s = CompensatedSum.newState();
                    doubles[p].add(a, at[0], b, at[1], n, s);
                    CompensatedSum.end(s);
                    assertWithinBound(products, 0, n, CompensatedSum.total(s[0], s[1]), "path " + p + " double products, n=" + n);
                    double[] t = CompensatedSum.newState();
                    floats[p].add(fa, at[0], fb, at[1], n, t);
                    CompensatedSum.end(t);
                    assertWithinBound(floatProducts, 0, n, CompensatedSum.total(t[0], t[1]), "path " + p + " float products, n=" + n);
                }
            }
        }
    }

    @Test
    void aRunningPairAddsRangesAndPairs() {
        double[] triplets = new double[3000];
        for (int i = 0; i < triplets.length; i += 3) { triplets[i] = 1e16; triplets[i + 1] = 1; triplets[i + 2] = -1e16; }
        double[] s = CompensatedSum.newState();
        CompensatedSum.begin(s, 0.5, 0);
        for (int from = 0; from < triplets.length; from += 256) CompensatedSum.add(triplets, from, Math.min(triplets.length, from + 256), s);
        CompensatedSum.end(s);
        assertEquals(1000.5, CompensatedSum.total(s[0], s[1]));
        CompensatedSum.begin(s, s[0], s[1]);   // a second run on the same state: the chains were emptied
        CompensatedSum.add(triplets, 0, triplets.length, s);
        CompensatedSum.end(s);
        assertEquals(2000.5, CompensatedSum.total(s[0], s[1]));
        double[] sums = { 1e16 }, comps = { 0 };
        CompensatedSum.addAt(sums, comps, 0, 1);
        CompensatedSum.addAt(sums, comps, 0, -1e16);
        assertEquals(1.0, CompensatedSum.total(sums[0], comps[0]));
        double[] pair = { 1e16, 0.5 };
        CompensatedSum.addPair(pair, -1e16, 0.25);
        assertEquals(0.75, CompensatedSum.total(pair[0], pair[1]));
    }

    @Test
    void specialValuesAreThoseOfIeeeAddition() {
        double inf = Double.POSITIVE_INFINITY;
        assertEquals(inf, sum(1, inf, 2));
        assertEquals(-inf, sum(-inf, 1e308));
        assertTrue(Double.isNaN(sum(inf, -inf)));
        assertTrue(Double.isNaN(sum(1, Double.NaN, 3)));
        assertEquals(inf, sum(1e308, 1e308));
        assertEquals(-0.0 + 0.0, sum(-0.0), "an empty start is +0, as the interpreter's");
        double[] many = new double[100];
        java.util.Arrays.fill(many, 1);
        many[37] = inf;
        many[90] = -inf;
        assertTrue(Double.isNaN(sum(many)), "opposite infinities in different lanes");
    }

    private static double sum(double... a) {
        double[] s = CompensatedSum.newState();
        CompensatedSum.add(a, 0, a.length, s);
        CompensatedSum.end(s);
        double v = CompensatedSum.total(s[0], s[1]);
        double[] t = CompensatedSum.newState();
        CompensatedSum.addScalar(a, 0, a.length, t);
        CompensatedSum.end(t);
        double w = CompensatedSum.total(t[0], t[1]);
        assertTrue(Double.doubleToLongBits(v) == Double.doubleToLongBits(w) || Double.isNaN(v) && Double.isNaN(w), "both paths: " + v + " vs " + w);
        return v;
    }
}
