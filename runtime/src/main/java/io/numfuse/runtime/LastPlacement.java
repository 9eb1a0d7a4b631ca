package io.numfuse.runtime;

import io.numfuse.ir.Kernel;
import java.lang.ref.WeakReference;
import java.util.List;

/**
 * What each thread remembers of its last evaluation under auto, for explain after a run
 * ({@link Executor#lastPlacement}): the {@link Placement} the model made, or a record of a run it
 * did not weigh ({@link Unweighed}). Neither holds the evaluation's arrays once it has run (see
 * {@link Placement#runOver}).
 */
final class LastPlacement {
    private LastPlacement() {}

    private static final ThreadLocal<Object> LAST = new ThreadLocal<>();   // a Placement, or an Unweighed or QuietRun run made into one when asked

    /** The last placement made on this thread (for explain after a run); null when none was. */
    static Placement last() {
        Object o = LAST.get();
        return switch (o) {
            case Unweighed r -> Placement.unweighed(r.kernels().get(), r.count(), r.target(), r.why(), r.seconds());
            case QuietRun r -> r.decision().quietRun(r.kernels().get(), r.seconds()[0]);
            case null, default -> (Placement) o;
        };
    }

    static void record(Placement p) { LAST.set(p); }

    /**
     * An evaluation of {@code kernels} on the JVM for {@code why}, without the model (small work on
     * the host, or nothing to choose from), each kernel's time to be put in {@link Unweighed#seconds}:
     * what explain and {@link #last} show of it, so that they never describe an earlier evaluation
     * as the last one. Kept as this record, made into a placement only when asked (small work is
     * the evaluations of a few microseconds).
     */
    static Unweighed recordOnJvm(List<Kernel> kernels, String why) { return recordRun(kernels, JvmTarget.INSTANCE, why); }

    /** {@link #recordOnJvm} for a run of every kernel on {@code target} that the model did not place ({@link Migration}). */
    static Unweighed recordRun(List<Kernel> kernels, Target target, String why) {
        double[] seconds = new double[kernels.size()];
        java.util.Arrays.fill(seconds, Double.NaN);
        Unweighed r = new Unweighed(new WeakReference<>(kernels), kernels.size(), target, why, seconds);
        LAST.set(r);
        return r;
    }

    /**
     * A quiet run of kept decision {@code decision} for {@code kernels} ({@link Scheduler#runQuietly}),
     * its time to be put in the array returned (NaN: not timed): made into the placement an
     * evaluation that reused the decision would have made only when asked.
     */
    static double[] recordQuiet(Placement decision, List<Kernel> kernels) {
        QuietRun r = new QuietRun(decision, new WeakReference<>(kernels), new double[] { Double.NaN });
        LAST.set(r);
        return r.seconds();
    }

    /** A kept decision's quiet run: its kernels (weakly, as a placement's after its run) and its time (one element, NaN until timed). */
    record QuietRun(Placement decision, WeakReference<List<Kernel>> kernels, double[] seconds) {}

    /**
     * Kernels run on one target (the JVM, mostly) without the model (held weakly, as a placement's
     * after its run), how many, why, and each one's time (NaN until it ran).
     */
    record Unweighed(WeakReference<List<Kernel>> kernels, int count, Target target, String why, double[] seconds) {}
}
