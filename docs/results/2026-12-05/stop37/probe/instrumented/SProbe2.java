package io.numfuse.bench;

import io.numfuse.Num;
import io.numfuse.core.DType;
import java.util.Arrays;

/**
 * A selection-suite expression over N float32 as the suite's host case (inputs rewritten on the
 * host before each call, the result read there), the JVM target and auto in turn, 10 calls a
 * batch, each timed; each second the medians and auto's counters. -Dexpr=where|poly|add|div.
 * Arguments: N SECONDS.
 */
public class SProbe2 {
    public static void main(String[] a) {
        int n = Integer.parseInt(a[0]);
        double secs = Double.parseDouble(a[1]);
        String expr = System.getProperty("expr", "where");
        Workloads.Workload w = switch (expr) {
            case "where" -> SelectionSuite.WHERE;
            case "poly" -> SelectionSuite.POLY;
            case "add" -> SelectionSuite.ADD;
            default -> SelectionSuite.DIVISIONS;
        };
        String[] targets = { "jvm", "auto" };
        Workloads.State[] st = new Workloads.State[2];
        for (int i = 0; i < 2; i++) st[i] = Num.on("jvm", () -> w.make(n, DType.FLOAT32));
        Runnable[] before = { Residency.HOST.before(st[0].inputs), Residency.HOST.before(st[1].inputs) };
        double[][] t = new double[2][1 << 20];
        int[] k = new int[2];
        long t0 = System.nanoTime(), last = t0;
        long calls = 0;
        while (System.nanoTime() - t0 < secs * 1e9) {
            for (int i = 0; i < 2; i++) {
                int j = i;
                Num.on(targets[i], () -> {
                    for (int c = 0; c < 10; c++) {
                        before[j].run();
                        long s = System.nanoTime();
                        st[j].call(true);
                        if (k[j] < t[j].length) t[j][k[j]++] = (System.nanoTime() - s) / 1e3;
                    }
                });
            }
            calls += 10;
            if (System.nanoTime() - last > 1e9) {
                last = System.nanoTime();
                double[] m = new double[2];
                for (int i = 0; i < 2; i++) { double[] x = Arrays.copyOf(t[i], k[i]); Arrays.sort(x); m[i] = x[x.length / 2]; k[i] = 0; }
                System.out.printf("%5.1f s jvm %.1f us auto %.1f us (x%.3f) auto calls %d | %s%n", (last - t0) / 1e9, m[0], m[1], m[1] / m[0], calls,
                        io.numfuse.runtime.PeekCounters.now());
                try { var f = Class.forName("io.numfuse.runtime.Scheduler").getField("PH"); f.setAccessible(true); long[] P = (long[]) f.get(null);
                  var g = Class.forName("io.numfuse.runtime.Scheduler").getField("CT"); g.setAccessible(true); double[] C = (double[]) g.get(null);
                  int mm = (int) Math.min(P[1], C.length); double[] cc = java.util.Arrays.copyOf(C, mm); java.util.Arrays.sort(cc);
                  System.out.printf("   consider: mean %.2f us median %.2f p90 %.2f max %.0f (n=%d)%n", P[0]/1e3/Math.max(1,mm), cc[mm/2], cc[mm*9/10], cc[mm-1], mm);
                  java.util.Arrays.fill(P, 0); } catch (Exception e) { throw new RuntimeException(e); }
                calls = 0;
            }
        }
    }
}
