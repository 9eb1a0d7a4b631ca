package io.numfuse.runtime;

import io.numfuse.ir.KernelKey;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How often the model may measure a runner-up ({@link Placement}): each within a share of the
 * time since it was last measured, per target, kernel and size class. What a measurement took is
 * known once it ran ({@link #measuredRunnerUp}); until then its predicted time stands for it.
 * Thread-safe: each runner-up's record under its own monitor.
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
     * {@code target} would take at most {@code share} of the time since it was last measured
     * there: what that measurement took, once known ({@link #measuredRunnerUp}), else
     * {@code predictedSeconds}, over the time since.
     */
    boolean withinShare(String target, KernelKey key, long elements, double predictedSeconds, double share) {
        RunnerUp f = runnersUp.computeIfAbsent(new Learning.KeyOf(target, key, elements), x -> new RunnerUp());
        synchronized (f) {
            long now = System.nanoTime();
            double cost = Double.isNaN(f.seconds) ? predictedSeconds : f.seconds;
            if (f.at != 0 && now - f.at < cost / share * 1e9) return false;
            f.at = now;
            f.seconds = Double.NaN;
            return true;
        }
    }

    /** When a runner-up was last measured, and what that took (NaN until known). */
    private static final class RunnerUp {
        long at;
        double seconds = Double.NaN;
    }

    private final Map<Learning.KeyOf, RunnerUp> runnersUp = new ConcurrentHashMap<>();

    /** A runner-up's measurement of {@code key} over {@code elements} on {@code target} took {@code seconds} (all the plan's kernels, copies included). */
    void measuredRunnerUp(String target, KernelKey key, long elements, double seconds) {
        RunnerUp f = runnersUp.get(new Learning.KeyOf(target, key, elements));
        if (f == null || !(seconds > 0)) return;
        synchronized (f) {
            f.seconds = seconds;
        }
    }

    /** Forgets every runner-up's record (the model forgot its kernels). */
    void clear() { runnersUp.clear(); }

    /** Forgets the records of {@code key} on {@code target} (its code changed). */
    void forget(String target, KernelKey key) { runnersUp.keySet().removeIf(k -> k.target().equals(target) && k.key().equals(key)); }
}
