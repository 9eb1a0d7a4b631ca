package io.numfuse.bench;

import io.numfuse.Num;
import io.numfuse.core.DType;
import java.util.Arrays;

/**
 * auto's own cost per evaluation: the selection suite's a+b (a new result, read on the host) over
 * N float32 elements, on targets named in turn (batches of CALLS calls each), in one JVM; each
 * second the median time per call per target. Arguments: N SECONDS TARGETS(comma-separated) [CALLS].
 */
public class OProbe {
    public static void main(String[] a) {
        int n = Integer.parseInt(a[0]);
        double secs = Double.parseDouble(a[1]);
        String[] targets = a[2].split(",");
        int calls = a.length > 3 ? Integer.parseInt(a[3]) : 200;
        Workloads.Workload w = Workloads.expr("a+b", 2, false, x -> x[0].add(x[1]));
        Workloads.State[] st = new Workloads.State[targets.length];
        for (int i = 0; i < targets.length; i++) st[i] = Num.on("jvm", () -> w.make(n, DType.FLOAT32));
        long t0 = System.nanoTime(), lastPrint = t0;
        double[][] times = new double[targets.length][1 << 16];
        int[] k = new int[targets.length];
        while (System.nanoTime() - t0 < secs * 1e9) {
            for (int i = 0; i < targets.length; i++) {
                final int j = i;
                Num.on(targets[i], () -> {
                    long c0 = System.nanoTime();
                    for (int c = 0; c < calls; c++) st[j].call(true);
                    if (k[j] < times[j].length) times[j][k[j]++] = (System.nanoTime() - c0) / 1e3 / calls;
                });
            }
            if (System.nanoTime() - lastPrint > 1e9) {
                lastPrint = System.nanoTime();
                StringBuilder sb = new StringBuilder(String.format("%5.1f s", (lastPrint - t0) / 1e9));
                double base = 0;
                for (int i = 0; i < targets.length; i++) {
                    double[] x = Arrays.copyOf(times[i], k[i]);
                    Arrays.sort(x);
                    double m = x[x.length / 2];
                    if (i == 0) base = m;
                    sb.append(String.format("  %s %.3f us (x%.3f)", targets[i], m, m / base));
                    k[i] = 0;
                }
                System.out.println(sb);
            }
        }
    }
}
