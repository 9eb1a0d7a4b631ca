package io.numfuse.ir;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Java arrays of released snapshots ({@link Scope}), kept for the next buffer that needs new
 * storage of the same type and length after a write handed its array to a snapshot: a loop that
 * writes a grid it reads then swaps two arrays, as a hand-written loop does, instead of
 * allocating (and zeroing) one per step. Small on purpose: two arrays per type and length, and
 * 256 MiB in all; what does not fit is left to the collector.
 */
final class HostSpares {
    private HostSpares() {}

    private static final int PER_SIZE = 2;
    private static final long MAX_BYTES = 256L << 20;

    private record Size(DType dtype, int length) {}

    private static final Map<Size, ArrayDeque<Object>> spares = new HashMap<>();
    private static long bytes;

    static synchronized void offer(DType dtype, int length, Object array) {
        long size = (long) length * dtype.itemSize();
        if (bytes + size > MAX_BYTES) return;
        ArrayDeque<Object> q = spares.computeIfAbsent(new Size(dtype, length), k -> new ArrayDeque<>(PER_SIZE));
        if (q.size() >= PER_SIZE) return;
        q.push(array);
        bytes += size;
    }

    /** A spare array (old contents) of this type and length, or null. */
    static synchronized Object take(DType dtype, int length) {
        if (bytes == 0) return null;
        ArrayDeque<Object> q = spares.get(new Size(dtype, length));
        if (q == null || q.isEmpty()) return null;
        bytes -= (long) length * dtype.itemSize();
        return q.pop();
    }
}
