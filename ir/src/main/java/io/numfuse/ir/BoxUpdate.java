package io.numfuse.ir;

import java.util.ArrayList;
import java.util.List;

/**
 * A write of a box of an array as a value of the whole array: {@code u[1:-1, 1:-1] = f(u)} as
 * the array {@code u} will be after it, {@code u}'s values with the box replaced by {@code f(u)}.
 * The runtime's deferred writes keep such a value instead of running the write, so that a loop
 * of them (a Jacobi step written plainly) is one lazy graph: each step's value is one kernel (a
 * concatenation: the frame's pieces and the box's values, {@link Node.Concat}), and the plan
 * that computes many steps stores them in two arrays taking turns ({@link BufferReuse}) as a
 * hand-written loop does, where a write that ran at once took a new array each step (its old one
 * went to a snapshot for the step's expression, which only the collector can tell is dead).
 *
 * <p>The views are of one buffer seen as a C-ordered array of {@code whole}'s shape: the box is
 * a slice with step 1 along the axes it keeps (an integer index along those it drops).
 */
public final class BoxUpdate {
    private BoxUpdate() {}

    /**
     * The map from {@code v}'s indices to {@code whole}'s (both views of one buffer, {@code whole}
     * covering it in C order): {@code v} seen as a view of {@code whole}; null when its offset and
     * strides are no such view (then nothing here applies).
     */
    public static IndexMap within(View v, View whole) {
        if (v.buffer() != whole.buffer() || !whole.coversBuffer()) return null;
        int rows = whole.rank(), cols = v.rank();
        int[] s = whole.shape(), sigma = whole.strides();
        int[] base = new int[rows];
        int[][] coef = IndexMap.matrix(rows, cols);
        if (!unravel(v.offset(), sigma, s, base)) return null;
        for (int k = 0; k < cols; k++) {
            if (v.dim(k) == 1) continue;   // a length-1 axis moves nothing
            int st = v.stride(k), sign = st < 0 ? -1 : 1;
            int[] c = new int[rows];
            if (!unravel(Math.abs(st), sigma, null, c)) return null;
            for (int r = 0; r < rows; r++) coef[r][k] = sign * c[r];
        }
        for (int r = 0; r < rows; r++) {   // every element's coordinates inside whole's shape: the flat offsets then agree
            long lo = base[r], hi = base[r];
            for (int k = 0; k < cols; k++) {
                long span = (long) coef[r][k] * (v.dim(k) - 1);
                if (span < 0) lo += span; else hi += span;
            }
            if (v.size() > 0 && (lo < 0 || hi >= s[r])) return null;
        }
        return new IndexMap(v.shape(), base, coef);
    }

    /** {@code flat} as coordinates of C strides {@code sigma}, each below {@code shape}'s (when given). */
    private static boolean unravel(int flat, int[] sigma, int[] shape, int[] out) {
        for (int r = 0; r < sigma.length; r++) {
            int st = Math.max(1, sigma[r]);
            out[r] = flat / st;
            flat -= out[r] * st;
            if (shape != null && out[r] >= Math.max(1, shape[r])) return false;
        }
        return flat == 0;
    }

    /**
     * The whole array after writing {@code value} (of {@code box}'s shape and the buffer's dtype)
     * into {@code box}, where it was {@code full} (a node of {@code whole}'s shape: the buffer's
     * values now, or its own deferred value): a pending concatenation, marked as a deferred
     * write's value ({@link Node#isDeferredValue}); null when {@code box} is not a box of
     * {@code whole}, or covers it.
     */
    public static Node update(Node full, View whole, View box, Node value) {
        IndexMap m = within(box, whole);
        if (m == null || box.size() == 0) return null;
        int rows = whole.rank();
        int[] lo = new int[rows], hi = new int[rows];
        int[] axisOf = new int[rows];   // the box axis each axis of whole is, or -1 (an index)
        java.util.Arrays.fill(axisOf, -1);
        int last = -1;
        for (int k = 0; k < box.rank(); k++) {
            if (box.dim(k) == 1) continue;
            int r = -1;
            for (int q = 0; q < rows; q++) {
                if (m.coef(q, k) == 0) continue;
                if (m.coef(q, k) != 1 || r >= 0) return null;   // a step other than 1, or an axis across two
                r = q;
            }
            if (r <= last || axisOf[r] >= 0) return null;   // in whole's order (no transpose)
            axisOf[r] = k;
            last = r;
        }
        boolean covers = true;
        for (int r = 0; r < rows; r++) {
            lo[r] = m.base(r);
            hi[r] = lo[r] + (axisOf[r] >= 0 ? box.dim(axisOf[r]) : 1);
            covers &= lo[r] == 0 && hi[r] == whole.dim(r);
        }
        if (covers) return null;
        return Graph.locked(() -> {
            Node v = Graph.operand(value);
            // the value over whole's rank: box axes where they fall, length-1 axes elsewhere
            int[] shape = new int[rows];
            int[][] c = IndexMap.matrix(box.rank(), rows);
            for (int r = 0; r < rows; r++) {
                shape[r] = hi[r] - lo[r];
                if (axisOf[r] >= 0) c[axisOf[r]][r] = 1;
            }
            Node inner = Graph.reindexLocked(v, new IndexMap(shape, new int[box.rank()], c));
            Node result = build(Graph.operand(full), IndexMap.identity(whole.shape()), lo, hi, 0, inner);
            result.markDeferredValue();
            return result;
        });
    }

    /**
     * {@code full} seen through {@code region} (whole's indices of the part still to build:
     * {@code [lo, hi)} on the axes before {@code axis}, all of the rest) with {@code inner} in the
     * box: along {@code axis}, the part before the box, the box (recursively), the part after; a
     * level with nothing before or after is the box alone. Only the parts used become nodes (an
     * unused view would stay a live user of {@code full} until the collector takes it, and the
     * plan would then keep {@code full}'s storage for it).
     */
    private static Node build(Node full, IndexMap region, int[] lo, int[] hi, int axis, Node inner) {
        int[] shape = region.shape();
        if (axis == shape.length) return inner;
        Node middle = build(full, region.after(slice(shape, axis, lo[axis], hi[axis])), lo, hi, axis + 1, inner);
        if (lo[axis] == 0 && hi[axis] == shape[axis]) return middle;
        List<Node> parts = new ArrayList<>(3);
        if (lo[axis] > 0) parts.add(Graph.reindexLocked(full, region.after(slice(shape, axis, 0, lo[axis]))));
        parts.add(middle);
        if (hi[axis] < shape[axis]) parts.add(Graph.reindexLocked(full, region.after(slice(shape, axis, hi[axis], shape[axis]))));
        return Graph.concatLocked(parts, axis, full.dtype());
    }

    /** The map of {@code [from, to)} along {@code axis} of an array of {@code shape}. */
    private static IndexMap slice(int[] shape, int axis, int from, int to) {
        int[] len = shape.clone(), start = new int[shape.length];
        len[axis] = to - from;
        start[axis] = from;
        return IndexMap.box(start, len);
    }

    /** The natural whole of a box view: its buffer as a C-ordered array whose strides are the view's (the grid of {@code u[1:-1, 1:-1]}); null when there is none. */
    public static View wholeOf(View box) {
        Complement.Box b = Complement.Box.of(box);
        return b == null ? null : b.whole(box.buffer());
    }
}
