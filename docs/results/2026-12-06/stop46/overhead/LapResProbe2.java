package io.numfuse.bench;

import io.numfuse.Num;
import io.numfuse.core.DType;
import java.util.ArrayList;
import java.util.List;

/** The selection's resident Laplace step (or mandelbrot): targets in turn, 40 calls each, median per 2 s. Args: WORK N SECONDS targets */
public class LapResProbe2 {
    public static void main(String[] a) {
        Workloads.Workload w = a[0].startsWith("l") ? Workloads.LAPLACE : Workloads.MANDELBROT;
        int n = Integer.parseInt(a[1]);
        double secs = Double.parseDouble(a[2]);
        String[] targets = a[3].split(",");
        DType dt = w == Workloads.LAPLACE ? DType.FLOAT64 : DType.FLOAT32;
        List<Workloads.State> st = new ArrayList<>();
        List<Runnable> before = new ArrayList<>();
        for (String t : targets) {
            Workloads.State s = Num.on("jvm", () -> w.make(n, dt));
            st.add(s);
            before.add(Residency.parse("opencl:0", List.of("jvm", "opencl:0", "auto")).before(s.inputs));
        }
        List<List<Double>> acc = new ArrayList<>();
        for (String t : targets) acc.add(new ArrayList<>());
        long t0 = System.nanoTime(), last = t0;
        while (System.nanoTime() - t0 < secs * 1e9) {
            for (int i = 0; i < targets.length; i++) {
                Workloads.State s = st.get(i);
                for (int j = 0; j < 40; j++) {
                    before.get(i).run();
                    long c0 = System.nanoTime();
                    Num.on(targets[i], () -> { s.call(false); });
                    acc.get(i).add((System.nanoTime() - c0) / 1e3);
                }
            }
            if (System.nanoTime() - last > 2e9) {
                Timers.print();
                last = System.nanoTime();
                StringBuilder sb = new StringBuilder(String.format("%5.1f s", (last - t0) / 1e9));
                for (int i = 0; i < targets.length; i++) {
                    double[] v = acc.get(i).stream().mapToDouble(Double::doubleValue).sorted().toArray();
                    double med = v[v.length / 2], sum = 0, slow = 0; int ns = 0;
                    for (double x : v) { sum += x; if (x > 2 * med) { slow += x - med; ns++; } }
                    sb.append(String.format("  %s med %.1f mean %.1f us [%.1f-%.1f] slow %d calls %.1f us/call", targets[i], med, sum / v.length, v[v.length / 4], v[3 * v.length / 4], ns, slow / v.length));
                    acc.get(i).clear();
                }
                System.out.println(sb);
            }
        }
    }
}
