package io.numfuse;

import io.numfuse.ir.Buffer;
import io.numfuse.core.DType;
import io.numfuse.ir.Graph;
import io.numfuse.ir.Node;
import io.numfuse.ir.Op;
import io.numfuse.core.ShapeMismatchException;
import io.numfuse.ir.Shapes;
import io.numfuse.core.TypeException;
import io.numfuse.core.ValueException;
import io.numfuse.ir.View;
import io.numfuse.npy.NpyArray;
import io.numfuse.runtime.Target;
import io.numfuse.runtime.Targets;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Entry points of the numfuse API, as static methods: array factories ({@link #array(double...)},
 * {@link #zeros}, {@link #arange(int)}, {@link #wrap}...), the NumPy functions
 * ({@link #where(NDArray, NDArray, NDArray)}, {@link #sqrt}, {@link #sum(NDArray)}...),
 * {@link #eval(String, Map)} for numexpr-style expression strings, the choice of target
 * ({@link #useTarget}, {@link #on(String, java.util.function.Supplier)}), {@link #scope()} for loops, and
 * {@link #explain} for what numfuse will do with an array.
 *
 * <p>The functions are the methods of {@link NDArray} written as NumPy writes them
 * ({@code Num.sqrt(a)} is {@code a.sqrt()}, {@code np.sqrt(a)} in NumPy): lazy, with NumPy's
 * broadcasting, promotion and errors, which the NDArray methods describe. The factories make
 * arrays whose values are known at once, except {@link #arange(int)} and
 * {@link #arange(double, double, double)}, which are lazy, and {@link #ones}, {@link #full} and
 * {@link #copyOf}, whose fill is a write of a whole array and waits, as such writes do, until
 * the array is observed.
 *
 * <p>All methods may be called from any thread. {@link #useTarget} is global;
 * {@link #useTargetOnThisThread}, {@link #on(String, java.util.function.Supplier)} and {@link #scope()} belong to
 * the calling thread.
 */
public final class Num extends NumFunctions {
    private Num() {}

    private static volatile Target target = Targets.defaultTarget();

    private static final ThreadLocal<Target> pinned = new ThreadLocal<>();

    private static final ThreadLocal<Target> thread = new ThreadLocal<>();

    /**
     * The target that evaluates arrays on this thread: the one {@link #on} set for the block
     * running, else this thread's ({@link #useTargetOnThisThread}), else the global one
     * ({@link #useTarget}; at start the one {@code NUMFUSE_TARGET} names, or {@code auto}).
     *
     * @return the name of the target an evaluation started now on this thread runs on, as
     *         {@link #useTarget} takes it: {@code "auto"}, {@code "jvm"}, {@code "opencl:0"}...
     */
    public static String target() { return currentTarget().name(); }

    /** {@link #target()} itself, for the evaluations this package starts. */
    static Target currentTarget() {
        Target t = pinned.get();
        if (t != null) return t;
        t = thread.get();
        return t != null ? t : target;
    }

    /**
     * Chooses the target for this thread only, over the global one ({@link #useTarget}); a block
     * of {@link #on} still takes precedence inside it.
     *
     * @param spec a target name as {@link #useTarget} takes it, or null to go back to the global target
     * @throws io.numfuse.core.NumfuseException if {@code spec} names no target, or a device this
     *         machine does not have
     */
    public static void useTargetOnThisThread(String spec) {
        if (spec == null) thread.remove(); else thread.set(Targets.parse(spec));
    }

    /**
     * Chooses the target for every thread (that has not chosen its own), by its command-line name:
     * {@code auto} (the default: each kernel where the cost model predicts it runs fastest),
     * {@code jvm} (bytecode on this JVM, multithreaded), {@code opencl:N} (OpenCL device N;
     * {@code opencl} is device 0), {@code gpu}, {@code cpu} or {@code accelerator} (the first
     * OpenCL device of that kind; {@code gpu:1} the second), {@code interpreter} (the slow
     * reference interpreter), and {@code auto:jvm}, {@code auto:gpu}... (auto among fewer
     * targets). Arrays already computed are not affected.
     *
     * @param spec the target's name
     * @throws io.numfuse.core.NumfuseException if {@code spec} names no target, or a device this
     *         machine does not have
     */
    public static void useTarget(String spec) { target = Targets.parse(spec); }

    /**
     * Runs {@code work} with evaluations on this thread pinned to {@code spec}
     * ({@code Num.on("opencl:0", () -> u.assign(...))}); arrays forced inside the block run
     * there, and so do the block's writes that wait (they run as it ends); arrays forced later
     * run on the target of that moment. Blocks nest; the previous choice comes back when the
     * block ends, normally or not. Other threads are not affected.
     *
     * @param <T>  the type of the block's result
     * @param spec the target's name, as {@link #useTarget} takes it
     * @param work the block
     * @return what {@code work} returns
     * @throws io.numfuse.core.NumfuseException if {@code spec} names no target, or a device this
     *         machine does not have (then {@code work} does not run)
     */
    public static <T> T on(String spec, java.util.function.Supplier<T> work) {
        Target previous = pinned.get(), on = Targets.parse(spec);
        pinned.set(on);
        try {
            return io.numfuse.runtime.DeferredWrites.inBlock(on, work);   // the block's writes that wait run on its target as it ends
        } finally {
            if (previous == null) pinned.remove(); else pinned.set(previous);
        }
    }

    /**
     * Runs {@code work} with the JVM kernels of the arrays forced inside it on this thread split
     * across at most {@code threads} threads ({@code NUMFUSE_THREADS}, default every core, caps
     * them for the whole process): 1 runs each kernel on the calling thread. For code whose
     * threads each own a share of the cores, as a Spark task does. Blocks nest; the previous cap
     * comes back when the block ends, normally or not. Other threads are not affected.
     *
     * @param <T>     the type of the block's result
     * @param threads the most threads a kernel is split across, 1 or more
     * @param work    the block
     * @return what {@code work} returns
     * @throws IllegalArgumentException if {@code threads} is below 1 (then {@code work} does not run)
     */
    public static <T> T withThreads(int threads, java.util.function.Supplier<T> work) {
        return io.numfuse.runtime.JvmTarget.withThreads(threads, work);
    }

    /**
     * {@link #on(String, java.util.function.Supplier)} for work without a result.
     *
     * @param spec the target's name, as {@link #useTarget} takes it
     * @param work the block
     * @throws io.numfuse.core.NumfuseException if {@code spec} names no target, or a device this
     *         machine does not have
     */
    public static void on(String spec, Runnable work) {
        on(spec, () -> { work.run(); return null; });
    }

    /**
     * Opens a {@link Scope} on this thread, for try-with-resources: the lazy expressions built
     * inside it are not used after it closes (evaluating one then fails with an
     * {@link IllegalStateException}; arrays evaluated inside it, and views of them, are not
     * affected), and in exchange the snapshots that writes inside it took for them are freed when
     * it closes instead of when the collector finds them dead. A loop that writes an array it
     * reads reuses two buffers, as a hand-written loop does:
     * {@code for (...) try (var s = Num.scope()) { u.slice("1:-1, 1:-1").assign(f(u)); }}.
     * Optional: without a scope the same code is correct, and the storage comes back later.
     * Writes of whole arrays from their own values ({@code z.assign(z.mul(z).add(c))}) made in a
     * scope run when it closes, together: a loop's step that updates several arrays is one
     * evaluation, and one kernel where its updates are element-wise over one shape.
     * Scopes nest, and a scope must be closed by the thread that opened it.
     *
     * @return the open scope; close it on this thread
     */
    public static Scope scope() {
        Object outer = io.numfuse.runtime.DeferredWrites.scopeOpened();
        return new Scope(io.numfuse.ir.Scope.open(), outer);
    }

    // ---- factories --------------------------------------------------------------------------

    /**
     * A 1-D float64 array of a copy of {@code values}, NumPy's {@code array([...])}.
     *
     * @param values the elements
     * @return a new array, computed
     */
    public static NDArray array(double... values) { return Creation.own(DType.FLOAT64, values.clone(), values.length); }

    /**
     * A 1-D float32 array of a copy of {@code values}.
     *
     * @param values the elements
     * @return a new array, computed
     */
    public static NDArray array(float... values) { return Creation.own(DType.FLOAT32, values.clone(), values.length); }

    /**
     * A 1-D int64 array of a copy of {@code values}.
     *
     * @param values the elements
     * @return a new array, computed
     */
    public static NDArray array(long... values) { return Creation.own(DType.INT64, values.clone(), values.length); }

    /**
     * A 1-D int32 array of a copy of {@code values}.
     *
     * @param values the elements
     * @return a new array, computed
     */
    public static NDArray array(int... values) { return Creation.own(DType.INT32, values.clone(), values.length); }

    /**
     * A 1-D bool array of {@code values}.
     *
     * @param values the elements
     * @return a new array, computed
     */
    public static NDArray array(boolean... values) { return Creation.bools(values); }

    /**
     * A 2-D float64 array of a copy of {@code rows}, NumPy's {@code array([[...], [...]])}.
     *
     * @param rows the rows, all of one length; no rows gives shape (0, 0)
     * @return a new array of shape (rows, columns), computed
     * @throws ShapeMismatchException if the rows differ in length
     */
    public static NDArray array(double[][] rows) { return Creation.rows(rows); }

    /**
     * Wraps (without copying) a Java array of {@code dtype}'s type as an array of {@code shape},
     * its elements in C (row-major) order.
     * numfuse owns the array from then on: after an evaluation on a device it may be stale (the
     * device holds the current values until they are observed through the returned NDArray), and
     * a change made to it directly is not seen by a device that holds a copy. Change it through
     * {@link NDArray#assign} or {@link NDArray#set}, or wrap a fresh array.
     *
     * @param dtype the element type
     * @param data  a {@code byte[]} (each element 0 or 1) for bool, an {@code int[]} for int32, a
     *              {@code long[]} for int64, a {@code float[]} for float32, a {@code double[]} for float64
     * @param shape the shape; its element count must be {@code data}'s length
     * @return an array over {@code data}, computed
     * @throws TypeException          if {@code data} is not the Java array of {@code dtype}
     *                                (byte[] for bool, int[], long[], float[], double[]) or is null,
     *                                or {@code dtype} or {@code shape} is null
     * @throws ShapeMismatchException if its length is not the number of elements of {@code shape},
     *                                or a dimension is negative
     */
    public static NDArray wrap(DType dtype, Object data, int... shape) { return Creation.wrap(dtype, data, shape); }

    /**
     * An array over the contents of a .npy file, as {@link io.numfuse.npy.Npy#read(java.nio.file.Path)}
     * returns them: {@code Num.fromNpy(Npy.read(path))}. Like {@link #wrap}, it does not copy:
     * the record's data array belongs to numfuse from then on.
     *
     * @param a the array read
     * @return an array of {@code a}'s dtype and shape over its data, computed
     */
    public static NDArray fromNpy(NpyArray a) { return wrap(a.dtype(), a.data(), a.shape()); }

    /**
     * A new array of zeros (false for bool), NumPy's {@code zeros}.
     *
     * @param dtype the element type
     * @param shape the shape (none for a 0-d array)
     * @return a new array, computed
     * @throws ShapeMismatchException if a dimension is negative
     * @throws ValueException if the array would have more than {@link Shapes#MAX_SIZE} elements
     */
    public static NDArray zeros(DType dtype, int... shape) {
        return NDArray.of(View.contiguous(Buffer.allocate(dtype, Shapes.size(shape)), shape));
    }

    /**
     * A new array of ones (true for bool), NumPy's {@code ones}. The fill is a write of a whole
     * array, which waits until the array is observed, fused with what follows.
     *
     * @param dtype the element type
     * @param shape the shape (none for a 0-d array)
     * @return a new array
     * @throws ShapeMismatchException if a dimension is negative
     * @throws ValueException if the array would have more than {@link Shapes#MAX_SIZE} elements
     */
    public static NDArray ones(DType dtype, int... shape) { return full(dtype, 1.0, shape); }

    /**
     * An array of {@code shape} filled with {@code value} cast to {@code dtype}, NumPy's
     * {@code full}. The fill is a write of a whole array, which waits until the array is observed.
     *
     * @param dtype the element type
     * @param value the value of every element (converted as {@link NDArray#astype} converts)
     * @param shape the shape (none for a 0-d array)
     * @return a new array
     * @throws ShapeMismatchException if a dimension is negative
     * @throws ValueException if the array would have more than {@link Shapes#MAX_SIZE} elements
     */
    public static NDArray full(DType dtype, double value, int... shape) {
        return zeros(dtype, shape).assign(value);
    }

    /**
     * 0, 1, ..., n-1 as int64, NumPy's {@code arange(n)}. Lazy: the values are computed in the
     * kernel that uses them, never stored unless the array is observed.
     *
     * @param n the length
     * @return a 1-D int64 array of length {@code n}
     * @throws ValueException if {@code n} is negative or more than {@link Shapes#MAX_SIZE}
     */
    public static NDArray arange(int n) { return new NDArray(Graph.iota(new int[] { Creation.checkLength(n) }, 0)); }

    /**
     * start, start+step, start+2*step, ... up to but excluding {@code stop}, as float64, NumPy's
     * {@code arange(start, stop, step)} with its length rule, {@code ceil((stop - start) / step)}
     * (0 if that is negative). Lazy.
     *
     * @param start the first value
     * @param stop  the end of the interval, not included
     * @param step  the spacing; negative counts down
     * @return a 1-D float64 array
     * @throws ValueException if {@code step} is 0, or the length is more than {@link Shapes#MAX_SIZE}
     */
    public static NDArray arange(double start, double stop, double step) { return Creation.arange(start, stop, step); }

    /**
     * {@code num} evenly spaced float64 values from {@code start} to {@code stop}, both included,
     * as NumPy's {@code linspace}: the last value is exactly {@code stop}.
     *
     * @param start the first value
     * @param stop  the last value
     * @param num   the number of values (1 gives {@code start} alone)
     * @return a new 1-D float64 array, computed
     * @throws ValueException if {@code num} is negative or more than {@link Shapes#MAX_SIZE}
     */
    public static NDArray linspace(double start, double stop, int num) { return Creation.linspace(start, stop, num); }

        /**
     * Pseudo-random values from a seeded generator ({@link SplittableRandom}): the same seed gives
     * the same values on every machine. Float dtypes are uniform in [0, 1); int dtypes are
     * integers uniform in [0, 100); bool is uniform false or true. (Not NumPy's generator: the
     * values differ from {@code np.random}'s.)
     *
     * @param seed  the generator's seed
     * @param dtype the element type
     * @param shape the shape (none for a 0-d array)
     * @return a new array, computed
     * @throws ShapeMismatchException if a dimension is negative
     * @throws ValueException if the array would have more than {@link Shapes#MAX_SIZE} elements
     */
    public static NDArray random(long seed, DType dtype, int... shape) { return Creation.random(seed, dtype, shape); }

    /**
     * Seeded pseudo-random integers uniform in [lo, hi), as NumPy's {@code randint} (with a
     * different generator: the same seed gives the same values on every machine, not NumPy's).
     *
     * @param seed  the generator's seed
     * @param lo    the lowest value
     * @param hi    one above the highest value
     * @param dtype the element type; the integers are stored converted to it
     * @param shape the shape (none for a 0-d array)
     * @return a new array, computed
     * @throws ValueException if {@code hi <= lo}, or the array would have more than
     *         {@link Shapes#MAX_SIZE} elements
     * @throws ShapeMismatchException if a dimension is negative
     */
    public static NDArray randint(long seed, long lo, long hi, DType dtype, int... shape) { return Creation.randint(seed, lo, hi, dtype, shape); }

    /**
     * A new C-contiguous copy of {@code a} (of a view: of the elements it sees), NumPy's
     * {@code copy}: it keeps the values {@code a} has now, and later writes to either do not
     * change the other. The copy is a write of a whole array, which waits until it is observed.
     *
     * @param a the array copied
     * @return a new array of {@code a}'s dtype and shape
     */
    public static NDArray copyOf(NDArray a) {
        NDArray out = zeros(a.dtype(), a.shape());
        return out.assign(a);
    }

    /**
     * A new array of {@code shape}, NumPy's {@code empty}: numfuse's new arrays are always
     * initialised, so this is {@link #zeros} (the values are zeros, which a program must not
     * rely on, as with NumPy's).
     *
     * @param dtype the element type
     * @param shape the shape (none for a 0-d array)
     * @return a new array, computed
     * @throws ShapeMismatchException if a dimension is negative
     * @throws ValueException if the array would have more than {@link Shapes#MAX_SIZE} elements
     */
    public static NDArray empty(DType dtype, int... shape) { return zeros(dtype, shape); }

    /**
     * A new array of zeros of {@code a}'s dtype and shape, NumPy's {@code zeros_like}.
     *
     * @param a the array whose dtype and shape are taken (its values are not read)
     * @return a new array, computed
     */
    public static NDArray zerosLike(NDArray a) { return zeros(a.dtype(), a.shape()); }

    /**
     * A new array of ones of {@code a}'s dtype and shape, NumPy's {@code ones_like}.
     *
     * @param a the array whose dtype and shape are taken (its values are not read)
     * @return a new array
     */
    public static NDArray onesLike(NDArray a) { return ones(a.dtype(), a.shape()); }

    /**
     * A new array of {@code a}'s dtype and shape filled with {@code value}, NumPy's
     * {@code full_like} (the value converted as {@link NDArray#astype} converts).
     *
     * @param a     the array whose dtype and shape are taken (its values are not read)
     * @param value the value of every element
     * @return a new array
     */
    public static NDArray fullLike(NDArray a, double value) { return full(a.dtype(), value, a.shape()); }

    /**
     * A new array of {@code a}'s dtype and shape, NumPy's {@code empty_like}: as {@link #empty},
     * its values are zeros.
     *
     * @param a the array whose dtype and shape are taken (its values are not read)
     * @return a new array, computed
     */
    public static NDArray emptyLike(NDArray a) { return zeros(a.dtype(), a.shape()); }

    /**
     * The n x n identity matrix as float64, NumPy's {@code eye(n)}. Lazy, as {@link #eye(int, int, int, DType)}.
     *
     * @param n the number of rows and columns
     * @return an n x n float64 array
     * @throws ShapeMismatchException if {@code n} is negative
     */
    public static NDArray eye(int n) { return eye(n, n, 0, DType.FLOAT64); }

    /**
     * An n x m array with ones on the {@code k}-th diagonal and zeros elsewhere, NumPy's
     * {@code eye(n, m, k, dtype)}. Lazy: a comparison of the row and column indices, computed in
     * the kernel that uses it, never stored unless observed.
     *
     * @param n     the number of rows
     * @param m     the number of columns
     * @param k     the diagonal: 0 the main one, positive above it, negative below it
     * @param dtype the element type
     * @return an n x m array of {@code dtype}
     * @throws ShapeMismatchException if {@code n} or {@code m} is negative
     * @throws ValueException if the array would have more than {@link Shapes#MAX_SIZE} elements
     */
    public static NDArray eye(int n, int m, int k, DType dtype) { return Creation.eye(n, m, k, dtype); }

    /**
     * The arrays joined along an existing axis, NumPy's {@code concatenate(arrays, axis)}: a new
     * array of the promoted dtype of all of them, lazy as any other result. Evaluated, it is one
     * kernel that writes each operand's part, each operand's element-wise producer fused into it
     * ({@code concatenate(a + b, c * 2)} reads {@code a}, {@code b} and {@code c} once each and
     * makes no other array).
     *
     * @param arrays the arrays, of the same rank and the same lengths except along {@code axis}
     * @param axis   the axis joined along (negative counts from the end)
     * @return a new array
     * @throws ValueException if {@code arrays} is empty or its arrays are 0-d
     * @throws ShapeMismatchException if the ranks or the other lengths differ
     * @throws io.numfuse.core.AxisException if the axis is out of range
     */
    public static NDArray concatenate(java.util.List<NDArray> arrays, int axis) { return Joins.concatenate(arrays, axis); }

    /**
     * The arrays joined along a new axis, NumPy's {@code stack(arrays, axis)}: the concatenation
     * of the arrays with a new axis of length 1 at {@code axis} ({@link #concatenate}).
     *
     * @param arrays the arrays, all of the same shape
     * @param axis   the position of the new axis in the result (negative counts from the end)
     * @return a new array with one more axis, of the promoted dtype
     * @throws ValueException if {@code arrays} is empty
     * @throws ShapeMismatchException if the shapes differ
     * @throws io.numfuse.core.AxisException if the axis is out of range for the result's rank
     */
    public static NDArray stack(java.util.List<NDArray> arrays, int axis) { return Joins.stack(arrays, axis); }

    /**
     * Any unary element-wise op of the op table ({@link Op#SQRT}, {@link Op#NEG}...), as its
     * NDArray method computes it: {@code apply(Op.SQRT, a)} is {@code a.sqrt()}. Lazy.
     *
     * @param op a unary op
     * @param a  the operand
     * @return the result, of {@code a}'s shape and the op's result dtype
     * @throws IllegalArgumentException if {@code op} is not a unary element-wise op
     * @throws TypeException if the op does not take {@code a}'s dtype
     */
    static NDArray apply(Op op, NDArray a) { return a.un(op); }

    /**
     * Any binary element-wise op or comparison of the op table ({@link Op#ADD}, {@link Op#LT}...),
     * as its NDArray method computes it: {@code apply(Op.ADD, a, b)} is {@code a.add(b)}. Lazy.
     *
     * @param op a binary op or comparison
     * @param a  the left operand
     * @param b  the right operand, broadcast against {@code a}
     * @return the result, of the broadcast shape and the op's result dtype
     * @throws IllegalArgumentException if {@code op} is not a binary element-wise op or comparison
     * @throws ShapeMismatchException if the shapes do not broadcast
     * @throws TypeException if the op does not take the operands' promoted dtype
     */
    static NDArray apply(Op op, NDArray a, NDArray b) { return a.bin(op, b); }

    /**
     * Any binary element-wise op or comparison of the op table, with a Java scalar second: weak,
     * as NumPy 2's Python scalars, so a float array keeps its dtype. Lazy.
     *
     * @param op a binary op or comparison
     * @param a  the left operand
     * @param b  the right operand, a weak float scalar
     * @return the result, of {@code a}'s shape
     * @throws IllegalArgumentException if {@code op} is not a binary element-wise op or comparison
     * @throws TypeException if the op does not take the operands' promoted dtype
     */
    static NDArray apply(Op op, NDArray a, double b) { return new NDArray(Graph.binary(op, a.node(), Graph.weak(b))); }

    /**
     * Any binary element-wise op or comparison of the op table, with a weak Java scalar first
     * ({@code apply(Op.SUB, 1.0, a)} is {@code 1.0 - a}). Lazy.
     *
     * @param op a binary op or comparison
     * @param a  the left operand, a weak float scalar
     * @param b  the right operand
     * @return the result, of {@code b}'s shape
     * @throws IllegalArgumentException if {@code op} is not a binary element-wise op or comparison
     * @throws TypeException if the op does not take the operands' promoted dtype
     */
    static NDArray apply(Op op, double a, NDArray b) { return new NDArray(Graph.binary(op, Graph.weak(a), b.node())); }

    // ---- expressions and explain -------------------------------------------------------------

    /**
     * Evaluates a numexpr-style expression lazily over named arrays:
     * {@code Num.eval("a + b*c", Map.of("a", a, "b", b, "c", c))}. The language is numexpr's
     * subset of Python expressions, with Python's precedence: the operators
     * {@code + - * / // % ** & | ^ ~ << >>}, comparisons (which chain: {@code a < b < c}), the
     * functions of the op table by their NumPy names ({@code sqrt}, {@code where}, {@code arctan2}...),
     * dtype names as casts ({@code float32(x)}), and {@code dot}, {@code mean}, {@code clip},
     * {@code sum}, {@code prod}, {@code max}, {@code min} (with an optional axis). Literals are weak
     * scalars with Python's semantics (ints are unbounded, and arithmetic on literals alone is
     * folded as Python folds it); names are resolved against {@code inputs} and never pasted into
     * generated code. The result is the same lazy array the equivalent chain of NDArray calls builds.
     *
     * @param expression the expression
     * @param inputs     the arrays the expression's names stand for
     * @return the expression's value, lazy
     * @throws io.numfuse.expr.ExpressionSyntaxException if the expression does not parse, or names
     *         an input or function that does not exist, or calls one with the wrong arguments;
     *         its message points at the offending column
     * @throws ShapeMismatchException if operands' shapes do not broadcast
     * @throws TypeException if an operation does not take its operands' dtypes
     * @throws ValueException if a literal does not fit the dtype it meets, or arithmetic on
     *         literals alone fails as it would in Python (division by zero)
     */
    public static NDArray eval(String expression, Map<String, NDArray> inputs) {
        return ExpressionBinder.bind(expression, inputs);
    }

    /**
     * {@link #eval(String, Map)} of an expression parsed once beforehand, for callers that
     * evaluate one expression many times (a benchmark timing microsecond calls) and walk its
     * tree themselves.
     *
     * @param expression the expression's text, quoted by error messages only
     * @param parsed     {@code ExprParser.parse(expression)}
     * @param inputs     the arrays its names stand for
     * @return the expression's value, pending like any other array
     * @throws io.numfuse.core.NumfuseException when a name is missing or the operands do not fit (as {@link #eval(String, Map)})
     */
    public static NDArray eval(String expression, io.numfuse.expr.Ast parsed, Map<String, NDArray> inputs) {
        return ExpressionBinder.bind(expression, java.util.Objects.requireNonNull(parsed, "parsed"), inputs);
    }

    /**
     * The generated code of the kernels that would compute {@code a}: the OpenCL C a device would
     * build, and the bytecode of the JVM's kernel class. Plans only: nothing runs.
     *
     * @param a the array, pending or not
     * @return the source text, for people (its format may change)
     */
    public static String explainSource(NDArray a) {
        io.numfuse.ir.GraphLock.lock();
        try {
            return Explain.source(a.node(), currentTarget());
        } finally {
            io.numfuse.ir.GraphLock.unlock();
        }
    }

    /**
     * Where the last evaluation under {@code auto} on this thread ran each kernel, what the model
     * predicted and how long it took.
     *
     * @return a description for people (its format may change), empty when there was none
     */
    public static String lastPlacement() { return io.numfuse.runtime.Executor.lastPlacement(); }

    /**
     * What numfuse will do to compute {@code a} on the current target: the kernels the fusion pass
     * makes of it, each one's iteration space, body, inputs with their layout and aliasing, and
     * key digest, and under {@code auto} each kernel's predicted cost on every target and the
     * choice. Plans only: nothing runs (the kernels' output buffers are allocated).
     *
     * @param a the array
     * @return a description for people (its format may change); a line saying there is nothing to
     *         compute when {@code a} is already evaluated
     * @throws IllegalStateException if {@code a} was built inside a {@link #scope()} that has closed
     */
    public static String explain(NDArray a) {
        io.numfuse.ir.GraphLock.lock();   // planning reads the graph, which other threads may be changing
        try {
            return Explain.explain(a.node(), currentTarget());
        } finally {
            io.numfuse.ir.GraphLock.unlock();
        }
    }

    static NDArray of(Node n) { return new NDArray(n); }
}
