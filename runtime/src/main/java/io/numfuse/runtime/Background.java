package io.numfuse.runtime;

import io.numfuse.ir.NumfuseLog;
import io.numfuse.ir.KernelKey;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Work the scheduler does not wait for, on one daemon thread: building OpenCL programs that the
 * cost model would like to use (the kernel runs on the JVM meanwhile), calibrating a target that
 * has no profile yet, saving learned corrections. A failed build is remembered by its device and
 * reported once, when the program is first needed by a run; it never stops a result.
 */
final class Background {
    private Background() {}

    private static final ExecutorService WORKER = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "numfuse-background");
        t.setDaemon(true);
        t.setPriority(Thread.NORM_PRIORITY - 1);
        return t;
    });

    private static final Set<Object> REQUESTED = ConcurrentHashMap.newKeySet();

    /** Builds and calibrations running now, and how many have started or ended so far. */
    private static final java.util.concurrent.atomic.AtomicInteger RUNNING = new java.util.concurrent.atomic.AtomicInteger();
    private static final java.util.concurrent.atomic.AtomicLong CHANGES = new java.util.concurrent.atomic.AtomicLong();

    /**
     * A mark to take before a timed run: -1 when a build or a calibration is running. A build
     * takes the same cores as the JVM's and a CPU device's kernels: PoCL's kernels, timed while
     * programs were built beside them, ran up to 36 times their usual time, and learnt, those
     * times made every kernel of their class look that slow (and never built, so never measured
     * again).
     */
    static long quietMark() {
        long c = CHANGES.get() + collectorRequests();
        return RUNNING.get() == 0 ? c : -1;
    }

    /**
     * True when nothing started or ended in the background since {@code mark} was taken (and
     * nothing ran then), and numfuse asked the collector for nothing meanwhile.
     */
    static boolean stillQuiet(long mark) { return mark >= 0 && CHANGES.get() + collectorRequests() == mark && RUNNING.get() == 0; }

    /**
     * numfuse's requests to the collector so far (for dead host arrays and dead device copies):
     * each a full collection of 8-18 ms here. Two in a resident a+b*c's first runs on PoCL over
     * 10^6 float32 (its new results' device buffers past the allowance) took them to 11-16 ms,
     * 35-53 times their prediction; learnt, they priced PoCL at 12 ms against its 0.25, and auto
     * ran the case on the JVM at 6-8 times PoCL's time for good (docs/PERFORMANCE.md, "A run
     * across a collection teaches nothing", 2026-12-06).
     */
    private static long collectorRequests() { return io.numfuse.ir.Buffer.collectorRequests() + DeviceCopies.collections.get(); }

    /** A mark of numfuse's requests to the collector alone, taken with a {@link #quietMark} for {@link #onlyCollected}. */
    static long collectorMark() { return collectorRequests(); }

    /**
     * True when, since {@code quiet} and {@code collected} were taken together, numfuse asked the
     * collector for dead buffers and nothing else happened in the background: a run timed meanwhile
     * teaches nothing but still counts as a run (the model has seen the target run the kernel).
     */
    static boolean onlyCollected(long quiet, long collected) {
        long now = collectorRequests();
        return quiet >= 0 && RUNNING.get() == 0 && now != collected && CHANGES.get() == quiet - collected;
    }

    /** Runs {@code work} counted as busy: runs timed meanwhile are not learnt from. */
    private static void busy(Runnable work) {
        RUNNING.incrementAndGet();
        CHANGES.incrementAndGet();
        try {
            work.run();
        } finally {
            RUNNING.decrementAndGet();
            CHANGES.incrementAndGet();
        }
    }

    /** Builds the program for {@code key} on {@code d} (once, however often asked). */
    static void build(OpenClTarget d, List<KernelKey> keys) {
        List<KernelKey> todo = keys.stream().distinct().filter(key -> REQUESTED.add(new Build(d.name(), key))).toList();
        if (!todo.isEmpty()) WORKER.execute(() -> busy(() -> d.build(todo)));   // one program for them all
    }

    private record Build(String target, KernelKey key) {}

    /** Calibrates {@code targets} together and hands their profiles to the scheduler. */
    static void calibrate(List<Target> targets) {
        List<Target> todo = targets.stream().filter(t -> REQUESTED.add("calibrate " + t.name())).toList();
        if (!todo.isEmpty()) WORKER.execute(() -> busy(() -> Profiles.knownOrWarn(() -> ProfileStore.standard().profiles(todo))));
    }

    /** Stores a profile with new corrections. */
    static void save(DeviceProfile p) {
        WORKER.execute(() -> {
            try {
                ProfileStore.standard().update(p);
            } catch (RuntimeException e) {
                // a store that cannot be written keeps the corrections in this process only
            }
        });
    }

    /** Waits until the work asked so far is done (tests, and bench runs that want every program built first). */
    static void drain() {
        try {
            WORKER.submit(() -> { }).get();
        } catch (Exception e) {
            Thread.currentThread().interrupt();
        }
    }
}
