package io.numfuse.bench;

import io.numfuse.runtime.JvmTarget;
import io.numfuse.runtime.KernelRuns;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

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
 */
final class Measure {
    private Measure() {}

    record Settings(int repeats, long warmupNanos, long minSampleNanos) {}

    static final int HOST_WARMUP_CALLS = 5000;

    /** A sink the JIT cannot see through, for values a call computes. */
    static volatile Object sink;

    static void measure(List<Row> rows, Settings s, PrintWriter progress) {
        List<Row> live = new ArrayList<>();
        for (Row r : rows) if (r.derivedFrom == null) live.add(r);
        for (Row r : live) {
            r.prepare.accept(1);
            int before = JvmTarget.INSTANCE.cacheSize();
            var runs = KernelRuns.snapshot();
            long t0 = System.nanoTime();
            r.call.run();
            r.firstCallS = (System.nanoTime() - t0) / 1e9;
            r.ran(KernelRuns.since(runs));
            if (r.numfuse) r.kernelsCompiled = JvmTarget.INSTANCE.cacheSize() - before;
        }
        for (Row r : live) warmUp(r, s);
        for (Row r : live) r.samples = new double[s.repeats()];
        long last = System.nanoTime();
        for (int k = 0; k < s.repeats(); k++) {
            for (Row r : live) {
                r.prepare.accept(r.batch);
                int kernels = JvmTarget.INSTANCE.cacheSize();
                var runs = KernelRuns.snapshot();
                long t0 = System.nanoTime();
                for (int b = 0; b < r.batch; b++) r.call.run();
                r.samples[k] = (System.nanoTime() - t0) / 1e9 / r.batch;
                r.ran(KernelRuns.since(runs));
                r.sampleKernels += JvmTarget.INSTANCE.cacheSize() - kernels;
            }
            if (progress != null && System.nanoTime() - last > 5_000_000_000L) {
                progress.printf("bench:   sample %d of %d%n", k + 1, s.repeats());
                progress.flush();
                last = System.nanoTime();
            }
        }
        for (Row r : live) {   // what auto chose: where its kernels ran
            if (r.target.startsWith("auto") && !r.ranOn.isEmpty()) r.chosen = String.join("+", r.ranOnTargets());
        }
        for (Row r : rows) {
            if (r.derivedFrom == null) continue;
            Row from = rows.stream().filter(x -> x.id().equals(r.derivedFrom)).findFirst().orElseThrow();
            r.samples = new double[from.samples.length];
            for (int k = 0; k < r.samples.length; k++) r.samples[k] = from.samples[k] * r.derivedFactor;
        }
    }

    /** Runs calls until the warm-up time has passed, then sizes the batch from the fastest calls. */
    private static void warmUp(Row r, Settings s) {
        if (r.hostWarmUp != null) {
            r.prepare.accept(1);                                   // on the row's target
            long start = System.nanoTime();
            for (int i = 0; i < HOST_WARMUP_CALLS && System.nanoTime() - start < 1_000_000_000L; i++) r.hostWarmUp.run();
        }
        if (r.fixedWarmupCalls > 0) {
            r.prepare.accept(r.fixedWarmupCalls);
            for (int i = 0; i < r.fixedWarmupCalls; i++) r.call.run();
        } else {
            long start = System.nanoTime();
            int calls = 0, minCalls = r.firstCallS > 1 ? 1 : 3, chunk = 1;
            double perCall = Double.POSITIVE_INFINITY;   // the fastest chunk's: a GC pause in the last chunk must not shrink the batch
            while (calls < minCalls || System.nanoTime() - start < s.warmupNanos()) {
                r.prepare.accept(chunk);
                long t0 = System.nanoTime();
                for (int i = 0; i < chunk; i++) r.call.run();
                long dt = System.nanoTime() - t0;
                perCall = Math.min(perCall, Math.max(1, dt) / (double) chunk);
                calls += chunk;
                if (dt < 1_000_000 && chunk < 1 << 20) chunk *= 2;   // time calls in chunks of at least ~1 ms
            }
            r.batch = (int) Math.max(1, Math.min(1 << 22, Math.ceil(s.minSampleNanos() / perCall)));
        }
        if (r.fixedBatch > 0) r.batch = r.fixedBatch;
    }
}
