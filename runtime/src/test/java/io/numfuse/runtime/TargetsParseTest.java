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

    @Test
    void aDeviceThatIsNotANumberIsSaidToBeOne() {
        assertTrue(refusal("opencl:x").contains("the device must be a number"));
    }
}
