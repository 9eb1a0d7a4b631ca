package io.numfuse.runtime;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a new result's storage costs on each target beyond its kernel ({@link Learning}'s storage
 * term): the share of new results' bytes that took new storage there (the rest were spares), and
 * what a byte of new storage cost (first touch and zeroing), the median of the latest votes.
 * Thread-safe.
 */
final class StorageCosts {
    /**
     * {@code -Dnumfuse.model.storage=false} leaves the storage term out (the model before it, for
     * measuring what it changes): new results cost nothing and device runs that took new memory
     * teach their kernels and classes.
     */
    static final boolean STORAGE = !"false".equals(System.getProperty("numfuse.model.storage"));

    /** The weight of a new measurement of the share of new results' bytes that took new storage: about five runs to converge. */
    static final double SHARE_WEIGHT = 0.35;

    /** Runs whose outputs took fewer new bytes than this teach nothing of storage (in the noise). */
    static final double MIN_BYTES = 1 << 20;

    /**
     * Until measured, what a byte of new storage costs: its page's first touch and zeroing, about
     * 8 GB/s on this kind of machine; the same for every target, so that it decides nothing alone.
     */
    static final double NOMINAL_FRESH_SECONDS_PER_BYTE = 1 / 8e9;

    /**
     * What new storage costs stands on this many votes or more (the nominal cost until then), as
     * a class correction does: one JVM run that allocated a new 80 MB result while the collector
     * was asked for dead ones voted 34 MB/s, and alone it priced a 4 MB result on the JVM at
     * 118 ms.
     */
    static final int FRESH_VOTES = 3;

    /**
     * The most a byte of new storage is taken to cost: 0.5 GB/s, several times what first
     * touching and zeroing new pages costs (PoCL's new buffers here: 3.5-12 GB/s). A slower run
     * was slowed by something else: a collection, another process.
     */
    static final double MAX_FRESH_SECONDS_PER_BYTE = 2e-9;

    /** Per target, the latest log votes of seconds per byte of new storage; their median is the cost. */
    private final Map<String, java.util.ArrayDeque<Double>> freshVotes = new ConcurrentHashMap<>();
    private final Map<String, Double> freshCost = new ConcurrentHashMap<>();
    /** Per target, the share of new results' bytes that took new storage (the rest were spares). */
    private final Map<String, Double> freshShare = new ConcurrentHashMap<>();

    /**
     * What a byte of a new result is expected to cost on {@code target} beyond the kernel: the
     * share of new results' bytes that took new storage there times what new storage costs. A
     * device run that made an 80 MB result in new memory once took 14 times its predicted time;
     * counted as the kernel's, it made the device look slow.
     */
    double secondsPerByte(String target) {
        if (!STORAGE) return 0;
        return freshShare.getOrDefault(target, 1.0) * freshCost.getOrDefault(target, NOMINAL_FRESH_SECONDS_PER_BYTE);
    }

    /**
     * A run on {@code target} gave new results {@code newBytes} bytes, of which {@code freshBytes}
     * took new storage, which cost {@code seconds} (on the JVM measured as the arrays were made; on
     * a device, the run's time beyond the model's prediction). Returns how far the expected cost
     * per byte moved (new over old; 1 when it did not).
     */
    double observe(String target, double newBytes, double freshBytes, double seconds) {
        if (!STORAGE || !(newBytes >= MIN_BYTES)) return 1;
        double before = secondsPerByte(target);
        double share = Math.min(1, Math.max(0, freshBytes / newBytes));
        freshShare.merge(target, share, (old, x) -> old + SHARE_WEIGHT * (x - old));
        if (freshBytes >= MIN_BYTES) {
            double perByte = Math.min(MAX_FRESH_SECONDS_PER_BYTE, Math.max(1e-13, seconds / freshBytes));
            if (Learning.TRACE) System.err.printf("numfuse: learning: %s new storage %.3g GB/s (share %.2f)%n", target, 1e-9 / perByte, share);
            java.util.ArrayDeque<Double> v = freshVotes.computeIfAbsent(target, t -> new java.util.ArrayDeque<>());
            synchronized (v) {
                v.addLast(Math.log(perByte));
                if (v.size() > 9) v.removeFirst();
                if (v.size() >= FRESH_VOTES) freshCost.put(target, Math.exp(Learning.median(v)));
            }
        }
        return before > 0 ? secondsPerByte(target) / before : 1;
    }

    /** What {@code freshBytes} of new storage cost on {@code target} once its price stands on votes ({@link #FRESH_VOTES}), else NaN. */
    double learntFreshSeconds(String target, double freshBytes) {
        Double c = freshCost.get(target);
        return STORAGE && c != null ? freshBytes * c : Double.NaN;
    }

    /** What {@code freshBytes} of new storage are expected to cost on {@code target} (the median of its votes, or the nominal cost). */
    double freshSeconds(String target, double freshBytes) {
        return STORAGE ? freshBytes * freshCost.getOrDefault(target, NOMINAL_FRESH_SECONDS_PER_BYTE) : 0;
    }

    /** Forgets what was learnt. */
    void clear() {
        freshVotes.clear();
        freshCost.clear();
        freshShare.clear();
    }
}
