package io.numfuse.bench;

import io.numfuse.Num;
import io.numfuse.core.DType;

/** The Mandelbrot step with its state written on opencl:0 before each call (the suite's device residency), on one target (args: SIDE SECONDS TARGET). */
public class DProbe {
    public static void main(String[] a) {
        int side = Integer.parseInt(a[0]);
        double secs = Double.parseDouble(a[1]);
        String target = a[2];
        Workloads.State st = Num.on("jvm", () -> Workloads.MANDELBROT.make(side * side, DType.FLOAT32));
        Runnable before = new Residency("opencl:0").before(st.inputs);
        long t0 = System.nanoTime(), last = t0, timed = 0;
        int n = 0;
        var runs = io.numfuse.runtime.KernelRuns.snapshot();
        while (System.nanoTime() - t0 < secs * 1e9) {
            for (int j = 0; j < 20; j++) {
                before.run();
                long c0 = System.nanoTime();
                Num.on(target, () -> st.call(false));
                timed += System.nanoTime() - c0;
            }
            n += 20;
            if (System.nanoTime() - last > 2e9) {
                System.out.printf("%.1f s: %.1f us a step%n", (System.nanoTime() - t0) / 1e9, timed / 1e3 / n);
                System.out.println("   runs: " + io.numfuse.runtime.KernelRuns.since(runs));
                runs = io.numfuse.runtime.KernelRuns.snapshot();
                last = System.nanoTime(); n = 0; timed = 0;
            }
        }
    }
}
