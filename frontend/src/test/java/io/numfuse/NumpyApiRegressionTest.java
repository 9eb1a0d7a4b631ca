package io.numfuse;

import static org.junit.jupiter.api.Assertions.*;

import io.numfuse.core.DType;
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

    @Test
    void arangeFillsAsNumpyDoes() {
        // NumPy's arange stores start and start + step, then start + i*delta with delta = (start + step) - start
        // (its fill loop); start + i*step differs in the last bit at 28 of np.arange(-3.3, 7.9, 0.37)'s 31 elements
        for (String t : targets()) {
            Num.useTarget(t);
            double[] r = Num.arange(-3.3, 7.9, 0.37).toDoubleArray();
            assertEquals(31, r.length, t);
            double delta = (-3.3 + 0.37) - -3.3;
            for (int i = 2; i < r.length; i++) assertEquals(-3.3 + i * delta, r[i], 0.0, t + " at " + i);
            assertEquals(-3.3 + 0.37, r[1], 0.0, t);
            r = Num.arange(0.1, 300.3, 100.0).toDoubleArray();
            assertArrayEquals(new double[] { 0.1, 0.1 + 100.0, 0.1 + 2 * ((0.1 + 100.0) - 0.1), 0.1 + 3 * ((0.1 + 100.0) - 0.1) }, r, 0.0, t);
        }
        // np.arange(0, nan, 1) and np.arange(nan, 1, 1): "arange: cannot compute length"; numfuse gave an empty array
        ValueException e = assertThrows(ValueException.class, () -> Num.arange(0, Double.NaN, 1));
        assertTrue(e.getMessage().contains("cannot compute length"), e.getMessage());
        assertThrows(ValueException.class, () -> Num.arange(Double.NaN, 1, 1));
        assertThrows(ValueException.class, () -> Num.arange(0, 1, Double.NaN));
        assertThrows(ValueException.class, () -> Num.arange(0, Double.POSITIVE_INFINITY, 1));
    }

    @Test
    void javaIntegerScalarsAreWeakIntsInComparisonsMaximumAndWhere() {
        // np.array([2**53, 2**53+1, -5]) == 2**53+1 is [F, T, F]: a Python int compares with an int64 array exactly;
        // a Java long went to eq(double) and compared in float64 ([T, T, F]). np.maximum(i32, 0) and
        // np.where(c, i32, 0) are int32; maximum(0) and where(c, i, 0) were float64
        long big = (1L << 53) + 1;
        for (String t : targets()) {
            Num.useTarget(t);
            NDArray l = Num.array(1L << 53, big, -5L);
            assertArrayEquals(new boolean[] { false, true, false }, l.eq(big).toBooleanArray(), t);
            assertArrayEquals(new boolean[] { true, false, true }, l.ne(big).toBooleanArray(), t);
            assertArrayEquals(new boolean[] { true, false, true }, l.lt(big).toBooleanArray(), t);
            assertArrayEquals(new boolean[] { true, false, true }, l.le(1L << 53).toBooleanArray(), t);
            assertArrayEquals(new boolean[] { false, true, false }, l.gt(1L << 53).toBooleanArray(), t);
            assertArrayEquals(new boolean[] { false, true, false }, l.ge(big).toBooleanArray(), t);
            assertArrayEquals(new long[] { 1L << 53, 1L << 53, -5 }, l.minimum(1L << 53).toLongArray(), t);
            assertArrayEquals(new long[] { 1L << 53, big, big }, Num.where(l.gt(0), l, big).toLongArray(), t);
            NDArray i = Num.array(3, -7, 0);
            NDArray r = i.maximum(0);
            assertEquals(DType.INT32, r.dtype(), t);
            assertArrayEquals(new int[] { 3, 0, 0 }, r.toIntArray(), t);
            assertEquals(DType.INT32, Num.where(i.gt(0), i, 0).dtype(), t);
            assertArrayEquals(new int[] { 0, -7, 0 }, Num.where(i.gt(0), 0, i).toIntArray(), t);
            // out of int32: compared by value, an error in maximum, wrapped by where (as NumPy's where casts)
            assertArrayEquals(new boolean[] { true, true, true }, i.lt(3_000_000_000L).toBooleanArray(), t);
            assertArrayEquals(new boolean[] { false, false, false }, i.eq(3_000_000_000L).toBooleanArray(), t);
            assertThrows(ValueException.class, () -> i.maximum(3_000_000_000L), t);
            assertEquals(DType.INT32, Num.where(i.gt(0), i, 3_000_000_000L).dtype(), t);
            // a float array converts the int, and a double stays a weak float
            assertEquals(DType.FLOAT32, Num.array(1.5f).maximum(2).dtype(), t);
            assertEquals(DType.FLOAT64, i.maximum(0.0).dtype(), t);
        }
    }

    @Test
    void randintRefusesARangeOutOfTheDtype() {
        // rng.integers(0, 3000000000, dtype=np.int32): "high is out of bounds for int32" (numfuse stored the values wrapped,
        // negative); likewise low below int32's minimum, and bool beyond [0, 2)
        ValueException e = assertThrows(ValueException.class, () -> Num.randint(1, 0, 3_000_000_000L, DType.INT32, 4));
        assertTrue(e.getMessage().contains("high (3000000000) is out of bounds for int32"), e.getMessage());
        assertThrows(ValueException.class, () -> Num.randint(1, -2_147_483_649L, 0, DType.INT32, 4));
        assertThrows(ValueException.class, () -> Num.randint(1, 0, 3, DType.BOOL, 4));
        assertThrows(ValueException.class, () -> Num.randint(1, -1, 1, DType.BOOL, 4));
        // the widest ranges that fit are kept
        for (int v : Num.randint(1, Integer.MIN_VALUE, 1L << 31, DType.INT32, 100).toIntArray()) assertTrue(v >= Integer.MIN_VALUE);
        assertEquals(100, Num.randint(1, 0, 2, DType.BOOL, 100).size());
        assertEquals(DType.FLOAT64, Num.randint(1, -3_000_000_000L, 3_000_000_000L, DType.FLOAT64, 3).dtype());
    }

    @Test
    void fullWithAJavaLongIsExact() {
        // np.full(2, 2**53 + 1, dtype=np.int64) is exact; Num.full took only a double, which rounded it to 2**53
        long big = (1L << 53) + 1;
        assertArrayEquals(new long[] { big, big }, Num.full(DType.INT64, big, 2).toLongArray());
        assertArrayEquals(new long[] { -big }, Num.fullLike(Num.array(1L), -big).toLongArray());
        assertArrayEquals(new int[] { 7, 7 }, Num.full(DType.INT32, 7, 2).toIntArray());
        assertArrayEquals(new boolean[] { true }, Num.full(DType.BOOL, 2, 1).toBooleanArray());   // np.full(1, 2, dtype=bool)
        assertEquals(DType.FLOAT32, Num.full(DType.FLOAT32, 3, 1).dtype());
        assertArrayEquals(new int[] { 2, 2 }, Num.full(DType.INT32, 2.7, 2).toIntArray());   // a double still converts as astype
        assertThrows(ValueException.class, () -> Num.full(DType.INT32, 3_000_000_000L, 2));   // NumPy's OverflowError
    }

    @Test
    void anExpressionThatLeavesItsInputUnchangedIsANewArray() {
        // r = +a; r[0] = 9 leaves a alone in NumPy (np.positive and astype copy); Num.eval("+a") returned a itself
        // and Num.eval("float64(a)") an array on a's memory, so writing into the result wrote into a
        for (String t : targets()) {
            Num.useTarget(t);
            for (String e : new String[] { "+a", "float64(a)", "+float64(+a)" }) {
                NDArray a = Num.array(1.0, 2.0, 3.0).eval();
                NDArray r = Num.eval(e, java.util.Map.of("a", a));
                r.set(9.0, 0);
                assertArrayEquals(new double[] { 1, 2, 3 }, a.toDoubleArray(), t + " " + e);
                assertArrayEquals(new double[] { 9, 2, 3 }, r.toDoubleArray(), t + " " + e);
            }
            NDArray i = Num.array(1L, 2L).add(1L);   // pending: the result is a new array too
            Num.eval("int64(i)", java.util.Map.of("i", i)).assign(0L);
            assertArrayEquals(new long[] { 2, 3 }, i.toLongArray(), t);
            NDArray a = Num.array(1.0);
            assertSame(a, Num.eval("a", java.util.Map.of("a", a)), t);   // Python's eval("a") is a
        }
    }
}
