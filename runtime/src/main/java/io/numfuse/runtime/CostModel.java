package io.numfuse.runtime;

import io.numfuse.ir.Buffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Predicts what a kernel costs on each target and chooses where a plan's kernels run. For a
 * kernel of {@link KernelWork} on a target described by a {@link DeviceProfile}:
 *
 * <pre>
 *   time = launch + max(bytes moved / memory bandwidth, Σ ops per element / rate * elements) * correction
 *        + transfers: each buffer read that is not current where the kernel runs (copied back from the
 *          device that holds it, copied up to a device), and the result when the host will read it
 * </pre>
 *
 * The choice is made for the whole plan, not kernel by kernel: the model simulates where each
 * buffer's values are as the kernels run (a kernel's output is where it ran), and compares every
 * plan that runs on one target (with the JVM standing in for kernels that target cannot run) and
 * the plan that places each kernel where it costs least given the kernels before it; so a chain
 * stays on a device when moving data between its kernels would cost more. Targets are tried one
 * at a time, never assumed to run at once: a CPU device and the JVM share the same cores.
 *
 * <p>The model is a pure function of profiles, residency and corrections: tests feed it synthetic
 * profiles. Corrections come from {@link Learning}.
 */
final class CostModel {
    private CostModel() {}

    // ---- the JVM's threads: the first decision of the model, kept with the rest ---------------------------

    /**
     * Below this much work (elements times the body's cost, {@link #work}) a kernel runs on the
     * calling thread, because a hand-off to the workers costs more than it saves. Measured on
     * this 2-core machine with {@code scripts/ThreadThreshold.java} (docs/PERFORMANCE.md,
     * "Thread threshold"), with {@link WorkerPool}'s spinning hand-off: two threads broke even
     * at about 40 thousand for a+b*c float32 (cost 5; 2^13 elements) and 125 thousand for a
     * float64 Jacobi step (cost 13; a 100x100 grid), and won from 2^14 elements and a 150x150
     * grid; 2^17 sits just above both. A transcendental costs 20, so such bodies split sooner.
     * The system property {@code numfuse.parallelWork} overrides it, for such measurements
     * (tests lower it).
     */
    static volatile long parallelWork = Long.getLong("numfuse.parallelWork", 1L << 17);

    /** True when the JVM should split {@code k} across its threads ({@link WorkerPool}): its work reaches {@link #parallelWork}. */
    static boolean splitsAcrossThreads(io.numfuse.ir.Kernel k) { return work(k) >= parallelWork; }

    /** Elements times the summed op costs of the body (a load, index or cast counts 1). */
    static long work(io.numfuse.ir.Kernel k) {
        long cost = 0;
        for (var in : k.body()) {
            cost += switch (in) {
                case io.numfuse.ir.Instr.Unary u -> u.op().cost();
                case io.numfuse.ir.Instr.Binary b -> b.op().cost();
                case io.numfuse.ir.Instr.Param p -> 0;
                default -> 1;
            };
        }
        return (long) k.size() * Math.max(1, cost);
    }

    // ---- where a plan runs ---------------------------------------------------------------------------------

    /** Where a kernel could run, as the model sees it. */
    record Candidate(String target, DeviceProfile profile, boolean canRun) {}

    /** A predicted time, with its parts for {@code explain}. */
    record Prediction(double seconds, double execute, double transfers, double launch, double storage, LinkedCopies linked) {
        static final Prediction IMPOSSIBLE = new Prediction(Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, 0, 0, 0, LinkedCopies.NONE);
    }

    /**
     * The copies of a prediction that a device's link factor priced (those above the host
     * memory's floor, {@link #copy}): their price at the profile's rates ({@code profile}), as the
     * factors made it ({@code priced}), and the bytes of the largest of them, whose size class a
     * run's lesson teaches ({@link Learning#linkFactor(String, double)}); and apart, the copies
     * across a link that the floor priced, at the profile's rates ({@code flooredProfile}) and at
     * the floor ({@code floored}), the largest of {@code flooredBytes}: their runs teach the link
     * only when they took far longer than the floor ({@code PlacementRuns}), since a factor that
     * one bad lesson set under the floor was never taught again otherwise.
     */
    record LinkedCopies(double profile, double priced, double largestBytes, double flooredProfile, double floored, double flooredBytes) {
        static final LinkedCopies NONE = new LinkedCopies(0, 0, 0, 0, 0, 0);

        /** These and {@code o}'s together. */
        LinkedCopies plus(LinkedCopies o) {
            return new LinkedCopies(profile + o.profile, priced + o.priced, Math.max(largestBytes, o.largestBytes),
                    flooredProfile + o.flooredProfile, floored + o.floored, Math.max(flooredBytes, o.flooredBytes));
        }

        /** Every copy across the link, whether its factor or the floor priced it. */
        LinkedCopies all() {
            return new LinkedCopies(profile + flooredProfile, priced + floored, Math.max(largestBytes, flooredBytes), 0, 0, 0);
        }
    }

    /**
     * Per device and copy size, the learnt factor on a copy's profile price (1 when nothing is
     * known): {@link Learning#linkFactor}, or a fixed factor per device in tests.
     */
    interface Links {
        double of(String device, double bytes);
    }

    /**
     * Copies as their prices add up: in all ({@link Prediction#transfers}), and, of the copies the
     * device's link factor prices (those above the host memory's floor, {@link #copy}), their
     * price at the profile's rates, before the factor ({@link Prediction#linked}): what a
     * run's copies teach the link is measured against that. Taken from the priced copies, the
     * floor included, a factor that had fallen under the floor made the next lesson's "profile
     * price" larger, and the factor fell further at each lesson (to 0.14 in a suite run, from runs
     * whose copies took what the floor said).
     */
    static final class Copies {
        double seconds;
        LinkedCopies linked = LinkedCopies.NONE;

        /** Adds {@code o}. */
        void add(Copies o) {
            seconds += o.seconds;
            linked = linked.plus(o.linked);
        }
    }

    /**
     * True when {@code w} writes a new result: a buffer with no storage anywhere yet, which the
     * target that runs it must find storage for (a spare, or new memory whose pages cost their
     * first touch).
     */
    static boolean newResult(KernelWork w) { return w.written() != null && newResult(w.written()); }

    /** True when {@code b} has no storage anywhere yet: no Java array and no device copy. */
    static boolean newResult(Buffer b) { return !b.hasArray() && DeviceCopies.onHostOnly(b); }

    /**
     * The targets holding the current values of each buffer ("jvm" for the host), as a plan runs.
     * Where a buffer starts is asked once per decision: the copies a choice makes share it.
     */
    static final class Locations {
        private final Map<Buffer, Set<String>> where = new HashMap<>();
        private final Map<Buffer, Set<String>> start;
        private final java.util.function.Function<Buffer, Set<String>> initial;

        /** Locations starting from {@code initial}, asked once per buffer. */
        Locations(java.util.function.Function<Buffer, Set<String>> initial) { this(initial, new HashMap<>()); }

        /** Every buffer current at {@code target} alone ("jvm": data on the host), for a prediction outside a plan. */
        static Locations allAt(String target) {
            Set<String> at = Set.of(target);
            return new Locations(b -> at);
        }

        private Locations(java.util.function.Function<Buffer, Set<String>> initial, Map<Buffer, Set<String>> start) {
            this.initial = initial;
            this.start = start;
        }

        Set<String> of(Buffer b) {
            Set<String> s = where.get(b);
            if (s == null) where.put(b, s = new HashSet<>(start.computeIfAbsent(b, initial)));
            return s;
        }

        /** {@code b} was written on {@code target}: that copy is now the only current one. */
        void wrote(Buffer b, String target) { where.put(b, new HashSet<>(Set.of(target))); }

        /** {@code b} was copied to {@code target}. */
        void copied(Buffer b, String target) { of(b).add(target); }

        Locations copy() {
            Locations l = new Locations(initial, start);
            where.forEach((b, s) -> l.where.put(b, new HashSet<>(s)));
            return l;
        }
    }

    /** Whether a new result {@code b} on {@code target} would take spare storage now (it then costs no new memory). */
    interface Spares {
        boolean spareFor(String target, Buffer b);
    }

    /**
     * Every profile by target name (to price a copy back from the device that holds a buffer),
     * and per device and copy size the learnt factor on its copies ({@link Learning#linkFactor}: a fresh host
     * array copied up or a result copied back into a new one costs more than the calibration's
     * copies between warm buffers).
     */
    record Profiles(Map<String, DeviceProfile> byTarget, Links link, Map<String, Double> storage, Spares spares) {
        Profiles(Map<String, DeviceProfile> byTarget) { this(byTarget, Map.of(), Map.of()); }

        /** With one link factor per device, whatever a copy's size. */
        Profiles(Map<String, DeviceProfile> byTarget, Map<String, Double> link, Map<String, Double> storage) {
            this(byTarget, (d, bytes) -> link.getOrDefault(d, 1.0), storage, (t, b) -> false);
        }

        DeviceProfile of(String target) { return byTarget.get(target); }

        /** The factor on a copy of {@code bytes} between the host and {@code device}. */
        double link(String device, double bytes) { return link.of(device, bytes); }

        /** Seconds per byte of a new result on {@code target} ({@link Learning#storageSecondsPerByte}; 0 when not given). */
        double storage(String target) { return storage.getOrDefault(target, 0.0); }
    }

    /**
     * The predicted time of {@code w} on {@code c}, with the data where {@code at} says (which this
     * updates as the kernel would: inputs copied, output written there). {@code resultToHost}: the
     * host will read the output afterwards.
     */
    static Prediction predict(KernelWork w, Candidate c, Profiles all, Locations at, double correction, boolean resultToHost) {
        Prediction p = price(w, c, all, at, correction, resultToHost);
        if (p != Prediction.IMPOSSIBLE) ran(w, c.target(), at);
        return p;
    }

    /** What {@link #predict} updates in {@code at}: the inputs copied to {@code target}, the output written there. */
    private static void ran(KernelWork w, String target, Locations at) {
        for (Buffer b : w.buffersRead()) at.copied(b, target);
        at.wrote(w.written(), target);
    }

    /** {@link #predict} without updating {@code at}. */
    private static Prediction price(KernelWork w, Candidate c, Profiles all, Locations at, double correction, boolean resultToHost) {
        if (!c.canRun()) return Prediction.IMPOSSIBLE;
        DeviceProfile p = c.profile();
        double compute = 0;
        for (OpClass k : OpClass.values()) {
            for (boolean wide : new boolean[] { false, true }) {
                double ops = w.ops(k, wide);
                if (ops == 0) continue;
                double rate = p.rate(k, wide ? io.numfuse.core.DType.FLOAT64 : io.numfuse.core.DType.FLOAT32);
                if (!(rate > 0)) return Prediction.IMPOSSIBLE;   // a device without fp64, for instance
                compute += ops / rate;
            }
        }
        double execute = Math.max((w.bytesRead() + w.bytesWritten()) / p.memoryBytesPerSecond(), compute * w.elements()) * correction;
        Copies transfers = new Copies();
        for (int i = 0; i < w.buffersRead().size(); i++) {
            Buffer b = w.buffersRead().get(i);
            Set<String> here = at.of(b);
            if (!here.contains(c.target())) moveCost(w.inputBytes()[i], here, c.target(), all, transfers);
        }
        if (resultToHost && !p.isHost()) copy(w.bytesWritten(), p.transferLatencySeconds(), p.downloadBytesPerSecond(), c.target(), all, transfers);
        // new memory for a new result, unless spare storage of its size is there now (a loop's dead
        // results) or, on a device, the result is smaller than any the model learns storage from
        // (StorageCosts.MIN_BYTES): a device's runtime serves such a buffer from memory it holds
        // (on PoCL a resident poly3 over 10^5 float32 ran in 42-47 us, a new 400 KB result
        // included), and the rate learnt from larger results' new pages (10^7-element results
        // before it) priced it at 67-72 us, against a JVM that zeroes every new array: auto ran
        // the case on the JVM at 2.0-2.2 times PoCL's time in two of three selection runs
        // A spare on any target counts (spareAnywhere): a loop recycles its dead results where it
        // runs, and would recycle them wherever it ran from its second step on. Asked last: it
        // looks at every target's spares, under their locks
        double storage = all.storage(c.target()) > 0 && newResult(w) && (p.isHost() || w.bytesWritten() >= StorageCosts.MIN_BYTES)
                && !spareAnywhere(all, w.written(), c.target(), p.isHost())
                ? w.bytesWritten() * all.storage(c.target()) : 0;
        return new Prediction(p.launchSeconds() + execute + transfers.seconds + storage, execute, transfers.seconds, p.launchSeconds(), storage,
                transfers.linked);
    }

    /**
     * True when some target holds spare storage of {@code b}'s size now (a loop's dead result): a
     * new result then costs no new memory on any target, the steady state of the loop wherever it
     * runs. Priced on the target holding the spare alone, a plan stayed where it was: a resident
     * Mandelbrot step that started on the JVM (its scope's dead arrays spares there) priced PoCL
     * with 1.5 ms of new storage for its 12 MB of results (0.54 ms a step on PoCL from its own
     * spares, 0.81 on the JVM with its copies back) and ran on the JVM at 2.0-2.6 times PoCL's time
     * for a whole selection row; and with the device spares' fix tried in stop 46 (PoCL holding
     * spares), a host a+b over 10^7 float32 went to PoCL at 3.1 times the JVM's time, the JVM
     * priced with a new 40 MB array. Only for storage that the target recycles: the host leaves an
     * array under {@link Buffer#hostRecycles}'s size to the collector (a resident poly3 over 10^5
     * float32, a 400 KB result, priced on the JVM without the new array it zeroes each time because
     * PoCL held a spare, ran there at 1.8-1.9 times PoCL's time in two of three selection runs).
     */
    private static boolean spareAnywhere(Profiles all, Buffer b, String target, boolean host) {
        if (host && !Buffer.hostRecycles(b)) return all.spares().spareFor(target, b);
        for (String t : all.byTarget().keySet()) if (all.spares().spareFor(t, b)) return true;
        return false;
    }

    /** What copying {@code bytes} of a buffer current at {@code from} to {@code to} costs. */
    static double moveCost(long bytes, Set<String> from, String to, Profiles all) {
        Copies c = new Copies();
        moveCost(bytes, from, to, all, c);
        return c.seconds;
    }

    /** {@link #moveCost(long, Set, String, Profiles)}, added to {@code into}. */
    private static void moveCost(long bytes, Set<String> from, String to, Profiles all, Copies into) {
        if (!from.contains("jvm")) {                                  // back to the host first
            Copies best = null;
            for (String d : from) {
                DeviceProfile p = all.of(d);
                if (p == null) continue;
                Copies c = new Copies();
                copy(bytes, p.transferLatencySeconds(), p.downloadBytesPerSecond(), d, all, c);
                if (best == null || c.seconds < best.seconds) best = c;
            }
            if (best != null) into.add(best);
        }
        DeviceProfile t = all.of(to);
        if (t != null && !t.isHost()) copy(bytes, t.transferLatencySeconds(), t.uploadBytesPerSecond(), to, all, into);
    }

    /**
     * One copy of {@code bytes} between the host and {@code device}: its profile's latency and
     * bandwidth times the device's learnt link factor for copies of its size, and never less than
     * the host's memory takes to read or write the bytes (a copy reads them on one side and
     * writes them on the other: at least one side is the host's memory, both on a CPU device, and
     * no link is faster).
     * The factor corrects a profile whose copies were mispriced, even 100 times over; learnt from
     * runs whose kernels the model mispredicted, it fell to a tenth and priced copying 80 MB back
     * from PoCL at 0.7 ms, where the host's memory alone takes 4 ms. On PoCL the floor counted
     * the bytes once, and priced a resident Laplace grid's 2 MB copy back to the JVM at 38.6 µs
     * (it took 537 µs).
     */
    static double copy(double bytes, double latency, double bytesPerSecond, String device, Profiles all) {
        Copies c = new Copies();
        copy(bytes, latency, bytesPerSecond, device, all, c);
        return c.seconds;
    }

    /** {@link #copy(double, double, double, String, Profiles)}, added to {@code into}. */
    private static void copy(double bytes, double latency, double bytesPerSecond, String device, Profiles all, Copies into) {
        double profile = latency + bytes / bytesPerSecond, s = profile * all.link(device, bytes);
        DeviceProfile host = all.of("jvm"), d = all.of(device);
        // the host's memory reads or writes the bytes; both, on a CPU device (its memory is the host's)
        int sides = d != null && d.kind() == DeviceProfile.Kind.CPU ? 2 : 1;
        double floor = host == null || !(host.memoryBytesPerSecond() > 0) ? 0 : sides * bytes / host.memoryBytesPerSecond();
        if (s >= floor) {
            into.seconds += s;
            into.linked = into.linked.plus(new LinkedCopies(profile, s, bytes, 0, 0, 0));
        } else {
            into.seconds += floor;
            into.linked = into.linked.plus(new LinkedCopies(0, 0, 0, profile, floor, bytes));
        }
    }

    /**
     * The targets chosen for a plan's kernels (indices into the candidates), the predicted total,
     * each kernel's prediction on every target, and the total of the plan that runs everything on
     * each target ({@code uniform[t]}, the JVM standing in where t cannot run a kernel), and the
     * copies that plan would make ({@code uniformCopies[t]}); {@code copying}: the plan that copies
     * and was predicted faster, by less than {@link #STAY_MARGIN}, when this one, which copies
     * nothing, was chosen over it ({@link #home}), else null.
     */
    record Choice(int[] targets, double seconds, List<Prediction[]> predictions, double[] uniform, double[] uniformCopies, int[] copying) {
        /** True when the plan that copies nothing was chosen over a faster one that copies. */
        boolean stayed() { return copying != null; }

        /** Where the model would put each kernel without {@link #STAY_MARGIN}: the targets whose programs are worth building. */
        int[] fastest() { return copying != null ? copying : targets; }
    }

    /**
     * Chooses a target for each kernel of a plan. {@code candidates.get(i)} are kernel {@code i}'s
     * candidates, all plans listing the same targets in the same order, index 0 being the JVM
     * (which can run everything). {@code corrections[i][t]} multiplies kernel i's execution on
     * target t. The last kernel's output is read by the host when {@code resultToHost}.
     */
    static Choice choose(List<KernelWork> works, List<List<Candidate>> candidates, Profiles all, Locations start,
                         double[][] corrections, boolean resultToHost) {
        int n = works.size(), targets = candidates.get(0).size();
        List<Prediction[]> table = new ArrayList<>(n);   // each kernel on each target, given the chosen plan's data (for explain)
        int[] best = null;
        double bestSeconds = Double.POSITIVE_INFINITY, bestCopies = 0;
        double[] uniform = new double[targets], uniformCopies = new double[targets];
        int[][] uniformPlans = new int[targets][];
        List<List<Prediction[]>> uniformTables = new ArrayList<>(targets);
        for (int t = 0; t <= targets; t++) {             // one plan per target (t < targets), then the greedy plan
            int[] plan = new int[n];
            Locations at = start.copy();
            double total = 0, copies = 0;
            List<Prediction[]> rows = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                boolean last = i == n - 1 && resultToHost;
                Prediction[] row = new Prediction[targets];
                for (int u = 0; u < targets; u++) {
                    row[u] = price(works.get(i), candidates.get(i).get(u), all, at, corrections[i][u], last);
                }
                int pick = t < targets ? t : argmin(row);
                if (!Double.isFinite(row[pick].seconds())) pick = 0;   // the JVM stands in
                total += row[pick].seconds();
                copies += row[pick].transfers();
                ran(works.get(i), candidates.get(i).get(pick).target(), at);
                plan[i] = pick;
                rows.add(row);
            }
            if (t < targets) {
                uniform[t] = total;
                uniformCopies[t] = copies;
                uniformPlans[t] = plan;
                uniformTables.add(rows);
            }
            if (total < bestSeconds || best == null) {   // the JVM's plan when none is finite (a profile priced the JVM out: a rate of 0, an absurd figure)
                bestSeconds = total;
                bestCopies = copies;
                best = plan;
                table = rows;
            }
        }
        int home = home(uniform, uniformCopies, bestSeconds, bestCopies);
        if (home >= 0) return new Choice(uniformPlans[home], uniform[home], uniformTables.get(home), uniform, uniformCopies, best);
        return new Choice(best, bestSeconds, table, uniform, uniformCopies, null);
    }

    /**
     * A plan that copies data wins over one that runs where the data is by at least this share of
     * the latter's time: copies and the other target's price are the model's least sure figures.
     * A 500x500 Laplace step on the host was priced at 479 us with its stencil on PoCL (copies
     * 307 us) against 500 us on the JVM, and ran at 714 us a call against the JVM's 318; a
     * resident sin(a)+cos(b) over 10^5 float64 was priced at 371 us on the JVM with its copies
     * back against PoCL's 402, and ran at 508 against 409 (the selection suite, stop 57). Staying
     * costs at most this share by the model's own figures, and the best other one-target plan stays
     * the runner-up the model measures now and then ({@link Placement}; a split plan is never
     * measured as one), so a gain its runs confirm still wins.
     */
    static final double STAY_MARGIN = 0.1;

    /**
     * The one-target plan that copies nothing ({@code uniformCopies[t] == 0}), the fastest such,
     * when the best plan ({@code bestSeconds}, copying {@code bestCopies}) copies and beats it by
     * less than {@link #STAY_MARGIN}; else -1 (the best plan stands).
     */
    static int home(double[] uniform, double[] uniformCopies, double bestSeconds, double bestCopies) {
        if (!(bestCopies > 0)) return -1;
        int home = -1;
        for (int t = 0; t < uniform.length; t++) {
            if (uniformCopies[t] == 0 && Double.isFinite(uniform[t]) && (home < 0 || uniform[t] < uniform[home])) home = t;
        }
        return home >= 0 && uniform[home] * (1 - STAY_MARGIN) <= bestSeconds ? home : -1;
    }

    private static int argmin(Prediction[] row) {
        int m = 0;
        for (int u = 1; u < row.length; u++) if (row[u].seconds() < row[m].seconds()) m = u;
        return m;
    }
}
