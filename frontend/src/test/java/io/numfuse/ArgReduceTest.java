package io.numfuse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.numfuse.core.DType;
import io.numfuse.core.ValueException;
import io.numfuse.runtime.KernelRuns;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * argmax and argmin (one arg kernel each) on every target against the interpreter and against a
 * plain first-occurrence loop: a seeded generator of dtypes, shapes (some long enough for the
 * JVM's parallel paths and blocks), axes, keepdims, ties, NaN placement, fused producers and
 * strided views; and what the fixtures cannot show: fusion and laziness.
 */
class ArgReduceTest {
    private static final DType[] DTYPES = DType.values();

    /** One random case: the input's values, how it is made, and the call. */
    private record Case(String name, DType dtype, int[] shape, double[] values, boolean max, Integer axis, boolean keepdims, int producer) {
        NDArray input() {
            NDArray x = Num.array(values).reshape(shape);
            return dtype == DType.BOOL ? x.gt(0.0) : x.astype(dtype);
        }

        /** The arg-reduction of the input (0), of a fused producer of it (1), or of its transpose (2: a strided view). */
        NDArray run() {
            NDArray x = input();
            if (producer == 1) x = dtype == DType.BOOL ? x.not() : x.mul(x.astype(dtype)).add(x);   // x*x + x: fused, ties kept
            if (producer == 2) x = x.eval().transpose();
            if (axis == null) return max ? x.argmax() : x.argmin();
            return max ? x.argmax(axis, keepdims) : x.argmin(axis, keepdims);
        }
    }

    static List<Case> cases() {
        SplittableRandom rnd = new SplittableRandom(1616_16);
        List<Case> cases = new ArrayList<>();
        for (int c = 0; c < 90; c++) {
            int rank = rnd.nextInt(4);
            int[] shape = new int[rank];
            for (int d = 0; d < rank; d++) shape[d] = 1 + rnd.nextInt(6);
            if (rank > 0 && c % 5 == 0) shape[rnd.nextInt(rank)] = 600 + rnd.nextInt(5000);  // lines of several blocks
            if (c % 11 == 0) shape = new int[] { 70_000 + rnd.nextInt(1000) };                // the JVM's parallel flat path
            if (c % 13 == 0) shape = new int[] { 70_000 + rnd.nextInt(10), 3 };               // argmax along axis 0 in parallel
            if (c % 17 == 0) shape = new int[] { 3, 30_000 + rnd.nextInt(10) };
            if (c % 19 == 0) shape = new int[] { 1, 70_000 + rnd.nextInt(10) };               // length-1 axes leave the space
            DType t = DTYPES[rnd.nextInt(DTYPES.length)];
            int n = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
            double[] v = new double[n];
            int spread = 1 + rnd.nextInt(c % 3 == 0 ? 3 : 1000);   // a small spread: many ties
            for (int i = 0; i < n; i++) v[i] = rnd.nextInt(-spread, spread + 1) / (t.isFloat() ? 4.0 : 1.0);
            if (t.isFloat() && n > 0) {
                int nans = c % 4 == 0 ? 1 : c % 4 == 1 ? 1 + rnd.nextInt(5) : 0;
                for (int k = 0; k < nans; k++) v[rnd.nextInt(n)] = Double.NaN;
                if (c % 8 == 2) v[n - 1] = Double.NaN;   // a NaN in the last element
                if (c % 8 == 6) Arrays.fill(v, 0.0);     // all equal: the first wins
            }
            if (t.isInt() && c % 7 == 0 && n > 1) {      // the dtype's extremes
                v[rnd.nextInt(n)] = t == DType.INT32 ? Integer.MAX_VALUE : Long.MAX_VALUE;
                v[rnd.nextInt(n)] = t == DType.INT32 ? Integer.MIN_VALUE : Long.MIN_VALUE;
            }
            int r = shape.length;
            Integer axis = r == 0 || rnd.nextInt(3) == 0 ? null : rnd.nextInt(-r, r);
            boolean keepdims = axis != null && rnd.nextBoolean();
            int producer = rnd.nextInt(r >= 2 ? 3 : 2);
            boolean max = rnd.nextBoolean();
            cases.add(new Case("arg" + c + " " + (max ? "max " : "min ") + t.numpyName() + Arrays.toString(shape) + " axis=" + axis
                    + (keepdims ? " keepdims" : "") + " producer=" + producer, t, shape, v, max, axis, keepdims, producer));
        }
        return cases;
    }

    @TestFactory
    Stream<DynamicTest> argReductionsAgreeWithTheInterpreter() {
        List<Case> cases = cases();
        return WriteProperties.targets().stream().filter(t -> !t.equals("interpreter")).flatMap(t -> cases.stream().map(c ->
                DynamicTest.dynamicTest(c.name() + " on " + t, () -> {
                    NDArray want = Num.on("interpreter", () -> c.run().eval());
                    NDArray got = Num.on(t, () -> c.run().eval());
                    assertEquals(DType.INT64, got.dtype());
                    assertArrayEquals(want.shape(), got.shape());
                    assertArrayEquals(want.toLongArray(), got.toLongArray());
                })));
    }

    /** The interpreter's arg kernel against a loop written from NumPy's rule, flattened. */
    @TestFactory
    Stream<DynamicTest> theInterpreterFollowsNumpysRule() {
        return cases().stream().filter(c -> c.axis() == null && c.producer() == 0).map(c -> DynamicTest.dynamicTest(c.name(), () -> {
            double[] v = Num.on("interpreter", () -> c.input().astype(DType.FLOAT64).toDoubleArray());
            int best = 0;
            for (int i = 1; i < v.length && !Double.isNaN(v[best]); i++) {
                if (Double.isNaN(v[i]) || (c.max() ? v[i] > v[best] : v[i] < v[best])) best = i;
            }
            assertEquals(best, Num.on("interpreter", () -> c.run().getLong()));
        }));
    }

    @Test
    void anArgReductionFusesItsProducerAndStaysLazy() {
        Num.on("jvm", () -> {
            NDArray a = Num.arange(100_000).astype(DType.FLOAT32).mul(0.25).eval(), b = Num.arange(100_000).astype(DType.FLOAT32).eval();
            NDArray m = a.mul(b).add(1.0).argmax();
            assertFalse(m.isEvaluated());
            var before = KernelRuns.snapshot();
            m.eval();
            assertEquals(1L, KernelRuns.since(before).getOrDefault("jvm", 0L), "argmax(a*b+1) is one kernel");
            assertEquals(99_999L, m.getLong());
            assertEquals(0L, a.mul(b).neg().argmin(0).getLong() - 99_999L);
            assertEquals(100_000L, m.add(1L).getLong());   // an arg-reduction's value feeds more work
        });
    }

    /** On a device the arg kernel runs there (its chunks combined by nf_arg_final), not on the JVM. */
    @Test
    void devicesRunArgKernelsThemselves() {
        for (String t : WriteProperties.targets()) {
            if (!t.startsWith("opencl")) continue;
            Num.on(t, () -> {
                NDArray a = Num.arange(200_000).astype(DType.FLOAT32).mul(-1.0).add(7.0).eval();
                NDArray m = a.mul(a).argmax();   // the largest square: the last element
                var before = KernelRuns.snapshot();
                assertEquals(199_999L, m.getLong());
                var ran = KernelRuns.since(before);
                assertEquals(1L, ran.getOrDefault(t, 0L), t + ": " + ran);
                assertEquals(0L, ran.getOrDefault("jvm", 0L), t + ": " + ran);
            });
        }
    }

    @Test
    void emptyLinesAndBadAxesAreNumpysErrors() {
        ValueException e = assertThrows(ValueException.class, () -> Num.zeros(DType.FLOAT32, 0).argmax());
        assertEquals("attempt to get argmax of an empty sequence", e.getMessage());
        assertThrows(ValueException.class, () -> Num.zeros(DType.FLOAT32, 3, 0).argmin(1));
        assertArrayEquals(new int[] { 0 }, Num.zeros(DType.FLOAT32, 0, 3).argmax(1).shape());
        assertEquals(0L, Num.array(5.0).reshape().argmax().getLong());
        assertEquals(0L, Num.array(5.0).reshape().argmax(0).getLong());
    }
}
