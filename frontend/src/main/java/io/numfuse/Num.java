package io.numfuse;

import io.numfuse.ir.Buffer;
import io.numfuse.ir.DType;
import io.numfuse.ir.Graph;
import io.numfuse.ir.Node;
import io.numfuse.ir.Op;
import io.numfuse.ir.Scope;
import io.numfuse.ir.ShapeMismatchException;
import io.numfuse.ir.Shapes;
import io.numfuse.ir.TypeException;
import io.numfuse.ir.ValueException;
import io.numfuse.ir.View;
import io.numfuse.npy.NpyArray;
import io.numfuse.runtime.Target;
import io.numfuse.runtime.Targets;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Entry points of the numfuse API: array factories, the NumPy functions as static methods,
 * {@link #eval(String, Map)} for numexpr-style expression strings, and {@link #explain}.
 */
public final class Num {
    private Num() {}

    private static volatile Target target = Targets.defaultTarget();

    private static final ThreadLocal<Target> pinned = new ThreadLocal<>();

    private static final ThreadLocal<Target> thread = new ThreadLocal<>();

    /**
     * The target that evaluates arrays on this thread: the one {@link #on} set for the block
     * running, else this thread's ({@link #useTargetOnThisThread}), else the global one
     * ({@link #useTarget}; at start {@code NUMFUSE_TARGET}, or {@code auto}).
     */
    public static Target target() {
        Target t = pinned.get();
        if (t != null) return t;
        t = thread.get();
        return t != null ? t : target;
    }

    /** Chooses the target for this thread only, by its name; null goes back to the global target. */
    public static void useTargetOnThisThread(String spec) {
        if (spec == null) thread.remove(); else thread.set(Targets.parse(spec));
    }

    /** Chooses the target for every thread by its command-line name ({@code auto}, {@code jvm}, {@code opencl:0}...). */
    public static void useTarget(String spec) { target = Targets.parse(spec); }

    /**
     * Runs {@code work} with evaluations on this thread pinned to {@code spec}
     * ({@code Num.on("opencl:0", () -> u.assign(...))}); arrays forced inside the block run
     * there, and so do the block's writes that wait (they run as it ends); arrays forced later
     * run on the target of that moment.
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

    /** {@link #on(String, java.util.function.Supplier)} for work without a result. */
    public static void on(String spec, Runnable work) {
        on(spec, () -> { work.run(); return null; });
    }

    /**
     * Opens a {@link Scope} on this thread, for try-with-resources: the lazy expressions built
     * inside it are not used after it closes (evaluating one then fails), and in exchange the
     * snapshots that writes inside it took for them are freed when it closes instead of when the
     * collector finds them dead. A loop that writes an array it reads reuses two buffers, as a
     * hand-written loop does: {@code for (...) try (var s = Num.scope()) { u.slice("1:-1, 1:-1").assign(f(u)); }}
     */
    public static Scope scope() { return Scope.open(); }

    // ---- factories --------------------------------------------------------------------------

    public static NDArray array(double... values) { return own(DType.FLOAT64, values.clone(), values.length); }
    public static NDArray array(float... values) { return own(DType.FLOAT32, values.clone(), values.length); }
    public static NDArray array(long... values) { return own(DType.INT64, values.clone(), values.length); }
    public static NDArray array(int... values) { return own(DType.INT32, values.clone(), values.length); }

    public static NDArray array(boolean... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < b.length; i++) b[i] = (byte) (values[i] ? 1 : 0);
        return own(DType.BOOL, b, b.length);
    }

    /** A 2-D float64 array from rows of equal length. */
    public static NDArray array(double[][] rows) {
        int m = rows.length, n = m == 0 ? 0 : rows[0].length;
        double[] flat = new double[m * n];
        for (int i = 0; i < m; i++) {
            if (rows[i].length != n) throw new ShapeMismatchException("row " + i + " has " + rows[i].length + " elements, row 0 has " + n);
            System.arraycopy(rows[i], 0, flat, i * n, n);
        }
        return own(DType.FLOAT64, flat, m, n);
    }

    /** An array over a Java array numfuse made (a copy): no one else holds it, so numfuse may hand it to a snapshot or defer writes of it. */
    private static NDArray own(DType dtype, Object data, int... shape) {
        checkWrappable(dtype, data, shape);
        return NDArray.of(View.contiguous(Buffer.adopt(dtype, data), shape));
    }

    /**
     * Wraps (without copying) a Java array of {@code dtype}'s type as an array of {@code shape}.
     * numfuse owns the array from then on: after an evaluation on a device it may be stale (the
     * device holds the current values until they are observed through the returned NDArray), and
     * a change made to it directly is not seen by a device that holds a copy. Change it through
     * {@link NDArray#assign} or {@link NDArray#set}, or wrap a fresh array.
     *
     * @throws TypeException          if {@code data} is not the Java array of {@code dtype}
     *                                (byte[] for bool, int[], long[], float[], double[]) or is null
     * @throws ShapeMismatchException if its length is not the number of elements of {@code shape}
     */
    public static NDArray wrap(DType dtype, Object data, int... shape) {
        checkWrappable(dtype, data, shape);
        return NDArray.of(View.contiguous(Buffer.wrap(dtype, data), shape));
    }

    /** The checks of {@link #wrap}: a Java array of the dtype's element type, as many elements as the shape holds. */
    private static void checkWrappable(DType dtype, Object data, int[] shape) {
        if (dtype == null) throw new TypeException("wrap: the dtype is null");
        Class<?> expected = switch (dtype) {
            case BOOL -> byte[].class;   // one byte per element, 0 or 1
            case INT32 -> int[].class;
            case INT64 -> long[].class;
            case FLOAT32 -> float[].class;
            case FLOAT64 -> double[].class;
        };
        if (data == null || data.getClass() != expected) {
            throw new TypeException("wrap: dtype " + dtype.numpyName() + " wraps a Java " + expected.getSimpleName() + ", not "
                    + (data == null ? "null" : data.getClass().getSimpleName()));
        }
        if (shape == null) throw new TypeException("wrap: the shape is null");
        int length = java.lang.reflect.Array.getLength(data);
        int size = Shapes.size(shape);
        if (size != length) {
            throw new ShapeMismatchException("wrap: shape " + Shapes.format(shape) + " has " + size + " elements, the "
                    + expected.getSimpleName() + " given has " + length);
        }
    }

    public static NDArray fromNpy(NpyArray a) { return wrap(a.dtype(), a.data(), a.shape()); }

    public static NDArray zeros(DType dtype, int... shape) {
        return NDArray.of(View.contiguous(Buffer.allocate(dtype, Shapes.size(shape)), shape));
    }

    public static NDArray ones(DType dtype, int... shape) { return full(dtype, 1.0, shape); }

    /** An array of {@code shape} filled with {@code value}. */
    public static NDArray full(DType dtype, double value, int... shape) {
        return zeros(dtype, shape).assign(value);
    }

    /** 0, 1, ..., n-1 as int64 (lazy). */
    public static NDArray arange(int n) { return new NDArray(Graph.iota(new int[] { checkLength(n) }, 0)); }

    /** start, start+step, ... below stop, as float64 (lazy), with NumPy's length rule. */
    public static NDArray arange(double start, double stop, double step) {
        if (step == 0) throw new ValueException("arange: step cannot be zero");
        int n = checkLength(Math.max(0, (long) Math.ceil((stop - start) / step)));
        return new NDArray(Graph.iota(new int[] { n }, 0)).astype(DType.FLOAT64).mul(step).add(start);
    }

    /** {@code num} evenly spaced float64 values from start to stop inclusive, as NumPy's linspace. */
    public static NDArray linspace(double start, double stop, int num) {
        checkLength(num);
        double[] v = new double[num];
        double step = num > 1 ? (stop - start) / (num - 1) : 0;
        for (int i = 0; i < num; i++) v[i] = start + i * step;
        if (num > 1) v[num - 1] = stop;
        return array(v);
    }

    private static int checkLength(long n) {
        if (n < 0 || n > Shapes.MAX_SIZE) throw new ValueException("array length " + n + " is out of range 0.." + Shapes.MAX_SIZE);
        return (int) n;
    }

    /** Uniform values in [0, 1) from a seeded generator (same seed, same values, on every machine). */
    public static NDArray random(long seed, DType dtype, int... shape) {
        SplittableRandom r = new SplittableRandom(seed);
        int n = Shapes.size(shape);
        Buffer b = Buffer.allocate(dtype, n);
        for (int i = 0; i < n; i++) {
            if (dtype.isFloat()) b.setDouble(i, r.nextDouble());
            else b.setLong(i, r.nextLong(dtype == DType.BOOL ? 2 : 100));
        }
        return NDArray.of(View.contiguous(b, shape));
    }

    /** Seeded integers uniform in [lo, hi). */
    public static NDArray randint(long seed, long lo, long hi, DType dtype, int... shape) {
        if (hi <= lo) throw new ValueException("randint: high (" + hi + ") must be greater than low (" + lo + ")");
        SplittableRandom r = new SplittableRandom(seed);
        int n = Shapes.size(shape);
        Buffer b = Buffer.allocate(dtype, n);
        for (int i = 0; i < n; i++) {
            long v = r.nextLong(lo, hi);
            if (dtype.isFloat()) b.setDouble(i, v); else b.setLong(i, v);
        }
        return NDArray.of(View.contiguous(b, shape));
    }

    /** A materialised C-contiguous copy. */
    public static NDArray copyOf(NDArray a) {
        NDArray out = zeros(a.dtype(), a.shape());
        return out.assign(a);
    }

    // ---- functions --------------------------------------------------------------------------

    public static NDArray where(NDArray cond, NDArray a, NDArray b) { return new NDArray(Graph.where(cond.node(), a.node(), b.node())); }
    public static NDArray where(NDArray cond, NDArray a, double b) { return new NDArray(Graph.where(cond.node(), a.node(), Graph.weak(b))); }
    public static NDArray where(NDArray cond, double a, NDArray b) { return new NDArray(Graph.where(cond.node(), Graph.weak(a), b.node())); }
    public static NDArray maximum(NDArray a, NDArray b) { return a.maximum(b); }
    public static NDArray minimum(NDArray a, NDArray b) { return a.minimum(b); }
    public static NDArray sqrt(NDArray a) { return a.sqrt(); }
    public static NDArray exp(NDArray a) { return a.exp(); }
    public static NDArray log(NDArray a) { return a.log(); }
    public static NDArray sin(NDArray a) { return a.sin(); }
    public static NDArray cos(NDArray a) { return a.cos(); }
    public static NDArray tanh(NDArray a) { return a.tanh(); }
    public static NDArray abs(NDArray a) { return a.abs(); }
    public static NDArray arctan2(NDArray y, NDArray x) { return y.arctan2(x); }
    public static NDArray hypot(NDArray x, NDArray y) { return x.hypot(y); }
    public static NDArray arcsinh(NDArray a) { return a.arcsinh(); }
    public static NDArray arccosh(NDArray a) { return a.arccosh(); }
    public static NDArray arctanh(NDArray a) { return a.arctanh(); }
    public static NDArray exp2(NDArray a) { return a.exp2(); }
    public static NDArray square(NDArray a) { return a.square(); }
    public static NDArray reciprocal(NDArray a) { return a.reciprocal(); }
    public static NDArray isnan(NDArray a) { return a.isnan(); }
    public static NDArray isinf(NDArray a) { return a.isinf(); }
    public static NDArray isfinite(NDArray a) { return a.isfinite(); }
    public static NDArray leftShift(NDArray a, NDArray count) { return a.leftShift(count); }
    public static NDArray rightShift(NDArray a, NDArray count) { return a.rightShift(count); }
    public static NDArray clip(NDArray a, NDArray lo, NDArray hi) { return a.clip(lo, hi); }
    public static NDArray clip(NDArray a, double lo, double hi) { return a.clip(lo, hi); }
    public static NDArray clip(NDArray a, long lo, long hi) { return a.clip(lo, hi); }
    public static NDArray sum(NDArray a) { return a.sum(); }
    public static NDArray sum(NDArray a, int axis) { return a.sum(axis); }
    public static NDArray mean(NDArray a) { return a.mean(); }
    public static NDArray dot(NDArray a, NDArray b) { return a.dot(b); }

    /** Any unary element-wise op of the op table. */
    public static NDArray apply(Op op, NDArray a) { return a.un(op); }

    /** Any binary element-wise op or comparison of the op table. */
    public static NDArray apply(Op op, NDArray a, NDArray b) { return a.bin(op, b); }

    /** Any binary element-wise op or comparison of the op table, with a Java scalar (weak, as NumPy 2's Python scalars) second. */
    public static NDArray apply(Op op, NDArray a, double b) { return new NDArray(Graph.binary(op, a.node(), Graph.weak(b))); }

    /** Any binary element-wise op or comparison of the op table, with a Java scalar (weak) first. */
    public static NDArray apply(Op op, double a, NDArray b) { return new NDArray(Graph.binary(op, Graph.weak(a), b.node())); }

    // ---- expressions and explain -------------------------------------------------------------

    /**
     * Evaluates a numexpr-style expression lazily over named arrays:
     * {@code Num.eval("a + b*c", Map.of("a", a, "b", b, "c", c))}. Literals are weak scalars;
     * names are resolved against {@code inputs} and never pasted into generated code.
     */
    public static NDArray eval(String expression, Map<String, NDArray> inputs) {
        return ExpressionBinder.bind(expression, inputs);
    }

    /**
     * {@link #eval(String, Map)} of an expression parsed once beforehand:
     * {@code parsed} must be {@code ExprParser.parse(expression)} ({@code expression} is only
     * quoted by error messages). For callers that evaluate one expression many times, such as a
     * benchmark timing microsecond calls, and walk its tree themselves.
     */
    public static NDArray eval(String expression, io.numfuse.expr.Ast parsed, Map<String, NDArray> inputs) {
        return ExpressionBinder.bind(expression, java.util.Objects.requireNonNull(parsed, "parsed"), inputs);
    }

    /** The kernels the fusion pass makes of {@code a}, their keys, and which inputs alias. */
    /**
     * The generated code of the kernels that would compute {@code a}: the OpenCL C a device would
     * build, and the bytecode of the JVM's kernel class.
     */
    public static String explainSource(NDArray a) {
        io.numfuse.ir.GraphLock.lock();
        try {
            return Explain.source(a.node(), target());
        } finally {
            io.numfuse.ir.GraphLock.unlock();
        }
    }

    /** Where the last evaluation under {@code auto} on this thread ran each kernel, what the model predicted and how long it took; empty when there was none. */
    public static String lastPlacement() { return io.numfuse.runtime.Executor.lastPlacement(); }

    public static String explain(NDArray a) {
        io.numfuse.ir.GraphLock.lock();   // planning reads the graph, which other threads may be changing
        try {
            return Explain.explain(a.node(), target());
        } finally {
            io.numfuse.ir.GraphLock.unlock();
        }
    }

    static NDArray of(Node n) { return new NDArray(n); }
}
