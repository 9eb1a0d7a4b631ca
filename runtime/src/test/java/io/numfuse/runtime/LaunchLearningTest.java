package io.numfuse.runtime;

import static org.junit.jupiter.api.Assertions.*;

import io.numfuse.ir.Buffer;
import io.numfuse.ir.Graph;
import io.numfuse.ir.Node;
import io.numfuse.ir.Op;
import io.numfuse.ir.View;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A device's launch as its runs show it ({@link Launches}): a profile whose launch is wrong (a
 * calibration on a busy machine) is corrected by the device's runs, which a kernel's correction
 * could not do (its time less a launch priced too high is below zero, and teaches nothing).
 */
class LaunchLearningTest extends AutoTests {
    @BeforeEach
    void learnLaunches() { Launches.learning = true; }

    /** A prediction of {@code launch} seconds of launch and {@code rest} of execution. */
    private static CostModel.Prediction predicted(double launch, double rest) {
        return new CostModel.Prediction(launch + rest, rest, 0, launch, 0, CostModel.LinkedCopies.NONE);
    }

    @Test
    void theMedianOfTheLatestLaunchSamplesReplacesAWrongLaunchOnceThereAreEnough() {
        Launches l = new Launches();
        double[] runs = { 31e-6, 35e-6, 29e-6, 300e-6, 33e-6, 30e-6, 36e-6 };   // one after a pause: it counts, and the median ignores it
        for (double r : runs) assertFalse(l.observe("opencl:9", r, predicted(130e-6, 1e-6), 130e-6));
        assertTrue(Double.isNaN(l.launch("opencl:9")), "seven samples replace nothing");
        assertTrue(l.observe("opencl:9", 34e-6, predicted(130e-6, 1e-6), 130e-6), "the eighth replaces a launch priced at four times what the runs show");
        assertEquals(32.5e-6, l.launch("opencl:9"), 1e-12, "the median of the eight, each less its predicted execution");
        assertTrue(Double.isNaN(l.launch("opencl:8")), "per device");
        for (int i = 0; i < 2 * Launches.SAMPLES; i++) {   // runs longer than the profile says, each priced with the launch in use
            double inUse = Double.isNaN(l.launch("opencl:9")) ? 130e-6 : l.launch("opencl:9");
            l.observe("opencl:9", 141e-6, predicted(inUse, 1e-6), 130e-6);
        }
        double now = Double.isNaN(l.launch("opencl:9")) ? 130e-6 : l.launch("opencl:9");
        assertTrue(now >= 70e-6 && now <= 130e-6, "back up, within a factor of 2 of the runs, never above the profile's: " + now);
    }

    @Test
    void runsMostlyOtherThanTheirLaunchTeachNothingAndALaunchNearTheOneInUseStays() {
        Launches l = new Launches();
        for (int i = 0; i < 40; i++) assertFalse(l.observe("opencl:9", 100e-6, predicted(130e-6, 30e-6), 130e-6), "execution 30% of the run");
        // a kernel whose execution the model underestimates (a resident a+b*c over 10^6 float32 in
        // its first runs on PoCL): its predicted execution is a ninth of its run, but three times the launch
        for (int i = 0; i < 40; i++) assertFalse(l.observe("opencl:9", 830e-6, predicted(30e-6, 98e-6), 30e-6), "execution above a tenth of the launch");
        assertTrue(Double.isNaN(l.launch("opencl:9")));
        for (int i = 0; i < 40; i++) assertFalse(l.observe("opencl:9", 70e-6, predicted(130e-6, 1e-6), 130e-6), "within a factor of 2 under the profile's");
        assertTrue(Double.isNaN(l.launch("opencl:9")));
        // never above the profile's: each kernel's correction absorbs a launch priced too low, and a
        // launch learnt from single kernels after pauses overprices a chain, whose later kernels wait for none
        for (int i = 0; i < 40; i++) assertFalse(l.observe("opencl:9", 300e-6, predicted(130e-6, 1e-6), 130e-6), "above the profile's");
        assertTrue(Double.isNaN(l.launch("opencl:9")));
        Launches.learning = false;
        for (int i = 0; i < 40; i++) assertFalse(l.observe("opencl:9", 10e-6, predicted(130e-6, 0), 130e-6));
        assertTrue(Double.isNaN(l.launch("opencl:9")), "not learning");
    }

    /**
     * On this machine's device, with a profile that says a launch takes 2 ms (some 50 times what
     * PoCL takes): runs of a small resident kernel there bring the price of a launch, in the
     * profile auto uses from then on, down to what they took.
     */
    @Test
    void aDevicesRunsCorrectALaunchItsProfileMadeFarTooLong() {
        OpenClTarget d = OpenClTests.first();
        Profiles.forTests = Map.of("jvm", CostModelTest.JVM, d.name(), SchedulerTest.fastDevice(d.name()).toBuilder().launchSeconds(2e-3).build());
        AutoTarget preferDevice = AutoTarget.parse("prefer-device");
        int n = 1000;
        Node onHost = SchedulerTest.heavy(n, System.nanoTime(), 0.5);
        Buffer onDevice = Executor.evaluate(onHost, null, d).buffer();   // resident: auto's runs there copy nothing
        Node x = Graph.leaf(View.contiguous(onDevice, n));
        d.prepare(java.util.List.of(io.numfuse.ir.Fusion.plan(Graph.binary(Op.ADD, x, x)).kernels().getFirst()));   // built: the device runs it at once
        assertEquals(2e-3, Profiles.of(d).launchSeconds());
        for (int i = 0; i < 40 && Double.isNaN(Placement.LEARNING.launches.launch(d.name())); i++) {
            Background.drain();   // a run while a build goes on teaches nothing
            assertEquals(Map.of(d.name(), 1L), SchedulerTest.ran(() -> Executor.evaluate(Graph.binary(Op.ADD, x, x), null, preferDevice)));
        }
        double learnt = Placement.LEARNING.launches.launch(d.name());
        assertTrue(learnt < 1e-3, "the device's runs taught a launch of " + learnt + " s");
        assertEquals(learnt, Profiles.of(d).launchSeconds(), "auto prices the device with it");
        Placement.LEARNING.forgetAll();
        assertEquals(2e-3, Profiles.of(d).launchSeconds(), "forgotten with the rest of what was learnt");
    }
}
