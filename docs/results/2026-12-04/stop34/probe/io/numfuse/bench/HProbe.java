package io.numfuse.bench;

import io.numfuse.Num;
import io.numfuse.core.DType;
import java.util.ArrayList;
import java.util.List;

/**
 * The selection suite's Mandelbrot step on the host ({@link Workloads#MANDELBROT}, called as the
 * suite calls it: the host reading its arrays after each step), in a fresh JVM: one state pinned
 * to the JVM and one under auto, 20 steps of each in turn. Prints each second's median step time
 * per target and, with -Dpeek, the last placement auto made. In package io.numfuse.bench to run
 * the suite's own workload. Arguments: SIDE SECONDS [f64].
 */
public class HProbe {
    public static void main(String[] a) {
        int side = Integer.parseInt(a[0]);
        double secs = Double.parseDouble(a[1]);
        DType dt = a.length > 2 && a[2].equals("f64") ? DType.FLOAT64 : DType.FLOAT32;
        String[] targets = { "jvm", "auto" };
        Workloads.State[] st = new Workloads.State[2];
        for (int i = 0; i < 2; i++) st[i] = Num.on("jvm", () -> Workloads.MANDELBROT.make(side * side, dt));
        long t0 = System.nanoTime(), lastPrint = t0;
        List<List<Double>> acc = List.of(new ArrayList<>(), new ArrayList<>());
        while (System.nanoTime() - t0 < secs * 1e9) {
            for (int i = 0; i < 2; i++) {
                final int k = i;
                Num.on(targets[i], () -> {
                    for (int j = 0; j < 20; j++) {
                        long c0 = System.nanoTime();
                        st[k].call(true);
                        acc.get(k).add((System.nanoTime() - c0) / 1e3);
                    }
                });
            }
            if (System.nanoTime() - lastPrint > 1e9) {
                lastPrint = System.nanoTime();
                StringBuilder sb = new StringBuilder(String.format("%5.1f s", (lastPrint - t0) / 1e9));
                for (int i = 0; i < 2; i++) {
                    double[] x = acc.get(i).stream().mapToDouble(Double::doubleValue).sorted().toArray();
                    sb.append(String.format("  %s %.1f us (n=%d)", targets[i], x[x.length / 2], x.length));
                    acc.get(i).clear();
                }
                System.out.println(sb);
                if (System.getProperty("peek") != null) Num.on("auto", () -> { st[1].call(true); System.out.println(io.numfuse.runtime.PeekPlacement.last()); });
            }
        }
    }
}
