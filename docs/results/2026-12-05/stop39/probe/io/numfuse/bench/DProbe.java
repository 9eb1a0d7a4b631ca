package io.numfuse.bench;

import io.numfuse.Num;
import io.numfuse.NDArray;
import io.numfuse.core.DType;
import java.util.*;

/** DProbe N SECONDS: a+b*c over N float32 resident on opencl:0 (a kernel there rewrites each input before each call; the result left there), opencl:0 and auto in turn, 10 calls each. */
public class DProbe {
    public static void main(String[] args) throws Exception {
        int n = Integer.parseInt(args[0]);
        double seconds = Double.parseDouble(args[1]);
        String[] order = System.getProperty("order", "opencl:0,auto").split(",");
        NDArray[] in = Num.on("opencl:0", () -> new NDArray[] { Num.random(1, DType.FLOAT32, n).mul(1.0).eval(), Num.random(2, DType.FLOAT32, n).mul(1.0).eval(), Num.random(3, DType.FLOAT32, n).mul(1.0).eval() });
        Map<String, List<Double>> t = new LinkedHashMap<>();
        Map<String, long[]> fresh = new LinkedHashMap<>();
        for (String s : order) { t.put(s, new ArrayList<>()); fresh.put(s, new long[2]); }
        long end = System.nanoTime() + (long) (seconds * 1e9), nextPrint = System.nanoTime() + 1_000_000_000L;
        NDArray last = null;
        while (System.nanoTime() < end) {
            for (String spec : order) {
                Num.useTarget(spec);
                for (int k = 0; k < 10; k++) {
                    Num.on("opencl:0", () -> { for (NDArray a : in) a.assign(a.mul(1.0)); });
                    long f0 = io.numfuse.ir.Buffer.freshBytesOnThisThread();
                    long t0 = System.nanoTime();
                    last = in[0].add(in[1].mul(in[2])).eval();
                    t.get(spec).add((System.nanoTime() - t0) / 1e3);
                    fresh.get(spec)[0] += io.numfuse.ir.Buffer.freshBytesOnThisThread() - f0;
                    fresh.get(spec)[1]++;
                }
            }
            if (System.nanoTime() > nextPrint) {
                StringBuilder b = new StringBuilder();
                for (var e : t.entrySet()) { List<Double> v = e.getValue(); Collections.sort(v); long[] f = fresh.get(e.getKey()); b.append(String.format(Locale.ROOT, "  %s %.1f us (p25 %.1f p75 %.1f) fresh %.0f B/call", e.getKey(), v.get(v.size() / 2), v.get(v.size() / 4), v.get(3 * v.size() / 4), f[0] / (double) f[1])); v.clear(); f[0] = f[1] = 0; }
                System.out.println(b);
                nextPrint += 1_000_000_000L;
            }
        }
        System.out.println(Num.lastPlacement());
    }
}
