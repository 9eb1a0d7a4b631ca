package io.numfuse.bench;

import io.numfuse.NDArray;
import io.numfuse.Num;
import io.numfuse.core.DType;

/** The selection suite's Mandelbrot step in a loop on one target: time per step every 2000 steps, and how many of z's values are subnormal, infinite or NaN. */
public class MStateProbe {
    public static void main(String[] a) {
        int n = Integer.parseInt(a[0]);
        Num.useTarget(a.length > 1 ? a[1] : "jvm");
        Workloads.State s = Workloads.MANDELBROT.make(n, DType.FLOAT32);
        for (int block = 0; block < 15; block++) {
            long t0 = System.nanoTime();
            for (int k = 0; k < 2000; k++) s.call(false);
            double per = (System.nanoTime() - t0) / 2000e3;
            int sub = 0, inf = 0, nan = 0, zero = 0;
            for (int z = 0; z < 2; z++) {
                for (double v : s.inputs.get(z).toDoubleArray()) {
                    float f = (float) v;
                    if (Float.isNaN(f)) nan++; else if (Float.isInfinite(f)) inf++; else if (f != 0 && Math.abs(f) < Float.MIN_NORMAL) sub++; else if (f == 0) zero++;
                }
            }
            System.out.printf("steps %6d: %.1f us/step; z values subnormal %d, inf %d, nan %d, zero %d%n", (block + 1) * 2000, per, sub, inf, nan, zero);
        }
        System.exit(0);
    }
}
