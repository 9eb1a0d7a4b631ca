package io.numfuse.runtime;

import static org.junit.jupiter.api.Assertions.*;

import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/** The spinning worker pool: every part runs once, failures reach the caller, and it keeps working after one. */
class WorkerPoolTest {
    /** A split after the workers have parked wakes them, and says so ({@link WorkerPool#wakes}), on the calling thread alone. */
    @Test
    void aSplitThatWakesParkedWorkersCountsIt() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(WorkerPool.threads() >= 2, "one thread: no workers to wake");
        int[] sink = new int[2];
        WorkerPool.split(2, 2, (from, to) -> sink[from]++);
        Thread.sleep(20);                                  // far past the workers' spin: they park
        long before = WorkerPool.wakes();
        WorkerPool.split(2, 2, (from, to) -> sink[from]++);
        assertTrue(WorkerPool.wakes() > before, "the parked worker was woken");
        long[] other = new long[1];
        Thread t = new Thread(() -> other[0] = WorkerPool.wakes());
        t.start();
        t.join();
        assertEquals(0, other[0], "another thread woke nothing");
    }

    /** A worker spins long for its next job only while its jobs come close together (a loop's steps), else briefly. */
    @Test
    void aWorkerSpinsLongOnlyWhileItsJobsComeCloseTogether() {
        long shortSpin = WorkerPool.spinNanos(Long.MAX_VALUE);
        assertEquals(50_000, shortSpin, "no job yet, or the last came long after the part before: the short spin");
        assertEquals(250_000, WorkerPool.spinNanos(0), "back to back: the loop's spin");
        assertEquals(250_000, WorkerPool.spinNanos(200_000), "200 us apart, within the loop's spin");
        assertEquals(shortSpin, WorkerPool.spinNanos(300_000), "300 us apart: the short spin");
    }

    /**
     * An OpenCL CPU device's run parks the workers spinning on the host's cores at once
     * ({@link WorkerPool#yieldCores}), not after their spin: with the loop's spin set to a minute,
     * a worker that ran its part in back-to-back splits still spins for the next, until the yield.
     */
    @Test
    void yieldingTheCoresParksASpinningWorker() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(WorkerPool.threads() >= 2, "one thread: no workers");
        try (AutoCloseable spin = WorkerPool.loopSpinForTests(60_000_000_000L)) {
            for (int trial = 0; trial < 5; trial++) {
                for (int i = 0; i < 3; i++) {   // back to back, the worker running its part each time: the caller's part waits for it to start
                    java.util.concurrent.atomic.AtomicBoolean started = new java.util.concurrent.atomic.AtomicBoolean();
                    WorkerPool.splitIndexed(2, 2, (p, from, to) -> {
                        if (p == 1) started.set(true);
                        else while (!started.get()) Thread.onSpinWait();
                    });
                }
                Thread.sleep(20);   // far past the short spin (50 us): only the loop's keeps it spinning
                assertFalse(WorkerPool.someWorkerParked(), "trial " + trial + ": the worker spins for its next job");
                WorkerPool.yieldCores();
                long t0 = System.nanoTime();
                while (!WorkerPool.someWorkerParked() && System.nanoTime() - t0 < 10_000_000_000L) Thread.sleep(1);
                assertTrue(WorkerPool.someWorkerParked(), "trial " + trial + ": the yield parked the worker");
            }
        }
    }

    @Test
    void everyIndexOfEveryPartRunsOnce() {
        for (int round = 0; round < 2000; round++) {   // back to back, as a loop of kernels hands off
            int n = 1 + round % 97;
            AtomicIntegerArray seen = new AtomicIntegerArray(n);
            WorkerPool.split(n, Math.min(WorkerPool.threads(), n), (from, to) -> {
                for (int i = from; i < to; i++) seen.incrementAndGet(i);
            });
            for (int i = 0; i < n; i++) assertEquals(1, seen.get(i), "round " + round + ", index " + i);
        }
    }

    /**
     * A split after a pause, its worker parked: the caller runs the parts no worker has started
     * instead of waiting for one to wake, and every index still runs once, whoever takes it
     * (splits after pauses of 0 to 400 us, which catch workers spinning, parking and waking).
     */
    @Test
    void theCallerTakesThePartsOfWorkersThatAreStillAsleep() {
        org.junit.jupiter.api.Assumptions.assumeTrue(WorkerPool.threads() >= 2, "one thread: no workers");
        Thread caller = Thread.currentThread();
        int byCaller = 0;
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(7);
        for (int round = 0; round < 600; round++) {
            int n = 2 + round % 61, parts = Math.min(WorkerPool.threads(), n);
            java.util.concurrent.locks.LockSupport.parkNanos(round % 3 == 0 ? 2_000_000 : rnd.nextInt(400_000));
            AtomicIntegerArray seen = new AtomicIntegerArray(n);
            boolean[] callerRan = new boolean[parts];
            WorkerPool.splitIndexed(n, parts, (p, from, to) -> {
                if (Thread.currentThread() == caller) callerRan[p] = true;
                for (int i = from; i < to; i++) seen.incrementAndGet(i);
            });
            for (int i = 0; i < n; i++) assertEquals(1, seen.get(i), "round " + round + ", index " + i);
            for (int p = 1; p < parts; p++) if (callerRan[p]) byCaller++;
        }
        // after 2 ms asleep, a worker takes tens of microseconds to wake, and the caller's own part
        // of a few elements takes nanoseconds: it ran a worker's part in most such splits
        assertTrue(byCaller >= 20, "the caller ran a parked worker's part in " + byCaller + " of 600 splits");
    }

    @Test
    void aFailureInAnyPartReachesTheCallerAndThePoolGoesOn() {
        int parts = Math.max(2, WorkerPool.threads());
        for (int failing = 0; failing < parts; failing++) {
            int f = failing;
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> WorkerPool.splitIndexed(100, parts, (p, from, to) -> {
                if (p == f) throw new IllegalStateException("part " + p);
            }));
            assertEquals("part " + failing, e.getMessage());
        }
        int[] sum = new int[1];
        WorkerPool.split(10, 1, (from, to) -> sum[0] += to - from);
        assertEquals(10, sum[0]);
        AtomicIntegerArray seen = new AtomicIntegerArray(1000);
        WorkerPool.split(1000, Math.min(2, WorkerPool.threads()), (from, to) -> { for (int i = from; i < to; i++) seen.incrementAndGet(i); });
        for (int i = 0; i < 1000; i++) assertEquals(1, seen.get(i));
    }
}
