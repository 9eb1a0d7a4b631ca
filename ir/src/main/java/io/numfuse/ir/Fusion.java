package io.numfuse.ir;

import io.numfuse.core.DType;
import io.numfuse.core.ShapeMismatchException;
import io.numfuse.core.ValueException;
import java.util.ArrayList;
import java.util.HashMap;
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

    private final List<Kernel> kernels = new ArrayList<>();
    private final Map<Node, View> planned = new IdentityHashMap<>();
    private final KernelLimits limits;

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
        return new Plan(f.kernels, result, memo);
    }

    private View materialise(Node n, View target) {
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
        Node unrolled = known == null && n instanceof Node.Reduce r ? unrolledOnce(r) : null;
        int[] space = n instanceof Node.Reduce r && known == null && unrolled == null ? r.x().shape() : outShape;
        if (Shapes.count(space) > limits.maxElements()) return materialiseInParts(n, known, target);
        KernelBuilder k = new KernelBuilder(space);
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
            KernelBuilder copy = new KernelBuilder(outShape);
            int v = copy.lower(Graph.leaf(direct), IndexMap.identity(outShape));
            kernels.add(copy.build(v, out, null, null));
        }
        // a constant is its own value: memoised, a weak scalar would turn into a strong 0-d array (NEP 50)
        if (known == null && !(n instanceof Node.Const)) planned.put(n, target == null ? out : direct);
        return out;
    }

    /** The body (instructions, as {@link TreeWeights} weighs it) from which a broadcast operand is computed once: {@code KernelBuilder.computedOnce}. */
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
    private Node unrolledOnce(Node.Reduce r) {
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
        int kept = 0, from = 0, to = 0;
        for (int d = 0; d < full.length; d++) {
            if (full[d] == 1) continue;
            if (d < s.from()) from++;
            if (d < s.to()) to++;
            kept++;
        }
        int[] space = new int[kept];
        int[][] c = IndexMap.matrix(full.length, kept);
        for (int d = 0, j = 0; d < full.length; d++) {
            if (full[d] == 1) continue;
            c[d][j] = 1;
            space[j++] = full[d];
        }
        KernelBuilder k = new KernelBuilder(space);
        int value = k.lower(s.x(), new IndexMap(space, new int[full.length], c));
        Buffer buffer = Buffer.forOutput(s.dtype(), Shapes.size(outShape));
        kernels.add(k.buildScan(value, View.contiguous(buffer, space), new Kernel.Scan(s.op(), from, Math.max(from, to))));
        View out = View.contiguous(buffer, outShape);
        planned.put(s, out);
        if (target == null) return out;
        KernelBuilder copy = new KernelBuilder(outShape);
        kernels.add(copy.build(copy.lower(Graph.leaf(out), IndexMap.identity(outShape)), target, null, null));
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
            KernelBuilder k = new KernelBuilder(space);
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
    private boolean known(Node n) { return n.result() != null || planned.containsKey(n); }

    /** Weights of the nodes weighed so far: a node computed or planned weighs one load. */
    private final TreeWeights weights = new TreeWeights(this::known);

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
            int[][] c = IndexMap.matrix(space.length, space.length);
            for (int d = 0; d < space.length; d++) c[d][d] = 1;
            KernelBuilder k = new KernelBuilder(len);
            int value = k.lower(input, new IndexMap(len, start, c));
            View part = box(out, start, len, axes);
            boolean first = true;   // the first box of its output part: no earlier box reduced into it
            for (int d = 0; d <= split; d++) first &= !axes[d] || start[d] == 0;
            if (first) {
                kernels.add(k.build(value, expand(part, r != null ? axes : null, len), r != null ? r.op() : null, r != null ? axes : null));
            } else {
                int[] partShape = part.shape();
                View partial = View.contiguous(Buffer.forOutput(n.dtype(), Shapes.size(partShape)), partShape);
                kernels.add(k.build(value, expand(partial, axes, len), r.op(), axes));
                KernelBuilder combine = new KernelBuilder(partShape);
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
        KernelBuilder copy = new KernelBuilder(outShape);   // computed aside, then stored (rule 3)
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

    /** Builds one kernel body by hash-consing instructions. */
    private final class KernelBuilder {
        private final int[] space;
        private final List<View> inputs = new ArrayList<>();
        private final Map<View, Integer> inputIndex = new HashMap<>();
        private final List<Instr> body = new ArrayList<>();
        private final Map<Instr, Integer> interned = new HashMap<>();
        private final List<Long> params = new ArrayList<>();
        private final Map<Object, Integer> lowered = new HashMap<>();
        private final List<Object> loweredOrder = new ArrayList<>();

        KernelBuilder(int[] space) { this.space = space; }

        /** Node {@code n} seen from the iteration space through {@code map}: what is lowered once. */
        private record Seen(Node n, IndexMap map) {
            @Override public boolean equals(Object o) { return o instanceof Seen s && s.n == n && s.map.equals(map); }
            @Override public int hashCode() { return System.identityHashCode(n) * 31 + map.hashCode(); }
        }

        /**
         * An element-wise node being lowered: its operands one after the other (whether one is cut
         * depends on what those before it added), then its own instruction.
         */
        private static final class Pending {
            final Node n;
            final IndexMap map;
            final List<Seen> keys;     // the node's key, and those of the views that led to it
            final List<Node> operands;
            final int[] args;
            int next;                  // the next operand to lower
            int waiting = -1;          // the operand being lowered
            IndexMap operandMap;       // its map
            Mark before;               // the builder before it

            Pending(Node n, IndexMap map, List<Seen> keys) {
                this.n = n;
                this.map = map;
                this.keys = keys;
                this.operands = n.operands();
                this.args = new int[operands.size()];
                if (n instanceof Node.Gather) next = 1;   // its array is computed aside: only its indices are lowered
            }
        }

        /**
         * Lowers {@code n}, seen from the iteration space through {@code map}; returns its
         * instruction. Iterative, with an explicit stack of pending nodes: a chain as deep as
         * NDArray lets one grow, or deeper, costs no stack, on any thread.
         */
        int lower(Node n, IndexMap map) {
            java.util.ArrayDeque<Pending> stack = new java.util.ArrayDeque<>();
            int result = start(n, map, stack);
            while (!stack.isEmpty()) {
                Pending p = stack.peek();
                if (p.waiting >= 0) {
                    Pending q = cutPoint(stack, p);
                    if (q != p) {   // an operand in progress further down is cut instead: what it lowered so far goes
                        while (stack.peek() != q) stack.pop();
                        rollback(q.before);
                        q.args[q.waiting] = cut(q);
                        q.waiting = -1;
                        continue;
                    }
                    p.args[p.waiting] = settle(p, result);
                    p.waiting = -1;
                }
                if (p.next < p.operands.size()) {
                    int i = p.next++;
                    Node x = p.operands.get(i);
                    if (x.rank() == 0 && x instanceof Node.Const c) {
                        p.args[i] = param(c);
                        continue;
                    }
                    p.operandMap = p.n instanceof Node.Gather g ? g.indexMap().after(p.map)
                            : java.util.Arrays.equals(x.shapeRef(), p.n.shapeRef()) ? p.map
                            : IndexMap.broadcast(x.shapeRef(), p.n.shapeRef()).after(p.map);
                    Node base = x instanceof Node.Reindex v ? v.x() : x;   // a view's array is what would be computed again
                    IndexMap baseMap = x instanceof Node.Reindex v ? v.map().after(p.operandMap) : p.operandMap;
                    if (base != null && computedOnce(base, baseMap)) {
                        p.args[i] = load(baseMap.apply(materialise(base, null)));
                        continue;
                    }
                    p.before = mark();
                    p.waiting = i;
                    result = start(x, p.operandMap, stack);   // -1 when x is pending: it is on the stack now
                } else {
                    stack.pop();
                    boolean copy = p.n instanceof Node.Cast c && c.dtype() == c.x().dtype();   // a deferred write's own node: its operand
                    result = record(p.keys, copy ? p.args[0] : p.n instanceof Node.Gather g ? gather(g, p.map, p.args[1]) : emit(instruction(p)));
                }
            }
            return result;
        }

        /**
         * The instruction of {@code n} when it needs no operands lowered (a leaf, a memoised or
         * planned node, a view of one), else -1 with {@code n} pushed on {@code stack}.
         */
        private int start(Node n, IndexMap map, java.util.ArrayDeque<Pending> stack) {
            List<Seen> keys = new ArrayList<>(1);
            while (true) {
                Seen key = new Seen(n, map);
                Integer done = lowered.get(key);
                if (done != null) return record(keys, done);
                keys.add(key);
                if (n.isRetired()) throw Scope.usedAfterClose();
                View memo = n.result() != null ? n.result() : planned.get(n);
                if (memo != null) return record(keys, load(map.apply(memo)));
                switch (n) {
                    case Node.Leaf l -> { return record(keys, load(map.apply(l.view()))); }
                    case Node.Const c -> { return record(keys, param(c)); }
                    case Node.Iota i -> { return record(keys, index(i, map)); }
                    case Node.Reduce r -> {
                        Node u = unrolledOnce(r);   // a short reduction is lowered in place, as element-wise combines
                        if (u == null) return record(keys, load(map.apply(materialise(r, null))));
                        n = u;
                    }
                    case Node.Scan s -> { return record(keys, load(map.apply(materialise(s, null)))); }
                    case Node.Reindex r -> {   // a view of a pending node: that node, seen through the composed map
                        map = r.map().after(map);
                        n = r.x();
                    }
                    default -> {
                        stack.push(new Pending(n, map, keys));
                        return -1;
                    }
                }
            }
        }

        /**
         * True when pending element-wise {@code x} (or a reduction), seen from the iteration space through
         * {@code m}, is better computed once into an array than lowered here: the kernel would
         * compute each of its elements again for every element it is broadcast to (at least twice
         * as many), and it is not cheap ({@link #BROADCAST_CUT} instructions or more: a
         * nearest-centroid {@code argmin} broadcast over the clusters, not {@code arange(k)} or
         * a scaled coordinate).
         */
        private boolean computedOnce(Node x, IndexMap m) {
            boolean reduction = x instanceof Node.Reduce;   // a reduction (unrolled or not) is never cheap per element
            if (!(reduction || x instanceof Node.Unary || x instanceof Node.Binary || x instanceof Node.Where || x instanceof Node.Cast)
                    || !x.isPending() || known(x) || lowered.containsKey(new Seen(x, m))) return false;
            return Shapes.count(space) >= 2L * Shapes.count(x.shapeRef()) && (reduction || weights.of(x)[0] >= BROADCAST_CUT);
        }

        /** Remembers that {@code keys} (innermost last) lowered to instruction {@code r}. */
        private int record(List<Seen> keys, int r) {
            for (int j = keys.size() - 1; j >= 0; j--) {
                lowered.put(keys.get(j), r);
                loweredOrder.add(keys.get(j));
            }
            return r;
        }

        private static Instr instruction(Pending p) {
            return switch (p.n) {
                case Node.Unary u -> new Instr.Unary(u.op(), u.dtype(), p.args[0]);
                case Node.Cast c -> new Instr.Cast(c.dtype(), p.args[0]);
                case Node.Binary b -> new Instr.Binary(b.op(), b.dtype(), p.args[0], p.args[1]);
                case Node.Where w -> new Instr.Select(w.dtype(), p.args[0], p.args[1], p.args[2]);
                default -> throw new IllegalStateException("not an element-wise node: " + p.n);
            };
        }

        /** Everything a builder has appended, to roll back to. */
        private record Mark(int body, int inputs, int params, int lowered) {}

        private Mark mark() { return new Mark(body.size(), inputs.size(), params.size(), loweredOrder.size()); }

        private void rollback(Mark m) {
            while (body.size() > m.body()) interned.remove(body.remove(body.size() - 1));
            while (inputs.size() > m.inputs()) {
                gathered.remove(inputs.size() - 1);
                inputIndex.remove(inputs.remove(inputs.size() - 1));
            }
            while (params.size() > m.params()) params.remove(params.size() - 1);
            while (loweredOrder.size() > m.lowered()) lowered.remove(loweredOrder.remove(loweredOrder.size() - 1));
        }

        /**
         * The instruction of operand {@code p.waiting} of {@code p}, lowered as {@code r}. When
         * lowering it grew the kernel past the target's limits, what it added is rolled back and
         * the operand is computed by a kernel of its own (which is cut the same way), so chains of
         * any depth are bounded. The argument check keeps room for the operands of {@code p} still
         * to come (each adds at most one input or parameter once cut), so that the kernel's root,
         * which no check follows, stays within the limit too.
         */
        private int settle(Pending p, int r) {
            Node x = p.operands.get(p.waiting);
            boolean cuttable = !(x instanceof Node.Leaf || x instanceof Node.Const);   // an iota may be computed aside too
            if (fits(p.operands.size() - 1 - p.waiting) || body.size() <= p.before.body() + 1 || !cuttable) return r;
            rollback(p.before);
            return cut(p);
        }

        /** Operand {@code p.waiting} of {@code p}, computed by a kernel of its own, as a load. */
        private int cut(Pending p) {
            Node x = p.operands.get(p.waiting);
            IndexMap m = p.operandMap;
            // a view is not computed on its own: its array is, and the view reads it (so that
            // the view, once memoised, stays a view of that array, as NumPy's views are)
            if (x instanceof Node.Reindex view) return load(view.map().after(m).apply(materialise(view.x(), null)));
            return load(m.apply(materialise(x, null)));
        }

        /**
         * Where to cut when the operand {@code p} was waiting for leaves the kernel past its
         * limits: that operand when it holds a fair share of the kernel (a quarter of the body cap
         * or of its arguments; in a chain it holds nearly all), else the innermost operand in
         * progress further down the stack that does. Cutting a small last operand would leave the
         * kernel full, and every operand after it would become a kernel of its own: a balanced sum
         * of 1,000 arrays was cut into 652 kernels of one add; it is 8 kernels now.
         */
        private Pending cutPoint(java.util.ArrayDeque<Pending> stack, Pending p) {
            if (fits(p.operands.size() - 1 - p.waiting) || large(p)) return p;
            for (Pending q : stack) if (q != p && large(q)) return q;
            return p;
        }

        /**
         * True when the operand {@code q} is lowering is, whole, worth a kernel: a quarter of the
         * body cap, or a quarter of the kernel's arguments now (estimated by {@link TreeWeights}: what
         * it has added so far says little while its lowering is under way).
         */
        private boolean large(Pending q) {
            long[] w = weights.of(q.operands.get(q.waiting));
            return 4 * w[0] >= limits.maxBody() || 4 * w[1] >= inputs.size() + params.size();
        }

        /** Values stored beyond the first (a multi-output kernel's: {@link #materialiseTogether}). */
        int stores;

        /** True while the kernel is within the target's limits, with room for {@code reserve} more inputs. */
        private boolean fits(int reserve) {
            return body.size() <= limits.maxBody()
                    && limits.fitsArguments(space.length, inputs.size() + 1 + stores + reserve, params.size());
        }

        private int load(View v) { return emit(new Instr.Load(input(v), v.dtype())); }

        private int input(View v) {
            Integer i = inputIndex.get(v);
            if (i == null) {
                i = inputs.size();
                inputs.add(v);
                inputIndex.put(v, i);
            }
            return i;
        }

        /** Inputs read by a {@link Instr.Gather}: anywhere in their buffer, not where their view says. */
        private final java.util.Set<Integer> gathered = new java.util.HashSet<>();

        /**
         * The gather {@code g}, seen from the iteration space through {@code map}, its indices
         * lowered as {@code index}: its array computed (a view of a pending array reads that array),
         * an input over the iteration space with stride 0 on the axes the indices span, and the
         * offset: the index, wrapped when negative, times the gathered axis's stride.
         */
        private int gather(Node.Gather g, IndexMap map, int index) {
            Node x = g.x();
            View xv = x instanceof Node.Reindex r && x.result() == null && !planned.containsKey(x)
                    ? r.map().apply(materialise(r.x(), null)) : materialise(x, null);
            int axis = g.axis(), k = g.indices().rank(), rank = g.rank();
            int[] strides = new int[rank];
            for (int d = 0; d < rank; d++) strides[d] = d < axis ? xv.stride(d) : d < axis + k ? 0 : xv.stride(d - k + 1);
            int in = input(map.apply(new View(xv.buffer(), xv.offset(), g.shape(), strides)));
            gathered.add(in);
            if (body.get(index).type() != DType.INT64) index = emit(new Instr.Cast(DType.INT64, index));
            int negative = emit(new Instr.Binary(Op.LT, DType.BOOL, index, param(Graph.scalar(DType.INT64, 0L))));
            int fromEnd = emit(new Instr.Binary(Op.ADD, DType.INT64, index, param(Graph.scalar(DType.INT64, (long) xv.dim(axis)))));
            int wrapped = emit(new Instr.Select(DType.INT64, negative, fromEnd, index));
            int offset = emit(new Instr.Binary(Op.MUL, DType.INT64, wrapped, param(Graph.scalar(DType.INT64, (long) xv.stride(axis)))));
            return emit(new Instr.Gather(in, g.dtype(), offset));
        }

        private int param(Node.Const c) {
            params.add(c.dtype().isFloat() ? Double.doubleToRawLongBits(c.doubleValue()) : c.longValue());
            return emit(new Instr.Param(params.size() - 1, c.dtype()));
        }

        /** The index along an iota's axis, as an affine function of the iteration indices. */
        private int index(Node.Iota iota, IndexMap map) {
            int row = iota.axis();
            int acc = -1;
            for (int k = 0; k < map.rank(); k++) {
                int c = map.coef(row, k);
                if (c == 0) continue;
                int term = emit(new Instr.Index(k));
                if (c != 1) term = emit(new Instr.Binary(Op.MUL, DType.INT64, term, param(Graph.scalar(DType.INT64, (long) c))));
                acc = acc < 0 ? term : emit(new Instr.Binary(Op.ADD, DType.INT64, acc, term));
            }
            if (acc < 0) return param(Graph.scalar(DType.INT64, (long) map.base(row)));
            if (map.base(row) != 0) acc = emit(new Instr.Binary(Op.ADD, DType.INT64, acc, param(Graph.scalar(DType.INT64, (long) map.base(row)))));
            return acc;
        }

        private int emit(Instr instr) {
            Integer i = interned.get(instr);
            if (i != null) return i;
            body.add(instr);
            interned.put(instr, body.size() - 1);
            return body.size() - 1;
        }

        /** True when an input reads {@code out}'s buffer through a different access map. */
        boolean readsDifferently(View out) {
            for (int i = 0; i < inputs.size(); i++) {
                View in = inputs.get(i);
                if (in.buffer() == out.buffer() && (!in.equals(out) || gathered.contains(i))) return true;
            }
            return false;
        }

        /** The kernel whose value is {@code value}: always the last instruction, as its operands come first. */
        Kernel build(int value, View out, Op reduce, boolean[] axes) {
            if (value != body.size() - 1) throw new IllegalStateException("kernel value is not the last instruction");
            return AxisCollapse.apply(new Kernel(space, inputs, body, paramArray(), out, reduce, axes));
        }

        /** The scan kernel of {@code value} into {@code out} (see {@link Kernel#scan}). */
        Kernel buildScan(int value, View out, Kernel.Scan scan) {
            if (value != body.size() - 1) throw new IllegalStateException("kernel value is not the last instruction");
            return Kernel.scan(space, inputs, body, paramArray(), out, scan);
        }

        /**
         * The map kernel storing instruction {@code values[i]} into {@code outs[i]}: its output is
         * the one whose value is the last instruction (one is: each lowering ends with its value),
         * the others are its extras.
         */
        Kernel build(int[] values, View[] outs) {
            int last = body.size() - 1, primary = -1;
            for (int i = 0; i < values.length && primary < 0; i++) if (values[i] == last) primary = i;
            if (primary < 0) throw new IllegalStateException("no stored value is the last instruction");
            List<Kernel.Store> extras = new ArrayList<>();
            for (int i = 0; i < values.length; i++) if (i != primary) extras.add(new Kernel.Store(values[i], outs[i]));
            return AxisCollapse.apply(new Kernel(space, inputs, body, paramArray(), outs[primary], null, null, extras));
        }

        private long[] paramArray() {
            long[] p = new long[params.size()];
            for (int i = 0; i < p.length; i++) p[i] = params.get(i);
            return p;
        }
    }
}
