package io.numfuse.runtime;

import io.numfuse.ir.KernelKey;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How often the model may measure a runner-up ({@link Placement}): each within a share of the
 * time spent on its plan since it was last measured, per target, kernel and size class. What a
 * measurement took is known once it ran ({@link #measuredRunnerUp}); until then its predicted
 * time stands for it. The time is the plan's own ({@link Clock}), not the wall clock's: in the
 * selection suite a row runs a quarter of the time, and a resident Mandelbrot step measured its
 * JVM runner-up (its arrays copied back) one evaluation in 22, 1.39 times PoCL's time; and a
 * program evaluating ten plans would spend ten shares of its time measuring runners-up.
 * Thread-safe: each runner-up's record under its own monitor, each clock an adder.
 */
final class RunnerUps {
    /** The most of the time that measuring a far runner-up may take: 1%. */
    static final double FAR_SHARE = 0.01;

    /**
     * The most of the time that measuring a far runner-up may take when its copies alone were
     * predicted to take longer than the chosen plan: 0.1%. Only copies predicted several times
     * too slow would let it win, and measuring it moves a loop's state: a resident Mandelbrot
     * step whose JVM runner-up was measured (8 MB copied back, 2.2 ms predicted against 0.36 ms
     * on PoCL) left its arrays on the host, where the next evaluations priced the device with its
     * copies up and stayed on the JVM, at 1.7-1.9 ms a step, until the device was measured again.
     */
    static final double FAR_COPIES_SHARE = 0.001;

    /** The most of the time that measuring a close runner-up the model trusts may take: 5% (at 1.5x, one evaluation in 30). */
    static final double CLOSE_SHARE = 0.05;

    /**
     * The most of the time that measuring a far runner-up (predicted more than 1.5 times the chosen
     * plan's time) may take: {@link #FAR_COPIES_SHARE} when its copies alone take longer than the
     * chosen plan (it could win only if they were mispriced); {@link #CLOSE_SHARE} while its runs
     * of the plan are too few to trust ({@code trusted}: {@link Learning#TRUSTED} runs) and it copies
     * nothing ({@code copies}), as its price then rests on its class's correction, other kernels'
     * first runs; {@link #FAR_SHARE} otherwise: a runner-up that copies moves the data, and with it
     * the next evaluations' prices ({@link #FAR_COPIES_SHARE}). At 1%, a resident where(a>.5,a*b,b-a) over 10^5
     * float32 whose PoCL price a class correction had made 570 us (it runs in 87) waited 57 ms for
     * its first measurement, and ran on the JVM at 4.41 times PoCL's time throughout a bench row.
     */
    static double farShare(boolean copiesAlone, boolean copies, boolean trusted) {
        return copiesAlone ? FAR_COPIES_SHARE : trusted || copies ? FAR_SHARE : CLOSE_SHARE;
    }

    /**
     * True, and counted as a measurement now, when measuring {@code key} over {@code elements} on
     * {@code target} would take at most {@code share} of the time spent on the plan since it was
     * last measured there ({@code planSeconds}: the plan's {@link Clock} now): what that
     * measurement took, once known ({@link #measuredRunnerUp}), else {@code predictedSeconds},
     * over the time since.
     */
    boolean withinShare(String target, KernelKey key, long elements, double predictedSeconds, double share, double planSeconds) {
        RunnerUp f = runnersUp.computeIfAbsent(new Learning.KeyOf(target, key, elements), x -> new RunnerUp());
        synchronized (f) {
            double cost = Double.isNaN(f.seconds) ? predictedSeconds : f.seconds, since = planSeconds - f.planAt;
            if (f.measured && since >= 0 && since < cost / share) return false;   // (a clock made anew, behind: measured)
            f.measured = true;
            f.planAt = planSeconds;
            f.seconds = Double.NaN;
            return true;
        }
    }

    /** Whether a runner-up was measured, at what time of its plan's clock, and what that took (NaN until known). */
    private static final class RunnerUp {
        boolean measured;
        double planAt;
        double seconds = Double.NaN;
    }

    private final Map<Learning.KeyOf, RunnerUp> runnersUp = new ConcurrentHashMap<>();

    /**
     * The time spent running the plans led by one kernel over one size class, on every thread and
     * target, runners-up included: what a runner-up's share is a share of. A placement holds its
     * plan's clock, so an evaluation adds its time without a lookup.
     */
    static final class Clock {
        private final java.util.concurrent.atomic.DoubleAdder spent = new java.util.concurrent.atomic.DoubleAdder();

        /** The plan ran for {@code seconds} more. */
        void add(double seconds) { spent.add(seconds); }

        /** Seconds spent on the plan so far. */
        double seconds() { return spent.sum(); }
    }

    private record PlanOf(KernelKey key, int size) {}

    private final Map<PlanOf, Clock> clocks = new ConcurrentHashMap<>();

    /** The clock of the plans led by {@code key} over {@code elements} (one per size class). */
    Clock clockOf(KernelKey key, long elements) {
        return clocks.computeIfAbsent(new PlanOf(key, Learning.sizeClass(elements)), x -> new Clock());
    }

    /** A runner-up's measurement of {@code key} over {@code elements} on {@code target} took {@code seconds} (all the plan's kernels, copies included). */
    void measuredRunnerUp(String target, KernelKey key, long elements, double seconds) {
        RunnerUp f = runnersUp.get(new Learning.KeyOf(target, key, elements));
        if (f == null || !(seconds > 0)) return;
        synchronized (f) {
            f.seconds = seconds;
        }
    }

    /** Forgets every runner-up's record and plan's clock (the model forgot its kernels). */
    void clear() {
        runnersUp.clear();
        clocks.clear();
    }

    /** Forgets the records of {@code key} on {@code target} (its code changed). */
    void forget(String target, KernelKey key) { runnersUp.keySet().removeIf(k -> k.target().equals(target) && k.key().equals(key)); }
}
