package io.numfuse.bench;

import io.numfuse.runtime.JvmTarget;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The threads the hand-written baselines run on: as many as numfuse's JVM backend uses
 * ({@link JvmTarget#threads()}: {@code NUMFUSE_THREADS} or every core), the calling thread
 * taking the first part, through a plain executor as hand-written Java would. They split from
 * {@link #PARALLEL_THRESHOLD} elements; numfuse splits by elements times its body's cost
 * (from 2^17), so at the suites' sizes (10^7 elements, a 500x500 grid) both use every thread.
 */
final class Par {
    private Par() {}

    /** Below this many elements a baseline runs on the calling thread. */
    static final int PARALLEL_THRESHOLD = 1 << 16;

    private static final int THREADS = JvmTarget.threads();
    private static final ExecutorService POOL = Executors.newFixedThreadPool(Math.max(1, THREADS - 1), r -> {
        Thread t = new Thread(r, "numfuse-bench-baseline");
        t.setDaemon(true);
        return t;
    });

    /** Threads the baselines split large loops across: numfuse's JVM backend's. */
    static int threads() { return THREADS; }

    /** How many parts a baseline splits {@code n} elements into. */
    static int parts(long n) { return n < PARALLEL_THRESHOLD ? 1 : THREADS; }

    interface Range { void run(int from, int to); }
    interface IndexedRange { void run(int part, int from, int to); }
    interface Reduction { double run(int from, int to); }

    /** Runs {@code r} over {@code [0, n)} split into {@link #parts} parts. */
    static void forRange(int n, Range r) {
        int parts = parts(n);
        if (parts == 1) r.run(0, n); else split(n, parts, (p, from, to) -> r.run(from, to));
    }

    /** Runs {@code r} over rows {@code [0, rows)} split into {@code parts} parts. */
    static void forRows(int rows, int parts, Range r) {
        if (parts <= 1) r.run(0, rows); else split(rows, Math.min(parts, rows), (p, from, to) -> r.run(from, to));
    }

    /** A sum of per-part results over {@code [0, n)}. */
    static double sum(int n, Reduction r) { return combine(n, r, 0, Double::sum); }

    /** A maximum of per-part results over {@code [0, n)} (NaN if any part is NaN). */
    static double max(int n, Reduction r) { return combine(n, r, Double.NEGATIVE_INFINITY, Math::max); }

    /** A minimum of per-part results over {@code [0, n)} (NaN if any part is NaN). */
    static double min(int n, Reduction r) { return combine(n, r, Double.POSITIVE_INFINITY, Math::min); }

    /** The per-part results over {@code [0, n)}, combined in part order from {@code start}. */
    private static double combine(int n, Reduction r, double start, java.util.function.DoubleBinaryOperator op) {
        int parts = parts(n);
        if (parts == 1) return r.run(0, n);
        double[] partial = new double[parts];
        split(n, parts, (p, from, to) -> partial[p] = r.run(from, to));
        double acc = start;
        for (double v : partial) acc = op.applyAsDouble(acc, v);
        return acc;
    }

    /** Runs {@code r} on {@code parts} contiguous parts of {@code [0, n)} in parallel, the caller taking part 0. */
    static void split(int n, int parts, IndexedRange r) {
        CountDownLatch done = new CountDownLatch(parts - 1);
        Throwable[] failure = new Throwable[1];
        for (int p = 1; p < parts; p++) {
            int part = p, from = bound(n, parts, p), to = bound(n, parts, p + 1);
            POOL.execute(() -> {
                try {
                    r.run(part, from, to);
                } catch (Throwable t) {
                    synchronized (failure) { if (failure[0] == null) failure[0] = t; }
                } finally {
                    done.countDown();
                }
            });
        }
        r.run(0, 0, bound(n, parts, 1));
        try {
            done.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while a baseline ran", e);
        }
        synchronized (failure) {
            if (failure[0] instanceof RuntimeException re) throw re;
            if (failure[0] instanceof Error err) throw err;
        }
    }

    private static int bound(int n, int parts, int p) { return (int) ((long) n * p / parts); }
}
