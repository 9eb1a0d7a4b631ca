package io.numfuse.ir;

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
 * temporary, and a kernel whose body outgrows the cap ({@link #MAX_BODY} unless the target
 * asks for less) materialises a sub-expression.
 */
public final class Fusion {
    /** The largest kernel body the pass builds before it cuts. */
    public static final int MAX_BODY = 2048;

    private final List<Kernel> kernels = new ArrayList<>();
    private final Map<Node, View> planned = new IdentityHashMap<>();
    private final int maxBody;

    private Fusion(int maxBody) {
        if (maxBody < 8) throw new IllegalArgumentException("a kernel body cap of " + maxBody + " is too small");
        this.maxBody = maxBody;
    }

    /** Plans the evaluation of {@code root} into a new contiguous buffer. */
    public static Plan plan(Node root) { return plan(root, null); }

    public static Plan plan(Node root, View target) { return plan(root, target, MAX_BODY); }

    /**
     * Plans the evaluation of {@code root}, stored into {@code target} when it is not null
     * ({@code target}'s shape must be the root's shape after broadcasting and its dtype the
     * root's dtype: the caller casts). No kernel body grows much past {@code maxBody}
     * instructions: a target whose code has a size limit (the JVM's) asks for a smaller cap.
     */
    public static Plan plan(Node root, View target, int maxBody) {
        Fusion f = new Fusion(maxBody);
        if (target != null && !java.util.Arrays.equals(root.shapeRef(), target.shape())) {
            if (!Shapes.broadcastsTo(root.shapeRef(), target.shape())) {
                throw new ShapeMismatchException("could not broadcast input array from shape " + Shapes.format(root.shapeRef())
                        + " into shape " + Shapes.format(target.shape()));
            }
            root = Graph.internalView(root, IndexMap.broadcast(root.shapeRef(), target.shape()));
        }
        if (target != null && target.dtype() != root.dtype()) root = Graph.internalCast(root, target.dtype());
        View result = f.materialise(root, target);
        Map<Node, View> memo = f.planned;           // the pass is done with it
        if (target != null) memo.remove(root);     // the target may be written again later
        return new Plan(f.kernels, result, memo);
    }

    private View materialise(Node n, View target) {
        if (n.isRetired()) throw Scope.usedAfterClose();
        View known = n.result() != null ? n.result() : n instanceof Node.Leaf l ? l.view() : planned.get(n);
        if (known != null && target == null) return known;
        int[] space = n instanceof Node.Reduce r && known == null ? r.x().shape() : n.shape();
        KernelBuilder k = new KernelBuilder(space);
        Op reduce = null;
        boolean[] axes = null;
        int value;
        if (known != null) {
            value = k.lower(Graph.leaf(known), IndexMap.identity(space));
        } else if (n instanceof Node.Reduce r) {
            value = k.lower(r.x(), IndexMap.identity(space));
            reduce = r.op();
            axes = r.axes();
        } else {
            value = k.lower(n, IndexMap.identity(space));
        }
        int[] outShape = n.shape();
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

        /** Lowers {@code n}, seen from the iteration space through {@code map}; returns its instruction. */
        int lower(Node n, IndexMap map) {
            record Seen(Node n, IndexMap map) {
                @Override public boolean equals(Object o) { return o instanceof Seen s && s.n == n && s.map.equals(map); }
                @Override public int hashCode() { return System.identityHashCode(n) * 31 + map.hashCode(); }
            }
            Seen key = new Seen(n, map);
            Integer done = lowered.get(key);
            if (done != null) return done;
            int r = lowerNew(n, map);
            lowered.put(key, r);
            loweredOrder.add(key);
            return r;
        }

        /** Everything a builder has appended, to roll back to. */
        private record Mark(int body, int inputs, int params, int lowered) {}

        private Mark mark() { return new Mark(body.size(), inputs.size(), params.size(), loweredOrder.size()); }

        private void rollback(Mark m) {
            while (body.size() > m.body()) interned.remove(body.remove(body.size() - 1));
            while (inputs.size() > m.inputs()) inputIndex.remove(inputs.remove(inputs.size() - 1));
            while (params.size() > m.params()) params.remove(params.size() - 1);
            while (loweredOrder.size() > m.lowered()) lowered.remove(loweredOrder.remove(loweredOrder.size() - 1));
        }

        private int lowerNew(Node n, IndexMap map) {
            if (n.isRetired()) throw Scope.usedAfterClose();
            View memo = n.result() != null ? n.result() : planned.get(n);
            if (memo != null) return load(map.apply(memo));
            return switch (n) {
                case Node.Leaf l -> load(map.apply(l.view()));
                case Node.Const c -> param(c);
                case Node.Iota i -> index(i, map);
                case Node.Unary u -> emit(new Instr.Unary(u.op(), u.dtype(), operand(u.x(), n, map)));
                case Node.Cast c -> emit(new Instr.Cast(c.dtype(), operand(c.x(), n, map)));
                case Node.Binary b -> emit(new Instr.Binary(b.op(), b.dtype(), operand(b.a(), n, map), operand(b.b(), n, map)));
                case Node.Where w -> emit(new Instr.Select(w.dtype(), operand(w.cond(), n, map), operand(w.a(), n, map), operand(w.b(), n, map)));
                case Node.Reindex r -> lower(r.x(), r.map().after(map));
                case Node.Reduce r -> load(map.apply(materialise(r, null)));
            };
        }

        /**
         * An operand of {@code parent}, broadcast to the parent's shape. When lowering it grows
         * the body past the cap, what it added is rolled back and the operand is computed by a
         * kernel of its own (which is cut the same way), so chains of any depth are bounded.
         */
        private int operand(Node x, Node parent, IndexMap map) {
            if (x.rank() == 0 && x instanceof Node.Const c) return param(c);
            IndexMap m = java.util.Arrays.equals(x.shapeRef(), parent.shapeRef()) ? map
                    : IndexMap.broadcast(x.shapeRef(), parent.shapeRef()).after(map);
            Mark before = mark();
            int r = lower(x, m);
            if (body.size() > maxBody && body.size() > before.body() + 1 && !x.operands().isEmpty()) {
                rollback(before);
                // a view is not computed on its own: its array is, and the view reads it (so that
                // the view, once memoised, stays a view of that array, as NumPy's views are)
                if (x instanceof Node.Reindex view) return load(view.map().after(m).apply(materialise(view.x(), null)));
                return load(m.apply(materialise(x, null)));
            }
            return r;
        }

        private int load(View v) {
            Integer i = inputIndex.get(v);
            if (i == null) {
                i = inputs.size();
                inputs.add(v);
                inputIndex.put(v, i);
            }
            return emit(new Instr.Load(i, v.dtype()));
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
            for (View in : inputs) if (in.buffer() == out.buffer() && !in.equals(out)) return true;
            return false;
        }

        /** The kernel whose value is {@code value}: always the last instruction, as its operands come first. */
        Kernel build(int value, View out, Op reduce, boolean[] axes) {
            if (value != body.size() - 1) throw new IllegalStateException("kernel value is not the last instruction");
            long[] p = new long[params.size()];
            for (int i = 0; i < p.length; i++) p[i] = params.get(i);
            return AxisCollapse.apply(new Kernel(space, inputs, body, p, out, reduce, axes));
        }
    }
}
