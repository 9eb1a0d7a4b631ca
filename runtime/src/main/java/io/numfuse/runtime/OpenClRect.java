package io.numfuse.runtime;

import io.numfuse.ir.Instr;
import io.numfuse.ir.Kernel;
import io.numfuse.ir.View;
import java.util.ArrayList;
import java.util.List;

/**
 * A kernel that only copies (one load, stored as it is) between two buffers, done as
 * {@code clEnqueueCopyBufferRect} commands instead of a kernel launch: no program, no
 * arguments, and on a CPU device a memcpy per row. The copies that restore what a write leaves
 * alone (the frame of a Jacobi grid) are such kernels.
 *
 * <p>A rect is up to three axes: bytes along a unit-stride innermost axis, then rows and slices
 * whose pitches OpenCL requires to grow (a slice pitch a multiple of the row pitch). A copy
 * whose views do not fit is a few rects along its outermost axis, or a kernel after all.
 */
final class OpenClRect {
    private OpenClRect() {}

    /** One command: origins and region ({x bytes, y rows, z slices}), and the row and slice pitches (bytes). */
    record Rect(long[] srcOrigin, long[] dstOrigin, long[] region, long srcRow, long srcSlice, long dstRow, long dstSlice) {}

    /** At most this many rects for one copy; past it a kernel launch is as cheap. */
    private static final int MAX_RECTS = 4;

    /** The rects that do {@code k}, or null when it is not a copy between two buffers that rects can do. */
    static List<Rect> of(Kernel k) {
        if (k.isReduction() || k.isScan() || k.isArg() || k.isParts() || !k.extras().isEmpty() || k.inputs().size() != 1 || k.body().size() != 1) return null;
        if (!(k.body().get(0) instanceof Instr.Load l) || l.type() != k.output().dtype()) return null;
        View in = k.inputs().get(0), out = k.output();
        if (in.buffer() == out.buffer() || in.dtype() != out.dtype()) return null;
        // the axes that matter (not size 1), outermost first, with a unit-stride innermost one
        List<long[]> axes = new ArrayList<>();   // {n, src stride, dst stride}
        for (int d = 0; d < k.shape().length; d++) {
            if (k.shape()[d] == 0) return null;
            if (k.shape()[d] > 1) axes.add(new long[] { k.shape()[d], in.stride(d), out.stride(d) });
        }
        for (long[] a : axes) if (a[1] <= 0 || a[2] <= 0) return null;
        if (axes.isEmpty() || axes.get(axes.size() - 1)[1] != 1 || axes.get(axes.size() - 1)[2] != 1) axes.add(new long[] { 1, 1, 1 });
        int e = in.dtype().itemSize();
        List<Rect> rects = new ArrayList<>();
        if (fits(axes)) {
            rects.add(rect(axes, (long) in.offset() * e, (long) out.offset() * e, e));
            return rects;
        }
        // a few rects along a short axis (the two columns of a grid's frame), the others in a row and slice
        for (int j = 0; axes.size() == 3 && j < 2; j++) {
            long[] split = axes.get(j), other = axes.get(1 - j);
            List<long[]> rest = List.of(other, axes.get(2));
            if (split[0] > MAX_RECTS || !fits(rest)) continue;
            for (long z = 0; z < split[0]; z++) {
                rects.add(rect(rest, (in.offset() + z * split[1]) * e, (out.offset() + z * split[2]) * e, e));
            }
            return rects;
        }
        return null;
    }

    /** True when the axes (innermost of unit stride) make one rect on both sides. */
    private static boolean fits(List<long[]> axes) {
        int r = axes.size();
        if (r > 3) return false;
        for (int side = 1; side <= 2; side++) {
            if (r >= 2 && axes.get(r - 2)[side] < axes.get(r - 1)[0]) return false;             // rows do not overlap
            if (r == 3) {
                long row = axes.get(1)[side], slice = axes.get(0)[side];
                if (slice < axes.get(1)[0] * row || slice % row != 0) return false;
            }
        }
        return true;
    }

    private static Rect rect(List<long[]> axes, long srcOffset, long dstOffset, int e) {
        int r = axes.size();
        long[] region = { axes.get(r - 1)[0] * e, r >= 2 ? axes.get(r - 2)[0] : 1, r == 3 ? axes.get(0)[0] : 1 };
        long srcRow = r >= 2 ? axes.get(r - 2)[1] * e : 0, dstRow = r >= 2 ? axes.get(r - 2)[2] * e : 0;
        long srcSlice = r == 3 ? axes.get(0)[1] * e : 0, dstSlice = r == 3 ? axes.get(0)[2] * e : 0;
        return new Rect(new long[] { srcOffset, 0, 0 }, new long[] { dstOffset, 0, 0 }, region, srcRow, srcSlice, dstRow, dstSlice);
    }
}
