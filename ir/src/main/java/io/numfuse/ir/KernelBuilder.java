package io.numfuse.ir;

import io.numfuse.core.DType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds one kernel body for a {@link Fusion} pass by hash-consing instructions: lowers nodes seen
 * through index maps into an SSA list, and asks the pass to plan what it cuts (an operand that
 * outgrows the kernel's limits, a reduction, a costly operand broadcast to more than its size).
 */
final class KernelBuilder {
    private final Fusion pass;
    private final int[] space;
    private final List<View> inputs = new ArrayList<>();
    private final Map<View, Integer> inputIndex = new HashMap<>();
    private final List<Instr> body = new ArrayList<>();
    private final Map<Instr, Integer> interned = new HashMap<>();
    private final List<Long> params = new ArrayList<>();
    private final Map<Object, Integer> lowered = new HashMap<>();
    private final List<Object> loweredOrder = new ArrayList<>();

    KernelBuilder(Fusion pass, int[] space) {
        this.pass = pass;
        this.space = space;
    }

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
                    p.args[i] = load(baseMap.apply(pass.materialise(base, null)));
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
            View memo = n.result() != null ? n.result() : pass.planned.get(n);
            if (memo != null) return record(keys, load(map.apply(memo)));
            switch (n) {
                case Node.Leaf l -> { return record(keys, load(map.apply(l.view()))); }
                case Node.Const c -> { return record(keys, param(c)); }
                case Node.Iota i -> { return record(keys, index(i, map)); }
                case Node.Reduce r -> {
                    Node u = pass.unrolledOnce(r);   // a short reduction is lowered in place, as element-wise combines
                    if (u == null) return record(keys, load(map.apply(pass.materialise(r, null))));
                    n = u;
                }
                case Node.Scan s -> { return record(keys, load(map.apply(pass.materialise(s, null)))); }
                case Node.ArgReduce a -> { return record(keys, load(map.apply(pass.materialise(a, null)))); }
                case Node.Concat c -> { return record(keys, load(map.apply(pass.materialise(c, null)))); }   // a kernel of its own
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
     * as many), and it is not cheap ({@link #Fusion.BROADCAST_CUT} instructions or more: a
     * nearest-centroid {@code argmin} broadcast over the clusters, not {@code arange(k)} or
     * a scaled coordinate).
     */
    private boolean computedOnce(Node x, IndexMap m) {
        boolean reduction = x instanceof Node.Reduce;   // a reduction (unrolled or not) is never cheap per element
        if (!(reduction || x instanceof Node.Unary || x instanceof Node.Binary || x instanceof Node.Where || x instanceof Node.Cast)
                || !x.isPending() || pass.known(x) || lowered.containsKey(new Seen(x, m))) return false;
        return Shapes.count(space) >= 2L * Shapes.count(x.shapeRef()) && (reduction || pass.weights.of(x)[0] >= Fusion.BROADCAST_CUT);
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
        if (x instanceof Node.Reindex view) return load(view.map().after(m).apply(pass.materialise(view.x(), null)));
        return load(m.apply(pass.materialise(x, null)));
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
        long[] w = pass.weights.of(q.operands.get(q.waiting));
        return 4 * w[0] >= pass.limits.maxBody() || 4 * w[1] >= inputs.size() + params.size();
    }

    /** Values stored beyond the first (a multi-output kernel's: {@link #materialiseTogether}). */
    int stores;

    /** True while the kernel is within the target's limits, with room for {@code reserve} more inputs. */
    private boolean fits(int reserve) {
        return body.size() <= pass.limits.maxBody()
                && pass.limits.fitsArguments(space.length, inputs.size() + 1 + stores + reserve, params.size());
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
        View xv = x instanceof Node.Reindex r && x.result() == null && !pass.planned.containsKey(x)
                ? r.map().apply(pass.materialise(r.x(), null)) : pass.materialise(x, null);
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

    /** True when an input reads buffer {@code b}. */
    boolean reads(Buffer b) {
        for (View in : inputs) if (in.buffer() == b) return true;
        return false;
    }

    /** At most the argument bytes of the kernel built so far: {@link Fusion} groups a concatenation's parts by them. */
    long argumentBytes() { return KernelLimits.argumentBytes(space.length, inputs.size() + 1, params.size()); }

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

    /** The arg kernel of {@code value} into {@code out} (see {@link Kernel#arg}). */
    Kernel buildArg(int value, View out, Kernel.Arg arg) {
        if (value != body.size() - 1) throw new IllegalStateException("kernel value is not the last instruction");
        return Kernel.arg(space, inputs, body, paramArray(), out, arg);
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
