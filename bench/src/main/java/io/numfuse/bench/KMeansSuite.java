package io.numfuse.bench;

import io.numfuse.NDArray;
import io.numfuse.Num;
import io.numfuse.core.DType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * {@code numfuse bench kmeans}: {@link KMeans} (issue 16's program written with broadcasting,
 * {@code argmin} and masks) on n 2-D points (default 10^6) and {@value #K} clusters,
 * {@value #ITERATIONS} Lloyd steps per call from the same first centroids (the first K points), on
 * each target next to a hand-written Java k-means on the backend's threads (one pass over the
 * points per step: nearest centroid, per-thread sums and counts). Every row's centroids must
 * agree with the hand loop's (relative {@link #tolerance}); its agreement with NumPy is a test
 * ({@code KMeansTest}, fixtures by {@code scripts/kmeans_fixture.py}).
 */
final class KMeansSuite {
    private KMeansSuite() {}

    static final int K = 8, ITERATIONS = 10, DIMS = 2;
    /** The largest number of points the suite takes (its (n, k, d) masked sums iterate over 16n elements). */
    static final int MAX_POINTS = 20_000_000;
    static final int DEFAULT_POINTS = 1_000_000;

    /** Centroids agree with the hand loop's to this relative difference (sums in other orders, float32 rounding). */
    static double tolerance(DType dt) { return dt == DType.FLOAT32 ? 1e-3 : 1e-9; }

    static List<Function<Void, List<Row>>> plan(Suites.Params p) {
        return List.of(v -> rows(p));
    }

    /** The points: uniform in the unit square, from numfuse's generator (seed 16). */
    static NDArray points(int n, DType dt) { return Num.random(16, dt, n, DIMS).eval(); }

    static List<Row> rows(Suites.Params p) {
        int n = p.n();
        DType dt = p.dtype();
        String name = "kmeans k=" + K + " x" + ITERATIONS;
        NDArray x = points(n, dt);
        NDArray c0 = x.slice("0:" + K).eval();
        List<Row> rows = new ArrayList<>();
        for (String spec : p.targets()) {
            Row r = new Row(name, n, dt.numpyName(), spec);
            r.numfuse = true;
            r.mode = "alloc";
            NDArray[] last = new NDArray[1];
            r.prepare = k -> Num.useTarget(spec);
            r.call = () -> last[0] = KMeans.run(x, c0, ITERATIONS).centroids();
            r.value = () -> last[0].toDoubleArray();
            rows.add(r);
        }
        Row hand = new Row(name, n, dt.numpyName(), Suites.JAVA_LOOP);
        double[][] last = new double[1][];
        if (dt == DType.FLOAT32) {
            float[] xf = x.toFloatArray(), cf = c0.toFloatArray();
            hand.call = () -> last[0] = toDouble(lloyd(xf, cf, n));
        } else {
            double[] xs = x.toDoubleArray(), cs = c0.toDoubleArray();
            hand.call = () -> last[0] = lloyd(xs, cs, n);
        }
        hand.value = () -> last[0];
        rows.add(hand);
        double tol = tolerance(dt);
        for (Row r : rows) {
            r.fixedBatch = 1;
            r.ratioTo = Suites.JAVA_LOOP;
            if (r == hand) continue;
            r.validate = v -> {
                double d = BenchCommand.maxRelDiff(v, last[0]);
                return d <= tol ? null : String.format(Locale.ROOT, "centroids differ from the hand loop's (max relative difference %.3g > %.0e)", d, tol);
            };
            r.mustVerify = true;
        }
        return rows;
    }

    private static double[] toDouble(float[] a) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) d[i] = a[i];
        return d;
    }

    /** The hand-written k-means, float32: distances and centroids in float, sums in double per thread. */
    static float[] lloyd(float[] x, float[] c0, int n) {
        float[] c = c0.clone();
        int parts = Par.parts(n);
        double[][] sums = new double[parts][K * DIMS];
        long[][] counts = new long[parts][K];
        for (int it = 0; it < ITERATIONS; it++) {
            float[] cc = c;
            Par.split(n, parts, (part, from, to) -> {
                double[] s = sums[part];
                long[] m = counts[part];
                java.util.Arrays.fill(s, 0);
                java.util.Arrays.fill(m, 0);
                for (int i = from; i < to; i++) {
                    float x0 = x[2 * i], x1 = x[2 * i + 1];
                    int best = 0;
                    float bd = Float.POSITIVE_INFINITY;
                    for (int j = 0; j < K; j++) {
                        float d0 = x0 - cc[2 * j], d1 = x1 - cc[2 * j + 1];
                        float d = d0 * d0 + d1 * d1;
                        if (d < bd) { bd = d; best = j; }
                    }
                    s[2 * best] += x0;
                    s[2 * best + 1] += x1;
                    m[best]++;
                }
            });
            c = c.clone();
            for (int j = 0; j < K; j++) {
                long m = 0;
                double s0 = 0, s1 = 0;
                for (int q = 0; q < parts; q++) { m += counts[q][j]; s0 += sums[q][2 * j]; s1 += sums[q][2 * j + 1]; }
                if (m > 0) { c[2 * j] = (float) s0 / m; c[2 * j + 1] = (float) s1 / m; }
            }
        }
        return c;
    }

    /** The hand-written k-means, float64. */
    static double[] lloyd(double[] x, double[] c0, int n) {
        double[] c = c0.clone();
        int parts = Par.parts(n);
        double[][] sums = new double[parts][K * DIMS];
        long[][] counts = new long[parts][K];
        for (int it = 0; it < ITERATIONS; it++) {
            double[] cc = c;
            Par.split(n, parts, (part, from, to) -> {
                double[] s = sums[part];
                long[] m = counts[part];
                java.util.Arrays.fill(s, 0);
                java.util.Arrays.fill(m, 0);
                for (int i = from; i < to; i++) {
                    double x0 = x[2 * i], x1 = x[2 * i + 1];
                    int best = 0;
                    double bd = Double.POSITIVE_INFINITY;
                    for (int j = 0; j < K; j++) {
                        double d0 = x0 - cc[2 * j], d1 = x1 - cc[2 * j + 1];
                        double d = d0 * d0 + d1 * d1;
                        if (d < bd) { bd = d; best = j; }
                    }
                    s[2 * best] += x0;
                    s[2 * best + 1] += x1;
                    m[best]++;
                }
            });
            c = c.clone();
            for (int j = 0; j < K; j++) {
                long m = 0;
                double s0 = 0, s1 = 0;
                for (int q = 0; q < parts; q++) { m += counts[q][j]; s0 += sums[q][2 * j]; s1 += sums[q][2 * j + 1]; }
                if (m > 0) { c[2 * j] = s0 / m; c[2 * j + 1] = s1 / m; }
            }
        }
        return c;
    }
}
