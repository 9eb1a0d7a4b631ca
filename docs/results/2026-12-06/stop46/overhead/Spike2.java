package io.numfuse.bench;

import io.numfuse.Num;
import io.numfuse.core.DType;
import io.numfuse.runtime.KernelRuns;
import java.lang.management.*;
import java.util.*;

/** Resident step: slow calls (>2x median) attributed: created a device buffer, a lesson, JIT compile ended, GC, ran on jvm, else. Args: WORK N SECONDS targets */
public class Spike2 {
    static java.lang.reflect.Method TAKEN; static Object LEARNING; static java.util.concurrent.atomic.AtomicLong CREATED;
    static {
        try {
            var f = Class.forName("io.numfuse.runtime.Placement").getDeclaredField("LEARNING"); f.setAccessible(true); LEARNING = f.get(null);
            TAKEN = LEARNING.getClass().getDeclaredMethod("taken"); TAKEN.setAccessible(true);
            var g = Class.forName("io.numfuse.runtime.DeviceMemory").getDeclaredField("PROBE_CREATED"); g.setAccessible(true); CREATED = (java.util.concurrent.atomic.AtomicLong) g.get(null);
        } catch (Exception e) { throw new RuntimeException(e); }
    }
    static long taken() { try { return (long) TAKEN.invoke(LEARNING); } catch (Exception e) { throw new RuntimeException(e); } }
    static long gcs() { long s = 0; for (GarbageCollectorMXBean b : ManagementFactory.getGarbageCollectorMXBeans()) s += b.getCollectionCount(); return s; }
    public static void main(String[] a) {
        Workloads.Workload w = a[0].startsWith("l") ? Workloads.LAPLACE : Workloads.MANDELBROT;
        int n = Integer.parseInt(a[1]);
        double secs = Double.parseDouble(a[2]);
        String[] targets = a[3].split(",");
        DType dt = w == Workloads.LAPLACE ? DType.FLOAT64 : DType.FLOAT32;
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        List<Workloads.State> st = new ArrayList<>(); List<Runnable> before = new ArrayList<>();
        for (String t : targets) { Workloads.State s = Num.on("jvm", () -> w.make(n, dt)); st.add(s); before.add(Residency.parse("opencl:0", List.of("jvm", "opencl:0", "auto")).before(s.inputs)); }
        int T = targets.length;
        List<List<double[]>> acc = new ArrayList<>(); for (int i = 0; i < T; i++) acc.add(new ArrayList<>());
        long t0 = System.nanoTime(), last = t0;
        String[] cls = { "created", "lesson", "jit", "gc", "jvm", "other" };
        while (System.nanoTime() - t0 < secs * 1e9) {
            for (int i = 0; i < T; i++) {
                Workloads.State s = st.get(i);
                for (int j = 0; j < 36; j++) {
                    before.get(i).run();
                    long cr = CREATED.get(), tk = taken(), jc = jit.getTotalCompilationTime(), g0 = gcs(); long kj = KernelRuns.snapshot().getOrDefault("jvm", 0L);
                    long c0 = System.nanoTime();
                    Num.on(targets[i], () -> { s.call(false); });
                    double us = (System.nanoTime() - c0) / 1e3;
                    int c = CREATED.get() != cr ? 0 : taken() != tk ? 1 : jit.getTotalCompilationTime() != jc ? 2 : gcs() != g0 ? 3 : KernelRuns.snapshot().getOrDefault("jvm", 0L) != kj ? 4 : 5;
                    acc.get(i).add(new double[] { us, c });
                }
            }
            if (System.nanoTime() - last > 2e9) {
                last = System.nanoTime();
                StringBuilder sb = new StringBuilder(String.format("%5.1f s", (last - t0) / 1e9));
                for (int i = 0; i < T; i++) {
                    double[] v = acc.get(i).stream().mapToDouble(x -> x[0]).sorted().toArray();
                    double med = v[v.length / 2], sum = 0; double[] ex = new double[6]; int[] cnt = new int[6], all = new int[6];
                    for (double[] x : acc.get(i)) { sum += x[0]; int c = (int) x[1]; all[c]++; if (x[0] > 2 * med) { ex[c] += x[0] - med; cnt[c]++; } }
                    int m = acc.get(i).size();
                    sb.append(String.format("%n   %-9s med %.1f mean %.1f | slow calls by cause (of all such calls), excess us/call:", targets[i], med, sum / m));
                    for (int c = 0; c < 6; c++) sb.append(String.format(" %s %d/%d %.1f", cls[c], cnt[c], all[c], ex[c] / m));
                    acc.get(i).clear();
                }
                System.out.println(sb);
            }
        }
    }
}
