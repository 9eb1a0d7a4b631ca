package io.numfuse.runtime;

import static org.junit.jupiter.api.Assertions.*;

import io.numfuse.ir.Fusion;
import io.numfuse.ir.KernelKey;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A run timed across one of numfuse's requests to the collector (a full collection, 8-18 ms here)
 * teaches the model nothing, and counts as a run all the same: the model has seen the target run
 * the kernel ({@link Background#onlyCollected}).
 */
class CollectedRunsTest extends AutoTests {
    @Test
    void aRunAcrossARequestToTheCollectorCountsAndTeachesNothing() {
        OpenClTarget d = OpenClTests.first();
        Profiles.forTests = Map.of("jvm", SchedulerTest.SLOW_JVM, d.name(), SchedulerTest.fastDevice(d.name()));   // the device wins
        int n = 1 << 16;
        long nonce = System.nanoTime() ^ 0x77;
        Executor.evaluate(SchedulerTest.heavy(n, nonce, 1), null, AutoTarget.FASTEST);   // its program builds meanwhile
        Background.drain();
        KernelKey key = Fusion.plan(SchedulerTest.heavy(n, nonce, 1)).kernels().getFirst().key();
        d.releaseCopies();
        DeviceCopies.budgetBytes = 5 * 8000;     // every new device buffer past the budget: the collector is asked
        DeviceCopies.collectIntervalNanos = 0;
        try {
            int runs = Placement.LEARNING.runsOf(d.name(), key, n);
            long requests = DeviceCopies.collections.get(), onDevice = 0;
            for (int i = 0; i < 8; i++) {
                Decisions.forget();                  // decided afresh: each evaluation may teach
                var before = KernelRuns.snapshot();
                Executor.evaluate(SchedulerTest.heavy(n, nonce, 1), null, AutoTarget.FASTEST);
                onDevice += KernelRuns.since(before).getOrDefault(d.name(), 0L);
            }
            assertTrue(onDevice >= 6 && DeviceCopies.collections.get() - requests >= onDevice,
                    "the device ran it " + onDevice + " times, asking the collector each time: " + LastPlacement.last().describe());
            assertEquals(runs + onDevice, Placement.LEARNING.runsOf(d.name(), key, n), "each run counted: " + LastPlacement.last().describe());
            assertEquals(1.0, Placement.LEARNING.factor(d.name(), key, n, "map.transcendental32"), "and taught nothing");
        } finally {
            DeviceCopies.budgetBytes = Long.getLong("numfuse.opencl.residentBytes", -1);
            DeviceCopies.collectIntervalNanos = 1_000_000_000L;
        }
    }

}
