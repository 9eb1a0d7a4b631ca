package io.numfuse.bench;

import io.numfuse.NDArray;
import io.numfuse.Num;
import io.numfuse.runtime.OpenClTarget;
import io.numfuse.runtime.Target;
import io.numfuse.runtime.Targets;
import java.util.List;
import java.util.Locale;

/**
 * Where a benchmark's inputs are before each call, which decides what each target must copy:
 * {@code host} — the host has just written them (a device copies them up on every call) and
 * reads the result afterwards (a device copies it back); or a device, {@code opencl:N} — a
 * kernel on that device has just written them (the JVM copies them back on every call) and the
 * result stays where it was computed, as in a chain of work on the device. Arrays left alone
 * would be copied once and then be current in both places, so that after the first call every
 * target would see its inputs at home; the rows put them back before each call, untimed
 * ({@link Row#beforeCall}). {@code loop}, for the selection suite's steps alone: nothing is put
 * anywhere, each call finds its arrays where its row's last call left them, as a loop's steps do
 * (its state moves only if the target moves it).
 */
record Residency(String where) {
    static final Residency HOST = new Residency("host"), LOOP = new Residency("loop");

    boolean onHost() { return where.equals("host"); }

    /** True for a device residency: the inputs written there by a kernel before each call. */
    boolean onDevice() { return !onHost() && !equals(LOOP); }

    /**
     * {@code host}, {@code device} (the first OpenCL device among {@code targets}, else
     * opencl:0) or {@code opencl:N}; a device needs OpenCL.
     */
    static Residency parse(String s, List<String> targets) {
        String w = s.strip().toLowerCase(Locale.ROOT);
        if (w.equals("host")) return HOST;
        if (w.equals("loop")) return LOOP;
        String device = w;
        if (w.equals("device")) {
            device = targets.stream().filter(t -> t.startsWith("opencl")).findFirst().orElse("opencl:0");
        } else if (!w.startsWith("opencl")) {
            throw new Main.UserError("--residency: '" + s + "' is neither host nor device nor opencl:N nor loop");
        }
        Target t = Targets.parse(device);   // a clear line when there is no such device
        if (!(t instanceof OpenClTarget)) throw new Main.UserError("--residency: " + device + " is not a device");
        return new Residency(t.name());
    }

    /** What a row runs before each call: {@code inputs} written where this residency says. */
    Runnable before(List<NDArray> inputs) {
        if (equals(LOOP)) return () -> {};   // where the row's last call left them
        if (onHost()) {
            // the host writes one element of each (its own value): the device copies are dropped
            return () -> Num.on("jvm", () -> { for (NDArray a : inputs) rewriteOneElementOnHost(a); });
        }
        // a kernel on the device writes each in place (its own values): its copy is the only current one
        return () -> Num.on(where, () -> { for (NDArray a : inputs) a.assign(a.dtype().isFloat() ? a.mul(1.0) : a.add(0L)); });
    }

    private static void rewriteOneElementOnHost(NDArray a) {
        int[] first = new int[a.ndim()];
        if (a.dtype().isFloat()) a.set(a.getDouble(first), first); else a.set(a.getLong(first), first);
    }

    /** After a call on a host residency, the host reads {@code result} (one element: a device copies all of it back). */
    static void readOnHost(NDArray result) {
        int[] first = new int[result.ndim()];
        Measure.sink = result.dtype().isFloat() ? (Object) result.getDouble(first) : (Object) result.getLong(first);
    }
}
