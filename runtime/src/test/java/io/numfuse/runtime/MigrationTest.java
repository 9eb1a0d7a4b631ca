package io.numfuse.runtime;

import static org.junit.jupiter.api.Assertions.*;

import io.numfuse.core.DType;
import io.numfuse.ir.Fusion;
import io.numfuse.ir.Graph;
import io.numfuse.ir.Node;
import io.numfuse.ir.Op;
import io.numfuse.ir.View;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link Migration}: {@code auto} moves a loop's state from the host to a device when the steps it
 * would save there add up to the copies, on this machine's OpenCL device with profiles the tests
 * give (so that the choices do not depend on this machine's load).
 */
class MigrationTest {
    /**
     * Thousands of steps allocate device buffers past the garbage allowance: the collector is asked
     * for dead copies now and then, and a run timed across such a request is neither learnt from nor
     * counted (Background.stillQuiet). Where it fell next to a move (CI, stop 41), what the model
     * knew there changed and a move's backoff with it; these tests are about moves, not collections.
     */
    @BeforeEach
    void forget() {
        Placement.LEARNING.forgetAll();
        Decisions.forget();
        Migration.forget();
        DeviceSpares.garbageBytes = Long.MAX_VALUE / 4;
        DeviceCopies.INSTANCE.resetCollectionPolicy();
    }

    @AfterEach
    void clear() {
        Profiles.forTests = null;
        DeviceSpares.garbageBytes = Long.getLong("numfuse.opencl.garbageBytes", -1);
        DeviceCopies.INSTANCE.resetCollectionPolicy();
    }

    /**
     * The device, with profiles where a step of sines over 2^16 floats is priced at 6.5 ms on the
     * JVM and 20 us on the device, and its copies up at 27 ms: one step with its copies goes to
     * the JVM, every step with its inputs on the device would run there far faster.
     */
    private static OpenClTarget loopOnTheHost() {
        OpenClTarget d = OpenClTests.first();
        Profiles.forTests = Map.of("jvm", SchedulerTest.SLOW_JVM, d.name(), SchedulerTest.fastDevice(d.name()).toBuilder().link(1e7, 1e7, 1e-3).build());
        return d;
    }

    /**
     * A loop whose state starts on the host moves to a device where its steps run faster once the
     * state is there, though one step's copies up cost more than the JVM's step ({@link Migration}):
     * priced one evaluation at a time, such a loop stayed on the JVM for good (the Laplace demo's
     * auto rows, 212 us a step on the JVM against 145 us on PoCL). Here a step (sines over 2^16
     * floats) is priced at 6.5 ms on the JVM, 20 us on the device, and its copies up at 27 ms.
     * The move starts the way back afresh: the plan's moves back that did not stay before (its
     * backoff set to 64 here) no longer hold it on the device (the selection suite's Mandelbrot
     * loop, moved to PoCL after its resident case had left that backoff, never came back).
     */
    @Test
    void aLoopsStateMovesToTheDeviceWhereItsStepsRunFaster() {
        OpenClTarget d = loopOnTheHost();
        int n = 1 << 16;
        long nonce = System.nanoTime(), movesBefore = Migration.moves.get();
        Node x = SchedulerTest.heavy(n, nonce, 0.5);
        var keys = Scheduler.keys(Fusion.plan(Graph.binary(Op.MUL, Graph.unary(Op.SIN, CostModelTest.input(DType.FLOAT32, n)), Graph.scalar(DType.FLOAT32, 0.5))).kernels());
        Migration.backBackoffForTests(keys, 64);
        Executor.evaluate(x, null, JvmTarget.INSTANCE);
        Map<String, Long> last = Map.of();
        long deadline = System.nanoTime() + 20_000_000_000L;   // the JVM's runs teach its price once its code has settled (Learning.JIT_SETTLE_NANOS)
        for (int after = -1; after < 20 && System.nanoTime() < deadline; ) {
            Node step = Graph.binary(Op.MUL, Graph.unary(Op.SIN, x), Graph.scalar(DType.FLOAT32, 0.5));
            Background.drain();                               // the device's program, once asked for
            var runs = SchedulerTest.ran(() -> Executor.evaluate(step, null, AutoTarget.FASTEST));
            x = Graph.leaf(step.result());
            if (after < 0 && Migration.moves.get() > movesBefore) after = 0;
            else if (after >= 0) {
                last = sum(last, runs);
                after++;
            }
        }
        assertTrue(Migration.moves.get() > movesBefore, "the loop moved: " + LastPlacement.last().describe());
        assertEquals(Map.of(d.name(), 20L), last, "and stayed on the device: " + LastPlacement.last().describe());
        assertEquals(1, Migration.backBackoff(keys), "the move started the way back afresh");
    }

    /**
     * What a device's costs make of a move ({@link Migration.Prospect}), in the figures of a traced
     * Laplace demo (a 500x500 float64 step in a scope): the JVM 225 us a step with new storage, 167
     * without; its copies up 179 us. PoCL's price learnt in a slow spell, 140 us (it runs the step
     * in 50-80), is under the JVM's but not by the margin: before, no move was weighed, PoCL never
     * ran the step again, and the loop stayed on the JVM for the whole demo. Now it is a trial, as
     * is a device priced over the JVM within {@link Migration#CLOSE} of it.
     */
    @Test
    void aDeviceKnownNearTheJvmIsTriedAndOneFarFromItIsNot() {
        // PlanCosts: jvm, resident, copies, jvmSteady, residentSteady, untried, jvmMeasured
        Migration.Prospect close = Migration.Prospect.of(new Migration.PlanCosts(225e-6, 140e-6, 179e-6, 167e-6, 140e-6, false, true), 0);
        assertTrue(close.worth() && close.trial(), "under the JVM but not by the margin: a trial " + close);
        assertEquals(0, close.saving(), "a trial saves nothing known");
        Migration.Prospect known = Migration.Prospect.of(new Migration.PlanCosts(225e-6, 60e-6, 179e-6, 167e-6, 60e-6, false, true), 0);
        assertTrue(known.worth() && !known.trial(), "by the margin: a known move " + known);
        assertEquals(107e-6, known.saving(), 1e-12);
        Migration.Prospect above = Migration.Prospect.of(new Migration.PlanCosts(225e-6, 314e-6, 179e-6, 167e-6, 314e-6, false, true), 0);
        assertTrue(above.worth() && above.trial(), "priced over the JVM, within twice it: a trial (another traced run priced PoCL at 314 us) " + above);
        assertFalse(Migration.Prospect.of(new Migration.PlanCosts(225e-6, 350e-6, 179e-6, 167e-6, 350e-6, false, true), 0).worth(),
                "2.1 times the JVM's steady state: not tried");
        // one step with its copies up cheaper there, not with its copies back too: weighed (the model prices
        // a step whose results the host holds with both: 730 us in the traced run, and it stayed on the JVM)
        Migration.Prospect cheaper = Migration.Prospect.of(new Migration.PlanCosts(290e-6, 84e-6, 179e-6, 190e-6, 84e-6, false, true), 0);
        assertTrue(cheaper.worth() && !cheaper.trial(), "known, with its copies up under the JVM's step: a known move " + cheaper);
        assertFalse(Migration.Prospect.of(new Migration.PlanCosts(500e-6, 84e-6, 179e-6, 190e-6, 84e-6, false, true), 0).worth(),
                "with its copies up and back under the JVM's step: the model moves it itself");
        assertFalse(Migration.Prospect.of(new Migration.PlanCosts(225e-6, 140e-6, 179e-6, 167e-6, 140e-6, false, true), 0.5).worth(),
                "half its inputs copied up at every step: no trial");
        Migration.Prospect untried = Migration.Prospect.of(new Migration.PlanCosts(225e-6, 140e-6, 179e-6, 167e-6, 140e-6, true, true), 0);
        assertTrue(untried.worth() && untried.trial(), "untried: a trial " + untried);
    }

    /**
     * The way back weighs what the JVM saves a step ({@link Migration.PlanCosts#savedBack}): from
     * a known move, once the JVM takes at most {@link Migration#MARGIN} of the device's time;
     * after a trial, as soon as it is the faster (a Mandelbrot step over 1000x1000 float32 that a
     * trial moved to PoCL stayed there within the margin at 407 us a step, the JVM's 346).
     */
    @Test
    void aTrialComesBackAsSoonAsTheJvmIsTheFaster() {
        Migration.PlanCosts near = new Migration.PlanCosts(400e-6, 407e-6, 4e-3, 346e-6, 407e-6, false, true);
        assertEquals(61e-6, near.savedBack(true), 1e-12, "after a trial");
        assertEquals(0, near.savedBack(false), "a known move: within the margin, it stays");
        Migration.PlanCosts far = new Migration.PlanCosts(400e-6, 407e-6, 4e-3, 300e-6, 407e-6, false, true);
        assertEquals(107e-6, far.savedBack(false), 1e-12, "the JVM under 0.8 of the device's");
        assertEquals(0, new Migration.PlanCosts(400e-6, 300e-6, 4e-3, 346e-6, 300e-6, false, true).savedBack(true), "the device the faster");
    }

    /**
     * A plan whose inputs the host writes before each evaluation (a new host array each time, as
     * the selection suite's host cases) is moved rarely: each move that does not stay doubles what
     * the next must add up to: the three moves are made at a backoff of 1, 2 and 4. (The
     * evaluations between them doubled when the machine was quiet, 994, 3,343, 8,915; in a CI run
     * with a busy core, 998, 1,635, 1,662: the JVM's runs, slowed, taught a price that saved more
     * each evaluation.) The JVM's profile prices the step near what it takes (sines at 3x10^8 a
     * second: 0.22 ms; here 0.14-0.23 ms), so that the moves do not hang on how soon its runs
     * teach its price; the copies up cost 3.6 ms. (With
     * the slow JVM's profile, 6.65 ms a step, and copies of 27 ms, the first move needed 209
     * evaluations before those runs taught its price, 250 ms after its first, or about 9,000
     * after: run alone, the test made none in 3,000 in one or two runs of three.)
     */
    @Test
    void aPlanWhoseStateDoesNotStayIsMovedRarely() {
        jvmNearItsTimeAndASlowLink();
        int n = 1 << 16;
        java.util.List<Integer> movedAt = new java.util.ArrayList<>();
        java.util.List<Double> backoffs = new java.util.ArrayList<>();
        java.util.List<String> after = new java.util.ArrayList<>();
        var keys = Scheduler.keys(Fusion.plan(Graph.binary(Op.MUL, Graph.unary(Op.SIN, CostModelTest.input(DType.FLOAT32, n)), Graph.scalar(DType.FLOAT32, 0.5))).kernels());
        for (int i = 0; i < 30_000 && movedAt.size() < 3; i++) {
            Node step = Graph.binary(Op.MUL, Graph.unary(Op.SIN, CostModelTest.input(DType.FLOAT32, n)), Graph.scalar(DType.FLOAT32, 0.5));
            Background.drain();
            long before = Migration.moves.get();
            Executor.evaluate(step, null, AutoTarget.FASTEST);
            if (!movedAt.isEmpty() && movedAt.getLast() == i - 1) after.add("after move at " + (i - 1) + ": " + Executor.lastPlacement());
            if (Migration.moves.get() > before) {
                movedAt.add(i);
                backoffs.add(Migration.backoff(keys));
            }
        }
        assertEquals(3, movedAt.size(), "moved at evaluations " + movedAt);
        assertEquals(java.util.List.of(1.0, 2.0, 4.0), backoffs, "each move that did not stay doubled the next one's due (moves at evaluations " + movedAt + ")\n" + String.join("\n", after));
        assertTrue(movedAt.get(1) - movedAt.get(0) >= 10, "not moved again at once: " + movedAt);
    }

    /**
     * A plan whose inputs the host writes before each evaluation (one element of each, on the
     * JVM target, as the selection suite's host cases do) is never moved: a device would copy the
     * inputs up at every step. Before, it was moved as {@link #aPlanWhoseStateDoesNotStayIsMovedRarely}
     * is (at evaluations 853 and 3,148, 1,067 and 3,322 of 6,000 in two runs of this test with the
     * check taken out); the suite's cases were moved to PoCL and back one to five times each,
     * each move its copies and a run there for nothing. Profiles as there: one step costs 0.22 ms on the JVM, 20 us on the
     * device, and its input's copy up 3.6 ms.
     */
    @Test
    void aPlanWhoseInputsTheHostWritesBeforeEachEvaluationIsNeverMoved() {
        neverMovedWhenTheHostWritesBeforeEachStep(a -> Executor.evaluate(sines(a), null, AutoTarget.FASTEST));
    }

    /**
     * The same with the step written into its input ({@code a = sin(a) * 0.5}, in place): the
     * step's kernel reads the input's snapshot, which holds the values the host put there (the
     * selection suite's host Laplace and Mandelbrot steps were moved to PoCL by trials).
     */
    @Test
    void aStepWrittenInPlaceWhoseArrayTheHostWritesBeforeEachStepIsNeverMoved() {
        neverMovedWhenTheHostWritesBeforeEachStep(a -> Executor.write(sines(a), a, AutoTarget.FASTEST));
    }

    /** {@code sin(a) * 0.5}. */
    private static Node sines(View a) { return Graph.binary(Op.MUL, Graph.unary(Op.SIN, Graph.leaf(a)), Graph.scalar(DType.FLOAT32, 0.5)); }

    /**
     * Steps of {@code step} over 2^16 floats under auto, the host writing their first element on
     * the JVM target before each, at least 3,000 of them: none is moved to the device.
     */
    private static void neverMovedWhenTheHostWritesBeforeEachStep(java.util.function.Consumer<View> step) {
        jvmNearItsTimeAndASlowLink();
        int n = 1 << 16;
        View a = View.contiguous(io.numfuse.ir.Buffer.allocate(DType.FLOAT32, n), n);
        View first = a.slice(0, 0, 1, 1);
        long movesBefore = Migration.moves.get(), deadline = System.nanoTime() + 8_000_000_000L;
        int evaluations = 0;
        for (; evaluations < 6_000 && System.nanoTime() < deadline; evaluations++) {
            Executor.evaluate(Graph.binary(Op.ADD, Graph.leaf(first), Graph.scalar(DType.FLOAT32, 0.25)), first, JvmTarget.INSTANCE);
            Background.drain();
            step.accept(a);
        }
        assertTrue(evaluations >= 3_000, "too few evaluations to tell: " + evaluations);
        assertEquals(0, Migration.moves.get() - movesBefore, "moves in " + evaluations + " evaluations: " + LastPlacement.last().describe());
    }

    /**
     * A loop whose state the host reads after each step (as the selection suite's host cases do)
     * is moved rarely too: after a move the host's read leaves the device's copy current, but the
     * next step, its result read on the host again, runs on the JVM, so the move did not stay and
     * the next must add up to twice as much. Counted as staying (the state was not on the host
     * alone), every move was made at a backoff of 1: a Laplace step over 2000x2000 float64 went to
     * PoCL 20 times a second, at 11.6 ms a time against the JVM's 2.8 ms. Profiles as in
     * {@link #aPlanWhoseStateDoesNotStayIsMovedRarely}: the JVM's step about 0.22 ms, the device's
     * 20 us, copies of the state 3.6 ms either way.
     */
    @Test
    void aLoopWhoseStateTheHostReadsAfterEachStepIsMovedRarely() {
        jvmNearItsTimeAndASlowLink();
        int n = 1 << 16;
        java.util.List<Integer> movedAt = new java.util.ArrayList<>();
        java.util.List<Double> backoffs = new java.util.ArrayList<>();
        java.util.List<String> after = new java.util.ArrayList<>();
        var keys = Scheduler.keys(Fusion.plan(hostReadStep(CostModelTest.input(DType.FLOAT32, n))).kernels());
        Node x = CostModelTest.input(DType.FLOAT32, n);
        for (int i = 0; i < 30_000 && movedAt.size() < 3; i++) {
            Node step = hostReadStep(x);
            Background.drain();
            long before = Migration.moves.get();
            View out = Executor.evaluate(step, null, AutoTarget.FASTEST, true);
            out.buffer().beforeHostRead();                                     // the host reads the state after each step
            x = Graph.leaf(out);
            if (!movedAt.isEmpty() && movedAt.getLast() == i - 1) after.add("after move at " + (i - 1) + ": " + Executor.lastPlacement());
            if (Migration.moves.get() > before) {
                movedAt.add(i);
                backoffs.add(Migration.backoff(keys));
            }
        }
        assertEquals(3, movedAt.size(), "moved at evaluations " + movedAt);
        assertEquals(java.util.List.of(1.0, 2.0, 4.0), backoffs, "each move that did not stay doubled the next one's due (moves at evaluations " + movedAt + ")\n" + String.join("\n", after));
    }

    /** Profiles where the JVM's price of a step of sines over 2^16 floats is near its time (0.22 ms), the device's 20 us, and copies of 2^16 floats 3.6 ms. */
    private static void jvmNearItsTimeAndASlowLink() {
        OpenClTarget d = OpenClTests.first();
        DeviceProfile jvm = CostModelTest.JVM.withRates(new DeviceProfile.Rates(1e10, 5e9, 2e9, 1.5e9, 3e8, 1.5e8));
        Profiles.forTests = Map.of("jvm", jvm, d.name(), SchedulerTest.fastDevice(d.name()).toBuilder().link(1e8, 1e8, 1e-3).build());
    }

    /** A step of a loop whose values stay near 0.5 (sines halved, plus a half). */
    private static Node hostReadStep(Node x) {
        return Graph.binary(Op.ADD, Graph.binary(Op.MUL, Graph.unary(Op.SIN, x), Graph.scalar(DType.FLOAT32, 0.5)), Graph.scalar(DType.FLOAT32, 0.5));
    }

    /**
     * The way back ({@link Migration#considerBack}): a loop whose state is on a device where its
     * steps run slower than on the JVM comes back to the host, though one step's copies back cost
     * more than the JVM saves on that step (priced one evaluation at a time, a Mandelbrot step in a
     * scope that a trial had moved to PoCL stayed there at four times the JVM's time). Here the
     * device launches in 2 ms and copies at 10 MB/s (the state's 256 KB back: 26 ms), and the JVM
     * runs a step (sines over 2^16 floats) well under a millisecond.
     */
    @Test
    void aLoopsStateComesBackFromADeviceWhereItsStepsRunSlower() {
        OpenClTarget d = OpenClTests.first();
        Profiles.forTests = Map.of("jvm", CostModelTest.JVM,
                d.name(), SchedulerTest.fastDevice(d.name()).toBuilder().launchSeconds(2e-3).link(1e7, 1e7, 1e-3).build());
        int n = 1 << 16;
        Node x = SchedulerTest.heavy(n, System.nanoTime(), 0.25);
        Executor.evaluate(x, null, JvmTarget.INSTANCE);
        // the loop on the host first, where auto keeps it, until the JVM's runs of the step taught its price
        long settle = System.nanoTime() + 2 * Learning.JIT_SETTLE_NANOS + 500_000_000L;
        while (System.nanoTime() < settle) x = step(x, AutoTarget.FASTEST);
        x = step(x, d);                                                        // the state moves to the device
        assertEquals(DeviceCopies.Residency.DEVICE, DeviceCopies.residencyOf(((Node.Leaf) x).view().buffer()));
        long movesBefore = Migration.moves.get();
        Map<String, Long> last = Map.of();
        long deadline = System.nanoTime() + 20_000_000_000L;
        int after = -1;
        for (; after < 20 && System.nanoTime() < deadline; ) {
            Node[] next = new Node[1];
            Node from = x;
            var runs = SchedulerTest.ran(() -> next[0] = step(from, AutoTarget.FASTEST));
            x = next[0];
            // back by a move (considerBack), or by a placement that ran a step on the JVM (its
            // runner-up measured now and then: a CI runner once came back that way first)
            boolean back = Migration.moves.get() > movesBefore || DeviceCopies.residencyOf(((Node.Leaf) x).view().buffer()) == DeviceCopies.Residency.HOST;
            if (after < 0 && back) after = 0;
            else if (after >= 0) {
                last = sum(last, runs);
                after++;
            }
        }
        assertTrue(after >= 0, "the loop moved back: " + LastPlacement.last().describe());
        assertEquals(Map.of("jvm", 20L), last, "and stayed on the host: " + LastPlacement.last().describe());
        assertEquals(DeviceCopies.Residency.HOST, DeviceCopies.residencyOf(((Node.Leaf) x).view().buffer()));
    }

    /**
     * A loop on a device whose move back is far from worth it (the JVM priced far slower, its side
     * never run) is weighed ever more rarely: each wait twice the one before, up to
     * {@link Migration#MAX_UNWEIGHED} evaluations. Weighed every 17th evaluation, a resident
     * a+b*c over 10^6 float32 on PoCL spent 6-9 us an evaluation of 250-290 us on it.
     */
    @Test
    void aMoveBackFarFromWorthItIsWeighedEverMoreRarely() {
        OpenClTarget d = OpenClTests.first();
        Profiles.forTests = Map.of("jvm", SchedulerTest.SLOW_JVM, d.name(), SchedulerTest.fastDevice(d.name()));
        Node x = SchedulerTest.heavy(1 << 16, System.nanoTime(), 0.75);
        x = step(x, d);                                                        // the state on the device
        int evaluations = 2048;
        long before = Migration.weighedBack.get();
        for (int i = 0; i < evaluations; i++) x = step(x, AutoTarget.FASTEST);
        long weighed = Migration.weighedBack.get() - before;
        assertEquals(DeviceCopies.Residency.DEVICE, DeviceCopies.residencyOf(((Node.Leaf) x).view().buffer()), "the loop stayed on the device");
        // waits of 16, 32, ..., 1024, 1024: 8 weighings in 2,048 evaluations (128 at a wait of 16)
        assertTrue(weighed >= 2 && weighed <= 12, "weighed " + weighed + " times in " + evaluations + " evaluations");
    }

    /**
     * A loop's costs on a device that has not run it ({@link Migration.PlanCosts#untried}) are
     * kept while no device ran a kernel ({@link Learning#deviceRuns}), once the JVM's runs have
     * taught its price: looked up again at every evaluation, they were 8 us of auto's 20 us over
     * the JVM target's 100 on the selection suite's host Mandelbrot step over 316x316 float32,
     * which stays on the JVM. A device's run, or a lesson, has them worked out again.
     */
    @Test
    void aLoopsCostsOnAnUntriedDeviceAreKeptUntilADeviceRuns() {
        OpenClTarget d = OpenClTests.first();
        Profiles.forTests = Map.of("jvm", SchedulerTest.SLOW_JVM, d.name(), SchedulerTest.fastDevice(d.name()));
        int n = 1 << 12;
        var kernels = Fusion.plan(Graph.binary(Op.MUL, Graph.unary(Op.SIN, CostModelTest.input(DType.FLOAT32, n)), Graph.scalar(DType.FLOAT32, 0.25))).kernels();
        var keys = Scheduler.keys(kernels);
        Migration.Loop loop = new Migration.Loop(keys);
        Migration.PlanCosts first = loop.costs(AutoTarget.FASTEST, kernels, keys, d);
        assertTrue(first.untried() && !first.jvmMeasured(), "neither target ran it: " + first);
        assertNotSame(first, loop.costs(AutoTarget.FASTEST, kernels, keys, d), "not kept before the JVM's runs taught its price");
        for (int i = 0; i < Learning.TRUSTED; i++) Placement.LEARNING.counted("jvm", keys.getFirst(), n);
        Migration.PlanCosts measured = loop.costs(AutoTarget.FASTEST, kernels, keys, d);
        assertTrue(measured.untried() && measured.jvmMeasured(), "the JVM measured, the device untried: " + measured);
        assertSame(measured, loop.costs(AutoTarget.FASTEST, kernels, keys, d), "kept while no device runs a kernel");
        Placement.LEARNING.counted(d.name(), keys.getFirst(), n);
        Migration.PlanCosts afterRun = loop.costs(AutoTarget.FASTEST, kernels, keys, d);
        assertNotSame(measured, afterRun, "worked out again after a device's run");
        assertSame(afterRun, loop.costs(AutoTarget.FASTEST, kernels, keys, d));
        for (int i = 1; i < Learning.TRUSTED; i++) Placement.LEARNING.counted(d.name(), keys.getFirst(), n);
        Migration.PlanCosts trusted = loop.costs(AutoTarget.FASTEST, kernels, keys, d);
        assertFalse(trusted.untried(), "the device's runs trusted once there are enough: " + trusted);
        Placement.LEARNING.counted(d.name(), keys.getFirst(), n);
        assertSame(trusted, loop.costs(AutoTarget.FASTEST, kernels, keys, d), "a trusted device's further runs change nothing it rests on");
    }

    /** One step of the loop, {@code sin(x) * 0.5}, evaluated on {@code on}: the node of its result. */
    private static Node step(Node x, Target on) {
        Node step = Graph.binary(Op.MUL, Graph.unary(Op.SIN, x), Graph.scalar(DType.FLOAT32, 0.5));
        Background.drain();
        Executor.evaluate(step, null, on);
        return Graph.leaf(step.result());
    }

    private static Map<String, Long> sum(Map<String, Long> a, Map<String, Long> b) {
        Map<String, Long> m = new java.util.TreeMap<>(a);
        b.forEach((k, v) -> m.merge(k, v, Long::sum));
        return m;
    }
}
