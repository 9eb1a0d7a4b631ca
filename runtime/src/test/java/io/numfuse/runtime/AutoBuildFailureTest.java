package io.numfuse.runtime;

import static org.junit.jupiter.api.Assertions.*;

import io.numfuse.ir.Fusion;
import io.numfuse.ir.Kernel;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A program auto asked a device for that fails to build: auto keeps the kernel on the JVM, warns
 * once, and explain says the build failed. It used to say nothing, and explain claimed for good
 * that the device "would be faster once its program is built (building in the background)".
 */
class AutoBuildFailureTest extends AutoTests {
    @Test
    void aFailedBuildIsWarnedAboutAndExplained() throws Exception {
        OpenClTarget d = OpenClTests.first();
        Profiles.forTests = Map.of("jvm", SchedulerTest.SLOW_JVM, d.name(), SchedulerTest.fastDevice(d.name()));   // the device predicted faster
        long nonce = System.nanoTime() ^ 0x3c3c;
        int n = 1 << 20;
        d.buildWarned.set(false);
        OpenClDevice.fault = OpenClDevice.Fault.BUILD;
        String err;
        try {
            err = ProgramCacheTests.stderrOf(() -> {
                assertEquals(Map.of("jvm", 1L), SchedulerTest.ran(() -> Executor.evaluate(SchedulerTest.heavy(n, nonce, 7), null, AutoTarget.FASTEST)));
                Background.drain();                                // the build it asked for, failed
            });
        } finally {
            OpenClDevice.fault = OpenClDevice.Fault.NONE;
        }
        assertTrue(err.contains("failed to build on " + d.name()) && err.contains("auto runs such kernels on the JVM"), err);
        List<Kernel> kernels = Fusion.plan(SchedulerTest.heavy(n, nonce, 7)).kernels();
        String explained = Executor.describePlacement(kernels, AutoTarget.FASTEST, true);
        assertTrue(explained.contains(d.name() + " would be faster, but its program failed to build"), explained);
        assertTrue(explained.contains("(its build failed)") && !explained.contains("building in the background"), explained);
        assertEquals(Map.of("jvm", 1L), SchedulerTest.ran(() -> Executor.evaluate(SchedulerTest.heavy(n, nonce, 7), null, AutoTarget.FASTEST)),
                "still the JVM, without a failure");
    }
}
