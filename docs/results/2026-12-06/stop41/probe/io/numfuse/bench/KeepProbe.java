package io.numfuse.bench;

import io.numfuse.NDArray;
import io.numfuse.Num;
import io.numfuse.core.DType;

/** Heap used after a thread evaluates a 400 MB result under TARGET and drops it, then waits (its last evaluation). */
public class KeepProbe {
    public static void main(String[] x) throws Exception {
        String target = x[0];
        NDArray a = Num.on("jvm", () -> Num.random(1, DType.FLOAT64, 50_000_000).eval());
        Thread t = new Thread(() -> Num.on(target, () -> { NDArray r = a.add(1.0).eval(); Measure.sink = r.getDouble(0); }));
        t.start();
        t.join(); // the thread is gone: its thread-locals with it
        Measure.sink = null;
        System.gc(); Thread.sleep(200); System.gc();
        Runtime rt = Runtime.getRuntime();
        System.out.printf("%s, thread ended: %d MB used%n", target, (rt.totalMemory() - rt.freeMemory()) >> 20);
        // a thread that stays (a pool's): evaluate, drop, wait
        Object lock = new Object();
        Thread p = new Thread(() -> {
            Num.on(target, () -> { NDArray r = a.add(2.0).eval(); Measure.sink = r.getDouble(0); });
            synchronized (lock) { try { lock.wait(); } catch (InterruptedException e) { } }
        });
        p.setDaemon(true);
        p.start();
        Thread.sleep(1500);
        Measure.sink = null;
        System.gc(); Thread.sleep(200); System.gc();
        System.out.printf("%s, thread alive and idle: %d MB used%n", target, (rt.totalMemory() - rt.freeMemory()) >> 20);
    }
}
