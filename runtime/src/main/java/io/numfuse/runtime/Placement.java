package io.numfuse.runtime;

import io.numfuse.ir.Kernel;
import io.numfuse.ir.KernelKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One evaluation's placement under {@code auto}: where each kernel runs, what the cost model
 * predicted on every candidate target and why it chose, and once it ran, how long it took. It
 * is what {@code explain} prints, and what {@link Learning} learns from.
 */
final class Placement {
    /** The corrections learnt in this JVM. */
    static final Learning LEARNING = new Learning();

    /** The kernels placed; once the run is over ({@link #runOver}), none: see {@link #ranKernels}. */
    List<Kernel> kernels;
    final List<KernelKey> keys;
    List<KernelWork> works;
    final List<Target> candidates;
    final List<DeviceProfile> profiles;      // per candidate; null where none is known yet
    final int[] chosen;
    final String[] reasons;
    final CostModel.Prediction[][] predicted; // per kernel, per candidate, with the programs as they are
    private CostModel.Prediction[][] unbuilt;  // per kernel, per candidate, as if every program were built (explain)
    private boolean[][] built;
    /** The model's choice this decision rests on (null for a policy's or a drawn one): a kept decision looks at its runner-up with it. */
    private CostModel.Choice choice;
    /** Per kernel and candidate, the correction {@link #choice}'s predictions were made with. */
    private double[][] correctionsAll;
    final double[] corrections;              // per kernel, of its chosen target
    final String[] classes;                  // per kernel, for learning (its chosen target's view)
    final double[] measured;                 // per kernel, seconds; NaN until it ran
    final boolean[] newResult;               // per kernel, it writes a new result (decided before it ran)
    final boolean resultToHost;
    /** The model chose with nothing left to explore and every chosen program built: the decision may be kept. */
    private boolean settled, unsettled;
    /**
     * The programs to build in the background for the devices the model would rather use, asked
     * for once this evaluation has run ({@link #askForBuilds}): a build started beside the
     * evaluation took a core from the JVM's kernels, and auto's first call of a new expression
     * took 4-6 times the JVM target's (40-60 ms against 7-11 ms: PoCL compiling beside it).
     */
    private java.util.Map<OpenClTarget, List<KernelKey>> builds = java.util.Map.of();

    /** Asks for the builds this decision wants ({@link #builds}); once. */
    void askForBuilds() {
        var b = builds;
        builds = java.util.Map.of();
        b.forEach(Background::build);
    }

    /** The runner-up this evaluation measures ({@link #runnerUpToMeasure}), or -1. */
    int measuring = -1;
    /** How much slower the runner-up's plan was predicted than the chosen one (infinite when there is none): how far a correction must move to change the decision. */
    double margin = Double.POSITIVE_INFINITY;
    /** A kept decision's evaluation that does not teach the model (it teaches one evaluation in {@link #LEARN_ONE_IN}, and fewer while its lessons move nothing: {@link LearningPace}). */
    private boolean quiet;
    private LearningPace pace;   // a kept decision's: how often its runs teach the model (null: each does)
    /**
     * Per kernel, its JVM class needs no more of the time it runs on a device
     * ({@link JvmTarget#ranElsewhere(Kernel, long)}): shared by a decision, the copy kept and every
     * evaluation that reuses it, so that a kept decision stops looking its kernels up.
     */
    private boolean[] warmOnJvm;
    private boolean kept;   // a decision as Decisions keeps it (forKeeping)
    /** The time spent on this plan ({@link RunnerUps.Clock}; null for a run the model did not place). */
    private RunnerUps.Clock clock;

    /** Seconds spent on this plan so far, on every thread ({@link RunnerUps.Clock}). */
    double planSeconds() { return clock == null ? 0 : clock.seconds(); }

    /** This evaluation ran its kernels in {@code seconds}, copies included: its plan's clock moves on. */
    void ranFor(double seconds) { if (clock != null) clock.add(seconds); }

    private Placement(List<Kernel> kernels, List<KernelKey> keys, List<KernelWork> works, List<Target> candidates,
                      List<DeviceProfile> profiles, boolean resultToHost) {
        this(kernels, keys, works, candidates, profiles, resultToHost, null);
    }

    /**
     * A placement of {@code kernels}; {@code decision}: the placement whose choice this one shares
     * (its per-kernel arrays, which are never written once it is made: an evaluation that reuses
     * a kept decision), or null for a choice of its own. Copied, the arrays took 2-4 us of a
     * resident a+b*c's call on PoCL after the kernel had streamed 16 MB.
     */
    private Placement(List<Kernel> kernels, List<KernelKey> keys, List<KernelWork> works, List<Target> candidates,
                      List<DeviceProfile> profiles, boolean resultToHost, Placement decision) {
        this.kernels = kernels;
        this.keys = keys;
        this.works = works;
        this.candidates = candidates;
        this.profiles = profiles;
        this.resultToHost = resultToHost;
        int n = kernels.size();
        measured = new double[n];
        java.util.Arrays.fill(measured, Double.NaN);
        if (decision != null) {
            chosen = decision.chosen;
            reasons = decision.reasons;
            predicted = decision.predicted;
            corrections = decision.corrections;
            classes = decision.classes;
            newResult = decision.newResult;   // its works are the first evaluation's, whose results now have storage
            warmOnJvm = decision.warmOnJvm;
            return;
        }
        chosen = new int[n];
        reasons = new String[n];
        predicted = new CostModel.Prediction[n][];
        corrections = new double[n];
        classes = new String[n];
        newResult = new boolean[n];
        for (int i = 0; i < works.size(); i++) newResult[i] = CostModel.newResult(works.get(i));
        warmOnJvm = new boolean[n];
    }

    /**
     * Kernels {@code from} to {@code to} of {@code ran} (this placement's, or those of a quiet run
     * of this decision: {@link Scheduler#runQuietly}) ran {@code nanos} on a device: each counts it
     * towards its JVM vector class's warm-up until that needs no more ({@link #warmOnJvm}).
     */
    void ranOnDevice(List<Kernel> ran, int from, int to, long nanos) {
        for (int i = from; i < to; i++) {
            if (!warmOnJvm[i] && JvmTarget.INSTANCE.ranElsewhere(ran.get(i), nanos)) warmOnJvm[i] = true;
        }
    }

    /**
     * The placement an evaluation of this kept decision that taught nothing would have made, for
     * explain after it ran quietly without one ({@link Scheduler#runQuietly}): {@code kernels} (null
     * when gone; then as many as this decision's) ran in {@code seconds} (NaN: not timed).
     */
    Placement quietRun(List<Kernel> kernels, double seconds) {
        Placement p = copy(kernels != null ? kernels : java.util.Collections.nCopies(chosen.length, null), keys, works, false, true);
        if (!Double.isNaN(seconds)) p.measuredShares(0, chosen.length, seconds);
        p.runOver();
        return p;
    }

    Target target(int kernel) { return candidates.get(chosen[kernel]); }

    /** What the model predicted for kernel {@code kernel} where it was placed (null when it predicted nothing). */
    CostModel.Prediction predictionOfChosen(int kernel) { return predicted[kernel] == null ? null : predicted[kernel][chosen[kernel]]; }

    /**
     * After the run: what the thread remembers of this placement ({@link LastPlacement}) holds its
     * kernels weakly, and with them the arrays they read and wrote. Held strongly, a thread's last
     * evaluation under auto kept its result alive after the caller dropped it, until the thread's
     * next evaluation: a pool's idle thread held 400 MB that way (a probe, stop 41).
     */
    private java.lang.ref.WeakReference<List<Kernel>> ranKernels;

    /** The run is over: this placement lets go of its kernels and their arrays (explain shows their inputs while they live). */
    void runOver() {
        if (kernels.isEmpty() || kernels.get(0) == null) return;
        ranKernels = new java.lang.ref.WeakReference<>(kernels);
        kernels = java.util.Collections.nCopies(kernels.size(), null);
        works = List.of();
    }

    /** Kernel {@code i}, or null when the run is over and its kernels are gone. */
    private Kernel kernelOrNull(int i) {
        Kernel k = kernels.get(i);
        if (k != null) return k;
        List<Kernel> ks = ranKernels == null ? null : ranKernels.get();
        return ks == null ? null : ks.get(i);
    }

    /** A run of {@code kernels} (null when gone; then {@code count} of them) on {@code target} that the model did not place, for explain. */
    static Placement unweighed(List<Kernel> kernels, int count, Target target, String why, double[] seconds) {
        Placement p = new Placement(kernels != null ? kernels : java.util.Collections.nCopies(count, null), List.of(), List.of(), List.of(target),
                java.util.Collections.singletonList(null), false);
        p.runOver();
        java.util.Arrays.fill(p.reasons, why);
        System.arraycopy(seconds, 0, p.measured, 0, seconds.length);
        return p;
    }

    /** True when this placement runs its kernels on a runner-up to measure it, not where the model prefers. */
    boolean measuresRunnerUp() { return measuring >= 0; }

    /** True when this evaluation's runs teach the model ({@link #learn}; for tests). */
    boolean teaches() { return !quiet; }

    /** Decides where each of {@code kernels} runs under {@code auto}, asking for the builds the model would like. */
    static Placement decide(List<Kernel> kernels, List<KernelKey> keys, AutoTarget auto, boolean resultToHost) { return decide(kernels, keys, auto, resultToHost, true); }

    /** {@link #decide(List, List, AutoTarget, boolean)}; {@code act}: ask for builds (false for explain, which only looks). */
    static Placement decide(List<Kernel> kernels, AutoTarget auto, boolean resultToHost, boolean act) {
        return decide(kernels, Scheduler.keys(kernels), auto, resultToHost, act);
    }

    private static Placement decide(List<Kernel> kernels, List<KernelKey> keys, AutoTarget auto, boolean resultToHost, boolean act) {
        boolean memo = act && auto.policy() == AutoTarget.Policy.FASTEST;
        if (memo) {
            Placement kept = Decisions.reuse(kernels, keys, auto, resultToHost);
            if (kept != null) return kept;
        }
        long version = SmallWork.version();   // before the decision: a change while it is made leaves it unkept
        long started = System.nanoTime();
        List<Target> candidates = auto.candidates();
        List<DeviceProfile> profiles = new ArrayList<>(candidates.size());
        for (Target t : candidates) profiles.add(Profiles.onThisThread(Profiles.of(t)));   // the JVM's at this thread's cap
        List<KernelWork> works = new ArrayList<>(kernels.size());
        if (candidates.size() > 1) for (Kernel k : kernels) works.add(KernelWork.of(k));
        Placement p = new Placement(kernels, keys, works, candidates, profiles, resultToHost);
        if (!kernels.isEmpty()) p.clock = LEARNING.runnersUp.clockOf(keys.get(0), kernels.get(0).size());
        if (auto.policy() == AutoTarget.Policy.RANDOM) {
            p.drawAtRandom();
            return p;
        }
        if (candidates.size() == 1 || profiles.stream().skip(1).allMatch(x -> x == null)) {
            java.util.Arrays.fill(p.reasons, candidates.size() == 1 ? auto.jvmOnlyReason() : Profiles.uncalibratedReason());
            return p;
        }
        p.choose(auto.policy(), act);
        if (memo && p.settled) Decisions.keep(p.forKeeping(), kernels, keys, auto, resultToHost, version, System.nanoTime() - started);
        return p;
    }

    /**
     * A kept decision teaches the model one evaluation in this many: learning from a run took 5-8
     * us after a 10^5-element kernel on PoCL, and 20-40 us after a 10^6-element one (its code
     * barely compiled, the model's data out of the caches); the corrections still follow within
     * a few dozen evaluations, and a decision that changes is made afresh.
     */
    static final int LEARN_ONE_IN = 4;

    /**
     * While a kept decision's lessons move no correction, its runs teach the model ever more
     * rarely, down to one in this many ({@link LearningPace}): one run in four of a resident
     * a+b*c over 10^6 float32 on PoCL learnt, at 20-50 us each, 7 us a call on a 150-250 us run.
     */
    static final int LEARN_AT_MOST_ONE_IN = 256;

    /**
     * This decision for {@code kernels}, another evaluation of the same kernels ({@link Decisions}),
     * teaching the model when {@code learns} ({@code pace}'s count of this run says so), and telling
     * the pace what the lesson did.
     */
    Placement again(List<Kernel> kernels, List<KernelKey> keys, LearningPace pace, boolean learns) {
        Placement p = copy(kernels, keys, works, learns, true);
        p.pace = pace;
        return p;
    }

    /**
     * This decision as {@link Decisions} keeps it: without this evaluation's kernels, and with its
     * works' sizes and arithmetic but not their buffers. A kept decision held both, and with them
     * the first evaluation's inputs and result (arrays the user had dropped, and their device
     * copies) for as long as the decision was kept.
     */
    Placement forKeeping() {
        Placement p = copy(java.util.Collections.nCopies(kernels.size(), null), keys, works.stream().map(KernelWork::withoutBuffers).toList(), true, true);
        p.kept = true;
        return p;
    }

    /** True for a decision as {@link Decisions} keeps it ({@link #forKeeping}), not an evaluation's placement. */
    boolean isKept() { return kept; }

    /**
     * This decision for {@code kernels}; {@code share}: its per-kernel arrays shared with this
     * one (see the constructor), else copies, which the new placement may change.
     */
    private Placement copy(List<Kernel> kernels, List<KernelKey> keys, List<KernelWork> works, boolean learn, boolean share) {
        Placement p = new Placement(kernels, keys, works, candidates, profiles, resultToHost, share ? this : null);
        p.margin = margin;
        p.quiet = !learn;
        if (!share) {
            System.arraycopy(chosen, 0, p.chosen, 0, chosen.length);
            System.arraycopy(reasons, 0, p.reasons, 0, reasons.length);
            System.arraycopy(predicted, 0, p.predicted, 0, predicted.length);
            System.arraycopy(corrections, 0, p.corrections, 0, corrections.length);
            System.arraycopy(classes, 0, p.classes, 0, classes.length);
            System.arraycopy(newResult, 0, p.newResult, 0, newResult.length);
            p.warmOnJvm = warmOnJvm;
        }
        p.unbuilt = unbuilt;
        p.built = built;
        p.choice = choice;
        p.correctionsAll = correctionsAll;
        p.clock = clock;
        return p;
    }

    /**
     * This kept decision again, or, when the model should measure its runner-up now, a run of the
     * runner-up (never kept): what a fresh decision would do, with the choice this one rests on
     * instead of working it out again. A fresh decision took 270 µs (median; its code runs too
     * rarely for the JIT), and kept decisions of a resident {@code a+b} over 10^3 on PoCL (a 24 µs
     * call) were made afresh one evaluation in 65, a tenth of auto's time, to measure a runner-up
     * whose share of the time allowed it a measurement a few times a second.
     */
    Placement againOrMeasure(List<Kernel> kernels, List<KernelKey> keys, LearningPace pace) {
        Placement p = copy(kernels, keys, works, true, true);
        int explore = choice == null ? -1 : p.runnerUpToMeasure(choice, built);
        if (explore < 0) {
            // a look that measures nothing teaches at the pace of the decision's other runs: each
            // look taught, and a resident a+b*c over 10^6 float32 on PoCL looked every 20-40
            // evaluations, 150-400 us a lesson (its code barely compiled): 3-6 us an evaluation
            p.quiet = !pace.learns();
            p.pace = pace;
            return p;
        }
        String why = "measuring " + candidates.get(explore).name() + ", the runner-up, to correct the model";
        Placement shared = p;
        p = copy(kernels, keys, works, true, false);        // arrays of its own, to change
        p.measuring = shared.measuring;
        p.margin = shared.margin;
        for (int i = 0; i < p.chosen.length; i++) {
            p.chosen[i] = explore;
            p.reasons[i] = why;
            p.corrections[i] = correctionsAll[i][explore];
            DeviceProfile prof = profiles.get(explore);
            p.classes[i] = prof == null ? "map.memory32" : Learning.classOf(works.get(i), prof);
        }
        return p;
    }

    /** {@link AutoTarget.Policy#RANDOM}: each kernel on a target drawn among those that can run it. */
    private void drawAtRandom() {
        var rnd = java.util.concurrent.ThreadLocalRandom.current();
        for (int i = 0; i < kernels.size(); i++) {
            int t = rnd.nextInt(candidates.size());
            if (candidates.get(t) instanceof OpenClTarget d && !d.supports(keys.get(i))) t = 0;
            chosen[i] = t;
            reasons[i] = "random: drawn at random (auto:random, for tests)";
        }
    }

    /** The cost model's choice, and the background builds that would make a device the better choice later. */
    private void choose(AutoTarget.Policy policy, boolean act) {
        int n = kernels.size(), m = candidates.size();
        CostModel.Profiles all = Profiles.byName(candidates, profiles);
        boolean[][] supported = new boolean[n][m];
        built = new boolean[n][m];
        unbuilt = new CostModel.Prediction[n][];
        double[][] corr = new double[n][m];
        for (int i = 0; i < n; i++) {
            for (int t = 0; t < m; t++) {
                Target c = candidates.get(t);
                DeviceProfile prof = profiles.get(t);
                supported[i][t] = prof != null && (!(c instanceof OpenClTarget d) || d.supports(keys.get(i)));
                built[i][t] = supported[i][t] && (!(c instanceof OpenClTarget d) || d.canRunNow(kernels.get(i), keys.get(i)));
                corr[i][t] = prof == null ? 1 : LEARNING.factor(c.name(), keys.get(i), works.get(i).elements(), Learning.classOf(works.get(i), prof));
            }
        }
        // what the model would choose if every program were built: those not built yet are built in the background
        CostModel.Locations start = locations();   // asked once for both choices
        CostModel.Choice ideal = CostModel.choose(works, candidatesFor(supported, profiles), all, start, corr, resultToHost);
        boolean allBuilt = java.util.Arrays.deepEquals(built, supported);
        for (int i = 0; i < n; i++) unbuilt[i] = ideal.predictions().get(i);
        java.util.Map<OpenClTarget, List<KernelKey>> toBuild = new java.util.LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            int t = ideal.fastest()[i];   // a device's program is built when it would be fastest, though the margin keeps the data's place for now
            if (t == 0 && policy == AutoTarget.Policy.PREFER_DEVICE) for (int u = m - 1; u >= 1; u--) if (supported[i][u]) t = u;   // and prefer-device's, however priced
            if (t != 0 && !built[i][t] && candidates.get(t) instanceof OpenClTarget d) toBuild.computeIfAbsent(d, x -> new ArrayList<>()).add(keys.get(i));
        }
        if (act) builds = toBuild;   // a device's new kernels of the plan as one program, asked for once the evaluation ran
        if (policy == AutoTarget.Policy.PREFER_DEVICE) {
            for (int i = 0; i < n; i++) {
                for (int t = 1; t < m && chosen[i] == 0; t++) if (built[i][t]) chosen[i] = t;
                reasons[i] = chosen[i] != 0 ? "prefer-device: a device can run it" : "prefer-device: no device can run it now";
            }
            CostModel.Choice c = CostModel.choose(works, candidatesFor(built, profiles), all, start, corr, resultToHost);
            for (int i = 0; i < n; i++) predicted[i] = c.predictions().get(i);
        } else {
            CostModel.Choice c = allBuilt ? ideal : CostModel.choose(works, candidatesFor(built, profiles), all, start, corr, resultToHost);
            choice = c;
            correctionsAll = corr;
            int explore = act ? runnerUpToMeasure(c, built) : -1;
            if (explore >= 0) unsettled = true;   // a measurement, not a decision: never kept (it was, and ran up to 16 times)
            for (int i = 0; i < n; i++) {
                chosen[i] = explore >= 0 ? explore : c.targets()[i];
                predicted[i] = c.predictions().get(i);
                int ideal_ = ideal.targets()[i];
                reasons[i] = explore >= 0 ? "measuring " + candidates.get(explore).name() + ", the runner-up, to correct the model"
                        : ideal_ != chosen[i] && !built[i][ideal_]
                        ? ((OpenClTarget) candidates.get(ideal_)).wouldBeFaster(keys.get(i))
                        : c.stayed() ? String.format(java.util.Locale.ROOT, "where its data is: a plan that copies was predicted faster by less than %.0f%%", 100 * CostModel.STAY_MARGIN)
                        : "predicted fastest" + (n > 1 ? " for the plan as a whole" : "");
            }
        }
        settled = policy == AutoTarget.Policy.FASTEST && !unsettled;
        for (int i = 0; i < n; i++) {
            settled &= built[i][chosen[i]] || chosen[i] == 0;
            DeviceProfile prof = profiles.get(chosen[i]);
            corrections[i] = corr[i][chosen[i]];
            classes[i] = prof == null ? "map.memory32" : Learning.classOf(works.get(i), prof);
        }
    }

    /**
     * The target, other than the chosen plan's, that can run the whole plan now and whose
     * one-target plan is predicted fastest after the chosen one, when the model should measure it,
     * or -1. Within 1.5x of the chosen plan: one evaluation in four while it has run this plan's
     * first kernel too few times to trust ({@link Learning#explore}; every evaluation decides
     * afresh meanwhile); once trusted, the decision may be kept ({@link Decisions} decides afresh
     * now and then, as its time allows), and a fresh decision measures it within
     * {@link RunnerUps#CLOSE_SHARE} of the time. Further: rarely ({@link Learning#exploreFar}, within {@link RunnerUps#farShare} of the time).
     * Before the shares, a device-resident kernel whose JVM runner-up was mostly copies (which
     * never counted as runs) decided afresh at every evaluation (80 us at 10^6 elements) and
     * ran on the JVM one evaluation in four to five.
     */
    private int runnerUpToMeasure(CostModel.Choice c, boolean[][] built) {
        int mine = c.targets()[0], best = -1;
        for (int t = 0; t < candidates.size(); t++) {
            if (t == mine || !builtForAll(built, t) || !(c.uniform()[t] < Double.POSITIVE_INFINITY)) continue;
            if (best < 0 || c.uniform()[t] < c.uniform()[best]) best = t;
        }
        if (best < 0) return -1;
        double slower = margin = c.uniform()[best] / c.seconds();
        String name = candidates.get(best).name();
        KernelKey key = keys.get(0);
        long size = kernels.get(0).size();
        if (slower > 1.5) {
            double share = RunnerUps.farShare(c.uniformCopies()[best] >= c.seconds(), c.uniformCopies()[best] > 0,
                    LEARNING.runsOf(name, key, size) >= Learning.TRUSTED);
            double taught = 0;                              // the most any kernel's correction raised its price there
            for (double[] k : correctionsAll) taught = Math.max(taught, k[best]);
            if (!LEARNING.exploreFar(name, key, size, Learning.drawnAs(name, c.uniformCopies()[best] > 0, slower, taught), c.uniform()[best], share, planSeconds())) return -1;
        } else if (LEARNING.runsOf(name, key, size) < Learning.TRUSTED) {
            unsettled = true;                               // a close runner-up still to measure: decide afresh next time
            if (!LEARNING.explore(name, key, size)) return -1;
        } else if (!LEARNING.runnersUp.withinShare(name, key, size, c.uniform()[best], RunnerUps.CLOSE_SHARE, planSeconds())) {
            return -1;
        }
        measuring = best;
        return best;
    }

    /**
     * True when every kernel's program is built for target {@code t}: a runner-up is measured on
     * the whole plan or not at all (measured on the kernels it could run, the plan was split and
     * paid copies between the targets that neither one-target plan pays).
     */
    private static boolean builtForAll(boolean[][] built, int t) {
        for (boolean[] k : built) if (!k[t]) return false;
        return true;
    }

    private List<List<CostModel.Candidate>> candidatesFor(boolean[][] can, List<DeviceProfile> profiles) {
        List<List<CostModel.Candidate>> out = new ArrayList<>(kernels.size());
        for (int i = 0; i < kernels.size(); i++) {
            List<CostModel.Candidate> row = new ArrayList<>(candidates.size());
            for (int t = 0; t < candidates.size(); t++) {
                DeviceProfile prof = profiles.get(t) != null ? profiles.get(t) : Profiles.nominalJvm();
                row.add(new CostModel.Candidate(candidates.get(t).name(), prof, t == 0 || can[i][t]));
            }
            out.add(row);
        }
        return out;
    }

    /**
     * The one device {@code k}'s inputs are current on (after a JVM run that copied them back they
     * still are), or null when none or several are: a JVM run's copies are that device's link.
     * Before this, a JVM run that was mostly copies taught nothing, and a prediction that made
     * copying 10^3 floats back cheaper than a launch on the device (34.6 us against 61.5 us
     * measured) kept resident work on the JVM for good.
     */
    static String sourceDevice(Kernel k) {
        String device = null;
        for (io.numfuse.ir.View in : k.inputs()) {
            for (String at : DeviceCopies.currentAt(in.buffer())) {
                if (at.equals("jvm")) continue;
                if (device != null && !device.equals(at)) return null;
                device = at;
            }
        }
        return device;
    }

    /** Where the plan's buffers are now, as the model reads it: the host and the devices holding current copies. */
    private static CostModel.Locations locations() { return new CostModel.Locations(DeviceCopies::currentAt); }

    /**
     * What this evaluation's kernels took, and what the model learns from it ({@link PlacementRuns});
     * made when a run is reported to an evaluation that teaches ({@link #quiet}: most reuses of a
     * kept decision teach nothing, and after a streaming kernel making it and filling it in took
     * 2-3 us of a resident a+b*c's call on PoCL, its code and data out of the caches).
     */
    private PlacementRuns runs;

    private PlacementRuns runs() {
        PlacementRuns r = runs;
        return r != null ? r : (runs = new PlacementRuns(this));
    }

    /** See {@link PlacementRuns#ran}; an evaluation that teaches nothing only records the times ({@link #measuredShares}). */
    void ran(int from, int to, double seconds, long freshBytes) {
        if (quiet) measuredShares(from, to, seconds);
        else runs().ran(from, to, seconds, freshBytes);
    }

    /**
     * Kernels {@code from} to {@code to} ran as one segment in {@code seconds}: each is given its
     * share ({@link #measured}), by what the model predicted for it (else evenly).
     */
    void measuredShares(int from, int to, double seconds) {
        if (works.isEmpty()) return;
        double predictedTotal = 0;
        for (int i = from; i < to; i++) predictedTotal += predicted[i] == null ? 0 : predicted[i][chosen[i]].seconds();
        for (int i = from; i < to; i++) {
            measured[i] = seconds * (predictedTotal > 0 && predicted[i] != null ? predicted[i][chosen[i]].seconds() / predictedTotal : 1.0 / (to - from));
        }
    }

    /** See {@link PlacementRuns#countedOnly}. */
    void countedOnly(int from, int to) { if (!quiet) runs().countedOnly(from, to); }

    /** See {@link PlacementRuns#copiesApart}. */
    void copiesApart(int i, double seconds) { if (!quiet) runs().copiesApart(i, seconds); }

    /** See {@link PlacementRuns#afterDevice}. */
    void afterDevice(int i) { if (!quiet) runs().afterDevice(i); }

    /** Teaches the model what the kernels' execution took against what it predicted (uncorrected). */
    void learn() {
        if (quiet) return;
        long news = LEARNING.paceNews(), taken = LEARNING.taken();
        runs().learnNow();
        if (pace != null) pace.taught(LEARNING.taken() != taken, LEARNING.paceNews() != news);   // (another thread's lesson may count: a lesson sooner)
    }

    /**
     * How much the chosen prices of kernels {@code from} to {@code to} grow when what new storage
     * costs there moved by {@code moved} (new over old): their storage terms scale, the rest stays.
     */
    double storageGrowth(int from, int to, double moved) {
        double total = 0, storage = 0;
        for (int k = from; k < to; k++) {
            CostModel.Prediction pr = predictionOfChosen(k);
            if (pr == null || !Double.isFinite(pr.seconds())) continue;
            total += pr.seconds();
            storage += pr.storage();
        }
        return total > 0 ? (total + storage * (moved - 1)) / total : 1;
    }

    /**
     * What new storage costs on the target of kernels {@code from} to {@code to} moved by
     * {@code moved} (new over old) after their run: the thread's kept decisions are made afresh
     * when that grew their chosen price by the runner-up's margin ({@link #movesTheDecision}), and
     * the pace of learning hears of a move by a quarter. The price moves with each run (a spare,
     * then new memory), and at every move by a quarter of it, a device's 10^6-element result and
     * the JVM's host a+b over 10^7 float32 were decided afresh at most evaluations.
     */
    void storageMoved(int from, int to, double moved) {
        if (moved == 1) return;
        double growth = storageGrowth(from, to, moved);
        if (movesTheDecision(growth)) Decisions.forget();
        if (Learning.movedMuch(growth)) LEARNING.newsForPace();
    }

    /** True when the chosen plan's prediction grew by {@code growth}, enough to change the decision: the runner-up's margin, and a quarter at least. */
    boolean movesTheDecision(double growth) { return growth >= Math.max(margin, 1.25); }

    /** The decision, kernel by kernel, as explain prints it. */
    String describe() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < kernels.size(); i++) {
            sb.append("kernel ").append(i).append(": ").append(target(i).name()).append(" (").append(reasons[i]).append(')');
            if (unbuilt != null) {
                sb.append("; predicted");
                for (int t = 0; t < candidates.size(); t++) {
                    CostModel.Prediction pr = unbuilt[i][t];
                    sb.append(' ').append(candidates.get(t).name()).append(' ').append(seconds(pr.seconds()));
                    if (pr.transfers() > 0 && Double.isFinite(pr.seconds())) sb.append(" (copies ").append(seconds(pr.transfers())).append(')');
                    if (pr.storage() > 0 && Double.isFinite(pr.seconds())) sb.append(" (new storage ").append(seconds(pr.storage())).append(')');
                    if (Double.isFinite(pr.seconds()) && !built[i][t]) sb.append(candidates.get(t) instanceof OpenClTarget d && d.buildFailed(keys.get(i)) ? " (its build failed)" : " (program not built)");
                }
            }
            if (!Double.isNaN(measured[i])) sb.append("; ran in ").append(seconds(measured[i]));
            sb.append('\n');
            Kernel k = kernelOrNull(i);
            List<io.numfuse.ir.View> ins = k == null ? List.of() : k.inputs();
            if (!ins.isEmpty()) {
                sb.append("  inputs:");
                for (int j = 0; j < ins.size(); j++) {
                    sb.append(j == 0 ? " " : ", ").append("in").append(j).append(" on ").append(String.join("+", new java.util.TreeSet<>(DeviceCopies.currentAt(ins.get(j).buffer()))));
                }
                sb.append('\n');
            }
        }
        return sb.toString();
    }

    static String seconds(double s) {
        if (!Double.isFinite(s)) return "-";
        if (s < 1e-3) return String.format(Locale.ROOT, "%.1f us", s * 1e6);
        if (s < 1) return String.format(Locale.ROOT, "%.2f ms", s * 1e3);
        return String.format(Locale.ROOT, "%.2f s", s);
    }
}
