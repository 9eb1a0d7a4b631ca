public class Alloc {
    public static void main(String[] a) {
        int n = Integer.parseInt(a[0]);
        float[][] keep = new float[3][];
        for (int r = 0; r < 5; r++) {
            long[] t = new long[60];
            for (int i = 0; i < t.length; i++) {
                long t0 = System.nanoTime();
                float[] x = new float[n];
                t[i] = System.nanoTime() - t0;
                keep[i % 3] = x;
                x[n - 1] = i;
            }
            java.util.Arrays.sort(t);
            System.out.printf("new float[%d]: median %.2f ms, min %.2f, max %.2f%n", n, t[30] / 1e6, t[0] / 1e6, t[59] / 1e6);
        }
    }
}
