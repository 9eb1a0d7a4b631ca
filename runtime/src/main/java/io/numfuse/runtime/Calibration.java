package io.numfuse.runtime;

import io.numfuse.core.NumfuseException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Measures a target's {@link DeviceProfile} through numfuse's own evaluation path
 * ({@link Executor#evaluate} on graphs over buffers: {@link CalibrationRun}), so that each figure
 * includes what an evaluation really costs there: planning, claims, launching, waiting. The
 * operations are timed together, round after round ({@link CalibrationTimer}), so that the JIT's
 * warm-up of each overlaps the others'; sizes keep a sample to milliseconds. A calibration takes
 * 2 to 3.5 s for the JVM in a fresh process and 2 to 2.7 s for PoCL on this quiet 2-core machine
 * (the JVM's is mostly waiting for the JIT, which it does for at most 3 s; a device's build time
 * is measured on a thread of its own meanwhile).
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
    static final int METHOD = 3;

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
            return common + "opencl; platform " + d.platformName + "; device " + d.name + "; vendor " + d.vendor + "; "
                    + d.version + "; driver " + d.driver;
        }
        if (t instanceof JvmTarget) {
            boolean vector = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
            return common + "jvm; java " + Runtime.version() + " " + System.getProperty("java.vm.name") + "; threads "
                    + JvmTarget.threads() + " of " + Runtime.getRuntime().availableProcessors() + " cores; vector API "
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
    public static DeviceProfile calibrate(Target t) {
        if (!supports(t)) throw notCalibrated(t);
        CalibrationRun run = new CalibrationRun(t);
        int fallbacks = run.device == null ? 0 : run.device.fallbackCount();
        try {
            DeviceProfile p = run.device == null ? VectorWarmup.scalarOnly(run::measure) : run.measure();
            if (run.device != null && run.device.fallbackCount() != fallbacks) {
                throw new NumfuseException(t.name() + " failed during its calibration (its kernels ran on the JVM): no profile was measured");
            }
            return p;
        } finally {
            run.releaseDeviceMemory();
        }
    }
}
