package io.numfuse.bench;

import io.numfuse.Num;
import io.numfuse.core.DType;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;

/** The suite's host Mandelbrot step, pinned JVM and auto in turn (batches of 20 calls): per second, each one's median call and the share of its calls whose split woke a parked worker. */
public class WProbe {
    public static void main(String[] a) throws Exception {
        int side = Integer.parseInt(a[0]);
        double secs = Double.parseDouble(a[1]);
        Method wakes = Class.forName("io.numfuse.runtime.WorkerPool").getDeclaredMethod("wakes");
        wakes.setAccessible(true);
        String[] targets = { "jvm", "auto" };
        Workloads.State[] st = new Workloads.State[2];
        for (int i = 0; i < 2; i++) st[i] = Num.on("jvm", () -> Workloads.MANDELBROT.make(side * side, DType.FLOAT32));
        long t0 = System.nanoTime(), lastPrint = t0;
        List<List<Double>> acc = List.of(new ArrayList<>(), new ArrayList<>());
        long[] woke = new long[2], calls = new long[2];
        while (System.nanoTime() - t0 < secs * 1e9) {
            for (int i = 0; i < 2; i++) {
                final int k = i;
                long w0 = (long) wakes.invoke(null);
                Num.on(targets[i], () -> {
                    for (int j = 0; j < 20; j++) {
                        long c0 = System.nanoTime();
                        st[k].call(true);
                        acc.get(k).add((System.nanoTime() - c0) / 1e3);
                    }
                });
                woke[k] += (long) wakes.invoke(null) - w0;
                calls[k] += 20;
            }
            if (System.nanoTime() - lastPrint > 1e9) {
                lastPrint = System.nanoTime();
                StringBuilder sb = new StringBuilder(String.format("%5.1f s", (lastPrint - t0) / 1e9));
                for (int i = 0; i < 2; i++) {
                    double[] x = acc.get(i).stream().mapToDouble(Double::doubleValue).sorted().toArray();
                    sb.append(String.format("  %s %.1f us (woke %.0f%%)", targets[i], x[x.length / 2], 100.0 * woke[i] / calls[i]));
                    acc.get(i).clear();
                    woke[i] = calls[i] = 0;
                }
                System.out.println(sb);
            }
        }
    }
}
