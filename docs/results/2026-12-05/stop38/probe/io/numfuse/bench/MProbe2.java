package io.numfuse.bench;

import io.numfuse.Num;
import io.numfuse.NDArray;
import io.numfuse.core.DType;
import java.util.*;

/** MProbe2 N SECONDS TARGET: the Mandelbrot step in a scope on one target, timing the building and the scope's close apart. */
public class MProbe2 {
    public static void main(String[] a) throws Exception {
        int n = Integer.parseInt(a[0]);
        double secs = Double.parseDouble(a[1]);
        String target = a[2];
        int s = Workloads.side(n);
        DType dt = DType.FLOAT32;
        NDArray[] st = Num.on("jvm", () -> {
            NDArray cr = Num.arange(s).astype(dt).mul(2.5 / s).add(-2.0).eval().reshape(1, s).broadcastTo(s, s);
            NDArray ci = Num.arange(s).astype(dt).mul(2.5 / s).add(-1.25).eval().reshape(s, 1).broadcastTo(s, s);
            return new NDArray[] { cr, ci, Num.zeros(dt, s, s), Num.zeros(dt, s, s), Num.zeros(DType.INT32, s, s) };
        });
        NDArray cr = st[0], ci = st[1], zr = st[2], zi = st[3], count = st[4];
        Num.useTarget(target);
        long end = System.nanoTime() + (long) (secs * 1e9), nextPrint = System.nanoTime() + 1_000_000_000L;
        List<Double> build = new ArrayList<>(), close = new ArrayList<>(), all = new ArrayList<>();
        int steps = Integer.getInteger("steps", Integer.MAX_VALUE);
        while (System.nanoTime() < end && steps-- > 0) {
            if (Boolean.getBoolean("mark")) System.err.println("STEP");
            long t0 = System.nanoTime(), t1;
            var sc = Num.scope();
            try {
                NDArray zr2 = zr.mul(zr), zi2 = zi.mul(zi);
                NDArray inside = zr2.add(zi2).le(4.0);
                NDArray nzr = Num.where(inside, zr2.sub(zi2).add(cr), zr);
                NDArray nzi = Num.where(inside, zr.mul(zi).mul(2.0).add(ci), zi);
                count.assign(count.add(inside.astype(DType.INT32)));
                zi.assign(nzi);
                zr.assign(nzr);
            } finally {
                t1 = System.nanoTime();
                sc.close();
            }
            long t2 = System.nanoTime();
            build.add((t1 - t0) / 1e3); close.add((t2 - t1) / 1e3); all.add((t2 - t0) / 1e3);
            if (t2 > nextPrint || steps == 0) {
                nextPrint += 1_000_000_000L;
                System.out.printf(Locale.ROOT, "%s build %.1f close %.1f all %.1f us%n", target, med(build), med(close), med(all));
                build.clear(); close.clear(); all.clear();
            }
        }
        System.out.println(Num.lastPlacement());
    }
    static double med(List<Double> l) { Collections.sort(l); return l.get(l.size() / 2); }
}
