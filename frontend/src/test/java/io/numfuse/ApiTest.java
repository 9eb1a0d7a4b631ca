package io.numfuse;

import static org.junit.jupiter.api.Assertions.*;

import io.numfuse.expr.ExpressionSyntaxException;
import io.numfuse.ir.DType;
import io.numfuse.ir.IndexException;
import io.numfuse.ir.ShapeMismatchException;
import io.numfuse.ir.TypeException;
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
        assertEquals(io.numfuse.runtime.Targets.defaultTarget(), Num.target(), "the pin ends with the block");
        assertThrows(io.numfuse.ir.NumfuseException.class, () -> a.eval("nosuch"));
    }

    @Test
    void aThreadCanHaveATargetOfItsOwn() throws Exception {
        var before = io.numfuse.runtime.KernelRuns.snapshot();
        var task = new java.util.concurrent.FutureTask<Void>(() -> {
            Num.useTargetOnThisThread("interpreter");
            Num.array(1.0, 2.0).mul(3.0).eval();
            assertEquals("interpreter", Num.target().name());
            assertEquals("jvm", Num.on("jvm", () -> Num.target().name()), "a block's pin goes first");
            Num.useTargetOnThisThread(null);
            assertEquals(io.numfuse.runtime.Targets.defaultTarget(), Num.target());
            return null;
        });
        Thread t = new Thread(task);
        t.start();
        task.get();                                           // rethrows what failed on that thread
        assertEquals(1L, io.numfuse.runtime.KernelRuns.since(before).getOrDefault("interpreter", 0L));
        assertEquals(io.numfuse.runtime.Targets.defaultTarget(), Num.target(), "other threads keep the global target");
    }
}
