package io.numfuse;

import io.numfuse.ir.Buffer;
import io.numfuse.core.DType;
import io.numfuse.ir.Graph;
import io.numfuse.core.IndexException;
import io.numfuse.ir.IndexMap;
import io.numfuse.ir.Node;
import io.numfuse.ir.Op;
import io.numfuse.core.ShapeMismatchException;
import io.numfuse.core.ValueException;
import io.numfuse.ir.View;
import io.numfuse.npy.NpyArray;
import io.numfuse.runtime.DeferredWrites;
import io.numfuse.runtime.Executor;
import java.util.Arrays;

/**
 * A lazy N-dimensional array of one {@link DType}, with NumPy's semantics.
 *
 * <h2>Laziness</h2>
 * Operations ({@link #add(NDArray)}, {@link #sqrt()}, {@link #sum()}...) build an expression
 * graph and return a new array at once; nothing is computed. The graph is fused into kernels and
 * run on the current target ({@link Num#target()}) when a value is observed
 * ({@link #getDouble}, {@link #item()}, {@link #toDoubleArray()} and the other {@code to*Array}
 * methods, {@link #toString()}, {@link #toNpy()}) or on {@link #eval()}, and the values are then
 * memoised: observing the array again computes nothing. Observing one element computes the whole
 * array. A chain of pending operations deeper than 256 is evaluated as it is built, so a loop of
 * 100 000 steps never builds an unbounded graph.
 *
 * <h2>Operands: broadcasting and types</h2>
 * Element-wise operations broadcast their operands as NumPy does (shapes are aligned at the
 * right; a dimension of length 1 stretches), and give the result the promoted dtype of NumPy 2's
 * table restricted to bool, int32, int64, float32 and float64 ({@link DType#promote(DType, DType)}).
 * Java scalars passed to an operation are <em>weak</em>, as Python scalars are in NumPy 2 (NEP 50):
 * they take the array's dtype when their kind allows, so {@code f32.mul(2.0)} stays float32 and
 * {@code i32.add(1)} stays int32, while {@code i32.mul(2.5)} is float64. A {@code long} scalar
 * that does not fit an int array's dtype is a {@link ValueException} (NumPy's OverflowError).
 * Integer arithmetic wraps on overflow. Shape and type errors are raised when the operation is
 * built, not when it runs: {@link ShapeMismatchException} for shapes that do not broadcast,
 * {@link io.numfuse.core.TypeException} for an operation the dtypes do not allow (a bitwise op on
 * floats, negating a bool, a result NumPy would type int8 or float16), each with a one-line
 * message that says what to change. Errors that depend on values (an integer raised to a negative
 * power) are raised when the values are computed.
 *
 * <h2>Views and writes</h2>
 * Views ({@link #slice}, {@link #index}, {@link #transpose()}, {@link #broadcastTo}, and
 * {@link #reshape} when the layout allows) share memory with the array they view, as NumPy's do,
 * lazy or not. {@link #assign(NDArray)} and
 * {@link #set(double, int...)} write through a view into the array's memory, and every view of it
 * sees the write; arrays defined before a write keep the values they had (the pending expressions
 * that read the written memory are given a snapshot of it first). A write of a whole array
 * numfuse made (not one from {@link Num#wrap}) waits, as expressions do, until the array is
 * observed.
 *
 * <h2>Threads</h2>
 * An {@code NDArray} may be shared between threads. Each call is atomic with respect to the
 * others on the same arrays (a reader sees the values before a concurrent write or after it, never
 * a mix), and an array forced by several threads at once is computed once; sequences of calls are
 * not atomic, as in NumPy ({@code x.assign(x.add(1))} from two threads may add 1 once).
 *
 * <p>Equality is identity: {@link #equals(Object)} does not compare values (use {@link #eq(NDArray)}
 * for an element-wise comparison).
 */
public final class NDArray implements ArrayArithmetic, ArrayLogic, ArrayMath, ArrayReductions, ArrayShapes {
    /**
     * Arrays whose pending chain is deeper than this are evaluated as they are built (laziness
     * rule 4): the depth of what is left to compute, so that once an evaluation has computed the
     * live state of a loop at its level cuts, the steps after it stay lazy.
     */
    static final int MAX_DEPTH = 256;

    private final Node node;
    /** A view of a broadcast view (NumPy's read-only flag, which its views inherit): writes are refused. */
    private final boolean readOnly;

    NDArray(Node node) { this(node, false); }

    private NDArray(Node node, boolean readOnly) {
        this.node = node = Graph.ownNode(node);   // never a deferred write's value itself
        this.readOnly = readOnly;
        if (node.depth() > MAX_DEPTH && node.pendingDepth() > MAX_DEPTH) settle();
    }

    /**
     * Laziness rule 4: the live state of the loop under this array (its values at the level cuts
     * below it) is computed, and the array stays lazy on it; the array itself when its graph has
     * no such state (a chain that shares little) or when the state leaves it too deep still.
     */
    private void settle() {
        if (!Executor.settle(node, Num.currentTarget()) || node.pendingDepth() > MAX_DEPTH) force(false);
    }

    static NDArray of(View v) { return new NDArray(Graph.leaf(v)); }

    /** A view {@code v} of this array's memory, read-only when this array is. */
    NDArray viewOf(View v) { return new NDArray(Graph.leaf(v), readOnly); }

    // ---- description ----------------------------------------------------------------------

    /**
     * The element type. Known without computing anything: it follows from the operands' types
     * by NumPy's promotion rules when the operation is built.
     *
     * @return this array's dtype
     */
    public DType dtype() { return node.dtype(); }

    /**
     * The shape, known without computing anything.
     *
     * @return a new copy of the length of each axis ({@code {}} for a 0-d array)
     */
    public int[] shape() { return node.shape(); }

    /**
     * The number of axes, NumPy's {@code ndim}.
     *
     * @return the rank, 0 for a 0-d (scalar) array
     */
    public int ndim() { return node.rank(); }

    /**
     * The number of elements, the product of the shape (1 for a 0-d array).
     *
     * @return the element count
     */
    public int size() { return node.size(); }

    /**
     * Whether the values are computed. Does not compute them.
     *
     * @return true once the values are computed (or the array was never lazy, as one from
     *         {@link Num#array(double...)} or {@link Num#zeros}), false while they are pending
     *         (a write of it that waits included)
     */
    public boolean isEvaluated() {
        Node n = cur();
        return !n.isPending() && !n.isRetired();
    }

    /**
     * The graph node behind this array's values now, for {@link Num#explain}, numfuse's tools and
     * tests (through {@link io.numfuse.internal.Internals#node}): an internal representation
     * that may change from one call to the next; not part of the API.
     */
    Node node() { return cur(); }

    static { io.numfuse.internal.Internals.install(NDArray::node); }

    /**
     * The node whose values this array has now: for an array over a buffer that has a deferred
     * write ({@link DeferredWrites}), that write's value, lazily; after another view of the
     * buffer was written that way, the buffer once the write has run.
     */
    Node cur() {
        View v = ownView();
        if (v == null || !v.buffer().hasDeferredWrite()) return node;
        Node value = DeferredWrites.valueOf(v, Num.currentTarget());
        return value != null ? value : node;
    }

    /** The view of the buffer holding this array's values (a leaf's, or its computed result), or null while it is pending. */
    private View ownView() { return node instanceof Node.Leaf l ? l.view() : node.result(); }

    /**
     * This array's node for a view of it: the array's buffer (a view shares the buffer's values,
     * later writes too). A write of it that waits keeps waiting: the view reads its values, lazily
     * ({@link DeferredWrites#valueOf}), as the next step of a loop does.
     */
    Node viewed() { return node; }

    /** Runs a deferred write of this array's buffer, if there is one: the buffer is about to be used as it is. */
    private void writeDeferred() {
        View v = ownView();
        if (v != null) DeferredWrites.flush(v.buffer(), Num.currentTarget());
    }

    // ---- evaluation -----------------------------------------------------------------------

    /**
     * Computes the values now, on the current target ({@link Num#target()}), and memoises them;
     * does nothing when they are computed already. Not needed for correctness (observing an array
     * computes it): it chooses where a long computation is cut, and when it runs. Under
     * {@code auto} the values may stay on a device until the host reads them.
     *
     * @return this array
     * @throws io.numfuse.core.NumfuseException if the computation fails, such as a
     *         {@link ValueException} for an integer raised to a negative power
     * @throws IllegalStateException if the array was built inside a {@link Num#scope()} that has closed
     */
    public NDArray eval() { force(false); return this; }

    /**
     * Computes the values now on the target named {@code spec}, as {@link #eval()} does inside
     * {@code Num.on(spec, ...)}.
     *
     * @param spec a target name: {@code "jvm"}, {@code "interpreter"}, {@code "opencl:0"},
     *             {@code "gpu"}, {@code "auto"}...
     * @return this array
     * @throws io.numfuse.core.NumfuseException if {@code spec} names no target (or a device this
     *         machine does not have), or the computation fails
     */
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
        return Executor.evaluate(node, null, Num.currentTarget(), hostReads);
    }

    /** {@link #astype} without its copy: this array's node itself when it has {@code dtype} (expression strings, whose values are new anyway). */
    NDArray cast(DType dtype) { return new NDArray(Graph.cast(cur(), dtype)); }

    // what the method groups (ArrayArithmetic, ArrayLogic, ArrayMath, ArrayReductions) build with
    NDArray un(Op op) { return new NDArray(Graph.unary(op, cur())); }
    NDArray bin(Op op, NDArray o) { return new NDArray(Graph.binary(op, cur(), o.cur())); }
    NDArray bin(Op op, Node scalar) { return new NDArray(Graph.binary(op, cur(), scalar)); }

    NDArray scan(Op op, Integer axis, DType dtype) { return new NDArray(Graph.scan(op, cur(), axis, dtype)); }

    /** A reduction of the op table over {@code axes} (null: all): what {@link ArrayReductions} and expression strings call. */
    NDArray reduce(Op op, int[] axes, boolean keepdims) { return new NDArray(Graph.reduce(op, cur(), axes, keepdims)); }

    // ---- views ------------------------------------------------------------------------------

    /**
     * NumPy basic indexing written as a string: what goes between the brackets of {@code a[...]}.
     * Items are separated by commas: an integer selects one position and drops the axis,
     * {@code start:stop:step} (each part optional, negatives counting from the end) keeps it,
     * {@code ...} stands for the axes not named, {@code None} (or {@code newaxis}) inserts an axis
     * of length 1. Examples: {@code "1:-1, ::2"}, {@code "0"}, {@code "..., None"},
     * {@code "::-1"}. The result is a view: it shares this array's memory (a write through it
     * changes this array, and it sees later writes to this array), lazy or not.
     *
     * @param spec the index, in NumPy's syntax
     * @return the view
     * @throws IndexException if {@code spec} is not valid basic indexing, has more indices than
     *         this array has axes, has a step of 0 or an integer index out of bounds
     */
    public NDArray slice(String spec) {
        Node n = viewed();
        return new NDArray(Graph.reindex(n, Slicing.parse(spec, n.shape())), readOnly);
    }

    /** This array seen through {@code map}: a view, of a pending array too (what {@link Layout} builds its views with), read-only when this array is. */
    NDArray reindexed(IndexMap map) { return reindexed(map, readOnly); }

    /** {@link #reindexed(IndexMap)}, read-only when {@code readOnly} (a broadcast view) or this array is. */
    NDArray reindexed(IndexMap map, boolean readOnly) { return new NDArray(Graph.reindex(viewed(), map), readOnly || this.readOnly); }

    // ---- writes -----------------------------------------------------------------------------

    /**
     * {@code this[...] = value}, NumPy's slice assignment: the value is broadcast to this array's
     * shape and cast to its dtype (unsafe casting, as {@link #astype}), and written into this
     * array's memory, so every view of that memory sees it. The right-hand side is computed as it
     * was before the write, as in NumPy: {@code a.assign(a.slice("::-1"))} reverses {@code a}.
     * Arrays defined before the write keep their values. A write of a whole array that numfuse
     * made may wait until the array is observed, fused with what follows; otherwise the value is
     * computed and stored now.
     *
     * @param value the values to store, broadcast to this array's shape
     * @return this array
     * @throws ShapeMismatchException if {@code value}'s shape does not broadcast to this array's
     * @throws ValueException if this array is a broadcast view (read-only)
     */
    public NDArray assign(NDArray value) { return write(value.cur()); }

    /**
     * Fills this array (through a view, the part of the memory it covers) with {@code value},
     * cast to the dtype as {@link #astype} casts. See {@link #assign(NDArray)}.
     *
     * @param value the value every element takes
     * @return this array
     * @throws ValueException if this array is a broadcast view (read-only)
     */
    public NDArray assign(double value) { return write(Graph.weak(value)); }

    /**
     * Fills this array (through a view, the part of the memory it covers) with the integer
     * {@code value}, cast to the dtype (wrapping into a narrower int). See {@link #assign(NDArray)}.
     *
     * @param value the value every element takes
     * @return this array
     * @throws ValueException if this array is a broadcast view (read-only)
     */
    public NDArray assign(long value) { return write(Graph.weak(value)); }

    /**
     * Writes the value {@code valueOf} makes of this array's current values (a node of them, of
     * this array's shape and dtype), read and written in one atomic step ({@link Executor#update}):
     * a read-modify-write in one call ({@code put}, {@code maskAssign}, {@code indexAssign}) loses no
     * other thread's write of the array.
     */
    NDArray update(java.util.function.UnaryOperator<Node> valueOf) {
        View target = writeTarget();
        Executor.update(() -> valueOf.apply(Graph.leaf(target)), target, Num.currentTarget());
        return this;
    }

    /**
     * Writes {@code values.flat[from[j]]} at this array's flat (C-order) position {@code at[j]},
     * for each j in order (the last write of a position wins), as one atomic write that touches
     * only those positions ({@link io.numfuse.runtime.Scatters#put}): {@code put}'s scatter.
     */
    NDArray scatter(int[] at, View values, int[] from) {
        io.numfuse.runtime.Scatters.put(writeTarget(), at, values, from, Num.currentTarget());
        return this;
    }

    /** The view a write stores into: this array's own, without running a deferred write of it (this write may replace it); a broadcast view, or a view of one, is refused. */
    private View writeTarget() {
        if (readOnly) throw new ValueException("assignment destination is read-only (a broadcast view, or a view of one)");
        View own = ownView();
        View target = own != null ? own : view();
        for (int i = 0; i < target.rank(); i++) {
            if (target.stride(i) == 0 && target.dim(i) > 1) throw new ValueException("assignment destination is read-only (a broadcast view)");
        }
        return target;
    }

    private NDArray write(Node value) {
        View target = writeTarget();
        if (value instanceof Node.Const c) value = Graph.cast(c, target.dtype());
        var on = Num.currentTarget();
        if (DeferredWrites.defer(value, target, on)) return this;   // written when observed, fused with what follows
        Executor.write(value, target, on);   // after a deferred write of the buffer, if there is one
        return this;
    }

    /**
     * Sets one element, {@code a[index] = value}, cast to the dtype. The array is computed first;
     * arrays defined before the write keep their values.
     *
     * @param value the new value
     * @param index one index per axis (none for a 0-d array); negative counts from the end
     * @return this array
     * @throws IndexException if the number of indices is not {@link #ndim()}, or one is out of bounds
     */
    public NDArray set(double value, int... index) { element(index).assign(value); return this; }

    /**
     * Sets one element to an integer, {@code a[index] = value}, cast to the dtype (exact for
     * int64, where a double would round).
     *
     * @param value the new value
     * @param index one index per axis (none for a 0-d array); negative counts from the end
     * @return this array
     * @throws IndexException if the number of indices is not {@link #ndim()}, or one is out of bounds
     */
    public NDArray set(long value, int... index) { element(index).assign(value); return this; }

    // ---- observation ------------------------------------------------------------------------

    /**
     * The element at {@code index} of the computed array, as a view of one element of its buffer:
     * no node of the graph (a read through {@link #element} built a slice string, parsed it, and
     * made and evaluated a node, under the graph lock: where threads read elements of their own
     * arrays, as a Spark task does once a batch, each hold of the lock is one more to wait for).
     */
    private View elementView(int... index) {
        View v = forceForElement(index);
        int[] at = new int[index.length];
        for (int d = 0; d < index.length; d++) at[d] = Slicing.axisIndex(index[d], d, v.dim(d));
        return new View(v.buffer(), v.elementOffset(at), new int[0], new int[0]);
    }

    private NDArray element(int... index) {
        if (readOnly) writeTarget();   // refused before the array is computed
        forceForElement(index);
        return index.length == 0 ? this : index(index);
    }

    /** Checks that {@code index} names one element, then computes the array: observing one element evaluates (and memoises) the whole. */
    private View forceForElement(int[] index) {
        if (index.length != ndim()) throw new IndexException("an element needs " + ndim() + " indices, got " + index.length);
        return force(true);
    }

    /**
     * Reads one element as a double (int64 values beyond 2<sup>53</sup> round; bool is 0 or 1).
     * Computes the whole array first, if it is pending.
     *
     * @param index one index per axis (none for a 0-d array); negative counts from the end
     * @return the element
     * @throws IndexException if the number of indices is not {@link #ndim()}, or one is out of bounds
     */
    public double getDouble(int... index) { return readDouble(elementView(index)); }

    /**
     * Reads one element as a long: floats convert as {@link #astype} converts to int64
     * (truncating, NaN giving 0). Computes the whole array first, if it is pending.
     *
     * @param index one index per axis (none for a 0-d array); negative counts from the end
     * @return the element
     * @throws IndexException if the number of indices is not {@link #ndim()}, or one is out of bounds
     */
    public long getLong(int... index) { return readLong(elementView(index)); }

    /**
     * Reads one element as a boolean, NumPy's {@code bool(a[index])}: whether it is not 0 (a
     * float 0.5 or NaN reads true, as {@link #toBooleanArray()} reads it). Computes the whole
     * array first, if it is pending.
     *
     * @param index one index per axis (none for a 0-d array); negative counts from the end
     * @return the element
     * @throws IndexException if the number of indices is not {@link #ndim()}, or one is out of bounds
     */
    public boolean getBoolean(int... index) {
        View v = elementView(index);
        return v.dtype().isFloat() ? readDouble(v) != 0 : readLong(v) != 0;
    }

    /**
     * The single element of a size-1 array (of any shape) as a double, NumPy's {@code item()}:
     * how a reduction's result is read ({@code a.sum().item()}). Computes the array first.
     *
     * @return the element
     * @throws ValueException if the array does not have exactly one element
     */
    public double item() {
        if (size() != 1) throw new ValueException("can only convert an array of size 1 to a scalar, not size " + size());
        return readDouble(reshape().view());
    }

    /**
     * The single element of a size-1 array as a long (exact for int64; floats truncate).
     * Computes the array first.
     *
     * @return the element
     * @throws ValueException if the array does not have exactly one element
     */
    public long itemLong() {
        if (size() != 1) throw new ValueException("can only convert an array of size 1 to a scalar, not size " + size());
        return readLong(reshape().view());
    }

    /**
     * The values in C (row-major) order, converted to double, in a new Java array. Computes the
     * array first.
     *
     * @return a new array of {@link #size()} values
     */
    public double[] toDoubleArray() { return (double[]) flat(DType.FLOAT64); }

    /**
     * The values in C order, converted to float as {@link #astype} converts to float32.
     * Computes the array first.
     *
     * @return a new array of {@link #size()} values
     */
    public float[] toFloatArray() { return (float[]) flat(DType.FLOAT32); }

    /**
     * The values in C order, converted to long as {@link #astype} converts to int64. Computes
     * the array first.
     *
     * @return a new array of {@link #size()} values
     */
    public long[] toLongArray() { return (long[]) flat(DType.INT64); }

    /**
     * The values in C order, converted to int as {@link #astype} converts to int32 (int64
     * values wrap). Computes the array first.
     *
     * @return a new array of {@link #size()} values
     */
    public int[] toIntArray() { return (int[]) flat(DType.INT32); }

    /**
     * The values in C order, converted to boolean ({@code != 0}, NaN being true, as
     * {@link #astype} converts to bool). Computes the array first.
     *
     * @return a new array of {@link #size()} values
     */
    public boolean[] toBooleanArray() {
        byte[] b = (byte[]) flat(DType.BOOL);
        boolean[] r = new boolean[b.length];
        for (int i = 0; i < b.length; i++) r[i] = b[i] != 0;
        return r;
    }

    /**
     * The values as a .npy array, for {@link io.numfuse.npy.Npy#write(java.nio.file.Path, NpyArray)}:
     * this dtype and shape, data in C order (a new Java array). Computes the array first.
     *
     * @return the array's contents
     */
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

    /**
     * Identity: an array equals only itself (element-wise equality is {@link #eq(NDArray)}, and
     * arrays are mutable).
     *
     * @param o the object compared
     * @return {@code this == o}
     */
    @Override
    public boolean equals(Object o) { return this == o; }

    /**
     * The identity hash code, consistent with {@link #equals(Object)}.
     *
     * @return {@link System#identityHashCode(Object)} of this array
     */
    @Override
    public int hashCode() { return System.identityHashCode(this); }

    /** Shape and dtype, for messages. */
    String describe() { return dtype().numpyName() + Arrays.toString(shape()); }
}
