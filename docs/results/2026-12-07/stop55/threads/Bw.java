public class Bw {
    public static void main(String[] x) throws Exception {
        int n = 1 << 24; // 128 MB per array
        double[][] arr = {new double[n], new double[n]};
        double[][] out = {new double[n], new double[n]};
        for (double[] a : arr) java.util.Arrays.fill(a, 1.5);
        for (int r = 0; r < 6; r++) for (int t : new int[]{1, 2}) {
            Thread[] th = new Thread[t];
            long t0 = System.nanoTime();
            for (int k = 0; k < t; k++) { final int kk = k; th[k] = new Thread(() -> { double[] a = arr[kk], o = out[kk]; for (int i = 0; i < n; i++) o[i] = a[i] * 2 + 1; }); th[k].start(); }
            for (Thread q : th) q.join();
            double s = (System.nanoTime() - t0) / 1e9;
            System.out.printf("threads %d: %.1f GB/s%n", t, t * 16.0 * n / s / 1e9);
        }
    }
}
