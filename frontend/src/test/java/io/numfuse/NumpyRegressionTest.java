package io.numfuse;

import static org.junit.jupiter.api.Assertions.*;

import io.numfuse.core.DType;
import io.numfuse.core.NumfuseException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Disagreements with NumPy found by scripts/fuzz_cli.py, each pinned to NumPy's answer. */
class NumpyRegressionTest {
    @Test
    void unaryPlusFollowsPythonOnLiteralsAndNumpyOnArrays() {
        // Python: +True == 1 (an int); NumPy: np.positive has no bool loop; other dtypes unchanged
        NDArray t = Num.eval("+True", Map.of());
        assertEquals(DType.INT64, t.dtype());
        assertEquals(1.0, t.item());
        assertEquals(DType.INT64, Num.eval("+False + True", Map.of()).dtype());
        NDArray f = Num.array(1f, -2f);
        assertEquals(DType.FLOAT32, Num.eval("+f", Map.of("f", f)).dtype());
        assertEquals(DType.FLOAT64, Num.eval("+2.5", Map.of()).dtype());
        NDArray b = Num.array(true, false);
        assertThrows(NumfuseException.class, () -> Num.eval("+b", Map.of("b", b)).eval());
    }

    @Test
    void reductionsOfZeroDimensionalArraysAcceptAxisZeroAndMinusOne() {
        // np.sum(np.array(5), axis=0) == 5 and likewise axis=-1, prod, max, min; np.mean raises
        NDArray s = Num.eval("sum(3, axis=0)", Map.of());
        assertEquals(DType.INT64, s.dtype());
        assertEquals(3.0, s.item());
        NDArray x = Num.eval("sum(f)", Map.of("f", Num.array(1f, 2f)));
        assertEquals(3.0, Num.eval("max(x, axis=-1)", Map.of("x", x)).item());
        assertEquals(DType.FLOAT32, Num.eval("prod(x, 0)", Map.of("x", x)).dtype());
        assertEquals(2.0, Num.eval("min(2.0, axis=0)", Map.of()).item());
        assertThrows(NumfuseException.class, () -> Num.eval("sum(x, axis=1)", Map.of("x", x)));
        assertThrows(NumfuseException.class, () -> Num.eval("sum(x, axis=-2)", Map.of("x", x)));
        assertThrows(NumfuseException.class, () -> Num.eval("mean(x, axis=0)", Map.of("x", x)));
    }

    @Test
    void whereWrapsAWeakIntThatDoesNotFitInt32() {
        // np.where(c, 3000000000, i32) is int32 [-1294967296, 2]: where casts, it does not raise as a ufunc does
        NDArray c = Num.array(true, false), i = Num.array(1, 2);
        NDArray r = Num.eval("where(c, 3000000000, i)", Map.of("c", c, "i", i));
        assertEquals(DType.INT32, r.dtype());
        assertArrayEquals(new int[] { -1294967296, 2 }, r.toIntArray());
        assertArrayEquals(new int[] { 1, -1 }, Num.eval("where(c, i, 9223372036854775807)", Map.of("c", c, "i", i)).toIntArray());
        assertThrows(NumfuseException.class, () -> Num.eval("i + 3000000000", Map.of("i", i)));
    }

    @Test
    void powerByAScalarHalfIsSqrtAsInNumpysPowerLoop() {
        // np.array([-inf, 4.0]) ** 0.5 is [nan, 2.0] (NumPy's power loop uses sqrt); C's pow(-inf, 0.5) is inf
        NDArray a = Num.array(Double.NEGATIVE_INFINITY, 4.0), f = Num.array(Float.NEGATIVE_INFINITY, 9f);
        assertArrayEquals(new double[] { Double.NaN, 2.0 }, Num.eval("a ** 0.5", Map.of("a", a)).toDoubleArray());
        NDArray r = Num.eval("f ** 0.5", Map.of("f", f));
        assertEquals(DType.FLOAT32, r.dtype());
        assertArrayEquals(new float[] { Float.NaN, 3f }, r.toFloatArray());
        assertArrayEquals(new double[] { Double.POSITIVE_INFINITY, 8.0 }, Num.eval("a ** 1.5", Map.of("a", a)).toDoubleArray());
        assertEquals(Double.POSITIVE_INFINITY, Num.eval("(-1e400) ** 0.5", Map.of()).item());   // Python floats
    }

    @Test
    void float32ProductRoundsEachStepToFloat32() {
        // NumPy multiplies a float32 prod in order in float32: np.prod(np.float32([1e20, 1e20, 0])) is nan
        NDArray x = Num.array(1e20f, 1e20f, 0f), y = Num.array(1e30f, 1e30f, 1e-30f), z = Num.array(1e-30f, 1e-30f, 1e30f);
        assertTrue(Double.isNaN(Num.eval("prod(x)", Map.of("x", x)).item()));
        assertEquals(Double.POSITIVE_INFINITY, Num.eval("prod(y)", Map.of("y", y)).item());
        assertEquals(0.0, Num.eval("prod(z)", Map.of("z", z)).item());
        NDArray m = Num.array(1e30f, 2f, 1e30f, 3f, 1e-30f, 4f).reshape(3, 2);
        assertArrayEquals(new float[] { Float.POSITIVE_INFINITY, 24f }, Num.eval("prod(m, axis=0)", Map.of("m", m)).toFloatArray());
    }

    @Test
    void literalPowerFollowsPythonFloatPow() {
        // Python: 0 ** -1 and 0.0 ** -2.5 raise ZeroDivisionError, 1e10 ** 1e10 OverflowError,
        // (-8.0) ** 0.5 is complex; 2 ** -1 == 0.5, (-2) ** -3 == -0.125, 0.0 ** -inf == inf, 10.0 ** -400 == 0.0
        for (String e : new String[] { "0 ** -1", "0.0 ** -2.5", "False ** -1", "1e10 ** 1e10", "(-8.0) ** 0.5", "(-2) ** 0.5" }) {
            assertThrows(NumfuseException.class, () -> Num.eval(e, Map.of()), e);
        }
        assertEquals(0.5, Num.eval("2 ** -1", Map.of()).item());
        assertEquals(-0.125, Num.eval("(-2) ** -3", Map.of()).item());
        assertEquals(Double.POSITIVE_INFINITY, Num.eval("0.0 ** -1e400", Map.of()).item());
        assertEquals(0.0, Num.eval("10.0 ** -400", Map.of()).item());
        assertEquals(Double.POSITIVE_INFINITY, Num.eval("(-1e400) ** 0.5", Map.of()).item());
        assertEquals(1e300, Num.eval("1e150 ** 2", Map.of()).item(), 1e286);
    }

    @Test
    void int32ComparedWithAPythonIntOutsideInt32ByValue() {
        // NumPy 2: i32 < 2147483648 is all True, i32 == 2147483648 all False (no OverflowError for comparisons)
        NDArray i = Num.array(1, Integer.MIN_VALUE, Integer.MAX_VALUE);
        Map<String, NDArray> in = Map.of("i", i);
        assertArrayEquals(new boolean[] { true, true, true }, Num.eval("i < 2147483648", in).toBooleanArray());
        assertArrayEquals(new boolean[] { false, false, false }, Num.eval("i == 2147483648", in).toBooleanArray());
        assertArrayEquals(new boolean[] { true, true, true }, Num.eval("-2147483649 < i", in).toBooleanArray());
        assertArrayEquals(new boolean[] { false, true, false }, Num.eval("i <= -2147483648", in).toBooleanArray());
        assertThrows(NumfuseException.class, () -> Num.eval("maximum(i, 2147483648)", in));
    }

    @Test
    void boolArraySquaredWouldBeInt8AndIsRefused() {
        // np.array([True, False]) ** 2 is int8 (NumPy squares for a scalar exponent 2); ** 3 is int64
        NDArray c = Num.array(true, false);
        var e = assertThrows(NumfuseException.class, () -> Num.eval("c ** 2", Map.of("c", c)));
        assertTrue(e.getMessage().contains("int8"), e.getMessage());
        assertEquals(DType.INT64, Num.eval("c ** 3", Map.of("c", c)).dtype());
        assertEquals(DType.FLOAT64, Num.eval("c ** 2.0", Map.of("c", c)).dtype());
        assertEquals(DType.INT64, Num.eval("True ** 2", Map.of()).dtype());
    }

    @Test
    void int64MinimumLiteral() {
        // Python: -9223372036854775808 is int64's minimum; 9223372036854775808 alone is beyond int64
        NDArray e = Num.array(1L, Long.MIN_VALUE);
        assertArrayEquals(new boolean[] { false, true }, Num.eval("e == -9223372036854775808", Map.of("e", e)).toBooleanArray());
        assertArrayEquals(new long[] { Long.MIN_VALUE + 1, 0 }, Num.eval("e + -9223372036854775808", Map.of("e", e)).toLongArray());
        assertArrayEquals(new long[] { Long.MIN_VALUE + 1, 0 }, Num.eval("e + -0x8000000000000000", Map.of("e", e)).toLongArray());
        assertEquals(DType.INT64, Num.eval("-9223372036854775808", Map.of()).dtype());
        assertThrows(NumfuseException.class, () -> Num.eval("9223372036854775808", Map.of()));
        assertThrows(NumfuseException.class, () -> Num.eval("e - 9223372036854775808", Map.of("e", e)));
        assertEquals(Long.MIN_VALUE, Num.eval("-9223372036854775808 ** 1", Map.of()).itemLong());   // -(2**63 ** 1), folded exactly
    }

    @Test
    void integerLiteralsFoldAsPythonIntsAndMeetArraysAsNep50Says() {
        // NumPy 2.4 and Python 3.11: literal arithmetic is exact (it wrapped at int64: 2**64 was 0)
        Map<String, NDArray> in = Map.of("a", Num.array(0L, 1L, 2L), "i", Num.array(0, 1, 2), "f", Num.array(0x1p53, 0x1p64),
                "b", Num.array(true, false));
        NDArray r = Num.eval("a + 2**62*4/2", in);
        assertEquals(DType.FLOAT64, r.dtype());
        assertArrayEquals(new double[] { 9.223372036854776e18, 9.223372036854776e18, 9.223372036854776e18 }, r.toDoubleArray());
        assertArrayEquals(new long[] { 0, 16, 32 }, Num.eval("a * (2**64 // 2**60)", in).toLongArray());
        assertArrayEquals(new long[] { 5, 6, 7 }, Num.eval("a + (2**64 + 5) % 2**64", in).toLongArray());
        assertArrayEquals(new long[] { 0, 1, 2 }, Num.eval("a + (2**53 + 1 == 2.0**53)", in).toLongArray(), "compared exactly");
        // an int array compares by value with any int: a == 2**63 was True for -2**63
        assertArrayEquals(new boolean[] { false, false }, Num.eval("e == 2**63", Map.of("e", Num.array(Long.MIN_VALUE, 0L))).toBooleanArray());
        assertArrayEquals(new boolean[] { true, true, true }, Num.eval("a < 2**63", in).toBooleanArray());
        assertArrayEquals(new boolean[] { false, false, false }, Num.eval("2**64 < a", in).toBooleanArray());
        assertArrayEquals(new boolean[] { true, true, true }, Num.eval("a > -2**63 - 1", in).toBooleanArray());
        assertArrayEquals(new boolean[] { false, false, false }, Num.eval("i == 2**70", in).toBooleanArray());
        assertArrayEquals(new boolean[] { true, true, true }, Num.eval("i < 2**40", in).toBooleanArray());
        // ... but arithmetic with one that does not fit is NumPy 2's OverflowError (it wrapped)
        var e = assertThrows(NumfuseException.class, () -> Num.eval("a + 2**63", in));
        assertEquals("integer 9223372036854775808 out of bounds for int64", e.getMessage());
        assertThrows(NumfuseException.class, () -> Num.eval("i + 2**31", in));
        assertThrows(NumfuseException.class, () -> Num.eval("b == 2**64", in), "NumPy: a bool array does not compare by value");
        // a float array converts the int (f == 2**53 + 1 is True for 2.0**53, as in NumPy), and refuses one beyond float64
        assertArrayEquals(new boolean[] { true, false }, Num.eval("f == 2**53 + 1", in).toBooleanArray());
        assertArrayEquals(new boolean[] { false, true }, Num.eval("f == 2**64 + 1", in).toBooleanArray());
        assertArrayEquals(new double[] { 0, 5.421010862427522e-20, 1.0842021724855044e-19 }, Num.eval("a / 2**64", in).toDoubleArray());
        var tooBig = assertThrows(NumfuseException.class, () -> Num.eval("f + 2**1100", in));
        assertTrue(tooBig.getMessage().startsWith("int too large to convert to float"), tooBig.getMessage());
        assertEquals(0x1p64, Num.eval("float64(2**64)", Map.of()).item());
        // 2**10**9 is refused at once (Python would compute for minutes)
        assertTimeoutPreemptively(java.time.Duration.ofSeconds(10), () -> assertThrows(NumfuseException.class, () -> Num.eval("a + 2**10**9", in)));
    }
}
