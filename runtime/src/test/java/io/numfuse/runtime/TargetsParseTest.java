package io.numfuse.runtime;

import static org.junit.jupiter.api.Assertions.*;

import io.numfuse.core.NumfuseException;
import org.junit.jupiter.api.Test;

/** Target names that are refused, with a message that says why; none needs an OpenCL device. */
class TargetsParseTest {
    private static String refusal(String spec) {
        return assertThrows(NumfuseException.class, () -> Targets.parse(spec)).getMessage();
    }

    /** A device index beyond an int is a number out of range (it used to be called "not a number"). */
    @Test
    void aDeviceIndexBeyondAnIntIsOutOfRange() {
        for (String spec : new String[] { "opencl:99999999999", "gpu:99999999999", "cpu:-99999999999" }) {
            String m = refusal(spec);
            assertTrue(m.contains("out of range") && m.contains(spec), m);
            assertFalse(m.contains("must be a number"), m);
        }
    }

    /** Auto takes one policy and one kind of device: a second one used to win silently over the first. */
    @Test
    void autoRefusesTwoPoliciesTwoKindsAndAKindForTheJvmPolicy() {
        for (String spec : new String[] { "auto:cpu:gpu", "auto:jvm:random", "auto:fastest:prefer-device", "auto:gpu:gpu" }) {
            assertTrue(refusal(spec).contains("at most one policy"), spec + ": " + refusal(spec));
        }
        assertTrue(refusal("auto:jvm:gpu").contains("auto:jvm uses no device"), refusal("auto:jvm:gpu"));
        assertTrue(refusal("auto:gpu:").contains("unknown target"), refusal("auto:gpu:"));
        assertEquals("auto:prefer-device:cpu", Targets.parse("auto:cpu:prefer-device").name());
        assertSame(AutoTarget.FASTEST, Targets.parse("auto:fastest"));
    }

    @Test
    void aDeviceThatIsNotANumberIsSaidToBeOne() {
        assertTrue(refusal("opencl:x").contains("the device must be a number"));
    }

    /** No name at all ({@code Num.on(null, ...)}, {@code a.eval(null)}) is a numfuse error that lists the names, not a bare NullPointerException. */
    @Test
    void noNameIsRefusedWithTheNames() {
        String m = refusal(null);
        assertTrue(m.contains("no target named") && m.contains("jvm"), m);
    }
}
