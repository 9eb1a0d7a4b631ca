// matmul of two n x n matrices (issue 16): numfuse on the given targets and a hand-written blocked
// Java loop (plain Java, 2 threads, the j loop C2 vectorises), float32 and float64, side by side.
// scripts/matmul_vs_numpy.py runs it next to NumPy; alone, from the repository root after
// ./numfuse devices has built the jars:
//   J=$(. scripts/java25.sh && echo $JAVA_HOME)/bin/java
//   $J --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -Dnumfuse.calibration=off \
//      -cp "bench/target/numfuse-bench.jar:bench/target/lib/*" scripts/MatmulVsLoop.java 1024 11 jvm,opencl:0
// Prints one line per (case, dtype): RESULT <case> <dtype> <n> <median s> <min s> <max s> <GFLOP/s at the median>.
import io.numfuse.*;
import io.numfuse.core.DType;
import java.util.*;

public class MatmulVsLoop {
    /** C = A B, row-major n x n, rows split across threads; blocks of 256 of k and 512 of j. */
    static void hand(Object a, Object b, Object c, int n, int threads) throws Exception {
        Thread[] ts = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            int from = n * t / threads, to = n * (t + 1) / threads;
            ts[t] = new Thread(() -> {
                if (a instanceof float[] af) handF32(af, (float[]) b, (float[]) c, n, from, to);
                else handF64((double[]) a, (double[]) b, (double[]) c, n, from, to);
            });
            ts[t].start();
        }
        for (Thread t : ts) t.join();
    }

    static void handF32(float[] a, float[] b, float[] c, int n, int from, int to) {
        for (int i = from; i < to; i++) Arrays.fill(c, i * n, i * n + n, 0f);
        for (int jj = 0; jj < n; jj += 512) {
            int je = Math.min(n, jj + 512);
            for (int kk = 0; kk < n; kk += 256) {
                int ke = Math.min(n, kk + 256);
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

    static void handF64(double[] a, double[] b, double[] c, int n, int from, int to) {
        for (int i = from; i < to; i++) Arrays.fill(c, i * n, i * n + n, 0.0);
        for (int jj = 0; jj < n; jj += 512) {
            int je = Math.min(n, jj + 512);
            for (int kk = 0; kk < n; kk += 256) {
                int ke = Math.min(n, kk + 256);
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

    interface Run { void run() throws Exception; }

    static void measure(String name, DType t, int n, int reps, Run r) throws Exception {
        for (int w = 0; w < 3; w++) r.run();
        double[] s = new double[reps];
        for (int k = 0; k < reps; k++) {
            long t0 = System.nanoTime();
            r.run();
            s[k] = (System.nanoTime() - t0) / 1e9;
        }
        Arrays.sort(s);
        double med = s[reps / 2];
        System.out.printf(Locale.ROOT, "RESULT %s %s %d %.6f %.6f %.6f %.2f%n", name, t.numpyName(), n, med, s[0], s[reps - 1], 2.0 * n * n * n / med / 1e9);
    }

    /** As {@link #measure}, in the calling thread's CPU time. */
    static void cpu(String name, DType t, int n, int reps, Run r) throws Exception {
        var mx = java.lang.management.ManagementFactory.getThreadMXBean();
        for (int w = 0; w < 3; w++) r.run();
        double[] s = new double[reps];
        for (int k = 0; k < reps; k++) {
            long t0 = mx.getCurrentThreadCpuTime();
            r.run();
            s[k] = (mx.getCurrentThreadCpuTime() - t0) / 1e9;
        }
        Arrays.sort(s);
        double med = s[reps / 2];
        System.out.printf(Locale.ROOT, "RESULT %s %s %d %.6f %.6f %.6f %.2f%n", name, t.numpyName(), n, med, s[0], s[reps - 1], 2.0 * n * n * n / med / 1e9);
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1024;
        int reps = args.length > 1 ? Integer.parseInt(args[1]) : 11;
        String[] targets = (args.length > 2 ? args[2] : "jvm").split(",");
        for (DType t : new DType[] { DType.FLOAT32, DType.FLOAT64 }) {
            NDArray a = Num.random(1, t, n, n).eval(), b = Num.random(2, t, n, n).eval();
            for (String target : targets) {
                Num.useTarget(target);
                a.matmul(b).eval();                       // compiles; starts the JVM's GEMM warm-up
                io.numfuse.runtime.JvmTarget.awaitVectorWarmups();
                measure("numfuse:" + target, t, n, reps, () -> a.matmul(b).eval());
            }
            Object ha = t == DType.FLOAT32 ? a.toFloatArray() : a.toDoubleArray(), hb = t == DType.FLOAT32 ? b.toFloatArray() : b.toDoubleArray();
            Object hc = t == DType.FLOAT32 ? new float[n * n] : new double[n * n];
            measure("java-blocked-2-threads", t, n, reps, () -> hand(ha, hb, hc, n, 2));
            // per core, in the thread's CPU time (what a loaded machine leaves of a core does not count): numfuse's GEMM and the loop on one thread
            cpu("numfuse-gemm-1-thread-cpu", t, n, reps, () -> {
                if (ha instanceof float[] af) io.numfuse.jvm.GemmF32.gemm(true, af, 0, n, 1, (float[]) hb, 0, n, 1, (float[]) hc, 0, n, 1, n, n, n);
                else io.numfuse.jvm.GemmF64.gemm(true, (double[]) ha, 0, n, 1, (double[]) hb, 0, n, 1, (double[]) hc, 0, n, 1, n, n, n);
            });
            cpu("java-blocked-1-thread-cpu", t, n, reps, () -> {
                if (ha instanceof float[] af) handF32(af, (float[]) hb, (float[]) hc, n, 0, n); else handF64((double[]) ha, (double[]) hb, (double[]) hc, n, 0, n);
            });
        }
    }
}
