package io.numfuse.runtime;

import io.numfuse.ir.Buffer;
import io.numfuse.ir.View;

/**
 * Boolean-mask compaction on the host, NumPy's {@code a[m]}: the rows of a C-contiguous array
 * whose mask element is true, in order. A scan and a compaction in parallel on
 * {@link WorkerPool}'s threads: each thread counts the true elements of its part of the mask,
 * the counts' prefix sums give each part its first output row, and each thread then copies its
 * selected rows there. Callers hold {@link Executor#read} on both buffers.
 *
 * <p>On an OpenCL device the same structure runs there ({@link OpenClCompaction}): when the target
 * is that device, or under {@code auto} when a device holds the current values of the mask or the
 * array (they were computed there), the mask is scanned and the rows copied on the device, and
 * only the result's length comes back to the host; the result stays on the device.
 */
public final class Compaction {
    private Compaction() {}

    /** A mask over fewer elements is compacted on the calling thread. */
    private static final int PARALLEL = 1 << 16;

    /** The selected rows: {@code count} of them, in {@code data} (a new buffer; its values may be on a device). */
    public record Result(Buffer data, int count) {}

    /**
     * {@link #compact(View, View, int)} where {@code on} says: on its device for an OpenCL target,
     * under {@code auto} on the device that holds the mask's or the array's current values, else
     * on the host. A device that fails hands the work to the host (with the device's one warning).
     */
    public static Result compact(View a, View mask, int inner, Target on) {
        OpenClTarget device = OpenClCompaction.deviceFor(on, mask.buffer(), a.buffer());
        if (device != null) {
            try {
                return OpenClCompaction.compact(device.device(), a, mask, inner);
            } catch (OpenClException e) {
                device.fellBack("numfuse: a mask compaction failed on " + device.name() + ": " + e.getMessage());
            }
        }
        return compact(a, mask, inner);
    }

    /**
     * On the host: the rows of {@code a} (each {@code inner} elements, C order, contiguous) whose element of
     * {@code mask} (bool, contiguous, one per row) is true.
     */
    public static Result compact(View a, View mask, int inner) {
        a.buffer().beforeHostRead();       // a device may hold newer values
        mask.buffer().beforeHostRead();
        byte[] m = (byte[]) mask.buffer().array();
        int mo = mask.offset(), rows = mask.size();
        int parts = rows >= PARALLEL ? Math.min(WorkerPool.threads(), rows) : 1;
        int[] counts = new int[parts + 1];
        WorkerPool.splitIndexed(rows, parts, (p, from, to) -> {
            int c = 0;
            for (int i = mo + from; i < mo + to; i++) c += m[i];
            counts[p + 1] = c;
        });
        for (int p = 0; p < parts; p++) counts[p + 1] += counts[p];
        int count = counts[parts];
        Object src = a.buffer().array();
        int ao = a.offset();
        Object out = java.lang.reflect.Array.newInstance(src.getClass().getComponentType(), count * inner);
        WorkerPool.splitIndexed(rows, parts, (p, from, to) -> copy(src, ao, m, mo, out, counts[p], counts[p + 1], from, to, inner));
        return new Result(Buffer.adopt(a.dtype(), out), count);
    }

    /** Copies the selected rows among {@code from} to {@code to - 1} to output rows {@code at} to {@code end - 1}. */
    private static void copy(Object src, int ao, byte[] m, int mo, Object out, int at, int end, int from, int to, int inner) {
        if (inner != 1) {
            for (int r = from; r < to; r++) {
                if (m[mo + r] != 0) System.arraycopy(src, ao + r * inner, out, inner * at++, inner);
            }
            return;
        }
        // one element per row: a store per element and a branch-free advance; the store is
        // guarded by the part's end (once there, every selected element is placed), so that it
        // never lands in the next part's rows
        int j = at;
        switch (src) {
            case float[] s -> { float[] o = (float[]) out; for (int i = from; i < to; i++) { if (j < end) o[j] = s[ao + i]; j += m[mo + i]; } }
            case double[] s -> { double[] o = (double[]) out; for (int i = from; i < to; i++) { if (j < end) o[j] = s[ao + i]; j += m[mo + i]; } }
            case long[] s -> { long[] o = (long[]) out; for (int i = from; i < to; i++) { if (j < end) o[j] = s[ao + i]; j += m[mo + i]; } }
            case int[] s -> { int[] o = (int[]) out; for (int i = from; i < to; i++) { if (j < end) o[j] = s[ao + i]; j += m[mo + i]; } }
            case byte[] s -> { byte[] o = (byte[]) out; for (int i = from; i < to; i++) { if (j < end) o[j] = s[ao + i]; j += m[mo + i]; } }
            default -> throw new IllegalStateException("not a buffer array: " + src.getClass());
        }
    }
}
