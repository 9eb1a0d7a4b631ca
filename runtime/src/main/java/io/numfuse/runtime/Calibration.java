package io.numfuse.runtime;

import io.numfuse.core.NumfuseException;
import io.numfuse.ir.Buffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Measures the {@link DeviceProfile} of each target through numfuse's own code
 * ({@link CalibrationRun}): each kernel planned once and then run as an evaluation runs it after
 * planning, so that each figure includes launching and waiting, and the launch figure a whole
 * small evaluation (planning too). Every target is calibrated together
 * ({@link #calibrate(List)}), in phases: the JVM's kernels until the JIT has compiled them, the
 * devices' kernels (with launches between their samples, which get numfuse's own code compiled),
 * the arithmetic at its final sizes, the host link, and launches last, back to back. Operations
 * are timed in turn, never two at once ({@link CalibrationTimer}): the JVM and a CPU device share
 * the cores. A device's build time is measured on a thread of its own meanwhile, after its
 * kernels were loaded (PoCL compiles one program at a time).
 *
 * <p>On this 2-core machine, quiet, the JVM and PoCL together took 1.7 to 1.9 s in a fresh
 * process with warm kernel caches, 2.7 to 2.8 s with cold ones (docs/PERFORMANCE.md,
 * "Calibration under 2 s"; 2.35 to 2.92 s with warm caches on stop 58's slower machine,
 * "Calibration: the build measured sooner"): the JIT compiles for about 2 s of CPU meanwhile
 * ({@code -XX:+CITime}: C1 0.6 s, C2 1.4 s), the JVM's first group waiting for it (0.7 to 0.9 s on
 * one thread), and PoCL's build measurement keeps one core busy for about half a second.
 *
 * <p>The JVM and every OpenCL device are calibrated; the interpreter is not (it is the oracle,
 * never a choice for speed: {@link #supports} is false for it). Calibration leaves no device
 * memory behind: the copies of its buffers are released and the device's spare buffers dropped.
 * Other work running meanwhile skews the figures, and on a busy machine the JIT may not have
 * compiled every JVM kernel fully when the budget ends (its figures are then low: the cost
 * model's corrections learnt from real launches adjust them). The JVM's figures are those of the
 * scalar classes every kernel starts with ({@link VectorWarmup#scalarOnly}). A device that fails during
 * calibration (its kernels fell back to the JVM) gives an error instead of the JVM's figures.
 */
public final class Calibration {
    private Calibration() {}

    /** The measuring method's version: part of every identity, so that a profile measured otherwise is measured again. */
    static final int METHOD = 11;   // 5: the launch is a planned run (no planning, no new result); 6: OpenCL transcendental maps and reductions in vector types (a device measured before ran other kernels); 7: the JVM's warm-up on one thread, a device's samples after its build measurement (PoCL's figures came out halved in some runs before); 8: each JVM chain's kernel called 2,000 times over 64 elements before the first group (its transcendentals came out 10-20x low when C2 got to them late); 9: the devices planned first (their build measurement starts before the JVM's calls, not after), the calls run the kernel's loop directly over 32 elements; 11 (10 was tried, not kept): a device whose driver caches its programs (PoCL) times a cached build as a build from that cache, not a load from a binary it never loads

    /** True for the targets that have a profile: the JVM and each OpenCL device (not the interpreter). */
    public static boolean supports(Target t) { return t instanceof JvmTarget || t instanceof OpenClTarget; }

    /** What runs {@code t}'s kernels: the JVM, or the OpenCL device's type. */
    public static DeviceProfile.Kind kind(Target t) {
        return t instanceof OpenClTarget cl ? cl.kind() : DeviceProfile.Kind.JVM;
    }

    /**
     * What a stored profile of {@code t} must have been measured with to be used now (see
     * {@link DeviceProfile#identity}); cheap: it measures nothing.
     */
    public static String identity(Target t) {
        String common = "numfuse " + OpenClProgramCache.NUMFUSE_VERSION + "; calibration " + METHOD + "; ";
        if (t instanceof OpenClTarget cl) {
            OpenClDevice d = cl.device();
            // PoCL's threads pinned to cores or not (README, "PoCL's threads") change its launch and its rates
            String pocl = d.platformName.contains(OpenClProgramCache.POCL) ? "; POCL_AFFINITY " + System.getenv("POCL_AFFINITY") : "";
            return common + "opencl; platform " + d.platformName + "; device " + d.name + "; vendor " + d.vendor + "; "
                    + d.version + "; driver " + d.driver + pocl;
        }
        if (t instanceof JvmTarget) {
            boolean vector = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
            return common + "jvm; java " + Runtime.version() + " " + System.getProperty("java.vm.name") + "; threads "
                    + WorkerPool.poolThreads() + " of " + Runtime.getRuntime().availableProcessors() + " cores; vector API "
                    + (vector ? "yes" : "no") + "; " + System.getProperty("os.arch") + " " + HostProcessor.NAME;
        }
        throw notCalibrated(t);
    }

    private static IllegalArgumentException notCalibrated(Target t) {
        return new IllegalArgumentException(t.name() + " has no profile: only the JVM and OpenCL devices are calibrated");
    }

    /** The processor's model name (Linux: /proc/cpuinfo), read once: a home directory shared by two machines must not share the JVM's profile. */
    private static final class HostProcessor {
        static final String NAME = read();

        private static String read() {
            try (var lines = Files.lines(Path.of("/proc/cpuinfo"))) {
                return lines.filter(l -> l.startsWith("model name")).map(l -> l.substring(l.indexOf(':') + 1).strip())
                        .findFirst().orElse("unknown processor");
            } catch (java.io.IOException | RuntimeException e) {   // not Linux, or not readable
                return "unknown processor";
            }
        }
    }

    /**
     * Measures the profile of {@code t} now (the caller stores it: {@link ProfileStore}). Throws
     * {@link IllegalArgumentException} for a target without a profile, and
     * {@link NumfuseException} when the device failed meanwhile.
     */
    public static DeviceProfile calibrate(Target t) { return calibrate(List.of(t)).getFirst().profileOrThrow(); }

    /** What calibrating one target gave: its profile, or why it has none. */
    public record Outcome(Target target, DeviceProfile profile, RuntimeException error) {
        /** The profile, or the error thrown. */
        public DeviceProfile profileOrThrow() {
            if (error != null) throw error;
            return profile;
        }
    }

    /**
     * Measures the profiles of {@code targets} now, together: each phase's operations of every
     * target are timed in turn (never two at once), so that the JVM's warm-up overlaps the
     * devices' samples. A device that fails gets an error and the others their profiles (after a
     * failure that stopped the joint run, each target is measured again on its own). Throws
     * {@link IllegalArgumentException} when one of them has no profile.
     */
    public static List<Outcome> calibrate(List<Target> targets) {
        for (Target t : targets) if (!supports(t)) throw notCalibrated(t);
        if (targets.isEmpty()) return List.of();
        try {
            // the JVM measured on all its threads, whatever this thread's cap (JvmTarget.withThreads)
            return VectorWarmup.scalarOnly(() -> WorkerPool.withThreads(WorkerPool.poolThreads(), () -> measure(targets)));
        } catch (RuntimeException e) {
            if (targets.size() == 1) return List.of(new Outcome(targets.getFirst(), null, e));
            return targets.stream().map(t -> calibrate(List.of(t)).getFirst()).toList();
        }
    }

    /** The phases of {@link CalibrationRun}, every target's together. */
    private static List<Outcome> measure(List<Target> targets) {
        Map<String, Buffer> inputs = new HashMap<>();
        List<CalibrationRun> runs = targets.stream().map(t -> new CalibrationRun(t, inputs)).toList();
        try {
            long t0 = System.nanoTime();
            // the devices planned first: each starts its build measurement (a compiler on a thread
            // of its own, a second here) before the JVM plans and calls its kernels for the JIT,
            // not after, and a core no longer idles while the calibration waits for it at the
            // end of the JVM's first group (docs/PERFORMANCE.md, "Calibration: the build measured sooner")
            for (CalibrationRun r : runs) if (r.device != null) r.plan();
            for (CalibrationRun r : runs) if (r.device == null) r.plan();
            if (CalibrationTimer.TRACE) System.err.printf("numfuse: calibration: planned and built in %.3f s%n", (System.nanoTime() - t0) / 1e9);
            // The JVM's first group alone, timed until the JIT has gone quiet: its kernels get
            // faster as the JIT compiles them, and a device's samples would use the cores it needs.
            // On one thread: the group is the JIT's warm-up (the JVM's figures are those of its
            // later phase, on every thread), and the other cores are left to the JIT's compilers
            // and a device's build, which it waits for (the group took 0.98-1.26 s on all threads
            // of this 2-core machine, 0.79-0.90 s on one: docs/PERFORMANCE.md, "Calibration under 2 s").
            List<CalibrationRun> jvm = runs.stream().filter(r -> r.device == null).toList();
            List<CalibrationRun> devices = runs.stream().filter(r -> r.device != null).toList();
            WorkerPool.withThreads(1, () -> phase(CalibrationRun.WARM_UP_BUDGET, jvm, CalibrationRun::firstGroup, CalibrationRun::firstGroupTimed, true));
            // a device's build measurement, on a thread of its own, done before its samples: on a CPU device it takes a core they need
            for (CalibrationRun r : devices) r.awaitBuild();
            // The devices' first groups (compiled before they are timed: timed until their samples
            // stop getting faster), with every target's launches in long samples between them:
            // thousands of evaluations, which get numfuse's own code compiled before the launches
            // are timed (last, each target's alone).
            List<List<CalibrationTimer.Timed>> firsts = devices.stream().map(CalibrationRun::firstGroup).toList();
            List<CalibrationTimer.Timed> ops = new ArrayList<>();
            for (List<CalibrationTimer.Timed> f : firsts) ops.addAll(f);
            for (CalibrationRun r : runs) ops.add(r.warmingLaunches());
            List<CalibrationTimer.Sampled> s = CalibrationTimer.together(CalibrationRun.WARM_UP_BUDGET, ops, false,
                    devices.isEmpty() ? CalibrationRun.LAUNCH_WARM_UP_SECONDS : 0);
            int from = 0;
            for (int i = 0; i < devices.size(); i++) {
                int n = firsts.get(i).size();
                devices.get(i).firstGroupTimed(s.subList(from, from + n));
                from += n;
            }
            for (CalibrationRun r : runs) r.launchesWarmed(s.get(from++));
            // the resized chains: the JVM's until the JIT has gone quiet (a kernel it compiled late is timed compiled)
            phase(CalibrationRun.RESIZED_BUDGET, jvm, CalibrationRun::resizedOps, CalibrationRun::resizedTimed, true);
            phase(CalibrationRun.RESIZED_BUDGET, devices, CalibrationRun::resizedOps, CalibrationRun::resizedTimed, false);
            for (int round = 0; round < CalibrationRun.RETIMES; round++) {
                if (!phase(CalibrationRun.RESIZED_BUDGET, runs, CalibrationRun::slowOps, CalibrationRun::slowTimed, false)) break;
            }
            for (CalibrationRun r : runs) r.releaseBuffers();
            phase(CalibrationRun.LINK_BUDGET, runs, CalibrationRun::linkGroup, CalibrationRun::linkTimed, false);
            // launches back to back, as in a loop of small evaluations (between others' samples a CPU device's threads fall asleep)
            for (CalibrationRun r : runs) r.launchesTimed(CalibrationTimer.sample(CalibrationRun.LAUNCH_BUDGET, r.launches()));
            long t1 = System.nanoTime();
            List<Outcome> outcomes = new ArrayList<>();
            for (CalibrationRun r : runs) {
                outcomes.add(r.deviceFailed()
                        ? new Outcome(r.on, null, new NumfuseException(r.on.name() + " failed during its calibration (its kernels ran on the JVM): no profile was measured"))
                        : new Outcome(r.on, r.profile(), null));
            }
            if (CalibrationTimer.TRACE) System.err.printf("numfuse: calibration: phases done at %.3f s; profiles made in %.3f s%n", (t1 - t0) / 1e9, (System.nanoTime() - t1) / 1e9);
            return outcomes;
        } finally {
            for (CalibrationRun r : runs) r.releaseDeviceMemory();
        }
    }

    /**
     * Times the operations {@code ops} gives for every run, in turn ({@link CalibrationTimer#together}),
     * and hands each run its own samples (none when none were asked for); false when there was nothing to time.
     */
    private static boolean phase(double budgetSeconds, List<CalibrationRun> runs, Function<CalibrationRun, List<CalibrationTimer.Timed>> ops,
            BiConsumer<CalibrationRun, List<CalibrationTimer.Sampled>> timed, boolean waitForJit) {
        List<List<CalibrationTimer.Timed>> each = runs.stream().map(ops).toList();
        List<CalibrationTimer.Timed> all = each.stream().flatMap(List::stream).toList();
        List<CalibrationTimer.Sampled> sampled = all.isEmpty() ? List.of() : CalibrationTimer.together(budgetSeconds, all, waitForJit, 0);
        int from = 0;
        for (int i = 0; i < runs.size(); i++) {
            int to = from + each.get(i).size();
            timed.accept(runs.get(i), sampled.subList(from, to));
            from = to;
        }
        return !all.isEmpty();
    }
}
