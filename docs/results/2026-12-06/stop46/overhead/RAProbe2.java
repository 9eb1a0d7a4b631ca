package io.numfuse.bench;

import io.numfuse.Num;
import io.numfuse.NDArray;
import io.numfuse.core.DType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** a+b*c written into an existing array, inputs resident on opencl:0 (written there by a kernel before each call): targets in turn, 40 calls each. Args: N SECONDS targets */
public class RAProbe2 {
    static long c(String n) { try { var f = Class.forName("io.numfuse.runtime.Placement").getDeclaredField(n); f.setAccessible(true); return ((java.util.concurrent.atomic.AtomicLong) f.get(null)).getAndSet(0); } catch (Exception e) { throw new RuntimeException(e); } }
    public static void main(String[] a) {
        int n = Integer.parseInt(a[0]);
        double secs = Double.parseDouble(a[1]);
        String[] targets = a[2].split(",");
        DType dt = DType.FLOAT32;
        List<NDArray> in = Num.on("jvm", () -> List.of(Num.random(1, dt, n).eval(), Num.random(2, dt, n).eval(), Num.random(3, dt, n).eval()));
        NDArray o = Num.zeros(dt, n);
        Runnable before = Residency.parse("opencl:0", List.of("jvm", "opencl:0", "auto")).before(in);
        List<List<Double>> acc = new ArrayList<>();
        for (String t : targets) acc.add(new ArrayList<>());
        long t0 = System.nanoTime(), last = t0; var mx = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean(); long[] alloc = new long[targets.length]; long[] ncalls = new long[targets.length];
        while (System.nanoTime() - t0 < secs * 1e9) {
            for (int i = 0; i < targets.length; i++) {
                for (int j = 0; j < 40; j++) {
                    before.run();
                    long a0 = mx.getCurrentThreadAllocatedBytes(); long c0 = System.nanoTime();
                    NDArray[] keep = new NDArray[1]; Num.on(targets[i], () -> { keep[0] = in.get(0).add(in.get(1).mul(in.get(2))).eval(); });
                    acc.get(i).add((System.nanoTime() - c0) / 1e3); alloc[i] += mx.getCurrentThreadAllocatedBytes() - a0; ncalls[i]++;
                }
            }
            if (System.nanoTime() - last > 2e9) {
                try { var f = Class.forName("io.numfuse.runtime.Scheduler").getDeclaredField("PROBE_T"); f.setAccessible(true); long[] T = (long[]) f.get(null);
                    double c = Math.max(1, T[15]);
                    System.out.printf("   auto per eval (%d): keys %.1f back %.1f pre %.1f decide %.1f stayed %.1f placed %.1f (device %.1f, learn %.1f in %d) after %.1f us%n", T[15], T[0]/c/1e3, T[1]/c/1e3, T[2]/c/1e3, T[3]/c/1e3, T[4]/c/1e3, T[5]/c/1e3, T[7]/c/1e3, T[8]/c/1e3, T[9], T[6]/c/1e3);
                    var g = Class.forName("io.numfuse.runtime.Scheduler").getDeclaredField("DEC_SLOW"); g.setAccessible(true);
                    System.out.printf("     slow (>5us): keys %d calls %.1f us/eval, back %d calls %.1f, decide %d calls %.1f%n", T[10], T[11]/c/1e3, T[12], T[13]/c/1e3, T[14], g.getLong(null)/c/1e3); g.setLong(null, 0);
                    System.out.printf("     xfresh %d, forgets storage %d link %d jvmstorage %d, stale %d own %d%n", c("PROBE_FRESH"), c("PROBE_F1"), c("PROBE_F2"), c("PROBE_F3"), c("PROBE_F4") & 0xffffffffL, c("PROBE_F4") >>> 32);
                    var h = Class.forName("io.numfuse.runtime.Scheduler").getDeclaredField("PROBE_R"); h.setAccessible(true); long[] R = (long[]) h.get(null);
                    System.out.printf("     reuse: lookup+verify %.2f us/eval, again %.2f us per plain reuse (%d); fresh %d taking %.1f us/eval%n", R[0]/c/1e3, R[1]/Math.max(1.0,R[2])/1e3, R[2], c("PROBE_FRESH"), R[3]/c/1e3); java.util.Arrays.fill(R, 0);
                    var hl = Class.forName("io.numfuse.runtime.Scheduler").getDeclaredField("PROBE_L"); hl.setAccessible(true); long[] L = (long[]) hl.get(null);
                    System.out.printf("     learn: %d not quiet, %.1f us each, %d taken, %d news%n", L[0], L[1]/Math.max(1.0,L[0])/1e3, L[2], L[3]); java.util.Arrays.fill(L, 0);
                    java.util.Arrays.fill(T, 0); } catch (Exception e) { throw new RuntimeException(e); }
                last = System.nanoTime();
                StringBuilder sb = new StringBuilder(String.format("%5.1f s", (last - t0) / 1e9));
                for (int i = 0; i < targets.length; i++) {
                    double[] v = acc.get(i).stream().mapToDouble(Double::doubleValue).sorted().toArray();
                    sb.append(String.format("  %s %.1f us [%.1f-%.1f]", targets[i], v[v.length / 2], v[v.length / 4], v[3 * v.length / 4]));
                    acc.get(i).clear(); sb.append(String.format(" %d B/call", alloc[i] / Math.max(1, ncalls[i]))); alloc[i] = 0; ncalls[i] = 0;
                }
                System.out.println(sb);
            }
        }
    }
}
