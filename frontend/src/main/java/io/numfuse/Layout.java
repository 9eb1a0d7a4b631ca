package io.numfuse;

import io.numfuse.core.AxisException;
import io.numfuse.core.IndexException;
import io.numfuse.core.ShapeMismatchException;
import io.numfuse.core.ValueException;
import io.numfuse.ir.IndexMap;
import io.numfuse.ir.Node;
import io.numfuse.ir.Shapes;
import io.numfuse.ir.View;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * NumPy's layout functions (reshape, transpose, broadcast_to, squeeze, expand_dims, swapaxes,
 * moveaxis, flip, flatten, ravel, roll, tile, repeat) composed from views ({@link IndexMap}s over
 * the array, pending or not) and copies into new arrays: no kernel kind of their own, so they run, and fuse, on every target.
 * The public, documented entry points are {@link NDArray}'s methods.
 */
final class Layout {
    private Layout() {}

    /** NumPy's normalize_axis_tuple: each axis normalised against {@code rank}, none repeated ("repeated axis"). */
    static boolean[] axisSet(int[] axes, int rank) { return axisSet(axes, rank, null); }

    /** {@link #axisSet(int[], int)} for the argument {@code name}, which NumPy's messages then name ("repeated axis in `source` argument"). */
    private static boolean[] axisSet(int[] axes, int rank, String name) {
        boolean[] m = new boolean[rank];
        for (int a : axes) {
            int n = name == null ? Shapes.axis(a, rank) : named(name, a, rank);
            if (m[n]) throw new ValueException("repeated axis" + (name == null ? "" : " in `" + name + "` argument"));
            m[n] = true;
        }
        return m;
    }

    /**
     * The map of a reshape from {@code from} to {@code to} (of as many elements, at least one)
     * that reads the source's C-ordered elements affinely, or null: a 1-d source split into any
     * shape (its index is the new index's C-order position), or the same axes with axes of
     * length 1 added or dropped. A reshape that merges axes needs a division: not a view map.
     */
    static IndexMap reshapeMap(int[] from, int[] to) {
        int[][] c = IndexMap.matrix(from.length, to.length);
        if (from.length == 1) {
            int stride = 1;
            for (int k = to.length - 1; k >= 0; k--) {
                c[0][k] = to[k] == 1 ? 0 : stride;
                stride *= to[k];
            }
            return new IndexMap(to, new int[1], c);
        }
        int k = 0;
        for (int d = 0; d < from.length; d++) {
            if (from[d] == 1) continue;   // read at index 0
            while (k < to.length && to[k] == 1) k++;
            if (k == to.length || to[k] != from[d]) return null;
            c[d][k++] = 1;
        }
        while (k < to.length && to[k] == 1) k++;
        return k == to.length ? new IndexMap(to, new int[from.length], c) : null;
    }

    /** {@link NDArray#index}: integer indices on the leading axes, as the slice {@code "i,j"}. */
    static NDArray index(NDArray a, int[] indices) {
        StringBuilder s = new StringBuilder();
        for (int i : indices) s.append(s.isEmpty() ? "" : ",").append(i);
        return a.slice(s.toString());
    }

    /** {@link NDArray#transpose(int...)}; {@code perm} null: the axes reversed. */
    static NDArray transpose(NDArray a, int[] perm) {
        int n = a.ndim();
        if (perm == null) {
            perm = new int[n];
            for (int i = 0; i < n; i++) perm[i] = n - 1 - i;
        }
        if (perm.length != n) throw new ShapeMismatchException("axes don't match array: got " + perm.length + " axes for an array of dimension " + n);
        boolean[] seen = new boolean[n];
        int[][] c = IndexMap.matrix(n, n);
        int[] shape = new int[n], s = a.shape();
        for (int i = 0; i < n; i++) {
            int ax = Shapes.axis(perm[i], n);
            if (seen[ax]) throw new IndexException("repeated axis in transpose");
            seen[ax] = true;
            c[ax][i] = 1;
            shape[i] = s[ax];
        }
        return a.reindexed(new IndexMap(shape, new int[n], c));
    }

    /** {@link NDArray#reshape}: a lazy view of a pending array where {@link #reshapeMap} has one, else a view of its memory, else a copy. */
    static NDArray reshape(NDArray a, int[] shape) {
        int[] s = shape.clone();
        int size = a.size(), unknown = -1, known = 1;
        for (int i = 0; i < s.length; i++) {
            if (s[i] == -1) {
                if (unknown >= 0) throw new ShapeMismatchException("can only specify one unknown dimension");
                unknown = i;
            } else {
                if (s[i] < 0) throw new ShapeMismatchException("negative dimension " + s[i] + " in reshape");
                known *= s[i];
            }
        }
        if (unknown >= 0) {
            if (known == 0 || size % known != 0) throw new ShapeMismatchException("cannot reshape array of size " + size + " into shape " + Shapes.format(shape));
            s[unknown] = size / known;
        }
        Node n = a.viewed();   // the array's own node, as views take it (not a deferred write's value)
        IndexMap lazy = n.isPending() && !n.isRetired() && Shapes.count(s) == size && size > 0 ? reshapeMap(n.shape(), s) : null;
        if (lazy != null) return a.reindexed(lazy);   // a view of the pending array, as a slice is
        View r = a.view().reshape(s);
        return r != null ? a.viewOf(r) : NDArray.of(Num.copyOf(a).view().reshape(s));   // a copy is writable
    }

    /** {@link NDArray#broadcastTo}: the read-only view whose stretched axes repeat the same memory. */
    static NDArray broadcastTo(NDArray a, int[] shape) {
        if (!Shapes.broadcastsTo(a.shape(), shape)) {
            throw new ShapeMismatchException("cannot broadcast shape " + Shapes.format(a.shape()) + " to " + Shapes.format(shape));
        }
        return a.reindexed(IndexMap.broadcast(a.shape(), shape), true);
    }

    /** The view of {@code a} through a map whose output axis {@code k} reads source axis {@code src[k]} with coefficient {@code step[k]} (src -1: a new axis of length {@code shape[k]}). */
    private static NDArray axesView(NDArray a, int[] shape, int[] base, int[] src, int[] step) {
        int[][] c = IndexMap.matrix(a.ndim(), shape.length);
        for (int k = 0; k < shape.length; k++) if (src[k] >= 0) c[src[k]][k] = step[k];
        return a.reindexed(new IndexMap(shape, base, c));
    }

    static NDArray squeeze(NDArray a, int[] axes) {
        int[] s = a.shape();
        boolean[] drop;
        if (axes == null) {
            drop = new boolean[s.length];
            for (int i = 0; i < s.length; i++) drop[i] = s[i] == 1;
        } else {
            drop = new boolean[s.length];
            for (int ax : axes) {   // NumPy's squeeze checks its axes as the reductions do
                int n = Shapes.axis(ax, s.length);
                if (drop[n]) throw new AxisException("duplicate value in 'axis'");
                drop[n] = true;
            }
            for (int i = 0; i < s.length; i++) {
                if (drop[i] && s[i] != 1) throw new ValueException("cannot select an axis to squeeze out which has size not equal to one");
            }
        }
        List<Integer> kept = new ArrayList<>();
        for (int i = 0; i < s.length; i++) if (!drop[i]) kept.add(i);
        int n = kept.size();
        int[] shape = new int[n], src = new int[n], step = new int[n];
        for (int k = 0; k < n; k++) { src[k] = kept.get(k); shape[k] = s[src[k]]; step[k] = 1; }
        return axesView(a, shape, new int[s.length], src, step);
    }

    static NDArray expandDims(NDArray a, int[] axes) {
        int[] s = a.shape();
        int rank = s.length + axes.length;
        boolean[] added = axisSet(axes, rank);
        int[] shape = new int[rank], src = new int[rank], step = new int[rank];
        for (int k = 0, d = 0; k < rank; k++) {
            if (added[k]) { shape[k] = 1; src[k] = -1; }
            else { shape[k] = s[d]; src[k] = d++; step[k] = 1; }
        }
        return axesView(a, shape, new int[s.length], src, step);
    }

    static NDArray swapaxes(NDArray a, int a1, int a2) {
        int n = a.ndim();
        int[] perm = identity(n);
        int i = named("axis1", a1, n), j = named("axis2", a2, n);
        perm[i] = j;
        perm[j] = i;
        return a.transpose(perm);
    }

    /** {@link Shapes#axis} with NumPy's prefix naming the argument ("axis2: axis 3 is out of bounds ..."). */
    private static int named(String name, int axis, int rank) {
        try {
            return Shapes.axis(axis, rank);
        } catch (AxisException e) {
            throw new AxisException(name + ": " + e.getMessage());
        }
    }

    static NDArray moveaxis(NDArray a, int[] source, int[] destination) {
        int n = a.ndim();
        if (source.length != destination.length) {
            throw new ValueException("`source` and `destination` arguments must have the same number of elements");
        }
        boolean[] src = axisSet(source, n, "source");
        axisSet(destination, n, "destination");
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < n; i++) if (!src[i]) order.add(i);
        Integer[] pairs = new Integer[source.length];
        for (int i = 0; i < pairs.length; i++) pairs[i] = i;
        Arrays.sort(pairs, (x, y) -> Integer.compare(Shapes.axis(destination[x], n), Shapes.axis(destination[y], n)));
        for (int p : pairs) order.add(Shapes.axis(destination[p], n), Shapes.axis(source[p], n));
        return a.transpose(order.stream().mapToInt(Integer::intValue).toArray());
    }

    static NDArray flip(NDArray a, int[] axes) {
        int[] s = a.shape();
        boolean[] flipped = axes == null ? all(s.length) : axisSet(axes, s.length);
        int[] base = new int[s.length], src = identity(s.length), step = new int[s.length];
        for (int i = 0; i < s.length; i++) {
            boolean f = flipped[i] && s[i] > 1;
            base[i] = f ? s[i] - 1 : 0;
            step[i] = f ? -1 : 1;
        }
        return axesView(a, s, base, src, step);
    }

    /** A new C-contiguous array of {@code shape} holding {@code a}'s elements in C order: {@code a} is written through a view of the new buffer reshaped to {@code a}'s shape. */
    static NDArray copyAs(NDArray a, int... shape) {
        NDArray out = Num.zeros(a.dtype(), shape);
        out.reshape(a.shape()).assign(a);
        return out;
    }

    static NDArray flatten(NDArray a) { return copyAs(a, a.size()); }

    static NDArray roll(NDArray a, int shift, Integer axis) {
        if (axis == null) return roll(flatten(a), shift, 0).reshape(a.shape());
        int n = a.ndim(), ax = Shapes.axis(axis, n), len = a.shape()[ax];
        if (len == 0) return Num.copyOf(a);
        int s = Math.floorMod(shift, len);
        if (s == 0) return Num.copyOf(a);
        String head = ":,".repeat(ax);
        return Joins.concatenate(List.of(a.slice(head + (len - s) + ":"), a.slice(head + ":" + (len - s))), ax);
    }

    static NDArray tile(NDArray a, int[] reps) {
        for (int r : reps) if (r < 0) throw new ValueException("negative dimensions are not allowed");
        int[] s = a.shape();
        int d = Math.max(s.length, reps.length);
        int[] sd = pad(s, d), rd = pad(reps, d);
        // (r0, s0, r1, s1, ...): a broadcast view of a with an axis of each repetition count before each axis
        int[] inter = new int[2 * d], src = new int[2 * d], step = new int[2 * d], out = new int[d];
        for (int i = 0; i < d; i++) {
            inter[2 * i] = rd[i]; src[2 * i] = -1;
            int from = i - (d - s.length);   // a's axis, or none: a has fewer axes than reps (a length-1 axis in front)
            inter[2 * i + 1] = sd[i]; src[2 * i + 1] = Math.max(from, -1); step[2 * i + 1] = 1;
            out[i] = rd[i] * sd[i];
        }
        return copyAs(axesView(a, inter, new int[a.ndim()], src, step), out);
    }

    static NDArray repeat(NDArray a, int repeats, Integer axis) {
        if (repeats < 0) throw new ValueException("negative dimensions are not allowed");
        if (axis == null) return repeat(a.ndim() == 1 ? a : flatten(a), repeats, 0);
        int[] s = a.shape();
        int ax = Shapes.axis(axis, s.length);
        int[] inter = new int[s.length + 1], src = new int[s.length + 1], step = new int[s.length + 1], out = s.clone();
        for (int k = 0, d = 0; k < inter.length; k++) {
            if (k == ax + 1) { inter[k] = repeats; src[k] = -1; }
            else { inter[k] = s[d]; src[k] = d++; step[k] = 1; }
        }
        out[ax] = s[ax] * repeats;
        return copyAs(axesView(a, inter, new int[a.ndim()], src, step), out);
    }

    private static int[] pad(int[] v, int d) {
        int[] r = new int[d];
        Arrays.fill(r, 1);
        System.arraycopy(v, 0, r, d - v.length, v.length);
        return r;
    }

    private static int[] identity(int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        return p;
    }

    private static boolean[] all(int n) {
        boolean[] m = new boolean[n];
        Arrays.fill(m, true);
        return m;
    }
}
