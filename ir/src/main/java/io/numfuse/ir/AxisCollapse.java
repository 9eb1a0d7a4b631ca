package io.numfuse.ir;

import java.util.ArrayList;
import java.util.List;

/**
 * Canonicalises a kernel's iteration space: drops axes of length 1 and merges neighbouring
 * axes that every access walks as one (stride[i] == stride[i+1] * shape[i+1] for all inputs
 * and outputs, and both reduced or both kept). A contiguous 2-D {@code a + b} becomes a
 * 1-D loop, so it shares its key and its generated code with the 1-D case, and backends get
 * long inner loops. Kernels that read the index ({@link Instr.Index}) keep their axes.
 */
final class AxisCollapse {
    private AxisCollapse() {}

    static Kernel apply(Kernel k) {
        if (k.size() == 0 || k.shape().length == 0 || k.isScan() || k.isArg()) return k;   // a scan's (an arg-reduction's) axes are its own
        if (k.shape().length == 1 && k.shape()[0] != 1) return k;   // nothing to drop or merge
        for (Instr i : k.body()) if (i instanceof Instr.Index) return k;
        List<View> views = new ArrayList<>(k.inputs());
        views.addAll(k.outputs());
        int[] shape = k.shape();
        boolean[] reduced = k.reduceAxes() != null ? k.reduceAxes() : new boolean[shape.length];
        // groups of axes: each new axis is a run [start, end) of old axes
        List<int[]> runs = new ArrayList<>();
        for (int a = 0; a < shape.length; a++) {
            if (shape[a] == 1) continue;
            if (!runs.isEmpty()) {
                int[] last = runs.get(runs.size() - 1);
                int prev = last[1] - 1;
                if (prev >= 0 && reduced[prev] == reduced[a] && mergeable(views, shape, prev, a)) { last[1] = a + 1; continue; }
            }
            runs.add(new int[] { a, a + 1 });
        }
        if (runs.size() == shape.length) return k;
        int n = runs.size();
        int[] ns = new int[n];
        boolean[] nr = new boolean[n];
        for (int j = 0; j < n; j++) {
            int[] r = runs.get(j);
            long len = 1;
            for (int a = r[0]; a < r[1]; a++) if (shape[a] != 1) len *= shape[a];
            ns[j] = (int) len;
            nr[j] = reduced[r[0]];
        }
        List<View> in = new ArrayList<>();
        for (View v : k.inputs()) in.add(reshape(v, runs, ns));
        List<Kernel.Store> extras = new ArrayList<>();
        for (Kernel.Store e : k.extras()) extras.add(new Kernel.Store(e.value(), reshape(e.view(), runs, ns)));
        return new Kernel(ns, in, k.body(), k.params(), reshape(k.output(), runs, ns), k.reduce(),
                k.reduceAxes() != null ? nr : null, extras);
    }

    /** Axes {@code i < j} (with only length-1 axes between them) walk memory as one for every view. */
    private static boolean mergeable(List<View> views, int[] shape, int i, int j) {
        for (View v : views) if ((long) v.stride(i) != (long) v.stride(j) * shape[j]) return false;
        return true;
    }

    private static View reshape(View v, List<int[]> runs, int[] ns) {
        int[] st = new int[ns.length];
        for (int j = 0; j < ns.length; j++) st[j] = v.stride(runs.get(j)[1] - 1);
        return new View(v.buffer(), v.offset(), ns, st);
    }
}
