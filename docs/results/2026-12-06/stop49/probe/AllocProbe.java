import java.util.concurrent.*;
public class AllocProbe {
    static final int N = 500;
    static final ExecutorService pool = Executors.newFixedThreadPool(1);
    static void rows(double[] u, double[] v, int from, int to) {
        double dx = 1.0 / (N - 1), dx2 = dx * dx, dy2 = dx2, den = 2 * (dx2 + dy2);
        for (int i = from; i < to; i++) { int r = i * N;
            for (int j = 1; j < N - 1; j++) v[r + j] = ((u[r - N + j] + u[r + N + j]) * dy2 + (u[r + j - 1] + u[r + j + 1]) * dx2) / den; }
    }
    static void step(double[] u, double[] v) throws Exception {
        Future<?> f = pool.submit(() -> rows(u, v, 1, N / 2));
        rows(u, v, N / 2, N - 1); f.get();
    }
    static void frame(double[] u, double[] v) {
        System.arraycopy(u, 0, v, 0, N); System.arraycopy(u, (N - 1) * N, v, (N - 1) * N, N);
        for (int i = 1; i < N - 1; i++) { v[i * N] = u[i * N]; v[i * N + N - 1] = u[i * N + N - 1]; }
    }
    static final jdk.internal.misc.Unsafe U = jdk.internal.misc.Unsafe.getUnsafe();
    static double[] uninit() { return (double[]) U.allocateUninitializedArray(double.class, N * N); }
    public static void main(String[] a) throws Exception {
        int steps = 100;
        for (int round = 0; round < 30; round++) {
            double[] u = new double[N * N], v = new double[N * N];
            for (int i = 0; i < N * N; i++) u[i] = i * 1e-6;
            v = u.clone();
            long t0 = System.nanoTime();
            for (int k = 0; k < steps; k++) { step(u, v); double[] t = u; u = v; v = t; }
            long t1 = System.nanoTime();
            for (int k = 0; k < steps; k++) { double[] w = new double[N * N]; frame(u, w); step(u, w); u = w; }
            long t2 = System.nanoTime();
            for (int k = 0; k < steps; k++) { double[] w = uninit(); frame(u, w); step(u, w); u = w; }
            long t3 = System.nanoTime();
            System.out.printf("pingpong %.1f  new %.1f (%.2fx)  uninit %.1f (%.2fx)%n", (t1 - t0) / 1e3 / steps, (t2 - t1) / 1e3 / steps, (double)(t2 - t1) / (t1 - t0), (t3 - t2) / 1e3 / steps, (double)(t3 - t2) / (t1 - t0));
        }
        pool.shutdown();
    }
}
