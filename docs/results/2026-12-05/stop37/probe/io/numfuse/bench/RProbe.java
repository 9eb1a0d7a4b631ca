package io.numfuse.bench;

import io.numfuse.Num;
import io.numfuse.core.DType;
import io.numfuse.runtime.KernelRuns;
import java.util.Arrays;

/**
 * a+b over N float32 (the selection suite's expression, a new result each call, read on the host
 * at once), its inputs never rewritten, on the JVM target and under auto in turn (batches of 200
 * calls), in one JVM: each second the median time per call of each and the kernels run per
 * target in that second. Arguments: N SECONDS; {@code -Dresident=1} puts auto's inputs on opencl:0 too first.
 */
public class RProbe {
    public static void main(String[] a) {
        int n = Integer.parseInt(a[0]);
        double secs = Double.parseDouble(a[1]);
        String[] targets = { "jvm", "auto" };
        Workloads.Workload w = Workloads.expr("a+b", 2, false, x -> x[0].add(x[1]));
        Workloads.State[] st = new Workloads.State[2];
        for (int i = 0; i < 2; i++) st[i] = Num.on("jvm", () -> w.make(n, DType.FLOAT32));
        // -Dresident=1: auto's inputs copied to the first OpenCL device first (current there and on the host)
        if (System.getProperty("resident") != null) Num.on("opencl:0", () -> st[1].call(false));
        long t0 = System.nanoTime(), lastPrint = t0;
        double[][] times = new double[2][1 << 16];
        int[] k = new int[2];
        var runs = KernelRuns.snapshot();
        while (System.nanoTime() - t0 < secs * 1e9) {
            for (int i = 0; i < 2; i++) {
                final int j = i;
                Num.on(targets[i], () -> {
                    long c0 = System.nanoTime();
                    for (int c = 0; c < 200; c++) st[j].call(true);
                    times[j][k[j]++] = (System.nanoTime() - c0) / 1e3 / 200;
                });
            }
            if (System.nanoTime() - lastPrint > 1e9) {
                lastPrint = System.nanoTime();
                StringBuilder sb = new StringBuilder(String.format("%5.1f s", (lastPrint - t0) / 1e9));
                double[] m = new double[2];
                for (int i = 0; i < 2; i++) {
                    double[] x = Arrays.copyOf(times[i], k[i]);
                    Arrays.sort(x);
                    m[i] = x[x.length / 2];
                    sb.append(String.format("  %s %.1f us", targets[i], m[i]));
                    k[i] = 0;
                }
                System.out.println(sb + String.format("  auto/jvm %.2f  runs %s", m[1] / m[0], KernelRuns.since(runs)));
                runs = KernelRuns.snapshot();
            }
        }
    }
}
