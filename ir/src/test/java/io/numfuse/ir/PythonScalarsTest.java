package io.numfuse.ir;

import io.numfuse.core.DType;
import io.numfuse.core.ValueException;
import static io.numfuse.ir.InterpreterSemanticsTest.doubles;
import static io.numfuse.ir.InterpreterSemanticsTest.ints;
import static io.numfuse.ir.InterpreterSemanticsTest.longs;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Weak (Python) ints: folded exactly as Python folds them, and given NumPy 2's meaning where they
 * meet an array (NEP 50). Expected values are Python 3.11's and NumPy 2.4's.
 */
class PythonScalarsTest {

    private static BigInteger big(String decimal) { return new BigInteger(decimal); }

    private static final BigInteger TWO_63 = BigInteger.ONE.shiftLeft(63), TWO_64 = BigInteger.ONE.shiftLeft(64);

    private static Node.Const fold(Op op, Node.Const a, Node.Const b) { return (Node.Const) Graph.binary(op, a, b); }

    private static Node.Const w(long v) { return Graph.weak(v); }

    private static Node.Const w(BigInteger v) { return Graph.weak(v); }

    // ---- folding two literals ----------------------------------------------------------------

    @Test
    void intLiteralsFoldWithoutWrapping() {
        Node.Const p64 = fold(Op.MUL, fold(Op.POW, w(2), w(62)), w(4));   // 2**62*4
        assertFalse(p64.fitsInt64());
        assertEquals(TWO_64, p64.bigIntegerValue(), "int64 arithmetic gave 0");
        Node.Const half = fold(Op.DIV, p64, w(2));
        assertEquals(DType.FLOAT64, half.dtype());
        assertEquals(9.223372036854776e18, half.doubleValue());
        assertEquals(0L, fold(Op.SUB, p64, w(TWO_64)).longValue());
        assertEquals(TWO_63.negate(), fold(Op.SUB, w(0), w(TWO_63)).bigIntegerValue());
        assertTrue(fold(Op.SUB, w(0), w(TWO_63)).fitsInt64(), "-2**63 is int64's minimum");
        assertEquals(Long.MIN_VALUE, ((Node.Const) Graph.unary(Op.NEG, w(TWO_63))).longValue());
    }

    @Test
    void floorDivisionAndModuloRoundTowardMinusInfinity() {
        BigInteger m70 = BigInteger.ONE.shiftLeft(70).negate();
        assertEquals(big("-393530540239137101142"), fold(Op.FLOOR_DIV, w(m70), w(3)).bigIntegerValue());
        assertEquals(2L, fold(Op.MOD, w(m70), w(3)).longValue());
        assertEquals(-2L, fold(Op.MOD, w(m70.negate()), w(-3)).longValue());
        assertThrows(ValueException.class, () -> fold(Op.MOD, w(m70), w(0)));
        assertThrows(ValueException.class, () -> fold(Op.FLOOR_DIV, w(m70), Graph.weak(false)));
    }

    @Test
    void bitwiseOperatorsAndInvertWorkOnUnboundedInts() {
        assertEquals(big("-18446744073709551617"), ((Node.Const) Graph.unary(Op.NOT, w(TWO_64))).bigIntegerValue());
        assertEquals(0L, fold(Op.AND, w(TWO_64.negate()), w(0xFF)).longValue());
        assertEquals(big("-18446744073709551617"), fold(Op.XOR, w(TWO_64), w(-1)).bigIntegerValue());
        assertEquals(big("18446744073709551617"), fold(Op.OR, w(TWO_64), w(1)).bigIntegerValue());
        assertEquals(DType.BOOL, fold(Op.AND, Graph.weak(true), Graph.weak(true)).dtype());
        assertEquals(-2L, ((Node.Const) Graph.unary(Op.NOT, Graph.weak(true))).longValue(), "~True == -2");
    }

    @Test
    void powersFollowPython() {
        assertEquals(BigInteger.TWO.pow(100), fold(Op.POW, w(2), w(100)).bigIntegerValue());
        assertEquals(-1L, fold(Op.POW, w(-1), w(TWO_64.add(BigInteger.ONE))).longValue(), "(-1) ** odd");
        assertEquals(0L, fold(Op.POW, w(0), w(TWO_64)).longValue());
        assertEquals(0.5, fold(Op.POW, w(2), w(-1)).doubleValue());
        assertThrows(ValueException.class, () -> fold(Op.POW, w(0), w(-1)));
        assertThrows(ValueException.class, () -> fold(Op.POW, w(TWO_64.pow(64)), w(-1)), "int too large to convert to float");
    }

    /** Python would compute 2**10**9 for minutes; numfuse refuses results beyond Graph.MAX_INT_BITS at once. */
    @Test
    void hugePowersAreRefusedAtOnce() {
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            var e = assertThrows(ValueException.class, () -> fold(Op.POW, w(2), fold(Op.POW, w(10), w(9))));
            assertTrue(e.getMessage().contains("2 ** 1000000000"), e.getMessage());
            assertThrows(ValueException.class, () -> fold(Op.POW, w(3), w(Graph.MAX_INT_BITS)));
            assertThrows(ValueException.class, () -> fold(Op.POW, w(2), w(TWO_64)));
            Node.Const half = fold(Op.SUB, fold(Op.POW, w(2), w(Graph.MAX_INT_BITS - 1)), w(1));
            Node.Const largest = fold(Op.ADD, fold(Op.MUL, half, w(2)), w(1));   // 2**MAX_INT_BITS - 1
            assertEquals(Graph.MAX_INT_BITS, largest.bigIntegerValue().bitLength());
            assertThrows(ValueException.class, () -> fold(Op.MUL, largest, largest));
            assertThrows(ValueException.class, () -> fold(Op.ADD, largest, w(1)));
        });
    }

    @Test
    void intsCompareExactlyWithIntsAndFloats() {
        BigInteger p53 = BigInteger.ONE.shiftLeft(53);
        assertEquals(0L, fold(Op.EQ, w(p53.add(BigInteger.ONE)), Graph.weak(0x1p53)).longValue(), "2**53 + 1 != 2.0**53");
        assertEquals(1L, fold(Op.GT, w(p53.add(BigInteger.ONE)), Graph.weak(0x1p53)).longValue());
        assertEquals(1L, fold(Op.LT, w(TWO_64.pow(20)), Graph.weak(Double.POSITIVE_INFINITY)).longValue(), "no overflow comparing");
        assertEquals(0L, fold(Op.EQ, w(TWO_64.pow(20)), Graph.weak(1.0)).longValue());
        assertEquals(1L, fold(Op.NE, w(1), Graph.weak(Double.NaN)).longValue());
        assertEquals(0L, fold(Op.LE, w(1), Graph.weak(Double.NaN)).longValue());
        assertEquals(0L, fold(Op.LT, Graph.weak(-Double.MAX_VALUE), w(TWO_64.pow(20).negate())).longValue(), "-2**1280 < -max float");
        assertEquals(1L, fold(Op.EQ, w(TWO_64.negate()), (Node.Const) Graph.unary(Op.NEG, w(TWO_64))).longValue());
    }

    @Test
    void intWithFloatConvertsTheIntAsPythonDoes() {
        assertEquals(1.8446744073709556e19, fold(Op.ADD, w(TWO_64.add(BigInteger.valueOf(2049))), Graph.weak(0.0)).doubleValue());
        var e = assertThrows(ValueException.class, () -> fold(Op.MUL, w(TWO_64.pow(17)), Graph.weak(0.0)));
        assertTrue(e.getMessage().startsWith("int too large to convert to float"), e.getMessage());
    }

    // ---- true division of ints --------------------------------------------------------------

    @Test
    void trueDivisionOfIntsIsCorrectlyRounded() {
        assertEquals(6.148914691236517e18, PythonScalars.trueDivide(TWO_64.add(BigInteger.ONE), BigInteger.valueOf(3)));
        assertEquals(10.0, PythonScalars.trueDivide(BigInteger.TEN.pow(400), BigInteger.TEN.pow(399)));
        assertEquals(1.8446744073709556e19, PythonScalars.trueDivide(TWO_64.add(BigInteger.valueOf(2049)), BigInteger.ONE));
        assertEquals(1.8446744073709552e19, PythonScalars.trueDivide(TWO_64.add(BigInteger.valueOf(2048)), BigInteger.ONE), "a tie goes to even");
        assertEquals(-5.5220263365470826e-30, PythonScalars.trueDivide(BigInteger.valueOf(-7), BigInteger.ONE.shiftLeft(100)));
        assertEquals(-0.0, PythonScalars.trueDivide(BigInteger.ZERO, BigInteger.valueOf(-5)));
        BigInteger p1024 = BigInteger.ONE.shiftLeft(1024);
        assertEquals(Double.MAX_VALUE, PythonScalars.trueDivide(p1024.subtract(BigInteger.ONE.shiftLeft(970)).subtract(BigInteger.ONE), BigInteger.ONE));
        var e = assertThrows(ValueException.class, () -> PythonScalars.trueDivide(p1024.subtract(BigInteger.ONE.shiftLeft(970)), BigInteger.ONE));
        assertEquals("integer division result too large for a float", e.getMessage());
        // subnormal results: 3/2**1075 rounds to 2 * 2**-1074, 1/2**1075 (a tie) to 0, 5/2**1076 to 2**-1074
        assertEquals(1e-323, PythonScalars.trueDivide(BigInteger.valueOf(3), BigInteger.ONE.shiftLeft(1075)));
        assertEquals(0.0, PythonScalars.trueDivide(BigInteger.ONE, BigInteger.ONE.shiftLeft(1075)));
        assertEquals(Double.MIN_VALUE, PythonScalars.trueDivide(BigInteger.valueOf(5), BigInteger.ONE.shiftLeft(1076)));
        assertEquals(Double.MIN_VALUE, PythonScalars.trueDivide(BigInteger.ONE.shiftLeft(1074).add(BigInteger.ONE), BigInteger.ONE.shiftLeft(2148)));
    }

    /** Against the exact quotient rounded once (BigDecimal's doubleValue is correctly rounded), over every scale. */
    @Test
    void trueDivisionAgreesWithTheExactQuotientRoundedOnce() {
        SplittableRandom r = new SplittableRandom(11);
        MathContext exactEnough = new MathContext(2600, RoundingMode.HALF_EVEN);   // more digits than any double midpoint has
        int subnormal = 0, overflow = 0;
        for (int i = 0; i < 20_000; i++) {
            // quotients from beyond the float range down to below the smallest subnormal
            int aBits = r.nextInt(1, 2200), bBits = Math.max(1, aBits - r.nextInt(-1090, 1040));
            BigInteger magnitude = new BigInteger(aBits, new java.util.Random(r.nextLong())).setBit(aBits - 1);
            BigInteger a = r.nextBoolean() ? magnitude.negate() : magnitude;
            BigInteger b = new BigInteger(bBits, new java.util.Random(r.nextLong())).setBit(bBits - 1);
            double expected = new BigDecimal(a).divide(new BigDecimal(b), exactEnough).doubleValue();
            if (Double.isInfinite(expected)) {
                overflow++;
                assertThrows(ValueException.class, () -> PythonScalars.trueDivide(a, b));
            } else {
                if (expected == 0.0 && a.signum() < 0) expected = -0.0;
                if (Math.abs(expected) < Double.MIN_NORMAL) subnormal++;
                assertEquals(expected, PythonScalars.trueDivide(a, b), () -> a + " / " + b);
            }
        }
        assertTrue(subnormal > 100 && overflow > 30, subnormal + " subnormal, " + overflow + " overflowing");
    }

    // ---- where a weak int meets an array ----------------------------------------------------

    @Test
    void anIntBeyondTheArraysDtypeIsAnOverflowError() {
        Node i64 = ints(DType.INT64, 0, 1, 2), i32 = ints(DType.INT32, 0, 1, 2);
        var e = assertThrows(ValueException.class, () -> Graph.binary(Op.ADD, i64, w(TWO_63)));
        assertEquals("integer 9223372036854775808 out of bounds for int64", e.getMessage());
        assertThrows(ValueException.class, () -> Graph.binary(Op.MAXIMUM, i64, w(TWO_64)));
        assertThrows(ValueException.class, () -> Graph.binary(Op.POW, i32, w(TWO_64)));
        assertThrows(ValueException.class, () -> Graph.binary(Op.EQ, ints(DType.BOOL, 1, 0), w(TWO_64)), "bool arrays have no by-value loop in NumPy");
        var huge = assertThrows(ValueException.class, () -> Graph.binary(Op.ADD, i64, w(BigInteger.TEN.pow(100))));
        assertEquals("integer 10000000000000000000... (101 digits) out of bounds for int64", huge.getMessage());
        // a true division converts to float64 first, as NumPy's does
        assertArrayEquals(new double[] { 0, 5.421010862427522e-20, 1.0842021724855044e-19 }, doubles(Graph.binary(Op.DIV, i64, w(TWO_64))));
    }

    /** NumPy: np.tanh(2**63) is tanh of a uint64 array, np.tanh(2**64) fails (an object array). */
    @Test
    void aFloatFunctionOfAnIntThatOnlyUint64HoldsGetsItsValue() {
        assertArrayEquals(new double[] { 1.0 }, doubles(Graph.unary(Op.TANH, w(TWO_63))));
        assertArrayEquals(new double[] { 0x1p32 }, doubles(Graph.unary(Op.SQRT, w(TWO_64.subtract(BigInteger.ONE)))));
        assertThrows(ValueException.class, () -> Graph.unary(Op.TANH, w(TWO_64)));
        assertThrows(ValueException.class, () -> Graph.unary(Op.ABS, w(TWO_63)), "abs keeps the int type: uint64 in NumPy");
    }

    /** NumPy: np.where(2**70, x, y) is x (an object array's element is truthy). */
    @Test
    void anIntOfAnySizeIsAConditionByItsValue() {
        Node x = ints(DType.INT64, 1, 2), y = ints(DType.INT64, 3, 4);
        assertArrayEquals(new long[] { 1, 2 }, longs(Graph.where(w(TWO_64.pow(2)), x, y)));
        assertArrayEquals(new long[] { 3, 4 }, longs(Graph.where(fold(Op.SUB, w(TWO_64), w(TWO_64)), x, y)));
    }

    @Test
    void aFloatArrayConvertsTheIntAndRefusesOneBeyondFloat() {
        Node f64 = InterpreterSemanticsTest.arr(DType.FLOAT64, 1, 2), f32 = InterpreterSemanticsTest.arr(DType.FLOAT32, 1, 2);
        assertArrayEquals(new double[] { 1.8446744073709552e19, 1.8446744073709552e19 }, doubles(Graph.binary(Op.ADD, f64, w(TWO_64))));
        assertArrayEquals(new double[] { Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY },
                doubles(Graph.binary(Op.ADD, f32, w(BigInteger.TWO.pow(200)))), "NumPy: inf, with an overflow warning");
        var e = assertThrows(ValueException.class, () -> Graph.binary(Op.LT, f32, w(BigInteger.TWO.pow(1100))));
        assertTrue(e.getMessage().startsWith("int too large to convert to float"), e.getMessage());
    }

    /** NumPy 2 compares an int array with any Python int by value; numfuse compares with the dtype's bound instead. */
    @Test
    void comparisonsWithAnIntBeyondTheDtypeAreByValue() {
        BigInteger[] beyond = { TWO_63, TWO_64, TWO_63.add(BigInteger.ONE).negate(), TWO_64.pow(3).negate() };
        for (DType t : new DType[] { DType.INT32, DType.INT64 }) {
            Node x = ints(t, t == DType.INT32 ? Integer.MIN_VALUE : Long.MIN_VALUE, -1, 0, t == DType.INT32 ? Integer.MAX_VALUE : Long.MAX_VALUE);
            for (BigInteger v : beyond) {
                boolean above = v.signum() > 0;
                assertAll(x, v, Op.EQ, false);
                assertAll(x, v, Op.NE, true);
                assertAll(x, v, Op.LT, above);
                assertAll(x, v, Op.LE, above);
                assertAll(x, v, Op.GT, !above);
                assertAll(x, v, Op.GE, !above);
            }
            // just beyond int32 compares by value too (it was promoted to int64 before)
            Node y = ints(t, 0, Integer.MAX_VALUE);
            assertArrayEquals(new long[] { 1, 1 }, longs(Graph.binary(Op.LT, y, w(BigInteger.ONE.shiftLeft(31)))));
            assertArrayEquals(new long[] { 0, 0 }, longs(Graph.binary(Op.LE, w(BigInteger.ONE.shiftLeft(31)), y)));
        }
    }

    private static void assertAll(Node x, BigInteger v, Op op, boolean expected) {
        long want = expected ? 1 : 0;
        Node n = Graph.binary(op, x, w(v));
        assertEquals(DType.BOOL, n.dtype());
        for (long got : longs(n)) assertEquals(want, got, () -> x.dtype() + " " + op + " " + v);
        Op mirrored = switch (op) { case LT -> Op.GT; case LE -> Op.GE; case GT -> Op.LT; case GE -> Op.LE; default -> op; };
        for (long got : longs(Graph.binary(mirrored, w(v), x))) assertEquals(want, got, () -> v + " " + mirrored + " " + x.dtype());
    }
}
