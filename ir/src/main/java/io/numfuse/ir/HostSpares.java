package io.numfuse.ir;

import io.numfuse.core.DType;
import java.lang.ref.SoftReference;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Java arrays no buffer uses any more, kept for the next buffer that needs new storage of the
 * same type and length and will write all of it before reading it ({@link Buffer#forOutput}: a
 * kernel's output; a buffer whose array a write handed to a snapshot; a snapshot's copy). Taking
 * a spare costs neither the JVM's zeroing of a new array nor the collector's work on it: a loop
 * that makes a large result per step reuses the storage of the results it dropped, and a loop that
 * writes a grid it reads swaps two arrays, as a hand-written loop does.
 *
 * <p>Arrays come from the snapshots a {@link Scope} releases and from large buffers the collector
 * found dead ({@link TrackedArray}). They are held softly (the collector takes them back before it
 * would run out of memory) and bounded: at most {@code numfuse.hostSpareBytes} bytes (default: an
 * eighth of the maximum heap) and {@value #MAX_COUNT} arrays; past either the oldest go first.
 * Thread-safe: one lock, held for a few map operations.
 */
final class HostSpares {
    private HostSpares() {}

    static final long MAX_BYTES = Long.getLong("numfuse.hostSpareBytes", Runtime.getRuntime().maxMemory() / 8);
    static final int MAX_COUNT = 64;

    /** Large arrays allocated (not reused) between two requests to the collector: {@link GarbageAllowance}. */
    static final long GARBAGE_BYTES = Long.getLong("numfuse.hostGarbageBytes", MAX_BYTES / 8);
    private static final GarbageAllowance allowance = new GarbageAllowance();
    /** When the last request was made, how long it took, and the time spent allocating large arrays since (ns). */
    private static long lastRequest = System.nanoTime(), lastTook, allocating;
    /** False once a request found that the JVM ignores them ({@code -XX:+DisableExplicitGC}). */
    private static boolean requests = MAX_BYTES > 0;

    private record Size(DType dtype, int length) {
        long bytes() { return (long) length * dtype.itemSize(); }
    }

    private record Spare(Size size, SoftReference<Object> array) {}

    /** By size, the latest first (the warmest in the caches). */
    private static final Map<Size, ArrayDeque<Spare>> bySize = new HashMap<>();
    /** All of them, the oldest first. */
    private static final ArrayDeque<Spare> byAge = new ArrayDeque<>();
    private static long bytes;
    private static long taken, missed, collections, freedByRequests;
    /** Per thread, the bytes of new arrays made because no spare fitted ({@link Buffer#freshBytesOnThisThread}). */
    static final ThreadLocal<long[]> FRESH = ThreadLocal.withInitial(() -> new long[1]);

    /** Keeps {@code array} (of no buffer now, nor anyone else) for a later {@link #take}. */
    static synchronized void offer(DType dtype, int length, Object array) {
        Size size = new Size(dtype, length);
        allowance.cameBack(size.bytes());   // storage that came back, whoever found it dead: GarbageAllowance
        if (size.bytes() > MAX_BYTES) return;
        Spare s = new Spare(size, new SoftReference<>(array));
        bySize.computeIfAbsent(size, k -> new ArrayDeque<>(2)).push(s);
        byAge.addLast(s);
        bytes += size.bytes();
        while (bytes > MAX_BYTES || byAge.size() > MAX_COUNT) remove(byAge.getFirst());
    }

    /**
     * Storage for a buffer that writes all of it before reading it: a spare array (old contents)
     * of this type and length, or a new one. When a large one is missing and the caller may wait
     * ({@code mayCollect}: it holds no lock) the collector may be asked for dead buffers first: past an allowance of large arrays allocated since the last request
     * ({@link GarbageAllowance}), and only once allocating them took as long as that request did
     * (a request, a full collection of tens of ms, is worth it for a few 80 MB arrays, not for a
     * few small ones).
     */
    static Object storage(DType dtype, int length, boolean mayCollect) {
        Object a = take(dtype, length);
        if (a != null) return a;
        long size = new Size(dtype, length).bytes();
        boolean large = size >= TrackedArray.MIN_BYTES && size >= TrackedArray.watchBytes();   // only watched arrays come back from the collector
        if (large && mayCollect && requestDue(size)) {
            long t0 = System.nanoTime();
            long freed = TrackedArray.collect();
            synchronized (HostSpares.class) {
                lastTook = System.nanoTime() - t0;
                requests = freed >= 0;
                freedByRequests += Math.max(0, freed);
                allowance.collected(freed, GARBAGE_BYTES, Runtime.getRuntime().maxMemory());
            }
            a = take(dtype, length);
            if (a != null) return a;
        }
        long t0 = System.nanoTime();
        a = Buffer.newArray(dtype, length);
        FRESH.get()[0] += size;
        if (large) {
            synchronized (HostSpares.class) {
                allocating += System.nanoTime() - t0;
            }
        }
        return a;
    }

    /**
     * Requests to the collector are at least this many times the last one's duration apart, so
     * that they take at most a quarter of the time. With 10 (a tenth), {@code a+b*c} allocating
     * its 10^7 float64 result after the float32 rows in one process ({@code numfuse bench loops
     * --cases alloc}) stayed on new arrays, 51-60 ms a call against 11-12 ms into an existing
     * array; with 3, 11.0-14.3 ms (docs/PERFORMANCE.md, "Allocating results").
     */
    static final int REQUEST_SPACING = 3;

    private static synchronized boolean requestDue(long size) {
        long now = System.nanoTime();
        boolean mayAsk = requests && now - lastRequest >= REQUEST_SPACING * lastTook && allocating >= lastTook;
        if (!allowance.due(size, GARBAGE_BYTES, mayAsk)) return false;
        lastRequest = now;
        allocating = 0;
        collections++;
        return true;
    }

    /** True when a spare array of this type and length is kept (dead buffers' arrays the collector found are offered first). */
    static synchronized boolean has(DType dtype, int length) {
        TrackedArray.offerDead();
        if (bytes == 0) return false;
        ArrayDeque<Spare> q = bySize.get(new Size(dtype, length));
        if (q == null) return false;
        for (Spare s : q) if (s.array().get() != null) return true;
        return false;
    }

    /** A spare array (old contents) of this type and length, or null. */
    static synchronized Object take(DType dtype, int length) {
        TrackedArray.offerDead();
        Size size = new Size(dtype, length);
        ArrayDeque<Spare> q = bytes == 0 ? null : bySize.get(size);
        while (q != null && !q.isEmpty()) {
            Spare s = q.peekFirst();
            remove(s);
            Object a = s.array().get();
            if (a != null) {
                taken++;
                return a;
            }
        }
        if (size.bytes() >= TrackedArray.MIN_BYTES && size.bytes() >= TrackedArray.watchBytes()) missed++;
        return null;
    }

    private static void remove(Spare s) {
        ArrayDeque<Spare> q = bySize.get(s.size());
        q.remove(s);
        if (q.isEmpty()) bySize.remove(s.size());
        byAge.remove(s);
        bytes -= s.size().bytes();
    }

    /** For tests and measurements: {arrays held, bytes held, takes served, large takes missed, requests to the collector, bytes they found}. */
    static synchronized long[] stats() { return new long[] { byAge.size(), bytes, taken, missed, collections, freedByRequests }; }

    /** For tests: the allowance and its timing start afresh (a request may come at once), and what came back is forgotten. */
    static synchronized void resetRequestsForTests() {
        allowance.reset();
        lastTook = 0;
        allocating = 0;
        lastRequest = System.nanoTime() - 1_000_000_000L;
    }

    /** For tests: the large bytes allocated after which the next request comes (-1 before the first). */
    static synchronized long allowanceForTests() { return allowance.allowance(); }

    /** For tests: forgets every spare. */
    static synchronized void clear() {
        bySize.clear();
        byAge.clear();
        bytes = 0;
    }
}
