package io.numfuse.bench;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The threads the hand-written baselines run on, with the policy of numfuse's JVM backend so
 * that a baseline gets exactly the parallelism numfuse gets: {@code NUMFUSE_THREADS} or every
 * core, the calling thread taking the first part, and one thread below
 * {@link #PARALLEL_THRESHOLD} elements (the JVM backend's own threshold).
 */
final class Par {
    private Par() {}

    /** Below this many elements numfuse's JVM backend runs a kernel on the calling thread. */
    static final int PARALLEL_THRESHOLD = 1 << 16;

    private static final int THREADS = threadCount();
    private static final ExecutorService POOL = Executors.newFixedThreadPool(Math.max(1, THREADS - 1), r -> {
        Thread t = new Thread(r, "numfuse-bench-baseline");
        t.setDaemon(true);
        return t;
    });

    /** Threads numfuse's JVM backend splits large kernels across (same rule as its worker pool). */
    static int threads() { return THREADS; }

    private static int threadCount() {
        String s = System.getenv("NUMFUSE_THREADS");
        if (s != null) {
            try {
                return Math.max(1, Integer.parseInt(s.trim()));
            } catch (NumberFormatException e) {
                return Runtime.getRuntime().availableProcessors();
            }
        }
        return Runtime.getRuntime().availableProcessors();
    }

    /** How many parts numfuse would split {@code n} elements into. */
    static int parts(long n) { return n < PARALLEL_THRESHOLD ? 1 : THREADS; }

    interface Range { void run(int from, int to); }
    interface IndexedRange { void run(int part, int from, int to); }
    interface Reduction { double run(int from, int to); }

    /** Runs {@code r} over {@code [0, n)} split as numfuse would split it. */
    static void forRange(int n, Range r) {
        int parts = parts(n);
        if (parts == 1) r.run(0, n); else split(n, parts, (p, from, to) -> r.run(from, to));
    }

    /** Runs {@code r} over rows {@code [0, rows)} split into {@code parts} parts. */
    static void forRows(int rows, int parts, Range r) {
        if (parts <= 1) r.run(0, rows); else split(rows, Math.min(parts, rows), (p, from, to) -> r.run(from, to));
    }

    /** A sum of per-part results over {@code [0, n)}. */
    static double sum(int n, Reduction r) {
        int parts = parts(n);
        if (parts == 1) return r.run(0, n);
        double[] partial = new double[parts];
        split(n, parts, (p, from, to) -> partial[p] = r.run(from, to));
        double s = 0;
        for (double v : partial) s += v;
        return s;
    }

    /** A maximum of per-part results over {@code [0, n)} (NaN if any part is NaN). */
    static double max(int n, Reduction r) {
        int parts = parts(n);
        if (parts == 1) return r.run(0, n);
        double[] partial = new double[parts];
        split(n, parts, (p, from, to) -> partial[p] = r.run(from, to));
        double m = Double.NEGATIVE_INFINITY;
        for (double v : partial) m = Math.max(m, v);
        return m;
    }

    /** A minimum of per-part results over {@code [0, n)} (NaN if any part is NaN). */
    static double min(int n, Reduction r) {
        int parts = parts(n);
        if (parts == 1) return r.run(0, n);
        double[] partial = new double[parts];
        split(n, parts, (p, from, to) -> partial[p] = r.run(from, to));
        double m = Double.POSITIVE_INFINITY;
        for (double v : partial) m = Math.min(m, v);
        return m;
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
