package io.numfuse;

import static org.junit.jupiter.api.Assertions.*;

import io.numfuse.core.DType;
import io.numfuse.core.ShapeMismatchException;
import io.numfuse.core.ValueException;
import io.numfuse.runtime.KernelRuns;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * matmul on every target against the interpreter (the plain triple loop): random shapes of 1 to
 * 4 dimensions with broadcast batch axes, transposed and sliced views, {@code a @ a}, empty axes,
 * every dtype. Inputs are multiples of 0.25 in [-4, 4), so every sum is exact and all targets
 * must agree exactly; random floats are checked against a bound. Then what fusion promises: the
 * operands' producers and the result's consumers are kernels of their own, two in all for
 * {@code relu(x @ w + b)}.
 */
class MatmulTest {
    static final DType[] DTYPES = { DType.FLOAT32, DType.FLOAT64, DType.INT32, DType.INT64, DType.BOOL };

    static NDArray quarters(SplittableRandom r, DType t, int... shape) {
        int n = 1;
        for (int d : shape) n *= d;
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = r.nextInt(-16, 16) / 4.0;
        return Num.array(v).reshape(shape).astype(t).eval();
    }

    /** An operand of {@code shape}: contiguous, a transposed view of its last two axes, or a view with steps. */
    static NDArray operand(SplittableRandom r, DType t, int[] shape) {
        int kind = shape.length < 2 ? r.nextInt(2) * 2 : r.nextInt(3);
        if (kind == 1) {
            int[] s = shape.clone();
            s[s.length - 1] = shape[s.length - 2];
            s[s.length - 2] = shape[s.length - 1];
            return quarters(r, t, s).swapaxes(-1, -2);
        }
        if (kind == 2) {
            int[] s = shape.clone();
            s[s.length - 1] = 2 * shape[s.length - 1];
            return quarters(r, t, s).slice("..., ::2");
        }
        return quarters(r, t, shape);
    }

    static int length(SplittableRandom r) { return r.nextInt(15) == 0 ? 0 : 1 + r.nextInt(r.nextBoolean() ? 8 : 40); }

    static String describe(NDArray a) { return a.dtype().numpyName() + Arrays.toString(a.shape()); }

    @Test
    void randomShapesAgreeWithTheInterpreterOnEveryTarget() {
        SplittableRandom r = new SplittableRandom(1616);
        List<String> targets = new ArrayList<>(WriteProperties.targets());
        targets.remove("interpreter");
        for (int c = 0; c < 60; c++) {
            DType t = DTYPES[r.nextInt(DTYPES.length)];
            int m = length(r), n = length(r), k = length(r);
            int[] batch = new int[r.nextInt(3)];
            for (int d = 0; d < batch.length; d++) batch[d] = 1 + r.nextInt(3);
            NDArray a, b;
            if (r.nextInt(8) == 0) {   // a @ a
                a = b = operand(r, t, concat(batch, m, m));
            } else {
                a = operand(r, t, r.nextInt(6) == 0 ? new int[] { k } : concat(batchOf(r, batch), m, k));
                b = operand(r, t, r.nextInt(6) == 0 ? new int[] { k } : concat(batchOf(r, batch), k, n));
            }
            NDArray x = a, y = b;
            String what = describe(a) + " @ " + describe(b);
            NDArray want = Num.on("interpreter", () -> x.matmul(y).eval());
            for (String target : targets) {
                NDArray got = Num.on(target, () -> x.matmul(y).eval());
                assertEquals(want.dtype(), got.dtype(), what);
                assertArrayEquals(want.shape(), got.shape(), what);
                assertArrayEquals(want.astype(DType.FLOAT64).toDoubleArray(), got.astype(DType.FLOAT64).toDoubleArray(), what + " on " + target);
            }
        }
    }

    /** {@code batch} with some axes dropped from the front and some set to 1 (they broadcast). */
    static int[] batchOf(SplittableRandom r, int[] batch) {
        int[] b = Arrays.copyOfRange(batch, r.nextInt(batch.length + 1), batch.length);
        for (int d = 0; d < b.length; d++) if (r.nextInt(3) == 0) b[d] = 1;
        return b;
    }

    static int[] concat(int[] batch, int... core) {
        int[] s = Arrays.copyOf(batch, batch.length + core.length);
        System.arraycopy(core, 0, s, batch.length, core.length);
        return s;
    }

    /** Larger products of random floats (blocks of k, tiles with edges), on both JVM micro-kernels: within the bound of a float sum. */
    @Test
    void randomFloatsAreWithinTheSumBound() {
        for (String vectors : new String[] { "always", "never" }) {
            String before = System.getProperty("numfuse.jvm.vectors");
            System.setProperty("numfuse.jvm.vectors", vectors);
            try {
                for (DType t : new DType[] { DType.FLOAT32, DType.FLOAT64 }) {
                    NDArray a = Num.random(1, t, 2, 67, 300).sub(0.5).eval(), b = Num.random(2, t, 300, 45).sub(0.5).eval();
                    double[] want = Num.on("interpreter", () -> a.astype(DType.FLOAT64).matmul(b.astype(DType.FLOAT64)).toDoubleArray());
                    double[] bound = Num.on("interpreter", () -> a.abs().astype(DType.FLOAT64).matmul(b.abs().astype(DType.FLOAT64)).toDoubleArray());
                    double u = t == DType.FLOAT32 ? 0x1p-24 : 0x1p-53;
                    for (String target : WriteProperties.targets()) {
                        double[] got = Num.on(target, () -> a.matmul(b).astype(DType.FLOAT64).toDoubleArray());
                        for (int i = 0; i < want.length; i++) {
                            assertEquals(want[i], got[i], 301 * u * bound[i], t + " on " + target + " (" + vectors + ") at " + i);
                        }
                    }
                }
            } finally {
                if (before == null) System.clearProperty("numfuse.jvm.vectors"); else System.setProperty("numfuse.jvm.vectors", before);
            }
        }
    }

    @Test
    void reluOfAnAffineMapIsTwoKernelsAndProducersAreComputedFirst() {
        Num.on("jvm", () -> {
            SplittableRandom r = new SplittableRandom(3);
            NDArray x = quarters(r, DType.FLOAT32, 8, 5), w = quarters(r, DType.FLOAT32, 5, 3), bias = quarters(r, DType.FLOAT32, 3);
            var before = KernelRuns.snapshot();
            NDArray y = x.matmul(w).add(bias).maximum(0.0);
            assertFalse(y.isEvaluated());
            y.eval();
            assertEquals(2L, KernelRuns.since(before).getOrDefault("jvm", 0L));
            double[] want = Num.on("interpreter", () -> x.matmul(w).add(bias).maximum(0.0).toDoubleArray());
            assertArrayEquals(want, y.toDoubleArray());
            before = KernelRuns.snapshot();
            NDArray z = x.mul(2.0).matmul(w.sub(1.0)).add(1.0);   // two producers, the matmul, the consumer
            z.eval();
            assertEquals(4L, KernelRuns.since(before).getOrDefault("jvm", 0L));
            assertTrue(Num.explain(x.matmul(w)).contains("matmul"));
        });
    }

    @Test
    void chainedAndExpressionMatmuls() {
        SplittableRandom r = new SplittableRandom(4);
        NDArray a = quarters(r, DType.FLOAT64, 3, 4), b = quarters(r, DType.FLOAT64, 4, 5), c = quarters(r, DType.FLOAT64, 5, 2);
        for (String t : WriteProperties.targets()) {
            double[] want = Num.on("interpreter", () -> a.matmul(b).matmul(c).toDoubleArray());
            assertArrayEquals(want, Num.on(t, () -> a.matmul(b.matmul(c)).toDoubleArray()), t);
            assertArrayEquals(want, Num.on(t, () -> Num.eval("matmul(matmul(a, b), c)", Map.of("a", a, "b", b, "c", c)).toDoubleArray()), t);
            assertArrayEquals(want, Num.on(t, () -> Num.eval("a @ b @ c", Map.of("a", a, "b", b, "c", c)).toDoubleArray()), t + ": '@' is left-associative");
            double[] scaled = Num.on("interpreter", () -> a.mul(2.0).matmul(b).add(1.0).toDoubleArray());
            assertArrayEquals(scaled, Num.on(t, () -> Num.eval("2 * a @ b + 1", Map.of("a", a, "b", b)).toDoubleArray()), t + ": '@' at the level of '*'");
        }
        assertArrayEquals(a.dot(b).toDoubleArray(), Num.matmul(a, b).toDoubleArray());
    }

    @Test
    void errorsAreNumpys() {
        NDArray s = Num.array(1.0, 2.0, 3.0).sum(), v = Num.array(1.0, 2.0, 3.0);
        assertEquals("matmul: Input operand 0 does not have enough dimensions (has 0, gufunc core with signature (n?,k),(k,m?)->(n?,m?) requires 1)",
                assertThrows(ValueException.class, () -> s.matmul(v)).getMessage());
        assertTrue(assertThrows(ValueException.class, () -> v.matmul(s)).getMessage().contains("Input operand 1 does not have enough dimensions"));
        assertEquals("matmul: Input operand 1 has a mismatch in its core dimension 0, with gufunc signature (n?,k),(k,m?)->(n?,m?) (size 4 is different from 3)",
                assertThrows(ValueException.class, () -> Num.zeros(DType.FLOAT64, 2, 3).matmul(Num.zeros(DType.FLOAT64, 4, 5))).getMessage());
        assertThrows(ShapeMismatchException.class, () -> Num.zeros(DType.FLOAT64, 2, 2, 3).matmul(Num.zeros(DType.FLOAT64, 3, 3, 4)));
    }
}
