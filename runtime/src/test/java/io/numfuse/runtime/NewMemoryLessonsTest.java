package io.numfuse.runtime;

import static org.junit.jupiter.api.Assertions.*;

import io.numfuse.core.DType;
import io.numfuse.ir.Buffer;
import io.numfuse.ir.Fusion;
import io.numfuse.ir.Graph;
import io.numfuse.ir.Kernel;
import io.numfuse.ir.Node;
import io.numfuse.ir.Op;
import io.numfuse.ir.View;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What a device run whose result took new memory teaches its kernel ({@code PlacementRuns}): the
 * run's time less what its new memory is priced at, when that price stands on votes, is a
 * minority of the run, and explains the run's time beyond the kernel's price; else nothing. The
 * runs here are given their times (a kernel twice as slow as its price, new memory at a known
 * price), so that what is learnt does not rest on this machine's load.
 */
class NewMemoryLessonsTest extends AutoTests {
    static final int N = 1_000_003;   // a 4 MB result: past the smallest the storage term learns from

    /** The device at {@code bandwidth} bytes a second, and a JVM far slower still: resident work stays there. */
    private static OpenClTarget device(double bandwidth) {
        OpenClTarget d = OpenClTests.first();
        Profiles.forTests = Map.of("jvm", SchedulerTest.SLOW_JVM.toBuilder().memoryBytesPerSecond(bandwidth / 40).build(),
                d.name(), SchedulerTest.fastDevice(d.name()).toBuilder().memoryBytesPerSecond(bandwidth).build());
        return d;
    }

    /** The device at 40 GB/s: {@link #N}'s kernel priced well above the smallest that teaches. */
    private static OpenClTarget device() { return device(40e9); }

    /**
     * Decides {@code y + y} over the resident {@code y} {@code runs} times, each run given the
     * time {@code kernelTimes} its price without corrections plus {@code storage} seconds, its
     * result all new memory, with new memory's price standing at {@code storage} for the result
     * (as other kernels' runs taught it). Returns the kernel's correction on the device after.
     */
    private static double learnt(OpenClTarget d, double kernelTimes, double storage, int runs) { return learnt(d, N, kernelTimes, storage, runs); }

    /** {@link #learnt(OpenClTarget, double, double, int)} over {@code n} elements (the price of new memory voted by 4 MB results). */
    private static double learnt(OpenClTarget d, int n, double kernelTimes, double storage, int runs) {
        Node x = CostModelTest.input(DType.FLOAT32, n);
        Buffer resident = Executor.evaluate(Graph.binary(Op.MUL, x, Graph.scalar(DType.FLOAT32, 2)), null, d).buffer();
        Node y = Graph.leaf(View.contiguous(resident, n));
        Kernel first = Fusion.plan(Graph.binary(Op.ADD, y, y)).kernels().get(0);
        d.prepare(List.of(first));
        double bytes = 4.0 * n, votes = 4e6;
        String cls = null;
        for (int i = 0; i < runs; i++) {
            for (int v = 0; v < 9; v++) Placement.LEARNING.observeStorage(d.name(), votes, votes, storage * votes / bytes);
            Kernel k = Fusion.plan(Graph.binary(Op.ADD, y, y)).kernels().get(0);
            Placement p = Placement.decide(List.of(k), AutoTarget.FASTEST, false, false);
            assertEquals(d, p.target(0), "resident work on its device: " + p.describe());
            assertTrue(p.newResult[0], "a new result");
            CostModel.Prediction pr = p.predictionOfChosen(0);
            double raw = pr.execute() / p.corrections[0];
            p.ran(0, 1, pr.launch() + pr.transfers() + kernelTimes * raw + storage, (long) bytes);
            p.learn();
            cls = p.classes[0];
        }
        assertEquals(storage, Placement.LEARNING.learntFreshSeconds(d.name(), bytes), storage * 1e-9, "new memory's price as given");
        return Placement.LEARNING.factor(d.name(), first.key(), n, cls);
    }

    /**
     * A kernel whose every run took new memory learns its own error from what the storage's price
     * leaves: PoCL's sin(a)+cos(b) over 10^7 float32 in the selection suite, each run into new
     * memory, stayed priced at 12 ms (6.2 the kernel) where it ran in 18, and auto went to PoCL and
     * back at 1.11-1.42 times the JVM's time.
     */
    @Test
    void aKernelWhoseRunsAllTookNewMemoryLearnsWhatTheStoragePriceLeaves() {
        OpenClTarget d = device();
        double kernel = 4.0 * N * 2 / 40e9;   // its price: 4 MB read, 4 MB written, at 40 GB/s
        assertEquals(2.0, learnt(d, 2.0, kernel, Learning.WARM_UP + 4), 0.05, "twice its price, new memory a third of the run");
    }

    /**
     * A run whose time beyond its kernel's price is far beyond what its new memory is priced at
     * took pages the price does not know (a runner-up's first touch of 40 MB: a resident a+b over
     * 10^7 float32 corrected to 86 ms on PoCL, 4.6 ms from spares): its kernel learns nothing.
     */
    @Test
    void aRunFarBeyondTheStoragePriceTeachesItsKernelNothing() {
        OpenClTarget d = device();
        double kernel = 4.0 * N * 2 / 40e9;
        // beyond the kernel's price: its own 9 prices more plus the storage's one, 10 times that price
        assertEquals(1.0, learnt(d, 10.0, kernel, Learning.WARM_UP + 4), "nothing learnt");
    }

    /** A run mostly its new memory teaches its kernel nothing: what the price leaves is too small a part of it to stand on. */
    @Test
    void aRunMostlyNewMemoryTeachesItsKernelNothing() {
        OpenClTarget d = device();
        double kernel = 4.0 * N * 2 / 40e9;
        assertEquals(1.0, learnt(d, 1.5, 4 * kernel, Learning.WARM_UP + 4), "nothing learnt");
    }

    /**
     * New memory smaller than the runs that taught its price ({@link StorageCosts#MIN_BYTES}) may
     * cost what the price does not know: its runs teach the kernel nothing. A resident
     * 10^5-element kernel on PoCL, 400 KB of new memory priced at 67 us, learnt 4.3 times its price
     * from such a run.
     */
    @Test
    void aRunIntoNewMemorySmallerThanItsPricesVotesTeachesItsKernelNothing() {
        int n = 100_003;   // a 400 KB result
        OpenClTarget d = device(4e9);   // its kernel priced at 200 us
        double kernel = 4.0 * n * 2 / 4e9;
        assertEquals(1.0, learnt(d, n, 2.0, kernel, Learning.WARM_UP + 4), "nothing learnt");
    }

    /**
     * A move of what new storage costs makes the thread's decisions afresh only when it grows the
     * chosen plan's price by the runner-up's margin (a quarter at least), on the JVM as on a
     * device: the price moves with each run (a spare, then a new array), and at every move of a
     * quarter of the price per byte, as it was on the JVM, a host a+b over 10^7 float32 decided
     * afresh at most of its evaluations (3.2-3.3 ms a call where the JVM's row took 2.5).
     */
    @Test
    void aStoragePriceMoveRedecidesOnlyWhenItCouldChangeTheChoice() {
        OpenClTarget d = OpenClTests.first();
        Profiles.forTests = Map.of("jvm", CostModelTest.JVM, d.name(), CostModelTest.SLOW_CPU.toBuilder().target(d.name()).build());
        int n = 4_000_000;
        Kernel k = Fusion.plan(Graph.binary(Op.ADD, CostModelTest.input(DType.FLOAT32, n), CostModelTest.input(DType.FLOAT32, n))).kernels().get(0);
        Placement p = Placement.decide(List.of(k), AutoTarget.FASTEST, true, false);
        assertEquals("jvm", p.target(0).name(), p.describe());
        CostModel.Prediction pr = p.predictionOfChosen(0);
        assertTrue(pr.storage() > 0 && pr.storage() < pr.seconds(), "a new result's storage, part of the JVM's price: " + p.describe());
        assertEquals((pr.seconds() + pr.storage()) / pr.seconds(), p.storageGrowth(0, 1, 2.0), 1e-12, "the storage term doubles, the rest stays");
        p.margin = 1.6;                                 // its runner-up 1.6 times its price (a decision that acts works it out)
        double needed = p.margin - 1;                   // the growth that could change the choice
        double below = 1 + 0.9 * needed * pr.seconds() / pr.storage(), beyond = 1 + 1.1 * needed * pr.seconds() / pr.storage();
        assertFalse(p.movesTheDecision(p.storageGrowth(0, 1, below)), "a move short of the margin keeps the decision");
        assertTrue(p.movesTheDecision(p.storageGrowth(0, 1, beyond)), "a move past it makes it afresh");
    }
}
