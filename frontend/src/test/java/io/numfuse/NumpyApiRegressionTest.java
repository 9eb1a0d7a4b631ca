package io.numfuse;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Disagreements with NumPy 2.x found by driving the Java API the way an application does
 * (views, writes, slicing), each pinned to NumPy's answer on every target.
 */
class NumpyApiRegressionTest {

    static List<String> targets() { return WriteProperties.targets(); }

    @AfterEach
    void back() { Num.useTarget("auto"); }

    @Test
    void aSliceStepBeyondTheLengthTakesOneElementEvenNearLongsLimits() {
        // np.arange(8.)[::2**63-1] is [0.], [::-2**63] is [7.]; (stop - start + step - 1) overflowed to an empty slice
        for (String t : targets()) {
            Num.useTarget(t);
            NDArray a = Num.arange(8).mul(1.0);
            assertArrayEquals(new double[] { 0 }, a.slice("::9223372036854775807").toDoubleArray(), t);
            assertArrayEquals(new double[] { 7 }, a.slice("::-9223372036854775808").toDoubleArray(), t);
            assertArrayEquals(new double[] { 7 }, a.slice("::-9223372036854775807").toDoubleArray(), t);
            assertArrayEquals(new double[] { 2 }, a.slice("2::9223372036854775806").toDoubleArray(), t);
            assertArrayEquals(new double[] { 5 }, a.slice("5:-100:-9223372036854775807").toDoubleArray(), t);
            assertArrayEquals(new double[] { 6, 3, 0 }, a.slice("-2::-3").toDoubleArray(), t);
            assertArrayEquals(new double[0], a.slice("7:0:9223372036854775807").toDoubleArray(), t);
        }
    }
}
