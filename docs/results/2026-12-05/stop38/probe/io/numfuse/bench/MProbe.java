package io.numfuse.bench;

import io.numfuse.Num;
import io.numfuse.core.DType;
import java.util.*;

/** MProbe N SECONDS: the selection suite's Mandelbrot loop case (arrays left where the last step put them), rows jvm, opencl:0, auto in turn. */
public class MProbe {
    public static void main(String[] a) throws Exception {
        int n = Integer.parseInt(a[0]);
        double secs = Double.parseDouble(a[1]);
        String[] targets = System.getProperty("order", "jvm,opencl:0,auto").split(",");
        Workloads.State[] st = new Workloads.State[3];
        for (int i = 0; i < 3; i++) st[i] = Num.on("jvm", () -> Workloads.MANDELBROT.make(n, DType.FLOAT32));
        long end = System.nanoTime() + (long) (secs * 1e9), nextPrint = System.nanoTime() + 1_000_000_000L;
        List<List<Double>> times = new ArrayList<>();
        for (int i = 0; i < 3; i++) times.add(new ArrayList<>());
        int sec = 0;
        while (System.nanoTime() < end) {
            for (int i = 0; i < 3; i++) {
                final int fi = i;
                Num.useTarget(targets[i]);
                for (int k = 0; k < 10; k++) {
                    long t0 = System.nanoTime();
                    st[fi].call(false);
                    times.get(fi).add((System.nanoTime() - t0) / 1e3);
                }
            }
            if (System.nanoTime() > nextPrint) {
                nextPrint += 1_000_000_000L;
                StringBuilder sb = new StringBuilder("t=" + (++sec) + "s");
                for (int i = 0; i < 3; i++) {
                    List<Double> l = times.get(i);
                    Collections.sort(l);
                    sb.append(String.format(Locale.ROOT, " %s %.1f", targets[i], l.get(l.size() / 2)));
                    l.clear();
                }
                System.out.println(sb);
                if (sec % 3 == 0 || Boolean.getBoolean("every")) System.out.println("  auto's last: " + Num.lastPlacement().replace("\n", "\n    "));
            }
        }
    }
}
