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

    void reset() { allowance.reset(); }

    /** Spare buffers now, over all devices (not in {@link DeviceMemory#liveMemObjects}). */
    static final AtomicInteger count = new AtomicInteger();

    private final Map<OpenClDevice, Map<Long, ArrayDeque<cl_mem>>> bySize = new HashMap<>();
    private final Map<OpenClDevice, long[]> bytes = new HashMap<>();

    /** Bytes kept on {@code dev}. */
    long bytesOn(OpenClDevice dev) { return bytes(dev)[0]; }

    /** True when a spare buffer of {@code size} bytes is kept on {@code dev}. */
    boolean has(OpenClDevice dev, long size) {
        Map<Long, ArrayDeque<cl_mem>> m = bySize.get(dev);
        ArrayDeque<cl_mem> q = m == null ? null : m.get(size);
        return q != null && !q.isEmpty();
    }

    /** A spare buffer of {@code size} bytes on {@code dev}, or null. */
    cl_mem take(OpenClDevice dev, long size) {
        Map<Long, ArrayDeque<cl_mem>> m = bySize.get(dev);
        ArrayDeque<cl_mem> q = m == null ? null : m.get(size);
        if (q == null || q.isEmpty()) return null;
        bytes(dev)[0] -= size;
        count.decrementAndGet();
        DeviceMemory.liveMemObjects.incrementAndGet();
        return q.pop();
    }

    /** Keeps a released buffer while the spares of its device stay within {@code cap} bytes; else releases it. */
    void offer(OpenClDevice dev, cl_mem mem, long size, long cap) {
        long[] b = bytes(dev);
        if (b[0] + size > cap) {
            DeviceMemory.releaseMem(mem);
            return;
        }
        bySize.computeIfAbsent(dev, d -> new HashMap<>()).computeIfAbsent(size, s -> new ArrayDeque<>()).push(mem);
        b[0] += size;
        count.incrementAndGet();
        DeviceMemory.liveMemObjects.decrementAndGet();
    }

    /** Releases the spares of {@code dev}; returns true when there were any. */
    boolean drop(OpenClDevice dev) {
        Map<Long, ArrayDeque<cl_mem>> m = bySize.remove(dev);
        bytes(dev)[0] = 0;
        if (m == null) return false;
        boolean any = false;
        for (ArrayDeque<cl_mem> q : m.values()) {
            for (cl_mem mem : q) {
                clReleaseMemObject(mem);
                count.decrementAndGet();
                any = true;
            }
        }
        return any;
    }

    private long[] bytes(OpenClDevice dev) { return bytes.computeIfAbsent(dev, d -> new long[1]); }
}
