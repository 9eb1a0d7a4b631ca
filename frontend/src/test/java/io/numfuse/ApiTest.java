package io.numfuse;

import static org.junit.jupiter.api.Assertions.*;

import io.numfuse.expr.ExpressionSyntaxException;
import io.numfuse.core.DType;
import io.numfuse.core.IndexException;
import io.numfuse.core.ShapeMismatchException;
import io.numfuse.core.TypeException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ApiTest {
    @Test
    void expressionsFollowNumpyPromotionAndBroadcasting() {
        NDArray a = Num.array(1f, 2f, 3f), m = Num.array(new double[][] { { 1, 2, 3 }, { 4, 5, 6 } });
        NDArray r = Num.eval("a * 2.0 + 1", Map.of("a", a));
        assertEquals(DType.FLOAT32, r.dtype());
        assertArrayEquals(new float[] { 3, 5, 7 }, r.toFloatArray());
        NDArray s = Num.eval("m - a", Map.of("m", m, "a", a));
        assertEquals(DType.FLOAT64, s.dtype());
        assertArrayEquals(new int[] { 2, 3 }, s.shape());
        assertArrayEquals(new double[] { 0, 0, 0, 3, 3, 3 }, s.toDoubleArray());
        assertEquals(DType.FLOAT64, Num.eval("i / 2", Map.of("i", Num.array(1, 2))).dtype());
    }

    @Test
    void reductionsWithAxis() {
        NDArray m = Num.array(new double[][] { { 1, 2, 3 }, { 4, 5, 6 } });
        assertArrayEquals(new double[] { 6, 15 }, Num.eval("sum(m, axis=1)", Map.of("m", m)).toDoubleArray());
        assertArrayEquals(new double[] { 4, 5, 6 }, Num.eval("max(m, axis=0)", Map.of("m", m)).toDoubleArray());
        assertEquals(3.5, Num.eval("mean(m)", Map.of("m", m)).item());
        assertEquals(DType.INT64, Num.array(1, 2, 3).sum().dtype());
    }

    /** NumPy's astype copies even to the same dtype: a write to one never shows in the other. */
    @Test
    void astypeToTheSameDtypeIsACopy() {
        NDArray a = Num.array(1.0, 2.0, 3.0);
        NDArray b = a.astype(DType.FLOAT64);
        b.assign(9.0);
        assertArrayEquals(new double[] { 1, 2, 3 }, a.toDoubleArray());
        assertArrayEquals(new double[] { 9, 9, 9 }, b.toDoubleArray());
        NDArray p = a.mul(2.0), q = p.astype(DType.FLOAT64);   // of a pending array too
        q.slice("0").assign(-1.0);
        assertArrayEquals(new double[] { 2, 4, 6 }, p.toDoubleArray());
        assertArrayEquals(new double[] { -1, 4, 6 }, q.toDoubleArray());
    }

    /** getBoolean is NumPy's bool(a[i]): a float 0.5 or NaN is true. */
    @Test
    void getBooleanOfAFloatIsWhetherItIsNonZero() {
        NDArray f = Num.array(0.5, 0.0, Double.NaN, -0.0);
        assertTrue(f.getBoolean(0));
        assertFalse(f.getBoolean(1));
        assertTrue(f.getBoolean(2));
        assertFalse(f.getBoolean(3));
        assertArrayEquals(new boolean[] { true, false, true, false }, f.toBooleanArray());
    }

    /** The reductions over several axes, with keepdims. */
    @Test
    void reductionsOverSeveralAxes() {
        NDArray t = Num.arange(24).reshape(2, 3, 4);
        assertArrayEquals(new int[] { 1, 3, 1 }, t.sum(new int[] { 0, 2 }, true).shape());
        assertArrayEquals(new long[] { 60, 92, 124 }, t.sum(new int[] { 0, -1 }, false).toLongArray());
        assertArrayEquals(new long[] { 15, 19, 23 }, t.max(new int[] { 0, 2 }, false).toLongArray());
        assertArrayEquals(new long[] { 0, 4, 8 }, t.min(new int[] { 0, 2 }, false).toLongArray());
        assertEquals(0L, t.prod(null, false).itemLong());
    }

    @Test
    void dotForVectorsAndMatrixVector() {
        NDArray v = Num.array(1.0, 2.0, 3.0), m = Num.array(new double[][] { { 1, 0, 0 }, { 0, 1, 1 } });
        assertEquals(14.0, v.dot(v).item());
        assertArrayEquals(new double[] { 1, 5 }, m.dot(v).toDoubleArray());
        assertThrows(ShapeMismatchException.class, () -> v.dot(Num.array(1.0, 2.0)));
        assertArrayEquals(new double[] { 2, 4, 6 }, Num.eval("dot(v, 2)", java.util.Map.of("v", v)).toDoubleArray());
        assertArrayEquals(new double[] { 1, 5 }, v.dot(m.transpose()).toDoubleArray(), "1-D·2-D");
        assertArrayEquals(new double[] { 1, 5 }, Num.array(1.0, 1.0).dot(Num.array(new double[][] { { 1, 2 }, { 0, 3 } })).toDoubleArray());
    }

    @Test
    void slicingTransposeAndReshapeAreViews() {
        NDArray a = Num.arange(12).reshape(3, 4);
        assertArrayEquals(new long[] { 5, 6 }, a.slice("1, 1:3").toLongArray());
        assertArrayEquals(new long[] { 11, 9 }, a.slice("-1, ::-2").toLongArray());
        assertArrayEquals(new int[] { 4, 3 }, a.transpose().shape());
        assertEquals(7, a.transpose().getLong(3, 1));
        assertArrayEquals(new int[] { 2, 6 }, a.reshape(2, -1).shape());
        assertThrows(IndexException.class, () -> a.slice("3"));
        assertThrows(IndexException.class, () -> a.slice("1, 2, 3"));
        assertArrayEquals(new int[] { 3, 1, 4 }, a.slice(":, None").shape());
    }

    @Test
    void badExpressionsAreClearErrors() {
        NDArray a = Num.array(1.0);
        var e = assertThrows(ExpressionSyntaxException.class, () -> Num.eval("a + d", Map.of("a", a)));
        assertTrue(e.getMessage().contains("unknown name 'd'"), e.getMessage());
        assertThrows(ExpressionSyntaxException.class, () -> Num.eval("a); } __kernel void x(", Map.of("a", a)));
        assertThrows(ExpressionSyntaxException.class, () -> Num.eval("nosuch(a)", Map.of("a", a)));
        assertThrows(ShapeMismatchException.class, () -> Num.eval("a + b", Map.of("a", Num.array(1.0, 2.0), "b", Num.array(1.0, 2.0, 3.0))));
        // a name bound to null is said so ("unknown name 'b' (inputs are a, b)" named the input it said was unknown)
        Map<String, NDArray> withNull = new java.util.HashMap<>(Map.of("a", a));
        withNull.put("b", null);
        e = assertThrows(ExpressionSyntaxException.class, () -> Num.eval("a + b", withNull));
        assertTrue(e.getMessage().contains("input 'b' is null"), e.getMessage());
        var nullMap = assertThrows(NullPointerException.class, () -> Num.eval("a", null));
        assertEquals("inputs", nullMap.getMessage());
    }

    @Test
    void wrapNamesTheJavaArrayADtypeNeeds() {
        var wrongType = assertThrows(TypeException.class, () -> Num.wrap(DType.FLOAT32, new double[6], 2, 3));
        assertEquals("wrap: dtype float32 wraps a Java float[], not double[]", wrongType.getMessage());
        var none = assertThrows(TypeException.class, () -> Num.wrap(DType.BOOL, null, 2));
        assertEquals("wrap: dtype bool wraps a Java byte[], not null", none.getMessage());
        assertThrows(TypeException.class, () -> Num.wrap(DType.INT64, new Object(), 1));
        assertThrows(TypeException.class, () -> Num.wrap(null, new long[1], 1));
        var wrongSize = assertThrows(ShapeMismatchException.class, () -> Num.wrap(DType.INT32, new int[6], 2, 4));
        assertEquals("wrap: shape (2, 4) has 8 elements, the int[] given has 6", wrongSize.getMessage());
        assertArrayEquals(new int[] { 2, 3 }, Num.wrap(DType.FLOAT32, new float[6], 2, 3).shape());
    }

    @Test
    void toStringIsNumpysRepr() {   // the full comparison with NumPy is ReprTest
        assertEquals("array([1. , 2.5])", Num.array(1.0, 2.5).toString());
        assertEquals("array([[0, 1],\n       [2, 3]])", Num.arange(4).reshape(2, 2).toString());
        assertEquals("array([ True, False])", Num.array(true, false).toString());
        assertEquals("array([1., 2.], dtype=float32)", Num.array(1f, 2f).toString());
    }

    @Test
    void explainNamesKernelsAndAliasing() {
        NDArray a = Num.array(1.0, 2.0);
        String e = Num.explain(a.add(a).mul(a.sum()));
        assertTrue(e.startsWith("2 kernels"), e);
        assertTrue(e.contains("sum-reduce"), e);
    }

    @Test
    void anEvaluationCanBePinnedToATarget() {
        NDArray a = Num.array(1.0, 2.0, 3.0);
        NDArray r = a.mul(2.0).eval("interpreter");
        assertArrayEquals(new double[] { 2, 4, 6 }, r.toDoubleArray());
        double s = Num.on("interpreter", () -> (Double) a.sum().item());
        assertEquals(6.0, s);
        assertEquals(io.numfuse.runtime.Targets.defaultTarget().name(), Num.target(), "the pin ends with the block");
        assertThrows(io.numfuse.core.NumfuseException.class, () -> a.eval("nosuch"));
    }

    @Test
    void aThreadCanHaveATargetOfItsOwn() throws Exception {
        var before = io.numfuse.runtime.KernelRuns.snapshot();
        var task = new java.util.concurrent.FutureTask<Void>(() -> {
            Num.useTargetOnThisThread("interpreter");
            Num.array(1.0, 2.0).mul(3.0).eval();
            assertEquals("interpreter", Num.target());
            assertEquals("jvm", Num.on("jvm", () -> Num.target()), "a block's pin goes first");
            Num.useTargetOnThisThread(null);
            assertEquals(io.numfuse.runtime.Targets.defaultTarget().name(), Num.target());
            return null;
        });
        Thread t = new Thread(task);
        t.start();
        task.get();                                           // rethrows what failed on that thread
        assertEquals(1L, io.numfuse.runtime.KernelRuns.since(before).getOrDefault("interpreter", 0L));
        assertEquals(io.numfuse.runtime.Targets.defaultTarget().name(), Num.target(), "other threads keep the global target");
    }

    @Test
    void aTreeParsedOnceBindsAsItsSourceDoesEachTime() {
        NDArray a = Num.array(1.0, 4.0, 9.0), b = Num.array(2.0, 2.0, 2.0);
        Map<String, NDArray> in = Map.of("a", a, "b", b);
        String src = "where(a > b, sqrt(a) * b, a - b)";
        io.numfuse.expr.Ast tree = io.numfuse.expr.ExprParser.parse(src);
        for (int i = 0; i < 3; i++) {
            assertArrayEquals(Num.eval(src, in).toDoubleArray(), Num.eval(src, tree, in).toDoubleArray());
        }
        ExpressionSyntaxException e = assertThrows(ExpressionSyntaxException.class,
                () -> Num.eval("a + c", io.numfuse.expr.ExprParser.parse("a + c"), in));
        assertTrue(e.getMessage().contains("unknown name 'c'"), e.getMessage());
    }

    /**
     * An element read reads the element of the array's layout: through slices, a transpose and
     * a broadcast, with negative indices counting from the end, on a pending array, and a clear
     * error for a wrong count or an index out of bounds.
     */
    @Test
    void elementReadsFollowTheLayoutOfViews() {
        NDArray m = Num.arange(24).reshape(4, 6).astype(DType.FLOAT64);
        NDArray v = m.slice("1:, ::-2").transpose();        // shape (3, 3): v[i, j] = m[1 + j, 5 - 2i]
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                double want = (1 + j) * 6 + (5 - 2 * i);
                assertEquals(want, v.getDouble(i, j));
                assertEquals((long) want, v.getLong(i - 3, j - 3));
            }
        }
        NDArray b = Num.array(1.5, 0.0, 2.5).reshape(1, 3).broadcastTo(4, 3);
        assertEquals(2.5, b.getDouble(3, -1));
        assertFalse(b.getBoolean(2, 1));
        assertTrue(b.getBoolean(0, 0));
        assertEquals(34.0, m.add(m).getDouble(-2, -1));   // pending: computed, then read (2 * m[2, 5])
        assertEquals(7.0, Num.array(7.0).reshape().getDouble());
        IndexException e = assertThrows(IndexException.class, () -> v.getDouble(3, 0));
        assertEquals("index 3 is out of bounds for axis 0 with size 3", e.getMessage());
        e = assertThrows(IndexException.class, () -> v.getLong(0, -4));
        assertEquals("index -4 is out of bounds for axis 1 with size 3", e.getMessage());
        assertThrows(IndexException.class, () -> v.getDouble(0));
        assertThrows(IndexException.class, () -> Num.zeros(DType.FLOAT64, 0).getDouble(0));
    }
}
