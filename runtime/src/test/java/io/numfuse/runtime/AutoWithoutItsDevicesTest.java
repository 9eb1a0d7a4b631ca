package io.numfuse.runtime;

import static org.junit.jupiter.api.Assertions.*;

import io.numfuse.core.DType;
import io.numfuse.ir.Buffer;
import io.numfuse.ir.Fusion;
import io.numfuse.ir.Graph;
import io.numfuse.ir.Kernel;
import io.numfuse.ir.Op;
import io.numfuse.ir.View;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Auto with no device to choose says why it runs on the JVM: {@code auto:accelerator} on a
 * machine without an accelerator used to be explained as "auto:jvm: the JVM only", a policy the
 * user never named, and a device without a profile under {@code numfuse.calibration=off} (the
 * tests' setting) as "calibrating in the background", which nothing does then.
 */
class AutoWithoutItsDevicesTest extends AutoTests {
    private static List<Kernel> kernels() {
        int n = 1 << 20;
        Buffer a = Buffer.allocate(DType.FLOAT64, n);
        return Fusion.plan(Graph.unary(Op.EXP, Graph.leaf(View.contiguous(a, n)))).kernels();
    }

    @Test
    void aDeviceWithoutAProfileUnderCalibrationOffIsNotSaidToBeCalibrating() {
        OpenClTests.first();
        assertEquals("off", Profiles.CALIBRATION, "the tests' setting");
        Profiles.forTests = java.util.Map.of("jvm", CostModelTest.JVM);   // the device has none
        String explained = Executor.describePlacement(kernels(), AutoTarget.FASTEST, true);
        assertTrue(explained.contains("numfuse.calibration=off") && !explained.contains("calibrating in the background"), explained);
    }

    @Test
    void anUnknownCalibrationSettingIsTheDefaultWithAWarning() throws Exception {
        assertEquals("now", Profiles.calibration(" NOW "));
        String err = ProgramCacheTests.stderrOf(() -> assertEquals("background", Profiles.calibration("bogus")));
        assertTrue(err.contains("-Dnumfuse.calibration=bogus is not background, now or off"), err);
    }

    @Test
    void autoOfAKindThisMachineLacksSaysSo() {
        assertTrue(OpenClTarget.all().stream().noneMatch(d -> d.kind() == DeviceProfile.Kind.ACCELERATOR), "this test needs a machine without an accelerator");
        Profiles.forTests = java.util.Map.of("jvm", CostModelTest.JVM);
        String explained = Executor.describePlacement(kernels(), Targets.parse("auto:accelerator"), true);
        assertFalse(explained.contains("auto:jvm"), explained);
        assertTrue(explained.contains(OpenClTarget.all().isEmpty() ? "no OpenCL device" : "no accelerator device for auto:accelerator"), explained);
        String jvm = Executor.describePlacement(kernels(), Targets.parse("auto:jvm"), true);
        assertTrue(jvm.contains("auto:jvm: the JVM only"), jvm);
    }
}
