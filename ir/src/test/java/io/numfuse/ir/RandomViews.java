package io.numfuse.ir;

import java.util.random.RandomGenerator;

/**
 * The random views, index maps, slices and shapes of {@link RandomGraphs}, drawn from its
 * structure generator (so a seed still gives the same graph) and logged to its trace.
 */
final class RandomViews {
    static final int MAX_RANK = 3;

    private final RandomGenerator structure;
    private final RandomGraphs.Config config;
    private final StringBuilder trace;

    RandomViews(RandomGenerator structure, RandomGraphs.Config config, StringBuilder trace) {
        this.structure = structure;
        this.config = config;
        this.trace = trace;
    }

    /** A random view-producing View method applied to {@code v}, or null when none applies. */
    View viewOp(View v) {
        int[] s = v.shape();
        int r = structure.nextInt(5);
        trace.append("  view op ").append(r).append('\n');
        switch (r) {
            case 0: {
                if (s.length == 0) return null;
                int axis = structure.nextInt(s.length);
                int[] sl = slice(s[axis]);
                return v.slice(axis, sl[0], sl[1], sl[2]);
            }
            case 1: {
                if (s.length == 0) return null;
                int axis = structure.nextInt(s.length);
                if (s[axis] == 0) return null;
                return v.index(axis, indexIn(s[axis]));
            }
            case 2:
                return s.length < 2 ? null : v.permute(permutation(s.length));
            case 3:
                return s.length >= MAX_RANK ? null : v.newAxis(structure.nextInt(s.length + 1));
            default:
                return v.broadcastTo(broadcastTarget(s));
        }
    }

    /** A random in-bounds index map from a new index space to {@code shape}. */
    IndexMap randomMap(int[] shape) {
        int n = shape.length;
        int r = structure.nextInt(6);
        trace.append("  map ").append(r).append('\n');
        switch (r) {
            case 0, 1: {   // slice one axis
                if (n == 0) return IndexMap.identity(shape);
                int axis = structure.nextInt(n);
                int[] sl = slice(shape[axis]);
                int[] out = shape.clone();
                out[axis] = sl[1];
                int[] base = new int[n];
                int[][] c = new int[n][n];
                for (int d = 0; d < n; d++) c[d][d] = 1;
                base[axis] = sl[1] == 0 ? 0 : sl[0];
                c[axis][axis] = sl[2];
                return new IndexMap(out, base, c);
            }
            case 2: {      // integer index: drops an axis
                if (n == 0) return IndexMap.identity(shape);
                int axis = structure.nextInt(n);
                if (shape[axis] == 0) return IndexMap.identity(shape);
                int[] out = new int[n - 1];
                int[] base = new int[n];
                int[][] c = new int[n][n - 1];
                for (int d = 0, j = 0; d < n; d++) {
                    if (d == axis) { base[d] = indexIn(shape[d]); continue; }
                    out[j] = shape[d];
                    c[d][j++] = 1;
                }
                return new IndexMap(out, base, c);
            }
            case 3: {      // transpose
                if (n < 2) return IndexMap.identity(shape);
                int[] p = permutation(n);
                int[] out = new int[n];
                int[][] c = new int[n][n];
                for (int i = 0; i < n; i++) { out[i] = shape[p[i]]; c[p[i]][i] = 1; }
                return new IndexMap(out, new int[n], c);
            }
            case 4: {      // new axis
                if (n >= MAX_RANK) return IndexMap.identity(shape);
                int at = structure.nextInt(n + 1);
                int[] out = new int[n + 1];
                int[][] c = new int[n][n + 1];
                for (int k = 0, d = 0; k < n + 1; k++) {
                    if (k == at) { out[k] = 1; continue; }
                    out[k] = shape[d];
                    c[d++][k] = 1;
                }
                return new IndexMap(out, new int[n], c);
            }
            default:       // broadcast
                return IndexMap.broadcast(shape, broadcastTarget(shape));
        }
    }

    /** {start, length, step} of a random slice of an axis of length {@code n}, Python-normalised. */
    int[] slice(int n) {
        int kind = structure.nextInt(config.bigDim() > 0 ? 7 : 9);
        trace.append("  slice ").append(kind).append('\n');
        int start, step, stop;
        switch (kind) {
            case 0 -> { start = 0; stop = n; step = 1; }                           // [:]
            case 1 -> { start = Math.min(1, n); stop = n; step = 1; }              // [1:]
            case 2 -> { start = 0; stop = Math.max(n - 1, 0); step = 1; }          // [:-1]
            case 3 -> { start = 0; stop = n; step = 2; }                           // [::2]
            case 4 -> { start = n - 1; stop = -1; step = -1; }                     // [::-1]
            case 5 -> { start = Math.min(1, n); stop = n; step = 2; }              // [1::2]
            case 6 -> { start = n - 1; stop = -1; step = -2; }                     // [::-2]
            default -> {                                                           // anything
                step = structure.nextInt(1, 4) * (structure.nextBoolean() ? 1 : -1);
                if (n == 0) { start = 0; stop = 0; }
                else if (step > 0) { start = structure.nextInt(n); stop = structure.nextInt(start, n + 1); }
                else { start = structure.nextInt(n); stop = structure.nextInt(-1, start + 1); }
            }
        }
        int len = step > 0 ? Math.max(0, (stop - start + step - 1) / step) : Math.max(0, (start - stop - step - 1) / -step);
        if (n == 0) len = 0;
        return new int[] { len == 0 ? 0 : start, len, step };
    }

    int indexIn(int n) {
        if (config.bigDim() > 0) return structure.nextBoolean() ? 0 : n - 1;
        return structure.nextInt(n);
    }

    int[] permutation(int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int j = structure.nextInt(i + 1);
            int t = p[i]; p[i] = p[j]; p[j] = t;
        }
        return p;
    }

    /** A shape {@code shape} broadcasts to: size-1 axes stretched, sometimes a new leading axis. */
    int[] broadcastTarget(int[] shape) {
        int extra = shape.length < MAX_RANK && structure.nextBoolean() ? 1 : 0;
        int[] t = new int[shape.length + extra];
        if (extra == 1) t[0] = dim();
        for (int i = 0; i < shape.length; i++) {
            t[i + extra] = shape[i] == 1 && structure.nextBoolean() ? dim() : shape[i];
        }
        return t;
    }

    int[] shape(int rank) {
        int[] s = new int[rank];
        for (int i = 0; i < rank; i++) s[i] = dim();
        return s;
    }

    int dim() {
        int r = structure.nextInt(20);
        if (config.bigDim() > 0) return r < 6 ? 1 : config.bigDim();
        if (r < 5) return 1;
        if (r == 5) return 0;
        return 2 + structure.nextInt(3);
    }
}
