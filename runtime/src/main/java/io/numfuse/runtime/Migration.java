package io.numfuse.runtime;

import io.numfuse.ir.Kernel;
import io.numfuse.ir.KernelKey;
import java.util.List;

/**
 * auto's choice across the evaluations of a loop: when to move a plan's state from the host to a
 * device. The cost model prices one evaluation at a time with its inputs where they are, so a loop
 * whose state is on the host stays there when one step's copies up cost more than what the device
 * saves on that step, even when every later step would run faster there: the Laplace demo's auto
 * rows ran every 500x500 step on the JVM (212 us a step in a scope), where PoCL ran it resident in
 * 145 us. So each evaluation of a plan whose inputs and outputs are all on the host adds up
 * (ski rental):
 * <ul>
 *   <li>where the model knows the device's runs of the plan ({@link Learning#TRUSTED} of each
 *       kernel): what the device would save once the inputs are there (its steady state: launch
 *       and execution, no copies), when it is at most {@link #MARGIN} of the JVM's time. When the
 *       savings reach the copies that put the inputs there, the plan runs on the device, its
 *       outputs staying there.</li>
 *   <li>where it does not (the device never ran the plan: the shortcut for small work on the host,
 *       and the model's choice, keep it on the JVM): the JVM's time, and the plan is tried on the
 *       device when {@link #TRIAL_SHARE} of that time pays for the move (copies and a step), if
 *       the model would keep it there once its inputs are there (its resident price under the
 *       JVM's with the copies back). Its next evaluations find their inputs on the device, where
 *       the model measures it and keeps it or moves it back.</li>
 *   <li>where it knows them, and the device's steady state is not under the JVM's by the margin
 *       but within {@link #CLOSE} of it: a trial too, as an untried device's. Only the device's
 *       runs teach its price of the plan, and a plan kept on the JVM gives it none: a price learnt
 *       in a slow spell kept a loop on the JVM for good. A trial brought back doubles what the
 *       next must add up to.</li>
 * </ul>
 * A move that did not stay (the next evaluation found its inputs on the host again: the host wrote
 * them, as the selection suite's host cases do) doubles what the next move of the plan must add up
 * to, so such a plan pays a logarithmic number of moves; one that stayed asks no more of the next
 * (a new run of the loop from the host).
 *
 * <p>And back ({@link #considerBack}): the model prices one evaluation of a plan whose state is on a
 * device with the copies that would bring it to the host, so a loop the device runs slower stayed
 * there when one step's copies back cost more than the JVM saves on that step. A Mandelbrot step
 * over 316x316 float32 in a scope, moved to PoCL by a trial, ran there at 300-330 us a step
 * (the JVM target: 50 us) for good: the JVM was priced with its copies back (51.5 us a kernel)
 * against PoCL's measured 110. So the savings of the JVM's steady state add up the same way, and
 * the plan moves back once they reach the copies.
 */
final class Migration {
    private Migration() {}

    /**
     * One kernel's costs: on the JVM with its inputs on the host, on a device once they are there,
     * the copies up, whether the device's runs of it are too few to trust, whether the JVM's taught
     * its price; and the JVM's and the device's steady states without new storage (a loop's steps
     * in a scope take the storage its earlier steps freed).
     */
    record Costs(double jvm, double resident, double copies, boolean untried, boolean jvmMeasured, double jvmSteady, double residentSteady) {}

    /** A device the model knows moves a loop only when its steady state takes at most this share of the JVM's time. */
    static final double MARGIN = 0.8;

    /**
     * A device the model knows whose steady state is within this factor of the JVM's (and not
     * under it by the {@link #MARGIN}) is tried now and then, as an untried one is, as
     * {@link Placement} measures a runner-up: a trial is paid by {@link #TRIAL_SHARE} of the JVM's
     * time, and one brought back doubles the next one's wait. PoCL's price of the Laplace demo's
     * scoped step, learnt from runs beside the JIT's compilations, was 1.77 times the JVM's.
     */
    static final double CLOSE = 2;

    /** The most of a loop's time on the JVM that trying a device the model does not know (or knows near the JVM: {@link #CLOSE}) may take. */
    static final double TRIAL_SHARE = 0.02;

    /** Plans smaller than this many elements (all kernels together) are never moved: a launch costs more than such a step. */
    static final long MIN_ELEMENTS = 1 << 14;

    /** The most the moves of one plan double what the next must add up to. */
    static final double MAX_BACKOFF = 1 << 12;

    /** {@code -Dnumfuse.migration.trace=true} prints each move on stderr. */
    static final boolean TRACE = Boolean.getBoolean("numfuse.migration.trace");

    /**
     * Per plan: the savings added up since its last move or its last new run from the host
     * ({@link #consider}), the JVM's time since its last move, the backoff, whether
     * its last move is still to be confirmed, and when it was last weighed ({@link System#nanoTime}).
     */
    static final class Loop {
        /** The plan's kernels' keys (canonical). */
        final List<KernelKey> keys;
        double savings, spent, backoff = 1;
        boolean moved;
        /** Whether its last move to a device was a trial: confirmed, it asks no less of the next; brought back, the next asks twice as much. */
        boolean trial;
        long seen;
        /** The same for moves back to the host ({@link #considerBack}). */
        double backSavings, backBackoff = 1;
        boolean movedBack;
        /** Evaluations still to pass before a move back is weighed again ({@link #FAR}), and how many the next wait lasts. */
        int backUnweighed, backWait = UNWEIGHED;
        Loop(List<KernelKey> keys) { this.keys = keys; }

        /** The plan's last costs, on {@code costsOn} at the kernels' sizes {@code costsSizes}, with the model's lessons and version then. */
        private PlanCosts costs;
        private OpenClTarget costsOn;
        private long[] costsSizes = new long[0];
        private long costsLessons, costsVersion, costsDeviceRuns;

        /**
         * {@link PlanCosts#of}, kept while the model learns nothing new: looking up every
         * kernel's predictions, corrections and runs took a resident step 2-5 us at each
         * evaluation (its maps out of the caches after the kernel), and 20-40 us when its
         * predictions were weighed again. Kept once the JVM's runs are measured (runs move that
         * without a lesson, and once measured it stays so); costs of a device that has not run
         * the plan enough to be trusted ({@link PlanCosts#untried}) only while no device ran a
         * kernel ({@link Learning#deviceRuns}). Kept only once the device was trusted as well, a
         * host Mandelbrot step over 316x316 float32 that stays on the JVM looked them up at every
         * evaluation: 8 us of auto's 20 us over the JVM target's 100 (the selection suite, stop 59).
         */
        PlanCosts costs(AutoTarget auto, List<Kernel> kernels, List<KernelKey> keys, OpenClTarget d) {
            long lessons = Placement.LEARNING.lessons(), version = SmallWork.version(), deviceRuns = Placement.LEARNING.deviceRuns();
            if (costs != null && costsOn == d && costsLessons == lessons && costsVersion == version && (!costs.untried() || costsDeviceRuns == deviceRuns)
                    && sameSizes(kernels)) return costs;
            PlanCosts c = PlanCosts.of(auto, kernels, keys, d);
            boolean settled = c != null && c.jvmMeasured();
            costs = settled ? c : null;
            if (settled) {
                costsOn = d;
                costsLessons = lessons;
                costsVersion = version;
                costsDeviceRuns = deviceRuns;
                if (costsSizes.length != kernels.size()) costsSizes = new long[kernels.size()];
                for (int i = 0; i < costsSizes.length; i++) costsSizes[i] = kernels.get(i).size();
            }
            return c;
        }

        /**
         * Starts the way back afresh: a move to a device begins a new stint there, and the moves back
         * that did not stay in an earlier one (the selection suite's resident Mandelbrot case, whose
         * data the suite put back on PoCL after each, left its backoff at 64) say nothing of this one.
         * Kept, the suite's next case of the same step, moved to PoCL on a price 138 us under the
         * JVM's, needed 64 times its copies (2.34 ms) in savings to come back, and never did.
         */
        void startAfresh() {
            backSavings = 0;
            backBackoff = 1;
            backUnweighed = 0;
            backWait = UNWEIGHED;
        }

        /** Leaves the move back unweighed for the next {@link #backWait} evaluations, and the next wait twice as long ({@link #UNWEIGHED}). */
        void waitBeforeWeighingBack() {
            backUnweighed = backWait;
            backWait = Math.min(MAX_UNWEIGHED, 2 * backWait);
        }

        private boolean sameSizes(List<Kernel> kernels) {
            if (costsSizes.length != kernels.size()) return false;
            for (int i = 0; i < costsSizes.length; i++) if (costsSizes[i] != kernels.get(i).size()) return false;
            return true;
        }
    }

    /** This thread's loop of {@code keys}, made when new. */
    private static Loop loop(List<KernelKey> keys) {
        Loop l = known(keys);
        if (l == null) {
            Loops loops = LOOPS.get();
            l = new Loop(List.copyOf(keys));
            loops.byKeys.put(l.keys, l);
            loops.last = l;
        }
        return l;
    }

    /**
     * This thread's loop of {@code keys}, or null: the last one looked up when its keys are the
     * same ({@code ==}: kernel keys are canonical), else from the map. A resident step looked
     * its loop up in the map at each evaluation (hashing the keys, relinking the entry): a
     * hundredth of a resident a+b*c's time on PoCL.
     */
    private static Loop known(List<KernelKey> keys) {
        Loops loops = LOOPS.get();
        if (loops.last != null && Scheduler.sameKeys(loops.last.keys, keys)) return loops.last;
        Loop l = loops.byKeys.get(keys);
        if (l != null) loops.last = l;
        return l;
    }

    /** Moves made on this thread and not yet confirmed: while there are none, {@link #stayed} looks at nothing. */
    private static final ThreadLocal<int[]> UNCONFIRMED = ThreadLocal.withInitial(() -> new int[1]);

    /** A thread's loops, the least recently used first (a loop's step rarely evaluates more plans), and the last one looked up. */
    private static final class Loops {
        final java.util.LinkedHashMap<List<KernelKey>, Loop> byKeys = new java.util.LinkedHashMap<>(32, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(java.util.Map.Entry<List<KernelKey>, Loop> eldest) { return size() > Decisions.KEPT; }
        };
        Loop last;

        void clear() {
            byKeys.clear();
            last = null;
        }
    }

    private static final ThreadLocal<Loops> LOOPS = ThreadLocal.withInitial(Loops::new);

    /** Why the last move on this thread was made (explain). */
    private static final ThreadLocal<String> REASON = new ThreadLocal<>();

    /** Moves back weighed ({@link #considerBack} past its wait), for tests. */
    static final java.util.concurrent.atomic.AtomicLong weighedBack = new java.util.concurrent.atomic.AtomicLong();

    /** Moves made, for tests. */
    static final java.util.concurrent.atomic.AtomicLong moves = new java.util.concurrent.atomic.AtomicLong();

    /** Why this thread's last move was made. */
    static String lastReason() { return REASON.get(); }

    /**
     * The device to run {@code kernels} (one evaluation's plan, every input and output on the host
     * alone) on now, moving the loop's state there, or null to leave the choice to the model.
     */
    static OpenClTarget consider(AutoTarget auto, List<Kernel> kernels) {
        if (neverMoved(kernels)) return null;
        List<KernelKey> keys = Scheduler.keys(kernels);
        Loop l = loop(keys);
        double fed = hostFedShare(kernels, l.seen);
        l.seen = System.nanoTime();
        if (fed >= 1) {                                          // the host feeds it whole: no state of its could stay on a device
            l.savings = 0;                                       // (and no device need be weighed). The JVM's time spent stays: a trial
            return null;                                         // paid by its share over the runs of a loop (a Laplace demo's run of
        }                                                        // 100 steps, 17 ms on the JVM, paid a trial's 16.8 ms in none at backoff 2)
        if (l.movedBack) {                                       // moved back last time, and its inputs are still on the host: it stayed
            l.movedBack = false;
            l.backBackoff = 1;
        }
        if (l.moved) {                                           // moved last time, and its inputs are on the host again: it did not stay
            l.moved = false;
            UNCONFIRMED.get()[0]--;
            l.backoff = Math.min(MAX_BACKOFF, l.backoff * 2);
        }
        OpenClTarget best = null;
        double bestSaving = 0, bestCopies = 0, bestResident = 0, jvmTime = 0;
        boolean bestTrial = false, bestUntried = false;
        for (Target t : auto.candidates()) {
            if (!(t instanceof OpenClTarget d)) continue;
            PlanCosts c = l.costs(auto, kernels, keys, d);
            if (c == null) continue;
            Prospect p = Prospect.of(c, fed);
            jvmTime = c.jvm();
            if (p.worth() && (best == null || p.saving() > bestSaving)) {
                best = d;
                bestSaving = p.saving();
                bestCopies = c.copies();
                bestResident = c.resident();
                bestTrial = p.trial();
                bestUntried = c.untried();
            }
        }
        if (best == null) {
            l.savings = l.spent = 0;                             // no device is worth it: nothing to add up
            return null;
        }
        l.savings += bestSaving;
        l.spent += jvmTime;
        boolean due = bestTrial ? l.spent * TRIAL_SHARE >= (bestCopies + bestResident) * l.backoff
                                : l.savings >= bestCopies * l.backoff;
        if (!due) return null;
        for (int i = 0; i < kernels.size(); i++) {
            if (!best.canRunNow(kernels.get(i), keys.get(i))) {  // never wait for a build: ask for it, and move once built
                Background.build(best, keys);
                return null;
            }
        }
        String why = bestTrial
                ? String.format(java.util.Locale.ROOT, "a trial: the device %s, and %s on the JVM since pays for the move",
                        bestUntried ? "has not run it" : "is priced near the JVM", Placement.seconds(l.spent))
                : String.format(java.util.Locale.ROOT, "its steps would save %s there, more than the copies: %s", Placement.seconds(bestSaving), Placement.seconds(bestCopies));
        REASON.set(why);
        if (TRACE) System.err.printf("numfuse: migration: %d kernels to %s: %s (backoff %.0f)%n", kernels.size(), best.name(), why, l.backoff);
        l.savings = l.spent = 0;
        l.moved = true;
        l.trial = bestTrial;
        l.startAfresh();
        UNCONFIRMED.get()[0]++;
        moves.incrementAndGet();
        return best;
    }

    /**
     * True when {@code kernels} (one evaluation's plan, its inputs not all on the host) should run
     * on the JVM now, bringing the loop's state back to the host: every input is current on one
     * device, some on it alone; the model knows both sides (each kernel's runs there and on the
     * JVM are {@link Learning#TRUSTED}); the JVM's steady state (its inputs on the host, its new
     * storage the spares its earlier steps left: a JVM run from the device's state takes new
     * arrays, 49.9 us over 400 KB here, which a step in a scope on the host does not) takes at
     * most {@link #MARGIN} of the device's (less than the device's after a trial); and what it
     * would have saved since the plan's last move, evaluation by evaluation, reaches the copies
     * back (priced as the copies up: the two ways of the link are priced alike) times the plan's
     * backoff. A move back that did not stay (the next evaluation found the inputs on the device
     * again: a device kernel wrote them, as the selection suite's resident cases do) doubles the
     * backoff, as {@link #consider} does; a move back after a trial doubles the next trial's.
     */
    static boolean considerBack(AutoTarget auto, List<Kernel> kernels, List<KernelKey> keys) {
        return !waitsToWeighBack(kernels, keys) && weighBack(auto, kernels, keys);
    }

    /**
     * True, counting the evaluation, when {@link #considerBack} weighs nothing for {@code kernels}
     * now: a plan too small ever to move, or one far from worth it when last weighed, or whose JVM
     * side was untrusted, while its wait goes on (a move back, which sets movedBack, leaves the
     * wait at 0). False, counting nothing, when it weighs a move back ({@link #weighBack}).
     */
    static boolean waitsToWeighBack(List<Kernel> kernels, List<KernelKey> keys) {
        if (neverMoved(kernels)) return true;
        Loop known = known(keys);
        if (known != null && known.backUnweighed > 0) {
            known.backUnweighed--;
            return true;
        }
        return false;
    }

    /** {@link #considerBack} past its wait ({@link #waitsToWeighBack}): weighs the move back. */
    static boolean weighBack(AutoTarget auto, List<Kernel> kernels, List<KernelKey> keys) {
        Loop known = known(keys);
        OpenClTarget d = residentDevice(auto, kernels);
        if (d == null) return false;
        weighedBack.incrementAndGet();
        Loop l = known != null ? known : loop(keys);
        if (l.movedBack) {                                       // moved back last time, and its inputs are on the device again: it did not stay
            l.movedBack = false;
            l.backBackoff = Math.min(MAX_BACKOFF, l.backBackoff * 2);
        }
        // each kernel's runs, on both sides, looked up before its prices: a resident plan whose JVM
        // side was never measured (the JVM far slower: a runner-up measured rarely) worked out its
        // costs at every evaluation to find that out, 20-30 us of a 250 us call
        if (!ranOnBothSides(kernels, keys, d)) {
            // its JVM side runs only as a runner-up measured now and then: looked at again later
            // (looked up at every evaluation, a resident a+b*c's runs on both sides took 2-3 us of
            // a 250 us call)
            l.backSavings = 0;
            l.waitBeforeWeighingBack();
            return false;
        }
        PlanCosts c = l.costs(auto, kernels, keys, d);   // tried on both sides (above): only a kernel the device cannot run leaves it null
        if (c == null) {
            l.backSavings = 0;
            return false;
        }
        double jvm = c.jvmSteady(), resident = c.residentSteady(), copies = c.copies(), saved = c.savedBack(l.trial);
        if (!(saved > 0)) {
            l.backSavings = 0;
            if (jvm >= FAR * MARGIN * resident) l.waitBeforeWeighingBack();
            else l.backWait = UNWEIGHED;                         // near: weighed again soon
            return false;
        }
        l.backWait = UNWEIGHED;
        l.backSavings += saved;
        if (l.backSavings < copies * l.backBackoff) return false;
        String why = String.format(java.util.Locale.ROOT, "its steps would save %s on the JVM, more than the copies back: %s",
                Placement.seconds(saved), Placement.seconds(copies));
        REASON.set(why);
        if (TRACE) System.err.printf("numfuse: migration: %d kernels back to the host from %s: %s (backoff %.0f)%n", kernels.size(), d.name(), why, l.backBackoff);
        l.backSavings = 0;
        l.movedBack = true;
        if (l.trial) l.backoff = Math.min(MAX_BACKOFF, l.backoff * 2);   // a trial that did not pay: the next waits twice as long
        l.trial = false;
        moves.incrementAndGet();
        return true;
    }

    /**
     * A plan whose JVM steady state, last weighed, took at least this many times what a move back
     * needs ({@link #MARGIN} of the device's), or whose JVM side was not yet trusted, is not
     * weighed again for {@link #UNWEIGHED} of its evaluations (resident or not), each of which
     * looks up the loop's counter alone: its corrections would have to move by that factor to
     * make a move back worth it (and a JVM side runs only as a runner-up measured now and then),
     * and weighing it again after each lesson (a resident 10^6-element a+b*c on PoCL, three times
     * faster there, learnt one every few evaluations) cost 20-30 us each time.
     */
    static final double FAR = 1.5;
    static final int UNWEIGHED = 16;

    /**
     * The longest wait of {@link #UNWEIGHED}'s kind: each wait after a weighing that found the move
     * back far again, or the JVM's side still untrusted, is twice the one before, up to this many
     * evaluations; a weighing that finds it near starts again from {@link #UNWEIGHED}. Weighed
     * every 17th evaluation, a resident a+b*c over 10^6 float32 on PoCL (the JVM four times
     * slower with its copies) spent 70-90 us a weighing on it (its code barely compiled, the
     * model's lessons since the last weighing looked up again): 6-9 us an evaluation of 250-290 us.
     */
    static final int MAX_UNWEIGHED = 1024;

    /** True when each kernel of the plan ran often enough on the JVM and on {@code d} for the model to trust its runs there. */
    private static boolean ranOnBothSides(List<Kernel> kernels, List<KernelKey> keys, OpenClTarget d) {
        for (int i = 0; i < kernels.size(); i++) {
            long n = kernels.get(i).size();
            if (Placement.LEARNING.runsOf("jvm", keys.get(i), n) < Learning.TRUSTED
                    || Placement.LEARNING.runsOf(d.name(), keys.get(i), n) < Learning.TRUSTED) return false;
        }
        return true;
    }

    /** The device holding every input of {@code kernels} current, some of them there alone; null when none does. */
    private static OpenClTarget residentDevice(AutoTarget auto, List<Kernel> kernels) {
        String at = null;
        List<java.util.Set<String>> all = new java.util.ArrayList<>();   // where each input is, asked once
        for (Kernel k : kernels) {
            for (var in : k.inputs()) {
                java.util.Set<String> where = DeviceCopies.currentAt(in.buffer());
                all.add(where);
                if (where.contains("jvm")) continue;               // not on a device alone
                if (where.size() != 1) return null;
                String dev = where.iterator().next();
                if (at != null && !at.equals(dev)) return null;
                at = dev;
            }
        }
        if (at == null) return null;
        for (java.util.Set<String> where : all) if (!where.contains(at)) return null;
        for (Target t : auto.candidates()) if (t instanceof OpenClTarget d && d.name().equals(at)) return d;
        return null;
    }

    /** True for a plan too small ever to be moved ({@link #MIN_ELEMENTS}). */
    static boolean neverMoved(List<Kernel> kernels) { return elements(kernels) < MIN_ELEMENTS; }

    /**
     * {@code kernels} write on the host, as they will again (a host target named for them, or too
     * small to move): their outputs are host-fed for the plans that read them ({@link #hostFedShare}).
     */
    static void hostWrote(List<Kernel> kernels) {
        for (Kernel k : kernels) for (var o : k.outputs()) o.buffer().hostWrote();
    }

    /**
     * The share of the bytes a plan reads that the host wrote after {@code since} (a time, {@link
     * System#nanoTime}; 0: ever): the inputs it feeds a loop with, which a device running the loop
     * would take again at every step. A plan the host feeds whole is not moved.
     */
    static double hostFedShare(List<Kernel> kernels, long since) {
        double fed = 0, all = 0;
        for (Kernel k : kernels) {
            for (var in : k.inputs()) {
                var b = in.buffer();
                double bytes = (double) b.length() * b.dtype().itemSize();
                all += bytes;
                long at = b.hostWrittenAt();
                if (at != 0 && (since == 0 || at - since > 0)) fed += bytes;
            }
        }
        return all > 0 ? fed / all : 0;
    }

    /** The elements of a plan's kernels together. */
    private static long elements(List<Kernel> kernels) {
        long elements = 0;
        for (Kernel k : kernels) elements += k.size();
        return elements;
    }

    /**
     * What a device's {@link PlanCosts} for a plan make of a move there ({@link #consider}), with
     * {@code fed} the share of its inputs the host feeds it at each step: whether it is worth one,
     * whether that one is a trial (paid by {@link #TRIAL_SHARE} of the JVM's time) or a known
     * saving of {@code saving} a step (paid by the savings adding up to the copies).
     */
    record Prospect(boolean worth, boolean trial, double saving) {
        static Prospect of(PlanCosts c, double fed) {
            double jvm = c.jvm(), resident = c.resident(), copies = c.copies(), fedCopies = copies * fed;
            boolean untried = c.untried(), known = !untried && c.residentSteady() + fedCopies <= MARGIN * c.jvmSteady();
            // only where one step with its copies goes to the JVM (else the model moves it itself);
            // untried: worth a trial if, once there, the model would keep it there; known: if it saves enough
            // (a trial spends a share of the JVM's time: only once the JVM's runs of the plan taught its price there;
            // runs under 50 us teach nothing, and a Mandelbrot step over 316x316 priced at several times its 54 us
            // paid trials at 1.7 times its time)
            // (known: the steady states without new storage, as the way back weighs them, so that the
            // two never both hold: a plan moved to PoCL on the JVM's price with new arrays, 50 us over
            // 400 KB, and back on its price without them, a dozen times in 15 s of a Mandelbrot loop)
            // (the inputs the host wrote since the last evaluation are copied up at every step there:
            // a plan the host feeds, as the selection suite's host cases, moved to PoCL and back
            // one to five times a case, each move its copies and a run there for nothing)
            // (close: known, not cheaper there by the margin, but within CLOSE of the JVM: a trial too.
            // The device's price of it is learnt only from its runs there, and nothing else runs it
            // there: a price learnt in a slow spell kept the Laplace demo's scoped loop on the JVM,
            // at 167-177 us a step, for the whole run, PoCL priced at 140 us and, in another run
            // (its runs beside the JIT's compilations), at 314 us, where it runs the step in 50-80)
            // (and only where the host feeds it nothing: its inputs' copies at every step are the link's, priced apart)
            boolean close = !untried && !known && fed == 0 && c.residentSteady() < CLOSE * c.jvmSteady();
            // (known or close: where one step with its copies up and back goes to the JVM. The model prices
            // a step whose results the host holds with their copies back: a Laplace demo's scoped step,
            // priced here at 263 us on PoCL with its copies up alone, under the JVM's 290, was left to a
            // model that priced it at 730 us with both, and it ran on the JVM for the whole run)
            boolean worth = untried ? resident + copies > jvm && c.jvmMeasured() && resident + fedCopies <= jvm + copies - fedCopies
                                    : resident + 2 * copies > jvm && (known || close);
            return new Prospect(worth, worth && !known, known ? c.jvmSteady() - c.residentSteady() - fedCopies : 0);
        }
    }

    /**
     * A plan's {@link Costs} on device {@code d}, its kernels' together: untried when the device's
     * runs of any kernel are too few to trust, measured when the JVM's runs of every kernel taught
     * its price; null when the device cannot run one of them.
     */
    record PlanCosts(double jvm, double resident, double copies, double jvmSteady, double residentSteady, boolean untried, boolean jvmMeasured) {
        static PlanCosts of(AutoTarget auto, List<Kernel> kernels, List<KernelKey> keys, OpenClTarget d) {
            double jvm = 0, resident = 0, copies = 0, jvmSteady = 0, residentSteady = 0;
            boolean untried = false, measured = true;
            for (int i = 0; i < kernels.size(); i++) {
                Costs c = d.supports(keys.get(i)) ? SmallWork.costs(auto, kernels.get(i), keys.get(i), d.name()) : null;
                if (c == null) return null;
                jvm += c.jvm();
                resident += c.resident();
                copies += c.copies();
                jvmSteady += c.jvmSteady();
                residentSteady += c.residentSteady();
                untried |= c.untried();
                measured &= c.jvmMeasured();
            }
            return new PlanCosts(jvm, resident, copies, jvmSteady, residentSteady, untried, measured);
        }

        /**
         * What the JVM's steady state saves a step over the device's when a move back is worth
         * weighing ({@link #considerBack}: the JVM at most {@link #MARGIN} of the device's, or, after
         * a trial, under it at all), else 0. After a trial the margin would keep the loop on a
         * device priced near the JVM, not under it: a Mandelbrot step over 1000x1000 float32 moved
         * by a trial ran on PoCL at 407 us a step, the JVM's 346, for the rest of a suite case.
         */
        double savedBack(boolean afterTrial) {
            return jvmSteady <= (afterTrial ? 1 : MARGIN) * residentSteady ? residentSteady - jvmSteady : 0;
        }
    }

    /** True when no move made on this thread waits to be confirmed ({@link #stayed} would look at nothing). */
    static boolean nothingToConfirm() { return UNCONFIRMED.get()[0] == 0; }

    /**
     * An evaluation of {@code kernels} that was not moved, placed by the model ({@code p}): when its
     * plan was moved the time before and it runs on the device now (not so when its inputs are all
     * on the host, {@code hostOnly}, or {@code p} put one of its kernels on the JVM), the move
     * stayed, and the next move of the plan (a new run of the loop from the host) asks no more
     * than the first; the placement is looked at only when a move waits to be confirmed. A loop whose
     * state the host reads after each step keeps device copies that are current but runs its next
     * step on the JVM: counted as staying, it was moved again every five steps (a Laplace step over
     * 2000x2000 float64, 20 runs a second on PoCL at 11.6 ms each, its JVM step 2.8 ms).
     */
    static void stayed(List<Kernel> kernels, boolean hostOnly, Placement p) {
        int[] open = UNCONFIRMED.get();
        // most evaluations: no move to confirm. A runner-up measured on the device confirms nothing
        // either: the model would not have run it there (right after a move of a loop whose state
        // the host reads after each step, one such measurement reset the backoff, and the loop was
        // moved again at its first due: MigrationTest's backoffs 1, 1, 2 instead of 1, 2, 4)
        if (open[0] == 0 || hostOnly || runsOnJvm(p, kernels.size()) || p.measuresRunnerUp()) return;
        Loop l = known(Scheduler.keys(kernels));
        if (l != null && l.moved) {
            l.moved = false;
            open[0]--;
            if (!l.trial) l.backoff = 1;                         // a trial is confirmed by the way back not being taken
        }
    }

    /** True when {@code p} runs one of its {@code n} kernels on the JVM. */
    private static boolean runsOnJvm(Placement p, int n) {
        for (int i = 0; i < n; i++) if (p.target(i) == JvmTarget.INSTANCE) return true;
        return false;
    }

    /** What the next move of {@code keys}' plan on this thread must add up to, in copies (tests); 1 for a plan never seen. */
    static double backoff(List<KernelKey> keys) {
        Loop l = known(keys);
        return l == null ? 1 : l.backoff;
    }

    /** What the next move back of {@code keys}' plan on this thread must add up to, in copies (tests); 1 for a plan never seen. */
    static double backBackoff(List<KernelKey> keys) {
        Loop l = known(keys);
        return l == null ? 1 : l.backBackoff;
    }

    /** Sets the backoff of {@code keys}' plan's moves back on this thread, as moves back that did not stay would have (tests). */
    static void backBackoffForTests(List<KernelKey> keys, double backoff) { loop(keys).backBackoff = backoff; }

    /** Forgets this thread's loops (tests). */
    static void forget() {
        LOOPS.get().clear();
        UNCONFIRMED.get()[0] = 0;
    }
}
