package io.numfuse;

import static org.junit.jupiter.api.Assertions.*;

import io.numfuse.core.ValueException;
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

    @Test
    void everyViewOfABroadcastViewIsReadOnly() {
        // b = np.broadcast_to(f, (2, 8)): b[0, 1] = 9, b[0] = 9, b.T[...] = 9 and b[0:1] = 9 all raise
        // "assignment destination is read-only"; numfuse's set (and writes through views of b that
        // dropped or shortened its stretched axis) wrote into f
        for (String t : targets()) {
            Num.useTarget(t);
            NDArray f = Num.arange(8).mul(1.0);
            NDArray b = f.broadcastTo(2, 8);
            assertThrows(ValueException.class, () -> b.set(9.0, 0, 1), t);
            assertThrows(ValueException.class, () -> b.set(9L, 1, 1), t);
            assertThrows(ValueException.class, () -> b.slice("0").assign(9.0), t);
            assertThrows(ValueException.class, () -> b.slice("0:1").assign(9.0), t);
            assertThrows(ValueException.class, () -> b.index(1).assign(Num.arange(8)), t);
            assertThrows(ValueException.class, () -> b.transpose().slice("1").assign(9.0), t);
            assertThrows(ValueException.class, () -> b.slice("0").put(Num.array(1), Num.array(9.0)), t);
            assertThrows(ValueException.class, () -> b.slice("0").maskAssign(f.gt(3.0), 9.0), t);
            assertArrayEquals(new double[] { 0, 1, 2, 3, 4, 5, 6, 7 }, f.toDoubleArray(), t);
            // a copy of it is writable, and so is the array it broadcasts
            NDArray c = b.copy().set(9.0, 0, 1);
            assertEquals(9.0, c.getDouble(0, 1), t);
            assertEquals(1.0, c.getDouble(1, 1), t);
            f.set(5.0, 0);
            assertEquals(5.0, b.getDouble(1, 0), t);
        }
    }
}
