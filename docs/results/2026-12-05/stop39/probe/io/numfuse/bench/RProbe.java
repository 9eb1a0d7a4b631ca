package io.numfuse.bench;

import io.numfuse.Num;
import io.numfuse.NDArray;
import io.numfuse.core.DType;
import java.util.*;

/** RProbe DTYPE N...: sum(a) over N resident on opencl:0 (result left there), and on the JVM, median of 1 s each. */
public class RProbe {
    public static void main(String[] args) throws Exception {
        DType dt = args[0].equals("f64") ? DType.FLOAT64 : DType.FLOAT32;
        String op = System.getProperty("op", "sum");
        for (int i = 1; i < args.length; i++) {
            int n = Integer.parseInt(args[i]);
            for (String t : System.getProperty("targets", "opencl:0,jvm,opencl:0,jvm").split(",")) {
                NDArray a = Num.on(t.equals("auto") ? "opencl:0" : t, () -> Num.random(1, dt, n).mul(1.0).eval());
                List<Double> s = new ArrayList<>();
                long end = System.nanoTime() + 1_000_000_000L;
                while (System.nanoTime() < end) {
                    if (Boolean.getBoolean("rewrite")) Num.on("opencl:0", () -> a.assign(a.mul(1.0)));
                    long t0 = System.nanoTime();
                    NDArray r = Num.on(t, () -> (op.equals("max") ? a.max() : a.sum()).eval());
                    s.add((System.nanoTime() - t0) / 1e3);
                }
                Collections.sort(s);
                System.out.printf(Locale.ROOT, "%s n=%d %s: median %.1f us p10 %.1f (%d)%n", op, n, t, s.get(s.size() / 2), s.get(s.size() / 10), s.size());
            }
        }
    }
}
