package io.numfuse.runtime;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What one launch costs on each device, as its runs show it: the part of the model that a
 * kernel's correction cannot fix. A kernel's correction is a factor on its predicted execution,
 * learnt from its time less the profile's launch; when the profile's launch is too high (a
 * calibration measured while the machine was busy stored 129 us for PoCL, whose launches take
 * 30-35 us here), that rest is below zero for every small kernel, nothing is learnt, and auto
 * priced every small resident kernel on PoCL at 130 us and more: it copied them to the JVM, at
 * 2.4-2.8 times PoCL's time, for as long as the profile stood.
 *
 * <p>A device run of one kernel whose predicted execution, copies and new storage together are at
 * most {@link #LAUNCH_SHARE} of its measured time and of the launch in use is a launch sample: its
 * time less those. The bound on the launch in use keeps out kernels whose execution the model
 * underestimates: a resident a+b*c over 10^6 float32, predicted at 98 us of execution, ran its
 * first runs on PoCL in 830-870 us, which as launch samples (the rest a fifth of the run, the bound
 * before) made PoCL's launch 0.4, then 0.7, then 2.3 ms. The
 * device's launch is the median of its latest {@link #SAMPLES} samples, taken once there are
 * {@link #MIN_SAMPLES} of them (a launch after a pause, its threads asleep, is a real cost and
 * counts; a median is what a median time compares with), and replaces the profile's
 * ({@link Profiles#of}) when it is more than {@link #NEWS} away from the launch in use, and never
 * rises above the profile's. Only downwards: a launch priced too low is what each kernel's
 * correction absorbs already (its run less the launch is then larger), and a launch learnt
 * upwards from single kernels overpriced chains: a single kernel's run in the selection suite
 * comes after a pause (PoCL's threads asleep) that a chain's later kernels do not wait for, so
 * with PoCL's launch learnt at 53 us (34 calibrated; a kernel after the first in a chain costs
 * 22-38 us there, {@code docs/results/2026-12-06/stop44/chain/ChainProbe.java}) a resident
 * Laplace step's three kernels went to the JVM at 1.99 times PoCL's time. A runner-up
 * measured on the device (the model measures one now and then) is a run like any other, so a
 * launch priced too high is sampled too, and corrected within a few such runs.
 */
final class Launches {
    /** A run is a launch sample when the rest of its prediction is at most this share of its time and of the launch in use. */
    static final double LAUNCH_SHARE = 0.1;
    /** The latest samples a device's launch is the median of. */
    static final int SAMPLES = 32;
    /** Samples needed before a device's runs replace its profile's launch. */
    static final int MIN_SAMPLES = 8;
    /**
     * A learnt launch replaces the one in use only when it differs from it by more than this
     * factor: each replacement makes every decision afresh, and PoCL's launches here spread from
     * 27 to 72 us. The median of 16 samples moved by a quarter a dozen times in one case's run;
     * that of 32, between 30 and 46 us as the suite went from case to case, moved 19 and 20 times
     * in a run of the resident cases at a factor of 1.5.
     */
    static final double NEWS = 2;

    /**
     * Whether device runs teach launches (tests that give synthetic profiles turn it off: their
     * devices' launches are part of what they simulate, and this machine's device would teach its own).
     */
    static volatile boolean learning = true;

    private final Map<String, Device> byDevice = new ConcurrentHashMap<>();

    /** A device's latest samples, and the launch learnt from them (NaN: the profile's). */
    private static final class Device {
        private final double[] samples = new double[SAMPLES];
        private int count;
        private volatile double learnt = Double.NaN;

        /**
         * Adds a sample; true when the learnt launch moved: to the median of the samples, or the
         * profile's launch ({@code calibrated}) where that is less, once it is more than
         * {@link #NEWS} away from the launch in use ({@code inUse}). (With a threshold of its own
         * for going back to the profile's, a median at the threshold sent the launch there and
         * back at every sample: 64 and 129 us, 22 times in one run.)
         */
        synchronized boolean add(double seconds, double inUse, double calibrated) {
            samples[count++ % SAMPLES] = seconds;
            if (count < MIN_SAMPLES) return false;
            double next = Math.min(calibrated, Learning.medianOf(java.util.Arrays.copyOf(samples, Math.min(count, SAMPLES))));
            if (Math.abs(Math.log(next / inUse)) <= Math.log(NEWS)) return false;
            learnt = next < calibrated ? next : Double.NaN;
            return true;
        }
    }

    /**
     * A run of one kernel on {@code device}, {@code measured} seconds, that the model predicted
     * as {@code predicted}, the device's profile saying a launch takes {@code calibrated} seconds.
     * Returns true when the device's learnt launch moved: what rests on its price must be worked
     * out again.
     */
    boolean observe(String device, double measured, CostModel.Prediction predicted, double calibrated) {
        if (!learning || !(measured > 0) || !Double.isFinite(predicted.seconds())) return false;
        double rest = predicted.execute() + predicted.transfers() + predicted.storage();
        if (!(rest <= LAUNCH_SHARE * Math.min(measured, predicted.launch()))) return false;
        boolean moved = byDevice.computeIfAbsent(device, d -> new Device()).add(measured - rest, predicted.launch(), calibrated);
        if (moved && Learning.TRACE) System.err.printf("numfuse: learning: %s launches in %s%n", device, Placement.seconds(Double.isNaN(launch(device)) ? calibrated : launch(device)));
        return moved;
    }

    /** {@code device}'s launch as its runs show it (seconds), or NaN while they have not replaced its profile's. */
    double launch(String device) {
        Device d = byDevice.get(device);
        return d == null ? Double.NaN : d.learnt;
    }

    void forgetAll() { byDevice.clear(); }
}
