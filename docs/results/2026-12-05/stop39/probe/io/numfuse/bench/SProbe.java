package io.numfuse.bench;

import io.numfuse.Num;
import io.numfuse.NDArray;
import io.numfuse.core.DType;
import java.util.*;

/** SProbe f32|f64 N...: sin(a)+cos(b) over N resident on opencl:0, result left there; median of 1 s, twice. */
public class SProbe {
    public static void main(String[] args) {
        DType dt = args[0].equals("f64") ? DType.FLOAT64 : DType.FLOAT32;
        for (int i = 1; i < args.length; i++) {
            int n = Integer.parseInt(args[i]);
            NDArray a = Num.on("opencl:0", () -> Num.random(1, dt, n).mul(1.0).eval()), b = Num.on("opencl:0", () -> Num.random(2, dt, n).mul(1.0).eval());
            for (int round = 0; round < 2; round++) {
                List<Double> s = new ArrayList<>();
                long end = System.nanoTime() + 1_000_000_000L;
                while (System.nanoTime() < end) {
                    long t0 = System.nanoTime();
                    Num.on("opencl:0", () -> Num.sin(a).add(Num.cos(b)).eval());
                    s.add((System.nanoTime() - t0) / 1e3);
                }
                Collections.sort(s);
                System.out.printf(Locale.ROOT, "%s n=%d: median %.1f us p10 %.1f (%d)%n", args[0], n, s.get(s.size() / 2), s.get(s.size() / 10), s.size());
            }
        }
    }
}
