package io.numfuse.ir;

import io.numfuse.core.DType;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.ref.WeakReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The storage of dead buffers comes back ({@link TrackedArray}, {@link HostSpares}) only when no
 * buffer can reach it: after its buffer, and every snapshot it moved to, are dead; never for a
 * wrapped or zero-filled array; and once.
 */
class TrackedArrayTest {
    /** The smallest float32 array watched: 1 MiB, or on G1 half a heap region. */
    static final int N = (int) (watched() / 4);

    /** The size watched once the region size is known (asked in the background: this waits for it). */
    static long watched() {
        long expected = Math.max(TrackedArray.MIN_BYTES, CollectorRegions.neverCopiedBytes());
        for (int i = 0; i < 500 && TrackedArray.watchBytes() != expected; i++) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
        assertEquals(expected, TrackedArray.watchBytes(), "the background answer");
        return expected;
    }

    @BeforeEach
    void emptySpares() {
        collectUntil(() -> { TrackedArray.offerDead(); return true; });
        HostSpares.clear();
    }

    /** Collects until {@code done} (at most about a second): the collector hands dead references over in its own time. */
    static boolean collectUntil(BooleanSupplier done) {
        for (int i = 0; i < 100; i++) {
            System.gc();
            if (done.getAsBoolean()) return true;
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
        return false;
    }

    /** How many times {@code array} is among the spares of its size now (it takes them all, then gives them back). */
    static int copies(Object array, DType t, int n) {
        TrackedArray.offerDead();
        java.util.List<Object> taken = new java.util.ArrayList<>();
        for (Object a; (a = HostSpares.take(t, n)) != null;) taken.add(a);
        for (Object a : taken) HostSpares.offer(t, n, a);
        return (int) taken.stream().filter(a -> a == array).count();
    }

    static boolean spare(Object array, DType t, int n) { return copies(array, t, n) > 0; }

    @Test
    void theArrayOfADeadOutputComesBackOnce() {
        Buffer b = Buffer.forOutput(DType.FLOAT32, N);
        Object array = b.array();
        WeakReference<Buffer> gone = new WeakReference<>(b);
        b = null;
        assertTrue(collectUntil(() -> gone.get() == null && spare(array, DType.FLOAT32, N)), "the dead output's array is a spare");
        collectUntil(() -> false);
        assertEquals(1, copies(array, DType.FLOAT32, N), "once");
        int tries = 0;
        while (Buffer.forOutput(DType.FLOAT32, N).array() != array) {   // the spares of this size are handed out in turn
            assertTrue(++tries < 100, "the spare is handed out");
        }
        assertEquals(0, copies(array, DType.FLOAT32, N), "taken: no longer a spare");
    }

    @Test
    void aNewOutputTakesTheSpare() {
        Buffer b = Buffer.forOutput(DType.FLOAT64, N);
        Object array = b.array();
        b = null;
        assertTrue(collectUntil(() -> spare(array, DType.FLOAT64, N)));
        HostSpares.clear();
        Buffer result = Buffer.allocate(DType.FLOAT64, N);
        assertFalse(Buffer.hostSpareFor(result), "no spare of its size: new storage");
        HostSpares.offer(DType.FLOAT64, N, array);                // the only spare of its size
        assertTrue(Buffer.hostSpareFor(result), "the cost model may count on the spare");
        long before = Buffer.sparesTaken();
        assertTrue(array == Buffer.forOutput(DType.FLOAT64, N).array());
        assertEquals(before + 1, Buffer.sparesTaken());
        assertFalse(Buffer.hostSpareFor(result), "taken");
    }

    @Test
    void onG1OnlyArraysItNeverCopiesAreWatched() {
        long half = CollectorRegions.neverCopiedBytes();
        var vm = java.lang.management.ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
        if ("true".equals(vm.getVMOption("UseG1GC").getValue())) {
            assertEquals(Long.parseLong(vm.getVMOption("G1HeapRegionSize").getValue()) / 2, half);
            assertTrue(half >= 1 << 19, "a G1 region is at least 1 MiB");
        } else {
            assertEquals(0, half);
        }
        assertEquals(Math.max(TrackedArray.MIN_BYTES, half), TrackedArray.watchBytes());
        int below = (int) (TrackedArray.watchBytes() / 8) - 1;      // float64: one element short of the size watched
        Object notWatched = Buffer.forOutput(DType.FLOAT64, below).array();
        collectUntil(() -> false);
        assertFalse(spare(notWatched, DType.FLOAT64, below), "a young-generation array is left to the collector");
    }

    @Test
    void smallWrappedAndZeroFilledArraysAreNeverWatched() {
        Object small = Buffer.forOutput(DType.FLOAT32, N - 1).array();
        Object wrapped = new float[N];
        Buffer.wrap(DType.FLOAT32, wrapped);
        Buffer zeros = Buffer.allocate(DType.FLOAT32, N);
        Object zeroArray = zeros.array();
        zeros = null;
        collectUntil(() -> false);
        assertFalse(spare(small, DType.FLOAT32, N - 1));
        assertFalse(spare(wrapped, DType.FLOAT32, N));
        assertFalse(spare(zeroArray, DType.FLOAT32, N), "Buffer.allocate's array may be a caller's");
    }

    @Test
    void anArrayHandedToASnapshotComesBackOnlyWhenTheSnapshotDies() {
        Buffer b = Buffer.forOutput(DType.FLOAT32, N);
        Object array = b.array();
        Buffer snapshot = b.detachSnapshot(View.contiguous(b, N));   // b's array moves to the snapshot
        assertTrue(array == snapshot.array());
        Object fresh = b.array();
        b.contentsDefined();
        b = null;
        collectUntil(() -> spare(fresh, DType.FLOAT32, N));
        assertTrue(spare(fresh, DType.FLOAT32, N), "b's new storage comes back when b dies");
        assertFalse(spare(array, DType.FLOAT32, N), "the snapshot still holds its array");
        ((float[]) snapshot.array())[0] = 1;
        WeakReference<Buffer> gone = new WeakReference<>(snapshot);
        snapshot = null;
        assertTrue(collectUntil(() -> gone.get() == null && spare(array, DType.FLOAT32, N)), "and the snapshot's once it dies");
    }

    @Test
    void aReleasedSnapshotsArrayIsOfferedOnceNotAgainWhenItsBufferDies() {
        Buffer b = Buffer.forOutput(DType.FLOAT32, N);
        b.array();
        Buffer first = b.detachSnapshot(View.contiguous(b, N));
        b.array();
        b.contentsDefined();
        Buffer second = b.detachSnapshot(View.contiguous(b, N));   // first is no longer b's latest snapshot
        b.array();
        b.contentsDefined();
        Object array = first.array();
        first.release();                                           // to the spares at once
        assertTrue(spare(array, DType.FLOAT32, N));
        first = null;
        collectUntil(() -> false);
        assertEquals(1, copies(array, DType.FLOAT32, N), "a released array is a spare once, however its buffer dies");
        assertFalse(second.contentsUndefined());
    }

    @Test
    void aSnapshotCopyIsWatchedLikeAnOutput() {
        Buffer wrapped = Buffer.wrap(DType.FLOAT32, new float[N]);
        Buffer copy = wrapped.copy();
        Object array = copy.array();
        copy = null;
        assertTrue(collectUntil(() -> spare(array, DType.FLOAT32, N)));
    }

    /**
     * Storage that came back (G1 reclaims a dead large array in any young collection) no longer
     * counts towards the allowance of large arrays allocated before the collector is asked: a
     * request then would find nothing, and double the allowance (up to the heap).
     */
    @Test
    void storageThatCameBackDoesNotCountTowardsTheAllowance() {
        assumeTrue(HostSpares.MAX_BYTES > 0, "numfuse.hostSpareBytes=0: no spares, no requests");
        HostSpares.clear();
        HostSpares.resetRequestsForTests();
        int n = (int) Math.max(TrackedArray.watchBytes() / 8, 1 << 17);
        long size = 8L * n, requests = HostSpares.stats()[4];
        assertNotNull(HostSpares.storage(DType.FLOAT64, n, true));   // the allowance starts at its base
        long base = HostSpares.allowanceForTests();
        assertEquals(HostSpares.GARBAGE_BYTES, base);
        long below = (base - 1) / size;   // calls in all that stay under the allowance
        for (long k = 1; k < below; k++) assertNotNull(HostSpares.storage(DType.FLOAT64, n, true));
        assertEquals(requests, HostSpares.stats()[4], "under the allowance: no request");
        for (long b = 0; b < base; b += size) HostSpares.offer(DType.FLOAT64, n, new double[n]);   // as much came back
        HostSpares.clear();   // kept nowhere: the next storage is new again
        for (int k = 0; k < 2; k++) assertNotNull(HostSpares.storage(DType.FLOAT64, n, true));   // past where the allowance stood
        assertEquals(requests, HostSpares.stats()[4], "what came back does not count: no request");
        assertEquals(base, HostSpares.allowanceForTests());
        HostSpares.resetRequestsForTests();
    }

    @Test
    void eachRequestToTheCollectorIsCounted() {
        long before = Buffer.collectorRequests();
        TrackedArray.collect();
        TrackedArray.collect();
        assertEquals(before + 2, Buffer.collectorRequests(), "the runtime learns nothing from a run timed across one");
    }
}
