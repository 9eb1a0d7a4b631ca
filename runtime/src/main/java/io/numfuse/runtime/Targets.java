package io.numfuse.runtime;

import io.numfuse.ir.NumfuseException;
import java.util.List;

/**
 * The targets of this machine and the choice among them: the compiled JVM backend (the
 * default, and what {@code auto} picks until the cost model lands), the reference
 * interpreter, and each OpenCL device ({@code opencl:N}; {@code opencl} is device 0).
 */
public final class Targets {
    private Targets() {}

    /** Every target, in the order {@code numfuse devices} lists them. */
    public static List<Target> all() {
        List<Target> all = new java.util.ArrayList<>(List.of(JvmTarget.INSTANCE, InterpreterTarget.INSTANCE));
        all.addAll(OpenClTarget.all());
        return List.copyOf(all);
    }

    /** The OpenCL devices of this machine, as targets (empty without OpenCL). */
    public static List<OpenClTarget> openCl() { return List.copyOf(OpenClTarget.all()); }

    /** Why this machine has no OpenCL device, or null when it has one. */
    public static String openClUnavailableReason() { return OpenClPlatform.unavailableReason(); }

    /** The target for a command-line spec: {@code auto}, {@code jvm}, {@code interpreter}, {@code opencl[:N]}. */
    public static Target parse(String spec) {
        String s = spec.trim().toLowerCase(java.util.Locale.ROOT);
        return switch (s) {
            case "auto", "jvm" -> JvmTarget.INSTANCE;
            case "interpreter" -> InterpreterTarget.INSTANCE;
            default -> {
                if (s.equals("opencl")) yield OpenClTarget.device(0);
                if (s.startsWith("opencl:")) {
                    int n;
                    try {
                        n = Integer.parseInt(s.substring("opencl:".length()));
                    } catch (NumberFormatException e) {
                        throw new NumfuseException("target '" + spec + "': the device must be a number, as in opencl:0");
                    }
                    yield OpenClTarget.device(n);
                }
                throw new NumfuseException("unknown target '" + spec + "': use auto, jvm, interpreter or opencl[:N]");
            }
        };
    }

    /** The target used when none is named. */
    public static Target defaultTarget() { return JvmTarget.INSTANCE; }
}
