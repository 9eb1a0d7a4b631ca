package io.numfuse.ir;

import io.numfuse.core.DType;
import io.numfuse.core.ValueException;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The tricky corners of {@link Semantics}, run through {@link Fusion} and {@link Interpreter}
 * and checked against values computed with NumPy 2.4 (assertEquals on doubles is bit-exact:
 * NaN equals NaN, -0.0 differs from 0.0).
 */
class InterpreterSemanticsTest {

    static Node arr(DType t, double... v) {
        Buffer b = Buffer.allocate(t, v.length);
        for (int i = 0; i < v.length; i++) if (t.isFloat()) b.setDouble(i, v[i]); else b.setLong(i, (long) v[i]);
        return Graph.leaf(View.contiguous(b, v.length));
    }

    static Node ints(DType t, long... v) {
        Buffer b = Buffer.allocate(t, v.length);
        for (int i = 0; i < v.length; i++) b.setLong(i, v[i]);
        return Graph.leaf(View.contiguous(b, v.length));
    }

    static View eval(Node n) {
        Plan p = Fusion.plan(n);
        Interpreter.run(p);
        return p.result();
    }

    static double[] doubles(Node n) {
        View v = eval(n);
        assertTrue(v.dtype().isFloat(), v.dtype().toString());
        double[] r = new double[v.size()];
        int[] shape = v.shape(), idx = new int[shape.length];
        for (int e = 0; e < r.length; e++) {
            r[e] = v.buffer().getDouble(v.elementOffset(idx));
            for (int d = shape.length - 1; d >= 0; d--) { if (++idx[d] < shape[d]) break; idx[d] = 0; }
        }
        return r;
    }

    static long[] longs(Node n) {
        View v = eval(n);
        long[] r = new long[v.size()];
        int[] shape = v.shape(), idx = new int[shape.length];
        for (int e = 0; e < r.length; e++) {
            r[e] = v.buffer().getLong(v.elementOffset(idx));
            for (int d = shape.length - 1; d >= 0; d--) { if (++idx[d] < shape[d]) break; idx[d] = 0; }
        }
        return r;
    }

    private static final double NAN = Double.NaN, INF = Double.POSITIVE_INFINITY;

    // ---- float floor division and remainder -----------------------------------------------------

    @Test
    void floatFloorDivisionAndRemainderFollowPython() {
        double[] a = { -7.0, 7.0, 5.0, 0.0, -0.0, -5.0, 5.0, -7.0, 0.0, 7.0, -1.0, 1.0 };
        double[] b = { 2.0, -2.0, 0.0, 0.0, 3.0, INF, 0.0, -2.0, -3.0, 2.0, INF, INF };
        double[] quotient = { -4.0, -4.0, INF, NAN, -0.0, -1.0, INF, 3.0, -0.0, 3.0, -1.0, 0.0 };
        double[] remainder = { 1.0, -1.0, NAN, NAN, 0.0, INF, NAN, -1.0, -0.0, 1.0, INF, 1.0 };
        for (DType t : new DType[] { DType.FLOAT64, DType.FLOAT32 }) {
            assertArrayEquals(quotient, doubles(Graph.binary(Op.FLOOR_DIV, arr(t, a), arr(t, b))), t + " //");
            assertArrayEquals(remainder, doubles(Graph.binary(Op.MOD, arr(t, a), arr(t, b))), t + " %");
        }
        // a quotient too large for the type overflows to inf; the remainder stays exact
        assertArrayEquals(new double[] { INF }, doubles(Graph.binary(Op.FLOOR_DIV, arr(DType.FLOAT64, 1e300), arr(DType.FLOAT64, 1e-300))));
        assertArrayEquals(new double[] { 4.891554850853602e-301 }, doubles(Graph.binary(Op.MOD, arr(DType.FLOAT64, 1e300), arr(DType.FLOAT64, 1e-300))));
        assertArrayEquals(new double[] { (float) 8.166816e-31 }, doubles(Graph.binary(Op.MOD, arr(DType.FLOAT32, 1e30), arr(DType.FLOAT32, 1e-30))));
    }

    // ---- integers --------------------------------------------------------------------------------

    @Test
    void integerFloorDivisionAndModuloByZeroGiveZero() {
        for (DType t : new DType[] { DType.INT32, DType.INT64 }) {
            long min = t == DType.INT32 ? Integer.MIN_VALUE : Long.MIN_VALUE;
            Node a = ints(t, -7, 7, -7, 7, 0, min), b = ints(t, 2, -2, 0, 0, 0, -1);
            assertArrayEquals(new long[] { -4, -4, 0, 0, 0, min }, longs(Graph.binary(Op.FLOOR_DIV, a, b)), t + " //");
            assertArrayEquals(new long[] { 1, -1, 0, 0, 0, 0 }, longs(Graph.binary(Op.MOD, a, b)), t + " %");
        }
    }

    @Test
    void integerOverflowWraps() {
        Node i32 = ints(DType.INT32, Integer.MAX_VALUE, Integer.MIN_VALUE);
        assertEquals(DType.INT32, Graph.binary(Op.ADD, i32, Graph.weak(1L)).dtype());
        assertArrayEquals(new long[] { Integer.MIN_VALUE, Integer.MIN_VALUE + 1 }, longs(Graph.binary(Op.ADD, i32, Graph.weak(1L))));
        assertArrayEquals(new long[] { Integer.MAX_VALUE - 1, Integer.MAX_VALUE }, longs(Graph.binary(Op.SUB, i32, Graph.weak(1L))));
        assertArrayEquals(new long[] { -2, 0 }, longs(Graph.binary(Op.MUL, i32, Graph.weak(2L))));
        assertArrayEquals(new long[] { Long.MIN_VALUE }, longs(Graph.binary(Op.ADD, ints(DType.INT64, Long.MAX_VALUE), Graph.weak(1L))));
        assertArrayEquals(new long[] { Integer.MIN_VALUE }, longs(Graph.unary(Op.NEG, ints(DType.INT32, Integer.MIN_VALUE))));
    }

    @Test
    void absOfTheMostNegativeIntegerIsItself() {
        assertArrayEquals(new long[] { Integer.MIN_VALUE, Integer.MAX_VALUE, 5 }, longs(Graph.unary(Op.ABS, ints(DType.INT32, Integer.MIN_VALUE, -Integer.MAX_VALUE, -5))));
        assertArrayEquals(new long[] { Long.MIN_VALUE, 0 }, longs(Graph.unary(Op.ABS, ints(DType.INT64, Long.MIN_VALUE, 0))));
    }

    @Test
    void integerPowerWrapsAndRejectsNegativeExponents() {
        assertArrayEquals(new long[] { 689956897, 1, 0, 1 }, longs(Graph.binary(Op.POW, ints(DType.INT32, 3, 5, 0, -1), ints(DType.INT32, 40, 0, 3, 100))));
        assertArrayEquals(new long[] { -420491770248316829L, 0 }, longs(Graph.binary(Op.POW, ints(DType.INT64, 3, 2), ints(DType.INT64, 41, 64))));
        Node neg = Graph.binary(Op.POW, ints(DType.INT64, 2, 3), ints(DType.INT64, 1, -1));
        assertThrows(ValueException.class, () -> eval(neg));
    }

    @Test
    void integerUnaryOps() {
        assertArrayEquals(new long[] { -1, 0, 1 }, longs(Graph.unary(Op.SIGN, ints(DType.INT64, -5, 0, 7))));
        assertArrayEquals(new long[] { -1, 0, -6 }, longs(Graph.unary(Op.NOT, ints(DType.INT32, 0, -1, 5))));
        assertArrayEquals(new long[] { 0, 1 }, longs(Graph.unary(Op.NOT, ints(DType.BOOL, 1, 0))));
    }

    @Test
    void boolArithmeticIsLogic() {   // NumPy: True + True is True, bool * bool is and
        Node a = ints(DType.BOOL, 1, 1, 0), b = ints(DType.BOOL, 1, 0, 0);
        assertEquals(DType.BOOL, Graph.binary(Op.ADD, a, b).dtype());
        assertArrayEquals(new long[] { 1, 1, 0 }, longs(Graph.binary(Op.ADD, a, b)));
        assertArrayEquals(new long[] { 1, 0, 0 }, longs(Graph.binary(Op.MUL, a, b)));
        assertArrayEquals(new long[] { 0, 1, 0 }, longs(Graph.binary(Op.XOR, a, b)));
    }

    @Test
    void trueDivisionOfIntegersIsFloat64() {
        Node q = Graph.binary(Op.DIV, ints(DType.INT32, 1, 0, -1, 0), ints(DType.INT32, 0, 0, 0, 5));
        assertEquals(DType.FLOAT64, q.dtype());
        assertArrayEquals(new double[] { INF, NAN, -INF, 0.0 }, doubles(q));
    }

    // ---- float special cases ---------------------------------------------------------------------

    @Test
    void powerFollowsCOnItsSpecialCases() {
        Node a = arr(DType.FLOAT64, 1.0, -1.0, -1.0, NAN, 0.0, -0.0, 2.0, 1.0);
        Node b = arr(DType.FLOAT64, NAN, INF, -INF, 0.0, -1.0, -1.0, NAN, INF);
        assertArrayEquals(new double[] { 1.0, 1.0, 1.0, 1.0, INF, -INF, NAN, 1.0 }, doubles(Graph.binary(Op.POW, a, b)));
        assertArrayEquals(new double[] { 1.0 }, doubles(Graph.binary(Op.POW, arr(DType.FLOAT32, 1.0), arr(DType.FLOAT32, NAN))));
    }

    @Test
    void roundIsHalfToEven() {
        assertArrayEquals(new double[] { 0.0, 2.0, 2.0, -0.0, -2.0, -2.0, -0.0, 3.0 },
                doubles(Graph.unary(Op.ROUND, arr(DType.FLOAT64, 0.5, 1.5, 2.5, -0.5, -1.5, -2.5, -0.4, 2.5000000000000004))));
        assertArrayEquals(new double[] { 2.0, 4.0, -2.0 }, doubles(Graph.unary(Op.ROUND, arr(DType.FLOAT32, 2.5, 3.5, -2.5))));
        assertArrayEquals(new double[] { -1.0, -0.0 }, new double[] {
            doubles(Graph.unary(Op.FLOOR, arr(DType.FLOAT64, -0.5)))[0], doubles(Graph.unary(Op.CEIL, arr(DType.FLOAT64, -0.5)))[0] });
    }

    @Test
    void maximumAndMinimumPropagateNaN() {
        for (DType t : new DType[] { DType.FLOAT32, DType.FLOAT64 }) {
            Node a = arr(t, NAN, 1.0, 2.0, -INF), b = arr(t, 1.0, NAN, 3.0, NAN);
            assertArrayEquals(new double[] { NAN, NAN, 3.0, NAN }, doubles(Graph.binary(Op.MAXIMUM, a, b)));
            assertArrayEquals(new double[] { NAN, NAN, 2.0, NAN }, doubles(Graph.binary(Op.MINIMUM, a, b)));
            assertArrayEquals(new double[] { NAN }, doubles(Graph.reduce(Op.MAX, arr(t, 1.0, NAN, 2.0), null, false)));
            assertArrayEquals(new double[] { NAN }, doubles(Graph.reduce(Op.MIN, arr(t, NAN, 1.0), null, false)));
        }
    }

    @Test
    void comparisonsWithNaNAreFalseExceptNotEqual() {
        Node a = arr(DType.FLOAT64, NAN, 1.0, NAN), b = arr(DType.FLOAT64, NAN, 1.0, 1.0);
        assertArrayEquals(new long[] { 0, 1, 0 }, longs(Graph.binary(Op.EQ, a, b)));
        assertArrayEquals(new long[] { 1, 0, 1 }, longs(Graph.binary(Op.NE, a, b)));
        assertArrayEquals(new long[] { 0, 1, 0 }, longs(Graph.binary(Op.LE, a, b)));
    }

    @Test
    void signAndLog2() {
        assertArrayEquals(new double[] { NAN, 0.0, 0.0, -1.0, 1.0 }, doubles(Graph.unary(Op.SIGN, arr(DType.FLOAT64, NAN, -0.0, 0.0, -3, INF))));
        assertArrayEquals(new double[] { 10, -3, -1074, -INF, NAN }, doubles(Graph.unary(Op.LOG2, arr(DType.FLOAT64, 1024, 0.125, Double.MIN_VALUE, 0.0, -1))));
    }

    // ---- casts -------------------------------------------------------------------------------------

    @Test
    void castsFollowNumpy() {
        assertArrayEquals(new long[] { 1, 0, 0, 1, 1 }, longs(Graph.cast(arr(DType.FLOAT64, NAN, 0.0, -0.0, 0.1, -INF), DType.BOOL)));
        assertArrayEquals(new long[] { Integer.MIN_VALUE, 5, Integer.MAX_VALUE, -1 },
                longs(Graph.cast(ints(DType.INT64, 1L << 31, (1L << 32) + 5, -(1L << 31) - 1, -1), DType.INT32)));
        assertArrayEquals(new double[] { 16777216.0 }, doubles(Graph.cast(ints(DType.INT64, (1 << 24) + 1), DType.FLOAT32)));
        assertArrayEquals(new double[] { (float) 0.1, INF }, doubles(Graph.cast(arr(DType.FLOAT64, 0.1, 1e39), DType.FLOAT32)));
        assertArrayEquals(new double[] { 1.0, 0.0 }, doubles(Graph.cast(ints(DType.BOOL, 1, 0), DType.FLOAT32)));
        // numfuse's rule where NumPy's result is platform-defined: truncate, saturate, NaN -> 0
        assertArrayEquals(new long[] { -2, 0, Integer.MAX_VALUE, Integer.MIN_VALUE, 0 },
                longs(Graph.cast(arr(DType.FLOAT64, -2.9, 0.9, 1e10, -INF, NAN), DType.INT32)));
    }

    // ---- reductions --------------------------------------------------------------------------------

    @Test
    void aFloat32SumOfAMillionValuesIsCloseToTheFloat64Sum() {
        int n = 1_000_000;
        Buffer b = Buffer.allocate(DType.FLOAT32, n);
        double exact = 0;
        for (int i = 0; i < n; i++) { b.setDouble(i, i * 0.1); exact += (float) (i * 0.1); }
        Node sum = Graph.reduce(Op.SUM, Graph.leaf(View.contiguous(b, n)), null, false);
        assertEquals(DType.FLOAT32, sum.dtype());
        double got = doubles(sum)[0];
        assertEquals(exact, got, Math.ulp((float) exact), "within one float32 ulp of the float64 sum " + exact);
        // a naive float32 loop would be off by far more
        float naive = 0;
        for (int i = 0; i < n; i++) naive += (float) (i * 0.1);
        assertTrue(Math.abs(naive - exact) > 100 * Math.ulp((float) exact), "naive " + naive);
    }

    @Test
    void reductionsOfEmptyArraysGiveTheIdentity() {
        assertArrayEquals(new double[] { 0.0 }, doubles(Graph.reduce(Op.SUM, arr(DType.FLOAT32), null, false)));
        assertArrayEquals(new double[] { 1.0 }, doubles(Graph.reduce(Op.PROD, arr(DType.FLOAT64), null, false)));
        Node emptyInts = ints(DType.INT32);
        Node s = Graph.reduce(Op.SUM, emptyInts, null, false);
        assertEquals(DType.INT64, s.dtype());
        assertArrayEquals(new long[] { 0 }, longs(s));
        assertArrayEquals(new long[] { 1 }, longs(Graph.reduce(Op.PROD, emptyInts, null, false)));
        // over an empty axis of a non-empty result
        Node zeroByThree = Graph.leaf(View.contiguous(Buffer.allocate(DType.FLOAT64, 0), 0, 3));
        assertArrayEquals(new double[] { 1, 1, 1 }, doubles(Graph.reduce(Op.PROD, zeroByThree, new int[] { 0 }, false)));
        Node twoByZero = Graph.leaf(View.contiguous(Buffer.allocate(DType.FLOAT32, 0), 2, 0));
        Node rows = Graph.reduce(Op.SUM, twoByZero, new int[] { 1 }, true);
        assertArrayEquals(new int[] { 2, 1 }, rows.shape());
        assertArrayEquals(new double[] { 0, 0 }, doubles(rows));
        assertArrayEquals(new double[] { NAN }, doubles(Graph.mean(arr(DType.FLOAT64), null, false)));
        assertThrows(ValueException.class, () -> Graph.reduce(Op.MAX, arr(DType.FLOAT64), null, false));
        assertThrows(ValueException.class, () -> Graph.reduce(Op.MIN, zeroByThree, new int[] { 0 }, false));
    }

    @Test
    void sumsAndProductsOfSmallIntegersAccumulateInInt64() {
        Node p = Graph.reduce(Op.PROD, ints(DType.INT32, 1 << 20, 1 << 20), null, false);
        assertEquals(DType.INT64, p.dtype());
        assertArrayEquals(new long[] { 1L << 40 }, longs(p));
        assertArrayEquals(new long[] { 3 }, longs(Graph.reduce(Op.SUM, ints(DType.BOOL, 1, 1, 1), null, false)));
        // but a dot product stays in its dtype and wraps
        Node a = ints(DType.INT32, 1 << 20, 1), b = ints(DType.INT32, 1 << 12, 5);
        Node d = Graph.dot(a, b);
        assertEquals(DType.INT32, d.dtype());
        assertArrayEquals(new long[] { 5 }, longs(d));
    }
}
