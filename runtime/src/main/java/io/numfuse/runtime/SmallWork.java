package io.numfuse.runtime;

import io.numfuse.ir.Kernel;
import io.numfuse.ir.KernelKey;
import io.numfuse.ir.View;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * auto's shortcut for small work: a kernel whose inputs are on the host and whose size is well
 * below the size at which the cost model predicts any device beats the JVM runs on the JVM at
 * once, without the full placement (which costs microseconds: as much as the work). The size
 * follows from two predictions per target (the model is linear in the size), worked out once per
 * kernel key and kept until the model changes (a profile, a build): {@link #changed()}. The
 * learnt corrections enter at each evaluation, as factors on the predictions' execution terms.
 */
final class SmallWork {
    private SmallWork() {}

    /**
     * A kernel at one size (its elements: the predictions are worked out at its size, and one
     * key at two sizes, a Jacobi step's frame copies of a row and of a column, made each other
     * weigh again at every evaluation when they shared a size class here).
     */
    private record Key(String auto, KernelKey key, long elements) {}

    /**
     * One target's predictions for a kernel at its size and at twice it, each split into what the
     * target's correction scales (the execution, uncorrected) and what it does not (launch,
     * copies, storage; the launch apart), with the kernel's class there (which its correction may fall back on).
     */
    private record Side(String target, String cls, double launch, double rest1, double execute1, double rest2, double execute2, double copies1,
                        double storage1) {
        /** The corrected predictions at the kernel's size ({@code twice}: at twice it). */
        double seconds(boolean twice, double correction) { return twice ? rest2 + execute2 * correction : rest1 + execute1 * correction; }

        /** What the model has learnt of {@code key} (else of its class) here at {@code elements}. */
        double correction(KernelKey key, long elements) { return Placement.LEARNING.factor(target, key, elements, cls); }
    }

    /**
     * A key's predictions, worked out at model version {@code version} for a kernel of
     * {@code elements} elements: the JVM's ({@code jvmKnown}: from its profile, else the nominal
     * one) and those of each device that can run it; which of the key's runs through the
     * shortcut teach the model ({@code pace}, kept across weighings while the model has not
     * forgotten its runs since {@code forgotten}: {@link Learning#forgotten}), and whether the
     * model trusts the JVM's price of it yet ({@code jvmTrusted}: until then every run counts).
     * Keeping the corrections out of them matters: weighing a key again (its code rarely run, so
     * barely compiled) took 0.2-0.4 ms, and redone whenever the JVM's correction of a 10^6-element
     * kernel moved by a tenth, every few runs on this noisy machine, it made auto 40-70% slower
     * than the JVM target on the very kernels it ran on the JVM.
     */
    private record Below(long version, long elements, Side jvm, boolean jvmKnown, List<Side> devices, LearningPace pace, long forgotten,
                         java.util.concurrent.atomic.AtomicBoolean jvmTrusted, java.util.concurrent.atomic.AtomicReference<Crossover> at) {}

    /**
     * The crossover worked out from a key's predictions and the model's lessons up to
     * {@code lessons} ({@link Learning#lessons}): kept while the model learns nothing, since
     * looking the corrections up again (their keys compared in full) cost a small kernel's
     * evaluation about 0.3 us, a tenth of a 10^3-element a+b*c.
     */
    private record Crossover(long lessons, double n, double jvmSeconds) {}   // jvmSeconds: the JVM's price at the kernel's size

    private static final Map<Key, Below> BELOW = new ConcurrentHashMap<>();
    private static final AtomicLong VERSION = new AtomicLong();

    /** The model changed (a profile arrived, a program was built, corrections moved): sizes are worked out again. */
    static void changed() { VERSION.incrementAndGet(); }

    /** The model's version: it moves whenever {@link #changed()} is called (auto's kept decisions rest on it too: {@link Decisions}). */
    static long version() { return VERSION.get(); }

    /**
     * Whether every kernel of {@code kernels} (one evaluation's plan), whose inputs and outputs
     * the caller knows are all on the host alone (the scheduler asks that once, for
     * {@link Migration} too), should run on the JVM without asking the model: each one is small
     * work on the host. A device running the whole plan would copy only its first inputs up,
     * which each kernel's crossover counts, but every kernel well below its crossover is
     * launch-bound there. Null when not; else what their runs teach the model through.
     */
    static Weighed smallOnHost(AutoTarget auto, List<Kernel> kernels) {
        Below[] below = new Below[kernels.size()];
        for (int i = 0; i < below.length; i++) {
            Kernel k = kernels.get(i);
            below[i] = below(auto, k, k.key());
            if (!small(below[i], k, k.key())) return null;
        }
        return new Weighed(below);
    }

    /**
     * An evaluation {@link #smallOnHost} found small work: its kernels' kept predictions, which
     * their runs teach the model through ({@link #ran}) without looking them up again.
     */
    static final class Weighed {
        private final Below[] below;

        private Weighed(Below[] below) { this.below = below; }
    }

    /** True when {@code k} (key {@code key}) should run on the JVM without asking the model. */
    static boolean onJvm(AutoTarget auto, Kernel k, KernelKey key) {
        for (View in : k.inputs()) if (!DeviceCopies.onHostOnly(in.buffer())) return false;   // a device may hold it: the model decides
        for (View o : k.outputs()) if (!DeviceCopies.onHostOnly(o.buffer())) return false;
        return small(below(auto, k, key), k, key);
    }

    /** True when {@code k} (its predictions {@code b}), its data on the host, is well below the size from which a device is predicted faster. */
    private static boolean small(Below b, Kernel k, KernelKey key) {
        return k.size() < crossover(b, key) / 2;   // well below: a margin for the model's error
    }

    /** {@link #crossover(Below, KernelKey)}, worked out again only when the model has learnt something since. */
    private static double crossover(Below b, KernelKey key) {
        long lessons = Placement.LEARNING.lessons();
        Crossover c = b.at().get();
        if (c == null || c.lessons() != lessons) b.at().set(c = crossoverNow(b, key, lessons));
        return c.n();
    }

    /** True when the model's price of {@code b}'s kernel on the JVM, as last worked out, is a run long enough to teach it. */
    private static boolean pricedToTeach(Below b) {
        Crossover c = b.at().get();
        return c != null && c.jvmSeconds() >= LEARN_FROM_SECONDS;
    }

    /** The predictions for {@code key} at {@code k}'s size, worked out again when the model's version moved. */
    private static Below below(AutoTarget auto, Kernel k, KernelKey key) {
        long v = VERSION.get();
        Key id = new Key(auto.name(), key, k.size());
        Below b = BELOW.get(id);
        if (b == null || b.version() != v) {
            if (BELOW.size() > 8192) BELOW.clear();
            long forgotten = Placement.LEARNING.forgotten();   // a pace outlives a weighing, not the runs it stood on
            LearningPace pace = b != null && b.forgotten() == forgotten ? b.pace() : new LearningPace(LEARN_EVERY_RUN, LEARN_ONE_IN, LEARN_AT_MOST_ONE_IN);
            BELOW.put(id, b = weigh(auto, k, key, v, pace, forgotten));
        }
        return b;
    }

    private static final AtomicLong WEIGHED = new AtomicLong();

    /** How many times a kernel was weighed (for tests). */
    static long weighings() { return WEIGHED.get(); }

    private static Below weigh(AutoTarget auto, Kernel k, KernelKey key, long version, LearningPace pace, long forgotten) {
        WEIGHED.incrementAndGet();
        KernelWork w = KernelWork.of(k), w2 = doubled(w);
        List<Target> candidates = auto.candidates();
        CostModel.Profiles all = Profiles.byName(candidates, candidates.stream().map(Profiles::of).toList());
        DeviceProfile jvm = Profiles.of(JvmTarget.INSTANCE);
        List<Side> devices = new ArrayList<>();
        for (Target t : candidates) {
            if (!(t instanceof OpenClTarget d) || !d.supports(key)) continue;
            DeviceProfile p = Profiles.of(d);
            if (p != null) devices.add(side(d.name(), p, w, w2, all));
        }
        Side j = side("jvm", jvm != null ? jvm : Profiles.nominalJvm(), w, w2, all);
        return new Below(version, k.size(), j, jvm != null, List.copyOf(devices), pace, forgotten,
                new java.util.concurrent.atomic.AtomicBoolean(), new java.util.concurrent.atomic.AtomicReference<>());
    }

    private static Side side(String target, DeviceProfile p, KernelWork w, KernelWork w2, CostModel.Profiles all) {
        CostModel.Candidate c = new CostModel.Candidate(target, p, true);
        CostModel.Prediction p1 = CostModel.predict(w, c, all, CostModel.Locations.allAt("jvm"), 1.0, false);
        CostModel.Prediction p2 = CostModel.predict(w2, c, all, CostModel.Locations.allAt("jvm"), 1.0, false);
        return new Side(target, Learning.classOf(w, p), p1.launch(), p1.seconds() - p1.execute(), p1.execute(), p2.seconds() - p2.execute(), p2.execute(),
                p1.transfers(), p1.storage());
    }

    /**
     * The size from which some device is predicted to beat the JVM for {@code b}'s kernel
     * (infinite when none ever does), and the JVM's price of it, with the corrections learnt now
     * (one lookup of the JVM's, kept for {@link #pricedToTeach}). Both sizes take the
     * correction learnt at the kernel's size: looked up at the doubled size (another size class,
     * where this kernel has not run), a select the JVM runs 7x slower than its class looked
     * cheaper per element at twice the elements, and never left the JVM.
     */
    private static Crossover crossoverNow(Below b, KernelKey key, long lessons) {
        double cj = b.jvm().correction(key, b.elements());
        double j1 = b.jvm().seconds(false, cj), j2 = b.jvm().seconds(true, cj);
        double best = Double.POSITIVE_INFINITY;
        for (Side d : b.devices()) {
            double cd = d.correction(key, b.elements());
            double d1 = d.seconds(false, cd), d2 = d.seconds(true, cd);
            double slopeJ = (j2 - j1) / b.elements(), slopeD = (d2 - d1) / b.elements();
            if (!(slopeJ > slopeD)) continue;                    // the device is never cheaper per element
            double fixedJ = j1 - slopeJ * b.elements(), fixedD = d1 - slopeD * b.elements();
            best = Math.min(best, Math.max(0, (fixedD - fixedJ) / (slopeJ - slopeD)));
        }
        return new Crossover(lessons, best, j1);   // j1: the JVM's price, for pricedToTeach
    }

    /**
     * What {@code k} (key {@code key}) costs a run on the JVM with its inputs on the host, and on
     * {@code device} once its inputs are there (its steady state in a loop), the copies that would
     * put them there, whether the device's runs of it are few (its price there a guess), and
     * whether the JVM's runs of it taught its correction (its price there measured), with
     * the corrections learnt now, and both steady states without new storage (a loop's later
     * steps take the storage its earlier ones freed); null when the device cannot run it or has
     * no profile. For {@link Migration}.
     */
    static Migration.Costs costs(AutoTarget auto, Kernel k, KernelKey key, String device) {
        Below b = below(auto, k, key);
        for (Side d : b.devices()) {
            if (!d.target().equals(device)) continue;
            double jvm = b.jvm().seconds(false, b.jvm().correction(key, b.elements()));
            double there = d.seconds(false, d.correction(key, b.elements()));
            boolean untried = Placement.LEARNING.runsOf(device, key, b.elements()) < Learning.TRUSTED;
            boolean jvmMeasured = Placement.LEARNING.runsOf("jvm", key, b.elements()) >= Learning.TRUSTED;
            return new Migration.Costs(jvm, there - d.copies1(), d.copies1(), untried, jvmMeasured, jvm - b.jvm().storage1(), there - d.copies1() - d.storage1());
        }
        return null;
    }

    /**
     * Runs shorter than this teach the model nothing here (the measurement would cost more than it
     * tells), unless the model prices the kernel at this or more: its price is then wrong, and
     * the run corrects it. Without that exception a price learnt from a kernel's first runs, slow
     * while the JIT compiled, stayed: a Mandelbrot step over 316x316 float32 ran in 27-30 us on
     * the JVM and was priced at 79.5 us there, so {@link Migration} moved the loop to PoCL (50 us
     * predicted, 85-90 us run) and never back, at 2-3 times the JVM's time, in three of seven runs
     * of the selection suite's loop cases.
     */
    static final double LEARN_FROM_SECONDS = 50e-6;

    /**
     * A key's first runs each teach the model; after them one in {@link #LEARN_ONE_IN} does, and
     * fewer while its lessons change nothing ({@link LearningPace}). Learning from a run took 31-61 us
     * (medians of 100 calls of an a+b over 10^6 float64, timed inside the scheduler: after a
     * streaming kernel the model's data is out of the caches), a tenth of the run; from one run
     * in eight, 5-7 us a call. The pace is kept across weighings of the key: a new one at each
     * (the model's version moves every 32 lessons) made a kernel learn from each of its next 16
     * runs again, in a cycle where a fifth of a 10^6-element a+b*c's evaluations learnt.
     */
    static final int LEARN_EVERY_RUN = 16, LEARN_ONE_IN = 8, LEARN_AT_MOST_ONE_IN = 256;

    /**
     * The {@code i}th kernel {@code k} of an evaluation {@code w} ran on the JVM through this
     * shortcut in {@code seconds}: a run long enough to matter teaches the model, as a placed run
     * does, so that a JVM kernel slower than its profile says (a select the JIT does not
     * vectorise) stops counting as small work at its next evaluation, whose crossover takes the
     * new correction.
     */
    static void ran(Weighed w, int i, Kernel k, double seconds) {
        Below b = w.below[i];
        if (seconds < LEARN_FROM_SECONDS && !pricedToTeach(b)) return;
        if (!b.pace().learns() || !b.jvmKnown()) {            // (no profile of the JVM yet: nothing to correct)
            // a run all the same: until the model trusts the JVM's price of the kernel (Learning.TRUSTED
            // runs), each one counts towards it, whatever the pace (a loop's state is moved only
            // once the JVM's runs taught its price: Migration)
            if (!b.jvmTrusted().get()) counted(b, k);
            return;
        }
        Side j = b.jvm();
        long taken = Placement.LEARNING.taken();
        // its new results took their storage before it was timed
        boolean news = Placement.LEARNING.observe("jvm", k.key(), k.size(), j.cls(), j.execute1(), seconds - j.launch(), true);
        b.pace().taught(Placement.LEARNING.taken() != taken, news);
        if (!b.jvmTrusted().get() && Placement.LEARNING.runsOf("jvm", k.key(), k.size()) >= Learning.TRUSTED) b.jvmTrusted().set(true);
    }

    /** Counts a run of {@code k} on the JVM that teaches nothing, until the model trusts its price there. */
    private static void counted(Below b, Kernel k) {
        if (Placement.LEARNING.counted("jvm", k.key(), k.size()) >= Learning.TRUSTED) b.jvmTrusted().set(true);
    }

    private static KernelWork doubled(KernelWork w) {
        long[] bytes = w.inputBytes().clone();
        for (int i = 0; i < bytes.length; i++) bytes[i] *= 2;
        return new KernelWork(w.elements() * 2, w.bytesRead() * 2, w.bytesWritten() * 2, w.ops(), w.needsFp64(),
                w.buffersRead(), w.written(), bytes, w.reduction(), w.matmul());
    }
}
