package io.numfuse;

import io.numfuse.ir.Buffer;
import io.numfuse.ir.DType;
import io.numfuse.ir.Graph;
import io.numfuse.ir.IndexException;
import io.numfuse.ir.IndexMap;
import io.numfuse.ir.Node;
import io.numfuse.ir.Op;
import io.numfuse.ir.ShapeMismatchException;
import io.numfuse.ir.Shapes;
import io.numfuse.ir.ValueException;
import io.numfuse.ir.View;
import io.numfuse.npy.NpyArray;
import io.numfuse.runtime.DeferredWrites;
import io.numfuse.runtime.Executor;
import java.util.Arrays;

/**
 * A lazy N-dimensional array. Operations build an expression graph and return at once; the
 * graph is fused into kernels and run when a value is observed ({@link #get}, {@link #item},
 * {@code to*Array}, {@link #toString}, {@link #toNpy}) or on {@link #eval()}. Java scalars
 * passed to operations are weak (NEP 50): {@code f32.mul(2.0)} stays float32.
 *
 * <p>Views ({@link #slice}, {@link #transpose}, {@link #reshape}, {@link #broadcastTo}) share
 * memory with a materialised array, as NumPy's do. {@link #assign} writes through a view;
 * arrays defined before a write keep the values they had (laziness rule 2).
 */
public final class NDArray {
    /**
     * Arrays whose pending chain is deeper than this are evaluated as they are built (laziness
     * rule 4): the depth of what is left to compute, so that once an evaluation has computed the
     * live state of a loop at its level cuts, the steps after it stay lazy.
     */
    static final int MAX_DEPTH = 256;

    private final Node node;

    NDArray(Node node) {
        this.node = node = Graph.ownNode(node);   // never a deferred write's value itself
        if (node.depth() > MAX_DEPTH && node.pendingDepth() > MAX_DEPTH) force(false);
    }

    static NDArray of(View v) { return new NDArray(Graph.leaf(v)); }

    // ---- description ----------------------------------------------------------------------

    public DType dtype() { return node.dtype(); }
    public int[] shape() { return node.shape(); }
    public int ndim() { return node.rank(); }
    public int size() { return node.size(); }

    /** True once the values are computed (or the array was never lazy). */
    public boolean isEvaluated() {
        Node n = cur();
        return !n.isPending() && !n.isRetired();
    }

    /** The graph node behind this array's values now (for explain and tests). */
    public Node node() { return cur(); }

    /**
     * The node whose values this array has now: for an array over a buffer that has a deferred
     * write ({@link DeferredWrites}), that write's value, lazily; after another view of the
     * buffer was written that way, the buffer once the write has run.
     */
    private Node cur() {
        View v = ownView();
        if (v == null || !v.buffer().hasDeferredWrite()) return node;
        Node value = DeferredWrites.valueOf(v, Num.target());
        return value != null ? value : node;
    }

    /** The view of the buffer holding this array's values (a leaf's, or its computed result), or null while it is pending. */
    private View ownView() { return node instanceof Node.Leaf l ? l.view() : node.result(); }

    /** This array's node for a view of it: the array's buffer, written first when a write of it waits (a view shares the buffer's values, later writes too). */
    private Node viewed() {
        writeDeferred();
        return node;
    }

    /** Runs a deferred write of this array's buffer, if there is one: the buffer is about to be used as it is. */
    private void writeDeferred() {
        View v = ownView();
        if (v != null) DeferredWrites.flush(v.buffer(), Num.target());
    }

    // ---- evaluation -----------------------------------------------------------------------

    /** Computes the values now; returns this array. */
    public NDArray eval() { force(false); return this; }

    /** Computes the values now on the target named {@code spec} ({@code "opencl:0"}, {@code "jvm"}...); returns this array. */
    public NDArray eval(String spec) { return Num.on(spec, () -> eval()); }

    /** The view holding the values, computing them first if needed (the host is about to read them). */
    View view() { return force(true); }

    /**
     * Computes the values unless they are; {@code hostReads}: the caller reads them at once
     * ({@code auto} counts copying them back). An array written by a deferred write is written now.
     */
    private View force(boolean hostReads) {
        writeDeferred();
        if (node instanceof Node.Leaf l) return l.view();
        View v = node.result();
        if (v != null) return v;
        return Executor.evaluate(node, null, Num.target(), hostReads);
    }

    // ---- element-wise arithmetic ------------------------------------------------------------

    public NDArray add(NDArray o) { return bin(Op.ADD, o); }
    public NDArray add(double s) { return bin(Op.ADD, Graph.weak(s)); }
    public NDArray add(long s) { return bin(Op.ADD, Graph.weak(s)); }
    public NDArray sub(NDArray o) { return bin(Op.SUB, o); }
    public NDArray sub(double s) { return bin(Op.SUB, Graph.weak(s)); }
    public NDArray sub(long s) { return bin(Op.SUB, Graph.weak(s)); }
    /** {@code s - this}. */
    public NDArray rsub(double s) { return new NDArray(Graph.binary(Op.SUB, Graph.weak(s), cur())); }
    public NDArray rsub(long s) { return new NDArray(Graph.binary(Op.SUB, Graph.weak(s), cur())); }
    public NDArray mul(NDArray o) { return bin(Op.MUL, o); }
    public NDArray mul(double s) { return bin(Op.MUL, Graph.weak(s)); }
    public NDArray mul(long s) { return bin(Op.MUL, Graph.weak(s)); }
    /** True division: ints give float64, as NumPy's {@code /}. */
    public NDArray div(NDArray o) { return bin(Op.DIV, o); }
    public NDArray div(double s) { return bin(Op.DIV, Graph.weak(s)); }
    public NDArray div(long s) { return bin(Op.DIV, Graph.weak(s)); }
    /** {@code s / this}. */
    public NDArray rdiv(double s) { return new NDArray(Graph.binary(Op.DIV, Graph.weak(s), cur())); }
    /** Floor division, NumPy's {@code //} (integer division by zero gives 0). */
    public NDArray floorDiv(NDArray o) { return bin(Op.FLOOR_DIV, o); }
    public NDArray floorDiv(long s) { return bin(Op.FLOOR_DIV, Graph.weak(s)); }
    public NDArray floorDiv(double s) { return bin(Op.FLOOR_DIV, Graph.weak(s)); }
    /** Remainder with the sign of the divisor, NumPy's {@code %} (integer modulo by zero gives 0). */
    public NDArray mod(NDArray o) { return bin(Op.MOD, o); }
    public NDArray mod(long s) { return bin(Op.MOD, Graph.weak(s)); }
    public NDArray mod(double s) { return bin(Op.MOD, Graph.weak(s)); }
    public NDArray pow(NDArray o) { return bin(Op.POW, o); }
    public NDArray pow(double s) { return bin(Op.POW, Graph.weak(s)); }
    public NDArray pow(long s) { return bin(Op.POW, Graph.weak(s)); }
    public NDArray neg() { return un(Op.NEG); }
    public NDArray abs() { return un(Op.ABS); }
    /** NaN-propagating element-wise maximum, NumPy's {@code maximum}. */
    public NDArray maximum(NDArray o) { return bin(Op.MAXIMUM, o); }
    public NDArray maximum(double s) { return bin(Op.MAXIMUM, Graph.weak(s)); }
    public NDArray minimum(NDArray o) { return bin(Op.MINIMUM, o); }
    public NDArray minimum(double s) { return bin(Op.MINIMUM, Graph.weak(s)); }

    // ---- comparisons and logic --------------------------------------------------------------

    public NDArray eq(NDArray o) { return bin(Op.EQ, o); }
    public NDArray eq(double s) { return bin(Op.EQ, Graph.weak(s)); }
    public NDArray ne(NDArray o) { return bin(Op.NE, o); }
    public NDArray ne(double s) { return bin(Op.NE, Graph.weak(s)); }
    public NDArray lt(NDArray o) { return bin(Op.LT, o); }
    public NDArray lt(double s) { return bin(Op.LT, Graph.weak(s)); }
    public NDArray le(NDArray o) { return bin(Op.LE, o); }
    public NDArray le(double s) { return bin(Op.LE, Graph.weak(s)); }
    public NDArray gt(NDArray o) { return bin(Op.GT, o); }
    public NDArray gt(double s) { return bin(Op.GT, Graph.weak(s)); }
    public NDArray ge(NDArray o) { return bin(Op.GE, o); }
    public NDArray ge(double s) { return bin(Op.GE, Graph.weak(s)); }
    /** Logical and on bools, bitwise and on ints ({@code &}). */
    public NDArray and(NDArray o) { return bin(Op.AND, o); }
    public NDArray or(NDArray o) { return bin(Op.OR, o); }
    public NDArray xor(NDArray o) { return bin(Op.XOR, o); }
    /** Logical not on bools, bitwise not on ints ({@code ~}). */
    public NDArray not() { return un(Op.NOT); }
    /** {@code <<} on ints; a count below 0 or from the bit width up gives 0, as NumPy's. */
    public NDArray leftShift(NDArray o) { return bin(Op.LEFT_SHIFT, o); }
    public NDArray leftShift(long s) { return bin(Op.LEFT_SHIFT, Graph.weak(s)); }
    /** {@code >>} on ints (arithmetic); a count below 0 or from the bit width up gives 0 or -1 by the sign, as NumPy's. */
    public NDArray rightShift(NDArray o) { return bin(Op.RIGHT_SHIFT, o); }
    public NDArray rightShift(long s) { return bin(Op.RIGHT_SHIFT, Graph.weak(s)); }
    /** Bool: whether each value is NaN (never for an int or bool array). */
    public NDArray isnan() { return un(Op.ISNAN); }
    public NDArray isinf() { return un(Op.ISINF); }
    public NDArray isfinite() { return un(Op.ISFINITE); }

    // ---- math functions ---------------------------------------------------------------------

    public NDArray sqrt() { return un(Op.SQRT); }
    public NDArray exp() { return un(Op.EXP); }
    public NDArray expm1() { return un(Op.EXPM1); }
    public NDArray log() { return un(Op.LOG); }
    public NDArray log1p() { return un(Op.LOG1P); }
    public NDArray log10() { return un(Op.LOG10); }
    public NDArray log2() { return un(Op.LOG2); }
    public NDArray sin() { return un(Op.SIN); }
    public NDArray cos() { return un(Op.COS); }
    public NDArray tan() { return un(Op.TAN); }
    public NDArray arcsin() { return un(Op.ARCSIN); }
    public NDArray arccos() { return un(Op.ARCCOS); }
    public NDArray arctan() { return un(Op.ARCTAN); }
    public NDArray sinh() { return un(Op.SINH); }
    public NDArray cosh() { return un(Op.COSH); }
    public NDArray tanh() { return un(Op.TANH); }
    public NDArray floor() { return un(Op.FLOOR); }
    public NDArray ceil() { return un(Op.CEIL); }
    /** Round half to even, as NumPy's {@code round}. */
    public NDArray round() { return un(Op.ROUND); }
    public NDArray sign() { return un(Op.SIGN); }
    public NDArray arctan2(NDArray x) { return bin(Op.ARCTAN2, x); }
    public NDArray arcsinh() { return un(Op.ARCSINH); }
    public NDArray arccosh() { return un(Op.ARCCOSH); }
    public NDArray arctanh() { return un(Op.ARCTANH); }
    public NDArray exp2() { return un(Op.EXP2); }
    /** x*x, in the array's dtype (an int array wraps). */
    public NDArray square() { return un(Op.SQUARE); }
    /** 1/x; on an int array NumPy's integer rule: 1, -1 or 0, and the dtype's minimum for 0. */
    public NDArray reciprocal() { return un(Op.RECIPROCAL); }
    /** sqrt(x² + y²) without undue overflow. */
    public NDArray hypot(NDArray y) { return bin(Op.HYPOT, y); }
    public NDArray hypot(double y) { return bin(Op.HYPOT, Graph.weak(y)); }
    /** NumPy's clip: {@code minimum(maximum(a, lo), hi)} (where lo > hi, hi). */
    public NDArray clip(NDArray lo, NDArray hi) { return new NDArray(Graph.clip(cur(), lo.cur(), hi.cur())); }
    public NDArray clip(double lo, double hi) { return new NDArray(Graph.clip(cur(), Graph.weak(lo), Graph.weak(hi))); }
    public NDArray clip(long lo, long hi) { return new NDArray(Graph.clip(cur(), Graph.weak(lo), Graph.weak(hi))); }

    /** A copy converted to {@code dtype} (NumPy's astype: floats truncate towards zero). */
    public NDArray astype(DType dtype) { return new NDArray(Graph.cast(cur(), dtype)); }

    NDArray un(Op op) { return new NDArray(Graph.unary(op, cur())); }
    NDArray bin(Op op, NDArray o) { return new NDArray(Graph.binary(op, cur(), o.cur())); }
    private NDArray bin(Op op, Node scalar) { return new NDArray(Graph.binary(op, cur(), scalar)); }

    // ---- reductions -------------------------------------------------------------------------

    public NDArray sum() { return reduce(Op.SUM, null, false); }
    public NDArray sum(int axis) { return reduce(Op.SUM, new int[] { axis }, false); }
    public NDArray prod() { return reduce(Op.PROD, null, false); }
    public NDArray prod(int axis) { return reduce(Op.PROD, new int[] { axis }, false); }
    /** NaN-propagating maximum; an error on an empty array, as NumPy. */
    public NDArray max() { return reduce(Op.MAX, null, false); }
    public NDArray max(int axis) { return reduce(Op.MAX, new int[] { axis }, false); }
    public NDArray min() { return reduce(Op.MIN, null, false); }
    public NDArray min(int axis) { return reduce(Op.MIN, new int[] { axis }, false); }
    public NDArray mean() { return new NDArray(Graph.mean(cur(), null, false)); }
    public NDArray mean(int axis) { return new NDArray(Graph.mean(cur(), new int[] { axis }, false)); }

    /** sum, prod, max or min over {@code axes} (null: all), keeping reduced axes as length 1 when asked. */
    public NDArray reduce(Op op, int[] axes, boolean keepdims) { return new NDArray(Graph.reduce(op, cur(), axes, keepdims)); }

    public NDArray mean(int[] axes, boolean keepdims) { return new NDArray(Graph.mean(cur(), axes, keepdims)); }

    /** NumPy's dot: 1-D·1-D, matrix·vector, matrix·matrix. */
    public NDArray dot(NDArray o) { return new NDArray(Graph.dot(cur(), o.cur())); }

    // ---- views ------------------------------------------------------------------------------

    /** NumPy basic indexing as a string: {@code "1:-1, ::2"}, {@code "0"}, {@code "..., None"}. */
    public NDArray slice(String spec) {
        Node n = viewed();
        return new NDArray(Graph.reindex(n, Slicing.parse(spec, n.shape())));
    }

    /** Integer indexing on the leading axes: {@code index(2)} is {@code a[2]}. */
    public NDArray index(int... indices) {
        StringBuilder s = new StringBuilder();
        for (int i : indices) s.append(s.isEmpty() ? "" : ",").append(i);
        return slice(s.toString());
    }

    /** Axes reversed, as NumPy's {@code .T}. */
    public NDArray transpose() {
        int[] perm = new int[ndim()];
        for (int i = 0; i < perm.length; i++) perm[i] = perm.length - 1 - i;
        return transpose(perm);
    }

    /** Axes permuted: result axis {@code i} is axis {@code perm[i]}. */
    public NDArray transpose(int... perm) {
        int n = ndim();
        if (perm.length != n) throw new ShapeMismatchException("axes don't match array: got " + perm.length + " axes for an array of dimension " + n);
        boolean[] seen = new boolean[n];
        int[][] c = IndexMap.matrix(n, n);
        int[] shape = new int[n], s = node.shape();
        for (int i = 0; i < n; i++) {
            int a = Shapes.axis(perm[i], n);
            if (seen[a]) throw new IndexException("repeated axis in transpose");
            seen[a] = true;
            c[a][i] = 1;
            shape[i] = s[a];
        }
        return new NDArray(Graph.reindex(viewed(), new IndexMap(shape, new int[n], c)));
    }

    /** The same elements in C order as {@code shape} (one dimension may be -1); a view when the layout allows. */
    public NDArray reshape(int... shape) {
        int[] s = shape.clone();
        int unknown = -1, known = 1;
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
            if (known == 0 || size() % known != 0) throw new ShapeMismatchException("cannot reshape array of size " + size() + " into shape " + Shapes.format(shape));
            s[unknown] = size() / known;
        }
        View v = view();
        View r = v.reshape(s);
        if (r == null) r = Num.copyOf(this).view().reshape(s);
        return of(r);
    }

    /** NumPy's broadcast_to: a read-only view. */
    public NDArray broadcastTo(int... shape) {
        if (!Shapes.broadcastsTo(node.shape(), shape)) {
            throw new ShapeMismatchException("cannot broadcast shape " + Shapes.format(node.shape()) + " to " + Shapes.format(shape));
        }
        return new NDArray(Graph.reindex(viewed(), IndexMap.broadcast(node.shape(), shape)));
    }

    // ---- writes -----------------------------------------------------------------------------

    /**
     * {@code this[...] = value}: the value is broadcast to this array's shape and cast to its
     * dtype; the right-hand side is computed before it is stored, as in NumPy. Returns this.
     */
    public NDArray assign(NDArray value) { return write(value.cur()); }
    public NDArray assign(double value) { return write(Graph.weak(value)); }
    public NDArray assign(long value) { return write(Graph.weak(value)); }

    private NDArray write(Node value) {
        View own = ownView();   // without running a deferred write of it: this write may replace it
        View target = own != null ? own : view();
        for (int i = 0; i < target.rank(); i++) {
            if (target.stride(i) == 0 && target.dim(i) > 1) throw new ValueException("assignment destination is read-only (a broadcast view)");
        }
        if (value instanceof Node.Const c) value = Graph.cast(c, target.dtype());
        if (DeferredWrites.defer(value, target)) return this;   // a whole array: written when observed, fused with what follows
        Executor.write(value, target, Num.target());   // after a deferred write of the buffer, if there is one
        return this;
    }

    /** Sets one element. */
    public NDArray set(double value, int... index) { element(index).assign(value); return this; }
    public NDArray set(long value, int... index) { element(index).assign(value); return this; }

    // ---- observation ------------------------------------------------------------------------

    private NDArray element(int... index) {
        if (index.length != ndim()) throw new IndexException("an element needs " + ndim() + " indices, got " + index.length);
        force(true);   // observing one element evaluates (and memoises) the whole array
        return index.length == 0 ? this : index(index);
    }

    /** The element at {@code index} as a double. */
    public double getDouble(int... index) { return readDouble(element(index).view()); }
    public long getLong(int... index) { return readLong(element(index).view()); }
    public boolean getBoolean(int... index) { return readLong(element(index).view()) != 0; }

    /** The single element of a size-1 array as a double. */
    public double item() {
        if (size() != 1) throw new ValueException("can only convert an array of size 1 to a scalar, not size " + size());
        return readDouble(reshape().view());
    }

    public long itemLong() {
        if (size() != 1) throw new ValueException("can only convert an array of size 1 to a scalar, not size " + size());
        return readLong(reshape().view());
    }

    /** The values in C order, converted to double. */
    public double[] toDoubleArray() { return (double[]) flat(DType.FLOAT64); }
    public float[] toFloatArray() { return (float[]) flat(DType.FLOAT32); }
    public long[] toLongArray() { return (long[]) flat(DType.INT64); }
    public int[] toIntArray() { return (int[]) flat(DType.INT32); }
    public boolean[] toBooleanArray() {
        byte[] b = (byte[]) flat(DType.BOOL);
        boolean[] r = new boolean[b.length];
        for (int i = 0; i < b.length; i++) r[i] = b[i] != 0;
        return r;
    }

    /** The values as a .npy array (C order, this dtype). */
    public NpyArray toNpy() { return new NpyArray(dtype(), shape(), flat(dtype())); }

    /**
     * NumPy 2's repr of this array with NumPy's default print options, character for character
     * ({@code np.array_repr}; numfuse has no separate {@code str} form):
     *
     * <pre>
     * array([[1. , 2.5],
     *        [3. , 4. ]])
     * </pre>
     *
     * Floats print at most 8 fractional digits of their shortest form in their own type (a
     * float32 0.1 is {@code 0.1}), trailing zeros trimmed and decimal points aligned; in
     * scientific notation ({@code 1.0e-05}) when a finite non-zero magnitude is at least 1e8 (1e6
     * for float32) or below 1e-4, or the largest is more than 1000 times the smallest. Ints are
     * right-aligned, bools padded ({@code [ True, False]}), {@code nan}, {@code inf} and {@code
     * -inf} right-aligned. Lines wrap at 75 columns; an array of more than 1000 elements shows the
     * first and last 3 items of each axis around {@code ...}, and its {@code shape=}. {@code
     * dtype=} follows unless the dtype is float64, int64 or bool; an empty array shows its dtype
     * and, unless it is {@code (0,)}, its shape: {@code array([], shape=(0, 3), dtype=float64)}.
     * A 0-d array prints its value alone: {@code array(3.5, dtype=float32)}.
     *
     * <p>Observing: the array is evaluated first.
     */
    @Override
    public String toString() {
        View v = view();
        try (var r = Executor.read(v)) {
            return ArrayFormat.repr(v);
        }
    }

    // Host reads hold a read claim on the buffer (Executor.read): a write by another thread is seen whole or not at all.

    private Object flat(DType to) {
        View v = view();
        try (var r = Executor.read(v)) {
            return Values.flat(v, to);
        }
    }

    private static double readDouble(View v) {
        try (var r = Executor.read(v)) {
            return Values.asDouble(v);
        }
    }

    private static long readLong(View v) {
        try (var r = Executor.read(v)) {
            return Values.asLong(v);
        }
    }

    @Override
    public boolean equals(Object o) { return this == o; }

    @Override
    public int hashCode() { return System.identityHashCode(this); }

    /** Shape and dtype, for messages. */
    String describe() { return dtype().numpyName() + Arrays.toString(shape()); }
}
