package io.numfuse.bench;

import java.util.Arrays;
import io.numfuse.runtime.KernelRuns;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntConsumer;
import java.util.function.Supplier;

/**
 * One line of a benchmark's results: one case on one target (or one baseline) in one mode,
 * what to run, and once measured, its samples. A "call" is one evaluation; a sample times a
 * batch of calls and divides, so that microsecond calls are timed over milliseconds.
 */
final class Row {
    final String caseName;
    final int n;
    final String dtype;
    /** {@code jvm}, {@code interpreter}, {@code auto} or {@code baseline:<name>}. */
    final String target;
    /** For numfuse rows: {@code alloc} (a new result array per call), {@code into} (o.assign(...)) or {@code assign} (in place). */
    String mode;
    /** For {@code auto}: the target it picked. */
    String chosen;
    /**
     * Where the inputs are before each call: {@code host} (fresh there: a device must copy them
     * up) or a device's name (resident there: the host must copy them back); null where the row
     * does not set it ({@link Residency}).
     */
    String residency;
    /** The expression numfuse evaluates, where the case name is not that expression. */
    String expr;
    /** True for rows that run numfuse (their first call may compile kernels). */
    boolean numfuse;

    /** Untimed, before each batch of calls (argument: the number of calls to come). */
    IntConsumer prepare = k -> { };
    /** One evaluation. */
    Runnable call;
    /**
     * Untimed, before each call, or null: puts the inputs where {@link #residency} says. Calls
     * are then timed one by one, and what the runtime counts (kernels run, copies) is counted
     * around the calls alone.
     */
    Runnable beforeCall;
    /**
     * Rows whose calls per sample this row takes at least (after the warm-up sized each row's):
     * auto's row in the selection suite, sampled as the targets it is compared with are. Sized on
     * its own from its warm-up (slower while its programs built), auto's row took one call a
     * sample where PoCL's took seven to twelve, and each of its samples paid alone what a sample
     * pays once (PoCL's threads waking, the caches after the collection before it): a resident
     * Mandelbrot step over 10^6 at 1.2-1.5 ms a call against 0.58.
     */
    java.util.List<Row> batchAtLeastOf = java.util.List.of();
    /** Measure collects before each of its samples ({@link Measure#collectDropped}): its results take megabytes. */
    boolean collectBeforeSample;
    /** The values computed (float[], double[] or Double) for the cross-check, or null. */
    Supplier<Object> value;
    /** The row whose values this one should equal, and the row the ratio is taken to. */
    String checkAgainst, ratioTo;
    /** The values must equal checkAgainst's bit for bit (same operations in the same order). */
    boolean checkExact;
    /**
     * The cross-check is required: values that differ, or that could not be compared, fail the
     * command (after its table) instead of a warning.
     */
    boolean mustVerify;
    /** A check of the values of its own (null: none), giving what is wrong or null. */
    java.util.function.Function<Object, String> validate;
    /** Also report the worst sample against the worst of the ratio's reference ({@code worst_ratio}). */
    boolean reportWorst;

    /**
     * For numfuse rows of large sizes: the same evaluation on small arrays, run before the
     * warm-up until the JIT has compiled numfuse's host code (see {@link Measure}), or null.
     */
    Runnable hostWarmUp;

    /**
     * Run after a batch of calls, timed with them (null: nothing): what makes the calls' work
     * happen when they leave it lazy (the time integration's writes wait until observed).
     */
    Runnable sync;

    /** When positive: calls per sample (otherwise chosen from the warm-up), and warm-up calls. */
    int fixedBatch, fixedWarmupCalls;
    /** Bytes of memory one call moves (reads + writes), for GB/s; 0 when not meaningful. */
    double bytesPerCall;
    /** Floating-point operations of one call, for GFLOP/s (a matmul's 2n^3); 0 when not meaningful. */
    double flopsPerCall;
    /** Derived rows are computed from another row's samples instead of run. */
    String derivedFrom;
    double derivedFactor;

    // ---- results ------------------------------------------------------------------------------
    double firstCallS = Double.NaN;
    int kernelsCompiled = -1;
    /** Kernels compiled during the timed samples (0 when every call hit the cache). */
    long sampleKernels;
    int batch;
    double[] samples = new double[0];
    final Map<String, Object> extra = new LinkedHashMap<>();
    /** Kernels run per target that actually ran them, and devices' fallbacks ({@link KernelRuns}), over the timed calls. */
    final Map<String, Long> ranOn = new TreeMap<>();

    /** Buffers copied to and from devices over the timed calls, and those calls ({@link io.numfuse.runtime.OpenClTarget#transfers}). */
    long uploads, downloads, timedCalls;

    /** Kernels run per target over the timed samples alone (not the first call): where auto settled. */
    final Map<String, Long> sampleRanOn = new TreeMap<>();

    /** Adds the counts of {@link KernelRuns#since}. */
    void ran(Map<String, Long> runs) { runs.forEach((k, v) -> ranOn.merge(k, v, Long::sum)); }

    /** The targets that ran this row's kernels, most kernels first (fallbacks not counted). */
    List<String> ranOnTargets() {
        return ranOn.entrySet().stream().filter(e -> !e.getKey().startsWith(KernelRuns.FELL_BACK))
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed()).map(Map.Entry::getKey).toList();
    }

    /** True for a numfuse row on a named target whose kernels (some or all) ran elsewhere: not that target's figure. */
    boolean ranElsewhere() {
        if (!numfuse || target.equals("auto") || target.startsWith("auto:")) return false;   // auto:jvm, auto:prefer-device... choose too
        for (String t : ranOn.keySet()) if (!t.equals(target)) return true;
        return false;
    }

    Row(String caseName, int n, String dtype, String target) {
        this.caseName = caseName;
        this.n = n;
        this.dtype = dtype;
        this.target = target;
    }

    boolean isBaseline() { return target.startsWith("baseline:"); }

    /** The key rows refer to each other by: target, plus the mode for numfuse rows. */
    String label() { return mode == null ? target : target + "/" + mode; }

    /** Unique within a suite run: the case and the label. */
    String id() { return caseName + "|" + label(); }

    /** Drops what the row ran (its arrays), keeping its results. */
    void release() {
        prepare = k -> { };
        hostWarmUp = null;
        beforeCall = null;
        call = null;
        value = null;
        validate = null;
    }

    double median() { return median(samples); }

    /** The median of {@code xs} (left as it is), NaN when empty. */
    static double median(double[] xs) {
        double[] s = xs.clone();
        Arrays.sort(s);
        int k = s.length;
        if (k == 0) return Double.NaN;
        return k % 2 == 1 ? s[k / 2] : (s[k / 2 - 1] + s[k / 2]) / 2;
    }

    double min() { return Arrays.stream(samples).min().orElse(Double.NaN); }

    double max() { return Arrays.stream(samples).max().orElse(Double.NaN); }
}
