package io.numfuse.bench;

import io.numfuse.Num;
import io.numfuse.NDArray;
import io.numfuse.core.DType;
import java.util.*;

/** WProbe N: a JVM kernel's time alone, right after a PoCL kernel, and after a PoCL kernel and a pause. */
public class WProbe {
    public static void main(String[] a) throws Exception {
        int n = Integer.parseInt(a[0]);
        NDArray x = Num.random(1, DType.FLOAT32, n), y = Num.random(2, DType.FLOAT32, n);
        NDArray[] dev = Num.on("opencl:0", () -> new NDArray[] { Num.random(3, DType.FLOAT32, n).mul(1.0).eval(), Num.random(4, DType.FLOAT32, n).mul(1.0).eval() });
        for (int round = 0; round < 6; round++) {
            for (String mode : new String[] { "alone", "afterPoCL", "afterPoCL+1ms", "afterPoCL+spin200us" }) {
                List<Double> t = new ArrayList<>();
                long end = System.nanoTime() + 1_000_000_000L;
                while (System.nanoTime() < end) {
                    if (!mode.equals("alone")) Num.on("opencl:0", () -> dev[0].add(dev[1]).eval());
                    if (mode.endsWith("1ms")) Thread.sleep(1);
                    if (mode.endsWith("spin200us")) { long s = System.nanoTime(); while (System.nanoTime() - s < 200_000) Thread.onSpinWait(); }
                    long t0 = System.nanoTime();
                    Num.on("jvm", () -> Num.where(x.gt(y), x.mul(y), x.sub(y)).eval());
                    t.add((System.nanoTime() - t0) / 1e3);
                }
                Collections.sort(t);
                System.out.printf(Locale.ROOT, "round %d %-20s jvm where: median %.1f us p25 %.1f p75 %.1f (%d)%n", round, mode, t.get(t.size() / 2), t.get(t.size() / 4), t.get(3 * t.size() / 4), t.size());
            }
        }
    }
}
