package io.numfuse;

import io.numfuse.ir.Graph;
import io.numfuse.ir.Node;
import io.numfuse.ir.Op;
import io.numfuse.core.ShapeMismatchException;
import io.numfuse.core.TypeException;
import io.numfuse.core.ValueException;
import io.numfuse.runtime.Target;
import io.numfuse.runtime.Targets;
import java.util.Map;

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
 * broadcasting, promotion and errors, which the NDArray methods describe ({@link NumFunctions}).
 * The factories ({@link NumFactories}) make arrays whose values are known at once, except
 * {@link #arange(int)} and {@link #arange(double, double, double)}, which are lazy, and
 * {@link #ones}, {@link #full} and {@link #copyOf}, whose fill is a write of a whole array and
 * waits, as such writes do, until the array is observed.
 *
 * <p>All methods may be called from any thread. {@link #useTarget} is global;
 * {@link #useTargetOnThisThread}, {@link #on(String, java.util.function.Supplier)} and {@link #scope()} belong to
 * the calling thread.
 */
public final class Num extends NumFunctions {
    private Num() {}

    /**
     * The global target: null until {@link #useTarget} sets it or an evaluation first needs it
     * ({@link #globalTarget}), so that a {@code NUMFUSE_TARGET} naming a device this machine lacks
     * is an error at each use, not a class that failed to initialise (after which every use of
     * {@code Num} threw {@code NoClassDefFoundError}).
     */
    private static final java.util.concurrent.atomic.AtomicReference<Target> target = new java.util.concurrent.atomic.AtomicReference<>();

    private static final ThreadLocal<Target> pinned = new ThreadLocal<>();

    private static final ThreadLocal<Target> thread = new ThreadLocal<>();

    /**
     * The target that evaluates arrays on this thread: the one {@link #on} set for the block
     * running, else this thread's ({@link #useTargetOnThisThread}), else the global one
     * ({@link #useTarget}; at start the one {@code NUMFUSE_TARGET} names, or {@code auto}).
     *
     * @return the name of the target an evaluation started now on this thread runs on, as
     *         {@link #useTarget} takes it: {@code "auto"}, {@code "jvm"}, {@code "opencl:0"}...
     * @throws io.numfuse.core.NumfuseException if the global target is the default and
     *         {@code NUMFUSE_TARGET} names no target, or a device this machine does not have
     */
    public static String target() { return currentTarget().name(); }

    /** {@link #target()} itself, for the evaluations this package starts. */
    static Target currentTarget() {
        Target t = pinned.get();
        if (t != null) return t;
        t = thread.get();
        return t != null ? t : globalTarget();
    }

    /**
     * The target {@link #useTarget} chose, else the one {@code NUMFUSE_TARGET} names, else
     * {@code auto}; the environment's is read once it resolves (a {@code useTarget} meanwhile wins).
     *
     * @throws io.numfuse.core.NumfuseException if {@code NUMFUSE_TARGET} names no target, or a
     *         device this machine does not have (and no {@code useTarget} chose one)
     */
    private static Target globalTarget() {
        Target t = target.get();
        if (t != null) return t;
        target.compareAndSet(null, Targets.defaultTarget());
        return target.get();
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
     * @param spec the target's name, or null for the process's default: the target the
     *         environment variable {@code NUMFUSE_TARGET} names (checked when an evaluation
     *         first needs it), else {@code auto}
     * @throws io.numfuse.core.NumfuseException if {@code spec} names no target, or a device this
     *         machine does not have
     */
    public static void useTarget(String spec) { target.set(spec == null ? null : Targets.parse(spec)); }

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
