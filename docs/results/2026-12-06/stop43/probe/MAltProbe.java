package io.numfuse.bench;

import io.numfuse.Num;
import io.numfuse.core.DType;
import java.util.Arrays;

/** The selection suite's Mandelbrot step over N, one loop state per target, the targets taking turns every 40 steps; per-step medians per target every few seconds. Args: N targets... */
public class MAltProbe {
    public static void main(String[] a) {
        int n = Integer.parseInt(a[0]);
        String[] ts = Arrays.copyOfRange(a, 1, a.length);
        Workloads.State[] st = new Workloads.State[ts.length];
        for (int i = 0; i < ts.length; i++) { final int k = i; st[i] = Num.on(ts[i], () -> Workloads.MANDELBROT.make(n, DType.FLOAT32)); }
        if (Boolean.getBoolean("tiny")) {   // as Measure's host warm-up: the same step on a small grid, 5000 times
            for (String tg : ts) Num.on(tg, () -> { Workloads.State w = Workloads.MANDELBROT.make(64, DType.FLOAT32); for (int i = 0; i < 5000; i++) w.call(false); });
        }
        long[][] t = new long[ts.length][4000];
        int[] c = new int[ts.length];
        long start = System.nanoTime(), last = start;
        while (System.nanoTime() - start < Long.getLong("secs", 40) * 1e9) {
            for (int i = 0; i < ts.length; i++) {
                final int k = i;
                Num.on(ts[i], () -> {
                    for (int s = 0; s < 40; s++) {
                        long gap = Long.getLong("gapMicros", 0) * 1000, g0 = System.nanoTime();
                        if (Boolean.getBoolean("sleepGap")) java.util.concurrent.locks.LockSupport.parkNanos(gap); else while (System.nanoTime() - g0 < gap) Thread.onSpinWait();
                        long t0 = System.nanoTime();
                        st[k].call(false);
                        if (c[k] < 4000) t[k][c[k]++] = System.nanoTime() - t0;
                    }
                });
            }
            if (System.nanoTime() - last > 4e9) {
                last = System.nanoTime();
                StringBuilder sb = new StringBuilder(String.format("%4.0f s", (last - start) / 1e9));
                for (int i = 0; i < ts.length; i++) {
                    long[] v = Arrays.copyOf(t[i], c[i]); Arrays.sort(v);
                    sb.append(String.format("  %s %.1f us", ts[i], v.length == 0 ? 0 : v[v.length / 2] / 1e3));
                    c[i] = 0;
                }
                System.out.println(sb);
            }
        }
        System.exit(0);
    }
}
