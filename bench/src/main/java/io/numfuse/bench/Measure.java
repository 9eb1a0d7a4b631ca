package io.numfuse.bench;

import io.numfuse.runtime.AutoTarget;
import io.numfuse.runtime.Executor;
import io.numfuse.runtime.JvmTarget;
import io.numfuse.runtime.KernelRuns;
import io.numfuse.runtime.OpenClTarget;
import java.io.PrintWriter;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The timing discipline: for one case, each row's first call is timed alone (it includes
 * compilation: the expression is new); then each row is warmed up (at least {@code warmupNanos}
 * and a few calls, so that the JIT has compiled both numfuse and the baselines), which also sets
 * how many calls a sample times; then the samples are taken round-robin over the rows, so that
 * a burst of load from another process on a shared machine hits every row alike instead of one.
 *
 * <p>A numfuse row of a large size first runs its {@link Row#hostWarmUp} (the same evaluation
 * on small arrays) {@value #HOST_WARMUP_CALLS} times, or for at most a second: the JIT compiles a
 * method after thousands of calls, and the few hundred milliseconds of warm-up hold only a few
 * dozen 5 ms calls, which left numfuse's host code (planning, the cache lookup, the launch)
 * interpreted through the samples: about 0.1 ms more per call on an OpenCL device.
 *
 * <p>After the warm-up, the JVM's kernels that ran in it move to their Vector API classes
 * ({@link JvmTarget#warmVectorsNow}) and are warmed up again: a program that runs a kernel for
 * more than a second gets that class, and the samples measure it.
 *
 * <p>A row with a {@link Row#beforeCall} (its inputs put where its residency says) has it run
 * before each call, untimed; its calls are then timed one by one, and the kernels and copies the
 * runtime counts are those of the calls alone. Rows of {@code auto} run their first calls on the
 * JVM while the programs the cost model wants are built in the background: after the warm-up the
 * builds are waited for and auto's rows warmed up again, so that the samples measure the steady
 * state.
 */
final class Measure {
    private Measure() {}

    record Settings(int repeats, long warmupNanos, long minSampleNanos) {}

    static final int HOST_WARMUP_CALLS = 5000;

    /** A sink the JIT cannot see through, for values a call computes. */
    static volatile Object sink;

    /** What a measurement reports as it goes, for progress lines (the demos'). */
    interface Steps {
        /** Before the first call of {@code r}. */
        void firstCall(Row r);
        /** Before the warm-up of {@code r}. */
        void warmingUp(Row r);
        /** After round {@code k} (from 1) of {@code of} rounds of samples. */
        void sampled(int k, int of);
    }

    static void measure(List<Row> rows, Settings s, PrintWriter progress) { measure(rows, s, progress, null); }

    /** {@link #measure}, reporting each first call and each round of samples to {@code steps} (not null) instead of a line every 5 s. */
    static void measure(List<Row> rows, Settings s, PrintWriter progress, Steps steps) {
        List<Row> live = new ArrayList<>();
        for (Row r : rows) if (r.derivedFrom == null) live.add(r);
        for (Row r : live) {
            if (steps != null) steps.firstCall(r);
            r.prepare.accept(1);
            Counts c = run(r, 1);
            r.firstCallS = c.nanos / 1e9;
            r.ran(c.runs);
            if (r.numfuse) r.kernelsCompiled = c.kernels;
        }
        for (Row r : live) {
            if (steps != null) steps.warmingUp(r);
            warmUp(r, s, true);
        }
        // the JVM's kernels that ran in the warm-up move to their vector classes (VectorWarmup) now,
        // not after their first second of runs, which a warm-up of 200 ms does not reach: a kernel
        // that switched among the samples gave a row two modes (a select over 10^6 elements: 0.74
        // and 6-9 ms)
        JvmTarget.INSTANCE.warmVectorsNow();
        if (JvmTarget.awaitVectorWarmups()) {
            // once they have, their steady state is what is measured
            for (Row r : live) if (r.numfuse) warmUp(r, s, false);
        }
        if (live.stream().anyMatch(r -> r.target.startsWith("auto"))) {
            // auto ran its first calls on the JVM while the programs it wants were built: once they
            // are, its steady state is what is measured, and its batch is sized from it
            AutoTarget.awaitBackgroundWork();
            for (Row r : live) if (r.target.startsWith("auto")) warmUp(r, s, false);
        }
        settle(live, s);
        for (Row r : live) for (Row other : r.batchAtLeastOf) r.batch = Math.max(r.batch, other.batch);
        for (Row r : live) r.samples = new double[s.repeats()];
        long last = System.nanoTime();
        for (int k = 0; k < s.repeats(); k++) {
            // each round in its own order (a seeded shuffle): no row always follows the same other.
            // An OpenCL CPU device's threads spin on for a while after its calls and slow whichever
            // row comes next by 10-40% (and more); starting each round one row further on, as this
            // did, kept the cycle, so auto followed opencl:0 in three rounds of four and the JVM never
            List<Row> order = new ArrayList<>(live);
            java.util.Collections.shuffle(order, new java.util.Random(0x5eed + 31L * k));
            for (Row r : order) {
                if (r.collectBeforeSample) collectDropped();
                r.prepare.accept(r.batch);
                Counts c = run(r, r.batch);
                if (k == s.repeats() - 1 && r.target.startsWith("auto")) r.extra.put("placement", Executor.lastPlacement().strip());   // the last sample's: what auto saw and did
                r.samples[k] = c.nanos / 1e9 / r.batch;
                r.ran(c.runs);
                c.runs.forEach((t, v) -> r.sampleRanOn.merge(t, v, Long::sum));
                r.sampleKernels += c.kernels;
                r.uploads += c.uploads;
                r.downloads += c.downloads;
                r.timedCalls += r.batch;
            }
            if (steps != null) {
                steps.sampled(k + 1, s.repeats());
            } else if (progress != null && System.nanoTime() - last > 5_000_000_000L) {
                progress.printf("bench:   sample %d of %d%n", k + 1, s.repeats());
                progress.flush();
                last = System.nanoTime();
            }
        }
        for (Row r : live) {   // what auto chose: where its kernels ran (and how many where, when it changed its mind)
            if (!r.target.startsWith("auto") || r.ranOn.isEmpty()) continue;
            r.chosen = String.join("+", r.ranOnTargets());
            if (r.ranOnTargets().size() > 1) {
                r.extra.put("kernels_ran", String.join(", ", r.ranOnTargets().stream().map(t -> t + " " + r.ranOn.get(t)).toList()));
            }
        }
        for (Row r : rows) {
            if (r.derivedFrom == null) continue;
            Row from = rows.stream().filter(x -> x.id().equals(r.derivedFrom)).findFirst().orElseThrow();
            r.samples = new double[from.samples.length];
            for (int k = 0; k < r.samples.length; k++) r.samples[k] = from.samples[k] * r.derivedFactor;
        }
    }

    /**
     * A collection, untimed, and time for the references it found to be handed over: the storage
     * of the results and snapshots that earlier samples dropped is back among numfuse's spares
     * (host arrays, device buffers) when the next sample starts, as JMH's {@code -gc} does between
     * iterations. Without it a case whose results take megabytes had two modes on every target,
     * a result in recycled storage or in new pages (a resident a+b*c over 10^7 float64 on PoCL:
     * 18 ms or 50 ms a call), by when the last collection happened to come, and a row's median
     * fell on either.
     */
    static void collectDropped() {
        System.gc();
        try {
            Thread.sleep(COLLECT_SETTLE_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** How long {@link #collectDropped} leaves the reference handler after the collection. */
    static final long COLLECT_SETTLE_MILLIS = 5;

    /** What {@link #run} timed and counted: nanoseconds, JVM kernels compiled, kernels run per target, buffers copied. */
    private static final class Counts {
        long nanos, uploads, downloads;
        int kernels;
        final Map<String, Long> runs = new TreeMap<>();
    }

    /**
     * Runs {@code calls} calls of {@code r}, timed and counted together; a row with a
     * {@link Row#beforeCall} has it run, untimed and uncounted, before each call, and its calls
     * timed one by one.
     */
    private static Counts run(Row r, int calls) {
        Counts c = new Counts();
        if (r.beforeCall == null) {
            count(r, c, () -> {
                for (int b = 0; b < calls; b++) r.call.run();
                if (r.sync != null) r.sync.run();
            });
        } else {
            for (int b = 0; b < calls; b++) {
                r.beforeCall.run();
                count(r, c, r.sync == null ? r.call : () -> { r.call.run(); r.sync.run(); });
            }
        }
        return c;
    }

    private static void count(Row r, Counts c, Runnable calls) {
        int kernels = JvmTarget.INSTANCE.cacheSize();
        var runs = KernelRuns.snapshot();
        OpenClTarget.Transfers copies = r.residency != null ? OpenClTarget.transfers() : null;
        long t0 = System.nanoTime();
        calls.run();
        c.nanos += System.nanoTime() - t0;
        c.kernels += JvmTarget.INSTANCE.cacheSize() - kernels;
        KernelRuns.since(runs).forEach((k, v) -> c.runs.merge(k, v, Long::sum));
        if (copies != null) {
            OpenClTarget.Transfers d = OpenClTarget.transfers().since(copies);
            c.uploads += d.uploads();
            c.downloads += d.downloads();
        }
    }

    /** The longest {@link #settle} runs a case's rows for (ns). */
    static final long SETTLE_NANOS = 5_000_000_000L;

    /**
     * How long no compilation must have ended, besides two whole rounds, for {@link #settle} to
     * stop (ns). The JIT's total compilation time moves only when a compilation ends, and one of
     * numfuse's host methods took C2 644 ms: two rounds of 5 ms samples passed as quiet in the
     * middle of it, and the selection suite's first case (a+b over 10^3 on the host) was measured
     * while its rows still got faster round by round (the JVM's from 3.7 to 1.6 us, auto's from
     * 4.7 to 1.7), its ratio 1.34-1.59 in three of six runs.
     */
    static final long QUIET_NANOS = 300_000_000L;

    /**
     * Runs the rows round-robin, each a sample's batch, until the JIT has finished no compilation
     * through two whole rounds and {@link #QUIET_NANOS} (or for {@link #SETTLE_NANOS}), and records how long that took in
     * each row ({@code settle_s}). The JIT compiles on a core of its own for seconds after a new
     * expression's first calls (numfuse's host code, the kernel's class, the Vector API's): on two
     * cores a compilation that ended among the samples made a row slower than its twin measured
     * in the same rounds (a Mandelbrot step over 316x316 on the JVM: 245 us against 96 us, and 25 us
     * once compiled), and the table compared JIT states, not targets.
     */
    private static void settle(List<Row> live, Settings s) {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        List<Row> free = live.stream().filter(r -> r.fixedBatch == 0 && r.fixedWarmupCalls == 0).toList();   // a demo's rows run the calls they say
        if (free.isEmpty() || jit == null || !jit.isCompilationTimeMonitoringSupported()) return;
        long start = System.nanoTime(), compiled = jit.getTotalCompilationTime(), quietSince = start;
        for (int quiet = 0; (quiet < 2 || System.nanoTime() - quietSince < QUIET_NANOS) && System.nanoTime() - start < SETTLE_NANOS; ) {
            for (Row r : free) {
                r.prepare.accept(r.batch);
                long dt = run(r, r.batch).nanos;
                if (dt < s.minSampleNanos() / 2 && r.batch < 1 << 22) r.batch *= 2;   // compiled, its calls got faster: a sample stays long enough
            }
            long now = jit.getTotalCompilationTime();
            if (now != compiled) quietSince = System.nanoTime();
            quiet = now == compiled ? quiet + 1 : 0;
            compiled = now;
        }
        double took = (System.nanoTime() - start) / 1e9;
        for (Row r : free) r.extra.put("settle_s", Math.round(took * 1000) / 1000.0);
    }

    /** Runs calls until the warm-up time has passed, then sizes the batch from the fastest calls. */
    private static void warmUp(Row r, Settings s, boolean host) {
        if (host && r.hostWarmUp != null) {
            r.prepare.accept(1);                                   // on the row's target
            long start = System.nanoTime();
            for (int i = 0; i < HOST_WARMUP_CALLS && System.nanoTime() - start < 1_000_000_000L; i++) r.hostWarmUp.run();
        }
        if (r.fixedWarmupCalls > 0) {
            r.prepare.accept(r.fixedWarmupCalls);
            run(r, r.fixedWarmupCalls);
        } else {
            long start = System.nanoTime();
            int calls = 0, minCalls = r.firstCallS > 1 ? 1 : 3, chunk = 1;
            double perCall = Double.POSITIVE_INFINITY;   // the fastest chunk's: a GC pause in the last chunk must not shrink the batch
            while (calls < minCalls || System.nanoTime() - start < s.warmupNanos()) {
                r.prepare.accept(chunk);
                long dt = run(r, chunk).nanos;
                perCall = Math.min(perCall, Math.max(1, dt) / (double) chunk);
                calls += chunk;
                if (dt < 1_000_000 && chunk < 1 << 20) chunk *= 2;   // time calls in chunks of at least ~1 ms
            }
            r.batch = (int) Math.max(1, Math.min(1 << 22, Math.ceil(s.minSampleNanos() / perCall)));
        }
        if (r.fixedBatch > 0) r.batch = r.fixedBatch;
    }
}
