package io.numfuse.bench;

import io.numfuse.Num;
import io.numfuse.NDArray;
import java.util.Locale;

/** The Laplace demo's step in a scope, 500x500 float64, on one target: median us a step every 2 s. Args: SECONDS target */
public class LapProbe2 {
    public static void main(String[] a) {
        double secs = Double.parseDouble(a[0]);
        String t = a[1];
        Num.useTarget(t);
        NDArray u = DemoCommand.laplaceGrid(500);
        long t0 = System.nanoTime(), last = t0;
        double[] acc = new double[100000];
        int n = 0;
        while (System.nanoTime() - t0 < secs * 1e9) {
            long c0 = System.nanoTime();
            DemoCommand.laplaceStep(u);
            if (n < acc.length) acc[n++] = (System.nanoTime() - c0) / 1e3;
            if (System.nanoTime() - last > 1e9) {
                last = System.nanoTime();
                double[] v = java.util.Arrays.copyOf(acc, n);
                java.util.Arrays.sort(v);
                System.out.printf(Locale.ROOT, "%5.1f s  %s %.1f us [%.1f-%.1f] %d steps%n", (last - t0) / 1e9, t, v[n / 2], v[n / 4], v[3 * n / 4], n);
                n = 0;
            }
        }
        Residency.readOnHost(u);
    }
}
