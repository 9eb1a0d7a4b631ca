package io.numfuse.runtime;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The threads the JVM backend splits large kernels across: one daemon worker per core less
 * one, the calling thread taking the first part. {@code NUMFUSE_THREADS} overrides the count.
 */
final class WorkerPool {
    private WorkerPool() {}

    private static final int THREADS = threadCount();
    private static final ExecutorService POOL = Executors.newFixedThreadPool(Math.max(1, THREADS - 1), r -> {
        Thread t = new Thread(r, "numfuse-worker");
        t.setDaemon(true);
        return t;
    });

    static int threads() { return THREADS; }

    private static int threadCount() {
        String s = System.getenv("NUMFUSE_THREADS");
        if (s != null) {
            try {
                return Math.max(1, Integer.parseInt(s.trim()));
            } catch (NumberFormatException e) {
                System.err.println("numfuse: warning: NUMFUSE_THREADS='" + s + "' is not a number; using all cores");
            }
        }
        return Runtime.getRuntime().availableProcessors();
    }

    interface Range { void run(int from, int to); }
    interface IndexedRange { void run(int part, int from, int to); }

    static void split(int n, int parts, Range r) { splitIndexed(n, parts, (p, from, to) -> r.run(from, to)); }

    /** Runs {@code r} on {@code parts} contiguous parts of {@code [0, n)}, in parallel; rethrows the first failure. */
    static void splitIndexed(int n, int parts, IndexedRange r) {
        CountDownLatch done = new CountDownLatch(parts - 1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        for (int p = 1; p < parts; p++) {
            int part = p, from = bound(n, parts, p), to = bound(n, parts, p + 1);
            POOL.execute(() -> {
                try {
                    r.run(part, from, to);
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                } finally {
                    done.countDown();
                }
            });
        }
        try {
            r.run(0, 0, bound(n, parts, 1));
        } catch (Throwable t) {
            failure.compareAndSet(null, t);
        }
        try {
            done.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while a kernel ran", e);
        }
        Throwable t = failure.get();
        if (t instanceof RuntimeException re) throw re;
        if (t instanceof Error err) throw err;
        if (t != null) throw new IllegalStateException(t);
    }

    private static int bound(int n, int parts, int p) { return (int) ((long) n * p / parts); }
}
