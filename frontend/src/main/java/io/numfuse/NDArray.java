package io.numfuse;

import io.numfuse.ir.Buffer;
import io.numfuse.core.DType;
import io.numfuse.ir.Graph;
import io.numfuse.core.IndexException;
import io.numfuse.ir.IndexMap;
import io.numfuse.ir.Node;
import io.numfuse.ir.Op;
import io.numfuse.core.ShapeMismatchException;
import io.numfuse.ir.Shapes;
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
    private Node cur() {
        View v = ownView();
        if (v == null || !v.buffer().hasDeferredWrite()) return node;
        Node value = DeferredWrites.valueOf(v, Num.currentTarget());
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

    // ---- element-wise arithmetic ------------------------------------------------------------

    /**
     * Element-wise sum, NumPy's {@code add} ({@code +}); on bools it is a logical or. Lazy.
     *
     * @param o the other operand, broadcast against this array
     * @return {@code this + o}, of the broadcast shape and the promoted dtype
     * @throws ShapeMismatchException if the shapes do not broadcast
     */
    public NDArray add(NDArray o) { return bin(Op.ADD, o); }

    /**
     * Adds a weak float scalar: a float array keeps its dtype, an int or bool array gives float64. Lazy.
     *
     * @param s the scalar
     * @return {@code this + s}, of this array's shape
     */
    public NDArray add(double s) { return bin(Op.ADD, Graph.weak(s)); }

    /**
     * Adds a weak int scalar: an int or float array keeps its dtype (an int array wraps on
     * overflow), a bool array gives int64. Lazy.
     *
     * @param s the scalar
     * @return {@code this + s}, of this array's shape
     * @throws ValueException if {@code s} does not fit this int array's dtype (NumPy's OverflowError)
     */
    public NDArray add(long s) { return bin(Op.ADD, Graph.weak(s)); }

    /**
     * Element-wise difference, NumPy's {@code subtract} ({@code -}). Lazy.
     *
     * @param o the other operand, broadcast against this array
     * @return {@code this - o}, of the broadcast shape and the promoted dtype
     * @throws ShapeMismatchException if the shapes do not broadcast
     * @throws io.numfuse.core.TypeException if both operands are bool (NumPy rejects bool subtraction)
     */
    public NDArray sub(NDArray o) { return bin(Op.SUB, o); }

    /**
     * Subtracts a weak float scalar: a float array keeps its dtype, an int array gives float64. Lazy.
     *
     * @param s the scalar
     * @return {@code this - s}, of this array's shape
     */
    public NDArray sub(double s) { return bin(Op.SUB, Graph.weak(s)); }

    /**
     * Subtracts a weak int scalar: an int or float array keeps its dtype, a bool array gives int64. Lazy.
     *
     * @param s the scalar
     * @return {@code this - s}, of this array's shape
     * @throws ValueException if {@code s} does not fit this int array's dtype
     */
    public NDArray sub(long s) { return bin(Op.SUB, Graph.weak(s)); }

    /**
     * The scalar minus this array, {@code s - this} (Python's reflected {@code __rsub__}), with a
     * weak float scalar: a float array keeps its dtype, an int array gives float64. Lazy.
     *
     * @param s the scalar
     * @return {@code s - this}, of this array's shape
     */
    public NDArray rsub(double s) { return new NDArray(Graph.binary(Op.SUB, Graph.weak(s), cur())); }

    /**
     * {@code s - this} with a weak int scalar: an int or float array keeps its dtype. Lazy.
     *
     * @param s the scalar
     * @return {@code s - this}, of this array's shape
     * @throws ValueException if {@code s} does not fit this int array's dtype
     */
    public NDArray rsub(long s) { return new NDArray(Graph.binary(Op.SUB, Graph.weak(s), cur())); }

    /**
     * Element-wise product, NumPy's {@code multiply} ({@code *}); on bools it is a logical and. Lazy.
     *
     * @param o the other operand, broadcast against this array
     * @return {@code this * o}, of the broadcast shape and the promoted dtype
     * @throws ShapeMismatchException if the shapes do not broadcast
     */
    public NDArray mul(NDArray o) { return bin(Op.MUL, o); }

    /**
     * Multiplies by a weak float scalar: {@code f32.mul(2.0)} stays float32, an int array gives float64. Lazy.
     *
     * @param s the scalar
     * @return {@code this * s}, of this array's shape
     */
    public NDArray mul(double s) { return bin(Op.MUL, Graph.weak(s)); }

    /**
     * Multiplies by a weak int scalar: an int or float array keeps its dtype, a bool array gives int64. Lazy.
     *
     * @param s the scalar
     * @return {@code this * s}, of this array's shape
     * @throws ValueException if {@code s} does not fit this int array's dtype
     */
    public NDArray mul(long s) { return bin(Op.MUL, Graph.weak(s)); }

    /**
     * True division, NumPy's {@code true_divide} ({@code /}): ints and bools give float64, as
     * NumPy's {@code /}; float division by zero gives infinity or NaN. Lazy.
     *
     * @param o the divisor, broadcast against this array
     * @return {@code this / o}, of the broadcast shape: of the promoted dtype when that is a
     *         float (float32 / float32 is float32), else float64
     * @throws ShapeMismatchException if the shapes do not broadcast
     */
    public NDArray div(NDArray o) { return bin(Op.DIV, o); }

    /**
     * True division by a weak float scalar: a float array keeps its dtype, an int array gives float64. Lazy.
     *
     * @param s the divisor
     * @return {@code this / s}, of this array's shape
     */
    public NDArray div(double s) { return bin(Op.DIV, Graph.weak(s)); }

    /**
     * True division by a weak int scalar: a float array keeps its dtype, an int or bool array gives float64. Lazy.
     *
     * @param s the divisor
     * @return {@code this / s}, of this array's shape
     * @throws ValueException if {@code s} does not fit this int array's dtype
     */
    public NDArray div(long s) { return bin(Op.DIV, Graph.weak(s)); }

    /**
     * The scalar divided by this array, {@code s / this} (Python's {@code __rtruediv__}): a float
     * array keeps its dtype, an int array gives float64. Lazy.
     *
     * @param s the dividend
     * @return {@code s / this}, of this array's shape
     */
    public NDArray rdiv(double s) { return new NDArray(Graph.binary(Op.DIV, Graph.weak(s), cur())); }

    /**
     * Floor division, NumPy's {@code floor_divide} ({@code //}): the quotient rounded towards
     * minus infinity, with Python's sign rules; integer division by zero gives 0 (NumPy gives 0
     * with a warning). Lazy.
     *
     * @param o the divisor, broadcast against this array
     * @return {@code this // o}, of the broadcast shape and the promoted dtype
     * @throws ShapeMismatchException if the shapes do not broadcast
     * @throws io.numfuse.core.TypeException if both operands are bool (NumPy would give int8)
     */
    public NDArray floorDiv(NDArray o) { return bin(Op.FLOOR_DIV, o); }

    /**
     * Floor division by a weak int scalar ({@code //}); an int or float array keeps its dtype. Lazy.
     *
     * @param s the divisor
     * @return {@code this // s}, of this array's shape
     * @throws ValueException if {@code s} does not fit this int array's dtype
     */
    public NDArray floorDiv(long s) { return bin(Op.FLOOR_DIV, Graph.weak(s)); }

    /**
     * Floor division by a weak float scalar ({@code //}); a float array keeps its dtype, an int array gives float64. Lazy.
     *
     * @param s the divisor
     * @return {@code this // s}, of this array's shape
     */
    public NDArray floorDiv(double s) { return bin(Op.FLOOR_DIV, Graph.weak(s)); }

    /**
     * Remainder with the sign of the divisor, NumPy's {@code remainder} ({@code %}, Python's
     * rule, not Java's {@code %}); integer modulo by zero gives 0. Lazy.
     *
     * @param o the divisor, broadcast against this array
     * @return {@code this % o}, of the broadcast shape and the promoted dtype
     * @throws ShapeMismatchException if the shapes do not broadcast
     * @throws io.numfuse.core.TypeException if both operands are bool (NumPy would give int8)
     */
    public NDArray mod(NDArray o) { return bin(Op.MOD, o); }

    /**
     * Remainder of division by a weak int scalar ({@code %}, the sign of {@code s}). Lazy.
     *
     * @param s the divisor
     * @return {@code this % s}, of this array's shape and dtype (int64 for a bool array)
     * @throws ValueException if {@code s} does not fit this int array's dtype
     */
    public NDArray mod(long s) { return bin(Op.MOD, Graph.weak(s)); }

    /**
     * Remainder of division by a weak float scalar ({@code %}, the sign of {@code s}); an int array gives float64. Lazy.
     *
     * @param s the divisor
     * @return {@code this % s}, of this array's shape
     */
    public NDArray mod(double s) { return bin(Op.MOD, Graph.weak(s)); }

    /**
     * Element-wise power, NumPy's {@code power} ({@code **}). An integer raised to a negative
     * integer power is an error, as in NumPy (a {@link ValueException} when the values are
     * computed): cast the base to a float first. Lazy.
     *
     * @param o the exponent, broadcast against this array
     * @return {@code this ** o}, of the broadcast shape and the promoted dtype
     * @throws ShapeMismatchException if the shapes do not broadcast
     * @throws io.numfuse.core.TypeException if both operands are bool (NumPy would give int8)
     */
    public NDArray pow(NDArray o) { return bin(Op.POW, o); }

    /**
     * Raises to a weak float power: a float array keeps its dtype, an int array gives float64;
     * exponents 0.5, 2 and -1 are computed as NumPy does, as sqrt, square and reciprocal. Lazy.
     *
     * @param s the exponent
     * @return {@code this ** s}, of this array's shape
     */
    public NDArray pow(double s) { return bin(Op.POW, Graph.weak(s)); }

    /**
     * Raises to a weak int power; an int or float array keeps its dtype. Lazy.
     *
     * @param s the exponent; negative is an error on an int array (when the values are computed)
     * @return {@code this ** s}, of this array's shape
     * @throws ValueException if {@code s} does not fit this int array's dtype
     * @throws io.numfuse.core.TypeException for {@code bool ** 2}, which NumPy would type int8
     */
    public NDArray pow(long s) { return bin(Op.POW, Graph.weak(s)); }

    /**
     * Element-wise negation, NumPy's {@code negative} (unary {@code -}); an int array wraps at its
     * minimum. Lazy.
     *
     * @return {@code -this}, of this array's shape and dtype
     * @throws io.numfuse.core.TypeException on a bool array (NumPy rejects negating bools: use {@link #not()})
     */
    public NDArray neg() { return un(Op.NEG); }

    /**
     * Element-wise absolute value, NumPy's {@code absolute}; the dtype is kept (the minimum of an
     * int dtype stays negative, as it wraps). Lazy.
     *
     * @return {@code |this|}, of this array's shape and dtype
     */
    public NDArray abs() { return un(Op.ABS); }

    /**
     * Element-wise maximum, NumPy's {@code maximum}: NaN-propagating (a NaN in either operand
     * gives NaN). Lazy.
     *
     * @param o the other operand, broadcast against this array
     * @return the larger of each pair, of the broadcast shape and the promoted dtype
     * @throws ShapeMismatchException if the shapes do not broadcast
     */
    public NDArray maximum(NDArray o) { return bin(Op.MAXIMUM, o); }

    /**
     * Element-wise maximum with a weak float scalar (NaN-propagating); an int array gives float64. Lazy.
     *
     * @param s the scalar
     * @return the larger of each element and {@code s}, of this array's shape
     */
    public NDArray maximum(double s) { return bin(Op.MAXIMUM, Graph.weak(s)); }

    /**
     * Element-wise minimum, NumPy's {@code minimum}: NaN-propagating. Lazy.
     *
     * @param o the other operand, broadcast against this array
     * @return the smaller of each pair, of the broadcast shape and the promoted dtype
     * @throws ShapeMismatchException if the shapes do not broadcast
     */
    public NDArray minimum(NDArray o) { return bin(Op.MINIMUM, o); }

    /**
     * Element-wise minimum with a weak float scalar (NaN-propagating); an int array gives float64. Lazy.
     *
     * @param s the scalar
     * @return the smaller of each element and {@code s}, of this array's shape
     */
    public NDArray minimum(double s) { return bin(Op.MINIMUM, Graph.weak(s)); }

    // ---- comparisons and logic --------------------------------------------------------------

    /**
     * Element-wise equality, NumPy's {@code equal} ({@code ==}); NaN equals nothing. The operands
     * are compared in their promoted type. Lazy.
     *
     * @param o the other operand, broadcast against this array
     * @return a bool array of the broadcast shape
     * @throws ShapeMismatchException if the shapes do not broadcast
     */
    public NDArray eq(NDArray o) { return bin(Op.EQ, o); }

    /**
     * Element-wise equality with a weak float scalar ({@code ==}). Lazy.
     *
     * @param s the scalar
     * @return a bool array of this array's shape
     */
    public NDArray eq(double s) { return bin(Op.EQ, Graph.weak(s)); }

    /**
     * Element-wise inequality, NumPy's {@code not_equal} ({@code !=}); NaN differs from everything. Lazy.
     *
     * @param o the other operand, broadcast against this array
     * @return a bool array of the broadcast shape
     * @throws ShapeMismatchException if the shapes do not broadcast
     */
    public NDArray ne(NDArray o) { return bin(Op.NE, o); }

    /**
     * Element-wise inequality with a weak float scalar ({@code !=}). Lazy.
     *
     * @param s the scalar
     * @return a bool array of this array's shape
     */
    public NDArray ne(double s) { return bin(Op.NE, Graph.weak(s)); }

    /**
     * Element-wise {@code <}, NumPy's {@code less}; false where either operand is NaN. Lazy.
     *
     * @param o the other operand, broadcast against this array
     * @return a bool array of the broadcast shape
     * @throws ShapeMismatchException if the shapes do not broadcast
     */
    public NDArray lt(NDArray o) { return bin(Op.LT, o); }

    /**
     * Element-wise {@code this < s} with a weak float scalar. Lazy.
     *
     * @param s the scalar
     * @return a bool array of this array's shape
     */
    public NDArray lt(double s) { return bin(Op.LT, Graph.weak(s)); }

    /**
     * Element-wise {@code <=}, NumPy's {@code less_equal}. Lazy.
     *
     * @param o the other operand, broadcast against this array
     * @return a bool array of the broadcast shape
     * @throws ShapeMismatchException if the shapes do not broadcast
     */
    public NDArray le(NDArray o) { return bin(Op.LE, o); }

    /**
     * Element-wise {@code this <= s} with a weak float scalar. Lazy.
     *
     * @param s the scalar
     * @return a bool array of this array's shape
     */
    public NDArray le(double s) { return bin(Op.LE, Graph.weak(s)); }

    /**
     * Element-wise {@code >}, NumPy's {@code greater}. Lazy.
     *
     * @param o the other operand, broadcast against this array
     * @return a bool array of the broadcast shape
     * @throws ShapeMismatchException if the shapes do not broadcast
     */
    public NDArray gt(NDArray o) { return bin(Op.GT, o); }

    /**
     * Element-wise {@code this > s} with a weak float scalar. Lazy.
     *
     * @param s the scalar
     * @return a bool array of this array's shape
     */
    public NDArray gt(double s) { return bin(Op.GT, Graph.weak(s)); }

    /**
     * Element-wise {@code >=}, NumPy's {@code greater_equal}. Lazy.
     *
     * @param o the other operand, broadcast against this array
     * @return a bool array of the broadcast shape
     * @throws ShapeMismatchException if the shapes do not broadcast
     */
    public NDArray ge(NDArray o) { return bin(Op.GE, o); }

    /**
     * Element-wise {@code this >= s} with a weak float scalar. Lazy.
     *
     * @param s the scalar
     * @return a bool array of this array's shape
     */
    public NDArray ge(double s) { return bin(Op.GE, Graph.weak(s)); }

    /**
     * Logical and on bools, bitwise and on ints, NumPy's {@code bitwise_and} ({@code &}). Lazy.
     *
     * @param o the other operand, broadcast against this array
     * @return {@code this & o}, of the broadcast shape and the promoted dtype
     * @throws ShapeMismatchException if the shapes do not broadcast
     * @throws io.numfuse.core.TypeException if an operand is a float array
     */
    public NDArray and(NDArray o) { return bin(Op.AND, o); }

    /**
     * Logical or on bools, bitwise or on ints, NumPy's {@code bitwise_or} ({@code |}). Lazy.
     *
     * @param o the other operand, broadcast against this array
     * @return {@code this | o}, of the broadcast shape and the promoted dtype
     * @throws ShapeMismatchException if the shapes do not broadcast
     * @throws io.numfuse.core.TypeException if an operand is a float array
     */
    public NDArray or(NDArray o) { return bin(Op.OR, o); }

    /**
     * Logical exclusive or on bools, bitwise on ints, NumPy's {@code bitwise_xor} ({@code ^}). Lazy.
     *
     * @param o the other operand, broadcast against this array
     * @return {@code this ^ o}, of the broadcast shape and the promoted dtype
     * @throws ShapeMismatchException if the shapes do not broadcast
     * @throws io.numfuse.core.TypeException if an operand is a float array
     */
    public NDArray xor(NDArray o) { return bin(Op.XOR, o); }

    /**
     * Logical not on bools, bitwise not on ints, NumPy's {@code invert} ({@code ~}). Lazy.
     *
     * @return {@code ~this}, of this array's shape and dtype
     * @throws io.numfuse.core.TypeException on a float array
     */
    public NDArray not() { return un(Op.NOT); }

    /**
     * Shifts ints left, NumPy's {@code left_shift} ({@code <<}); a count below 0 or from the bit
     * width up gives 0, as NumPy's (not Java's, which takes the count modulo the width). Lazy.
     *
     * @param o the shift counts, broadcast against this array
     * @return {@code this << o}, of the broadcast shape and the promoted int dtype
     * @throws ShapeMismatchException if the shapes do not broadcast
     * @throws io.numfuse.core.TypeException if an operand is a float array, or both are bool
     */
    public NDArray leftShift(NDArray o) { return bin(Op.LEFT_SHIFT, o); }

    /**
     * Shifts ints left by a weak int count ({@code <<}), with NumPy's rule for counts out of range. Lazy.
     *
     * @param s the shift count
     * @return {@code this << s}, of this array's shape and dtype (int64 for a bool array)
     * @throws io.numfuse.core.TypeException if this array is a float array
     * @throws ValueException if {@code s} does not fit this array's dtype
     */
    public NDArray leftShift(long s) { return bin(Op.LEFT_SHIFT, Graph.weak(s)); }

    /**
     * Shifts ints right, arithmetically, NumPy's {@code right_shift} ({@code >>}); a count below 0
     * or from the bit width up gives 0 or -1 by the sign, as NumPy's. Lazy.
     *
     * @param o the shift counts, broadcast against this array
     * @return {@code this >> o}, of the broadcast shape and the promoted int dtype
     * @throws ShapeMismatchException if the shapes do not broadcast
     * @throws io.numfuse.core.TypeException if an operand is a float array, or both are bool
     */
    public NDArray rightShift(NDArray o) { return bin(Op.RIGHT_SHIFT, o); }

    /**
     * Shifts ints right by a weak int count ({@code >>}), with NumPy's rule for counts out of range. Lazy.
     *
     * @param s the shift count
     * @return {@code this >> s}, of this array's shape and dtype (int64 for a bool array)
     * @throws io.numfuse.core.TypeException if this array is a float array
     * @throws ValueException if {@code s} does not fit this array's dtype
     */
    public NDArray rightShift(long s) { return bin(Op.RIGHT_SHIFT, Graph.weak(s)); }

    /**
     * Whether each value is NaN, NumPy's {@code isnan} (never, for an int or bool array). Lazy.
     *
     * @return a bool array of this array's shape
     */
    public NDArray isnan() { return un(Op.ISNAN); }

    /**
     * Whether each value is positive or negative infinity, NumPy's {@code isinf} (never, for an
     * int or bool array). Lazy.
     *
     * @return a bool array of this array's shape
     */
    public NDArray isinf() { return un(Op.ISINF); }

    /**
     * Whether each value is neither NaN nor infinite, NumPy's {@code isfinite} (always, for an
     * int or bool array). Lazy.
     *
     * @return a bool array of this array's shape
     */
    public NDArray isfinite() { return un(Op.ISFINITE); }

    // ---- math functions ---------------------------------------------------------------------

    /**
     * Element-wise square root, NumPy's {@code sqrt} (NaN for a negative value). Like every
     * function below computed in floating point, it keeps a float dtype and gives float64 for an
     * int array; a bool array is refused (NumPy would give float16: cast it to float32 first). Lazy.
     *
     * @return the square roots, of this array's shape
     * @throws io.numfuse.core.TypeException on a bool array
     */
    public NDArray sqrt() { return un(Op.SQRT); }

    /**
     * Element-wise e<sup>x</sup>, NumPy's {@code exp}; float dtypes are kept, ints give float64. Lazy.
     *
     * @return the exponentials, of this array's shape
     * @throws io.numfuse.core.TypeException on a bool array
     */
    public NDArray exp() { return un(Op.EXP); }

    /**
     * Element-wise e<sup>x</sup> - 1, accurate near 0, NumPy's {@code expm1}; float dtypes are
     * kept, ints give float64. Lazy.
     *
     * @return the values, of this array's shape
     * @throws io.numfuse.core.TypeException on a bool array
     */
    public NDArray expm1() { return un(Op.EXPM1); }

    /**
     * Element-wise natural logarithm, NumPy's {@code log} (-inf at 0, NaN below); float dtypes
     * are kept, ints give float64. Lazy.
     *
     * @return the logarithms, of this array's shape
     * @throws io.numfuse.core.TypeException on a bool array
     */
    public NDArray log() { return un(Op.LOG); }

    /**
     * Element-wise ln(1 + x), accurate near 0, NumPy's {@code log1p}; float dtypes are kept, ints
     * give float64. Lazy.
     *
     * @return the values, of this array's shape
     * @throws io.numfuse.core.TypeException on a bool array
     */
    public NDArray log1p() { return un(Op.LOG1P); }

    /**
     * Element-wise base-10 logarithm, NumPy's {@code log10}; float dtypes are kept, ints give float64. Lazy.
     *
     * @return the logarithms, of this array's shape
     * @throws io.numfuse.core.TypeException on a bool array
     */
    public NDArray log10() { return un(Op.LOG10); }

    /**
     * Element-wise base-2 logarithm, NumPy's {@code log2}; float dtypes are kept, ints give float64. Lazy.
     *
     * @return the logarithms, of this array's shape
     * @throws io.numfuse.core.TypeException on a bool array
     */
    public NDArray log2() { return un(Op.LOG2); }

    /**
     * Element-wise sine of radians, NumPy's {@code sin}; float dtypes are kept, ints give float64. Lazy.
     *
     * @return the sines, of this array's shape
     * @throws io.numfuse.core.TypeException on a bool array
     */
    public NDArray sin() { return un(Op.SIN); }

    /**
     * Element-wise cosine of radians, NumPy's {@code cos}; float dtypes are kept, ints give float64. Lazy.
     *
     * @return the cosines, of this array's shape
     * @throws io.numfuse.core.TypeException on a bool array
     */
    public NDArray cos() { return un(Op.COS); }

    /**
     * Element-wise tangent of radians, NumPy's {@code tan}; float dtypes are kept, ints give float64. Lazy.
     *
     * @return the tangents, of this array's shape
     * @throws io.numfuse.core.TypeException on a bool array
     */
    public NDArray tan() { return un(Op.TAN); }

    /**
     * Element-wise inverse sine in radians, NumPy's {@code arcsin} (NaN outside [-1, 1]); float
     * dtypes are kept, ints give float64. Lazy.
     *
     * @return the angles, of this array's shape
     * @throws io.numfuse.core.TypeException on a bool array
     */
    public NDArray arcsin() { return un(Op.ARCSIN); }

    /**
     * Element-wise inverse cosine in radians, NumPy's {@code arccos} (NaN outside [-1, 1]); float
     * dtypes are kept, ints give float64. Lazy.
     *
     * @return the angles, of this array's shape
     * @throws io.numfuse.core.TypeException on a bool array
     */
    public NDArray arccos() { return un(Op.ARCCOS); }

    /**
     * Element-wise inverse tangent in radians, NumPy's {@code arctan}; float dtypes are kept, ints give float64. Lazy.
     *
     * @return the angles, in [-pi/2, pi/2], of this array's shape
     * @throws io.numfuse.core.TypeException on a bool array
     */
    public NDArray arctan() { return un(Op.ARCTAN); }

    /**
     * Element-wise hyperbolic sine, NumPy's {@code sinh}; float dtypes are kept, ints give float64. Lazy.
     *
     * @return the values, of this array's shape
     * @throws io.numfuse.core.TypeException on a bool array
     */
    public NDArray sinh() { return un(Op.SINH); }

    /**
     * Element-wise hyperbolic cosine, NumPy's {@code cosh}; float dtypes are kept, ints give float64. Lazy.
     *
     * @return the values, of this array's shape
     * @throws io.numfuse.core.TypeException on a bool array
     */
    public NDArray cosh() { return un(Op.COSH); }

    /**
     * Element-wise hyperbolic tangent, NumPy's {@code tanh}; float dtypes are kept, ints give float64. Lazy.
     *
     * @return the values, in [-1, 1], of this array's shape
     * @throws io.numfuse.core.TypeException on a bool array
     */
    public NDArray tanh() { return un(Op.TANH); }

    /**
     * Element-wise floor, NumPy's {@code floor}: the largest integer not above each value, in the
     * array's dtype (NumPy 2 keeps int and bool arrays as they are). Lazy.
     *
     * @return the floors, of this array's shape and dtype
     */
    public NDArray floor() { return un(Op.FLOOR); }

    /**
     * Element-wise ceiling, NumPy's {@code ceil}: the smallest integer not below each value, in
     * the array's dtype (int and bool arrays are kept as they are). Lazy.
     *
     * @return the ceilings, of this array's shape and dtype
     */
    public NDArray ceil() { return un(Op.CEIL); }

    /**
     * Rounds each value to the nearest integer, half to even, as NumPy's {@code round} (and
     * {@code rint}) with no decimals: 0.5 and -0.5 round to 0, 1.5 and 2.5 to 2. Lazy.
     *
     * @return the rounded values, of this array's shape and dtype
     * @throws io.numfuse.core.TypeException on a bool array (NumPy would give int8)
     */
    public NDArray round() { return un(Op.ROUND); }

    /**
     * Element-wise sign, NumPy's {@code sign}: -1, 0 or 1 (NaN for NaN), in the array's dtype. Lazy.
     *
     * @return the signs, of this array's shape and dtype
     * @throws io.numfuse.core.TypeException on a bool array (NumPy would give int8)
     */
    public NDArray sign() { return un(Op.SIGN); }

    /**
     * Element-wise arc tangent of {@code this / x} that takes the quadrant from both signs,
     * NumPy's {@code arctan2(y, x)} with this array as {@code y}. Lazy.
     *
     * @param x the second argument, broadcast against this array
     * @return the angles in radians, in [-pi, pi], of the broadcast shape; float dtypes are kept,
     *         ints give float64
     * @throws ShapeMismatchException if the shapes do not broadcast
     * @throws io.numfuse.core.TypeException if both operands are bool
     */
    public NDArray arctan2(NDArray x) { return bin(Op.ARCTAN2, x); }

    /**
     * Element-wise inverse hyperbolic sine, NumPy's {@code arcsinh}; float dtypes are kept, ints give float64. Lazy.
     *
     * @return the values, of this array's shape
     * @throws io.numfuse.core.TypeException on a bool array
     */
    public NDArray arcsinh() { return un(Op.ARCSINH); }

    /**
     * Element-wise inverse hyperbolic cosine, NumPy's {@code arccosh} (NaN below 1); float dtypes
     * are kept, ints give float64. Lazy.
     *
     * @return the values, of this array's shape
     * @throws io.numfuse.core.TypeException on a bool array
     */
    public NDArray arccosh() { return un(Op.ARCCOSH); }

    /**
     * Element-wise inverse hyperbolic tangent, NumPy's {@code arctanh} (infinite at -1 and 1, NaN
     * outside); float dtypes are kept, ints give float64. Lazy.
     *
     * @return the values, of this array's shape
     * @throws io.numfuse.core.TypeException on a bool array
     */
    public NDArray arctanh() { return un(Op.ARCTANH); }

    /**
     * Element-wise 2<sup>x</sup>, NumPy's {@code exp2}; float dtypes are kept, ints give float64. Lazy.
     *
     * @return the powers of two, of this array's shape
     * @throws io.numfuse.core.TypeException on a bool array
     */
    public NDArray exp2() { return un(Op.EXP2); }

    /**
     * Element-wise {@code x*x}, NumPy's {@code square}, in the array's dtype (an int array wraps). Lazy.
     *
     * @return the squares, of this array's shape and dtype
     * @throws io.numfuse.core.TypeException on a bool array (NumPy would give int8)
     */
    public NDArray square() { return un(Op.SQUARE); }

    /**
     * Element-wise {@code 1/x}, NumPy's {@code reciprocal}, in the array's dtype; on an int array
     * NumPy's integer rule: 1, -1 or 0, and the dtype's minimum for 0 (as NumPy gives it on x86-64). Lazy.
     *
     * @return the reciprocals, of this array's shape and dtype
     * @throws io.numfuse.core.TypeException on a bool array (NumPy would give int8)
     */
    public NDArray reciprocal() { return un(Op.RECIPROCAL); }

    /**
     * Element-wise sqrt(x<sup>2</sup> + y<sup>2</sup>) without undue overflow or underflow,
     * NumPy's {@code hypot}, with this array as {@code x}. Lazy.
     *
     * @param y the other leg, broadcast against this array
     * @return the hypotenuses, of the broadcast shape; float dtypes are kept, ints give float64
     * @throws ShapeMismatchException if the shapes do not broadcast
     * @throws io.numfuse.core.TypeException if both operands are bool
     */
    public NDArray hypot(NDArray y) { return bin(Op.HYPOT, y); }

    /**
     * {@link #hypot(NDArray)} with a weak float scalar as the other leg. Lazy.
     *
     * @param y the other leg
     * @return the hypotenuses, of this array's shape; a float array keeps its dtype, an int or
     *         bool array gives float64
     */
    public NDArray hypot(double y) { return bin(Op.HYPOT, Graph.weak(y)); }

    /**
     * Limits the values to [lo, hi], NumPy's {@code clip}: {@code minimum(maximum(this, lo), hi)},
     * with the promotion of the three operands; NaN in any operand gives NaN, and where
     * {@code lo > hi} every element is {@code hi}. Lazy.
     *
     * @param lo the lower bounds, broadcast against this array
     * @param hi the upper bounds, broadcast against this array
     * @return the clipped values, of the broadcast shape and the promoted dtype
     * @throws ShapeMismatchException if the shapes do not broadcast
     */
    public NDArray clip(NDArray lo, NDArray hi) { return new NDArray(Graph.clip(cur(), lo.cur(), hi.cur())); }

    /**
     * {@link #clip(NDArray, NDArray)} with weak float bounds: a float array keeps its dtype, an
     * int array gives float64. Lazy.
     *
     * @param lo the lower bound
     * @param hi the upper bound
     * @return the clipped values, of this array's shape
     */
    public NDArray clip(double lo, double hi) { return new NDArray(Graph.clip(cur(), Graph.weak(lo), Graph.weak(hi))); }

    /**
     * {@link #clip(NDArray, NDArray)} with weak int bounds; an int or float array keeps its dtype.
     * On an int array a bound at or beyond the dtype's range leaves that side open, as np.clip does. Lazy.
     *
     * @param lo the lower bound
     * @param hi the upper bound
     * @return the clipped values, of this array's shape
     * @throws ValueException if a bound lies beyond the int dtype's range on the side it cannot
     *         leave open (a lower bound above the maximum, an upper one below the minimum)
     */
    public NDArray clip(long lo, long hi) { return new NDArray(Graph.clip(cur(), Graph.weak(lo), Graph.weak(hi))); }

    /**
     * This array converted to {@code dtype}, NumPy's {@code astype} (unsafe casting): floats to
     * ints truncate towards zero and saturate at the int range, NaN becoming 0 (NumPy leaves these
     * to the platform); ints to narrower ints wrap; anything to bool is {@code != 0}. Lazy. The
     * result is always a new array, as NumPy's {@code astype} (whose {@code copy} is true by
     * default): when this array already has {@code dtype} it is a copy ({@link Num#copyOf}), so
     * writing one never changes the other.
     *
     * @param dtype the element type of the result
     * @return the converted array, of this array's shape
     */
    public NDArray astype(DType dtype) { return dtype == dtype() ? Num.copyOf(this) : new NDArray(Graph.cast(cur(), dtype)); }

    /** {@link #astype} without its copy: this array's node itself when it has {@code dtype} (expression strings, whose values are new anyway). */
    NDArray cast(DType dtype) { return new NDArray(Graph.cast(cur(), dtype)); }

    NDArray un(Op op) { return new NDArray(Graph.unary(op, cur())); }
    NDArray bin(Op op, NDArray o) { return new NDArray(Graph.binary(op, cur(), o.cur())); }
    private NDArray bin(Op op, Node scalar) { return new NDArray(Graph.binary(op, cur(), scalar)); }

    // ---- reductions -------------------------------------------------------------------------

    /**
     * The sum of all elements, NumPy's {@code sum}: bool and int32 are summed as int64 (ints wrap),
     * float32 stays float32. Float sums are compensated on every target (within about an ulp of
     * the exact sum unless it cancels). The sum of an empty array is 0. Lazy.
     *
     * @return a 0-d array; {@link #item()} reads it
     */
    public NDArray sum() { return reduce(Op.SUM, null, false); }

    /**
     * The sums along one axis, NumPy's {@code sum(axis=...)}, with the dtypes of {@link #sum()}. Lazy.
     *
     * @param axis the axis summed over; negative counts from the end
     * @return an array of this array's shape without that axis
     * @throws io.numfuse.core.AxisException if the axis is out of range
     */
    public NDArray sum(int axis) { return reduce(Op.SUM, new int[] { axis }, false); }

    /**
     * The product of all elements, NumPy's {@code prod}: bool and int32 multiply as int64 (ints
     * wrap); the product of an empty array is 1. Lazy.
     *
     * @return a 0-d array
     */
    public NDArray prod() { return reduce(Op.PROD, null, false); }

    /**
     * The products along one axis, NumPy's {@code prod(axis=...)}, with the dtypes of {@link #prod()}. Lazy.
     *
     * @param axis the axis multiplied over; negative counts from the end
     * @return an array of this array's shape without that axis
     * @throws io.numfuse.core.AxisException if the axis is out of range
     */
    public NDArray prod(int axis) { return reduce(Op.PROD, new int[] { axis }, false); }

    // ---- scans ------------------------------------------------------------------------------

    /**
     * The cumulative sum of the flattened array (C order), NumPy's {@code cumsum(a)}: a 1-D array
     * of {@link #size()} elements (a 0-d array gives one). bool and int32 are summed as int64 (ints
     * wrap), int64, float32 and float64 keep their dtype; a NaN propagates to the end of its line.
     * Lazy, and fused with its element-wise producer: {@code a.mul(b).add(1).cumsum()} is one
     * kernel with no array of {@code a*b+1}. Float results may differ from NumPy's sequential sums
     * by rounding: the compiled targets scan in blocks, in parallel.
     *
     * @return the running sums
     */
    public NDArray cumsum() { return scan(Op.SUM, null, null); }

    /**
     * The cumulative sums along one axis, NumPy's {@code cumsum(a, axis)}, with the dtypes of {@link #cumsum()}. Lazy.
     *
     * @param axis the axis summed along; negative counts from the end
     * @return an array of this array's shape (a 0-d array gives shape {@code (1,)})
     * @throws io.numfuse.core.AxisException if the axis is out of range
     */
    public NDArray cumsum(int axis) { return scan(Op.SUM, axis, null); }

    /**
     * The cumulative sums along one axis (null: of the flattened array) in {@code dtype}, NumPy's
     * {@code cumsum(a, axis, dtype=dtype)}: the elements are converted to it first. Lazy.
     *
     * @param axis  the axis summed along (negative counts from the end), or null for the flattened array
     * @param dtype the dtype summed in and returned (not bool)
     * @return the running sums
     * @throws io.numfuse.core.AxisException if the axis is out of range
     * @throws io.numfuse.core.TypeException if {@code dtype} is bool
     */
    public NDArray cumsum(Integer axis, DType dtype) { return scan(Op.SUM, axis, java.util.Objects.requireNonNull(dtype, "dtype")); }

    /**
     * The cumulative product of the flattened array (C order), NumPy's {@code cumprod(a)}, with
     * the dtypes of {@link #cumsum()} (ints wrap). Lazy and fused as {@link #cumsum()}.
     *
     * @return the running products
     */
    public NDArray cumprod() { return scan(Op.PROD, null, null); }

    /**
     * The cumulative products along one axis, NumPy's {@code cumprod(a, axis)}. Lazy.
     *
     * @param axis the axis multiplied along; negative counts from the end
     * @return an array of this array's shape (a 0-d array gives shape {@code (1,)})
     * @throws io.numfuse.core.AxisException if the axis is out of range
     */
    public NDArray cumprod(int axis) { return scan(Op.PROD, axis, null); }

    /**
     * The cumulative products along one axis (null: of the flattened array) in {@code dtype},
     * NumPy's {@code cumprod(a, axis, dtype=dtype)}. Lazy.
     *
     * @param axis  the axis multiplied along (negative counts from the end), or null for the flattened array
     * @param dtype the dtype multiplied in and returned (not bool)
     * @return the running products
     * @throws io.numfuse.core.AxisException if the axis is out of range
     * @throws io.numfuse.core.TypeException if {@code dtype} is bool
     */
    public NDArray cumprod(Integer axis, DType dtype) { return scan(Op.PROD, axis, java.util.Objects.requireNonNull(dtype, "dtype")); }

    private NDArray scan(Op op, Integer axis, DType dtype) { return new NDArray(Graph.scan(op, cur(), axis, dtype)); }

    // ---- boolean masks ----------------------------------------------------------------------

    /**
     * The elements where {@code m} is true, NumPy's {@code a[m]}: {@code m} is a bool array of
     * this array's shape, or of its leading axes (it then selects whole sub-arrays); the result
     * is a new array of shape {@code (count,)} followed by the axes {@code m} does not cover, in
     * C order. Not lazy: the result's length is the number of true elements, so this evaluates
     * this array and {@code m} (on the current target), counts, and compacts (a parallel scan of
     * the counts and a copy, on the host's threads).
     *
     * @param m the mask
     * @return the selected elements, a new array
     * @throws IndexException if {@code m} is not bool, has more axes than this array, or an axis
     *                        of it does not match this array's (NumPy's message)
     */
    public NDArray mask(NDArray m) { return Masks.mask(this, m); }

    /**
     * Sets the elements where {@code m} is true to {@code value}, NumPy's {@code a[m] = value}:
     * this array becomes {@code where(m, value, a)} (written as {@link #assign} writes: through a
     * view into the memory it shares, and lazy readers of the old values keep them). Lazy when
     * {@code value} is one value; otherwise the mask is evaluated (its count must match).
     *
     * @param m     a bool array of this array's shape, or of its leading axes
     * @param value one value (a 0-d or 1-element array) for every selected element, or the
     *              selected elements' values in order: NumPy's rule, {@code count(m)} values (or
     *              an array that broadcasts to the selected elements' shape), cast to this dtype
     * @return this array
     * @throws IndexException if {@code m} is not a fitting bool mask (see {@link #mask})
     * @throws ValueException if {@code value} has neither one value nor one per selected element
     */
    public NDArray maskAssign(NDArray m, NDArray value) { return Masks.assign(this, m, value); }

    /**
     * Sets the elements where {@code m} is true to {@code value}, NumPy's {@code a[m] = value}
     * with a Python float: see {@link #maskAssign(NDArray, NDArray)}. Lazy.
     *
     * @param m     a bool array of this array's shape, or of its leading axes
     * @param value the value, cast to this dtype
     * @return this array
     * @throws IndexException if {@code m} is not a fitting bool mask
     */
    public NDArray maskAssign(NDArray m, double value) { return Masks.assign(this, m, Num.zeros(dtype()).assign(value)); }

    /**
     * Sets the elements where {@code m} is true to the integer {@code value}, NumPy's
     * {@code a[m] = value} with a Python int. Lazy.
     *
     * @param m     a bool array of this array's shape, or of its leading axes
     * @param value the value, cast to this dtype
     * @return this array
     * @throws IndexException if {@code m} is not a fitting bool mask
     */
    public NDArray maskAssign(NDArray m, long value) { return Masks.assign(this, m, Num.zeros(dtype()).assign(value)); }

    /**
     * The largest element, NumPy's {@code max}: NaN-propagating (NaN if any element is NaN), in
     * this array's dtype. Lazy.
     *
     * @return a 0-d array
     * @throws ValueException if the array is empty (a maximum has no identity, as in NumPy)
     */
    public NDArray max() { return reduce(Op.MAX, null, false); }

    /**
     * The largest elements along one axis, NumPy's {@code max(axis=...)}, NaN-propagating. Lazy.
     *
     * @param axis the axis reduced; negative counts from the end
     * @return an array of this array's shape without that axis, and its dtype
     * @throws io.numfuse.core.AxisException if the axis is out of range
     * @throws ValueException if that axis has length 0
     */
    public NDArray max(int axis) { return reduce(Op.MAX, new int[] { axis }, false); }

    /**
     * The smallest element, NumPy's {@code min}: NaN-propagating, in this array's dtype. Lazy.
     *
     * @return a 0-d array
     * @throws ValueException if the array is empty
     */
    public NDArray min() { return reduce(Op.MIN, null, false); }

    /**
     * The smallest elements along one axis, NumPy's {@code min(axis=...)}, NaN-propagating. Lazy.
     *
     * @param axis the axis reduced; negative counts from the end
     * @return an array of this array's shape without that axis, and its dtype
     * @throws io.numfuse.core.AxisException if the axis is out of range
     * @throws ValueException if that axis has length 0
     */
    public NDArray min(int axis) { return reduce(Op.MIN, new int[] { axis }, false); }

    /**
     * The arithmetic mean of all elements, NumPy's {@code mean}: bool and int arrays give float64,
     * float32 stays float32; the sum is compensated. The mean of an empty array is NaN. Lazy.
     *
     * @return a 0-d array
     */
    public NDArray mean() { return new NDArray(Graph.mean(cur(), null, false)); }

    /**
     * The means along one axis, NumPy's {@code mean(axis=...)}, with the dtypes of {@link #mean()}. Lazy.
     *
     * @param axis the axis averaged over; negative counts from the end
     * @return an array of this array's shape without that axis
     * @throws io.numfuse.core.AxisException if the axis is out of range
     */
    public NDArray mean(int axis) { return new NDArray(Graph.mean(cur(), new int[] { axis }, false)); }

    /**
     * Sums over several axes, NumPy's {@code sum(a, axis=axes, keepdims=keepdims)}, with the
     * dtypes of {@link #sum()}. Lazy.
     *
     * @param axes     the axes summed over (negative counts from the end), or null for all of them
     * @param keepdims whether the reduced axes stay in the result as axes of length 1 (so that
     *                 the result broadcasts against this array)
     * @return the array of sums
     * @throws io.numfuse.core.AxisException if an axis is out of range or repeated
     */
    public NDArray sum(int[] axes, boolean keepdims) { return reduce(Op.SUM, axes, keepdims); }

    /**
     * Products over several axes, NumPy's {@code prod(a, axis=axes, keepdims=keepdims)}, with the
     * dtypes of {@link #prod()}. Lazy.
     *
     * @param axes     the axes multiplied over (negative counts from the end), or null for all of them
     * @param keepdims whether the reduced axes stay in the result as axes of length 1
     * @return the array of products
     * @throws io.numfuse.core.AxisException if an axis is out of range or repeated
     */
    public NDArray prod(int[] axes, boolean keepdims) { return reduce(Op.PROD, axes, keepdims); }

    /**
     * Maxima over several axes, NumPy's {@code max(a, axis=axes, keepdims=keepdims)}: NaN
     * propagates, as in {@link #max()}. Lazy.
     *
     * @param axes     the axes reduced (negative counts from the end), or null for all of them
     * @param keepdims whether the reduced axes stay in the result as axes of length 1
     * @return the array of maxima
     * @throws io.numfuse.core.AxisException if an axis is out of range or repeated
     * @throws ValueException if a reduced axis has length 0 (NumPy: no identity)
     */
    public NDArray max(int[] axes, boolean keepdims) { return reduce(Op.MAX, axes, keepdims); }

    /**
     * Minima over several axes, NumPy's {@code min(a, axis=axes, keepdims=keepdims)}: NaN
     * propagates, as in {@link #min()}. Lazy.
     *
     * @param axes     the axes reduced (negative counts from the end), or null for all of them
     * @param keepdims whether the reduced axes stay in the result as axes of length 1
     * @return the array of minima
     * @throws io.numfuse.core.AxisException if an axis is out of range or repeated
     * @throws ValueException if a reduced axis has length 0 (NumPy: no identity)
     */
    public NDArray min(int[] axes, boolean keepdims) { return reduce(Op.MIN, axes, keepdims); }

    /** A reduction of the op table over {@code axes} (null: all): what the four methods above and expression strings call. */
    NDArray reduce(Op op, int[] axes, boolean keepdims) { return new NDArray(Graph.reduce(op, cur(), axes, keepdims)); }

    /**
     * The means over several axes, NumPy's {@code mean(axis=axes, keepdims=keepdims)}, with the
     * dtypes of {@link #mean()}. Lazy.
     *
     * @param axes     the axes averaged over (negative counts from the end), or null for all of them
     * @param keepdims whether the reduced axes stay in the result as axes of length 1
     * @return the array of means
     * @throws io.numfuse.core.AxisException if an axis is out of range or repeated
     */
    public NDArray mean(int[] axes, boolean keepdims) { return new NDArray(Graph.mean(cur(), axes, keepdims)); }

    /**
     * Whether any element is nonzero (true, or NaN), NumPy's {@code any()}. Lazy.
     *
     * @return a 0-d bool array (false for an empty array)
     */
    public NDArray any() { return Statistics.any(this, null, false); }

    /**
     * Whether any element is nonzero along axes, NumPy's {@code any(axis=axes, keepdims=keepdims)}. Lazy.
     *
     * @param axes     the axes reduced (negative counts from the end), or null for all of them
     * @param keepdims whether the reduced axes stay in the result as axes of length 1
     * @return a bool array
     * @throws io.numfuse.core.AxisException if an axis is out of range or repeated
     */
    public NDArray any(int[] axes, boolean keepdims) { return Statistics.any(this, axes, keepdims); }

    /**
     * Whether every element is nonzero (NaN counts as nonzero), NumPy's {@code all()}. Lazy.
     *
     * @return a 0-d bool array (true for an empty array)
     */
    public NDArray all() { return Statistics.all(this, null, false); }

    /**
     * Whether every element is nonzero along axes, NumPy's {@code all(axis=axes, keepdims=keepdims)}. Lazy.
     *
     * @param axes     the axes reduced (negative counts from the end), or null for all of them
     * @param keepdims whether the reduced axes stay in the result as axes of length 1
     * @return a bool array
     * @throws io.numfuse.core.AxisException if an axis is out of range or repeated
     */
    public NDArray all(int[] axes, boolean keepdims) { return Statistics.all(this, axes, keepdims); }

    /**
     * The index of the largest element of the flattened array, NumPy's {@code argmax(a)}: the
     * first one when several are equal, and the first NaN when there is one (NaN propagates as
     * in {@link #max()}). Lazy, int64, 0-d; runs as reductions of the array on any target.
     *
     * @return the flat index (C order), a 0-d int64 array
     * @throws ValueException if the array is empty ("attempt to get argmax of an empty sequence")
     */
    public NDArray argmax() { return Statistics.argExtreme(this, Op.MAX, null, false); }

    /**
     * The indices of the largest elements along {@code axis}, NumPy's {@code argmax(a, axis)}:
     * the first when several are equal, the first NaN when a slice has one. Lazy, int64.
     *
     * @param axis the axis searched (negative counts from the end)
     * @return the indices, of this array's shape without {@code axis}
     * @throws io.numfuse.core.AxisException if {@code axis} is out of range
     * @throws ValueException if {@code axis} has length 0
     */
    public NDArray argmax(int axis) { return Statistics.argExtreme(this, Op.MAX, axis, false); }

    /**
     * {@link #argmax(int)} with NumPy's {@code keepdims}.
     *
     * @param axis     the axis searched (negative counts from the end)
     * @param keepdims whether {@code axis} stays in the result with length 1
     * @return the indices, int64
     * @throws io.numfuse.core.AxisException if {@code axis} is out of range
     * @throws ValueException if {@code axis} has length 0
     */
    public NDArray argmax(int axis, boolean keepdims) { return Statistics.argExtreme(this, Op.MAX, axis, keepdims); }

    /**
     * The index of the smallest element of the flattened array, NumPy's {@code argmin(a)}: the
     * first one when several are equal, and the first NaN when there is one. Lazy, int64, 0-d.
     *
     * @return the flat index (C order), a 0-d int64 array
     * @throws ValueException if the array is empty ("attempt to get argmin of an empty sequence")
     */
    public NDArray argmin() { return Statistics.argExtreme(this, Op.MIN, null, false); }

    /**
     * The indices of the smallest elements along {@code axis}, NumPy's {@code argmin(a, axis)}:
     * the first when several are equal, the first NaN when a slice has one. Lazy, int64.
     *
     * @param axis the axis searched (negative counts from the end)
     * @return the indices, of this array's shape without {@code axis}
     * @throws io.numfuse.core.AxisException if {@code axis} is out of range
     * @throws ValueException if {@code axis} has length 0
     */
    public NDArray argmin(int axis) { return Statistics.argExtreme(this, Op.MIN, axis, false); }

    /**
     * {@link #argmin(int)} with NumPy's {@code keepdims}.
     *
     * @param axis     the axis searched (negative counts from the end)
     * @param keepdims whether {@code axis} stays in the result with length 1
     * @return the indices, int64
     * @throws io.numfuse.core.AxisException if {@code axis} is out of range
     * @throws ValueException if {@code axis} has length 0
     */
    public NDArray argmin(int axis, boolean keepdims) { return Statistics.argExtreme(this, Op.MIN, axis, keepdims); }

    /**
     * The number of nonzero elements (true, NaN included), NumPy's {@code count_nonzero(a)}. Lazy.
     *
     * @return a 0-d int64 array
     */
    public NDArray countNonzero() { return Statistics.countNonzero(this, null, false); }

    /**
     * The numbers of nonzero elements along axes, NumPy's
     * {@code count_nonzero(a, axis=axes, keepdims=keepdims)}. Lazy.
     *
     * @param axes     the axes counted over (negative counts from the end), or null for all of them
     * @param keepdims whether the reduced axes stay in the result as axes of length 1
     * @return an int64 array
     * @throws io.numfuse.core.AxisException if an axis is out of range or repeated
     */
    public NDArray countNonzero(int[] axes, boolean keepdims) { return Statistics.countNonzero(this, axes, keepdims); }

    /**
     * The variance of all elements, NumPy's {@code var()} (ddof 0). See {@link #var(int[], boolean, int)}.
     *
     * @return a 0-d array (float32 for float32, float64 otherwise)
     */
    public NDArray var() { return Statistics.var(this, null, false, 0); }

    /**
     * The variance of all elements with {@code ddof} delta degrees of freedom, NumPy's
     * {@code var(ddof=ddof)} ({@code ddof = 1}: the unbiased estimate). See {@link #var(int[], boolean, int)}.
     *
     * @param ddof subtracted from the element count in the divisor
     * @return a 0-d array (float32 for float32, float64 otherwise)
     */
    public NDArray var(int ddof) { return Statistics.var(this, null, false, ddof); }

    /**
     * Variances along axes, NumPy's {@code var(axis=axes, keepdims=keepdims, ddof=ddof)}: in two
     * passes, as NumPy's, the mean first, then the sum of the squared deviations from it divided
     * by {@code max(n - ddof, 0)} (where that is 0 the result is NaN or inf, as NumPy's, without
     * its warning). Computed in float32 for float32, in float64 for the other dtypes. Lazy.
     *
     * @param axes     the axes reduced (negative counts from the end), or null for all of them
     * @param keepdims whether the reduced axes stay in the result as axes of length 1
     * @param ddof     subtracted from the element count in the divisor
     * @return the variances
     * @throws io.numfuse.core.AxisException if an axis is out of range or repeated
     */
    public NDArray var(int[] axes, boolean keepdims, int ddof) { return Statistics.var(this, axes, keepdims, ddof); }

    /**
     * The standard deviation of all elements, NumPy's {@code std()}: the square root of {@link #var()}.
     *
     * @return a 0-d array (float32 for float32, float64 otherwise)
     */
    public NDArray std() { return Statistics.std(this, null, false, 0); }

    /**
     * The standard deviation of all elements with {@code ddof} delta degrees of freedom, NumPy's
     * {@code std(ddof=ddof)}: the square root of {@link #var(int)}.
     *
     * @param ddof subtracted from the element count in the divisor
     * @return a 0-d array (float32 for float32, float64 otherwise)
     */
    public NDArray std(int ddof) { return Statistics.std(this, null, false, ddof); }

    /**
     * Standard deviations along axes, NumPy's {@code std(axis=axes, keepdims=keepdims, ddof=ddof)}:
     * the square roots of {@link #var(int[], boolean, int)}. Lazy.
     *
     * @param axes     the axes reduced (negative counts from the end), or null for all of them
     * @param keepdims whether the reduced axes stay in the result as axes of length 1
     * @param ddof     subtracted from the element count in the divisor
     * @return the standard deviations
     * @throws io.numfuse.core.AxisException if an axis is out of range or repeated
     */
    public NDArray std(int[] axes, boolean keepdims, int ddof) { return Statistics.std(this, axes, keepdims, ddof); }

    /**
     * The sum with NaNs counted as 0, NumPy's {@code nansum}, with the dtypes of {@link #sum()}. Lazy.
     *
     * @return a 0-d array (0 when every element is NaN)
     */
    public NDArray nansum() { return Statistics.nansum(this, null, false); }

    /**
     * Sums along axes with NaNs counted as 0, NumPy's {@code nansum(axis=axes, keepdims=keepdims)}. Lazy.
     *
     * @param axes     the axes summed over (negative counts from the end), or null for all of them
     * @param keepdims whether the reduced axes stay in the result as axes of length 1
     * @return the sums
     * @throws io.numfuse.core.AxisException if an axis is out of range or repeated
     */
    public NDArray nansum(int[] axes, boolean keepdims) { return Statistics.nansum(this, axes, keepdims); }

    /**
     * The maximum ignoring NaNs, NumPy's {@code nanmax}: NaN when every element is NaN (NumPy
     * also warns; numfuse does not). Lazy.
     *
     * @return a 0-d array of this array's dtype
     * @throws ValueException if the array is empty (no identity)
     */
    public NDArray nanmax() { return Statistics.nanExtreme(this, Op.MAX, null, false); }

    /**
     * Maxima along axes ignoring NaNs, NumPy's {@code nanmax(axis=axes, keepdims=keepdims)}: NaN
     * for a slice that is all NaN. Lazy.
     *
     * @param axes     the axes reduced (negative counts from the end), or null for all of them
     * @param keepdims whether the reduced axes stay in the result as axes of length 1
     * @return the maxima
     * @throws io.numfuse.core.AxisException if an axis is out of range or repeated
     * @throws ValueException if a reduced axis has length 0 (no identity)
     */
    public NDArray nanmax(int[] axes, boolean keepdims) { return Statistics.nanExtreme(this, Op.MAX, axes, keepdims); }

    /**
     * The minimum ignoring NaNs, NumPy's {@code nanmin}: NaN when every element is NaN (NumPy
     * also warns; numfuse does not). Lazy.
     *
     * @return a 0-d array of this array's dtype
     * @throws ValueException if the array is empty (no identity)
     */
    public NDArray nanmin() { return Statistics.nanExtreme(this, Op.MIN, null, false); }

    /**
     * Minima along axes ignoring NaNs, NumPy's {@code nanmin(axis=axes, keepdims=keepdims)}: NaN
     * for a slice that is all NaN. Lazy.
     *
     * @param axes     the axes reduced (negative counts from the end), or null for all of them
     * @param keepdims whether the reduced axes stay in the result as axes of length 1
     * @return the minima
     * @throws io.numfuse.core.AxisException if an axis is out of range or repeated
     * @throws ValueException if a reduced axis has length 0 (no identity)
     */
    public NDArray nanmin(int[] axes, boolean keepdims) { return Statistics.nanExtreme(this, Op.MIN, axes, keepdims); }

    /**
     * The mean of the elements that are not NaN, NumPy's {@code nanmean}, with the dtypes of
     * {@link #mean()}: NaN when every element is NaN (NumPy also warns). Lazy.
     *
     * @return a 0-d array
     */
    public NDArray nanmean() { return Statistics.nanmean(this, null, false); }

    /**
     * Means along axes of the elements that are not NaN, NumPy's
     * {@code nanmean(axis=axes, keepdims=keepdims)}: NaN for a slice that is all NaN. Lazy.
     *
     * @param axes     the axes averaged over (negative counts from the end), or null for all of them
     * @param keepdims whether the reduced axes stay in the result as axes of length 1
     * @return the means
     * @throws io.numfuse.core.AxisException if an axis is out of range or repeated
     */
    public NDArray nanmean(int[] axes, boolean keepdims) { return Statistics.nanmean(this, axes, keepdims); }

    /**
     * NumPy's {@code dot} for operands of up to two dimensions: a 0-d operand multiplies
     * element-wise, 1-D·1-D is the inner product (a 0-d result), 2-D·1-D a matrix-vector product,
     * 1-D·2-D a vector-matrix product and 2-D·2-D a matrix product. The dtype is the promoted
     * one (an int32 dot stays int32 and wraps). Lazy.
     *
     * @param o the right operand; its first axis (its only one, if 1-D) must match this array's last
     * @return the product
     * @throws ShapeMismatchException if the inner lengths differ, or an operand has more than two dimensions
     */
    public NDArray dot(NDArray o) { return new NDArray(Graph.dot(cur(), o.cur())); }

    /**
     * NumPy's {@code matmul} ({@code this @ o}) for operands of any rank from 1: a 1-D left
     * operand is a row vector and a 1-D right operand a column vector (their promoted axis is
     * removed from the result), and the batch axes (all but the last two) broadcast. The dtype is
     * the promoted one (an int32 matmul stays int32 and wraps; a bool matmul is bool). The
     * product is computed by a matrix-multiply kernel of its own (a blocked GEMM on the JVM, a
     * tiled one on OpenCL), its operands first; element-wise work on the result fuses into one
     * kernel after it. Lazy.
     *
     * @param o the right operand; its second-to-last axis (its only one, if 1-D) must match this array's last
     * @return the product, of shape {@code broadcast(batch) + (n, m)} without the promoted axes
     * @throws io.numfuse.core.ValueException if an operand is 0-d, or the contracted lengths differ (NumPy's messages)
     * @throws ShapeMismatchException if the batch axes do not broadcast
     */
    public NDArray matmul(NDArray o) { return new NDArray(Graph.matmul(cur(), o.cur())); }

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
        return new NDArray(Graph.reindex(n, Slicing.parse(spec, n.shape())));
    }

    /**
     * Integer indexing on the leading axes: {@code index(2)} is {@code a[2]}, {@code index(2, 3)}
     * is {@code a[2, 3]}; a view without those axes (0-d when every axis is indexed).
     * Negative indices count from the end.
     *
     * @param indices one index for each of the first {@code indices.length} axes
     * @return the view
     * @throws IndexException if there are more indices than axes, or one is out of bounds
     */
    public NDArray index(int... indices) {
        StringBuilder s = new StringBuilder();
        for (int i : indices) s.append(s.isEmpty() ? "" : ",").append(i);
        return slice(s.toString());
    }

    /**
     * The axes reversed, as NumPy's {@code .T}: a view (for a 2-D array, the transposed matrix).
     *
     * @return the view, of the reversed shape
     */
    public NDArray transpose() {
        int[] perm = new int[ndim()];
        for (int i = 0; i < perm.length; i++) perm[i] = perm.length - 1 - i;
        return transpose(perm);
    }

    /**
     * The axes permuted, NumPy's {@code transpose(axes)}: a view whose axis {@code i} is this
     * array's axis {@code perm[i]}.
     *
     * @param perm a permutation of the axes (negative counts from the end)
     * @return the view
     * @throws ShapeMismatchException if {@code perm} does not name as many axes as the array has
     * @throws IndexException if an axis is repeated
     * @throws io.numfuse.core.AxisException if an axis is out of range
     */
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

    /**
     * The same elements, in C (row-major) order, as an array of {@code shape}, NumPy's
     * {@code reshape}. A view when the memory layout allows (as for a contiguous array), else a
     * copy, as in NumPy. Unlike the other view methods it computes this array first.
     *
     * @param shape the new shape; one dimension may be -1, meaning whatever length makes the
     *              element count match; none for a 0-d array of one element
     * @return the reshaped array
     * @throws ShapeMismatchException if the element count differs, more than one dimension is -1,
     *         or one is negative
     */
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

    /**
     * This array broadcast to {@code shape}, NumPy's {@code broadcast_to}: a read-only view in
     * which the stretched axes repeat the same memory (writing to it is an error).
     *
     * @param shape the target shape, into which this array's shape broadcasts
     * @return the view
     * @throws ShapeMismatchException if this array's shape does not broadcast to {@code shape}
     */
    public NDArray broadcastTo(int... shape) {
        if (!Shapes.broadcastsTo(node.shape(), shape)) {
            throw new ShapeMismatchException("cannot broadcast shape " + Shapes.format(node.shape()) + " to " + Shapes.format(shape));
        }
        return new NDArray(Graph.reindex(viewed(), IndexMap.broadcast(node.shape(), shape)));
    }

    /** This array seen through {@code map}: a view, of a pending array too (what {@link Layout} builds its views with). */
    NDArray reindexed(IndexMap map) { return new NDArray(Graph.reindex(viewed(), map)); }

    /**
     * The axes of length 1 removed, NumPy's {@code squeeze()}: a view.
     *
     * @return the view, of this array's shape without its 1s
     */
    public NDArray squeeze() { return Layout.squeeze(this, null); }

    /**
     * The given axes of length 1 removed, NumPy's {@code squeeze(axis=axes)}: a view.
     *
     * @param axes the axes removed (negative counts from the end); each must have length 1
     * @return the view
     * @throws ValueException if an axis named does not have length 1
     * @throws io.numfuse.core.AxisException if an axis is out of range or repeated
     */
    public NDArray squeeze(int... axes) { return Layout.squeeze(this, axes); }

    /**
     * New axes of length 1 inserted, NumPy's {@code expand_dims(a, axis=axes)}: a view.
     *
     * @param axes the positions of the new axes in the result (negative counts from the end
     *             of the result's axes)
     * @return the view, with {@code axes.length} more axes
     * @throws ValueException if a position is repeated
     * @throws io.numfuse.core.AxisException if a position is out of range for the result's rank
     */
    public NDArray expandDims(int... axes) { return Layout.expandDims(this, axes); }

    /**
     * Two axes interchanged, NumPy's {@code swapaxes}: a view.
     *
     * @param axis1 the first axis (negative counts from the end)
     * @param axis2 the second axis
     * @return the view
     * @throws io.numfuse.core.AxisException if an axis is out of range
     */
    public NDArray swapaxes(int axis1, int axis2) { return Layout.swapaxes(this, axis1, axis2); }

    /**
     * One axis moved to a new position, the others keeping their order, NumPy's
     * {@code moveaxis(a, source, destination)}: a view.
     *
     * @param source      the axis moved (negative counts from the end)
     * @param destination its position in the result
     * @return the view
     * @throws io.numfuse.core.AxisException if an axis is out of range
     */
    public NDArray moveaxis(int source, int destination) { return Layout.moveaxis(this, new int[] { source }, new int[] { destination }); }

    /**
     * Axes moved to new positions, the others keeping their order, NumPy's
     * {@code moveaxis(a, source, destination)}: a view.
     *
     * @param source      the axes moved (negative counts from the end)
     * @param destination their positions in the result, in the same order
     * @return the view
     * @throws ValueException if the two arrays differ in length, or an axis is repeated in either
     * @throws io.numfuse.core.AxisException if an axis is out of range
     */
    public NDArray moveaxis(int[] source, int[] destination) { return Layout.moveaxis(this, source, destination); }

    /**
     * The order of the elements reversed along every axis, NumPy's {@code flip(a)}: a view
     * with negative strides (as {@code slice("::-1, ::-1")}).
     *
     * @return the view
     */
    public NDArray flip() { return Layout.flip(this, null); }

    /**
     * The order of the elements reversed along the given axes, NumPy's {@code flip(a, axis=axes)}:
     * a view with negative strides.
     *
     * @param axes the axes reversed (negative counts from the end)
     * @return the view
     * @throws ValueException if an axis is repeated
     * @throws io.numfuse.core.AxisException if an axis is out of range
     */
    public NDArray flip(int... axes) { return Layout.flip(this, axes); }

    /**
     * The elements at {@code indices} along {@code axis}, NumPy's {@code take(a, indices, axis)}
     * and its fancy indexing on one axis ({@code a[:, indices]} is {@code a.take(indices, 1)}): a
     * new array of shape {@code shape[:axis] + indices.shape + shape[axis+1:]}. Negative indices
     * count from the end. Lazy in what it gathers: the gather is one kernel with the indices'
     * producer and the consumers ({@code a.take(i, 0).mul(2).add(1)} is one kernel); this array is
     * computed first when it is pending. The indices are checked now, as NumPy checks them: that
     * computes them (a reduction) when they are pending.
     *
     * @param indices int32 or int64 indices (bools read as 0 and 1), of any shape
     * @param axis    the axis (negative counts from the end)
     * @return the gathered elements, of this array's dtype
     * @throws io.numfuse.core.IndexException if an index is out of bounds ("index 5 is out of
     *         bounds for axis 0 with size 5"), or the axis is empty and the indices are not
     * @throws io.numfuse.core.TypeException if the indices are floats
     * @throws io.numfuse.core.AxisException if the axis is out of range
     */
    public NDArray take(NDArray indices, int axis) { return Indexing.take(this, indices, axis); }

    /**
     * The elements at {@code indices} of the flattened array, NumPy's {@code take(a, indices)}
     * (no axis): the result has the indices' shape. See {@link #take(NDArray, int)}.
     *
     * @param indices int32 or int64 flat indices (bools read as 0 and 1), of any shape
     * @return the gathered elements, of this array's dtype
     * @throws io.numfuse.core.IndexException if an index is out of bounds
     * @throws io.numfuse.core.TypeException if the indices are floats
     */
    public NDArray take(NDArray indices) { return Indexing.take(this, indices, null); }

    /**
     * Writes {@code values} at flat {@code indices} of this array, NumPy's {@code put(a, indices,
     * values)}: {@code a.flat[indices[j]] = values.flat[j % values.size()]} in order, so the values
     * repeat when they are fewer, and of repeated indices the last write wins (on every target).
     * Negative indices count from the end. The values are cast to this array's dtype (unsafely, as
     * {@link #assign} casts). The write goes through {@link #assign}: views of this array see it,
     * arrays defined before it keep their values. Nothing is written, and the indices are not
     * checked, when the indices or the values are empty (as NumPy). The indices are read now (on
     * the host); the elements between the first and the last position written (all elements, when
     * this array is not C-contiguous) are read and stored again.
     *
     * @param indices int32 or int64 flat indices (bools read as 0 and 1)
     * @param values  the values, used in C order
     * @return this array
     * @throws io.numfuse.core.IndexException if an index is out of bounds ("index 10 is out of
     *         bounds for axis 0 with size 6"), or this array is empty
     * @throws io.numfuse.core.TypeException if the indices are floats
     * @throws io.numfuse.core.ValueException if this array is a broadcast view (read-only)
     */
    public NDArray put(NDArray indices, NDArray values) { return Indexing.put(this, indices, values); }

    /**
     * Writes {@code values} at {@code indices} along {@code axis}, NumPy's fancy assignment on one
     * axis ({@code a[:, indices] = values} is {@code a.indexAssign(1, indices, values)}): the values
     * are broadcast to the shape {@code shape[:axis] + indices.shape + shape[axis+1:]} and cast to
     * this array's dtype (unsafely, as {@link #assign}); of repeated indices the last wins (on every
     * target). Negative indices count from the end. A write as {@link #assign} is (views see it,
     * arrays defined before it keep their values), of the whole array; the indices are read now.
     *
     * @param axis    the axis the indices select on (negative counts from the end)
     * @param indices int32 or int64 indices (bools read as 0 and 1), of any shape
     * @param values  the values, broadcast to the indexing result's shape
     * @return this array
     * @throws io.numfuse.core.IndexException if an index is out of bounds
     * @throws ValueException if {@code values} does not broadcast to the indexing result's shape
     *         (NumPy's "shape mismatch"), or this array is a broadcast view (read-only)
     * @throws io.numfuse.core.TypeException if the indices are floats
     * @throws io.numfuse.core.AxisException if the axis is out of range
     */
    public NDArray indexAssign(int axis, NDArray indices, NDArray values) { return Indexing.indexAssign(this, axis, indices, values); }

    /**
     * The elements in C order as a new 1-D array, NumPy's {@code flatten()}: always a copy,
     * written in one kernel when it is made (this array's pending expression fused into it).
     *
     * @return a new 1-D array of {@link #size()} elements
     */
    public NDArray flatten() { return Layout.flatten(this); }

    /**
     * The elements in C order as a 1-D array, NumPy's {@code ravel()}: a view when the memory
     * layout allows (a contiguous array), else a copy. As {@link #reshape}, it computes this
     * array first.
     *
     * @return the 1-D array of {@link #size()} elements
     */
    public NDArray ravel() { return reshape(size()); }

    /**
     * The elements shifted along an axis, those pushed past the end coming back at the start,
     * NumPy's {@code roll(a, shift, axis)}: a new array, the concatenation of two slices of this
     * one ({@link Num#concatenate}: two kernels, run when it is made).
     *
     * @param shift the number of places shifted (negative shifts towards the start)
     * @param axis  the axis (negative counts from the end)
     * @return a new array of this array's shape and dtype
     * @throws io.numfuse.core.AxisException if the axis is out of range
     */
    public NDArray roll(int shift, int axis) { return Layout.roll(this, shift, axis); }

    /**
     * The elements shifted in the flattened C order and the shape restored, NumPy's
     * {@code roll(a, shift)} (no axis).
     *
     * @param shift the number of places shifted (negative shifts towards the start)
     * @return a new array of this array's shape and dtype
     */
    public NDArray roll(int shift) { return Layout.roll(this, shift, null); }

    /**
     * This array repeated {@code reps[i]} times along each axis, NumPy's {@code tile(a, reps)}:
     * when {@code reps} is shorter than the rank it is padded with 1s in front; when longer, this
     * array is seen with axes of length 1 in front. A new array, written in one kernel from a
     * broadcast view of this one when it is made.
     *
     * @param reps the repetitions per axis
     * @return a new array of this array's dtype
     * @throws ValueException if a repetition count is negative
     */
    public NDArray tile(int... reps) { return Layout.tile(this, reps); }

    /**
     * Each element repeated {@code repeats} times in a row along an axis, NumPy's
     * {@code repeat(a, repeats, axis)}: a new array, written in one kernel from a broadcast view
     * when it is made.
     *
     * @param repeats how many times each element appears
     * @param axis    the axis (negative counts from the end)
     * @return a new array, {@code repeats} times longer along {@code axis}
     * @throws ValueException if {@code repeats} is negative
     * @throws io.numfuse.core.AxisException if the axis is out of range
     */
    public NDArray repeat(int repeats, int axis) { return Layout.repeat(this, repeats, axis); }

    /**
     * Each element of the flattened array repeated {@code repeats} times in a row, NumPy's
     * {@code repeat(a, repeats)} (no axis).
     *
     * @param repeats how many times each element appears
     * @return a new 1-D array of {@code repeats * size()} elements
     * @throws ValueException if {@code repeats} is negative
     */
    public NDArray repeat(int repeats) { return Layout.repeat(this, repeats, null); }

    /**
     * An independent copy, NumPy's {@code a.copy()}: the same as {@link Num#copyOf}.
     *
     * @return a new C-contiguous array of this array's dtype, shape and values now
     */
    public NDArray copy() { return Num.copyOf(this); }

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

    /** The view a write stores into: this array's own, without running a deferred write of it (this write may replace it); a broadcast view is refused. */
    private View writeTarget() {
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
        if (DeferredWrites.defer(value, target)) return this;   // a whole array: written when observed, fused with what follows
        Executor.write(value, target, Num.currentTarget());   // after a deferred write of the buffer, if there is one
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

    private NDArray element(int... index) {
        if (index.length != ndim()) throw new IndexException("an element needs " + ndim() + " indices, got " + index.length);
        force(true);   // observing one element evaluates (and memoises) the whole array
        return index.length == 0 ? this : index(index);
    }

    /**
     * Reads one element as a double (int64 values beyond 2<sup>53</sup> round; bool is 0 or 1).
     * Computes the whole array first, if it is pending.
     *
     * @param index one index per axis (none for a 0-d array); negative counts from the end
     * @return the element
     * @throws IndexException if the number of indices is not {@link #ndim()}, or one is out of bounds
     */
    public double getDouble(int... index) { return readDouble(element(index).view()); }

    /**
     * Reads one element as a long: floats convert as {@link #astype} converts to int64
     * (truncating, NaN giving 0). Computes the whole array first, if it is pending.
     *
     * @param index one index per axis (none for a 0-d array); negative counts from the end
     * @return the element
     * @throws IndexException if the number of indices is not {@link #ndim()}, or one is out of bounds
     */
    public long getLong(int... index) { return readLong(element(index).view()); }

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
        View v = element(index).view();
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
