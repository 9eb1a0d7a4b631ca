package io.numfuse.runtime;

import static io.numfuse.runtime.SchedulerTest.LAUNCH;
import static io.numfuse.runtime.SchedulerTest.SLOW_JVM;
import static io.numfuse.runtime.SchedulerTest.fastDevice;
import static io.numfuse.runtime.SchedulerTest.heavy;
import static io.numfuse.runtime.SchedulerTest.ran;
import static org.junit.jupiter.api.Assertions.*;

import io.numfuse.ir.Buffer;
import io.numfuse.ir.Graph;
import io.numfuse.ir.Node;
import io.numfuse.ir.Op;
import io.numfuse.ir.View;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link Decisions}: what auto keeps of a decision across evaluations, on this machine's OpenCL
 * device with profiles a test gives (moved out of {@link SchedulerTest}, whose helpers it uses):
 * a loop's evaluations reuse it, a measurement of the runner-up is never kept, a kept decision
 * looks at its runner-up without deciding afresh and holds no array.
 */
class DecisionsTest extends AutoTests {
    /**
     * A run of the runner-up to measure it is never kept as the decision: the next evaluation
     * decides afresh (a kept exploration ran up to 16 evaluations on the slower target).
     */
    @Test
    void anExplorationIsNeverKeptAsTheDecision() {
        OpenClTarget d = OpenClTests.first();
        Profiles.forTests = Map.of("jvm", SLOW_JVM, d.name(), fastDevice(d.name()).toBuilder().launchSeconds(LAUNCH).build());
        int n = 1 << 14;
        long nonce = System.nanoTime();
        Executor.evaluate(heavy(n, nonce, 0.5), null, AutoTarget.FASTEST);
        Background.drain();
        int explored = 0;
        for (int i = 0; i < 400 && explored < 3; i++) {
            Decisions.forget();                                  // a fresh decision: one draw of the runner-up each
            Executor.evaluate(heavy(n, nonce, 0.5), null, AutoTarget.FASTEST);
            if (!LastPlacement.last().reasons[0].startsWith("measuring")) continue;
            explored++;
            long before = Decisions.reused.get();
            Executor.evaluate(heavy(n, nonce, 0.5), null, AutoTarget.FASTEST);
            assertEquals(before, Decisions.reused.get(), "the evaluation after a measurement decides afresh: " + LastPlacement.last().describe());
        }
        assertTrue(explored > 0, "the runner-up was measured: " + LastPlacement.last().describe());
    }

    /**
     * With a JVM slower than device {@code d} at everything, runs {@code evaluation} once, waits
     * for the background builds, then 40 times more: past exploration, corrections settled.
     */
    private static void settledOnAFastDevice(OpenClTarget d, Runnable evaluation) {
        Profiles.forTests = Map.of("jvm", SLOW_JVM, d.name(), fastDevice(d.name()));
        evaluation.run();
        Background.drain();
        for (int i = 0; i < 40; i++) evaluation.run();
    }

    /**
     * A kept decision keeps no array alive: it held the kernels and works of the evaluation that
     * made it, and with them that evaluation's input and result (and their device copies), for as
     * long as it was kept, after the user had dropped them.
     */
    @Test
    void aKeptDecisionKeepsNoArrayAlive() throws Exception {
        OpenClTarget d = OpenClTests.first();
        long nonce = System.nanoTime();
        int n = 1 << 16;
        java.util.List<java.lang.ref.WeakReference<Buffer>> results = new java.util.ArrayList<>();
        long reused = Decisions.reused.get();
        settledOnAFastDevice(d, () -> results.add(new java.lang.ref.WeakReference<>(
                Executor.evaluate(heavy(n, nonce, 0.5), null, AutoTarget.FASTEST).buffer())));
        assertTrue(Decisions.reused.get() > reused, "the decision was kept");
        Executor.evaluate(heavy(1000, nonce + 1, 0.5), null, JvmTarget.INSTANCE);   // the thread's last placement: another plan's
        LastPlacement.record(null);
        for (int i = 0; i < 20 && results.stream().anyMatch(r -> r.get() != null); i++) {
            System.gc();
            Thread.sleep(20);
        }
        long alive = results.stream().filter(r -> r.get() != null).count();
        assertEquals(0, alive, alive + " of " + results.size() + " dropped results still alive");
    }

    /** A loop's evaluations reuse auto's decision while the kernels, sizes and residency stay; any change decides afresh. */
    @Test
    void aRepeatedEvaluationReusesTheDecisionUntilWhatItRestsOnChanges() {
        OpenClTarget d = OpenClTests.first();
        long nonce = System.nanoTime();
        int n = 1 << 16;
        settledOnAFastDevice(d, () -> Executor.evaluate(heavy(n, nonce, 0.5), null, AutoTarget.FASTEST));
        long before = Decisions.reused.get();
        // a fresh decision comes after 16 reuses at least (Decisions): of three evaluations, two at least reuse
        var ran = ran(() -> { for (int i = 0; i < 3; i++) Executor.evaluate(heavy(n, nonce, 0.5), null, AutoTarget.FASTEST); });
        assertTrue(Decisions.reused.get() - before >= 2, "the same kernel over arrays of the same size: " + (Decisions.reused.get() - before) + " of 3 reused");
        assertEquals(Map.of(d.name(), 3L), ran);
        before = Decisions.reused.get();
        Executor.evaluate(heavy(n / 2, nonce, 0.5), null, AutoTarget.FASTEST);
        assertEquals(before, Decisions.reused.get(), "another size is decided afresh");
        Buffer onDevice = Executor.evaluate(heavy(n / 2, nonce, 0.5), null, d).buffer();   // its result stays on the device
        Node x = Graph.leaf(View.contiguous(onDevice, n / 2));
        Executor.evaluate(Graph.binary(Op.ADD, x, x), null, AutoTarget.FASTEST);
        Executor.evaluate(Graph.binary(Op.ADD, x, x), null, AutoTarget.FASTEST);
        onDevice.beforeHostWrite();                          // a host write: the device's copy goes, the input is on the host alone
        before = Decisions.reused.get();
        Executor.evaluate(Graph.binary(Op.ADD, x, x), null, AutoTarget.FASTEST);
        assertEquals(before, Decisions.reused.get(), "an input that moved is decided afresh");
    }

    /**
     * A loop whose step evaluates several plans (a Mandelbrot step in a scope writes three arrays,
     * one evaluation each) reuses each plan's decision: with one decision kept per thread each
     * evaluation found another plan's and decided afresh (4 reuses in 3,000 evaluations).
     */
    @Test
    void aStepOfSeveralEvaluationsReusesTheDecisionOfEach() {
        OpenClTarget d = OpenClTests.first();
        long nonce = System.nanoTime();
        int n = 1 << 16;
        Runnable step = () -> {
            for (int plan = 0; plan < 3; plan++) Executor.evaluate(heavy(n, nonce + plan, 0.5), null, AutoTarget.FASTEST);
        };
        settledOnAFastDevice(d, step);
        long before = Decisions.reused.get();
        var ran = ran(() -> { for (int i = 0; i < 5; i++) step.run(); });
        long reused = Decisions.reused.get() - before;
        // a fresh decision comes after 16 reuses of a plan at least: of five evaluations of each, four at least reuse
        assertTrue(reused >= 12, "three plans in turn, five steps: " + reused + " of 15 evaluations reused a decision");
        assertEquals(Map.of(d.name(), 15L), ran);
    }

    /**
     * The same choice decided afresh (the model's version moved, or a periodic look) keeps the
     * kept decision's pace of learning: a new pace at each started again at one run in four, and
     * a resident a+b*c over 10^6 float32 on PoCL, decided afresh every 170 evaluations or so,
     * learnt from one run in four for good.
     */
    @Test
    void theSameChoiceDecidedAfreshKeepsItsPaceOfLearning() {
        OpenClTarget d = OpenClTests.first();
        long nonce = System.nanoTime();
        int n = 1 << 16;
        Runnable evaluation = () -> Executor.evaluate(heavy(n, nonce, 0.5), null, AutoTarget.FASTEST);
        settledOnAFastDevice(d, evaluation);
        for (int i = 0; i < 40; i++) evaluation.run();
        LearningPace pace = Decisions.lastPace();
        assertNotNull(pace, "the decision was kept");
        SmallWork.changed();                                 // the model's version moves: the next evaluation decides afresh
        long before = Decisions.reused.get();
        var ran = ran(evaluation);
        assertEquals(before, Decisions.reused.get(), "decided afresh");
        assertEquals(Map.of(d.name(), 1L), ran, "the same choice");
        assertSame(pace, Decisions.lastPace(), "its pace goes on");
        Decisions.forget();                                  // something moved that may change any decision: a new pace
        evaluation.run();
        assertNotSame(pace, Decisions.lastPace());
    }

    /**
     * A kept decision's look that measures no runner-up teaches the model at the decision's pace,
     * as its other evaluations do; a look that measures the runner-up always teaches. Each look
     * taught, and a resident a+b*c over 10^6 float32 on PoCL looked every 20-40 evaluations, 150-400
     * us a lesson: 3-6 us of each evaluation.
     */
    @Test
    void aLookThatMeasuresNothingTeachesAtTheDecisionsPace() {
        long nonce = System.nanoTime();
        int n = 1 << 16;
        settledOnAFastDevice(OpenClTests.first(), () -> Executor.evaluate(heavy(n, nonce, 0.5), null, AutoTarget.FASTEST));
        Placement kept = Decisions.lastKept();
        assertNotNull(kept, "the decision was kept");
        var kernels = io.numfuse.ir.Fusion.plan(heavy(n, nonce, 0.5)).kernels();   // the plan's kernels, as an evaluation of it has them
        assertEquals(kept.keys, Scheduler.keys(kernels), "the kept decision's plan");
        int quietLooks = 0;
        Target keptOn = kept.target(0);
        for (int i = 0; i < 64; i++) {
            Placement look = kept.againOrMeasure(kernels, kept.keys, new LearningPace(0, 1 << 20, 1 << 20));   // a pace whose next lesson is far off
            if (look.measuresRunnerUp()) {
                assertTrue(look.teaches(), "a measurement of the runner-up teaches");
                assertNotEquals(keptOn, look.target(0), "a measurement runs the runner-up");
                assertEquals(keptOn, kept.target(0), "and leaves the kept decision (whose choice its looks share) as it was");
            } else {
                assertEquals(keptOn, look.target(0), "a look that measures nothing runs where the decision does");
                assertFalse(look.teaches(), "a look that measures nothing waits for its pace");
                quietLooks++;
            }
            Placement due = kept.againOrMeasure(kernels, kept.keys, new LearningPace(1, 4, 256));   // a pace whose next run teaches
            assertTrue(due.teaches(), "a look at its pace's lesson teaches");
        }
        assertTrue(quietLooks > 0, "some looks measured nothing");
    }

    /**
     * A kept decision looks at its runner-up now and then with the choice it rests on, and is made
     * afresh at one look in {@link Decisions#LOOKS}: before, every look was a fresh decision (one
     * evaluation in 16 or so, 270 µs each).
     */
    @Test
    void aKeptDecisionLooksAtItsRunnerUpWithoutDecidingAfresh() {
        long nonce = System.nanoTime();
        int n = 1 << 16;
        settledOnAFastDevice(OpenClTests.first(), () -> Executor.evaluate(heavy(n, nonce, 0.5), null, AutoTarget.FASTEST));
        long before = Decisions.reused.get();
        int evaluations = 320, timed = 0;
        for (int i = 0; i < evaluations; i++) {
            Executor.evaluate(heavy(n, nonce, 0.5), null, AutoTarget.FASTEST);
            if (!Double.isNaN(LastPlacement.last().measured[0])) timed++;
        }
        long fresh = evaluations - (Decisions.reused.get() - before);
        // each evaluation's time is recorded for explain, whether or not it teaches the model (most
        // reuses do not); a run beside a background build is not timed
        assertTrue(timed > evaluations / 2, timed + " of " + evaluations + " evaluations timed");
        // a look comes after 16 reuses at least: 20 looks at most, of which one in 8 decides afresh
        assertTrue(fresh <= 2 + evaluations / (Learning.RETRY * Decisions.LOOKS) + 2, fresh + " fresh decisions in " + evaluations + " evaluations");
    }

    /**
     * A kept decision's periodic look may measure its runner-up, as a fresh decision would, without
     * deciding afresh: a look that only reused the choice would leave a runner-up's price as it was
     * learnt until the one look in {@link Decisions#LOOKS} that decides afresh. The JVM's profile
     * here is the nominal one, a few times slower than the device's at this size: a runner-up
     * within the model's reach of measurements (a JVM {@link #settledOnAFastDevice} gives is too
     * far ever to be measured).
     */
    @Test
    void aKeptDecisionsLookMeasuresItsRunnerUpWithoutDecidingAfresh() {
        OpenClTarget d = OpenClTests.first();
        Profiles.forTests = Map.of("jvm", CostModelTest.JVM, d.name(), fastDevice(d.name()));
        long nonce = System.nanoTime();
        int n = 1 << 12;
        Runnable evaluation = () -> Executor.evaluate(heavy(n, nonce, 0.5), null, AutoTarget.FASTEST);
        evaluation.run();
        Background.drain();
        for (int i = 0; i < 40; i++) evaluation.run();
        int measuredAtLooks = 0, looks = 0;
        long end = System.nanoTime() + 20_000_000_000L;
        while (measuredAtLooks == 0 && System.nanoTime() < end) {
            long looked = Decisions.looked.get(), reused = Decisions.reused.get();
            Placement kept = Decisions.lastKept();
            var ran = ran(evaluation);
            if (Decisions.looked.get() == looked) continue;
            looks++;
            assertEquals(reused + 1, Decisions.reused.get(), "a look reuses the decision");
            Placement p = LastPlacement.last();
            if (!p.measuresRunnerUp()) continue;
            measuredAtLooks++;
            assertTrue(p.reasons[0].startsWith("measuring " + p.target(0).name()), p.describe());
            assertNotEquals(kept.target(0), p.target(0), "the look ran the runner-up: " + p.describe());
            assertEquals(Map.of(p.target(0).name(), 1L), ran, p.describe());
        }
        assertTrue(measuredAtLooks > 0, "a look measured the runner-up within 20 s (" + looks + " looks)");
    }

    /** {@link SchedulerTest#heavyOver} with the salt of this class's other tests. */
    private static Node heavyOver(Buffer b, int n, long nonce) { return SchedulerTest.heavyOver(b, n, nonce, 0.5); }

    /**
     * A kept decision's evaluations over inputs on its device that teach nothing run there without
     * a placement of their own ({@link Decisions#keptOnDevice}): after a full collection the whole path, a dozen
     * compiled methods entered afresh, cost a resident a+b*c over 10^6 float32 on PoCL 45 us more
     * than the named device's call. Explain still shows the decision and each run's time; the
     * runs that teach, the looks at the runner-up and an input written on the host take the whole
     * path; the results are the same.
     */
    @Test
    void aKeptDecisionsQuietRunsOverResidentInputsMakeNoPlacement() {
        OpenClTarget d = OpenClTests.first();
        long nonce = System.nanoTime();
        int n = 1 << 16;
        Buffer input = Executor.evaluate(heavy(n, nonce, 0.25), null, d).buffer();   // on the device alone
        View[] last = new View[1];
        Runnable evaluation = () -> last[0] = Executor.evaluate(heavyOver(input, n, nonce), null, AutoTarget.FASTEST);
        settledOnAFastDevice(d, evaluation);
        View quietResult = null;
        long quiet = Decisions.quietRuns.get(), reused = Decisions.reused.get();
        int evaluations = 200, timed = 0, teaching = 0;
        Map<String, Long> ran = new java.util.TreeMap<>();
        for (int i = 0; i < evaluations; i++) {
            long q = Decisions.quietRuns.get();
            ran(evaluation).forEach((t, c) -> ran.merge(t, c, Long::sum));
            Placement p = LastPlacement.last();
            assertEquals(d, p.target(0), p.describe());
            if (!Double.isNaN(p.measured[0])) timed++;
            if (p.teaches()) teaching++;
            if (Decisions.quietRuns.get() != q) {
                assertFalse(p.teaches(), "a quiet run teaches nothing: " + p.describe());
                quietResult = last[0];
            }
        }
        long quietRuns = Decisions.quietRuns.get() - quiet;
        assertEquals(Map.of(d.name(), (long) evaluations), ran, "every evaluation on the device");
        assertTrue(quietRuns > evaluations / 2, quietRuns + " of " + evaluations + " evaluations ran quietly");
        assertTrue(quietRuns < Decisions.reused.get() - reused, "the looks at the runner-up and the lessons made placements: " + quietRuns + " quiet of "
                + (Decisions.reused.get() - reused) + " reuses");
        assertTrue(teaching > 0, "the decision's pace still taught the model");
        assertTrue(timed > evaluations / 2, timed + " of " + evaluations + " evaluations timed for explain");
        double[] want = OpenClTests.doubles(Executor.evaluate(heavyOver(input, n, nonce), null, InterpreterTarget.INSTANCE));   // copies the input back
        SchedulerTest.close(want, quietResult, "a quiet run's result");
        long q = Decisions.quietRuns.get();
        SchedulerTest.close(want, Executor.evaluate(heavyOver(input, n, nonce), null, AutoTarget.FASTEST), "auto, the input on the host too");
        assertEquals(q, Decisions.quietRuns.get(), "an input whose place changed takes the whole path");
        input.beforeHostWrite();                             // the device's copy goes
        Executor.evaluate(heavyOver(input, n, nonce), null, AutoTarget.FASTEST);
        assertEquals(q, Decisions.quietRuns.get(), "an input on the host alone takes the whole path");
    }

    /** A step of several plans over resident inputs runs each plan's kept decision quietly: a thread keeps one per plan. */
    @Test
    void aStepOfSeveralResidentPlansRunsEachQuietly() {
        OpenClTarget d = OpenClTests.first();
        long nonce = System.nanoTime();
        int n = 1 << 16;
        Buffer input = Executor.evaluate(heavy(n, nonce, 0.25), null, d).buffer();
        Runnable step = () -> {
            for (int plan = 0; plan < 3; plan++) Executor.evaluate(heavyOver(input, n, nonce + plan), null, AutoTarget.FASTEST);
        };
        settledOnAFastDevice(d, step);
        long quiet = Decisions.quietRuns.get();
        var ran = ran(() -> { for (int i = 0; i < 40; i++) step.run(); });
        assertEquals(Map.of(d.name(), 120L), ran);
        long quietRuns = Decisions.quietRuns.get() - quiet;
        assertTrue(quietRuns > 60, "three plans in turn, 40 steps: " + quietRuns + " of 120 evaluations ran quietly");
    }

    /**
     * A kept decision looks at its runner-up only once the plan's own time since its last look
     * reached {@link Decisions#LOOK_PLAN_EVERY} times what deciding took, however much wall-clock
     * time passed: in the bench's resident rows, where the plan gets a small share of the wall
     * clock, it looked every 16-44 reuses, and its looks and fresh decisions took 35-50 us of each
     * evaluation (a resident a+b*c over 10^6 float32 on PoCL, 260-310 us a call).
     */
    @Test
    void aKeptDecisionLooksOnlyAfterItsPlanTookItsShareOfTime() throws Exception {
        OpenClTarget d = OpenClTests.first();
        long nonce = System.nanoTime();
        int n = 1 << 16;
        Buffer input = Executor.evaluate(heavy(n, nonce, 0.25), null, d).buffer();
        Runnable evaluation = () -> Executor.evaluate(heavyOver(input, n, nonce), null, AutoTarget.FASTEST);
        settledOnAFastDevice(d, evaluation);
        int looks = 0;
        long end = System.nanoTime() + 8_000_000_000L;
        while (looks < 2 && System.nanoTime() < end) {
            long before = Decisions.looked.get();
            evaluation.run();
            Thread.sleep(1);                                 // wall-clock time that is not the plan's
            if (Decisions.looked.get() == before) continue;
            looks++;
            double[] look = Decisions.lastLook;
            assertTrue(look[0] >= Decisions.LOOK_PLAN_EVERY * look[1], "a look after " + look[0] * 1e3 + " ms of the plan's time, deciding took "
                    + look[1] * 1e6 + " us");
        }
        assertTrue(looks > 0, "the plan's time reached its share within 8 s: it looked");
    }
}
