package io.numfuse.bench;

import io.numfuse.NDArray;
import io.numfuse.Num;
import io.numfuse.core.DType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * {@code numfuse bench matmul}: issue 16's {@code a @ b} of two n x n matrices (default 1024) in
 * GFLOP/s (2n^3 flops over the median time), numfuse on each target next to a hand-written
 * blocked Java loop on the backend's threads ({@link Par}: blocks of {@value #KB} of k and
 * {@value #JB} of j, the j loop C2 vectorises, as {@code scripts/MatmulVsLoop.java}'s). Every
 * numfuse row's product must agree with the loop's (sums in other orders: relative
 * {@link #tolerance}). NumPy's figures come from {@code scripts/matmul_vs_numpy.py}.
 */
final class MatmulSuite {
    private MatmulSuite() {}

    /** The default side. */
    static final int DEFAULT_SIDE = 1024;
    /** The largest side (two inputs and an output of side^2 elements each). */
    static final int MAX_SIDE = 8192;
    /** The hand loop's blocks of k and of j. */
    static final int KB = 256, JB = 512;

    /** Products agree with the loop's to this difference relative to max(1, |value|) (n terms summed in other orders). */
    static double tolerance(DType dt) { return dt == DType.FLOAT32 ? 1e-4 : 1e-10; }

    static List<Function<Void, List<Row>>> plan(Suites.Params p) { return List.of(v -> rows(p)); }

    static List<Row> rows(Suites.Params p) {
        int n = p.n();
        DType dt = p.dtype();
        String name = "a @ b";
        NDArray a = Num.random(1, dt, n, n).eval(), b = Num.random(2, dt, n, n).eval();
        List<Row> rows = new ArrayList<>();
        for (String spec : p.targets()) {
            Row r = new Row(name, n, dt.numpyName(), spec);
            r.numfuse = true;
            r.mode = "alloc";
            NDArray[] last = new NDArray[1];
            r.prepare = k -> {
                Num.useTarget(spec);
                io.numfuse.runtime.JvmTarget.awaitVectorWarmups();   // the JVM's GEMM is warmed up in the background
            };
            r.call = () -> last[0] = a.matmul(b).eval();
            r.value = () -> last[0].toDoubleArray();
            rows.add(r);
        }
        Object ha = dt == DType.FLOAT32 ? a.toFloatArray() : a.toDoubleArray(), hb = dt == DType.FLOAT32 ? b.toFloatArray() : b.toDoubleArray();
        Object hc = dt == DType.FLOAT32 ? new float[n * n] : new double[n * n];
        Row hand = new Row(name, n, dt.numpyName(), Suites.JAVA_LOOP);
        hand.call = () -> blocked(ha, hb, hc, n);
        hand.value = () -> hc instanceof float[] f ? toDouble(f) : ((double[]) hc).clone();
        rows.add(hand);
        double tol = tolerance(dt);
        for (Row r : rows) {
            r.ratioTo = Suites.JAVA_LOOP;
            r.flopsPerCall = 2.0 * n * n * n;
            if (r == hand) continue;
            r.validate = v -> {
                double d = BenchCommand.maxRelDiff(v, hand.value.get());
                return d <= tol ? null : String.format(Locale.ROOT, "the product differs from the blocked loop's (max relative difference %.3g > %.0e)", d, tol);
            };
            r.mustVerify = true;
        }
        return rows;
    }

    /** {@code c = a b}, row-major n x n, rows split across the baseline threads. */
    static void blocked(Object a, Object b, Object c, int n) {
        Par.forRows(n, Par.threads(), (from, to) -> {
            if (a instanceof float[] af) blockedF32(af, (float[]) b, (float[]) c, n, from, to);
            else blockedF64((double[]) a, (double[]) b, (double[]) c, n, from, to);
        });
    }

    private static void blockedF32(float[] a, float[] b, float[] c, int n, int from, int to) {
        Arrays.fill(c, from * n, to * n, 0f);
        for (int jj = 0; jj < n; jj += JB) {
            int je = Math.min(n, jj + JB);
            for (int kk = 0; kk < n; kk += KB) {
                int ke = Math.min(n, kk + KB);
                for (int i = from; i < to; i++) {
                    int ci = i * n;
                    for (int k = kk; k < ke; k++) {
                        float aik = a[i * n + k];
                        int bk = k * n;
                        for (int j = jj; j < je; j++) c[ci + j] += aik * b[bk + j];
                    }
                }
            }
        }
    }

    private static void blockedF64(double[] a, double[] b, double[] c, int n, int from, int to) {
        Arrays.fill(c, from * n, to * n, 0.0);
        for (int jj = 0; jj < n; jj += JB) {
            int je = Math.min(n, jj + JB);
            for (int kk = 0; kk < n; kk += KB) {
                int ke = Math.min(n, kk + KB);
                for (int i = from; i < to; i++) {
                    int ci = i * n;
                    for (int k = kk; k < ke; k++) {
                        double aik = a[i * n + k];
                        int bk = k * n;
                        for (int j = jj; j < je; j++) c[ci + j] += aik * b[bk + j];
                    }
                }
            }
        }
    }

    private static double[] toDouble(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) d[i] = f[i];
        return d;
    }
}
