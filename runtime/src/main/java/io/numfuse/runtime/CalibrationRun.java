package io.numfuse.runtime;

import io.numfuse.ir.Buffer;
import io.numfuse.core.DType;
import io.numfuse.core.NumfuseException;
import io.numfuse.ir.Fusion;
import io.numfuse.ir.Graph;
import io.numfuse.ir.GraphLock;
import io.numfuse.ir.Kernel;
import io.numfuse.ir.KernelKey;
import io.numfuse.ir.Node;
import io.numfuse.ir.Op;
import io.numfuse.ir.View;
import io.numfuse.jvm.JvmCodegen;
import io.numfuse.jvm.JvmKernels;
import io.numfuse.opencl.OpenClCodegen;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ThreadLocalRandom;
import org.jocl.cl_program;

/**
 * One target's part of a calibration ({@link Calibration#calibrate(List)}): its measurements,
 * each a planned evaluation on buffers of its own, and those buffers, whose device copies it
 * releases at the end. {@link Calibration} runs the phases of every target's run together: each
 * phase's operations are timed in turn by one {@link CalibrationTimer}, so that the JIT's warm-up
 * of the JVM's kernels overlaps a device's samples (they never run at the same time: the JVM and
 * a CPU device share the cores).
 */
final class CalibrationRun {
    /** Elements of the streaming kernel (three float32 arrays of 32 MiB: well past a 32 MiB last-level cache). */
    static final int STREAM_ELEMENTS = 1 << 23;
    /** The sizes of the copies that give the link's latency and bandwidth (float32 elements). */
    static final int SMALL_COPY = 256, LARGE_COPY = 1 << 22;
    /** An arithmetic sample should last about this long, so that the launch is a small part of it (seconds). */
    static final double ARITHMETIC_SAMPLE_SECONDS = 1e-3;
    /**
     * Budgets (seconds) of the phases: the first group, while the JIT compiles the kernels (it ends
     * as soon as the JIT has gone quiet: after 0.8 to 0.9 s on a fresh JVM here); launches alone
     * (a hundred samples or more); the arithmetic at its final sizes; the link.
     */
    static final double WARM_UP_BUDGET = 3.0, LAUNCH_BUDGET = 0.03, RESIZED_BUDGET = 0.2, LINK_BUDGET = 0.25;

    /**
     * Ops per element of the arithmetic kernels: enough that loads and stores are a small part of
     * an element's work, few enough that C2 compiles the JVM's kernel soon. Two transcendentals:
     * each is a block stage of the JVM's kernel, a loop of its own, and C2 compiled each stage's
     * loop on its own (on-stack replacement) as the first long calls reached it: with eight,
     * six such compilations of one kernel were the JIT's last second of the calibration.
     */
    static int chainLength(OpClass c) {
        return switch (c) {
            case SIMPLE -> 32;
            case DIVISION -> 16;
            case TRANSCENDENTAL -> 2;
        };
    }

    /** The first size of each arithmetic kernel: a few milliseconds at a slow device's rate. */
    static int firstSize(OpClass c) {
        return switch (c) {
            case SIMPLE -> 1 << 16;
            case DIVISION -> 1 << 14;
            case TRANSCENDENTAL -> 1 << 13;
        };
    }

    /** Times a simple chain is timed again, at most, when it came out slower than a division or transcendental one. */
    static final int RETIMES = 3;

    final Target on;
    /** The device, or null for the JVM. */
    final OpenClTarget device;
    /** The calibration's input arrays, shared by its runs (only read), by dtype, size and slot. */
    private final Map<String, Buffer> inputs;
    /** This run's buffers until {@link #releaseBuffers}, and those of the link's copies. */
    private final List<Buffer> buffers = new ArrayList<>(), linkBuffers = new ArrayList<>();
    /** The device's failures (kernels that fell back to the JVM) before the run. */
    private final int fallbacks;

    /** A kernel computing a chain of {@link #chainLength} ops of class {@code c} over {@code n} elements. */
    private record Chain(OpClass c, DType t, List<Kernel> kernels, int n) {
        Runnable run(Target on) { return () -> Scheduler.run(kernels, on, false); }
    }

    // what the phases measure, in order
    private CalibrationTimer.Timed launchOp, streamOp;
    /** Streaming timed again with the resized chains ({@link #resizedOps}). */
    private CalibrationTimer.Sampled streamAgain;
    private final List<Chain> chains = new ArrayList<>();
    private final List<CalibrationTimer.Timed> linkOps = new ArrayList<>();
    private FutureTask<double[]> deviceBuild;
    /** What {@link #deviceBuild} measured, once waited for. */
    private double[] built;
    private List<CalibrationTimer.Sampled> first;
    private CalibrationTimer.Sampled launches;
    private List<Chain> kernels;
    private final List<Integer> resized = new ArrayList<>(), slow = new ArrayList<>();
    private double[] rate;
    private double[] link = { Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, 0 };
    /** The fastest launch sample (seconds): a low estimate of a kernel's fixed cost. */
    private double launchFloor;

    CalibrationRun(Target on, Map<String, Buffer> inputs) {
        this.on = on;
        this.device = on instanceof OpenClTarget cl ? cl : null;
        this.inputs = inputs;
        this.fallbacks = device == null ? 0 : device.fallbackCount();
    }

    /** True when the device ran one of the run's kernels on the JVM (it failed): its figures would be the JVM's. */
    boolean deviceFailed() { return device != null && device.fallbackCount() != fallbacks; }

    // ---- the phases, in order ----------------------------------------------------------------

    /**
     * Plans every evaluation of the run. A device's kernels are built as one program, as an
     * evaluation's plan is: one compilation, or one load from the disk cache, instead of one per
     * operation at its first sample (eight of them took 3.2 s with PoCL's caches cold). Then the
     * device's build time is measured on a thread of its own ({@link #openClBuildSeconds}); not
     * before: PoCL compiles one program at a time, and the load waited 0.7 s for that build.
     */
    void plan() {
        long t0 = System.nanoTime();
        launchOp = launchOp();
        streamOp = streamOp(streamElements());
        for (OpClass c : OpClass.values()) for (DType t : floatTypes()) chains.add(chain(c, t, firstSize(c)));
        if (device != null) linkOps.addAll(linkOps());
        long t1 = System.nanoTime();
        buildPlanned();
        long t2 = System.nanoTime();
        if (device == null) callsForTheJit();
        if (CalibrationTimer.TRACE) {
            System.err.printf("numfuse: calibration: %s planned in %.3f s, its programs built in %.3f s%s%n", on.name(), (t1 - t0) / 1e9, (t2 - t1) / 1e9,
                    device == null ? String.format(", its kernels generated and called for the JIT in %.3f s", (System.nanoTime() - t2) / 1e9) : "");
        }
        if (device != null) {
            // the source made here: a kernel key takes the graph lock, which the thread that asked for
            // this calibration may hold (explain, deciding under it), waiting for this build: a deadlock
            String source = OpenClCodegen.generate(uniqueKey(device.maxKernelBody()), device.device().renderOptions()).source();
            deviceBuild = new FutureTask<>(() -> openClBuildSeconds(source));
            Thread.ofPlatform().daemon().name("numfuse-calibration-build").start(deviceBuild);
        }
    }

    /**
     * Calls of each JVM chain's kernel over {@link #JIT_CALL_ELEMENTS} elements before the first
     * group ({@link #callsForTheJit}); {@code -Dnumfuse.calibration.jitCalls=0} leaves them out.
     */
    static final int JIT_CALLS = Integer.getInteger("numfuse.calibration.jitCalls", 2000), JIT_CALL_ELEMENTS = 32;

    /**
     * Calls each JVM chain's kernel {@link #JIT_CALLS} times over a few elements, so that its
     * method's calls, not only its loop's iterations, ask the JIT for C2 at once (the kernel is
     * the same for every size: its key has none). A chain's first samples are a few calls, each a
     * long loop, and C2 got to some only after the first group and the resized one had timed them
     * in C1: 4 of 22 calibrations here put a JVM transcendental rate 10-20 times low, none of 44
     * since (docs/PERFORMANCE.md, "Calibration method 8: the JIT's calls first"). The calls run
     * the kernel's loop alone ({@link JvmTarget#callLoop}), and over 32 elements: HotSpot's
     * default thresholds ask for C2 after 600 calls once calls and loop iterations reach 15,000
     * (about 800 calls here), and most of the calls' time is the loop's, interpreted and in C1
     * while C2 is at work (method 9: 0.18-0.30 s against 0.26-0.46 over 64 elements).
     */
    private void callsForTheJit() {
        for (OpClass c : OpClass.values()) {
            for (DType t : floatTypes()) {
                for (Kernel k : chain(c, t, JIT_CALL_ELEMENTS).kernels()) ((JvmTarget) on).callLoop(k, JIT_CALLS);
            }
        }
    }

    /**
     * The first group: streaming and the arithmetic kernels at their first sizes, warming up
     * together, and launches in long samples (thousands of evaluations: what gets numfuse's own
     * code compiled by the JIT; their figure is not the launch's, {@link #launches()}).
     */
    List<CalibrationTimer.Timed> firstGroup() {
        List<CalibrationTimer.Timed> ops = new ArrayList<>(List.of(streamOp));
        for (Chain k : chains) ops.add(timed(k));
        return ops;
    }

    void firstGroupTimed(List<CalibrationTimer.Sampled> s) { first = s; }

    /** How long a sample of {@link #warmingLaunches} lasts (seconds). */
    static final double WARMING_LAUNCH_SECONDS = 2e-3;
    /** How long launches warm up at least when no device's samples are timed meanwhile (seconds). */
    static final double LAUNCH_WARM_UP_SECONDS = 0.1;

    /** Launches in long samples, timed between a device's first samples: thousands of evaluations, which get numfuse's own code compiled. */
    CalibrationTimer.Timed warmingLaunches() { return new CalibrationTimer.Timed(launchOp.name(), null, launchOp.op(), WARMING_LAUNCH_SECONDS); }

    /** Launches back to back, timed alone at the end ({@link #launchesTimed}). */
    CalibrationTimer.Timed launches() { return launchOp; }

    /** The launches' figure: the last measurement. */
    void launchesTimed(CalibrationTimer.Sampled s) {
        launches = s;
        launchFloor = Math.min(launchFloor, s.fastest());
    }

    /**
     * The warming launches' fastest sample is a first estimate of the launch's cost: with it, the chains whose fastest first sample was shorter than a
     * quarter of {@link #ARITHMETIC_SAMPLE_SECONDS} are made again over as many elements as make
     * a sample that long (in cache on a CPU); never over fewer, as a slow first sample may only
     * be a cold one. The JVM's chains are all timed again: the JIT may have finished compiling one
     * only after its first group (while it compiled a large kernel, its total compilation time
     * stood still and looked quiet).
     */
    void launchesWarmed(CalibrationTimer.Sampled s) {
        launchFloor = s.fastest();
        kernels = new ArrayList<>(chains);
        List<CalibrationTimer.Sampled> chainsFirst = chainSamples();
        for (int i = 0; i < chains.size(); i++) {
            Chain k = chains.get(i);
            double perElement = beyondLaunch(chainsFirst.get(i).fastest()) / k.n();
            int n = Integer.highestOneBit((int) Math.clamp(ARITHMETIC_SAMPLE_SECONDS / perElement, k.n(), 1 << 22));
            if (n >= 4 * k.n() || device == null) {
                kernels.set(i, chain(k.c(), k.t(), n));
                resized.add(i);
            }
        }
        buildPlanned();
    }

    /**
     * The resized chains ({@link #launchesWarmed}), and streaming again: the JVM's first group is
     * timed while a device's build runs on a thread of its own ({@link #plan}), which took one of
     * the two cores the JVM's streaming kernel runs on, and its bandwidth came out at 23-26 GB/s in
     * some calibrations and 48-55 in others.
     */
    List<CalibrationTimer.Timed> resizedOps() {
        List<CalibrationTimer.Timed> ops = new ArrayList<>(resized.stream().map(i -> timed(kernels.get(i))).toList());
        ops.add(streamOp);
        return ops;
    }

    /**
     * Each class's rate: the higher of its two sizes' rates (other work only slows a sample: a
     * resized chain timed in a busy moment, once 28x below its first size's rate under CI load,
     * does not undo what the first size showed).
     */
    void resizedTimed(List<CalibrationTimer.Sampled> again) {
        streamAgain = again.getLast();
        again = again.subList(0, again.size() - 1);
        List<CalibrationTimer.Sampled> firstTimes = chainSamples(), times = new ArrayList<>(firstTimes);
        for (int j = 0; j < resized.size(); j++) times.set(resized.get(j), again.get(j));
        rate = new double[kernels.size()];
        for (int i = 0; i < kernels.size(); i++) rate[i] = Math.max(rateOf(kernels.get(i), times.get(i)), rateOf(chains.get(i), firstTimes.get(i)));
    }

    /**
     * The simple chains slower than a chain of another class of their type, to time again (at
     * most {@link #RETIMES} rounds): no device multiplies and adds more slowly than it divides or
     * takes logarithms, so the simple chain was timed in a busy moment or before the JIT compiled
     * it (a CI run measured float32's 25 times below its usual rate, below the logarithms').
     */
    List<CalibrationTimer.Timed> slowOps() {
        slow.clear();
        for (int i = 0; i < kernels.size(); i++) {
            if (kernels.get(i).c() != OpClass.SIMPLE) continue;
            for (int j = 0; j < kernels.size(); j++) {
                if (j != i && kernels.get(j).t() == kernels.get(i).t() && rate[j] > rate[i]) {
                    slow.add(i);
                    break;
                }
            }
        }
        return slow.stream().map(i -> timed(kernels.get(i))).toList();
    }

    /** Other work only slows a sample, so the faster of a chain's figures stands. */
    void slowTimed(List<CalibrationTimer.Sampled> again) {
        for (int j = 0; j < slow.size(); j++) rate[slow.get(j)] = Math.max(rate[slow.get(j)], rateOf(kernels.get(slow.get(j)), again.get(j)));
    }

    /** A device's copies ({@link #linkOps()}); none for the JVM. */
    List<CalibrationTimer.Timed> linkGroup() { return linkOps; }

    /**
     * Upload and download bandwidth and the latency of one copy, from differences of fastest
     * samples: other work only slows a sample, and with typical figures a busy moment in the
     * resident run made a large upload look free (16 PB/s under load).
     */
    void linkTimed(List<CalibrationTimer.Sampled> sampled) {
        if (device == null) return;
        List<Double> s = sampled.stream().map(CalibrationTimer.Sampled::fastest).toList();
        double upSmall = Math.max(0, s.get(1) - s.get(0)), upLarge = s.get(4) - s.get(3), downSmall = s.get(2), downLarge = s.get(5);
        double bytes = 4.0 * (LARGE_COPY - SMALL_COPY);
        link = new double[] { bytes / Math.max(upLarge - upSmall, 1e-9), bytes / Math.max(downLarge - downSmall, 1e-9), (upSmall + downSmall) / 2 };
    }

    /** The profile the phases measured (a device's build time waited for, and the programs it built on disk). */
    DeviceProfile profile() {
        // other work only slows a sample: the faster of streaming's two figures
        double memory = 12.0 * streamElements() / beyondLaunch(Math.min(first.getFirst().seconds(), streamAgain.seconds()));
        DeviceProfile.Rates r = DeviceProfile.Rates.uniform(0, 0);
        for (int i = 0; i < kernels.size(); i++) r = r.with(kernels.get(i).c(), kernels.get(i).t(), rate[i]);
        double[] build = device == null ? jvmBuildSeconds() : awaitBuild();
        if (device != null) OpenClProgramCache.awaitStores();
        OpenClDevice d = device == null ? null : device.device();
        DeviceProfile.Kind kind = Calibration.kind(on);
        return new DeviceProfile(on.name(), kind, Calibration.identity(on), launches.seconds(), memory, r, link[0], link[1], link[2],
                build[0], build[1], d == null ? WorkerPool.poolThreads() : Math.max(1, d.computeUnits), floatTypes().contains(DType.FLOAT64),
                d == null ? Runtime.getRuntime().maxMemory() : d.globalMemory, kind == DeviceProfile.Kind.JVM || kind == DeviceProfile.Kind.CPU,
                Map.of(), Instant.now());
    }

    private List<CalibrationTimer.Sampled> chainSamples() { return first.subList(1, first.size()); }

    /** The float types {@code on} runs: float32, and float64 unless the device lacks fp64 (such kernels run on the JVM: rate 0). */
    private List<DType> floatTypes() {
        return device == null || device.device().fp64 ? List.of(DType.FLOAT32, DType.FLOAT64) : List.of(DType.FLOAT32);
    }

    // ---- launch and memory -------------------------------------------------------------------

    /**
     * A small a+b into the same 64 elements each time, planned once: what a kernel's run costs
     * beyond its work, as the scheduler times runs (planning an evaluation is not a kernel's time,
     * and is the same on every target). Planned in each call, with its result in a new buffer, the
     * figure waited for the JIT to compile the planner: a joint calibration measured the JVM's
     * launch at 25 µs where a warm one takes 1-3, and PoCL's at 40-47 where a loop's take 15-20;
     * and a new result's storage, on a heap the calibration had just grown, took page faults (runs
     * of 17 µs a call for a few hundred ms). In the first group its samples are long: thousands of
     * runs, which get the launch path compiled by the JIT.
     */
    private CalibrationTimer.Timed launchOp() {
        Node sum = Graph.binary(Op.ADD, leaf(input(DType.FLOAT32, 64, 0)), leaf(input(DType.FLOAT32, 64, 1)));
        return CalibrationTimer.Timed.of("launch", planned(sum, View.contiguous(output(DType.FLOAT32, 64, buffers), 64)));
    }

    /** {@link #STREAM_ELEMENTS}, or fewer on a device with little memory. */
    private int streamElements() {
        return (int) Math.min(STREAM_ELEMENTS, device == null ? STREAM_ELEMENTS : device.device().globalMemory / 64);
    }

    /** a+b over three float32 arrays of {@code n} elements: 12 bytes per element. */
    private CalibrationTimer.Timed streamOp(int n) {
        Node sum = Graph.binary(Op.ADD, leaf(input(DType.FLOAT32, n, 0)), leaf(input(DType.FLOAT32, n, 1)));
        return CalibrationTimer.Timed.of("memory a+b n=" + n, planned(sum, View.contiguous(output(DType.FLOAT32, n, buffers), n)));
    }

    // ---- arithmetic --------------------------------------------------------------------------

    /** Elements per second times ops per element: a chain's ops per second from its sampled time. */
    private double rateOf(Chain k, CalibrationTimer.Sampled sampled) {
        return (double) chainLength(k.c()) * k.n() / beyondLaunch(sampled.seconds());
    }

    private CalibrationTimer.Timed timed(Chain k) {
        return CalibrationTimer.Timed.of(k.c().key() + " " + k.t().numpyName() + " n=" + k.n(), k.run(on));
    }

    private Chain chain(OpClass c, DType t, int n) {
        Node y = leaf(input(t, n, 0));
        for (int i = 0; i < chainLength(c); i++) {
            boolean even = i % 2 == 0;
            y = switch (c) {   // y*0.999 + 0.001 tends to 1; 1.5/y swaps [1, 2) and (0.75, 1.5]; log then exp gives y back
                case SIMPLE -> even ? Graph.binary(Op.MUL, y, Graph.weak(0.999)) : Graph.binary(Op.ADD, y, Graph.weak(0.001));
                case DIVISION -> Graph.binary(Op.DIV, Graph.weak(1.5), y);
                case TRANSCENDENTAL -> Graph.unary(even ? Op.LOG : Op.EXP, y);
            };
        }
        return new Chain(c, t, plannedKernels(y, View.contiguous(output(t, n, buffers), n)), n);
    }

    // ---- building ----------------------------------------------------------------------------

    /** A device's kernels that {@link #buildPlanned} builds. */
    private final List<Kernel> planned = new ArrayList<>();

    /**
     * Evaluating {@code root} into {@code out} (or a new array), planned once: a call runs its
     * kernels ({@link Scheduler#run}) as an evaluation does after planning. Planning is the same
     * work on every target and is part of the launch figure; done in each sample of a 32-op chain,
     * it made the kernels' figures wait for the JIT to compile the planner too (a second here).
     * A device's kernels are noted for {@link #buildPlanned}.
     */
    private Runnable planned(Node root, View out) {
        List<Kernel> ks = plannedKernels(root, out);
        return () -> Scheduler.run(ks, on, false);
    }

    /** The kernels of evaluating {@code root} into {@code out}, planned once ({@link #planned}). */
    private List<Kernel> plannedKernels(Node root, View out) {
        List<Kernel> ks;
        GraphLock.lock();
        try {
            ks = Fusion.plan(root, out, on.kernelLimits()).kernels();
        } finally {
            GraphLock.unlock();
        }
        if (device != null) planned.addAll(ks);
        return ks;
    }

    /** Builds a device's programs for the kernels noted so far as one program. */
    private void buildPlanned() {
        if (device != null && !planned.isEmpty()) device.prepare(List.copyOf(planned));
        planned.clear();
    }

    // ---- the link ----------------------------------------------------------------------------

    /**
     * Copies of a small and a large float32 array: an upload is what an evaluation takes with its
     * input on the host beyond what it takes with the input on the device; a download is a host
     * read of a result ({@link #linkTimed}).
     */
    private List<CalibrationTimer.Timed> linkOps() {
        List<CalibrationTimer.Timed> ops = new ArrayList<>();
        for (int n : new int[] { SMALL_COPY, LARGE_COPY }) {
            Buffer in = output(DType.FLOAT32, n, linkBuffers), outBuffer = output(DType.FLOAT32, n, linkBuffers);
            fill(in);
            Runnable eval = planned(Graph.binary(Op.ADD, leaf(in), Graph.weak(1.0)), View.contiguous(outBuffer, n));
            ops.add(CalibrationTimer.Timed.of("resident n=" + n, eval));
            ops.add(new CalibrationTimer.Timed("upload n=" + n, in::beforeHostWrite, eval));              // the host writes it: the device copy goes
            ops.add(new CalibrationTimer.Timed("download n=" + n, eval, outBuffer::beforeHostRead));     // the kernel leaves it newer on the device
        }
        return ops;
    }

    /**
     * Waits for the device's build measurement ({@link #openClBuildSeconds}, on a thread of its
     * own) and returns what it measured; its failure is the calibration's.
     */
    double[] awaitBuild() {
        if (built != null) return built;
        long t0 = System.nanoTime();
        try {
            built = deviceBuild.get();
            if (CalibrationTimer.TRACE) System.err.printf("numfuse: calibration: %s's build measured (waited %.3f s)%n", on.name(), (System.nanoTime() - t0) / 1e9);
            return built;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NumfuseException("calibration interrupted");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw new IllegalStateException(e.getCause());
        }
    }

    /** The JVM: generating and defining the class of a kernel not seen before (median of three). */
    private double[] jvmBuildSeconds() {
        double[] s = new double[3];
        for (int i = 0; i < s.length; i++) {
            KernelKey key = uniqueKey(JvmCodegen.MAX_BODY);
            long t0 = System.nanoTime();
            JvmKernels.define(JvmCodegen.generate(key));
            s[i] = (System.nanoTime() - t0) / 1e9;
        }
        Arrays.sort(s);
        return new double[] { s[1], s[1] };   // no disk cache: a kernel new to the process is built again
    }

    /**
     * An OpenCL device: building a program from a source it has not seen (the compiler alone: the
     * disk cache is not involved), then making it again as a later process would find it cached:
     * from the same source where the driver keeps its own cache ({@link OpenClTarget#driverCachesPrograms},
     * PoCL's), else from that program's binary, as a load from numfuse's disk cache does. Neither
     * program is kept. It runs on a thread of its own while the first group is sampled
     * ({@link #measure}): a build is mostly the device compiler's work on one core, and timed alone
     * it made a calibration a second longer. (Until method 11 PoCL's was timed from a binary too,
     * which numfuse no longer keeps for PoCL: asking PoCL for it compiled the program again and
     * took 0.3-0.4 s of a calibration's critical path.)
     */
    private double[] openClBuildSeconds(String source) {
        OpenClDevice d = device.device();
        String options = d.buildOptions();
        long t0 = System.nanoTime();
        cl_program built = OpenClProgramCache.compile(d, source, options);
        double build = (System.nanoTime() - t0) / 1e9;
        double cached = device.driverCachesPrograms() ? rebuiltSeconds(d, source, options, built) : loadedSeconds(d, options, built);
        if (CalibrationTimer.TRACE) System.err.printf("numfuse: calibration: %s's build %.3f s, cached %.3f s (%s)%n", on.name(), build, cached,
                device.driverCachesPrograms() ? "from the driver's cache" : "from the binary");
        return new double[] { build, Math.min(build, cached) };
    }

    /** A program built again from its source, which the driver's own cache holds now; releases {@code built}. */
    private static double rebuiltSeconds(OpenClDevice d, String source, String options, cl_program built) {
        OpenClProgramCache.release(built);
        long t0 = System.nanoTime();
        cl_program again = OpenClProgramCache.compile(d, source, options);
        double s = (System.nanoTime() - t0) / 1e9;
        OpenClProgramCache.release(again);
        return s;
    }

    /** A program made again from {@code built}'s binary (infinite where there is none to load: every load is a build); releases {@code built}. */
    private static double loadedSeconds(OpenClDevice d, String options, cl_program built) {
        byte[] binary = OpenClProgramCache.binaryOf(built);
        OpenClProgramCache.release(built);
        if (binary == null || !OpenClProgramCache.loadable(d, binary)) return Double.POSITIVE_INFINITY;
        long t0 = System.nanoTime();
        cl_program loaded = OpenClProgramCache.fromBinary(d, binary, options);
        double s = (System.nanoTime() - t0) / 1e9;
        if (loaded == null) return Double.POSITIVE_INFINITY;
        OpenClProgramCache.release(loaded);
        return s;
    }

    /** The key of a small float32 kernel of 24 adds and multiplies in a random order: almost surely new (made under the graph lock). */
    private KernelKey uniqueKey(int maxBody) {
        int nonce = ThreadLocalRandom.current().nextInt(1 << 24);
        Node y = leaf(Buffer.allocate(DType.FLOAT32, 16));   // not an input: not one of the run's buffers
        for (int i = 0; i < 24; i++) y = Graph.binary((nonce >> i & 1) == 0 ? Op.ADD : Op.MUL, y, Graph.weak(0.5));
        GraphLock.lock();
        try {
            return Fusion.plan(y, null, maxBody).kernels().getFirst().key();
        } finally {
            GraphLock.unlock();
        }
    }

    // ---- buffers -----------------------------------------------------------------------------

    /** The calibration's input {@code slot} of {@code n} values in [1, 2) of type {@code t}, shared by its runs. */
    private Buffer input(DType t, int n, int slot) {
        Buffer b = inputs.computeIfAbsent(t.numpyName() + " " + n + " " + slot, k -> fill(Buffer.allocate(t, n)));
        if (!buffers.contains(b)) buffers.add(b);
        return b;
    }

    private static Buffer fill(Buffer b) {
        Object a = b.array();
        for (int i = 0; i < b.length(); i++) {
            double v = 1 + (i & 1023) / 1024.0;
            if (a instanceof float[] f) f[i] = (float) v; else ((double[]) a)[i] = v;
        }
        return b;
    }

    private static Buffer output(DType t, int n, List<Buffer> owner) {
        Buffer b = Buffer.allocate(t, n);
        owner.add(b);
        return b;
    }

    private static Node leaf(Buffer b) { return Graph.leaf(View.contiguous(b, b.length())); }

    /** Releases the device copies of the kernels' buffers (to the device's spares); the link's stay. */
    void releaseBuffers() {
        if (device != null) for (Buffer b : buffers) DeviceCopies.INSTANCE.release(b);
    }

    /** Releases the device copies of every buffer of this run, and then the device's spare buffers. */
    void releaseDeviceMemory() {
        releaseBuffers();
        if (device != null) {
            for (Buffer b : linkBuffers) DeviceCopies.INSTANCE.release(b);
            DeviceCopies.INSTANCE.dropSpares(device.device());
        }
        buffers.clear();
        linkBuffers.clear();
    }

    /**
     * A kernel's time beyond the fixed cost of launching it: less the fastest launch sample (a
     * low estimate of that cost, so that a noisy launch does not inflate a rate), and at least half.
     */
    private double beyondLaunch(double seconds) { return Math.max(seconds - launchFloor, seconds / 2); }
}
