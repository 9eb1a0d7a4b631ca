package io.numfuse.runtime;

import io.numfuse.ir.Buffer;
import io.numfuse.core.DType;
import io.numfuse.ir.Kernel;
import io.numfuse.ir.KernelKey;
import io.numfuse.ir.NumfuseLog;
import io.numfuse.ir.Op;
import io.numfuse.ir.Semantics;
import io.numfuse.ir.Shapes;
import io.numfuse.ir.View;
import io.numfuse.jvm.JvmCodegen;
import io.numfuse.jvm.JvmKernel;
import io.numfuse.jvm.SumState;
import java.lang.ref.Reference;
import java.util.List;

/**
 * The JVM backend: each kernel is compiled once per {@link KernelKey} to a hidden class
 * ({@link JvmCodegen}), then run on the calling thread or, when the iteration space is large,
 * split along its outermost axis across {@link WorkerPool}'s threads.
 */
public final class JvmTarget implements Target {
    public static final JvmTarget INSTANCE = new JvmTarget();

    /**
     * Compiled kernels, at most {@code numfuse.jvm.maxKernels} (4096): a process that evaluates
     * ever new expressions would otherwise keep every class it defined (hidden classes, unloaded
     * once forgotten here).
     */
    private final OnceMap<KernelKey, JvmKernel> compiled = new OnceMap<>(Integer.getInteger("numfuse.jvm.maxKernels", 4096));

    private JvmTarget() {}

    @Override public String name() { return "jvm"; }

    @Override public String description() {
        return "JVM bytecode (ASM), " + threads() + " threads, " + Runtime.version();
    }

    /**
     * The compiled kernel for {@code key}, generating and defining it on first use (in
     * {@link #run}, which runs without numfuse's lock: no {@link #prepare} step is needed). A
     * kernel with a Vector API loop runs its scalar class until that loop is warm ({@link VectorWarmup}).
     */
    public JvmKernel compile(KernelKey key) {
        return compiled.get(key, JvmTarget::generate);
    }

    /**
     * {@code kernels} ran for {@code nanos} in all on a device (auto placed them there): each one
     * this target has compiled counts that time towards its vector class's warm-up
     * ({@link VectorWarmup}), so that the JVM competes with its best code for work that is hot
     * elsewhere. Others are left alone (nothing is compiled for them here).
     */
    void ranElsewhere(java.util.List<Kernel> kernels, long nanos) {
        for (Kernel k : kernels) ranElsewhere(k, nanos);
    }

    /**
     * {@code k} ran {@code nanos} on a device ({@link #ranElsewhere(java.util.List, long)}).
     * True when no later run elsewhere can matter to its JVM class: compiled here, and either
     * without a vector class to warm up or past asking for it (a kept decision stops asking:
     * after a streaming kernel the lookup took 5 us of a resident a+b*c's call, its data out of
     * the caches). False while nothing is compiled for it here (the JVM may compile it later).
     */
    boolean ranElsewhere(Kernel k, long nanos) {
        JvmKernel c = compiled.peek(k.key());
        if (c instanceof VectorWarmup.Switching s) return s.ranElsewhere(nanos);
        return c != null;
    }

    /**
     * Waits (at most a minute) until the kernels that asked for their vector classes have them
     * ({@link VectorWarmup}), and matmul's GEMM its vector micro-kernels: for measurements of the
     * steady state. Returns whether any had asked.
     */
    public static boolean awaitVectorWarmups() {
        boolean kernels = VectorWarmup.await(60);
        try {
            return JvmMatmul.awaitWarmUp(60) | kernels;   // matmul's GEMM micro-kernels warm apart
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return kernels;
        }
    }

    /**
     * Asks for the vector class of every kernel that has run on its scalar class, however briefly,
     * instead of after its first second of runs ({@link VectorWarmup#HOT_NANOS}): for measurements
     * of the steady state, whose warm-ups are shorter than that second (a select over 10^6
     * elements stayed on its scalar class through {@code bench selection}'s warm-up, at 6 ms a
     * call against 0.4 ms on its vector class, and switched among the samples). Returns how many
     * asked; {@link #awaitVectorWarmups} waits for them.
     */
    public int warmVectorsNow() {
        int asked = 0;
        for (JvmKernel k : compiled.values()) {
            if (k instanceof VectorWarmup.Switching s && s.askIfRun()) asked++;
        }
        return asked;
    }

    @Override public int maxKernelBody() { return JvmCodegen.MAX_BODY; }

    @Override public io.numfuse.ir.KernelLimits kernelLimits() { return JvmCodegen.LIMITS; }

    /**
     * Threads a large kernel run on this thread is split across: {@code NUMFUSE_THREADS}, or
     * every core, or fewer inside {@link #withThreads}.
     */
    public static int threads() { return WorkerPool.threads(); }

    /**
     * Runs {@code work} with this thread's JVM kernels split across at most {@code threads}
     * threads, the calling one included (1: every kernel runs on the calling thread, with no
     * hand-off to the workers); the cap before it is back when {@code work} returns or throws.
     * The cap is this thread's alone (other threads are not affected), an inner call's replaces
     * an outer one's, and it never raises {@link #threads()} above the pool's threads. For a
     * thread pool that owns its cores, a Spark task for instance: each task gets its share
     * instead of every core. Under {@code auto}, the cost model prices the JVM's
     * kernels at the share of its calibrated rates that the cap leaves.
     *
     * @param threads the most threads, 1 or more
     * @param work    the code to run under the cap
     * @param <T>     its result's type
     * @return {@code work}'s result
     * @throws IllegalArgumentException if {@code threads} is below 1
     */
    public static <T> T withThreads(int threads, java.util.function.Supplier<T> work) { return WorkerPool.withThreads(threads, work); }

    /** Generates and defines the kernel of {@code key} (logged at debug with its time). */
    private static JvmKernel generate(KernelKey key) {
        long t0 = System.nanoTime();
        JvmKernel k = VectorWarmup.kernel(key);
        NumfuseLog.debug(() -> String.format("jvm: compiled a kernel (%d instructions, rank %d) in %.2f ms",
                key.body().size(), key.rank(), (System.nanoTime() - t0) / 1e6));
        return k;
    }

    /** Number of distinct kernels compiled so far. */
    public int cacheSize() { return compiled.size(); }

    @Override
    public void run(Kernel k) {
        try {
            execute(k);
        } finally {
            // the kernel holds the buffers whose arrays execute binds: none of them may look dead
            // (its array would go back to HostSpares) before the kernel is done with it
            Reference.reachabilityFence(k);
        }
    }

    private void execute(Kernel k) {
        KernelRuns.ran("jvm", 1);
        List<View> outs = k.outputs();
        toHost(k);
        for (View o : outs) o.buffer().arrayForKernel();         // a new result's storage (no lock is held here)
        if (k.isArg()) {                                           // argmax, argmin: the producer's map and a hand-written reduction
            JvmArg.run(k, this::compile);
            return;
        }
        if (k.isMatmul()) {                                        // a GEMM, not a generated loop
            JvmMatmul.run(k);
            return;
        }
        if (k.isParts()) {   // a concatenation: each part's loop in turn (compiled once per part key, shared with map kernels)
            for (Kernel p : k.parts()) runLoop(p);
            return;
        }
        runLoop(k);
    }

    /**
     * The residency part of a run of {@code k}: what a device holds newer of its inputs, and of
     * its outputs unless the kernel overwrites all of them, is copied back, and the outputs' device
     * copies are dropped. A run does it first; auto calls it before the run to time the copies
     * apart from the kernel (a second call copies nothing).
     */
    void toHost(Kernel k) {
        for (View o : k.outputs()) {
            if (overwrites(k, o)) o.buffer().beforeHostOverwrite(); else o.buffer().beforeHostWrite();
        }
        for (View v : k.inputs()) v.buffer().beforeHostRead();
    }

    /** Runs the generated loop of map, reduce or scan kernel {@code k}, split across threads when it is large. */
    private void runLoop(Kernel k) {
        List<View> outs = k.outputs();
        KernelKey key = k.key();
        JvmKernel code = compile(key);
        int[] shape = k.shape();
        int rank = shape.length;
        List<View> in = k.inputs();
        boolean pairs = SumState.needed(key);              // a float sum accumulates (sum, compensation) pairs
        int slots = in.size() + outs.size() + (pairs ? 1 : 0);
        Object[] arrays = new Object[slots];
        int[] offsets = new int[slots];
        int[] strides = new int[slots * rank];
        bindAll(k, arrays, offsets, strides);
        if (k.isReduction()) fillIdentity(k.output(), k.reduceAxes(), k.reduce());   // also the result of an empty reduction
        if (k.size() == 0) return;
        if (k.isScan()) {
            JvmScan.run(k, code, arrays, offsets, strides);
            return;
        }
        int rows = rank == 0 ? 1 : shape[0];
        int threads = WorkerPool.threads();
        boolean split = threads >= 2 && rows >= 2 && CostModel.splitsAcrossThreads(k);
        if (split && k.isReduction() && k.reduceAxes()[0]) {
            runWithPartials(k, pairs, code, arrays, offsets, strides, rows, Math.min(threads, rows));
            return;
        }
        SumState state = pairs ? SumState.of(k.output(), k.reduceAxes()) : null;
        if (state != null) state.bind(arrays, offsets, strides);
        if (split) {
            WorkerPool.split(rows, Math.min(threads, rows), (from, to) -> code.run(arrays, offsets, strides, shape, k.params(), from, to));
        } else {
            code.run(arrays, offsets, strides, shape, k.params(), 0, rows);
        }
        if (state != null) state.storeTo();
    }

    /**
     * True when {@code k} writes every element of {@code o}'s buffer and reads none of it: a
     * device's newer copy need not come back first (an explored JVM run of a loop whose arrays
     * live on a device copied each result back only to overwrite it).
     */
    static boolean overwrites(Kernel k, View o) {
        if (k.isReduction() || !k.overwritesAll(o)) return false;
        for (View in : k.inputs()) if (in.buffer() == o.buffer()) return false;
        return true;
    }

    /**
     * Calls the generated loop of map kernel {@code k} {@code times} times over all its rows, on
     * this thread, with nothing else of a run (no residency, no threads): calibration's calls for
     * the JIT ({@code CalibrationRun.callsForTheJit}), which ask it to compile the loop's method
     * by its calls, at a fraction of an evaluation's cost each.
     */
    void callLoop(Kernel k, int times) {
        if (k.isReduction() || k.isScan() || k.isParts() || k.isArg() || k.isMatmul()) throw new IllegalArgumentException("not a map kernel: " + k);
        JvmKernel code = compile(k.key());
        for (View o : k.outputs()) o.buffer().arrayForKernel();   // a new result's storage, as a run makes it
        int[] shape = k.shape();
        int rank = shape.length, slots = k.inputs().size() + k.outputs().size();
        Object[] arrays = new Object[slots];
        int[] offsets = new int[slots];
        int[] strides = new int[slots * rank];
        bindAll(k, arrays, offsets, strides);
        int rows = rank == 0 ? 1 : shape[0];
        KernelRuns.ran("jvm", times);
        for (int i = 0; i < times; i++) code.run(arrays, offsets, strides, shape, k.params(), 0, rows);
    }

    /** Binds {@code k}'s inputs, then its outputs, to the first slots of a run's arguments. */
    private static void bindAll(Kernel k, Object[] arrays, int[] offsets, int[] strides) {
        int rank = k.shape().length, ins = k.inputs().size();
        for (int a = 0; a < ins; a++) bind(k.inputs().get(a), a, rank, arrays, offsets, strides);
        for (int j = 0; j < k.outputs().size(); j++) bind(k.outputs().get(j), ins + j, rank, arrays, offsets, strides);
    }

    private static void bind(View v, int a, int rank, Object[] arrays, int[] offsets, int[] strides) {
        arrays[a] = v.buffer().array();
        offsets[a] = v.offset();
        for (int d = 0; d < rank; d++) strides[a * rank + d] = v.stride(d);
    }

    /**
     * A reduction over the outermost axis split across threads: each thread reduces into its
     * own partial output, and the partials are combined into the output in order. A float sum's
     * partials are (sum, compensation) pairs ({@link SumState}), merged with compensation and
     * rounded to the dtype once at the end; other reductions combine in the output's dtype.
     */
    private static void runWithPartials(Kernel k, boolean pairs, JvmKernel code, Object[] arrays, int[] offsets, int[] strides,
                                        int rows, int parts) {
        int rank = k.shape().length, outAccess = k.inputs().size();
        View out = k.output();
        if (pairs) {
            SumState[] partials = new SumState[parts];
            for (int p = 0; p < parts; p++) partials[p] = SumState.of(out, k.reduceAxes());
            WorkerPool.splitIndexed(rows, parts, (p, from, to) -> {
                Object[] myArrays = arrays.clone();
                int[] myOffsets = offsets.clone(), myStrides = strides.clone();
                partials[p].bind(myArrays, myOffsets, myStrides);
                code.run(myArrays, myOffsets, myStrides, k.shape(), k.params(), from, to);
            });
            for (int p = 1; p < parts; p++) partials[0].add(partials[p]);
            partials[0].storeTo();
            return;
        }
        int[] kept = new int[rank];
        int count = 1;
        for (int d = rank - 1; d >= 0; d--) {      // compact C-order strides over the kept axes
            if (k.reduceAxes()[d]) continue;
            kept[d] = count;
            count *= k.shape()[d];
        }
        Buffer[] partials = new Buffer[parts];
        View[] partialViews = new View[parts];
        for (int p = 0; p < parts; p++) {
            partials[p] = Buffer.allocate(out.dtype(), count);
            partialViews[p] = new View(partials[p], 0, k.shape(), kept);
            fillIdentity(partialViews[p], k.reduceAxes(), k.reduce());
        }
        WorkerPool.splitIndexed(rows, parts, (p, from, to) -> {
            Object[] myArrays = arrays.clone();
            int[] myOffsets = offsets.clone(), myStrides = strides.clone();
            myArrays[outAccess] = partials[p].array();
            myOffsets[outAccess] = 0;
            System.arraycopy(kept, 0, myStrides, outAccess * rank, rank);
            code.run(myArrays, myOffsets, myStrides, k.shape(), k.params(), from, to);
        });
        Op combine = k.reduce().combiner();
        DType t = out.dtype();
        forEachOutput(out, k.reduceAxes(), (o, e) -> {
            if (t.isFloat()) {
                double acc = out.buffer().getDouble(o);
                for (Buffer part : partials) acc = Semantics.floatBinary(combine, t, acc, part.getDouble(e));
                out.buffer().setDouble(o, acc);
            } else {
                long acc = out.buffer().getLong(o);
                for (Buffer part : partials) acc = Semantics.intBinary(combine, t, acc, part.getLong(e));
                out.buffer().setLong(o, acc);
            }
        });
    }

    /** Sets every element of a reduction's output to the reduction's identity. */
    static void fillIdentity(View out, boolean[] axes, Op op) {
        DType t = out.dtype();
        forEachOutput(out, axes, (o, e) -> {
            if (t.isFloat()) out.buffer().setDouble(o, op.floatStart());
            else out.buffer().setLong(o, op.intStart(t));
        });
    }

    /** Visits each output element of a reduction: its buffer offset and its C-order ordinal. */
    private static void forEachOutput(View out, boolean[] axes, OutputVisitor visit) {
        int rank = out.rank();
        int[] shape = out.shape();
        for (int d = 0; d < rank; d++) if (axes[d]) shape[d] = 1;
        int n = Shapes.size(shape);
        int[] idx = new int[rank];
        for (int e = 0; e < n; e++) {
            visit.at(out.elementOffset(idx), e);
            Shapes.increment(idx, shape);
        }
    }

    private interface OutputVisitor { void at(int offset, int ordinal); }
}
