package io.numfuse.ir;

import io.numfuse.core.DType;
import io.numfuse.core.TypeException;
import static io.numfuse.ir.InterpreterSemanticsTest.arr;
import static io.numfuse.ir.InterpreterSemanticsTest.doubles;
import static io.numfuse.ir.InterpreterSemanticsTest.ints;
import static io.numfuse.ir.InterpreterSemanticsTest.longs;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * square, reciprocal, the tests (isnan, isinf, isfinite), exp2, hypot and the inverse hyperbolic
 * functions at their corners, through the interpreter, against NumPy 2.4 on x86-64: exact where
 * NumPy's result is exact, within one ulp for the library functions.
 */
class MathFunctionSemanticsTest {
    private static final double NAN = Double.NaN, INF = Double.POSITIVE_INFINITY;

    @Test
    void integerSquareWrapsAndIntegerReciprocalIsNumPys() {
        for (DType t : new DType[] { DType.INT32, DType.INT64 }) {
            long min = t == DType.INT32 ? Integer.MIN_VALUE : Long.MIN_VALUE, max = t == DType.INT32 ? Integer.MAX_VALUE : Long.MAX_VALUE;
            Node a = ints(t, 0, 1, 2, -1, -2, 3, -3, min, max);
            assertEquals(t, Graph.unary(Op.SQUARE, a).dtype());
            assertArrayEquals(new long[] { 0, 1, 4, 1, 4, 9, 9, 0, 1 }, longs(Graph.unary(Op.SQUARE, a)), t + " square");
            // 1.0/x converted back: truncation toward zero, and 1.0/0 = inf becomes the minimum (x86-64)
            assertArrayEquals(new long[] { min, 1, 0, -1, 0, 0, 0, 0, 0 }, longs(Graph.unary(Op.RECIPROCAL, a)), t + " reciprocal");
        }
        Node bool = ints(DType.BOOL, 1, 0);
        assertThrows(TypeException.class, () -> Graph.unary(Op.SQUARE, bool), "int8 in NumPy");
        assertThrows(TypeException.class, () -> Graph.unary(Op.RECIPROCAL, bool), "int8 in NumPy");
    }

    @Test
    void floatSquareAndReciprocal() {
        double[] x = { 0.0, -0.0, INF, -INF, NAN, 2.0, 3.0, 1e-310 };
        assertArrayEquals(new double[] { INF, -INF, 0.0, -0.0, NAN, 0.5, 1.0 / 3, INF }, doubles(Graph.unary(Op.RECIPROCAL, arr(DType.FLOAT64, x))));
        assertArrayEquals(new double[] { INF, -INF, 0.0, -0.0, NAN, 0.5, 1f / 3f, INF }, doubles(Graph.unary(Op.RECIPROCAL, arr(DType.FLOAT32, x))));
        assertArrayEquals(new double[] { 0.0, 0.0, INF, INF, NAN, 4.0, 9.0, 0.0 }, doubles(Graph.unary(Op.SQUARE, arr(DType.FLOAT64, x))));
        assertEquals(DType.FLOAT32, Graph.unary(Op.SQUARE, arr(DType.FLOAT32, x)).dtype());
    }

    @Test
    void testsGiveBoolOnEveryDtype() {
        Node f = arr(DType.FLOAT64, 0.0, -0.0, INF, -INF, NAN, 2.0);
        assertArrayEquals(new long[] { 0, 0, 0, 0, 1, 0 }, longs(Graph.unary(Op.ISNAN, f)));
        assertArrayEquals(new long[] { 0, 0, 1, 1, 0, 0 }, longs(Graph.unary(Op.ISINF, f)));
        assertArrayEquals(new long[] { 1, 1, 0, 0, 0, 1 }, longs(Graph.unary(Op.ISFINITE, f)));
        assertArrayEquals(new long[] { 0, 0, 1, 1, 0, 0 }, longs(Graph.unary(Op.ISINF, arr(DType.FLOAT32, 0.0, -0.0, INF, -INF, NAN, 2.0))));
        for (DType t : DType.values()) {
            Node a = t.isFloat() ? arr(t, 1.0, NAN) : ints(t, 1, 0);
            for (Op op : new Op[] { Op.ISNAN, Op.ISINF, Op.ISFINITE }) assertEquals(DType.BOOL, Graph.unary(op, a).dtype(), op + " on " + t);
            if (t.isFloat()) continue;
            assertArrayEquals(new long[] { 0, 0 }, longs(Graph.unary(Op.ISNAN, a)), t + " is never NaN");
            assertArrayEquals(new long[] { 1, 1 }, longs(Graph.unary(Op.ISFINITE, a)), t + " is always finite");
        }
        assertEquals(DType.BOOL, Graph.unary(Op.ISNAN, Graph.weak(java.math.BigInteger.ONE.shiftLeft(63))).dtype(), "a uint64 literal");
    }

    @Test
    void exp2AndHypotAtTheirCorners() {
        assertArrayEquals(new double[] { INF, Double.MIN_VALUE, 0.0, 1.4142135623730951, NAN, 0.0, 1.0 },
                doubles(Graph.unary(Op.EXP2, arr(DType.FLOAT64, 1024, -1074, -1075, 0.5, NAN, -INF, 0.0))));
        assertEquals(DType.FLOAT64, Graph.unary(Op.EXP2, ints(DType.INT32, 3)).dtype());
        assertArrayEquals(new double[] { 8.0 }, doubles(Graph.unary(Op.EXP2, ints(DType.INT32, 3))));
        assertArrayEquals(new double[] { 1.4142135381698608 }, doubles(Graph.unary(Op.EXP2, arr(DType.FLOAT32, 0.5))));
        assertThrows(TypeException.class, () -> Graph.unary(Op.EXP2, ints(DType.BOOL, 1)), "float16 in NumPy");
        assertArrayEquals(new double[] { 5.0, INF, INF, INF, NAN, 1.4142135623730952e300, 1.0 },
                doubles(Graph.binary(Op.HYPOT, arr(DType.FLOAT64, 3, INF, NAN, -INF, NAN, 1e300, 1.0), arr(DType.FLOAT64, 4, NAN, INF, 1, 1, 1e300, 1e-300))));
        assertArrayEquals(new double[] { INF }, doubles(Graph.binary(Op.HYPOT, arr(DType.FLOAT32, 3e38), arr(DType.FLOAT32, 3e38))), "float32 overflows");
        assertEquals(DType.FLOAT64, Graph.binary(Op.HYPOT, ints(DType.INT32, 3), ints(DType.INT32, 4)).dtype());
    }

    @Test
    void inverseHyperbolicFunctionsAtTheirCorners() {
        assertArrayEquals(new double[] { 0.0, -0.0, INF, -INF, NAN, 1e-310 }, doubles(Graph.unary(Op.ARCSINH, arr(DType.FLOAT64, 0.0, -0.0, INF, -INF, NAN, 1e-310))));
        assertArrayEquals(new double[] { 0.0, NAN, INF, NAN, NAN, NAN }, doubles(Graph.unary(Op.ARCCOSH, arr(DType.FLOAT64, 1.0, 0.5, INF, -1.0, -INF, NAN))));
        assertArrayEquals(new double[] { INF, -INF, NAN, -0.0, NAN, NAN }, doubles(Graph.unary(Op.ARCTANH, arr(DType.FLOAT64, 1.0, -1.0, 2.0, -0.0, -INF, NAN))));
        // NumPy's (glibc's) values; fdlibm's may differ in the last place
        within1Ulp(new double[] { 1.4436354751788103, 1.8184464592320668, -0.48121182505960347, 9.999999999833334e-06, 691.4686750787737, 0.6931471805599453 },
                doubles(Graph.unary(Op.ARCSINH, arr(DType.FLOAT64, 2.0, 3.0, -0.5, 1e-5, 1e300, 0.75))), false);
        within1Ulp(new double[] { 1.3169578969248168, 0.9624236501192069, 0.0004472135919037347, 691.4686750787737 },
                doubles(Graph.unary(Op.ARCCOSH, arr(DType.FLOAT64, 2.0, 1.5, 1.0000001, 1e300))), false);
        within1Ulp(new double[] { 0.5493061443340549, -0.25541281188299536, 8.40562139102231, 1.0000000000333334e-05 },
                doubles(Graph.unary(Op.ARCTANH, arr(DType.FLOAT64, 0.5, -0.25, 0.9999999, 1e-5))), false);
        within1Ulp(new double[] { 1.4436354637145996, 1.8184465169906616, -0.4812118113040924 },
                doubles(Graph.unary(Op.ARCSINH, arr(DType.FLOAT32, 2.0, 3.0, -0.5))), true);
    }

    private static void within1Ulp(double[] want, double[] got, boolean f32) {
        for (int i = 0; i < want.length; i++) {
            double ulp = f32 ? Math.ulp((float) want[i]) : Math.ulp(want[i]);
            assertTrue(Math.abs(want[i] - got[i]) <= ulp, "element " + i + ": " + got[i] + ", NumPy " + want[i]);
        }
    }
}
