package io.numfuse.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.numfuse.ir.View;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * auto's copy back of a result the host reads at once, on this machine's OpenCL device with
 * profiles the test gives ({@link SchedulerTest}'s): made within the device's timed run, so that
 * the model, whose price for the device has that copy, learns what it took.
 */
class ReadBackTest extends AutoTests {
    /**
     * A result the host reads at once ({@code hostReads}) that auto ran on a device is copied back
     * within the device's run, whose time the model learns from, since its price for the device has
     * that copy; a result the host does not read stays on the device. Copied when the host read
     * it, after the run, the copy was never learnt: a resident a+b over 10^5 float32 stayed on PoCL
     * at 4x the JVM's time, each read taking longer than the copy's price.
     */
    @Test
    void aResultTheHostReadsAtOnceIsCopiedBackInTheDevicesRun() {
        OpenClTarget d = OpenClTests.first();
        Profiles.forTests = Map.of("jvm", SchedulerTest.SLOW_JVM, d.name(), SchedulerTest.fastDevice(d.name()));
        int n = 1 << 20;
        long nonce = System.nanoTime();
        double[] want = OpenClTests.doubles(Executor.evaluate(SchedulerTest.heavy(n, nonce, 0.5), null, InterpreterTarget.INSTANCE));
        Executor.evaluate(SchedulerTest.heavy(n, nonce, 0.5), null, AutoTarget.FASTEST);   // on the JVM while the device's program builds
        Background.drain();
        View[] read = new View[1], left = new View[1];
        assertEquals(Map.of(d.name(), 1L), SchedulerTest.ran(() -> read[0] = Executor.evaluate(SchedulerTest.heavy(n, nonce, 0.5), null, AutoTarget.FASTEST, true)));
        assertEquals(java.util.Set.of("jvm", d.name()), DeviceCopies.currentAt(read[0].buffer()), "copied back in the run: " + LastPlacement.last().describe());
        assertEquals(Map.of(d.name(), 1L), SchedulerTest.ran(() -> left[0] = Executor.evaluate(SchedulerTest.heavy(n, nonce, 0.5), null, AutoTarget.FASTEST, false)));
        assertEquals(java.util.Set.of(d.name()), DeviceCopies.currentAt(left[0].buffer()), "not read: left on the device");
        SchedulerTest.close(want, read[0], "read at once");
        SchedulerTest.close(want, left[0], "left on the device");
    }
}
