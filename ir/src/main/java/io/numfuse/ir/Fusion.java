package io.numfuse.ir;

import io.numfuse.core.DType;
import io.numfuse.core.ShapeMismatchException;
import io.numfuse.core.ValueException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fusion pass: cuts a graph into {@link Kernel}s. Element-wise chains, with broadcasting
 * and views of pending nodes pushed down to the leaves, become one kernel with no
 * intermediate arrays; a reduction is fused with its element-wise producer. A cut is made
 * only where needed: a reduction whose value feeds more work is computed first into a
 * temporary, and a kernel that outgrows the target's {@link KernelLimits} (its body, or the
 * arguments it takes) materialises a sub-expression. A reduction over more elements than one
 * kernel may iterate over is split into kernels over boxes of its iteration space.
 */
public final class Fusion {
    /** The largest kernel body the pass builds before it cuts. */
    public static final int MAX_BODY = 2048;

    final List<Kernel> kernels = new ArrayList<>();
    final Map<Node, View> planned = new IdentityHashMap<>();
    final KernelLimits limits;

    private Fusion(KernelLimits limits) { this.limits = limits; }

    /** Plans the evaluation of {@code root} into a new contiguous buffer. */
    public static Plan plan(Node root) { return plan(root, null); }

    public static Plan plan(Node root, View target) { return plan(root, target, KernelLimits.DEFAULT); }

    /** {@link #plan(Node, View, KernelLimits)} with a body cap and no other limit. */
    public static Plan plan(Node root, View target, int maxBody) { return plan(root, target, KernelLimits.of(maxBody)); }

    /**
     * Plans the evaluation of {@code root}, stored into {@code target} when it is not null
     * ({@code target}'s shape must be the root's shape after broadcasting and its dtype the
     * root's dtype: the caller casts). No kernel body grows much past {@code limits.maxBody()}
     * instructions (a target whose code has a size limit, the JVM's, asks for a smaller cap), no
     * kernel takes more argument bytes than {@code limits} allow unless one node alone needs
     * them, and none iterates over more than {@code limits.maxElements()} elements.
     */
    public static Plan plan(Node root, View target, KernelLimits limits) {
        Fusion f = new Fusion(limits);
        if (target != null && !java.util.Arrays.equals(root.shapeRef(), target.shape())) {
            if (!Shapes.broadcastsTo(root.shapeRef(), target.shape())) {
                throw new ShapeMismatchException("could not broadcast input array from shape " + Shapes.format(root.shapeRef())
                        + " into shape " + Shapes.format(target.shape()));
            }
            root = Graph.internalView(root, IndexMap.broadcast(root.shapeRef(), target.shape()));
        }
        if (target != null && target.dtype() != root.dtype()) root = Graph.internalCast(root, target.dtype());
        // a deep graph that shares much: its live state every few levels first
        for (List<Node> group : LevelCuts.of(root, x -> f.weights.of(x)[0], limits, f::known)) {
            f.materialiseTogether(group);
        }
        View result = f.materialise(root, target);
        Map<Node, View> memo = f.planned;           // the pass is done with it
        if (target != null) memo.remove(root);     // the target may be written again later
        return BufferReuse.apply(f.kernels, result, memo, root, target);
    }

    /**
     * Plans computing only the live state of {@code root}'s loop: the values at its level cuts
     * ({@link LevelCuts#settled}) of the pending graph connected to the root (the loop's other
     * arrays included), up to a band under the root, not the root. What laziness rule 4
     * runs when a plain loop's chain grows too deep: the loop goes on from state at a level, so
     * the next evaluation's kernels are the same as this one's (its first kernel reads the state a
     * kernel of this one read, not an array the depth rule fell on part way through a band) and
     * are compiled once. Null when the graph has no level cuts (a chain that shares little, or one
     * that fits one kernel): then the root itself is computed.
     */
    public static Plan planState(Node root, KernelLimits limits) {
        Fusion f = new Fusion(limits);
        List<Node> heads = new ArrayList<>();
        List<List<Node>> groups = LevelCuts.settled(root, x -> f.weights.of(x)[0], limits, f::known, heads);
        if (groups.isEmpty()) return null;
        for (List<Node> group : groups) f.materialiseTogether(group);
        if (f.kernels.isEmpty()) return null;   // every group known already
        heads.add(root);
        // the plan has no result of its own: its last kernel's first output stands for one
        return BufferReuse.apply(f.kernels, f.kernels.getLast().outputs().getFirst(), f.planned, root, null, heads);
    }

    /**
     * Plans storing each of {@code roots} into the target of the same index, as one evaluation
     * (the deferred writes a {@link Scope} runs when it closes: a Mandelbrot step's {@code zr},
     * {@code zi} and counts). Each target is a whole buffer, each root of its target's shape and
     * dtype, and no root reads a target (the writes' snapshots took the old values). Element-wise
     * roots over one shape are stored by one kernel that computes what they share once, as the
     * live state at a level cut is; otherwise each root is stored by kernels of its own, in order.
     * The roots are not memoised by the plan: their targets may be written again.
     */
    public static Plan planTogether(List<Node> roots, List<View> targets, KernelLimits limits) {
        Fusion f = new Fusion(limits);
        for (Node root : roots) {
            for (List<Node> group : LevelCuts.of(root, x -> f.weights.of(x)[0], limits, f::known)) f.materialiseTogether(group);
        }
        if (!f.storeTogether(roots, targets)) {
            for (int i = 0; i < roots.size(); i++) f.materialise(roots.get(i), targets.get(i));
        }
        Map<Node, View> memo = f.planned;
        for (Node root : roots) memo.remove(root);
        return new Plan(f.kernels, targets.getLast(), memo);
    }

    /** Stores {@code roots} into {@code targets} with one kernel when they are element-wise maps over one shape that fit one; false, planning nothing, when not. */
    private boolean storeTogether(List<Node> roots, List<View> targets) {
        int[] space = targets.getFirst().shape();
        if (roots.size() < 2 || roots.size() > MAX_STORES || Shapes.count(space) > limits.maxElements()) return false;
        long body = 0;
        for (int i = 0; i < roots.size(); i++) {
            Node r = roots.get(i);
            View t = targets.get(i);
            if (known(r) || r.isRetired() || r instanceof Node.Reduce || r instanceof Node.Scan || r instanceof Node.ArgReduce || r instanceof Node.Concat
                    || r.dtype() != t.dtype() || !java.util.Arrays.equals(r.shapeRef(), space) || !java.util.Arrays.equals(t.shape(), space)) {
                return false;
            }
            body += weights.of(r)[0];
        }
        if (body > limits.maxBody()) return false;   // one body for all would outgrow the target's cap: kernels of their own
        KernelBuilder k = new KernelBuilder(this, space);
        int[] values = new int[roots.size()];
        for (int i = 0; i < values.length; i++) {
            k.stores = i;
            values[i] = k.lower(roots.get(i), IndexMap.identity(space));
        }
        for (View t : targets) {
            // a store could change what another value of the kernel loads: kernels of their own (the
            // operands the lowering cut into kernels of theirs stay planned, and are used by them)
            if (k.reads(t.buffer())) return false;
        }
        kernels.add(k.build(values, targets.toArray(View[]::new)));
        return true;
    }

    View materialise(Node n, View target) {
        if (n.isRetired()) throw Scope.usedAfterClose();
        View known = n.result() != null ? n.result() : n instanceof Node.Leaf l ? l.view() : planned.get(n);
        if (known != null && target == null) return known;
        // a GEMM of its own, its operands computed first (unless its product was computed alone: then a sum of that)
        if (known == null && n instanceof Node.Reduce mm && mm.isMatmul() && mm.x() instanceof Node.Binary product && product.isPending()) {
            known = MatmulPlan.plan(mm, limits.maxElements(), this::materialiseOperand, kernels);
            planned.put(n, known);
            if (target == null) return known;
        }
        int[] outShape = n.shape();
        Shapes.size(outShape);   // an array no buffer can hold is refused before anything is planned for it
        if (n instanceof Node.Scan s && known == null) return materialiseScan(s, target);
        if (n instanceof Node.ArgReduce a && known == null) return materialiseArg(a, target);
        if (n instanceof Node.Concat c && known == null) return materialiseConcat(c, target);
        Node unrolled = known == null && n instanceof Node.Reduce r ? unrolledOnce(r) : null;
        int[] space = n instanceof Node.Reduce r && known == null && unrolled == null ? r.x().shape() : outShape;
        if (Shapes.count(space) > limits.maxElements()) return materialiseInParts(n, known, target);
        KernelBuilder k = new KernelBuilder(this, space);
        Op reduce = null;
        boolean[] axes = null;
        int value;
        if (known != null) {
            value = k.lower(Graph.leaf(known), IndexMap.identity(space));
        } else if (unrolled != null) {
            value = k.lower(unrolled, IndexMap.identity(space));
        } else if (n instanceof Node.Reduce r) {
            value = k.lower(r.x(), IndexMap.identity(space));
            reduce = r.op();
            axes = r.axes();
        } else {
            value = k.lower(n, IndexMap.identity(space));
        }
        View out = target != null ? target : View.contiguous(Buffer.forOutput(n.dtype(), Shapes.size(outShape)), outShape);
        View direct = out;
        boolean overlap = target != null && k.readsDifferently(expand(out, axes, space));
        if (overlap) direct = View.contiguous(Buffer.forOutput(n.dtype(), Shapes.size(outShape)), outShape);
        kernels.add(k.build(value, expand(direct, axes, space), reduce, axes));
        if (overlap) {   // rule 3: the right-hand side is computed before it is stored
            KernelBuilder copy = new KernelBuilder(this, outShape);
            int v = copy.lower(Graph.leaf(direct), IndexMap.identity(outShape));
            kernels.add(copy.build(v, out, null, null));
        }
        // a constant is its own value: memoised, a weak scalar would turn into a strong 0-d array (NEP 50)
        if (known == null && !(n instanceof Node.Const)) planned.put(n, target == null ? out : direct);
        return out;
    }

    /** The body (instructions, as {@link TreeWeights} weighs it) from which a broadcast operand is computed once: {@link KernelBuilder}. */
    static final int BROADCAST_CUT = 16;

    /** The fewest outputs, and the largest unrolled body, of a reduction that is unrolled: {@code unrolledOnce}. */
    static final int UNROLL_OUTPUTS = 1024, UNROLL_BODY = 64;

    /** The pass's unrolled form of each short reduction (or null), one per reduction, so that one computed once is found again. */
    private final Map<Node, Node> unrolledForms = new IdentityHashMap<>();

    /**
     * {@link ShortReductions#unrolled}, once per reduction, when unrolling pays: the reduction has many outputs
     * ({@link #UNROLL_OUTPUTS} or more: then a loop of a few elements per output costs more than
     * its sums) and a cheap operand (the unrolled body, its operand's instructions times the
     * elements reduced, within {@link #UNROLL_BODY}: a heavy one would make a long body that a
     * reduce kernel computes as well). The kernel is then specialised on the reduced length:
     * {@code sum(axis=2)} over 2 and over 3 elements are two kernels.
     */
    Node unrolledOnce(Node.Reduce r) {
        if (r.isMatmul()) return null;   // a GEMM of its own
        if (unrolledForms.containsKey(r)) return unrolledForms.get(r);
        long outputs = Shapes.count(r.shapeRef()), count = outputs == 0 ? 0 : Shapes.count(r.x().shapeRef()) / outputs;
        Node u = outputs >= UNROLL_OUTPUTS && count <= ShortReductions.UNROLL && weights.of(r.x())[0] * count <= UNROLL_BODY
                ? ShortReductions.unrolled(r) : null;
        unrolledForms.put(r, u);
        return u;
    }

    /**
     * A scan: one kernel that maps its element-wise producer into a new C-contiguous buffer over
     * the producer's shape and scans it there ({@link Kernel#scan}), so the producer has no array
     * of its own. A scan is not split in parts (its output, as large as its input, fits one
     * kernel). Stored into {@code target}, it is computed aside first and then copied.
     */
    private View materialiseScan(Node.Scan s, View target) {
        int[] full = s.x().shape(), outShape = s.shape();
        // the iteration space drops the input's length-1 axes, which change no line: a (1, n)
        // scan is a 1-D one, which the backends split as one (the fusion pass does not collapse a scan's axes)
        IndexMap squeeze = squeezed(full);
        int[] space = squeeze.shape();
        int from = longAxesBefore(full, s.from()), to = longAxesBefore(full, s.to());
        KernelBuilder k = new KernelBuilder(this, space);
        int value = k.lower(s.x(), squeeze);
        Buffer buffer = Buffer.forOutput(s.dtype(), Shapes.size(outShape));
        kernels.add(k.buildScan(value, View.contiguous(buffer, space), new Kernel.Scan(s.op(), from, Math.max(from, to))));
        return planLineResult(s, View.contiguous(buffer, outShape), target);
    }

    /**
     * argmax or argmin: one arg kernel ({@link Kernel#arg}) that computes the element-wise
     * producer and reduces it to the positions of its extremes, over the producer's space less its
     * length-1 axes (as a scan's), into a new int64 buffer; stored into {@code target}, that buffer
     * is then copied.
     */
    private View materialiseArg(Node.ArgReduce a, View target) {
        int[] full = a.x().shape();
        IndexMap squeeze = squeezed(full);
        int[] space = squeeze.shape();
        int from = longAxesBefore(full, a.from()), to = Math.max(from, longAxesBefore(full, a.to()));
        KernelBuilder k = new KernelBuilder(this, space);
        int value = k.lower(a.x(), squeeze);
        Buffer buffer = Buffer.forOutput(DType.INT64, Shapes.size(a.shape()));
        int[] strides = new int[space.length];
        for (int d = space.length - 1, stride = 1; d >= 0; d--) {   // C order over the kept axes, 0 on the reduced ones
            if (d >= from && d < to) continue;
            strides[d] = stride;
            stride *= space[d];
        }
        kernels.add(k.buildArg(value, new View(buffer, 0, space, strides), new Kernel.Arg(a.op(), from, to)));
        return planLineResult(a, View.contiguous(buffer, a.shape()), target);
    }

    /**
     * A concatenation: each operand (none of length 0) lowered over its own shape as a part of one
     * kernel ({@link Kernel#parts}) that stores it into its slice of the result, so that its
     * producer has no array of its own and the result is never filled first. Parts are grouped
     * into kernels within the target's argument and element limits: one kernel, unless there are
     * very many. The result is {@code target} when there is one and no part reads its buffer, else
     * a new buffer (copied into {@code target}: rule 3). An operand larger than a kernel may
     * iterate over is stored into its slice by kernels of its own.
     */
    private View materialiseConcat(Node.Concat c, View target) {
        View nested = ConcatParts.materialise(this, c, target);
        if (nested != null) return nested;
        List<Node> xs = c.operands();
        int ax = c.axis(), n = xs.size();
        boolean large = false;
        for (Node x : xs) large |= Shapes.count(x.shapeRef()) > limits.maxElements();
        // a large operand is computed by kernels of its own, so none of them is lowered here
        ConcatParts.Lowered lowered = large ? new ConcatParts.Lowered(new KernelBuilder[n], new int[n], true) : ConcatParts.lower(this, xs, target);
        KernelBuilder[] builders = lowered.builders();
        int[] values = lowered.values();
        boolean aside = lowered.aside();
        View out = aside ? View.contiguous(Buffer.forOutput(c.dtype(), Shapes.size(c.shapeRef())), c.shape()) : target;
        List<Kernel> group = new ArrayList<>();
        long bytes = 0, elements = 0;
        for (int i = 0, at = 0, from = 0; i <= n; i++) {
            long b = i < n && builders[i] != null ? builders[i].argumentBytes() : 0, e = i < n ? Shapes.count(xs.get(i).shapeRef()) : 0;
            if (!group.isEmpty() && (i == n || bytes + b > limits.maxArgumentBytes() || elements + e > limits.maxElements())) {
                int[] s = c.shape();
                s[ax] = at - from;
                kernels.add(group.size() == 1 ? group.getFirst() : Kernel.parts(slice(out, ax, from, s), group));
                group = new ArrayList<>();
                bytes = elements = 0;
                from = at;
            }
            if (i == n) break;
            View part = slice(out, ax, at, xs.get(i).shape());
            at += xs.get(i).shapeRef()[ax];
            if (large) {   // by kernels of its own; the operand is not memoised as a view of the result, which may be written later
                materialise(xs.get(i), part);
                if (planned.get(xs.get(i)) instanceof View v && v.buffer() == out.buffer()) planned.remove(xs.get(i));
                from = at;
            } else if (builders[i] != null) {
                group.add(builders[i].build(values[i], part, null, null));
                bytes += b;
                elements += e;
            } else if (group.isEmpty()) {
                from = at;   // an empty operand
            }
        }
        if (!aside) {
            planned.put(c, target);
            return target;
        }
        return planLineResult(c, out, target);
    }

    /** {@code out} from index {@code from} along {@code axis}, over {@code shape}. */
    private static View slice(View out, int axis, int from, int[] shape) {
        return new View(out.buffer(), out.offset() + (shape[axis] == 0 ? 0 : from * out.stride(axis)), shape, out.strides());
    }

    /** The map from {@code full}'s axes longer than 1 onto {@code full}: a line kernel's space (a length-1 axis changes no line). */
    private static IndexMap squeezed(int[] full) {
        int kept = longAxesBefore(full, full.length);
        int[] space = new int[kept];
        int[][] c = IndexMap.matrix(full.length, kept);
        for (int d = 0, j = 0; d < full.length; d++) {
            if (full[d] == 1) continue;
            c[d][j] = 1;
            space[j++] = full[d];
        }
        return new IndexMap(space, new int[full.length], c);
    }

    /** How many of {@code full}'s axes before {@code axis} are longer than 1. */
    private static int longAxesBefore(int[] full, int axis) {
        int n = 0;
        for (int d = 0; d < axis; d++) if (full[d] != 1) n++;
        return n;
    }

    /** A scan's or arg-reduction's result {@code out}, planned for {@code n}, and copied into {@code target} when there is one. */
    View planLineResult(Node n, View out, View target) {
        planned.put(n, out);
        if (target == null) return out;
        KernelBuilder copy = new KernelBuilder(this, n.shape());
        kernels.add(copy.build(copy.lower(Graph.leaf(out), IndexMap.identity(n.shape())), target, null, null));
        return target;
    }

    /** {@code n}'s value as a view: its buffer when it is computed or planned, else planned now (by kernels of its own). */
    private View materialiseOperand(Node n) { return materialise(n, null); }

    /** The most values one kernel stores: each is an argument and a store per element. */
    static final int MAX_STORES = 8;

    /**
     * Plans element-wise nodes of one shape (the live state at a level cut) as kernels that each
     * compute up to {@link #MAX_STORES} of them into new buffers: what they share is computed
     * once, not once per node. Nodes planned meanwhile (by an earlier kernel's cut) are skipped.
     */
    private void materialiseTogether(List<Node> group) {
        List<Node> todo = new ArrayList<>();
        for (Node n : group) if (!known(n)) todo.add(n);
        if (todo.isEmpty()) return;
        int[] space = todo.getFirst().shape();
        if (todo.size() == 1 || Shapes.count(space) > limits.maxElements()) {
            for (Node n : todo) if (!known(n)) materialise(n, null);
            return;
        }
        for (int from = 0; from < todo.size(); from += MAX_STORES) {
            List<Node> part = new ArrayList<>();
            for (Node n : todo.subList(from, Math.min(todo.size(), from + MAX_STORES))) if (!known(n)) part.add(n);
            if (part.isEmpty()) continue;
            KernelBuilder k = new KernelBuilder(this, space);
            int[] values = new int[part.size()];
            View[] outs = new View[part.size()];
            for (int i = 0; i < values.length; i++) {
                k.stores = i;
                values[i] = k.lower(part.get(i), IndexMap.identity(space));
                outs[i] = View.contiguous(Buffer.forOutput(part.get(i).dtype(), Shapes.size(space)), space);
            }
            kernels.add(k.build(values, outs));
            for (int i = 0; i < values.length; i++) planned.put(part.get(i), outs[i]);
        }
    }

    /** True when the pass has a value for {@code n}: computed, or planned by one of its kernels. */
    boolean known(Node n) { return n.result() != null || planned.containsKey(n); }

    /** Weights of the nodes weighed so far: a node computed or planned weighs one load. */
    final TreeWeights weights = new TreeWeights(this::known);

    /** A reduction split into more kernels than this is refused: it would run for hours. */
    static final int MAX_PARTS = 4096;

    /**
     * {@code n} computed by kernels over boxes of its iteration space, when the space has more
     * elements than one kernel may iterate over (a reduction over the {@code m x k x p}
     * products of a large dot, whose own shape fits). The boxes are taken in C order: single
     * indices of the outer axes, chunks of one axis, whole inner axes. Boxes that differ on kept
     * axes write disjoint parts of the output; a box that shares its output part with an earlier
     * one (a split reduced axis) reduces into a temporary that is then combined into that part
     * with the reduction's combining op, in order.
     */
    private View materialiseInParts(Node n, View known, View target) {
        Node.Reduce r = known == null && n instanceof Node.Reduce x ? x : null;
        Node input = known != null ? Graph.leaf(known) : r != null ? r.x() : n;
        int[] space = input.shape(), outShape = n.shape();
        boolean[] axes = r != null ? r.axes() : new boolean[space.length];
        // the split axis: the outermost one inside which a kernel's worth of elements fits
        int split = space.length - 1;
        long inner = 1;
        while (split > 0 && inner * space[split] <= limits.maxElements()) inner *= space[split--];
        int chunk = (int) Math.min(space[split], limits.maxElements() / inner);
        long parts = (space[split] + chunk - 1) / chunk;
        for (int d = 0; d < split; d++) parts *= space[d];
        if (parts > MAX_PARTS) {
            throw new ValueException("an iteration over shape " + Shapes.format(space) + " (" + Shapes.count(space)
                    + " elements) would take " + parts + " kernels of at most " + limits.maxElements() + " elements; numfuse runs at most " + MAX_PARTS);
        }
        View out = View.contiguous(Buffer.forOutput(n.dtype(), Shapes.size(outShape)), outShape);
        int[] start = new int[space.length];
        for (long p = 0; p < parts; p++) {
            int[] len = space.clone();
            for (int d = 0; d < split; d++) len[d] = 1;
            len[split] = Math.min(chunk, space[split] - start[split]);
            KernelBuilder k = new KernelBuilder(this, len);
            int value = k.lower(input, IndexMap.box(start, len));
            View part = box(out, start, len, axes);
            boolean first = true;   // the first box of its output part: no earlier box reduced into it
            for (int d = 0; d <= split; d++) first &= !axes[d] || start[d] == 0;
            if (first) {
                kernels.add(k.build(value, expand(part, r != null ? axes : null, len), r != null ? r.op() : null, r != null ? axes : null));
            } else {
                int[] partShape = part.shape();
                View partial = View.contiguous(Buffer.forOutput(n.dtype(), Shapes.size(partShape)), partShape);
                kernels.add(k.build(value, expand(partial, axes, len), r.op(), axes));
                KernelBuilder combine = new KernelBuilder(this, partShape);
                Node both = new Node.Binary(r.op().combiner(), n.dtype(), partShape, Graph.leaf(part), Graph.leaf(partial));
                kernels.add(combine.build(combine.lower(both, IndexMap.identity(partShape)), part, null, null));
            }
            start[split] += len[split];   // the next box, C order
            for (int d = split; d > 0 && start[d] >= space[d]; d--) {
                start[d] = 0;
                start[d - 1]++;
            }
        }
        if (known == null) planned.put(n, out);
        if (target == null) return out;
        KernelBuilder copy = new KernelBuilder(this, outShape);   // computed aside, then stored (rule 3)
        kernels.add(copy.build(copy.lower(Graph.leaf(out), IndexMap.identity(outShape)), target, null, null));
        return target;
    }

    /** The part of {@code out} (over the kept axes) that the box at {@code start} of size {@code len} writes. */
    private static View box(View out, int[] start, int[] len, boolean[] axes) {
        int kept = 0;
        for (boolean a : axes) if (!a) kept++;
        int[] shape = new int[kept], strides = new int[kept];
        int offset = out.offset();
        for (int d = 0, j = 0; d < axes.length; d++) {
            if (axes[d]) continue;
            offset += start[d] * out.stride(j);
            shape[j] = len[d];
            strides[j] = out.stride(j++);
        }
        return new View(out.buffer(), offset, shape, strides);
    }

    /** The output view over the iteration space: stride 0 on reduced axes. */
    private static View expand(View out, boolean[] axes, int[] space) {
        if (axes == null) return out;
        int[] st = new int[space.length];
        for (int i = 0, j = 0; i < space.length; i++) st[i] = axes[i] ? 0 : out.stride(j++);
        return new View(out.buffer(), out.offset(), space, st);
    }
}
