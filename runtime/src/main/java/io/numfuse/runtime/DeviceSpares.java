package io.numfuse.runtime;

import static org.jocl.CL.clReleaseMemObject;

import io.numfuse.ir.GarbageAllowance;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.jocl.cl_mem;

/**
 * Released device buffers kept for reuse, by device and size, and when to ask the collector for
 * more: a new buffer costs new pages (PoCL) or a driver allocation, and a loop whose steps take
 * snapshots releases buffers of the sizes it asks for next. Used by {@link DeviceCopies} under
 * its monitor.
 */
final class DeviceSpares {
    /**
     * Device bytes handed out (new or spare buffers) between two requests to the collector: past
     * it, the next allocation asks the collector for dead buffers first, and they become spares
     * of their size, up to a quarter of the budget (at most 1 GiB). Default, when negative: an
     * eighth of the budget, at most 128 MiB. The snapshots of a loop's steps die at once but are
     * found dead only by a collection, which a loop on a device, allocating little on the Java
     * heap, rarely prompts; so a long loop reuses the buffers of steps a collection ago instead
     * of taking new memory for each step (on PoCL a new 2 MB buffer costs about 1 ms of page
     * faults). How often requests come, and how the allowance grows when one finds little dead
     * (up to the budget): {@link GarbageAllowance}. Measured with {@code numfuse demo laplace --target opencl:0 --iterations 3000} and
     * {@code scripts/LaplaceSnapshot.java} on PoCL: docs/PERFORMANCE.md.
     */
    static volatile long garbageBytes = Long.getLong("numfuse.opencl.garbageBytes", -1);

    private final GarbageAllowance allowance = new GarbageAllowance();

    static long garbage(long budget) { return garbageBytes >= 0 ? garbageBytes : Math.min(budget / 8, 128L << 20); }

    /** The most bytes kept as spares on a device: what a loop hands out between two collections. */
    static long cap(long budget) { return Math.max(garbage(budget), Math.min(budget / 4, 1L << 30)); }

    /**
     * Counts {@code bytes} handed out; true when the collector is to be asked first: past the
     * allowance, and at least ten times the last request's duration after it.
     */
    boolean collectionDue(long bytes, long budget, long sinceLast, long lastTook) {
        return allowance.due(bytes, garbage(budget), sinceLast, lastTook);
    }

    /** After a request that freed {@code freed} bytes: little dead (live results) doubles the allowance, up to the budget. */
    void collected(long freed, long budget) { allowance.collected(freed, garbage(budget), budget); }

    /** {@code bytes} of copies were released (their buffers dead, dropped by a write, evicted): {@link GarbageAllowance#cameBack}. */
    void cameBack(long bytes) { allowance.cameBack(bytes); }

    /** The allowance now (-1 before the first allocation), for tests. */
    long allowance() { return allowance.allowance(); }

    void reset() { allowance.reset(); }

    /** Spare buffers now, over all devices (not in {@link DeviceMemory#liveMemObjects}). */
    static final AtomicInteger count = new AtomicInteger();

    /** A kept buffer; {@code taken} once handed out again (its entry in the release order is then skipped). */
    private static final class Spare {
        final cl_mem mem;
        final long size;
        boolean taken;

        Spare(cl_mem mem, long size) {
            this.mem = mem;
            this.size = size;
        }
    }

    /** A device's spares: by size, the latest released first, and all of them in the order they were released. */
    private static final class Pool {
        final Map<Long, ArrayDeque<Spare>> bySize = new HashMap<>();
        final ArrayDeque<Spare> released = new ArrayDeque<>();
        long bytes;
        int kept;
    }

    private final Map<OpenClDevice, Pool> pools = new HashMap<>();

    /** Spare buffers released to make room for newer ones (tests). */
    static final java.util.concurrent.atomic.AtomicLong evicted = new java.util.concurrent.atomic.AtomicLong();

    /** Bytes kept on {@code dev}. */
    long bytesOn(OpenClDevice dev) {
        Pool p = pools.get(dev);
        return p == null ? 0 : p.bytes;
    }

    /** True when a spare buffer of {@code size} bytes is kept on {@code dev}. */
    boolean has(OpenClDevice dev, long size) {
        Pool p = pools.get(dev);
        ArrayDeque<Spare> q = p == null ? null : p.bySize.get(size);
        return q != null && !q.isEmpty();
    }

    /** A spare buffer of {@code size} bytes on {@code dev}, or null. */
    cl_mem take(OpenClDevice dev, long size) {
        Pool p = pools.get(dev);
        ArrayDeque<Spare> q = p == null ? null : p.bySize.get(size);
        if (q == null || q.isEmpty()) return null;
        Spare s = q.pop();
        s.taken = true;
        p.bytes -= size;
        p.kept--;
        count.decrementAndGet();
        DeviceMemory.liveMemObjects.incrementAndGet();
        return s.mem;
    }

    /**
     * Keeps a released buffer, releasing the spares of {@code dev} released longest ago, whatever
     * their size, until it fits within {@code cap} bytes (a buffer larger than the cap is released
     * at once). Kept as they came, the spares stayed full of sizes a program no longer asked for:
     * in the selection suite the first two cases filled the 1 GiB cap (16,407 buffers of 4 KB and
     * 40 MB), and every later case's results, 300,000 of them, were released and made anew (on
     * PoCL a new buffer's pages are faulted in at its first kernel: about 1 ms for 2 MB).
     */
    void offer(OpenClDevice dev, cl_mem mem, long size, long cap) {
        if (size > cap) {
            DeviceMemory.releaseMem(mem);
            return;
        }
        Pool p = pools.computeIfAbsent(dev, d -> new Pool());
        while (p.bytes + size > cap) releaseOldest(p);
        Spare s = new Spare(mem, size);
        p.bySize.computeIfAbsent(size, x -> new ArrayDeque<>()).push(s);
        p.released.addLast(s);
        p.bytes += size;
        p.kept++;
        count.incrementAndGet();
        DeviceMemory.liveMemObjects.decrementAndGet();
        if (p.released.size() > 2 * p.kept + 64) p.released.removeIf(x -> x.taken);   // the taken ones' entries, now and then
    }

    /** Releases {@code p}'s spare released longest ago: the last of its size's queue, which hands out the latest first. */
    private static void releaseOldest(Pool p) {
        Spare s = p.released.pollFirst();
        while (s.taken) s = p.released.pollFirst();
        ArrayDeque<Spare> q = p.bySize.get(s.size);
        q.removeLast();   // s: of its size, the one released longest ago
        if (q.isEmpty()) p.bySize.remove(s.size);
        p.bytes -= s.size;
        p.kept--;
        count.decrementAndGet();
        clReleaseMemObject(s.mem);
        evicted.incrementAndGet();
    }

    /** Releases the spares of {@code dev}; returns true when there were any. */
    boolean drop(OpenClDevice dev) {
        Pool p = pools.remove(dev);
        if (p == null) return false;
        boolean any = false;
        for (ArrayDeque<Spare> q : p.bySize.values()) {
            for (Spare s : q) {
                clReleaseMemObject(s.mem);
                count.decrementAndGet();
                any = true;
            }
        }
        return any;
    }

}
