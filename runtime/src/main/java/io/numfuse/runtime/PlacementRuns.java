package io.numfuse.runtime;

import java.util.ArrayList;
import java.util.List;

/**
 * What one evaluation's kernels took where a {@link Placement} put them, and the lessons the
 * model learns from it ({@link Learning}): each kernel's time (its share of a segment's), the new
 * device storage its results took, copies timed apart, runs that woke the JVM's workers after a
 * device or crossed a request to the collector, and the segments whose copies teach a link.
 */
final class PlacementRuns {
    private final Placement p;
    private final double[] fresh;            // per kernel, bytes of new device storage its outputs took when it ran
    private final boolean[] shared;          // per kernel, its time is a share of a segment's whose copies weigh: it teaches no kernel
    private final double[] copies;           // per kernel, the time its copies took when timed apart from it (the JVM's), else NaN
    private final boolean[] afterDevice;     // per kernel, a JVM run that woke the workers after a device's segment: it teaches no kernel
    private final boolean[] countOnly;       // per kernel, its run crossed a request to the collector: counted, not learnt from
    private final boolean[] alone;           // per kernel, it was a segment of its own: its time is its own, one launch
    private final List<double[]> mixedSegments = new ArrayList<>(0);   // those segments: from, to, seconds (learnLink)

    PlacementRuns(Placement p) {
        this.p = p;
        int n = p.kernels.size();
        fresh = new double[n];
        shared = new boolean[n];
        afterDevice = new boolean[n];
        countOnly = new boolean[n];
        alone = new boolean[n];
        copies = new double[n];
        java.util.Arrays.fill(copies, Double.NaN);
    }

    /**
     * Kernels {@code from} to {@code to} ran as one segment in {@code seconds}, their outputs taking
     * {@code freshBytes} of new device storage (shared among the kernels writing new results).
     */
    void ran(int from, int to, double seconds, long freshBytes) {
        if (p.works.isEmpty()) return;
        p.measuredShares(from, to, seconds);
        double newTotal = 0, transfers = 0, execution = 0;
        for (int i = from; i < to; i++) {
            CostModel.Prediction pr = p.predicted[i] == null ? null : p.predicted[i][p.chosen[i]];
            transfers += pr == null ? 0 : pr.transfers();
            execution += pr == null ? 0 : pr.execute();
            newTotal += newBytes(i);
        }
        // several kernels timed together whose copies weigh: each one's share carries the copies'
        // error (an upload the segment's first kernel paid for raised the stencil of a resident
        // Jacobi step to 405 us on PoCL, where it runs in about 85 us)
        boolean mixed = to - from > 1 && transfers > Learning.KERNEL_COPIES * execution;
        if (mixed && !countOnly[from]) mixedSegments.add(new double[] { from, to, seconds });
        for (int i = from; i < to; i++) {
            fresh[i] = newTotal > 0 ? freshBytes * newBytes(i) / newTotal : 0;
            shared[i] = mixed;
            alone[i] = to - from == 1;
        }
    }

    /**
     * Kernels {@code from} to {@code to} are about to be given a time ({@link #ran}) that crossed one
     * of numfuse's requests to the collector: explain shows it, it teaches nothing, and they count
     * as runs ({@link Learning#counted}) when learnt.
     */
    void countedOnly(int from, int to) {
        for (int i = from; i < to; i++) countOnly[i] = true;
    }

    /**
     * Of kernel {@code i}'s measured time, {@code seconds} were its copies back from a device,
     * timed apart (a JVM run): the kernel's correction learns from the rest whatever the copies
     * took. Taken out as predicted, copies that took longer than their price went to the kernel:
     * a JVM runner-up of a Mandelbrot step whose state was on PoCL (its copies priced at 51.5 us,
     * a run 110-180 us where the kernel takes 10 us) priced the JVM at 2-4 times its steady state,
     * and the loop stayed on PoCL at four times the JVM's time.
     */
    void copiesApart(int i, double seconds) { copies[i] = seconds; }

    /** Kernel {@code i} ran on the JVM after a device's segment and woke the JVM's workers: its run teaches no correction (see {@code Scheduler.DEVICE_RAN}). */
    void afterDevice(int i) { afterDevice[i] = true; }

    /** The bytes of new results kernel {@code i} writes (0 when it writes into existing arrays). */
    private double newBytes(int i) { return p.newResult[i] ? p.works.get(i).bytesWritten() : 0; }

    /** Teaches the model from this run: each kernel its correction, copies of weight their link (whether this run teaches at all: {@link Placement#learn}). */
    void learnNow() {
        boolean anyCountOnly = false;
        for (boolean c : countOnly) anyCountOnly |= c;
        if (p.measuring >= 0 && !anyCountOnly) {
            double total = 0;
            for (double m : p.measured) total += m;   // NaN when a kernel did not run (a failure): nothing learnt
            Placement.LEARNING.runnersUp.measuredRunnerUp(p.candidates.get(p.measuring).name(), p.keys.get(0), p.kernels.get(0).size(), total);
        }
        for (int i = 0; i < p.kernels.size(); i++) {
            if (p.predicted[i] == null || Double.isNaN(p.measured[i])) continue;
            if (countOnly[i]) {                      // a collection inside it: a run all the same, and no lesson
                Placement.LEARNING.counted(p.target(i).name(), p.keys.get(i), p.kernels.get(i).size());
                continue;
            }
            CostModel.Prediction pr = p.predicted[i][p.chosen[i]];
            double raw = pr.execute() / p.corrections[i], spent = p.measured[i] - pr.launch() - pr.transfers();
            String t = p.target(i).name();
            // a device run of its own, once warm: when mostly its launch (its new storage, if any, as
            // priced, is small then), it teaches the device's launch
            if (alone[i] && !t.equals("jvm") && warm(i) && Placement.LEARNING.launches.observe(t, p.measured[i], pr, Profiles.calibratedLaunch(t, pr.launch()))) {
                Profiles.launchMoved(t);
            }
            if (StorageCosts.STORAGE && !t.equals("jvm") && newBytes(i) > 0) {   // a device run of a new result: its storage (the JVM's: Scheduler)
                // the time beyond the predicted execution is the new memory's (its move re-decides: Placement.storageMoved)
                if (warm(i)) p.storageMoved(i, i + 1, Placement.LEARNING.observeStorage(t, newBytes(i), fresh[i], spent - pr.execute()));
                if (fresh[i] > 0) {
                    learnFromNewMemory(i, t, pr, raw, spent);
                    continue;
                }
            }
            // tiny runs teach nothing (fixed costs blur them), unless the model expected a long one:
            // a JVM kernel corrected to 23 times its class by runs of its barely compiled vector
            // class (poly3 over 10^4 float32: predicted 185 us, ran in 8 us) never learnt from its
            // fast runs again, and stayed on PoCL at 28 times the JVM's time
            boolean apart = !Double.isNaN(copies[i]), learnt = false;
            double own = p.measured[i] - (apart ? copies[i] : pr.transfers()) - pr.launch();
            if (afterDevice[i] && !(own < pr.execute())) {
                // nothing for the kernel: its time was the workers' wake-up as much as its own. A
                // faster run than its correction says still teaches (no wake-up makes a run fast):
                // a JVM kernel whose first learnt run, on its scalar class, set its correction to
                // 14.2 won its work back only through such runs, all right after PoCL's
            } else if (apart && pr.transfers() > Learning.KERNEL_COPIES * pr.execute()) {
                // copies timed apart (copiesApart): the kernel learns from its own time, and the copies teach the link below
                if (!shared[i] && Math.max(raw, pr.execute()) > 20e-6 && own > 0) {
                    Placement.LEARNING.observe(t, p.keys.get(i), p.kernels.get(i).size(), p.classes[i], raw, own, false);
                    learnt = true;
                }
            } else if (!shared[i] && pr.transfers() <= Learning.KERNEL_COPIES * pr.execute() && Math.max(raw, pr.execute()) > 20e-6 && spent > 0) {
                // the kernel's own work, its copies a tenth of it at most: it teaches the kernel's
                // correction and its class. A run with more copies teaches the kernel nothing: its
                // error was the copies' as much as the kernel's, and taken whole by the kernel it
                // made the link's lessons (its time less the kernel's inflated prediction) shrink the
                // link, which then priced copying a resident 10^7-element a+b back to the JVM at 0.7 ms
                // (80 MB; about 7 ms) and 10^3 at 9.3 us (about 60 us through PoCL)
                Placement.LEARNING.observe(t, p.keys.get(i), p.kernels.get(i).size(), p.classes[i], raw, spent, true);
                continue;
            }
            // a kernel's first runs there (its compilation: a JVM kernel's first run of device-resident
            // data took 16 ms where its copies were predicted at 1.2 ms) teach no link either
            boolean warm = warm(i);
            if (!learnt) Placement.LEARNING.counted(t, p.keys.get(i), p.kernels.get(i).size());   // a run all the same: the model has seen the target run it
            // copies of weight teach the link of the device they crossed; copies timed apart (a JVM
            // run's) teach it their own time rather than the run's time less the kernel's price
            // (in a suite run one lesson so worked out priced copying 400 KB back from PoCL at 17.5
            // us, a factor of 0.061), and, when they took more than UNDERPRICED times their price, teach
            // it whatever their weight and though the host memory's floor priced them: after that
            // lesson the floor priced a resident poly3 over 10^5 float32's copies (23 us), so they
            // were not the link's any more, its JVM runs, about 80 us of copies each, never taught
            // the link again, and auto ran the case on the JVM at 1.96 times PoCL's time
            if (warm && !shared[i]) {
                String d = t.equals("jvm") ? Placement.sourceDevice(p.kernels.get(i)) : t;   // on the JVM: the device its inputs came from
                boolean ofWeight = pr.transfers() >= Learning.LINK_COPIES * pr.execute();
                if (d != null && apart && copies[i] > UNDERPRICED * pr.transfers() && pr.linked().all().profile() > 0) {
                    teachLink(d, pr.transfers(), pr.linked().all(), 0, copies[i]);
                } else if (d != null && ofWeight) {
                    teachLink(d, pr.transfers(), pr.linked(), apart ? 0 : pr.launch() + pr.execute(), apart ? copies[i] : p.measured[i]);
                }
            }
        }
        for (double[] m : mixedSegments) learnLink((int) m[0], (int) m[1], m[2]);
        for (int i = 0; i < p.kernels.size(); i++) {
            // a chosen target's correction that grew by the runner-up's margin: the next evaluation
            // decides afresh, with it (every move by a quarter did, and on a noisy machine a
            // 10^6-element kernel's decisions were made afresh, at 80-150 us, most evaluations)
            if (p.predicted[i] == null) continue;
            double now = Placement.LEARNING.factor(p.target(i).name(), p.keys.get(i), p.kernels.get(i).size(), p.classes[i]) / p.corrections[i];
            if (p.movesTheDecision(now) || p.measuring >= 0 && Learning.movedMuch(now)) Decisions.forget(p.keys);   // a measured runner-up's, either way
        }
        Profiles.learned(p.candidates, p.profiles);
    }

    /**
     * A device segment of several kernels whose copies weigh, {@code from} to {@code to}, ran in
     * {@code seconds}: its copies of weight teach the device's link as a whole (the segment's time
     * less its launches and corrected execution, against its copies), as one kernel's do.
     */
    private void learnLink(int from, int to, double seconds) {
        double transfers = 0, execution = 0, launch = 0;
        CostModel.LinkedCopies linked = CostModel.LinkedCopies.NONE;
        for (int i = from; i < to; i++) {
            CostModel.Prediction pr = p.predicted[i] == null ? null : p.predicted[i][p.chosen[i]];
            if (pr == null || !warm(i)) return;
            transfers += pr.transfers();
            linked = linked.plus(pr.linked());
            execution += pr.execute();
            launch += pr.launch();
        }
        String d = p.target(from).name();
        if (!d.equals("jvm") && transfers >= Learning.LINK_COPIES * execution) teachLink(d, transfers, linked, launch + execution, seconds);
    }

    /**
     * A run that took {@code seconds}, of which {@code rest} was predicted beyond its copies, with
     * copies priced at {@code transfers} in all and {@code linked} of them by {@code device}'s link:
     * those copies took what the run took beyond the rest and the copies the host memory's floor
     * priced (taken as priced), against their price at the profile's rates. The lesson goes to
     * the size class of the largest of them. None the link priced: no lesson.
     */
    private static void teachLink(String device, double transfers, CostModel.LinkedCopies linked, double rest, double seconds) {
        if (!(linked.profile() > 0)) return;
        double before = Placement.LEARNING.linkFactor(device, linked.largestBytes());
        Placement.LEARNING.observeLink(device, linked.largestBytes(), linked.profile(), seconds - rest - (transfers - linked.priced()));
        if (Learning.movedMuch(Placement.LEARNING.linkFactor(device, linked.largestBytes()) / before)) Decisions.forget();   // the copies cost otherwise now: decide afresh
    }

    /**
     * What a device run that took {@code spent} beyond its launch and copies and whose results took
     * new memory teaches its kernel {@code i}. Such a run teaches the storage term first
     * ({@link Learning#observeStorage}), but that term is a median over every kernel's runs: a
     * kernel whose runs all took new memory never learnt its own error (PoCL's sin(a)+cos(b) over
     * 10^7 float32 in the selection suite stayed priced at 12 ms, 6.2 of them the kernel, where it
     * runs in 18, and auto went to PoCL and back, at 1.11-1.42 times the JVM's time). So the run
     * less what its new memory is priced at teaches the kernel, when:
     * <ul>
     * <li>that price stands on votes, and the new memory is as large as those votes'
     *     ({@link StorageCosts#MIN_BYTES}): smaller, its pages cost what the price does not know (a
     *     resident 10^5-element kernel on PoCL, 400 KB of new memory priced at 67 us, learnt 4.3
     *     times its price in a traced selection run; in another, poly3 over 10^5 float32 and
     *     a[::2]+a[1::2] over 10^5 float64 resident ran on the JVM at 1.8 and 2.6 times PoCL's time);</li>
     * <li>the price is at most half the run: a small rest of a large time is mostly the noise of both;</li>
     * <li>the run's time beyond the kernel's price is within {@link #STORAGE_AGREES} times the
     *     price: further beyond, the run took pages the price does not know (a runner-up's first
     *     touch of 40 MB, 86 ms for a resident a+b over 10^7 float32 that runs in 4.6 from spares).</li>
     * </ul>
     * Else the run teaches the kernel nothing (counted).
     */
    private void learnFromNewMemory(int i, String t, CostModel.Prediction pr, double raw, double spent) {
        double storage = Placement.LEARNING.learntFreshSeconds(t, fresh[i]), own = spent - storage;
        if (warm(i) && !shared[i] && fresh[i] >= StorageCosts.MIN_BYTES && storage > 0 && own >= storage && spent - pr.execute() < STORAGE_AGREES * storage
                && pr.transfers() <= Learning.KERNEL_COPIES * pr.execute() && Math.max(raw, pr.execute()) > 20e-6) {
            if (Learning.TRACE) System.err.printf("numfuse: learning: %s new memory %.3g s of %.3g s priced, the kernel's %.3g s (priced %.3g s)%n",
                    t, storage, spent, own, pr.execute());
            Placement.LEARNING.observe(t, p.keys.get(i), p.kernels.get(i).size(), p.classes[i], raw, own, false);
        } else {
            Placement.LEARNING.counted(t, p.keys.get(i), p.kernels.get(i).size());
        }
    }

    /**
     * Copies timed apart that took more than this many times their price teach the link whatever
     * their weight, and though the host memory's floor priced them: a price that far under the
     * copies' time is a factor gone wrong, which runs of its own weight would never mend. Within
     * it such runs teach nothing, as before: taught at every run, the copies of a resident max over
     * 10^4 float64 (29-85 us, priced at 29-46) moved the factor by a quarter every few runs, and
     * each move made the thread's decisions afresh (auto 1.52 times the fastest target there).
     */
    static final double UNDERPRICED = 2;

    /** A run that took new memory teaches its kernel when its time beyond the kernel's price is under this many times what its new memory is priced at. */
    static final double STORAGE_AGREES = 3;

    /** True when kernel {@code i}'s earlier runs on its chosen target are past the warm-up (compilation): its run now may teach. */
    private boolean warm(int i) { return Placement.LEARNING.runsOf(p.target(i).name(), p.keys.get(i), p.kernels.get(i).size()) >= Learning.WARM_UP; }
}
