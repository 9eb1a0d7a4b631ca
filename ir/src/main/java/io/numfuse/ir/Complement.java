package io.numfuse.ir;

import java.util.ArrayList;
import java.util.List;

/**
 * The elements of a buffer that a view does not cover, as a few views: what a write through
 * the view leaves alone. Defined when the view is a box (a slice with step 1 along each axis)
 * of the buffer seen as a C-ordered array, such as {@code u[1:-1, 1:-1]} of a grid: then the
 * complement is at most two pieces per axis (before and after the box), and one when they are
 * as wide. A box of rows (two axes that matter) is what comes before and after it and the
 * evenly spaced gaps between its rows: the frame of a grid is two views (the first row and a
 * half with the last row and a half, and the pairs of border elements between).
 */
public final class Complement {
    private Complement() {}

    /**
     * A view as a box of its buffer seen as a C-ordered array: the box's axes that matter (those
     * longer than 1, and a last axis of stride 1 when it has none), their extents and strides;
     * the array's shape (each axis the stride before it over its own; the first, as many rows of
     * {@code strides[0]} elements as the buffer holds, rounded down) and the box's origin in it.
     */
    record Box(int[] extent, int[] strides, int[] base, int[] origin) {
        /** {@code v} as a box, or null when its strides do not nest (each a multiple of the next, larger) or it does not fit in the array's rows. */
        static Box of(View v) {
            List<Integer> n = new ArrayList<>(), s = new ArrayList<>();
            for (int i = 0; i < v.rank(); i++) {
                if (v.dim(i) > 1) {   // size-1 axes do not change the elements covered, whatever their strides
                    n.add(v.dim(i));
                    s.add(v.stride(i));
                }
            }
            if (n.isEmpty() || s.getLast() != 1) {   // one element wide along a last axis of stride 1
                n.add(1);
                s.add(1);
            }
            int k = n.size();
            for (int i = 1; i < k; i++) {
                if (s.get(i - 1) <= s.get(i) || s.get(i) <= 0 || s.get(i - 1) % s.get(i) != 0) return null;
            }
            int[] base = new int[k], origin = new int[k];
            long rest = v.offset();
            for (int i = k - 1; i >= 1; i--) {
                base[i] = s.get(i - 1) / s.get(i);
                origin[i] = (int) (rest % s.get(i - 1) / s.get(i));
                if (origin[i] + n.get(i) > base[i]) return null;
                rest -= (long) origin[i] * s.get(i);
            }
            base[0] = v.buffer().length() / s.getFirst();
            origin[0] = (int) (rest / s.getFirst());
            return new Box(n.stream().mapToInt(Integer::intValue).toArray(), s.stream().mapToInt(Integer::intValue).toArray(), base, origin);
        }

        /** The array the box is a box of, over the whole buffer; null when the buffer is not a whole number of its rows. */
        View whole(Buffer b) { return Shapes.count(base) == b.length() ? View.contiguous(b, base) : null; }
    }

    /** The complement of {@code v} in its buffer, or null when {@code v} is not a box of it. */
    public static List<View> of(View v) {
        int length = v.buffer().length();
        for (int i = 0; i < v.rank(); i++) {
            if (v.dim(i) == 0) return List.of(new View(v.buffer(), 0, new int[] { length }, new int[] { 1 }));
        }
        Box box = Box.of(v);
        if (box == null) return null;
        int[] n = box.extent(), s = box.strides(), base = box.base(), origin = box.origin();
        int k = n.length;
        List<View> out = new ArrayList<>();
        if (k == 2) return rows(v, n[0], n[1], s[0], length);
        // before and after the box's rows, flat
        long head = (long) origin[0] * s[0], tailStart = (long) (origin[0] + n[0]) * s[0];
        if (tailStart > length) return null;
        pair(out, v.buffer(), 0, new int[0], new int[0], (int) head, (int) (length - tailStart), (int) tailStart, new int[0], new int[0], 1);
        // within the box's rows: before and after the box along each further axis, with the axes
        // in front of it inside the box and the axes after it whole
        for (int j = 1; j < k; j++) {
            int[] outerDims = new int[j], outerStrides = new int[j];
            long start = head;
            for (int i = 0; i < j; i++) {
                outerDims[i] = n[i];
                outerStrides[i] = s[i];
                if (i > 0) start += (long) origin[i] * s[i];
            }
            int[] innerDims = new int[k - 1 - j], innerStrides = new int[k - 1 - j];
            for (int i = j + 1; i < k; i++) {
                innerDims[i - j - 1] = base[i];
                innerStrides[i - j - 1] = s[i];
            }
            int after = origin[j] + n[j];
            pair(out, v.buffer(), (int) start, outerDims, outerStrides, origin[j], base[j] - after, after, innerDims, innerStrides, s[j]);
        }
        return out;
    }

    /**
     * The complement of {@code rows} runs of {@code width} elements, {@code pitch} apart from
     * {@code v}'s offset: what comes before the first, the gaps between runs (one view: they
     * are as long and evenly spaced), and what comes after the last; the first and last are one
     * view when they are as long. The frame of a grid is then two views, each a single
     * rectangle for a device's copy.
     */
    private static List<View> rows(View v, int rows, int width, int pitch, int length) {
        List<View> out = new ArrayList<>();
        int first = v.offset(), end = first + (rows - 1) * pitch + width, gap = pitch - width;
        if (end > length) return null;
        pair(out, v.buffer(), 0, new int[0], new int[0], first, length - end, end, new int[0], new int[0], 1);
        if (rows > 1 && gap > 0) out.add(new View(v.buffer(), first + width, new int[] { rows - 1, gap }, new int[] { pitch, 1 }));
        return out;
    }

    /**
     * Adds the pieces {@code [0, before)} and {@code [afterStart, afterStart + after)} along one
     * axis of stride {@code stride}, between outer and inner axes: one view with an axis of 2
     * when they are as wide, else one view each (none when empty).
     */
    private static void pair(List<View> out, Buffer b, int offset, int[] outerDims, int[] outerStrides, int before, int after,
                             int afterStart, int[] innerDims, int[] innerStrides, int stride) {
        if (before == after && before > 0) {
            out.add(piece(b, offset, outerDims, outerStrides, new int[] { 2, before }, new int[] { afterStart * stride, stride }, innerDims, innerStrides));
            return;
        }
        if (before > 0) out.add(piece(b, offset, outerDims, outerStrides, new int[] { before }, new int[] { stride }, innerDims, innerStrides));
        if (after > 0) {
            out.add(piece(b, offset + afterStart * stride, outerDims, outerStrides, new int[] { after }, new int[] { stride }, innerDims, innerStrides));
        }
    }

    private static View piece(Buffer b, int offset, int[] od, int[] os, int[] md, int[] ms, int[] id, int[] is) {
        int r = od.length + md.length + id.length;
        int[] dims = new int[r], strides = new int[r];
        System.arraycopy(od, 0, dims, 0, od.length);
        System.arraycopy(os, 0, strides, 0, os.length);
        System.arraycopy(md, 0, dims, od.length, md.length);
        System.arraycopy(ms, 0, strides, os.length, ms.length);
        System.arraycopy(id, 0, dims, od.length + md.length, id.length);
        System.arraycopy(is, 0, strides, os.length + ms.length, is.length);
        return new View(b, offset, dims, strides);
    }
}
