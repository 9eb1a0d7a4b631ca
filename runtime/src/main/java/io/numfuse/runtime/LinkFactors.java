package io.numfuse.runtime;

import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What {@link Learning} knows of each device's copies: per device and copy size class, a factor on
 * the profile's price of a copy (its latency and bandwidth), learnt from runs whose time was
 * mostly copies ({@link Placement}). A calibration's copies are between warm buffers; a fresh host
 * array copied up, a result copied back into a new one, or a copy that waits for the kernel that
 * wrote its buffer costs more. Thread-safe: a map of per-class lessons, each under its own lock.
 */
final class LinkFactors {
    /**
     * A class's factor is worked out from its last this many lessons (log ratios) as a kernel's
     * correction is ({@link Learning#estimate}: the second smallest). A running average followed
     * each lesson: the copies a run teaches are its time less the launch and the corrected
     * execution, and a resident sin(a)+cos(b)'s JVM runs taught 0.5 to 20 times the profile's
     * price in turn, which swung the factor between 0.6 and 4.9 within one case. The median that
     * followed it was one of a burst's lessons once five of nine were: in a suite run, a noisy
     * moment during one case taught 11.7 times the profile's price, and the next case, whose JVM
     * run would have copied a resident result back, ran on the device at 4.56 times the JVM's
     * time; the JVM never ran there, so no lesson undid it. Accidents only slow copies too.
     */
    static final int VOTES = 9;

    /**
     * Until a class has this many lessons, the calibration counts as one of them: its copies are
     * priced above the profile only once that many lessons agree (a faster lesson counts at
     * once: accidents only slow copies). A single slow copy taught alone: in a traced
     * {@code numfuse demo laplace}, a look at the JVM from PoCL copied a 2 MB grid back into a
     * new host array in 813 us (priced 197), the factor became 4.14 for the rest of the process,
     * the scoped step's copies were priced at 738 us, and its loop ran 11 steps of every 100 on
     * the JVM before moving to PoCL (no later run taught the class again: a move's first step
     * takes new device memory, which teaches the storage rather than the link).
     */
    static final int TRUSTED = 3;

    /** A device's copies of one size class. */
    private record Key(String target, int sizeClass) {}

    /** Per device, its size classes' factors (logs). */
    private final Map<String, java.util.concurrent.ConcurrentSkipListMap<Integer, Double>> factors = new ConcurrentHashMap<>();
    private final Map<Key, ArrayDeque<Double>> votes = new ConcurrentHashMap<>();

    /**
     * A copy's size class: its bytes' power of four. The factor is learnt per class, as a kernel's
     * correction is per size: a copy's time beyond the profile's latency and bandwidth depends on
     * its size (a small one waits for the device's queue, a large fresh host array takes its pages'
     * first touch). With one factor per device, a resident poly3 over 10^5 float32, whose JVM
     * runs' 400 KB copies back took 4-5 times the profile's price, taught 4-5 to every copy of the
     * device, a resident Laplace grid's 2 MB too.
     */
    static int sizeClass(double bytes) { return bytes < 1 ? 0 : Math.getExponent(bytes) / 2; }

    /**
     * The factor on copies of {@code bytes} to and from {@code target}'s memory: its size class's,
     * or where that class has no lessons yet the nearest class's that has (the larger factor of
     * two as near), or 1 when nothing is known of the device's copies. Priced at 1 while the
     * classes learnt apart, a host sum over 10^7 float32 whose 40 MB upload no run had taught
     * ran on PoCL at 17 ms a call (the JVM: 1.2 ms) until the JVM was measured again.
     */
    double factor(String target, double bytes) {
        var byClass = factors.get(target);
        if (byClass == null) return 1;
        int c = sizeClass(bytes);
        var below = byClass.floorEntry(c);
        var above = byClass.ceilingEntry(c);
        if (below == null && above == null) return 1;
        if (below == null) return Math.exp(above.getValue());
        if (above == null) return Math.exp(below.getValue());
        int down = c - below.getKey(), up = above.getKey() - c;
        return Math.exp(down < up ? below.getValue() : up < down ? above.getValue() : Math.max(below.getValue(), above.getValue()));
    }

    /**
     * A run on {@code target} spent {@code measured} seconds on copies, the largest of
     * {@code bytes}, where the model, before its link factor, predicted {@code predicted}: the
     * factor of that size class is worked out from its last {@link #VOTES} such lessons, the
     * calibration among them until there are {@link #TRUSTED}. Returns whether it was a lesson
     * (copies predicted over 20 µs, not 64 times slower than predicted).
     */
    boolean observe(String target, double bytes, double predicted, double measured) {
        if (!(predicted > 20e-6) || !(measured > 0)) return false;
        // far slower than predicted is taken for an accident; far faster cannot be one, so it
        // counts as the fastest ratio learnt (ignored, a profile whose copies were 100x too slow
        // taught nothing: a copy of 100 ms predicted took 75 µs)
        double r = Math.max(Learning.MIN, measured / predicted);
        if (r > Learning.MAX) return false;
        Key key = new Key(target, sizeClass(bytes));
        ArrayDeque<Double> v = votes.computeIfAbsent(key, t -> new ArrayDeque<>());
        synchronized (v) {
            v.addLast(Math.log(r));
            if (v.size() > VOTES) v.removeFirst();
            double learnt = Learning.estimate(v.stream().mapToDouble(Double::doubleValue).toArray());
            factors.computeIfAbsent(target, t -> new java.util.concurrent.ConcurrentSkipListMap<>())
                    .put(key.sizeClass(), v.size() < TRUSTED ? Math.min(0, learnt) : learnt);
        }
        return true;
    }

    /** Forgets every lesson. */
    void clear() {
        factors.clear();
        votes.clear();
    }
}
