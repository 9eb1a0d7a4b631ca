package io.numfuse.runtime;

import io.numfuse.ir.Buffer;
import io.numfuse.ir.Kernel;
import io.numfuse.ir.KernelKey;
import io.numfuse.core.NumfuseException;
import io.numfuse.ir.NumfuseLog;
import java.util.ArrayList;
import java.util.List;

/**
 * Where each kernel of an evaluation runs, and what happens when a device fails: the one place
 * that decides. A named target runs every kernel (but those a device cannot run, float64 without
 * fp64, which run on the JVM); {@code auto} ({@link AutoTarget}) places each kernel by the
 * {@link CostModel} ({@link Placement}). Consecutive kernels on one target run as one segment
 * (on a device: one chain, its data kept there). When a device fails the evaluation goes on on
 * the JVM from the first kernel that did not run, with one warning per device; only a device that
 * took the only current values of an array with it is an error. Measured times feed
 * {@link Learning}. Backends only compile and launch.
 */
final class Scheduler {
    private Scheduler() {}

    /**
     * Per thread: a device segment ran since its last JVM kernel. A JVM kernel that then had to
     * wake the JVM's parked workers teaches the model no correction (it counts as a run): with a
     * Mandelbrot step's kernels split between PoCL and the JVM, its JVM runs of a 10^5-element
     * select took a median of 133 us (a probe; 10.5 us when its runs follow JVM runs), and with
     * the workers spinning 3 ms instead of 50 us, 9.4-10 us; learnt, they priced the JVM at 2-4
     * times its steady state, and the loop stayed on PoCL at four times the JVM's time.
     */
    private static final ThreadLocal<boolean[]> DEVICE_RAN = ThreadLocal.withInitial(() -> new boolean[1]);

    /**
     * Runs {@code kernels} (one evaluation, in order) as {@code on} asks; {@code resultToHost}:
     * the caller will read the last kernel's output on the host (auto counts the copy back).
     */
    static void run(List<Kernel> kernels, Target on, boolean resultToHost) { run(kernels, on, resultToHost, false); }

    /**
     * {@link #run(List, Target, boolean)}; {@code readNow}: the caller reads the last kernel's
     * output on the host as soon as this returns ({@code resultToHost} too). Under auto a device
     * that ran the last kernel then copies its outputs back within its timed run, since the
     * model's price for it has that copy: timed after the run instead, the copy was never learnt.
     * A resident {@code a+b} over 10^5 float32 read on the host after each call was priced at
     * 90-102 us on PoCL (its copy back at 26-38 us) against 108-161 us on the JVM, ran there in
     * 100-310 us, and the host's read of its result took another 130-170 us, each call, for good:
     * about 4x the JVM's 60 us (a probe).
     */
    static void run(List<Kernel> kernels, Target on, boolean resultToHost, boolean readNow) {
        if (kernels.isEmpty()) return;
        if (on instanceof AutoTarget auto) {
            if (auto.policy() == AutoTarget.Policy.JVM || OpenClTarget.all().isEmpty()) {   // nothing to choose
                LastPlacement.recordOnJvm(kernels, auto.jvmOnlyReason());
                runSegment(JvmTarget.INSTANCE, kernels);
                Migration.hostWrote(kernels);
                return;
            }
            boolean fastest = auto.policy() == AutoTarget.Policy.FASTEST, hostOnly = fastest && onHostOnly(kernels);
            // the kernels' keys, once per evaluation (canonical: each lookup with them ends at ==); small work on the host needs none
            List<KernelKey> keys = hostOnly ? null : keys(kernels);
            if (fastest && !hostOnly && runKeptOnDevice(kernels, keys, auto, resultToHost, readNow && resultToHost)) return;
            if (Migration.neverMoved(kernels)) Migration.hostWrote(kernels);   // before it runs: a write it may make on a device makes the hint moot
            if (fastest) {
                OpenClTarget move = hostOnly ? Migration.consider(auto, kernels) : null;
                if (move != null) {
                    moveTo(move, kernels);
                    return;
                }
                if (!hostOnly) {
                    if (Migration.considerBack(auto, kernels, keys)) {
                        moveBack(kernels);
                        return;
                    }
                }
                SmallWork.Weighed small = hostOnly ? SmallWork.smallOnHost(auto, kernels) : null;
                if (small != null) {
                    runSmall(small, kernels);
                    return;
                }
            }
            Placement p = Placement.decide(kernels, keys != null ? keys : keys(kernels), auto, resultToHost);
            if (fastest) Migration.stayed(kernels, hostOnly, p);
            runDecided(kernels, p, readNow && resultToHost);
        } else {
            on.prepare(kernels);
            runSegment(on, kernels);
            if (!(on instanceof OpenClTarget)) Migration.hostWrote(kernels);   // a host target named: its writes stay on the host
        }
    }

    /**
     * A resident loop's evaluation on a device: runs {@code kernels} by the thread's kept decision
     * for them, without the rest of auto's path, and returns true, when {@link
     * Decisions#keptOnDevice} finds one; else false, having done nothing. What the rest of the
     * path would do, it does: weighs a move back to the host, and reuses the decision
     * ({@link Decisions#reuseKept}), quietly when the evaluation teaches and looks at nothing.
     */
    private static boolean runKeptOnDevice(List<Kernel> kernels, List<KernelKey> keys, AutoTarget auto, boolean resultToHost, boolean readNow) {
        Placement kept = Decisions.keptOnDevice(kernels, keys, auto, resultToHost);
        if (kept == null) return false;
        if (Migration.neverMoved(kernels)) Migration.hostWrote(kernels);
        if (Migration.considerBack(auto, kernels, keys)) {
            moveBack(kernels);
            return true;
        }
        Placement p = Decisions.reuseKept(kept, kernels, keys);
        if (p == null) p = Placement.decide(kernels, keys, auto, resultToHost);   // (weighing the move back changed nothing it rests on so far)
        if (p.isKept()) runQuietly(p, kernels, readNow);
        else runDecided(kernels, p, readNow);
        return true;
    }

    /** Runs {@code kernels} as {@code p} placed them ({@link #runPlaced}), recorded for explain. */
    private static void runDecided(List<Kernel> kernels, Placement p, boolean readNow) {
        LastPlacement.record(p);
        try {
            runPlaced(kernels, p, readNow);
        } finally {
            p.askForBuilds();   // after the run, whose kernels a build beside them would slow
            p.runOver();        // explain's record of it holds no arrays
        }
    }

    /**
     * An evaluation of {@code kernels} that reuses kept decision {@code kept} and teaches nothing
     * ({@link Decisions#keptOnDevice}): every kernel on its device, as {@link #runPlaced} runs a
     * quiet reuse, without a placement of its own (explain makes it when asked:
     * {@link LastPlacement#recordQuiet}). {@code readNow}: the device copies the last kernel's
     * outputs back in its run.
     */
    private static void runQuietly(Placement kept, List<Kernel> kernels, boolean readNow) {
        double[] seconds = LastPlacement.recordQuiet(kept, kernels);
        long quiet = Background.quietMark(), collected = Background.collectorMark();
        long started = System.nanoTime();
        long took = onDevice(kept.target(0), kernels, 0, kernels.size(), readNow);
        ranOnDevice(kept, kernels, 0, kernels.size(), took);
        if (Background.stillQuiet(quiet) || Background.onlyCollected(quiet, collected)) seconds[0] = took / 1e9;
        kept.ranFor((System.nanoTime() - started) / 1e9);
    }

    /**
     * Runs kernels {@code from} to {@code to} of {@code kernels} on device {@code t} as one
     * segment and returns its time (ns); {@code readNow}: when the segment ends the evaluation,
     * the device copies the last kernel's outputs back within it.
     */
    private static long onDevice(Target t, List<Kernel> kernels, int from, int to, boolean readNow) {
        long t0 = System.nanoTime();
        runSegment(t, kernels.subList(from, to));
        if (readNow && to == kernels.size()) {
            for (var o : kernels.get(to - 1).outputs()) o.buffer().beforeHostRead();
        }
        return System.nanoTime() - t0;
    }

    /**
     * Small work on the host, every kernel of it: on the JVM without the placement (a plain Jacobi
     * step over 100x100, three kernels, paid 4-5 us for it, a sixth of the step).
     */
    private static void runSmall(SmallWork.Weighed weighed, List<Kernel> kernels) {
        LastPlacement.Unweighed small = LastPlacement.recordOnJvm(kernels, "small work on the host: the JVM, without weighing the targets");
        for (int i = 0; i < kernels.size(); i++) {
            Kernel k = kernels.get(i);
            List<Kernel> one = List.of(k);
            allocateOutputs(one);
            long quiet = Background.quietMark();
            long t0 = System.nanoTime();
            runSegment(JvmTarget.INSTANCE, one);
            double seconds = (System.nanoTime() - t0) / 1e9;
            small.seconds()[i] = seconds;
            if (Background.stillQuiet(quiet)) SmallWork.ran(weighed, i, k, seconds);
        }
    }

    /** True when every input and output of {@code kernels} is on the host alone. */
    private static boolean onHostOnly(List<Kernel> kernels) {
        for (Kernel k : kernels) {
            for (var in : k.inputs()) if (!DeviceCopies.onHostOnly(in.buffer())) return false;
            for (var o : k.outputs()) if (!DeviceCopies.onHostOnly(o.buffer())) return false;
        }
        return true;
    }

    /** Runs {@code kernels} on {@code d}, moving a loop's state there ({@link Migration}): its outputs stay on the device. */
    private static void moveTo(OpenClTarget d, List<Kernel> kernels) {
        LastPlacement.Unweighed r = LastPlacement.recordRun(kernels, d, "moving a loop's state to " + d.name() + " (" + Migration.lastReason() + ")");
        long t0 = System.nanoTime();
        d.prepare(kernels);
        runSegment(d, kernels);
        long took = System.nanoTime() - t0;
        ranOnDevice(kernels, took);
        java.util.Arrays.fill(r.seconds(), took / 1e9 / kernels.size());
        // a run there, though mostly copies (it teaches no correction): a trial counts towards
        // knowing the device, or a plan that never stays there (one kernel of a Mandelbrot step
        // in a scope, its other kernels left on the JVM) was tried 17 times in a suite row, every
        // 17 ms of the JVM's time, as a device that had never run it
        for (Kernel k : kernels) Placement.LEARNING.counted(d.name(), k.key(), k.size());
    }

    /**
     * {@code kernels} ran on a device for {@code nanos}: the thread's next JVM kernel follows a
     * device segment ({@link #DEVICE_RAN}), and the time counts towards their JVM vector classes'
     * warm-up ({@link JvmTarget#ranElsewhere}).
     */
    private static void ranOnDevice(List<Kernel> kernels, long nanos) {
        DEVICE_RAN.get()[0] = true;
        JvmTarget.INSTANCE.ranElsewhere(kernels, nanos);
    }

    /** {@link #ranOnDevice(List, long)} for kernels {@code from} to {@code to} of {@code p}'s, which skips those whose warm-up needs no more ({@link Placement#ranOnDevice}). */
    private static void ranOnDevice(Placement p, List<Kernel> kernels, int from, int to, long nanos) {
        DEVICE_RAN.get()[0] = true;
        p.ranOnDevice(kernels, from, to, nanos);
    }

    /** Runs {@code kernels} on the JVM, bringing a loop's state back to the host ({@link Migration#considerBack}): its outputs are on the host. */
    private static void moveBack(List<Kernel> kernels) {
        LastPlacement.Unweighed r = LastPlacement.recordOnJvm(kernels, "moving a loop's state back to the host (" + Migration.lastReason() + ")");
        long t0 = System.nanoTime();
        JvmTarget.INSTANCE.prepare(kernels);
        runSegment(JvmTarget.INSTANCE, kernels);
        java.util.Arrays.fill(r.seconds(), (System.nanoTime() - t0) / 1e9 / kernels.size());
    }

    /**
     * Runs each kernel where {@code p} put it, segment by segment, and learns from the times;
     * {@code readNow}: a device that runs the last kernel copies its outputs back in its run.
     */
    private static void runPlaced(List<Kernel> kernels, Placement p, boolean readNow) {
        long started = System.nanoTime();
        int i = 0;
        while (i < kernels.size()) {
            Target t = p.target(i);
            int j = i + 1;
            while (j < kernels.size() && p.target(j) == t) j++;
            List<Kernel> segment = kernels.subList(i, j);
            long quiet = Background.quietMark(), collected = Background.collectorMark();
            if (t == JvmTarget.INSTANCE) {
                allocateOutputsLearning(segment, p, i, quiet);
                // each kernel timed on its own (the JVM runs them one by one anyway): a segment's
                // time shared by the predictions teaches every kernel the segment's error, so the
                // kernels' corrections relative to each other never moved, and one priced a
                // resident Jacobi step's stencil at 26 us on the JVM (its share; it runs in 300 us)
                // and its copies back from a device timed apart: the kernel's correction learns from
                // the kernel alone (see Placement.copiesApart)
                for (int k = i; k < j; k++) {
                    long c0 = System.nanoTime();
                    JvmTarget.INSTANCE.toHost(kernels.get(k));
                    long t0 = System.nanoTime(), wakes = WorkerPool.wakes();
                    runSegment(t, kernels.subList(k, k + 1));
                    if (Background.stillQuiet(quiet)) {   // else not learnt: a build shared the cores
                        p.ran(k, k + 1, (System.nanoTime() - c0) / 1e9, 0);
                        p.copiesApart(k, (t0 - c0) / 1e9);
                        if (WorkerPool.wakes() != wakes && DEVICE_RAN.get()[0]) p.afterDevice(k);
                    } else if (Background.onlyCollected(quiet, collected)) {   // a collection inside it: a run all the same
                        p.countedOnly(k, k + 1);
                        p.ran(k, k + 1, (System.nanoTime() - c0) / 1e9, 0);
                    }
                    DEVICE_RAN.get()[0] = false;
                }
            } else {
                long fresh = DeviceCopies.freshOutputBytes();
                long took = onDevice(t, kernels, i, j, readNow);
                ranOnDevice(p, kernels, i, j, took);
                boolean quietRun = Background.stillQuiet(quiet), collectedRun = !quietRun && Background.onlyCollected(quiet, collected);
                if (collectedRun) p.countedOnly(i, j);   // a collection inside it: a run all the same, no lesson
                if (quietRun || collectedRun) p.ran(i, j, took / 1e9, DeviceCopies.freshOutputBytes() - fresh);
            }
            if (j < kernels.size()) definedBySegment(segment);
            i = j;
        }
        p.ranFor((System.nanoTime() - started) / 1e9);
        p.learn();
    }

    /**
     * A buffer a write left without defined contents ({@code Buffer.detachSnapshot}) that a
     * segment wrote part of holds values from then on (the restored part of a Jacobi grid, say):
     * a later segment on another target that writes the rest must start from them, so a device
     * must copy them up rather than take the buffer as empty. Within one segment the target
     * keeps its own copy current and needs no such mark.
     */
    private static void definedBySegment(List<Kernel> segment) {
        for (Kernel k : segment) {
            for (var o : k.outputs()) if (o.buffer().contentsUndefined()) o.buffer().contentsDefined();
        }
    }

    /**
     * Gives the outputs of kernels about to run on the JVM their Java arrays before the kernels are
     * timed: a new result's array (a dead result's, or a new one the JVM zeroes, 40 MB for 10^7
     * float32) is not the kernel's work, and a device's run pays for its own when the host reads
     * the result; counted in the JVM's time it taught the model that the JVM was several times
     * slower than it is.
     */
    private static void allocateOutputs(List<Kernel> kernels) {
        for (Kernel k : kernels) {
            for (var o : k.outputs()) if (DeviceCopies.onHostOnly(o.buffer())) o.buffer().arrayForKernel();
        }
    }

    /**
     * {@link #allocateOutputs}, timed: what the new results' storage cost on the JVM (spares cost
     * nothing; new arrays their zeroing and first touch) teaches the model's storage term, whose
     * move re-decides as a device's does ({@link Placement#storageMoved}); the segment's kernels
     * are {@code p}'s from {@code from} on. At every move by a quarter of the price per byte, as
     * it was, a host a+b over 10^7 float32 weighed by the model decided afresh at most of its
     * evaluations, 3.2-3.3 ms a call where the JVM's row took 2.5.
     */
    private static void allocateOutputsLearning(List<Kernel> segment, Placement p, int from, long quiet) {
        double newBytes = 0;
        for (Kernel k : segment) {
            for (var o : k.outputs()) if (CostModel.newResult(o.buffer())) newBytes += (double) o.buffer().length() * o.dtype().itemSize();
        }
        if (!(newBytes >= StorageCosts.MIN_BYTES)) {   // too small to teach anything: not timed (most evaluations)
            allocateOutputs(segment);
            return;
        }
        long fresh = Buffer.freshBytesOnThisThread(), t0 = System.nanoTime();
        allocateOutputs(segment);
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (Background.stillQuiet(quiet)) {
            p.storageMoved(from, from + segment.size(), Placement.LEARNING.observeStorage("jvm", newBytes, Buffer.freshBytesOnThisThread() - fresh, seconds));
        }
    }

    /** Runs {@code segment} on {@code t}: a device's chain, with its failure handled here. */
    static void runSegment(Target t, List<Kernel> segment) {
        NumfuseLog.trace(() -> "evaluation: " + segment.size() + (segment.size() == 1 ? " kernel" : " kernels") + " on " + t.name());
        if (!(t instanceof OpenClTarget cl)) {
            t.runAll(segment);                             // a host target (or a test's): kernel by kernel
            return;
        }
        try {
            cl.runChain(segment);
        } catch (OpenClTarget.DeviceFailure f) {
            recover(cl, segment, f);
        }
    }

    /**
     * After {@code t} failed running {@code kernels}: the JVM takes over from the first kernel that
     * did not run (copying back what it reads), or from the first kernel when the device failed
     * while running them and what it wrote is unknown, or when the copy back fails (a lost device)
     * and only values this evaluation wrote were lost.
     */
    private static void recover(OpenClTarget t, List<Kernel> kernels, OpenClTarget.DeviceFailure f) {
        List<Kernel> rest;
        boolean fromStart;
        if (f.next() < kernels.size()) {
            rest = kernels.subList(f.session().lastKernelWrote ? f.next() + 1 : f.next(), kernels.size());
            fromStart = false;
        } else {
            if (!f.session().abandon()) throw lostValues(t, f.failure());
            rest = kernels;
            fromStart = true;
        }
        String why = t.name() + " failed: " + f.failure().getMessage();
        try {
            fallBack(t, rest, why);
        } catch (OpenClException e) {
            // nothing ran on the JVM yet: when only values this evaluation wrote are gone, it starts again there
            if (fromStart || !f.session().abandon()) throw lostValues(t, e);
            try {
                fallBack(t, kernels, why);
            } catch (OpenClException again) {
                throw lostValues(t, again);
            }
        }
    }

    /**
     * Runs {@code kernels} on the JVM after a failure of {@code t}. What they read from the device
     * is copied back first, before any of them runs, so that a copy that fails (a lost device)
     * leaves every buffer as it was and the caller may start again from the first kernel.
     */
    private static void fallBack(OpenClTarget t, List<Kernel> kernels, String why) {
        for (Kernel k : kernels) {
            for (var in : k.inputs()) in.buffer().beforeHostRead();
            for (var o : k.outputs()) o.buffer().beforeHostRead();   // a kernel may write part of it
        }
        t.fellBack(why);
        for (Kernel k : kernels) JvmTarget.INSTANCE.run(k);
    }

    /** The error for a failure that took the only current values of an array with it. */
    private static NumfuseException lostValues(OpenClTarget t, RuntimeException cause) {
        return new NumfuseException(t.name() + " failed and held the only current values of an array: "
                + cause.getMessage().lines().findFirst().orElse(""), cause);
    }

    /** The key of each kernel, computed once per evaluation. */
    static List<KernelKey> keys(List<Kernel> kernels) {
        List<KernelKey> keys = new ArrayList<>(kernels.size());
        for (Kernel k : kernels) keys.add(k.key());
        return keys;
    }

    /**
     * True when {@code a} and {@code b} hold the same keys, compared with {@code ==}: kernel keys
     * are canonical ({@link KernelKey#canonical}), so this finds a plan looked up last without
     * hashing it into a map (a false answer only costs the map's lookup).
     */
    static boolean sameKeys(List<KernelKey> a, List<KernelKey> b) {
        int n = a.size();
        if (b.size() != n) return false;
        for (int i = 0; i < n; i++) if (a.get(i) != b.get(i)) return false;
        return true;
    }
}
