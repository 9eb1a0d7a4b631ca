package io.numfuse.ir;

import java.util.ArrayList;
import java.util.List;

/**
 * A concatenation whose operands are concatenations themselves, computed as one kernel of the
 * innermost parts: a deferred write of a box ({@link BoxUpdate}: {@code u[1:-1, 1:-1] = f(u)} as
 * the grid after it) is the rows before the box, the box's rows (the column before it, the box,
 * the column after) and the rows after; each part is lowered over its own shape and stored into
 * its place in the result, so no inner concatenation gets an array of its own (which the outer
 * one would copy again).
 */
final class ConcatParts {
    private ConcatParts() {}

    /**
     * Plans {@code c} as one kernel of its innermost parts into {@code target} (or a new buffer),
     * as {@code Fusion.materialiseConcat} would plan it; null, planning nothing, when none of its
     * operands is a pending concatenation, or its parts would not fit one kernel's elements.
     */
    static View materialise(Fusion f, Node.Concat c, View target) {
        List<Node> parts = new ArrayList<>();
        List<int[]> origins = new ArrayList<>();
        if (!flatten(f, c, new int[c.rank()], parts, origins) || Shapes.count(c.shapeRef()) > f.limits.maxElements()) return null;
        int n = parts.size();
        Lowered lowered = lower(f, parts, target);
        KernelBuilder[] builders = lowered.builders();
        int[] values = lowered.values();
        boolean aside = lowered.aside();
        long bytes = 0;
        for (KernelBuilder b : builders) if (b != null) bytes += b.argumentBytes();
        View out = aside ? View.contiguous(Buffer.forOutput(c.dtype(), Shapes.size(c.shapeRef())), c.shape()) : target;
        List<Kernel> kernels = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (builders[i] == null) continue;
            int offset = out.offset();
            for (int d = 0; d < out.rank(); d++) offset += origins.get(i)[d] * out.stride(d);
            kernels.add(builders[i].build(values[i], new View(out.buffer(), offset, parts.get(i).shape(), out.strides()), null, null));
        }
        // one launch when the parts' arguments fit one kernel; else each part a kernel of its own
        if (kernels.size() > 1 && bytes <= f.limits.maxArgumentBytes()) f.kernels.add(Kernel.parts(out, kernels)); else f.kernels.addAll(kernels);
        if (!aside) {
            f.planned.put(c, target);
            return target;
        }
        return f.planLineResult(c, out, target);
    }

    /**
     * Each part's value lowered over its own shape ({@code builders[i]} null for an empty part),
     * and whether the result must go aside: there is no target, or a part reads its buffer.
     */
    record Lowered(KernelBuilder[] builders, int[] values, boolean aside) {}

    /** Lowers each of {@code parts} for a kernel of its own ({@link Lowered}). */
    static Lowered lower(Fusion f, List<Node> parts, View target) {
        int n = parts.size();
        KernelBuilder[] builders = new KernelBuilder[n];
        int[] values = new int[n];
        boolean aside = target == null;
        for (int i = 0; i < n; i++) {
            int[] s = parts.get(i).shape();
            if (Shapes.count(s) == 0) continue;
            builders[i] = new KernelBuilder(f, s);
            values[i] = builders[i].lower(parts.get(i), IndexMap.identity(s));
            aside = aside || builders[i].reads(target.buffer());
        }
        return new Lowered(builders, values, aside);
    }

    /**
     * The innermost operands of {@code c} placed at {@code origin}, each with its origin in the
     * result (an operand that is a concatenation read by {@code c} alone is replaced by its own);
     * false when no operand is such a concatenation (the caller's usual path).
     */
    private static boolean flatten(Fusion f, Node.Concat c, int[] origin, List<Node> parts, List<int[]> origins) {
        boolean nested = false;
        int[] at = origin.clone();
        for (Node x : c.operands()) {
            // an inner concatenation that something else reads too is computed once, on its own
            if (x instanceof Node.Concat inner && x.isPending() && !x.isRetired() && f.planned.get(x) == null && x.liveUsers().size() <= 1) {
                flatten(f, inner, at, parts, origins);
                nested = true;
            } else {
                parts.add(x);
                origins.add(at.clone());
            }
            at[c.axis()] += x.shapeRef()[c.axis()];
        }
        return nested;
    }
}
