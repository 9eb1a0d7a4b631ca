import io.numfuse.*;
import io.numfuse.core.DType;
import java.util.*;

/**
 * The selection suite's Mandelbrot step (Workloads.MANDELBROT) on the host, in a fresh JVM: one
 * copy of the state pinned to the JVM and one under auto, 20 steps of each in turn, the host
 * reading an element of each array after every step. Prints each second's median step time per
 * target and, with -Dpeek, the last placement auto made. Arguments: SIDE SECONDS [f64].
 */
public class HProbe {
    static double sink;
    static final class St {
        NDArray cr, ci, zr, zi, count;
        St(int s, DType dt) {
            cr = Num.arange(s).astype(dt).mul(2.5 / s).add(-2.0).eval().reshape(1, s).broadcastTo(s, s);
            ci = Num.arange(s).astype(dt).mul(2.5 / s).add(-1.25).eval().reshape(s, 1).broadcastTo(s, s);
            zr = Num.zeros(dt, s, s); zi = Num.zeros(dt, s, s); count = Num.zeros(DType.INT32, s, s);
        }
        void call() {
            try (var _ = Num.scope()) {
                NDArray zr2 = zr.mul(zr), zi2 = zi.mul(zi);
                NDArray inside = zr2.add(zi2).le(4.0);
                NDArray nzr = Num.where(inside, zr2.sub(zi2).add(cr), zr);
                NDArray nzi = Num.where(inside, zr.mul(zi).mul(2.0).add(ci), zi);
                count.assign(count.add(inside.astype(DType.INT32)));
                zi.assign(nzi);
                zr.assign(nzr);
            }
            for (NDArray x : new NDArray[] { zr, zi, count }) sink += x.dtype().isFloat() ? x.getDouble(0, 0) : x.getLong(0, 0);
        }
    }
    public static void main(String[] a) {
        int s = Integer.parseInt(a[0]); double secs = Double.parseDouble(a[1]);
        DType dt = a.length > 2 && a[2].equals("f64") ? DType.FLOAT64 : DType.FLOAT32;
        String[] targets = { "jvm", "auto" };
        St[] st = new St[2];
        for (int i = 0; i < 2; i++) st[i] = Num.on("jvm", () -> new St(s, dt));
        long t0 = System.nanoTime();
        List<List<Double>> acc = List.of(new ArrayList<>(), new ArrayList<>());
        long lastPrint = t0;
        while (System.nanoTime() - t0 < secs * 1e9) {
            for (int i = 0; i < 2; i++) {
                final int k = i;
                Num.on(targets[i], () -> {
                    for (int j = 0; j < 20; j++) {
                        long c0 = System.nanoTime();
                        st[k].call();
                        acc.get(k).add((System.nanoTime() - c0) / 1e3);
                    }
                });
            }
            if (System.nanoTime() - lastPrint > 1e9) {
                lastPrint = System.nanoTime();
                StringBuilder sb = new StringBuilder(String.format("%5.1f s", (lastPrint - t0) / 1e9));
                for (int i = 0; i < 2; i++) {
                    double[] x = acc.get(i).stream().mapToDouble(Double::doubleValue).sorted().toArray();
                    sb.append(String.format("  %s %.1f us (n=%d)", targets[i], x[x.length / 2], x.length));
                    acc.get(i).clear();
                }
                System.out.println(sb);
                if (System.getProperty("peek") != null) Num.on("auto", () -> { st[1].call(); System.out.println(io.numfuse.runtime.PeekPlacement.last()); });
            }
        }
    }
}
