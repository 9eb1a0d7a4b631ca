package io.numfuse.ir;

import io.numfuse.core.DType;
import io.numfuse.core.ValueException;
import java.math.BigInteger;
import java.util.List;

/**
 * A node of a lazy expression graph. Nodes are explicitly typed (promotion has already
 * inserted casts, see {@link Graph}) and carry their NumPy shape; an operand whose shape is
 * smaller broadcasts, right-aligned, as in NumPy.
 *
 * <p>Nodes compare by identity: structurally equal sub-expressions become one instruction when
 * a kernel is lowered (hash-consing in {@link Fusion}), so {@code a + a} loads {@code a} once.
 * A node is mutable in one way only: once evaluated it is memoised, drops its operands and
 * becomes a leaf over its result (laziness rule 5).
 */
public abstract sealed class Node permits Node.Leaf, Node.Const, Node.Iota, Node.Op1, Node.Binary, Node.Where, Node.Gather, Node.Concat {

    private final DType dtype;
    private final int[] shape;
    private final int depth;
    private volatile View result;
    /** Pending nodes built on this one while it was pending: once it is memoised they read its value's buffer. */
    private PendingNodes users;
    /** The {@link Scope} open on the thread that built this node, or null. */
    private Scope scope;
    /**
     * Made by {@link Graph} for one other node alone (the accumulator cast of a reduction): no
     * array holds it, so once that node is memoised it will never be computed, and it stops
     * being pending (it would otherwise read its buffer until the collector takes it, and a write
     * to that buffer would copy all of it for nothing).
     */
    private boolean internal;
    /** The value of a deferred write ({@link Graph#deferredValue}). */
    private boolean deferredValue;
    private volatile boolean absorbed;
    /**
     * False when no node of this one's tree as built can raise part way ({@link Graph#mayRaise}),
     * which then looks no further: operands are only ever replaced by leaves or released, so it
     * stays true. Set by the constructors of nodes with operands.
     */
    boolean raisable;
    /** {@link PendingDepth}'s figure for this node, and the memoisation epoch it was exact at (-1: none yet). */
    int pendingDepth;
    long pendingEpoch = -1;

    Node(DType dtype, int[] shape, int depth) {
        this.dtype = dtype;
        this.shape = shape;
        this.depth = depth;
    }

    public DType dtype() { return dtype; }
    public int[] shape() { return shape.clone(); }
    public int rank() { return shape.length; }
    public int size() { return Shapes.size(shape); }
    int[] shapeRef() { return shape; }

    /** Longest path to a leaf, computed or not, fixed when the node is built. */
    public int depth() { return depth; }

    /**
     * Longest path of pending nodes below this one (0 once it is computed): the frontend
     * evaluates an array whose pending chain grows too deep (laziness rule 4). See {@link PendingDepth}.
     */
    public int pendingDepth() { return PendingDepth.of(this); }

    /** The evaluated value, or null while the node is pending. */
    public View result() { return result; }

    /** True while the node still has to be computed (and still may be: see {@link #isRetired()}). */
    public boolean isPending() { return result == null && !absorbed && !(this instanceof Leaf) && !(this instanceof Const) && !isRetired(); }

    /** Marks this node as made for one other node alone ({@link #internal}). */
    void markInternal() { internal = true; }

    /** True when the node was pending as the {@link Scope} it was built in closed: it can no longer be evaluated or built on. */
    public boolean isRetired() { return scope != null && scope.isClosed() && result == null; }

    /** Called once, when the node is registered: it belongs to the scope open on this thread. */
    void builtIn(Scope s) { scope = s; }

    /** Memoises the value of this node; its operands are released. */
    public void memoise(View value) {
        if (!java.util.Arrays.equals(value.shape(), shape) || value.dtype() != dtype) {
            throw new IllegalArgumentException("memoised value " + value + " does not match node " + this);
        }
        this.result = value;
        PendingDepth.EPOCH.incrementAndGet();   // the pending depths of the nodes above may have fallen
        for (Node o : operands()) if (o.internal && o.result == null) o.absorbed = true;
        releaseOperands();
        PendingNodes u;
        synchronized (this) { u = users; users = null; }
        if (u != null) {   // they now read the value's buffer: a write to it must snapshot for them (WriteSnapshot)
            for (Node n : u.live()) value.buffer().addReader(n);
        }
    }

    /** True for the value of a write that waits ({@link Graph#deferredValue}). */
    public boolean isDeferredValue() { return deferredValue; }

    void markDeferredValue() { deferredValue = true; }

    /** The buffer whose deferred write this value was last made ({@link Buffer#deferWrite}), or null. */
    private volatile Buffer deferredIn;

    void deferredIn(Buffer b) { deferredIn = b; }

    /** True while this node is the value of a buffer's deferred write: the array over that buffer reads it. */
    boolean isHeldByBuffer() {
        Buffer b = deferredIn;
        return b != null && b.deferredValue() == this;
    }

    /** The pending nodes that have this node as an operand, as far as the collector has not taken them. */
    synchronized java.util.List<Node> liveUsers() { return users == null ? java.util.List.of() : users.live(); }

    /** Records that pending {@code user} has this pending node as an operand. */
    synchronized void addUser(Node user) {
        if (users == null) users = new PendingNodes();
        users.add(user);
    }

    void releaseOperands() {}

    /** Operands (empty for leaves and memoised nodes). */
    public abstract List<Node> operands();

    /** Replaces operand {@code i}: used when a write snapshots a buffer that this node reads. */
    void replaceOperand(int i, Node n) { throw new IllegalStateException("no operand " + i); }

    /**
     * About the longest text {@link #toString} gives: a graph 256 deep, or one that shares its
     * nodes ({@code x = x + x} forty times), would otherwise print megabytes or more than a
     * String holds.
     */
    static final int MAX_TEXT = 2000;

    /** The expression as text, cut with {@code ...} past about {@link #MAX_TEXT} characters. */
    @Override
    public final String toString() {
        StringBuilder sb = new StringBuilder();
        render(sb);
        return sb.toString();
    }

    /** Appends this node's text, or {@code ...} once the text is long enough (this bounds the recursion too). */
    final void render(StringBuilder sb) {
        if (sb.length() >= MAX_TEXT) sb.append("..."); else renderSelf(sb);
    }

    abstract void renderSelf(StringBuilder sb);

    /** {@code name(arg, arg...)}: nodes rendered in turn, anything else by its toString. */
    static void call(StringBuilder sb, String name, Object... args) {
        sb.append(name).append('(');
        for (int i = 0; i < args.length; i++) {
            if (i > 0) sb.append(", ");
            if (args[i] instanceof Node n) n.render(sb); else sb.append(args[i]);
        }
        sb.append(')');
    }

    static boolean raisable(Node... ns) {
        for (Node n : ns) if (n.raisable) return true;
        return false;
    }

    static int depthOf(Node... ns) {
        int d = 0;
        for (Node n : ns) d = Math.max(d, n.depth);
        return d + 1;
    }

    /** A materialised array: a view of a buffer. */
    public static final class Leaf extends Node {
        private final View view;
        Leaf(View view) { super(view.dtype(), view.shape(), 0); this.view = view; }
        public View view() { return view; }
        @Override public List<Node> operands() { return List.of(); }
        @Override void renderSelf(StringBuilder sb) { sb.append("leaf").append(Shapes.format(shapeRef())); }
    }

    /**
     * A 0-d scalar constant. A weak constant (a Java or expression-literal scalar, NEP 50)
     * only fixes its kind; promotion gives it the other operand's type. A weak int is a Python
     * int and may lie outside int64 (an expression's {@code 2**64}); such a value is held exactly
     * and has no {@link #longValue()}: {@link Graph} folds it with other literals as Python does
     * and decides what it means where it meets an array.
     */
    public static final class Const extends Node {
        private final boolean weak;
        private final long longValue;
        private final double doubleValue;
        /** The value of a weak int outside int64, else null. */
        private final BigInteger bigValue;

        Const(DType dtype, boolean weak, long longValue, double doubleValue) {
            this(dtype, weak, longValue, doubleValue, null);
        }

        private Const(DType dtype, boolean weak, long longValue, double doubleValue, BigInteger bigValue) {
            super(dtype, new int[0], 0);
            this.weak = weak;
            this.longValue = longValue;
            this.doubleValue = doubleValue;
            this.bigValue = bigValue;
        }

        /** A weak int of any size (Python's int). */
        static Const weakInt(BigInteger value) {
            return value.bitLength() < Long.SIZE ? new Const(DType.INT64, true, value.longValue(), 0)
                    : new Const(DType.INT64, true, 0, 0, value);
        }

        public boolean weak() { return weak; }

        /** False for a weak int outside int64, which has no {@link #longValue()}. */
        public boolean fitsInt64() { return bigValue == null; }

        /**
         * The value of a bool or int constant.
         *
         * @throws ValueException for a weak int outside int64 ({@link #fitsInt64()} is false): it
         *                        has no int64 value, as NumPy's OverflowError says
         */
        public long longValue() {
            if (bigValue != null) throw Graph.outOfBounds(bigValue, DType.INT64);
            return longValue;
        }

        /** The exact value of a bool or int constant. */
        public BigInteger bigIntegerValue() { return bigValue != null ? bigValue : BigInteger.valueOf(longValue); }

        /** The value of a float constant. */
        public double doubleValue() { return doubleValue; }
        @Override public List<Node> operands() { return List.of(); }
        @Override void renderSelf(StringBuilder sb) {
            String v = dtype().isFloat() ? Double.toString(doubleValue) : bigValue != null ? bigValue.toString() : Long.toString(longValue);
            sb.append(v).append(weak ? "" : ":" + dtype().numpyName());
        }
    }

    /** The int64 index along {@code axis} of an array of {@code shape} (arange is an Iota). */
    public static final class Iota extends Node {
        private final int axis;
        Iota(int[] shape, int axis) { super(DType.INT64, shape, 0); this.axis = axis; }
        public int axis() { return axis; }
        @Override public List<Node> operands() { return List.of(); }
        @Override void renderSelf(StringBuilder sb) { sb.append("iota").append(Shapes.format(shapeRef())).append('@').append(axis); }
    }

    /** Base of nodes with operands, which are released when the node is memoised. */
    public abstract static sealed class Op1 extends Node permits Unary, Cast, Reduce, Scan, ArgReduce, Reindex {
        private Node x;
        Op1(DType dtype, int[] shape, Node x) { super(dtype, shape, depthOf(x)); this.x = x; this.raisable = x.raisable; }
        public Node x() { return x; }
        @Override public List<Node> operands() { return x == null ? List.of() : List.of(x); }
        @Override void releaseOperands() { x = null; }
        @Override void replaceOperand(int i, Node n) { if (i != 0) super.replaceOperand(i, n); x = n; }
    }

    public static final class Unary extends Op1 {
        private final Op op;
        Unary(Op op, DType dtype, Node x) { super(dtype, x.shapeRef(), x); this.op = op; }
        public Op op() { return op; }
        @Override void renderSelf(StringBuilder sb) { call(sb, op.numpyName(), x()); }
    }

    /** An element-wise binary op or comparison; both operands have the same dtype. */
    public static final class Binary extends Node {
        private final Op op;
        private Node a, b;
        Binary(Op op, DType dtype, int[] shape, Node a, Node b) {
            super(dtype, shape, depthOf(a, b));
            this.op = op;
            this.a = a;
            this.b = b;
            this.raisable = raisesItself() || raisable(a, b);
        }
        /** True when this op can raise part way (an integer to a power that is not a constant at least 0). */
        boolean raisesItself() { return op.mayRaise(a.dtype()) && !(b instanceof Const c && c.longValue() >= 0); }
        public Op op() { return op; }
        public Node a() { return a; }
        public Node b() { return b; }
        @Override public List<Node> operands() { return a == null ? List.of() : List.of(a, b); }
        @Override void releaseOperands() { a = null; b = null; }
        @Override void replaceOperand(int i, Node n) { if (i == 0) a = n; else if (i == 1) b = n; else super.replaceOperand(i, n); }
        @Override void renderSelf(StringBuilder sb) { call(sb, op.numpyName(), a, b); }
    }

    /** where(cond, a, b): cond is bool, a and b share the result dtype. */
    public static final class Where extends Node {
        private Node cond, a, b;
        Where(DType dtype, int[] shape, Node cond, Node a, Node b) {
            super(dtype, shape, depthOf(cond, a, b));
            this.cond = cond;
            this.a = a;
            this.b = b;
            this.raisable = raisable(cond, a, b);
        }
        public Node cond() { return cond; }
        public Node a() { return a; }
        public Node b() { return b; }
        @Override public List<Node> operands() { return cond == null ? List.of() : List.of(cond, a, b); }
        @Override void releaseOperands() { cond = null; a = null; b = null; }
        @Override void replaceOperand(int i, Node n) {
            switch (i) { case 0 -> cond = n; case 1 -> a = n; case 2 -> b = n; default -> super.replaceOperand(i, n); }
        }
        @Override void renderSelf(StringBuilder sb) { call(sb, "where", cond, a, b); }
    }

    public static final class Cast extends Op1 {
        Cast(DType dtype, Node x) { super(dtype, x.shapeRef(), x); }
        @Override void renderSelf(StringBuilder sb) { call(sb, dtype().numpyName(), x()); }
    }

    /** A reduction over the axes marked in {@code axes} (the input is already of the result dtype). */
    public static final class Reduce extends Op1 {
        private final Op op;
        private final boolean[] axes;
        /** A matmul ({@link Graph#matmul}): a sum over the last axis of a product of two views, computed as a GEMM. */
        private final boolean matmul;
        Reduce(Op op, Node x, boolean[] axes, int[] shape) { this(op, x, axes, shape, false); }
        Reduce(Op op, Node x, boolean[] axes, int[] shape, boolean matmul) {
            super(x.dtype(), shape, x);
            this.op = op;
            this.axes = axes.clone();
            this.matmul = matmul;
        }
        public Op op() { return op; }
        /** True for a matmul: {@code x()} is a {@link Binary} product of its operands seen over {@code [batch..., m, n, k]}. */
        public boolean isMatmul() { return matmul; }
        public boolean[] axes() { return axes.clone(); }
        public boolean reduces(int axis) { return axes[axis]; }
        @Override void renderSelf(StringBuilder sb) {
            if (matmul && x() instanceof Binary b) call(sb, "matmul", b.a(), b.b()); else call(sb, op.numpyName(), x(), "axes=" + java.util.Arrays.toString(axes));
        }
    }

    /**
     * An inclusive scan (cumsum, cumprod) over the axes {@code from} to {@code to} (exclusive)
     * of its input, taken together in C order: one axis ({@code to == from + 1}), or all of them
     * (NumPy's {@code axis=None}: the flattened array, whose shape is then {@code (size,)}). Each
     * element combines, with {@code op}'s combiner, the elements of its line up to itself. The
     * input is already of the result dtype, as a {@link Reduce}'s is.
     */
    public static final class Scan extends Op1 {
        private final Op op;
        private final int from, to;
        Scan(Op op, Node x, int from, int to, int[] shape) { super(x.dtype(), shape, x); this.op = op; this.from = from; this.to = to; }
        public Op op() { return op; }
        /** The first scanned axis of the input. */
        public int from() { return from; }
        /** Past the last scanned axis of the input. */
        public int to() { return to; }
        @Override void renderSelf(StringBuilder sb) { call(sb, "cum" + op.numpyName(), x(), "axes=" + from + ":" + to); }
    }

    /**
     * argmax ({@code op} MAX) or argmin (MIN) over the axes {@code from} to {@code to} (exclusive)
     * of its input, taken together in C order (one axis, or all of them: the flattened array):
     * the position of the first extreme element along them, or of the first NaN, as int64
     * (NumPy's rule). Its shape is the input's without those axes (or with length 1 there: keepdims).
     */
    public static final class ArgReduce extends Op1 {
        private final Op op;
        private final int from, to;
        ArgReduce(Op op, Node x, int from, int to, int[] shape) { super(DType.INT64, shape, x); this.op = op; this.from = from; this.to = to; }
        /** MAX (argmax) or MIN (argmin). */
        public Op op() { return op; }
        /** The first reduced axis of the input. */
        public int from() { return from; }
        /** Past the last reduced axis of the input. */
        public int to() { return to; }
        @Override void renderSelf(StringBuilder sb) { call(sb, "arg" + op.numpyName(), x(), "axes=" + from + ":" + to); }
    }

    /** A view (slice, index, transpose, broadcast, new axis) of a pending node, as an {@link IndexMap}. */
    public static final class Reindex extends Op1 {
        private final IndexMap map;
        Reindex(Node x, IndexMap map) { super(x.dtype(), map.shape(), x); this.map = map; }
        public IndexMap map() { return map; }
        @Override void renderSelf(StringBuilder sb) { call(sb, "view", x(), map); }
    }

    /**
     * NumPy's {@code take(x, indices, axis)}: the elements of {@code x} at {@code indices} along
     * {@code axis}; the shape is {@code x.shape[:axis] + indices.shape + x.shape[axis+1:]}. The
     * indices are int32 or int64, negative ones count from the end, and every one is in bounds
     * ({@link Graph#gather} is given them checked). Fusion computes {@code x} (its array, a view of it
     * stays a view) and lowers the indices and the consumers in the kernel that gathers.
     */
    public static final class Gather extends Node {
        private Node x, indices;
        private final int axis;
        Gather(int[] shape, Node x, Node indices, int axis) {
            super(x.dtype(), shape, depthOf(x, indices));
            this.x = x;
            this.indices = indices;
            this.axis = axis;
            this.raisable = raisable(x, indices);
        }
        public Node x() { return x; }
        public Node indices() { return indices; }
        public int axis() { return axis; }
        @Override public List<Node> operands() { return x == null ? List.of() : List.of(x, indices); }
        @Override void releaseOperands() { x = null; indices = null; }
        @Override void replaceOperand(int i, Node n) { if (i == 0) x = n; else if (i == 1) indices = n; else super.replaceOperand(i, n); }
        @Override void renderSelf(StringBuilder sb) { call(sb, "take", x, indices, "axis=" + axis); }

        /** The map from this node's index space to its indices' (the axes they span). */
        IndexMap indexMap() {
            int k = indices.rank();
            int[][] c = IndexMap.matrix(k, rank());
            for (int j = 0; j < k; j++) c[j][axis + j] = 1;
            return new IndexMap(shapeRef(), new int[k], c);
        }
    }

    /**
     * NumPy's {@code concatenate(xs, axis)}: the operands, of the node's dtype (the caller casts),
     * one after the other along {@code axis}; they have the node's shape but for their length
     * there. Fusion computes it as one kernel of parts ({@link Kernel#parts}), each operand's
     * producer fused into the part that writes its slice.
     */
    public static final class Concat extends Node {
        private Node[] xs;
        private final int axis;
        Concat(DType dtype, int[] shape, Node[] xs, int axis) {
            super(dtype, shape, depthOf(xs));
            this.xs = xs.clone();
            this.axis = axis;
            this.raisable = raisable(this.xs);
        }
        /** The axis the operands are joined along. */
        public int axis() { return axis; }
        @Override public List<Node> operands() { return xs == null ? List.of() : List.of(xs); }
        @Override void releaseOperands() { xs = null; }
        @Override void replaceOperand(int i, Node n) { if (xs == null || i < 0 || i >= xs.length) super.replaceOperand(i, n); else xs[i] = n; }
        @Override void renderSelf(StringBuilder sb) {
            Object[] args = new Object[operands().size() + 1];
            for (int i = 0; i < args.length - 1; i++) args[i] = xs[i];
            args[args.length - 1] = "axis=" + axis;
            call(sb, "concatenate", args);
        }
    }
}
