package io.numfuse.runtime;

import io.numfuse.core.NumfuseException;
import java.util.List;
import java.util.Locale;

/**
 * The targets of this machine and their names: {@code auto} (the cost model chooses per kernel,
 * {@link AutoTarget}), the compiled JVM backend ({@code jvm}), the reference interpreter
 * ({@code interpreter}), each OpenCL device by index ({@code opencl:N}; {@code opencl} is device 0)
 * or by kind ({@code gpu}, {@code cpu}, {@code accelerator}: the first of that kind; {@code gpu:1}
 * the second). The default is {@code auto}, or what the environment variable
 * {@code NUMFUSE_TARGET} names (as {@code PYOPENCL_CTX} does for PyOpenCL).
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

    private static final String NAMES = "auto[:fastest|jvm|prefer-device|random][:gpu|cpu|accelerator], jvm, interpreter, opencl[:N], gpu[:N], cpu[:N] or accelerator[:N]";

    /**
     * The target for a name (see the class comment). A device that does not exist is an error,
     * on every machine: work a user sends to a named device never runs silently elsewhere.
     */
    public static Target parse(String spec) {
        if (spec == null) throw new NumfuseException("no target named (null): use " + NAMES);   // Num.on(null, ...), a.eval(null): not a bare NullPointerException
        String s = spec.trim().toLowerCase(Locale.ROOT);
        if (s.equals("auto")) return AutoTarget.FASTEST;
        if (s.startsWith("auto:")) {
            AutoTarget a = AutoTarget.parse(s.substring("auto:".length()));
            if (a == null) throw new NumfuseException("unknown target '" + spec + "': use " + NAMES);
            return a;
        }
        if (s.equals("jvm")) return JvmTarget.INSTANCE;
        if (s.equals("interpreter")) return InterpreterTarget.INSTANCE;
        if (s.equals("opencl")) return OpenClTarget.device(0);
        if (s.startsWith("opencl:")) return OpenClTarget.device(index(spec, s.substring("opencl:".length())));
        for (DeviceProfile.Kind kind : new DeviceProfile.Kind[] { DeviceProfile.Kind.GPU, DeviceProfile.Kind.CPU, DeviceProfile.Kind.ACCELERATOR }) {
            String k = kind.name().toLowerCase(Locale.ROOT);
            if (s.equals(k)) return byKind(kind, 0, spec);
            if (s.startsWith(k + ":")) return byKind(kind, index(spec, s.substring(k.length() + 1)), spec);
        }
        throw new NumfuseException("unknown target '" + spec + "': use " + NAMES);
    }

    /**
     * The device index {@code n} of {@code spec}. A whole number too large for an int is out of
     * range, not "not a number" (opencl:99999999999 used to be told that it must be a number).
     */
    private static int index(String spec, String n) {
        try {
            return Integer.parseInt(n);
        } catch (NumberFormatException e) {
            if (n.matches("[+-]?[0-9]+")) {
                throw new NumfuseException("target '" + spec + "': the device index " + n + " is out of range; see 'numfuse devices' for this machine's devices");
            }
            throw new NumfuseException("target '" + spec + "': the device must be a number, as in opencl:0");
        }
    }

    /** The {@code index}-th OpenCL device of {@code kind}. */
    private static OpenClTarget byKind(DeviceProfile.Kind kind, int index, String spec) {
        List<OpenClTarget> of = OpenClTarget.all().stream().filter(t -> t.kind() == kind).toList();
        if (index >= 0 && index < of.size()) return of.get(index);
        String k = kind.name().toLowerCase(Locale.ROOT);
        String why = OpenClPlatform.unavailableReason();
        throw new NumfuseException("there is no " + k + " device " + index + " ('" + spec + "'): this machine has "
                + (why != null ? "no OpenCL device (" + why + ")" : of.size() + " " + k + " device" + (of.size() == 1 ? "" : "s"))
                + "; see 'numfuse devices'");
    }

    /** The target used when none is named: {@code NUMFUSE_TARGET}, else {@code auto}. */
    public static Target defaultTarget() {
        String env = System.getenv("NUMFUSE_TARGET");
        if (env == null || env.isBlank()) return AutoTarget.FASTEST;
        try {
            return parse(env);
        } catch (NumfuseException e) {
            throw new NumfuseException("NUMFUSE_TARGET: " + e.getMessage());
        }
    }
}
