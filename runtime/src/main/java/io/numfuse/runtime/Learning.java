package io.numfuse.runtime;

import io.numfuse.ir.KernelKey;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the cost model learns from measured times: a correction factor per target, kernel (its
 * {@link KernelKey}) and size class, a low quantile of its latest ratios of measured over
 * predicted execution time ({@link #estimate}: accidents only slow a run); per target and kernel class,
 * for kernels not seen yet, the median of the kernels' first runs (each kernel has a few votes);
 * and per device a factor on its copies, learnt from runs that were mostly copies. A calibration
 * that was off corrects itself within a few runs. The class corrections go into the target's
 * {@link DeviceProfile} ({@code corrections}), so a later process starts from them.
 */
final class Learning {
    /** Corrections outside this range are taken as a wrong measurement (a collection, a busy machine). */
    static final double MIN = 1.0 / 64, MAX = 64;
    /** Kernels remembered per target before the oldest are forgotten (they fall back to their class). */
    static final int MAX_KEYS = 4096;

    /** A kernel on a target at a size: its correction is learnt per size (a factor of 4 in elements). */
    record KeyOf(String target, KernelKey key, int size) {
        KeyOf(String target, KernelKey key, long elements) { this(target, key, sizeClass(elements)); }
    }

    /**
     * The size class of a kernel of {@code elements} elements: log4 of it. A correction is a
     * factor on the predicted execution, but what a run adds beyond the model is partly fixed (the
     * JVM's workers waking up, tens of microseconds after a pause): learnt once for all sizes it
     * made a kernel of 10^7 elements look as slow as one of 10^5.
     */
    static int sizeClass(long elements) { return (63 - Long.numberOfLeadingZeros(Math.max(1, elements))) / 2; }

    /**
     * A class at a decade of elements ({@code map.memory32@7}: 10^7 to 10^8): its correction, once
     * voted, comes before the class's own. What a device does beyond its profile changes with the
     * size (the caches a kernel's data fits in, what a launch costs against the work): PoCL's
     * streaming kernels of 10^5-10^6 elements voted 4.7 times their predicted time, which priced a
     * resident a+b over 10^7 float32 at 15.8 ms on PoCL where it ran in 6 ms, and sent it to the JVM.
     */
    static String banded(String kernelClass, long elements) { return kernelClass + "@" + (int) Math.floor(Math.log10(Math.max(1, elements))); }

    /** The latest votes of each class (log ratios), at most {@link #VOTES} of them: its correction is their median. */
    private final Map<String, java.util.ArrayDeque<Double>> votes = new ConcurrentHashMap<>();
    static final int VOTES = 48;

    /**
     * A class's correction is the median of its latest votes, not a running average: kernels of
     * one class differ (a transposed read, a select compiled to branches run several times slower
     * than the class's streaming kernels), and an average followed whichever voted last.
     */
    private boolean vote(String cls, double log) {
        if (TRACE) System.err.printf("numfuse: learning: %s votes %.3g%n", cls, Math.exp(log));
        java.util.ArrayDeque<Double> v = votes.computeIfAbsent(cls, c -> new java.util.ArrayDeque<>());
        double median;
        synchronized (v) {
            v.addLast(log);
            if (v.size() > VOTES) v.removeFirst();
            if (v.size() < MIN_CLASS_VOTES) return false;
            median = median(v);
        }
        Double before = byClass.put(cls, median);
        return before == null || before != median;
    }

    /**
     * A class's correction stands on at least this many votes: one run (a 14x outlier, say) is
     * not a class's law, and a class correction is stored with the profile for later processes.
     */
    static final int MIN_CLASS_VOTES = 3;

    /** The runs of one kernel (at one size) its class learns from. */
    static final int CLASS_VOTES = 3;

    /** Runs predicted shorter than this teach only their own kernel and size, not the class (fixed costs weigh too much in them). */
    static final double CLASS_MIN_SECONDS = 200e-6;

    /** What is known of each kernel at each size on each target: its runs, and its correction. */
    private final Map<KeyOf, PerKernel> perKernel = new ConcurrentHashMap<>();

    /**
     * A kernel's runs so far, and its last {@link #RATIOS} log ratios, whose second smallest is
     * its correction ({@link #estimate}). On a shared machine a run now and then takes several
     * times its usual time (another process, a collection, threads waking): a running average
     * followed each such run, and flipped decisions with it.
     */
    private static final class PerKernel {
        private final double[] logs = new double[RATIOS];
        private final long firstRun = System.nanoTime();
        private int runs, votes;
        private boolean learnt;                        // a run was learnt from, ever
        private volatile double median = Double.NaN;   // the estimate; NaN until a run was learnt from
        private double announced = Double.NaN;         // the estimate when a lesson last moved it by news ({@link #NEWS})
        private double paced = Double.NaN;             // the estimate when it last moved by news for the pace ({@link #PACE_NEWS})

        /** Counts a run; returns how many there have been. */
        synchronized int ran() { return ++runs; }

        synchronized int runs() { return runs; }

        /** Nanoseconds since the first run. */
        long age() { return System.nanoTime() - firstRun; }

        /**
         * Learns a log ratio. A run far faster than the kernel's correction says (under half)
         * starts its history afresh: a run can be slow by accident (a collection, another
         * process, code not compiled yet) but not fast, so such a run shows the earlier ones
         * were the accidents, and a target that an accident made look slow wins back its work
         * at once instead of after more runs (which, as a runner-up, it rarely gets).
         *
         * <p>The kernel's first lesson, when slower than predicted, does not stand alone (the
         * estimate stays unknown: the class's correction, or none, prices the kernel until a
         * second run): a resident Mandelbrot step's first lesson on PoCL, in the JIT's busy first
         * second, was 5.6 times its prediction; it priced PoCL at 2.6 ms against the JVM's 0.8,
         * and auto ran the step on the JVM at 1.5 ms for seconds where PoCL ran it in 0.3-0.5.
         */
        synchronized boolean add(double log) {
            if (votes > 0 && log < median - Math.log(2)) votes = 0;
            logs[votes++ % logs.length] = log;
            boolean first = !learnt;
            learnt = true;
            median = first && log > 0 ? Double.NaN : estimate(java.util.Arrays.copyOf(logs, Math.min(votes, logs.length)));
            boolean news = Double.isNaN(announced) ? !Double.isNaN(median) : Double.isNaN(median) || Math.abs(median - announced) > NEWS;
            if (news) announced = median;
            return news;
        }

        /**
         * True when the estimate moved by more than {@link #PACE_NEWS} since it last did (or
         * became known, or unknown): news for the pace of learning ({@link #paceNews}).
         */
        synchronized boolean movedForPace() {
            boolean moved = Double.isNaN(paced) ? !Double.isNaN(median) : Double.isNaN(median) || Math.abs(median - paced) > PACE_NEWS;
            if (moved) paced = median;
            return moved;
        }

        /** Every log ratio learnt, and the estimate, plus {@code log} (within the corrections' bounds): the code changed. */
        synchronized void shift(double log) {
            for (int i = 0; i < Math.min(votes, logs.length); i++) logs[i] = Math.clamp(logs[i] + log, Math.log(MIN), Math.log(MAX));
            if (!Double.isNaN(median)) median = Math.clamp(median + log, Math.log(MIN), Math.log(MAX));
            announced = median;                            // the caller counts the lesson
        }
    }

    /**
     * A kernel's correction moved by news when it moved by more than this (a log ratio: 5%) since
     * it last did: only such a lesson counts ({@link #lessons}). The estimate, the second smallest
     * of the latest ratios, moves a little at about half of a steady loop's lessons (the run
     * learnt or the one it pushes out is often among the two smallest); counted, each made
     * what rests on the lessons (kept crossovers, the pace of learning) start afresh.
     */
    static final double NEWS = Math.log(1.05);

    /**
     * A kernel's correction moved by news for the pace of learning ({@link LearningPace}) when it
     * moved by more than this (a log ratio: 25%, as much as makes kept decisions start afresh:
     * {@link #movedMuch}) since it last did. With the 5% of {@link #NEWS} a resident a+b*c over
     * 10^6 float32 on PoCL, its runs spread 0.46-1.14 times its prediction, had news at most
     * lessons: its kept decision's runs kept teaching one in four, each lesson 50-90 us after the
     * streaming kernel (the model's code and data out of the caches), and the quarter of the
     * calls that learnt moved the median call by 20-30 us (12% of it).
     */
    static final double PACE_NEWS = Math.log(1.25);

    /** The log ratios a kernel's correction is worked out from: its latest runs. */
    static final int RATIOS = 8;

    /**
     * A kernel's correction from its latest log ratios: the second smallest (the smallest while
     * there are fewer than four). Accidents only slow a run, and on this 2-core machine they were
     * frequent: a JVM a+b*c over 10^5 float32 (35-60 us) took 0.13-4.4 ms in 14 of its 55 runs
     * auto learnt from in one bench run. The median of the last five, used before, was such a run
     * whenever three of five were (3.28 and 4.21 times the kernel's usual correction there), and
     * in a suite run priced the JVM at 244 us, above PoCL with its copies, so auto ran the case on
     * PoCL at 7.93 times the JVM's time. The second smallest of eight is an accident only when
     * seven of eight were; a kernel that became slower for good is followed after seven runs.
     */
    static double estimate(double[] logs) {
        double[] s = logs.clone();
        java.util.Arrays.sort(s);
        return s[s.length < 4 ? 0 : 1];
    }

    /** {@code -Dnumfuse.learning.trace=true} prints each class vote and each kernel's lesson on stderr. */
    static final boolean TRACE = Boolean.getBoolean("numfuse.learning.trace");

    /** Runs of a kernel not learnt from: its first include compiling it, and the JIT's warm-up of it. */
    static final int WARM_UP = 3;

    /**
     * On the JVM, a kernel's runs are not learnt from either until this long after its first:
     * the JIT compiles a hot kernel in the background within tens of milliseconds, and until
     * then it runs interpreted or half-optimised. Its fourth to seventh runs of a 10^5-element
     * a+b*c took 0.6-21 ms against 0.1 ms once compiled; learnt, they made the JVM look 10-40
     * times slower than it is, and auto then sent the work to PoCL for good.
     */
    static final long JIT_SETTLE_NANOS = 250_000_000L;

    private final long jitSettleNanos;

    Learning() { this(JIT_SETTLE_NANOS); }

    /** A model whose JVM kernels count as compiled {@code jitSettleNanos} after their first run (tests pass 0). */
    Learning(long jitSettleNanos) { this.jitSettleNanos = jitSettleNanos; }
    private final Map<String, Double> byClass = new ConcurrentHashMap<>();

    /** Each device's launch, as its runs show it. */
    final Launches launches = new Launches();

    /** Starts from the class corrections stored with the profiles. */
    void seed(DeviceProfile p) {
        p.corrections().forEach((k, v) -> {   // classes named before maps and reductions were apart ("memory32") are dropped
            if (v >= MIN && v <= MAX && k.contains(".")) byClass.putIfAbsent(p.target() + "|" + k, Math.log(v));
        });
    }

    /** The factor for {@code key} of class {@code kernelClass} on {@code target} (1 when nothing is known). */
    double factor(String target, KernelKey key, String kernelClass) { return factor(target, key, 1, kernelClass); }

    /** The factor for {@code key} over {@code elements} elements, of class {@code kernelClass}, on {@code target}. */
    double factor(String target, KernelKey key, long elements, String kernelClass) {
        PerKernel k = key == null ? null : perKernel.get(new KeyOf(target, key, elements));
        double m = k == null ? Double.NaN : k.median;
        if (!Double.isNaN(m)) return Math.exp(m);
        Double f = elements > 1 ? byClass.get(target + "|" + banded(kernelClass, elements)) : null;
        if (f == null) f = byClass.get(target + "|" + kernelClass);
        return f == null ? 1 : Math.exp(f);
    }

    /**
     * A run of {@code key} on {@code target} took {@code measured} seconds of execution where the
     * model, uncorrected, predicted {@code predicted}.
     */
    void observe(String target, KernelKey key, String kernelClass, double predicted, double measured) {
        observe(target, key, 1, kernelClass, predicted, measured, true);
    }

    void observe(String target, KernelKey key, String kernelClass, double predicted, double measured, boolean forClass) {
        observe(target, key, 1, kernelClass, predicted, measured, forClass);
    }

    /**
     * {@link #observe(String, KernelKey, String, double, double)}; {@code forClass}: the run also
     * teaches the kernel's class (false for a run whose time was mostly copies, whose error would
     * be the link's rather than the kernel's). True when the lesson moved a correction.
     */
    boolean observe(String target, KernelKey key, long elements, String kernelClass, double predicted, double measured, boolean forClass) {
        if (!(predicted > 0) || !(measured > 0)) return false;
        PerKernel k = null;
        int seen = 0;
        if (key != null) {
            if (perKernel.size() > MAX_KEYS) {
                perKernel.clear();
                runnersUp.clear();
                forgotten.incrementAndGet();
                lessons.incrementAndGet();                 // every kernel's runs forgotten: what rests on them is worked out again
                paceNews.incrementAndGet();
                SmallWork.changed();
            }
            k = perKernel.computeIfAbsent(new KeyOf(target, key, elements), id -> new PerKernel());
            if ((seen = ran(target, k)) <= WARM_UP || target.equals("jvm") && k.age() < jitSettleNanos) return false;
        }
        double r = measured / predicted;
        if (r < MIN || r > MAX) return false;
        taken.incrementAndGet();
        double log = Math.log(r);
        boolean moved = k != null && k.add(log);
        if (k != null && k.movedForPace()) paceNews.incrementAndGet();
        if (TRACE && k != null) System.err.printf("numfuse: learning: %s kernel %s over %d: %.3g predicted %.3g s, ran %.3g s: correction %.3g%n",
                target, key.digest(), elements, r, predicted, measured, Math.exp(k.median));
        // one kernel, a few votes: a kernel run again and again (a loop) that the model mispredicts
        // (a select the JIT compiles to branches) corrects itself, not its whole class
        if (forClass && predicted >= CLASS_MIN_SECONDS && (key == null || seen <= WARM_UP + CLASS_VOTES)) {
            boolean voted = vote(target + "|" + kernelClass, log);
            if (elements > 1) voted |= vote(target + "|" + banded(kernelClass, elements), log);
            if (voted) paceNews.incrementAndGet();
            moved |= voted;
        }
        // after the lesson, so that what is worked out from it sees it; only a lesson that moved a
        // correction by news counts: most runs of a kernel in a loop leave its estimate about as
        // it was, and each lesson counted made SmallWork work out its kept crossovers again,
        // looking up every correction (cold: 40-50 us) in a fifth of a host a+b*c's evaluations
        if (!moved) return false;
        lessons.incrementAndGet();
        // now and then the model's version moves: other threads' kept decisions are made afresh, and
        // small work is weighed again (its kept predictions hold the storage term learnt when
        // weighed; the corrections enter at each evaluation)
        if (ticks.incrementAndGet() % 32 == 0) SmallWork.changed();
        return true;
    }

    /** What copies to and from each device cost beyond its profile's price, per size class. */
    private final LinkFactors links = new LinkFactors();

    // ---- what a new result's storage costs ---------------------------------------------------

    /** What new storage costs per target, learnt from runs that made new results. */
    private final StorageCosts storage = new StorageCosts();

    /** {@link StorageCosts#secondsPerByte}. */
    double storageSecondsPerByte(String target) { return storage.secondsPerByte(target); }

    /** {@link StorageCosts#observe}: a lesson when it taught something. */
    double observeStorage(String target, double newBytes, double freshBytes, double seconds) {
        if (!StorageCosts.STORAGE || !(newBytes >= StorageCosts.MIN_BYTES)) return 1;
        double moved = storage.observe(target, newBytes, freshBytes, seconds);
        // what storage costs drifts at each run: only a move that changes decisions is news (for the
        // pace, only one that moves a run's price: PlacementRuns, a share of new memory near 0 moves
        // by a factor at most runs while the storage term stays a few microseconds)
        if (movedMuch(moved)) lessons.incrementAndGet();
        return moved;
    }

    /** {@link StorageCosts#learntFreshSeconds}. */
    double learntFreshSeconds(String target, double freshBytes) { return storage.learntFreshSeconds(target, freshBytes); }

    /** For tests: {@link StorageCosts#freshSeconds}. */
    double freshSeconds(String target, double freshBytes) { return storage.freshSeconds(target, freshBytes); }

    /** True when a factor moved by {@code ratio} (new over old) enough that decisions kept with the old one are made afresh. */
    static boolean movedMuch(double ratio) { return !(ratio > 0.8 && ratio < 1.25); }

    /**
     * The runs of {@code key} over {@code elements} on {@code target} seen so far: a device run's
     * time beyond its prediction is taken as storage only after the kernel's first
     * {@link #WARM_UP} runs (PoCL compiles a kernel at its first launch).
     */
    int runsOf(String target, KernelKey key, long elements) {
        PerKernel k = key == null ? null : perKernel.get(new KeyOf(target, key, elements));
        return k == null ? 0 : k.runs();
    }

    static double median(java.util.Collection<Double> logs) {
        double[] s = new double[logs.size()];
        int i = 0;
        for (double x : logs) s[i++] = x;
        return medianOf(s);
    }

    /** The median of {@code s}, which it sorts. */
    static double medianOf(double[] s) {
        java.util.Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    /**
     * Carries what runs of {@code key} on {@code target} taught over to new code that runs it in
     * {@code factor} times the time: its corrections at every size times the factor, its runs
     * towards trust kept; when it was last measured as a runner-up is forgotten (that measured the
     * old code). A JVM kernel that moves to its vector class ({@link VectorWarmup}) ran 4-10 times
     * faster than the scalar class its corrections were learnt on; forgotten instead, they fell
     * back to its class's, which the same scalar runs had taught, and auto kept a Mandelbrot step
     * over 316x316 in a scope on PoCL at 200-270 us a step (the JVM target: 50 us), pricing the
     * JVM at 2.2-4 times its vector class's time.
     */
    void rescaleKernel(String target, KernelKey key, double factor) {
        if (!(factor > 0) || Double.isInfinite(factor)) return;
        double log = Math.log(factor);
        perKernel.forEach((k, p) -> {
            if (k.target().equals(target) && k.key().equals(key)) p.shift(log);
        });
        runnersUp.forget(target, key);
        lessons.incrementAndGet();
        paceNews.incrementAndGet();
        SmallWork.changed();
    }

    /** Forgets everything learnt (tests that set their own profiles start from them alone). */
    void forgetAll() {
        forgotten.incrementAndGet();
        launches.forgetAll();
        perKernel.clear();
        runnersUp.clear();
        votes.clear();
        byClass.clear();
        links.clear();
        storage.clear();
        lessons.incrementAndGet();
        paceNews.incrementAndGet();
        SmallWork.changed();
    }

    /** The factor on copies of {@code bytes} to and from {@code target}'s memory ({@link LinkFactors#factor}). */
    double linkFactor(String target, double bytes) { return links.factor(target, bytes); }

    /**
     * A run on {@code target} spent {@code measured} seconds on copies, the largest of
     * {@code bytes}, where the model, before its link factor, predicted {@code predicted}
     * ({@link LinkFactors#observe}).
     */
    void observeLink(String target, double bytes, double predicted, double measured) {
        if (!links.observe(target, bytes, predicted, measured)) return;
        if (TRACE) {
            System.err.printf("numfuse: learning: %s link: copies of %.3g bytes predicted %.3g s, took %.3g s: link factor %.3g%n", target, bytes,
                    predicted, measured, linkFactor(target, bytes));
        }
        lessons.incrementAndGet();
        paceNews.incrementAndGet();
        if (ticks.incrementAndGet() % 32 == 0) SmallWork.changed();
    }

    /**
     * A run teaches its kernel's correction only when its predicted copies were this share of its
     * predicted execution or less, and the link of the device its copies crossed only when they
     * were {@link #LINK_COPIES} of it or more (its execution, as the kernel's clean runs corrected
     * it, taken out): a run's error goes to what it mostly measured, and neither learns from the
     * other's error. Between the two, a run is counted and teaches nothing. With the link learnt
     * from runs whose copies were a quarter of their execution or more, kernels' errors went to
     * it: a suite run priced copying a resident 80 MB back to the JVM at 201 ms (about 20 ms).
     */
    static final double KERNEL_COPIES = 0.1, LINK_COPIES = 1;

    /** A close runner-up the model trusts is still measured once in this many evaluations. */
    static final int RETRY = 16;

    /** Runs of a kernel on a target the model should see before it trusts its corrections for it. */
    static final int TRUSTED = WARM_UP + 3;

    private final java.util.concurrent.atomic.AtomicLong ticks = new java.util.concurrent.atomic.AtomicLong();

    /** Moves at every lesson that changed what the model knows (a correction, a link factor, what storage costs): what was worked out from them before may be stale. */
    private final java.util.concurrent.atomic.AtomicLong lessons = new java.util.concurrent.atomic.AtomicLong();

    /**
     * Moves whenever the model forgets every kernel's runs ({@link #forgetAll}, or past
     * {@link #MAX_KEYS} kernels): a pace kept for a kernel ({@link SmallWork}) starts afresh then,
     * since its stride stood on runs the model no longer counts. Kept instead, a kernel's stride of
     * up to 256 from before would have it wait up to 6 x 256 runs of 50 us or more for the six the
     * model needs to trust its price on the JVM again: the likely cause of a CI run's first move of
     * a loop's state after 17,224 evaluations, not about 700, in
     * `MigrationTest.aPlanWhoseStateDoesNotStayIsMovedRarely` (its steps there took about 68 us,
     * many of them under 50, and the test's kernel had run in the tests before it).
     */
    private final java.util.concurrent.atomic.AtomicLong forgotten = new java.util.concurrent.atomic.AtomicLong();

    /** {@link #forgotten}'s count. */
    long forgotten() { return forgotten.get(); }

    /** Runs taken as lessons of a kernel's correction, news or not ({@link LearningPace}). */
    private final java.util.concurrent.atomic.AtomicLong taken = new java.util.concurrent.atomic.AtomicLong();

    /** A number that moves at each run taken as a lesson of a kernel's correction, whether or not it moved it. */
    long taken() { return taken.get(); }

    /** A number that changes whenever the model learns something ({@link SmallWork} keeps its crossovers while it stays). */
    long lessons() { return lessons.get(); }

    /** Moves at each lesson that is news for the pace of learning: a correction moved by {@link #PACE_NEWS}, or anything else {@link #lessons} counts. */
    private final java.util.concurrent.atomic.AtomicLong paceNews = new java.util.concurrent.atomic.AtomicLong();

    /** A number that moves at each lesson that is news for a kept decision's pace of learning ({@link Placement#learn}). */
    long paceNews() { return paceNews.get(); }

    /** A lesson outside this class was news for the pace of learning (what new storage costs moved a run's price much). */
    void newsForPace() { paceNews.incrementAndGet(); }

    /**
     * True when {@code key} should run on {@code target} although the model did not choose it, to
     * measure it there: the model's own choice is only ever measured where it chose, so a target
     * it underrates would never get the chance to prove it. One evaluation in four while that
     * target has fewer than {@link #TRUSTED} runs of the kernel, and one in {@link #RETRY} after.
     */
    boolean explore(String target, KernelKey key) { return explore(target, key, 1); }

    /** {@link #explore(String, KernelKey)} for {@code key} over {@code elements} elements. */
    boolean explore(String target, KernelKey key, long elements) {
        PerKernel k = perKernel.get(new KeyOf(target, key, elements));
        Integer n = k == null ? null : k.runs();
        long t = ticks.incrementAndGet();
        // and one in RETRY for good: a runner-up whose first runs were slow (interpreted code,
        // a busy machine) would otherwise never get measured again
        return (n == null || n < TRUSTED) && t % 4 == 0 || t % RETRY == 0;
    }

    /** A runner-up predicted this much slower than the choice or more is not measured again (the cost, were the prediction right). */
    static final double FAR_LIMIT = 16;

    /**
     * True when a runner-up predicted {@code slower} times the chosen plan's time (more than 1.5)
     * should run the kernels anyway: one decision in {@code 4 * slower}. auto decides afresh one
     * evaluation in {@link #RETRY} at most ({@link Decisions}), so the runner-up runs at most about
     * one evaluation in {@code 4 * RETRY * slower}: measuring it costs at most about 1.6% on
     * average were the prediction right, and a target that its corrections wrongly made look slow (learnt
     * from runs a collection or another process slowed) still gets measured, and wins its work
     * back ({@link PerKernel#add}).
     */
    boolean exploreFar(double slower) {
        if (!(slower < FAR_LIMIT)) return false;
        return java.util.concurrent.ThreadLocalRandom.current().nextDouble() * 4 * slower < 1;   // drawn: a counter aliased with loops
    }

    /**
     * {@link #exploreFar(double)} for kernel {@code key} over {@code elements} elements on
     * {@code target}, predicted to take {@code predictedSeconds} there: besides the draw, within
     * {@link RunnerUps#FAR_SHARE} of the time ({@link RunnerUps#withinShare}). The draw alone rests on how often
     * auto decides afresh, and noise decides that: on a device-resident kernel whose corrections
     * moved by a quarter every few runs (each move makes the next evaluation decide afresh), auto
     * decided afresh at 29% of the evaluations instead of 6%, and measured the JVM, 5 to 15 times
     * slower with its copies, once in 40 to 60 runs.
     */
    boolean exploreFar(String target, KernelKey key, long elements, double slower, double predictedSeconds, double planSeconds) {
        return exploreFar(target, key, elements, slower, predictedSeconds, RunnerUps.FAR_SHARE, planSeconds);
    }

    /** {@link #exploreFar(String, KernelKey, long, double, double, double)} within {@code share} of the plan's time ({@code planSeconds}: its clock now). */
    boolean exploreFar(String target, KernelKey key, long elements, double slower, double predictedSeconds, double share, double planSeconds) {
        return exploreFar(slower) && runnersUp.withinShare(target, key, elements, predictedSeconds, share, planSeconds);
    }

    /**
     * How much slower a far runner-up on {@code target} counts in the draw ({@link #exploreFar(double)}),
     * predicted {@code slower} times the chosen plan's time, its kernels' corrections there
     * raising its price by {@code taught} at most: the JVM with nothing to copy, beyond
     * {@link #FAR_LIMIT} only by its corrections, as if just under the limit (within its share of
     * the time). Its corrections come from its runs, and its code gets faster under the model
     * (C1, C2, then its vector class: a Mandelbrot step over 316x316 float32 took 500 us for 4 s,
     * 120-130 us to 7 s, then 45 us, PoCL sharing the 2 cores); taught 40x by the slow runs,
     * auto priced it beyond the limit and kept the step on PoCL at 350-430 us for good. A JVM far
     * by its profile alone stays far, a device's code does not change once built, and a JVM run
     * that copies moves a loop's state ({@link RunnerUps#FAR_COPIES_SHARE}).
     */
    static double drawnAs(String target, boolean copies, double slower, double taught) {
        boolean byLessons = slower >= FAR_LIMIT && taught > 1 && slower / taught < FAR_LIMIT;
        return target.equals("jvm") && !copies && byLessons ? Math.nextDown(FAR_LIMIT) : slower;
    }

    /** When each runner-up was last measured, and what that took ({@link RunnerUps}). */
    final RunnerUps runnersUp = new RunnerUps();

    /**
     * A run of {@code key} over {@code elements} on {@code target} that taught no correction (its
     * time was mostly copies, or too short to tell): it still counts as a run, so that the model
     * comes to trust what it knows of the target there ({@link #TRUSTED}); returns its runs so far.
     */
    int counted(String target, KernelKey key, long elements) {
        if (key == null) return 0;
        return ran(target, perKernel.computeIfAbsent(new KeyOf(target, key, elements), id -> new PerKernel()));
    }

    /** Counts a run of {@code k} on {@code target}: a device's moves {@link #deviceRuns}. */
    private int ran(String target, PerKernel k) {
        if (!target.equals("jvm")) deviceRuns.incrementAndGet();
        return k.ran();
    }

    private final java.util.concurrent.atomic.AtomicLong deviceRuns = new java.util.concurrent.atomic.AtomicLong();

    /**
     * A number that moves at each run of any kernel on a device that the model counted: while it
     * stays, no kernel's runs on a device changed ({@link #runsOf}), and what rests on them
     * (whether the model trusts a device's price of a kernel) stands ({@link Migration}).
     */
    long deviceRuns() { return deviceRuns.get(); }

    /** The class corrections of {@code target}, for its profile. */
    Map<String, Double> classCorrections(String target) {
        Map<String, Double> m = new java.util.TreeMap<>();
        String prefix = target + "|";
        byClass.forEach((k, v) -> { if (k.startsWith(prefix)) m.put(k.substring(prefix.length()), Math.exp(v)); });
        return m;
    }

    /**
     * The class of a kernel for corrections: whether it reduces (a reduction's speed on a device
     * follows its own law: PoCL's sums ran 15-30 times slower than the streaming rate predicts,
     * which, learnt as one class with maps, made every map look as slow; a matmul's GEMM follows
     * yet another), what bounds it on the target (memory, or an op class) and its width:
     * {@code map.memory32}, {@code reduce.simple64}, {@code matmul.simple32}.
     */
    static String classOf(KernelWork w, DeviceProfile p) {
        double memory = (w.bytesRead() + w.bytesWritten()) / p.memoryBytesPerSecond() / Math.max(1, w.elements());
        String bound = "memory";
        double most = memory;
        boolean wide = false;
        for (OpClass c : OpClass.values()) {
            for (boolean wd : new boolean[] { false, true }) {
                double rate = p.rate(c, wd ? io.numfuse.core.DType.FLOAT64 : io.numfuse.core.DType.FLOAT32);
                double s = rate > 0 ? w.ops(c, wd) / rate : 0;
                if (s > most) {
                    most = s;
                    bound = c.key();
                    wide = wd;
                }
            }
        }
        return (w.matmul() ? "matmul." : w.reduction() ? "reduce." : "map.") + bound + (wide ? "64" : "32");
    }
}
