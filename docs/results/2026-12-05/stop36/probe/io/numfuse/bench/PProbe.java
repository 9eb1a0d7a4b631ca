package io.numfuse.bench;

import io.numfuse.Num;
import io.numfuse.core.DType;
import java.util.Arrays;

/**
 * Whether a JVM step right after a device's steps runs slower: the selection suite's host
 * Mandelbrot step over SIDE x SIDE, one state per row, rows in turn each round (CALLS calls a
 * sample): the targets named, in that order. Prints each row's median sample per call.
 * Arguments: SIDE SECONDS TARGETS(comma-separated) [CALLS].
 */
public class PProbe {
    public static void main(String[] a) {
        int side = Integer.parseInt(a[0]);
        double secs = Double.parseDouble(a[1]);
        String[] targets = a[2].split(",");
        int calls = a.length > 3 ? Integer.parseInt(a[3]) : 10;
        Workloads.State[] st = new Workloads.State[targets.length];
        for (int i = 0; i < targets.length; i++) st[i] = Num.on("jvm", () -> Workloads.MANDELBROT.make(side * side, DType.FLOAT32));
        double[][] t = new double[targets.length][100000];
        int[] k = new int[targets.length];
        long[] wakes = new long[targets.length], steps = new long[targets.length], fresh = new long[targets.length];
        long t0 = System.nanoTime(), last = t0;
        while (System.nanoTime() - t0 < secs * 1e9) {
            for (int i = 0; i < targets.length; i++) {
                final int j = i;
                Num.on(targets[i], () -> {
                    long w0 = io.numfuse.runtime.PeekCounters.wakes(), f0 = io.numfuse.ir.Buffer.freshBytesOnThisThread();
                    long c0 = System.nanoTime();
                    for (int c = 0; c < calls; c++) st[j].call(true);
                    wakes[j] += io.numfuse.runtime.PeekCounters.wakes() - w0;
                    fresh[j] += io.numfuse.ir.Buffer.freshBytesOnThisThread() - f0;
                    steps[j] += calls;
                    t[j][k[j]++] = (System.nanoTime() - c0) / 1e3 / calls;
                });
            }
            if (System.nanoTime() - last > 2e9) {
                last = System.nanoTime();
                StringBuilder sb = new StringBuilder(String.format("%5.1f s", (last - t0) / 1e9));
                for (int i = 0; i < targets.length; i++) {
                    double[] x = Arrays.copyOf(t[i], k[i]);
                    Arrays.sort(x);
                    sb.append(String.format("  %d:%s %.1f us %.2f wakes/step %.0f KB new/step", i, targets[i], x[x.length / 2], (double) wakes[i] / Math.max(1, steps[i]), fresh[i] / 1e3 / Math.max(1, steps[i])));
                    wakes[i] = steps[i] = fresh[i] = 0;
                    k[i] = 0;
                }
                System.out.println(sb + "  " + io.numfuse.runtime.PeekCounters.now() + (System.getProperty("peek") != null ? "\n" + io.numfuse.runtime.PeekPlacement.last() : ""));
            }
        }
    }
}
