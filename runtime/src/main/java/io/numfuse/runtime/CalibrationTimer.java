package io.numfuse.runtime;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Times the short operations of a {@link Calibration}, several at once: it takes a sample of each
 * in turn, round after round, so that their warm-up overlaps (the JIT compiles one operation's
 * kernel while the others are sampled; on a 2-core machine C2 took seconds for some). An
 * operation is warm when its samples stopped getting faster and, for the JVM's kernels, the JIT
 * has finished no compilation for a while; sampling ends when every operation is warm or the
 * budget is spent.
 *
 * <p>An operation's figure is the median of the fastest half of its samples since the JIT went
 * quiet (at least {@code 3 * SAMPLES} of them): other work on the machine only ever makes a
 * sample slower, so the fastest samples are those that timed the operation rather than the
 * interruptions, and their median is steadier than the single fastest.
 */
final class CalibrationTimer {
    private CalibrationTimer() {}

    /** Samples in a median (of the last samples, to tell whether they still get faster). */
    static final int SAMPLES = 4;
    /** A sample lasts about this long unless its operation says otherwise: as many calls as fit (seconds). */
    static final double SAMPLE_SECONDS = 0.5e-3;
    /** The JIT must have finished no compilation for this long for an operation to count as warm (seconds). */
    static final double JIT_QUIET_SECONDS = 0.06;
    /** {@code -Dnumfuse.calibration.trace=true} prints every operation's samples on stderr. */
    static final boolean TRACE = Boolean.getBoolean("numfuse.calibration.trace");
    private static final CompilationMXBean JIT = ManagementFactory.getCompilationMXBean();

    /**
     * An operation to time: {@code setup} (when not null) runs before each call of {@code op},
     * untimed; a sample lasts about {@code sampleSeconds}.
     */
    record Timed(String name, Runnable setup, Runnable op, double sampleSeconds) {
        Timed(String name, Runnable setup, Runnable op) { this(name, setup, op, SAMPLE_SECONDS); }

        static Timed of(String name, Runnable op) { return new Timed(name, null, op); }
    }

    /** What sampling one operation gave: its figure (seconds per call) and its fastest sample. */
    record Sampled(double seconds, double fastest) {}

    /** One operation's samples so far. */
    private static final class State {
        final Timed timed;
        final List<Double> samples = new ArrayList<>();
        double perCall = Double.NaN;
        int quiet;        // samples since the JIT last finished a compilation
        boolean warm;

        State(Timed timed) { this.timed = timed; }

        /** One sample: one call first (it compiles the kernel), then as many as its predecessor says fit in its sample time. */
        void sample() {
            int calls = Double.isNaN(perCall) ? 1 : (int) Math.clamp(timed.sampleSeconds() / Math.max(perCall, 1e-9), 1, 1 << 16);
            long spent = 0;
            for (int i = 0; i < calls; i++) {
                if (timed.setup() != null) timed.setup().run();
                long t0 = System.nanoTime();
                timed.op().run();
                spent += System.nanoTime() - t0;
            }
            perCall = spent / 1e9 / calls;
            samples.add(perCall);
        }

        boolean settled(double jitQuietSeconds, boolean waitForJit) {
            int m = samples.size();
            return m >= 3 * SAMPLES && (!waitForJit || quiet >= SAMPLES && jitQuietSeconds > JIT_QUIET_SECONDS)
                    && figure(samples.subList(m - SAMPLES, m)) >= 0.9 * figure(samples.subList(m - 2 * SAMPLES, m - SAMPLES));
        }

        Sampled result() {
            int m = samples.size();
            return new Sampled(figure(samples.subList(Math.max(0, m - Math.max(3 * SAMPLES, quiet)), m)),
                    samples.stream().mapToDouble(Double::doubleValue).min().orElseThrow());
        }
    }

    /**
     * Seconds per call of one operation sampled for {@code budgetSeconds} (and at least
     * {@code 4 * SAMPLES} times): the figure of the later half of its samples, as what it calls
     * (numfuse's own code, for a launch) gets compiled by the JIT meanwhile.
     */
    static Sampled sample(double budgetSeconds, Timed timed) {
        State s = new State(timed);
        long start = System.nanoTime();
        do s.sample(); while (s.samples.size() < 4 * SAMPLES || System.nanoTime() - start < budgetSeconds * 1e9);
        int m = s.samples.size();
        Sampled result = new Sampled(figure(s.samples.subList(m / 2, m)), s.samples.stream().mapToDouble(Double::doubleValue).min().orElseThrow());
        if (TRACE) {
            System.err.printf("numfuse: calibration: %s: %.3g s (fastest %.3g s; %d samples in %.3f s)%n", timed.name(), result.seconds(), result.fastest(), m,
                    (System.nanoTime() - start) / 1e9);
        }
        return result;
    }

    /**
     * Samples {@code ops} in turn until each is warm, or {@code budgetSeconds} are spent and each
     * has {@link #SAMPLES} samples. Returns their figures in order. An operation is warm when its
     * samples stopped getting faster and, with {@code waitForJit}, the JIT has also finished no
     * compilation for a while: the JVM's kernels get faster as C2 compiles them, a device's
     * kernels are compiled before they are timed (the JIT only speeds up their launch). No
     * operation counts as warm before {@code minSeconds}.
     */
    static List<Sampled> together(double budgetSeconds, List<Timed> ops, boolean waitForJit, double minSeconds) {
        List<State> states = ops.stream().map(State::new).toList();
        long start = System.nanoTime(), jitMillis = compilationMillis(), jitChanged = start;
        while (true) {
            boolean allWarm = true, enough = true;
            for (State s : states) {
                if (s.warm) continue;
                s.sample();
                long now = System.nanoTime(), jit = compilationMillis();
                if (jit != jitMillis) {
                    jitMillis = jit;
                    jitChanged = now;
                    for (State o : states) o.quiet = 0;
                } else {
                    s.quiet++;
                }
                s.warm = now - start >= minSeconds * 1e9 && s.settled((now - jitChanged) / 1e9, waitForJit);
                allWarm &= s.warm;
                enough &= s.samples.size() >= SAMPLES;
            }
            if (allWarm || enough && System.nanoTime() - start > budgetSeconds * 1e9) break;
        }
        if (TRACE) {
            for (State s : states) {
                System.err.printf("numfuse: calibration: %s: %.3g s (%s, %d samples:%s)%n", s.timed.name(), s.result().seconds(),
                        s.warm ? "warm" : "budget spent", s.samples.size(),
                        s.samples.stream().map(x -> String.format(" %.3g", x)).reduce("", String::concat));
            }
            System.err.printf("numfuse: calibration: %d operations in %.3f s%n", states.size(), (System.nanoTime() - start) / 1e9);
        }
        return states.stream().map(State::result).toList();
    }

    /** The median of the fastest half of {@code xs} (of the fastest {@link #SAMPLES} when there are fewer than twice as many). */
    static double figure(List<Double> xs) {
        double[] s = xs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double[] fastest = Arrays.copyOf(s, s.length >= 2 * SAMPLES ? s.length / 2 : Math.min(s.length, SAMPLES));
        int k = fastest.length;
        return k % 2 == 1 ? fastest[k / 2] : (fastest[k / 2 - 1] + fastest[k / 2]) / 2;
    }

    /** The JIT's total compilation time so far (ms), or 0 where the JVM does not say. */
    private static long compilationMillis() {
        return JIT != null && JIT.isCompilationTimeMonitoringSupported() ? JIT.getTotalCompilationTime() : 0;
    }
}
