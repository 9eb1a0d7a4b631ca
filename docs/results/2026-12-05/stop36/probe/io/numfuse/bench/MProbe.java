package io.numfuse.bench;

import io.numfuse.Num;
import io.numfuse.core.DType;
import java.lang.management.ManagementFactory;

/**
 * The selection suite's host Mandelbrot step (Workloads.MANDELBROT, the host reading its arrays
 * after each step), pinned to the JVM and under auto in turn, in one fresh JVM: each second, the
 * median step time and the bytes the calling thread allocated per step for each. Arguments: SIDE SECONDS.
 */
public class MProbe {
    public static void main(String[] a) {
        int side = Integer.parseInt(a[0]);
        double secs = Double.parseDouble(a[1]);
        var mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long me = Thread.currentThread().threadId();
        String[] targets = a.length > 2 ? new String[] { a[2], a[2] } : new String[] { "jvm", "auto" };
        Workloads.State[] st = new Workloads.State[2];
        boolean laplace = System.getProperty("laplace") != null;   // -Dlaplace: the Laplace step over float64 instead
        for (int i = 0; i < 2; i++) st[i] = Num.on("jvm", () -> laplace ? Workloads.LAPLACE.make(side * side, DType.FLOAT64) : Workloads.MANDELBROT.make(side * side, DType.FLOAT32));
        if (laplace && System.getProperty("offset") != null) for (Workloads.State x : st) Num.on("jvm", () -> x.inputs.get(0).assign(x.inputs.get(0).add(1.0)));
        long t0 = System.nanoTime(), lastPrint = t0;
        double[][] times = new double[2][100000];
        int[] n = new int[2];
        long[] bytes = new long[2];
        var runs = io.numfuse.runtime.KernelRuns.snapshot();
        while (System.nanoTime() - t0 < secs * 1e9) {
            for (int i = 0; i < 2; i++) {
                final int k = i;
                Num.on(targets[i], () -> {
                    for (int j = 0; j < 20; j++) {
                        long b0 = mx.getThreadAllocatedBytes(me);
                        long c0 = System.nanoTime();
                        st[k].call(true);
                        times[k][n[k]++] = (System.nanoTime() - c0) / 1e3;
                        bytes[k] += mx.getThreadAllocatedBytes(me) - b0;
                    }
                });
            }
            if (System.nanoTime() - lastPrint > 1e9) {
                lastPrint = System.nanoTime();
                StringBuilder sb = new StringBuilder(String.format("%5.1f s", (lastPrint - t0) / 1e9));
                for (int i = 0; i < 2; i++) {
                    double[] x = java.util.Arrays.copyOf(times[i], n[i]);
                    java.util.Arrays.sort(x);
                    sb.append(String.format("  %s %.1f us %.0f B/step (n=%d)", targets[i], x[x.length / 2], (double) bytes[i] / n[i], n[i]));
                    n[i] = 0;
                    bytes[i] = 0;
                }
                System.out.println(sb + "  runs " + io.numfuse.runtime.KernelRuns.since(runs));
                runs = io.numfuse.runtime.KernelRuns.snapshot();
                if (System.getProperty("peek") != null) for (int r = 0; r < 3; r++) Num.on(targets[1], () -> { st[1].call(true); System.out.println(io.numfuse.runtime.PeekPlacement.last()); });
            }
        }
    }
}
