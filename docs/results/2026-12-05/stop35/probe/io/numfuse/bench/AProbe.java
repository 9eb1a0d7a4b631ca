package io.numfuse.bench;

import io.numfuse.Num;
import io.numfuse.core.DType;

/** The host Mandelbrot step on one target only (args: SIDE SECONDS TARGET), for a profiler. */
public class AProbe {
    public static void main(String[] a) {
        int side = Integer.parseInt(a[0]);
        double secs = Double.parseDouble(a[1]);
        String target = a[2];
        Workloads.State st = Num.on("jvm", () -> Workloads.MANDELBROT.make(side * side, DType.FLOAT32));
        long t0 = System.nanoTime(), last = t0;
        var runs = io.numfuse.runtime.KernelRuns.snapshot();
        int n = 0;
        while (System.nanoTime() - t0 < secs * 1e9) {
            Num.on(target, () -> { for (int j = 0; j < 20; j++) st.call(Boolean.getBoolean("toHost")); });
            n += 20;
            if (System.nanoTime() - last > 2e9) {
                long now = System.nanoTime();
                System.out.printf("%.1f s: %.1f us a step%n", (now - t0) / 1e9, (now - last) / 1e3 / n);
                System.out.println("   runs: " + io.numfuse.runtime.KernelRuns.since(runs));
                runs = io.numfuse.runtime.KernelRuns.snapshot();
                last = now; n = 0;
            }
        }
    }
}
