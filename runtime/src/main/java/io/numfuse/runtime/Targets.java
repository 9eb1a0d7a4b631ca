package io.numfuse.runtime;

import io.numfuse.ir.NumfuseException;
import java.util.List;

/**
 * The targets of this machine and the choice among them: the compiled JVM backend (the
 * default, and what {@code auto} picks until the OpenCL backend and the cost model land) and
 * the reference interpreter.
 */
public final class Targets {
    private Targets() {}

    /** Every target, in the order {@code numfuse devices} lists them. */
    public static List<Target> all() { return List.of(JvmTarget.INSTANCE, InterpreterTarget.INSTANCE); }

    /** The target for a command-line spec: {@code auto}, {@code jvm}, {@code interpreter}, {@code opencl[:N]}. */
    public static Target parse(String spec) {
        String s = spec.trim().toLowerCase(java.util.Locale.ROOT);
        return switch (s) {
            case "auto", "jvm" -> JvmTarget.INSTANCE;
            case "interpreter" -> InterpreterTarget.INSTANCE;
            default -> {
                if (s.equals("opencl") || s.startsWith("opencl:")) {
                    throw new NumfuseException("target '" + spec + "': the OpenCL backend is not available in this build yet; use --target jvm or auto");
                }
                throw new NumfuseException("unknown target '" + spec + "': use auto, jvm, interpreter or opencl[:N]");
            }
        };
    }

    /** The target used when none is named. */
    public static Target defaultTarget() { return JvmTarget.INSTANCE; }
}
