package io.numfuse.runtime;

import io.numfuse.ir.Kernel;
import io.numfuse.ir.KernelKey;
import io.numfuse.ir.View;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * auto's recent decisions on each thread, one per plan (its kernels' keys), reused while nothing
 * each rests on has changed: a loop that evaluates the same kernels over arrays of the same sizes,
 * with their inputs in the same places, gets the same placement without working it out again
 * (which took 4-12 µs: as much as a small kernel on a device). A thread keeps its last
 * {@value #KEPT} plans: a loop whose step evaluates several (a Mandelbrot step in a scope writes
 * its counts, then z's imaginary part, then its real part: three plans) reuses each. With one
 * decision kept per thread, each of the three found the other's and decided afresh, every
 * evaluation, at 100-300 µs each (its code barely compiled), a fifth of the step's time.
 *
 * <p>What a decision rests on: the kernels' keys and iteration spaces, each input buffer's length
 * and where its current values are, whether the host reads the result, and the model's version
 * ({@link SmallWork#version}: profiles, builds and corrections move it). A decision is kept only
 * when the model had nothing to explore (no close runner-up it still has to measure), so reusing
 * it never skips a measurement the model asked for. Now and then a kept decision looks at its
 * runner-up, as a fresh decision would, so that a runner-up is measured now and then
 * ({@link Placement#againOrMeasure}, {@link Learning#exploreFar}, {@link RunnerUps#withinShare}):
 * after {@link Learning#RETRY} reuses at least, and once {@link #FRESH_EVERY} times what deciding
 * took has passed since its last look (on the wall clock: a look is where a far runner-up is
 * drawn, and on the plan's own time, {@link RunnerUps.Clock}, looks came four times rarer in the
 * selection suite, which runs a row a quarter of the time; a resident Mandelbrot step that a
 * storage price wrong for it had put on the JVM stayed there at 2.6 times PoCL's time for 288
 * evaluations; what a measurement may take is bounded by the runner-up's share of the plan's
 * time), and {@link #LOOK_PLAN_EVERY} times it of the plan's own time; one look in
 * {@link #LOOKS} decides afresh.
 */
final class Decisions {
    private Decisions() {}

    /**
     * A kept decision and what it rests on; {@code device}: the one device it runs every kernel on
     * when some input was on a device only or on one besides the host (so its plan is not the
     * host's alone), else null: what a reuse without the rest of auto's path needs ({@link #keptOnDevice}).
     */
    private record Memo(long version, int threads, int[][] shapes, int[][] lengths, Set<?>[][] residency, Placement placement, int[] reuses,
                        long[] since, double[] planAt, int[] looks, long costNanos, LearningPace pace, OpenClTarget device) {}

    /** A kept decision is made afresh at one of this many of its periodic looks at its runner-up (the others reuse the choice it rests on). */
    static final int LOOKS = 8;

    /**
     * A kept decision's look at its runner-up waits for evaluations that took this many times what
     * deciding took (at most 2% of the time in looks and fresh decisions). A fresh decision's code
     * runs rarely, so the JIT leaves it barely compiled: one took 100-300 us where a reused one
     * took 2-5 us, and deciding afresh every 16th evaluation of a 60 us kernel on PoCL was 10-20%
     * of auto's time.
     */
    static final int FRESH_EVERY = 50;

    /**
     * A kept decision's look at its runner-up also waits for this many times what deciding took
     * of the plan's own time ({@link RunnerUps.Clock}), so that its looks and fresh decisions stay
     * a small share of the plan's time when the plan gets a small share of the wall clock. In
     * the bench's resident rows (other rows, and a collection before each sample, between a plan's
     * evaluations) a resident a+b*c over 10^6 float32 on PoCL looked every 16-44 reuses, 63-200 ms
     * apart on the wall clock: a look's evaluation took 770-840 us against 260-310 us, a fresh
     * decision (one look in eight) 2.7-3.5 ms (deciding 1.5-1.9 ms, its code cold), 35-50 us of
     * each evaluation on average, and auto's row took 1.12-1.32 times opencl:0's.
     */
    static final int LOOK_PLAN_EVERY = 25;

    /** The plans a thread keeps decisions for: a loop's step rarely evaluates more. */
    static final int KEPT = 16;

    /** A plan: the kernels' keys, and what the decision is for (auto's policy and devices, whether the host reads the result). */
    private record Plan(AutoTarget auto, boolean resultToHost, List<KernelKey> keys) {}

    /**
     * A thread's kept decisions, the least recently used first, and the last one it reused: a
     * loop whose step is one plan finds it again by comparing the kernels' canonical keys
     * ({@link KernelKey#canonical}) with {@code ==}, without hashing the plan into the map (after
     * a streaming kernel each step of a lookup waits for memory: 2-3 us of a resident a+b*c's
     * 250 us call on PoCL).
     */
    private static final class Kept {
        final java.util.LinkedHashMap<Plan, Memo> byPlan = new java.util.LinkedHashMap<>(KEPT * 2, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(java.util.Map.Entry<Plan, Memo> eldest) { return size() > KEPT; }
        };
        Plan last;
        Memo lastMemo;

        /** The last decision reused or kept when it is for this plan, else null. */
        Memo last(AutoTarget auto, boolean resultToHost, List<KernelKey> keys) {
            Plan l = last;
            return l != null && l.auto() == auto && l.resultToHost() == resultToHost && Scheduler.sameKeys(l.keys(), keys) ? lastMemo : null;
        }

        void clear() {
            byPlan.clear();
            last = null;
            lastMemo = null;
        }
    }

    private static final ThreadLocal<Kept> KEPT_BY_PLAN = ThreadLocal.withInitial(Kept::new);

    /** {@code -Dnumfuse.decisions.trace=true}: why a kept decision was not reused, and who forgot the kept ones, on standard error. */
    static final boolean TRACE = Boolean.getBoolean("numfuse.decisions.trace");

    private static Placement notReused(String why) {
        if (TRACE) System.err.println("numfuse: decisions: decided afresh: " + why);
        return null;
    }
    /** Decisions reused, for tests. */
    static final java.util.concurrent.atomic.AtomicLong reused = new java.util.concurrent.atomic.AtomicLong();

    /** The kept decision for these kernels, or null when there is none or something it rests on changed. */
    static Placement reuse(List<Kernel> kernels, List<KernelKey> keys, AutoTarget auto, boolean resultToHost) {
        Memo m = find(KEPT_BY_PLAN.get(), keys, auto, resultToHost);
        if (m == null) return notReused("none kept for the plan");
        String changed = changed(m, kernels);
        if (changed != null) return notReused(changed);
        Placement p = reused(m, kernels, keys, false);
        return p != null ? p : notReused("a periodic look");
    }

    /**
     * Kept decision {@code kept}, which {@link #keptOnDevice} found for {@code kernels}, reused:
     * this evaluation's placement, or the decision itself ({@link Placement#isKept}) when it
     * teaches nothing and looks at nothing, to run without a placement of its own
     * ({@link Scheduler#runQuietly}). Null when it is no longer the thread's last (the caller
     * then decides as the whole path does).
     */
    static Placement reuseKept(Placement kept, List<Kernel> kernels, List<KernelKey> keys) {
        Memo m = KEPT_BY_PLAN.get().lastMemo;
        return m == null || m.placement() != kept ? null : reused(m, kernels, keys, true);
    }

    /**
     * {@code m} reused for {@code kernels}: this evaluation's placement, or null when it is made
     * afresh (one periodic look in {@link #LOOKS}); {@code mayRunQuietly}: the decision itself
     * when the evaluation teaches nothing and looks at nothing.
     */
    private static Placement reused(Memo m, List<Kernel> kernels, List<KernelKey> keys, boolean mayRunQuietly) {
        int reuses = ++m.reuses()[0];
        if (lookDue(m, reuses)) {
            // now and then its runner-up may be measured, as a fresh decision would (at the cost of
            // a look at it), and one time in LOOKS it is decided afresh, with what the model learnt
            if (++m.looks()[0] % LOOKS == 0) return null;
            double plan = m.placement().planSeconds();
            looked.incrementAndGet();
            lastLook = new double[] { plan - m.planAt()[0], m.costNanos() / 1e9 };
            m.since()[0] = System.nanoTime();
            m.planAt()[0] = plan;
            m.reuses()[0] = 0;
            reused.incrementAndGet();
            return m.placement().againOrMeasure(kernels, keys, m.pace());
        }
        reused.incrementAndGet();
        boolean learns = m.pace().learns();
        if (mayRunQuietly && !learns) {
            quietRuns.incrementAndGet();
            return m.placement();
        }
        return m.placement().again(kernels, keys, m.pace(), learns);
    }

    /** The decision {@code kept} keeps for the plan of {@code keys}, now its last one; null when none. */
    private static Memo find(Kept kept, List<KernelKey> keys, AutoTarget auto, boolean resultToHost) {
        Memo m = kept.last(auto, resultToHost, keys);
        if (m != null || kept.byPlan.isEmpty()) return m;
        m = kept.byPlan.get(new Plan(auto, resultToHost, keys));
        if (m != null) {
            kept.last = new Plan(auto, resultToHost, List.copyOf(keys));
            kept.lastMemo = m;
        }
        return m;
    }

    /** What changed of what kept decision {@code m} rests on, for {@code kernels} (the plan's), or null when nothing did. */
    private static String changed(Memo m, List<Kernel> kernels) {
        if (m.version() != SmallWork.version()) return "the model's version moved";   // made before the model moved (keep replaces it)
        if (m.threads() != WorkerPool.threads()) return "the JVM's threads changed";
        for (int i = 0; i < kernels.size(); i++) {
            Kernel k = kernels.get(i);
            if (!Arrays.equals(m.shapes()[i], k.shape())) return "another shape";
            List<View> in = k.inputs();
            for (int j = 0; j < in.size(); j++) {
                if (m.lengths()[i][j] != in.get(j).buffer().length() || !DeviceCopies.currentAt(in.get(j).buffer(), m.residency()[i][j])) {
                    return "an input's length or place changed";
                }
            }
        }
        return null;
    }

    /** True when {@code m}'s reuse number {@code reuses} looks at its runner-up (see the class comment). */
    private static boolean lookDue(Memo m, int reuses) {
        return reuses >= Learning.RETRY && System.nanoTime() - m.since()[0] >= FRESH_EVERY * m.costNanos()
                && m.placement().planSeconds() - m.planAt()[0] >= LOOK_PLAN_EVERY * m.costNanos() / 1e9;
    }

    /**
     * The thread's kept decision for the plan of {@code keys}, counting nothing, when this
     * evaluation of {@code kernels} may reuse it without the rest of auto's path: the decision
     * runs every kernel on one device and some input is off the host (so that the host's moves of
     * a loop are not weighed: {@link Migration#consider}), nothing it rests on changed, it is not
     * made afresh now, and no move waits to be confirmed ({@link Migration#stayed}). The caller
     * then weighs a move back to the host ({@link Migration#considerBack}), as the whole path
     * does, and reuses the decision ({@link #reuseKept}), which runs quietly when it teaches and
     * looks at nothing. A resident a+b*c over 10^6 float32 on PoCL called after a full
     * collection (which arms every compiled method's entry barrier: 4-6 us at each one's first
     * call after it, here) took 29 us more than the named device's call so (two runs of three;
     * 126 in the third), against 42-58 us (146) on the whole path.
     */
    static Placement keptOnDevice(List<Kernel> kernels, List<KernelKey> keys, AutoTarget auto, boolean resultToHost) {
        Memo m = find(KEPT_BY_PLAN.get(), keys, auto, resultToHost);   // a step of several plans finds each
        if (m == null || m.device() == null || changed(m, kernels) != null || !Migration.nothingToConfirm()) return null;
        return lookDue(m, m.reuses()[0] + 1) && (m.looks()[0] + 1) % LOOKS == 0 ? null : m.placement();   // made afresh: the whole path
    }

    /** Looks at a runner-up taken, and the last one's plan time since the one before and the cost it was weighed against (seconds), for tests. */
    static final java.util.concurrent.atomic.AtomicLong looked = new java.util.concurrent.atomic.AtomicLong();
    static volatile double[] lastLook;

    /** Evaluations that ran quietly ({@link Scheduler#runQuietly}), for tests. */
    static final java.util.concurrent.atomic.AtomicLong quietRuns = new java.util.concurrent.atomic.AtomicLong();

    /** The pace of learning of this thread's last decision kept or reused, or null (for tests). */
    static LearningPace lastPace() {
        Memo m = KEPT_BY_PLAN.get().lastMemo;
        return m == null ? null : m.pace();
    }

    /** This thread's last decision kept or reused, or null (for tests). */
    static Placement lastKept() {
        Memo m = KEPT_BY_PLAN.get().lastMemo;
        return m == null ? null : m.placement();
    }

    /** Drops this thread's kept decisions (a run far from its prediction: the model has learnt something that may move any of them). */
    static void forget() {
        if (TRACE) System.err.println("numfuse: decisions: forgotten at " + StackWalker.getInstance().walk(f -> f.skip(1).findFirst().map(Object::toString).orElse("?")));
        KEPT_BY_PLAN.get().clear();
    }

    /** Drops this thread's kept decision for the plan of {@code keys} (its own kernel's correction moved). */
    static void forget(List<KernelKey> keys) {
        if (TRACE) System.err.println("numfuse: decisions: a plan's forgotten (its correction moved)");
        Kept kept = KEPT_BY_PLAN.get();
        kept.byPlan.keySet().removeIf(p -> p.keys().equals(keys));
        if (kept.last != null && kept.last.keys().equals(keys)) {
            kept.last = null;
            kept.lastMemo = null;
        }
    }

    /** The one device {@code p} runs every kernel on, when some input ({@code residency}) is not on the host alone; else null. */
    private static OpenClTarget quietDevice(Placement p, Set<?>[][] residency) {
        if (!(p.target(0) instanceof OpenClTarget d)) return null;
        for (int i = 1; i < p.chosen.length; i++) if (p.target(i) != d) return null;
        for (Set<?>[] in : residency) for (Set<?> at : in) if (!at.equals(DeviceCopies.ON_HOST)) return d;
        return null;
    }

    /**
     * Keeps {@code p}, made for {@code kernels} at model version {@code version} in
     * {@code costNanos}, for the next evaluations on this thread.
     */
    static void keep(Placement p, List<Kernel> kernels, List<KernelKey> keys, AutoTarget auto, boolean resultToHost, long version, long costNanos) {
        int n = kernels.size();
        int[][] shapes = new int[n][], lengths = new int[n][];
        Set<?>[][] residency = new Set<?>[n][];
        for (int i = 0; i < n; i++) {
            Kernel k = kernels.get(i);
            shapes[i] = k.shape().clone();
            List<View> in = k.inputs();
            lengths[i] = new int[in.size()];
            residency[i] = new Set<?>[in.size()];
            for (int j = 0; j < in.size(); j++) {
                lengths[i][j] = in.get(j).buffer().length();
                residency[i][j] = DeviceCopies.currentAt(in.get(j).buffer());
            }
        }
        Kept kept = KEPT_BY_PLAN.get();
        Plan plan = new Plan(auto, resultToHost, List.copyOf(keys));
        Memo before = kept.byPlan.get(plan);
        // the same choice decided afresh (a periodic look, or the model's version moved) keeps its
        // pace of learning: started again at one run in four at each, a resident a+b*c over 10^6
        // float32 on PoCL, decided afresh every 170 evaluations or so, learnt from one in four
        LearningPace pace = before != null && Arrays.equals(before.placement().chosen, p.chosen) ? before.pace()
                : new LearningPace(0, Placement.LEARN_ONE_IN, Placement.LEARN_AT_MOST_ONE_IN);
        Memo m = new Memo(version, WorkerPool.threads(), shapes, lengths, residency, p, new int[1], new long[] { System.nanoTime() }, new double[] { p.planSeconds() },
                before != null ? before.looks() : new int[1], costNanos, pace, quietDevice(p, residency));
        kept.byPlan.put(plan, m);
        kept.last = plan;
        kept.lastMemo = m;
    }
}
