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
