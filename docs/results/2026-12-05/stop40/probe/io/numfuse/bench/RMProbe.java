package io.numfuse.bench;

import io.numfuse.Num;
import io.numfuse.core.DType;
import java.util.ArrayList;
import java.util.List;

/** The selection suite's Mandelbrot step resident on a device: opencl:0 and auto in turn, 20 steps each; per-second medians. Args: SIDE SECONDS [targets]. */
public class RMProbe {
    public static void main(String[] a) {
        int side = Integer.parseInt(a[0]);
        double secs = Double.parseDouble(a[1]);
        String[] targets = a.length > 2 ? a[2].split(",") : new String[] { "opencl:0", "auto" };
        int m = targets.length;
        Workloads.State[] st = new Workloads.State[m];
        for (int i = 0; i < m; i++) {
            st[i] = Num.on("jvm", () -> Workloads.MANDELBROT.make(side * side, DType.FLOAT32));
            final int k = i;
            Num.on("opencl:0", () -> { st[k].call(false); });
        }
        long t0 = System.nanoTime(), lastPrint = t0;
        List<List<Double>> acc = new ArrayList<>();
        for (int i = 0; i < m; i++) acc.add(new ArrayList<>());
        while (System.nanoTime() - t0 < secs * 1e9) {
            for (int i = 0; i < m; i++) {
                final int k = i;
                Num.on(targets[i], () -> {
                    for (int j = 0; j < 20; j++) {
                        long c0 = System.nanoTime();
                        st[k].call(false);
                        acc.get(k).add((System.nanoTime() - c0) / 1e3);
                    }
                });
            }
            if (System.nanoTime() - lastPrint > 1e9) {
                lastPrint = System.nanoTime();
                StringBuilder sb = new StringBuilder(String.format("%5.1f s", (lastPrint - t0) / 1e9));
                for (int i = 0; i < m; i++) {
                    double[] x = acc.get(i).stream().mapToDouble(Double::doubleValue).sorted().toArray();
                    sb.append(String.format("  %s %.1f us [%.1f-%.1f] (n=%d)", targets[i], x[x.length / 2], x[x.length / 4], x[3 * x.length / 4], x.length));
                    acc.get(i).clear();
                }
                System.out.println(sb);
            }
        }
    }
}
