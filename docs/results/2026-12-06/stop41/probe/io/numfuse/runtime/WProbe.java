package io.numfuse.runtime;

import io.numfuse.NDArray;
import io.numfuse.Num;
import io.numfuse.core.DType;

/** a[::2]+a[1::2] over N float64 resident on opencl:0 under auto: WARM calls with the model's version moved before each, then CALLS with it moved every 50th; the fresh decisions' and weighings' cost in the second phase. Args: N WARM CALLS */
public class WProbe {
    public static void main(String[] a) {
        int n = Integer.parseInt(a[0]);
        int warm = Integer.parseInt(a[1]), calls = Integer.parseInt(a[2]);
        NDArray x = Num.on("jvm", () -> Num.random(1, DType.FLOAT64, 2 * n).eval());
        for (int i = 0; i < warm + calls; i++) {
            if (i == warm) {
                Placement.FRESH_N.set(0); Placement.FRESH_NS.set(0); SmallWork.WEIGH_NS.set(0);
                w0 = SmallWork.weighings();
            }
            Num.on("opencl:0", () -> { x.assign(x.mul(1.0)); });
            if (i < warm || i % 50 == 0) SmallWork.changed();
            Num.on("auto", () -> { x.slice("::2").add(x.slice("1::2")).eval(); });
        }
        long w = SmallWork.weighings() - w0;
        System.out.printf("after %d warm calls: %d fresh decisions, %.1f us each; %d weighings, %.1f us each%n", warm, Placement.FRESH_N.get(),
                Placement.FRESH_NS.get() / 1e3 / Math.max(1, Placement.FRESH_N.get()), w, SmallWork.WEIGH_NS.get() / 1e3 / Math.max(1, w));
    }
    static long w0;
}
