package io.numfuse.bench;

import io.numfuse.Num;
import io.numfuse.core.DType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A selection workload over N resident on opencl:0 (written there by a kernel before each call): targets in turn, 40 calls each; per-2-second medians. Args: WORKLOAD N SECONDS [targets] */
public class LPProbe2 {
    public static void main(String[] a) {
        Workloads.Workload w = switch (a[0]) {
            case "strided" -> SelectionSuite.STRIDED;
            case "poly" -> SelectionSuite.POLY;
            case "abc" -> SelectionSuite.ABC;
            case "add" -> SelectionSuite.ADD;
            case "sum" -> SelectionSuite.SUM;
            case "hypot" -> SelectionSuite.HYPOT;
            default -> throw new IllegalArgumentException(a[0]);
        };
        DType dt = Boolean.getBoolean("f32") ? DType.FLOAT32 : DType.FLOAT64;
        int n = Integer.parseInt(a[1]);
        double secs = Double.parseDouble(a[2]);
        String[] targets = a.length > 3 ? a[3].split(",") : new String[] { "opencl:0", "auto" };
        Workloads.State s = Num.on("jvm", () -> w.make(n, dt));
        boolean host = System.getProperty("res", "opencl:0").equals("host");
        Runnable before = Residency.parse(System.getProperty("res", "opencl:0"), List.of("jvm", "opencl:0", "auto")).before(s.inputs);
        List<List<Double>> acc = new ArrayList<>();
        long[] alloc = new long[targets.length];
        var mx = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        for (String t : targets) acc.add(new ArrayList<>());
        long t0 = System.nanoTime(), last = t0;
        while (System.nanoTime() - t0 < secs * 1e9) {
            for (int i = 0; i < targets.length; i++) {
                final int k = i;
                for (int j = 0; j < 40; j++) {
                    before.run();
                    long a0 = mx.getCurrentThreadAllocatedBytes();
                    long c0 = System.nanoTime();
                    Num.on(targets[k], () -> { s.call(host); });
                    alloc[k] += mx.getCurrentThreadAllocatedBytes() - a0;
                    acc.get(k).add((System.nanoTime() - c0) / 1e3);
                }
            }
            if (System.nanoTime() - last > 2e9) {
                last = System.nanoTime();
                StringBuilder sb = new StringBuilder(String.format("%5.1f s", (last - t0) / 1e9));
                for (int i = 0; i < targets.length; i++) {
                    double[] v = acc.get(i).stream().mapToDouble(Double::doubleValue).sorted().toArray();
                    sb.append(String.format("  %s %.1f us [%.1f-%.1f] mean %.1f p90 %.0f p99 %.0f max %.0f n>300 %d sum>300 %.0f", targets[i], v[v.length / 2], v[v.length / 4], v[3 * v.length / 4], Arrays.stream(v).average().orElse(0), v[v.length*9/10], v[v.length*99/100], v[v.length-1], Arrays.stream(v).filter(x -> x > 300).count(), Arrays.stream(v).filter(x -> x > 300).sum() / v.length));
                    sb.append(String.format(" alloc/call %.0f B", alloc[i] / (double) v.length));
                    alloc[i] = 0;
                    acc.get(i).clear();
                }
                System.out.println(sb); if (Boolean.getBoolean("lp")) System.out.println(Num.on("auto", () -> { s.call(host); return Num.lastPlacement(); }));
            }
        }
    }
}
