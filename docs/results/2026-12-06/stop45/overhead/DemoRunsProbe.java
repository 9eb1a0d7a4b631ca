package io.numfuse.bench;

import io.numfuse.Num;
import io.numfuse.NDArray;
import java.util.Locale;

/** The Laplace demo's auto scope row as the demo runs it: RUNS runs of 100 scoped steps, each from a fresh grid on the host. */
public class DemoRunsProbe {
    public static void main(String[] a) {
        int runs = Integer.parseInt(a[0]);
        Num.useTarget(a.length > 1 ? a[1] : "auto");
        for (int r = 0; r < runs; r++) {
            NDArray u = DemoCommand.laplaceGrid(500);
            long t0 = System.nanoTime();
            StringBuilder where = new StringBuilder();
            StringBuilder times = new StringBuilder();
            for (int k = 0; k < 100; k++) {
                long s0 = System.nanoTime();
                DemoCommand.laplaceStep(u);
                if (r == runs - 1) times.append(String.format(Locale.ROOT, "%.0f ", (System.nanoTime() - s0) / 1e3));
                String p = io.numfuse.runtime.Executor.lastPlacement();
                where.append(p.contains(": jvm") ? 'j' : p.contains(": opencl") ? 'o' : '?');
            }
            long q0 = System.nanoTime();
            Residency.readOnHost(u);
            if (r == runs - 1) System.out.println("steps us: " + times + " | read " + (System.nanoTime() - q0) / 1000 + " us");
            System.out.printf(Locale.ROOT, "run %2d: %.1f us a step  %s%n", r, (System.nanoTime() - t0) / 1e3 / 100, where);
        }
    }
}
