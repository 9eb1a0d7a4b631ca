package io.numfuse.bench;

import io.numfuse.NDArray;
import io.numfuse.Num;
import io.numfuse.core.DType;

/** a.set(v, 0) on an array of N float32: time per set, alone and after an expression reading a was evaluated. */
public class SetProbe {
    public static void main(String[] x) {
        int n = Integer.parseInt(x[0]);
        String target = x.length > 1 ? x[1] : "jvm";
        Num.useTarget(target);
        NDArray a = Num.random(1, DType.FLOAT32, n).eval(), b = Num.random(2, DType.FLOAT32, n).eval();
        for (int round = 0; round < 5; round++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < 2000; i++) a.set(a.getDouble(0), 0);
            long t1 = System.nanoTime();
            for (int i = 0; i < 2000; i++) {
                NDArray r = a.mul(a).add(b.mul(b)).sqrt();
                Measure.sink = r.getDouble(0);
                a.set(a.getDouble(0), 0);
            }
            long t2 = System.nanoTime();
            for (int i = 0; i < 2000; i++) {
                NDArray r = a.mul(a).add(b.mul(b)).sqrt();
                Measure.sink = r.getDouble(0);
            }
            long t3 = System.nanoTime();
            System.out.printf("set alone %.2f us; expression+read+set %.1f us; expression+read %.1f us%n", (t1 - t0) / 2e6, (t2 - t1) / 2e6, (t3 - t2) / 2e6);
        }
    }
}
