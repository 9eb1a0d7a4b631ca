package io.numfuse.runtime;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code auto:prefer-device} asks for the programs it would run: it used to ask only for those the
 * cost model predicted fastest on the device, so work the model keeps on the JVM (small arrays, a
 * slow device) never got a program, and prefer-device ran it on the JVM for good.
 */
class PreferDeviceBuildsTest extends AutoTests {
    @Test
    void preferDeviceBuildsWhatTheModelWouldKeepOnTheJvm() {
        OpenClTarget d = OpenClTests.first();
        DeviceProfile slow = CostModelTest.SLOW_CPU.toBuilder().target(d.name()).kind(d.kind()).build();
        Profiles.forTests = Map.of("jvm", CostModelTest.JVM, d.name(), slow);   // the JVM predicted faster for everything here
        AutoTarget prefer = (AutoTarget) Targets.parse("auto:prefer-device");
        long nonce = System.nanoTime() ^ 0x5a5a;
        assertEquals(Map.of("jvm", 1L), SchedulerTest.ran(() -> Executor.evaluate(SchedulerTest.heavy(16, nonce, 3), null, prefer)),
                "no program yet: the JVM, not waiting");
        Background.drain();                                                       // the program it asked for, built
        assertEquals(Map.of(d.name(), 1L), SchedulerTest.ran(() -> Executor.evaluate(SchedulerTest.heavy(16, nonce, 3), null, prefer)),
                "then the device");
    }
}
