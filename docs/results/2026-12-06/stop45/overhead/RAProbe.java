package io.numfuse.bench;

import io.numfuse.Num;
import io.numfuse.NDArray;
import io.numfuse.core.DType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** a+b*c written into an existing array, inputs resident on opencl:0 (written there by a kernel before each call): targets in turn, 40 calls each. Args: N SECONDS targets */
public class RAProbe {
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
