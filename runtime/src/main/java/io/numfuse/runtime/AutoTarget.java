package io.numfuse.runtime;

import io.numfuse.ir.Kernel;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code auto}: each kernel runs where the {@link CostModel} predicts it is fastest, among the
 * JVM and the OpenCL devices this target allows ({@link Scheduler}, {@link Placement}). A device
 * whose program is not built yet is not waited for: the kernel runs on the JVM while the program
 * builds in the background, and later evaluations move when the model says so.
 *
 * <p>Its spelling: {@code auto} (the {@code fastest} policy over every device), a policy
 * ({@code auto:fastest}, {@code auto:jvm}: never a device, {@code auto:prefer-device}: a device
 * whenever one can run the kernel now, {@code auto:random}: a target drawn per kernel, for
 * tests) and a kind of device ({@code auto:gpu}, {@code auto:cpu},
 * {@code auto:accelerator}: only those devices, and the JVM).
 */
public final class AutoTarget implements Target {
    /** How auto weighs the targets. */
    public enum Policy {
        /** The predicted fastest (the default). */
        FASTEST,
        /** Always the JVM: auto as it was before the cost model. */
        JVM,
        /** A device whenever one can run the kernel now (its program built), else the JVM. */
        PREFER_DEVICE,
        /**
         * Each kernel on a target drawn at random among those that can run it (a device builds
         * what it lacks first): for testing that results do not depend on where kernels run,
         * such as numfuse's own tests of plans split between the JVM and a device.
         */
        RANDOM
    }

    private final Policy policy;
    private final DeviceProfile.Kind kind;   // null: every kind of device
    private final String name;

    AutoTarget(Policy policy, DeviceProfile.Kind kind) {
        this.policy = policy;
        this.kind = kind;
        String p = policy == Policy.FASTEST ? "" : ":" + policy.name().toLowerCase(Locale.ROOT).replace('_', '-');
        this.name = "auto" + p + (kind == null ? "" : ":" + kind.name().toLowerCase(Locale.ROOT));
    }

    /** The default: the fastest over the JVM and every device. */
    public static final AutoTarget FASTEST = new AutoTarget(Policy.FASTEST, null);

    /**
     * Parses what follows {@code auto:} ({@code fastest}, {@code jvm}, {@code prefer-device}, {@code gpu}...), or null when it is neither.
     * At most one policy and one kind: {@code auto:cpu:gpu} or {@code auto:jvm:random} (the last
     * one silently won) and {@code auto:jvm:gpu} (a kind of device for a policy that uses none)
     * are refused with a message that says why.
     */
    static AutoTarget parse(String rest) {
        Policy p = null;
        DeviceProfile.Kind k = null;
        for (String part : rest.split(":", -1)) {
            Policy q = switch (part) {
                case "fastest" -> Policy.FASTEST;
                case "jvm" -> Policy.JVM;
                case "prefer-device" -> Policy.PREFER_DEVICE;
                case "random" -> Policy.RANDOM;
                default -> null;
            };
            DeviceProfile.Kind l = switch (part) {
                case "gpu" -> DeviceProfile.Kind.GPU;
                case "cpu" -> DeviceProfile.Kind.CPU;
                case "accelerator" -> DeviceProfile.Kind.ACCELERATOR;
                default -> null;
            };
            if (q == null && l == null) return null;
            if (q != null && p != null || l != null && k != null) {
                throw new io.numfuse.core.NumfuseException("target 'auto:" + rest + "': name at most one policy (fastest, jvm, prefer-device, random) and one kind of device (gpu, cpu, accelerator)");
            }
            if (q != null) p = q; else k = l;
        }
        if (p == Policy.JVM && k != null) {
            throw new io.numfuse.core.NumfuseException("target 'auto:" + rest + "': auto:jvm uses no device, so a kind of device means nothing there");
        }
        if (p == null) p = Policy.FASTEST;
        return p == Policy.FASTEST && k == null ? FASTEST : new AutoTarget(p, k);
    }

    public Policy policy() { return policy; }

    @Override public String name() { return name; }

    @Override
    public String description() {
        return "the cost model's choice per kernel among " + String.join(", ", candidates().stream().map(Target::name).toList())
                + " (policy " + policy.name().toLowerCase(Locale.ROOT).replace('_', '-') + ")";
    }

    /** The targets this auto chooses among: the JVM first, then the devices it allows. */
    List<Target> candidates() {
        List<Target> c = candidates;
        if (c == null) {   // the devices never change once found; a race makes the same list
            List<Target> l = new ArrayList<>(List.of(JvmTarget.INSTANCE));
            if (policy != Policy.JVM) for (OpenClTarget d : OpenClTarget.all()) if (kind == null || d.kind() == kind) l.add(d);
            candidates = c = List.copyOf(l);
        }
        return c;
    }

    /** {@link #candidates()}, made once: made at each evaluation, the list took a resident plan's residency check 1-2 us. */
    private volatile List<Target> candidates;

    /**
     * Why this auto runs everything on the JVM when it has no device to choose (explain's and
     * {@code lastPlacement}'s reason): its policy, no OpenCL at all, or no device of its kind
     * ({@code auto:gpu} on a machine without a GPU used to say "auto:jvm: the JVM only").
     */
    String jvmOnlyReason() {
        if (policy == Policy.JVM) return "auto:jvm: the JVM only";
        if (OpenClTarget.all().isEmpty()) return "no OpenCL device: the JVM";
        return "no " + (kind == null ? "" : kind.name().toLowerCase(Locale.ROOT) + " ") + "device for " + name + ": the JVM";
    }

    /** What every candidate can run: a kernel may be placed on any of them, and fall back to the JVM. */
    @Override public int maxKernelBody() { return JvmTarget.INSTANCE.maxKernelBody(); }

    /** The JVM's limits within the smallest argument space of the candidate devices: any kernel may be placed on any of them. */
    @Override
    public io.numfuse.ir.KernelLimits kernelLimits() {
        io.numfuse.ir.KernelLimits l = limits;
        if (l == null) {   // the devices are found once; a race computes the same value
            l = JvmTarget.INSTANCE.kernelLimits();
            for (Target t : candidates()) {
                long bytes = t.kernelLimits().maxArgumentBytes();
                if (bytes < l.maxArgumentBytes()) l = l.withArgumentBytes(bytes);
            }
            limits = l;
        }
        return l;
    }

    private volatile io.numfuse.ir.KernelLimits limits;

    @Override public void run(Kernel kernel) { runAll(List.of(kernel)); }

    @Override public void runAll(List<Kernel> kernels) { Scheduler.run(kernels, this, false); }

    @Override public String toString() { return name; }

    /**
     * Waits until the work auto asked for in the background is done (program builds, calibration)
     * and the binaries of the programs built so far are written to the program cache: for
     * benchmarks that want to measure auto's steady state or remove a cache directory, and tests.
     */
    public static void awaitBackgroundWork() {
        Background.drain();
        OpenClProgramCache.awaitStores();
    }

    /** Calibrates every target auto may use that has no profile yet, now (the CLI's benchmarks do this first). */
    public static void calibrateNow() {
        for (Target t : FASTEST.candidates()) {
            if (Profiles.of(t) == null) Profiles.known(ProfileStore.standard().profile(t));
        }
    }
}
