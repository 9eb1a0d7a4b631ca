package io.numfuse.bench;

import io.numfuse.Num;
import io.numfuse.core.DType;
import java.util.List;

/**
 * The selection suite's Mandelbrot step ({@link Workloads#MANDELBROT}) on one target, in a fresh
 * JVM: every two seconds, the mean time of a call and where the kernels ran ({@code KernelRuns}).
 * Arguments: SIDE SECONDS TARGET [WHERE]: {@code host} (the default: the host reads the arrays
 * after each step), {@code loop} (the arrays stay where the last step left them) or a device,
 * {@code opencl:0} (a kernel there writes them before each call, as the suite's device residency
 * does; that write is not timed).
 */
public class AProbe {
    public static void main(String[] a) {
        int side = Integer.parseInt(a[0]);
        double secs = Double.parseDouble(a[1]);
        String target = a[2], where = a.length > 3 ? a[3] : "host";
        Workloads.State st = Num.on("jvm", () -> Workloads.MANDELBROT.make(side * side, DType.FLOAT32));
        boolean toHost = where.equals("host");
        Runnable before = toHost ? () -> {} : Residency.parse(where, List.of(target)).before(st.inputs);
        long t0 = System.nanoTime(), last = t0, timed = 0;
        int n = 0;
        var runs = io.numfuse.runtime.KernelRuns.snapshot();
        while (System.nanoTime() - t0 < secs * 1e9) {
            for (int j = 0; j < 20; j++) {
                before.run();
                long c0 = System.nanoTime();
                Num.on(target, () -> st.call(toHost));
                timed += System.nanoTime() - c0;
            }
            n += 20;
            if (System.nanoTime() - last > 2e9) {
                System.out.printf("%.1f s: %.1f us a step%n", (System.nanoTime() - t0) / 1e9, timed / 1e3 / n);
                System.out.println("   runs: " + io.numfuse.runtime.KernelRuns.since(runs));
                runs = io.numfuse.runtime.KernelRuns.snapshot();
                last = System.nanoTime();
                n = 0;
                timed = 0;
            }
        }
    }
}
