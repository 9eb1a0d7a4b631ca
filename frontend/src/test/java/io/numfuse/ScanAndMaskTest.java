package io.numfuse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.numfuse.core.DType;
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
 * cumsum, cumprod and boolean masks on every target against the interpreter (a seeded
 * generator of shapes, axes, dtypes and sizes, some long enough for the parallel and chunked
 * paths), and what the fixtures cannot show: fusion, laziness, and writes with lazy readers.
 */
class ScanAndMaskTest {
    private static final DType[] DTYPES = DType.values();

    /** One random scan case: its input's values and the call. */
    private record ScanCase(String name, DType dtype, int[] shape, double[] values, boolean prod, Integer axis) {
        NDArray input() {
            NDArray x = Num.array(values).reshape(shape);
            return dtype == DType.BOOL ? x.gt(0.0) : x.astype(dtype);
        }

        /** The scan of a fused producer (x + 1 for sums; x itself for products, whose values stay small). */
        NDArray run() {
            NDArray x = input();
            NDArray p = prod || dtype == DType.BOOL ? x : x.add(1L);
            return prod ? (axis == null ? p.cumprod() : p.cumprod(axis)) : (axis == null ? p.cumsum() : p.cumsum(axis));
        }
    }

    static List<ScanCase> scanCases() {
        SplittableRandom rnd = new SplittableRandom(1616);
        List<ScanCase> cases = new ArrayList<>();
        for (int c = 0; c < 60; c++) {
            int rank = rnd.nextInt(4);
            int[] shape = new int[rank];
            for (int d = 0; d < rank; d++) shape[d] = rnd.nextInt(6);
            if (rank > 0 && c % 5 == 0) shape[rnd.nextInt(rank)] = 600 + rnd.nextInt(3000);   // long lines: chunks on devices
            if (c % 17 == 0) shape = new int[] { 70_000 + rnd.nextInt(1000) };                 // the JVM's two-pass parallel scan
            if (c % 19 == 0) shape = new int[] { 70_000 + rnd.nextInt(10), 3 };
            if (c % 23 == 0) shape = new int[] { 1, 70_000 + rnd.nextInt(10) };                // length-1 axes leave the iteration space
            if (c % 29 == 0) shape = new int[] { 70_000 + rnd.nextInt(10), 1 };
            DType t = DTYPES[rnd.nextInt(DTYPES.length)];
            boolean prod = rnd.nextBoolean();
            int n = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
            double[] v = new double[n];
            for (int i = 0; i < n; i++) v[i] = prod ? (rnd.nextBoolean() ? 1 : -1) * (t.isFloat() ? 1 : rnd.nextInt(4)) : rnd.nextInt(-8, 8) / (t.isFloat() ? 4.0 : 1.0);
            int r = shape.length;
            Integer axis = r == 0 || rnd.nextInt(3) == 0 ? null : rnd.nextInt(-r, r);
            cases.add(new ScanCase("scan" + c + " " + (prod ? "cumprod " : "cumsum ") + t.numpyName() + Arrays.toString(shape) + " axis=" + axis,
                    t, shape, v, prod, axis));
        }
        return cases;
    }

    @TestFactory
    Stream<DynamicTest> scansAgreeWithTheInterpreter() {
        List<ScanCase> cases = scanCases();
        return WriteProperties.targets().stream().filter(t -> !t.equals("interpreter")).flatMap(t -> cases.stream().map(c ->
                DynamicTest.dynamicTest(c.name() + " on " + t, () -> {
                    NDArray want = Num.on("interpreter", () -> c.run().eval());
                    NDArray got = Num.on(t, () -> c.run().eval());
                    assertEquals(want.dtype(), got.dtype());
                    assertArrayEquals(want.shape(), got.shape());
                    double[] w = want.toDoubleArray(), g = got.toDoubleArray();
                    double scale = 1;
                    for (double x : w) scale = Math.max(scale, Math.abs(x));
                    // floats: a blocked scan rounds differently (the offset is added to a partial sum)
                    double tol = !want.dtype().isFloat() ? 0 : (want.dtype() == DType.FLOAT32 ? 1e-5 : 1e-12) * scale;
                    for (int i = 0; i < w.length; i++) {
                        int at = i;
                        assertTrue(Math.abs(w[i] - g[i]) <= tol, () -> "element " + at + ": " + g[at] + ", the interpreter's " + w[at]);
                    }
                })));
    }

    @TestFactory
    Stream<DynamicTest> masksAgreeWithAHandLoop() {
        return WriteProperties.targets().stream().flatMap(t -> Stream.of(5, 1000, 70_001, 140_003).map(n ->
                DynamicTest.dynamicTest("mask of " + n + " on " + t, () -> Num.on(t, () -> {
                    SplittableRandom rnd = new SplittableRandom(n);
                    double[] v = new double[n], m = new double[n];
                    for (int i = 0; i < n; i++) { v[i] = rnd.nextInt(-100, 100); m[i] = rnd.nextInt(2); }
                    NDArray a = Num.array(v).astype(DType.FLOAT32).mul(2.0), mask = Num.array(m).gt(0.5);
                    double[] want = java.util.stream.IntStream.range(0, n).filter(i -> m[i] > 0.5).mapToDouble(i -> v[i] * 2).toArray();
                    assertArrayEquals(want, a.mask(mask).toDoubleArray());
                    NDArray rows = a.reshape(n, 1).mul(Num.array(1.0, 3.0)).astype(DType.FLOAT32);   // a mask of the leading axis
                    NDArray picked = rows.mask(mask);
                    assertArrayEquals(new int[] { want.length, 2 }, picked.shape());
                    if (want.length > 0) assertEquals(3 * want[want.length - 1], picked.getDouble(want.length - 1, 1));
                }))));
    }

    @Test
    void aScanFusesItsProducerAndStaysLazy() {
        Num.on("jvm", () -> {
            NDArray a = Num.arange(1000).astype(DType.FLOAT64).eval(), b = Num.arange(1000).astype(DType.FLOAT64).mul(0.5).eval();
            NDArray c = a.mul(b).add(1.0).cumsum();
            assertFalse(c.isEvaluated());
            var before = KernelRuns.snapshot();
            c.eval();
            assertEquals(1L, KernelRuns.since(before).getOrDefault("jvm", 0L), "cumsum(a*b+1) is one kernel");
            double s = 0;
            for (int i = 0; i < 1000; i++) s += i * (i * 0.5) + 1;
            assertEquals(s, c.getDouble(999), 1e-6 * s);
            assertEquals(2 * s, c.mul(2.0).getDouble(999), 1e-6 * s);   // a scan's value feeds more work
            assertEquals(1.0, a.mul(b).add(1.0).cumsum().cumsum().getDouble(0));      // a scan of a scan
        });
    }

    /** A scan along an axis of length 1 copies; one along the long axis of a (1, n) array is a 1-D scan. */
    @Test
    void lengthOneAxes() {
        for (String t : WriteProperties.targets()) {
            Num.on(t, () -> {
                NDArray x = Num.arange(100_000).reshape(1, 100_000);
                assertEquals(4_999_950_000L, x.cumsum(1).getLong(0, 99_999), t);
                assertEquals(99_999L, x.cumsum(0).getLong(0, 99_999), t);
                assertEquals(4_999_950_000L, x.reshape(100_000, 1).cumsum(0).getLong(99_999, 0), t);
                assertEquals(99_999L, x.reshape(100_000, 1).cumsum(1).getLong(99_999, 0), t);
            });
        }
    }

    @Test
    void aLazyScanKeepsTheValuesItWasDefinedWith() {
        for (String t : WriteProperties.targets()) {
            Num.on(t, () -> {
                NDArray a = Num.arange(5).astype(DType.INT64).eval();
                NDArray c = a.cumsum();
                a.set(100L, 0);
                a.maskAssign(a.gt(2L), -1L);
                assertArrayEquals(new long[] { 0, 1, 3, 6, 10 }, c.toLongArray(), t);
                assertArrayEquals(new long[] { -1, 1, 2, -1, -1 }, a.toLongArray(), t);
            });
        }
    }

    @Test
    void maskAssignWritesThroughAView() {
        NDArray a = Num.zeros(DType.FLOAT64, 3, 4);
        NDArray row = a.slice("1, :");
        row.maskAssign(Num.array(1.0, 0.0, 1.0, 0.0).gt(0.5), Num.array(7.0, 8.0));
        assertArrayEquals(new double[] { 0, 0, 0, 0, 7, 0, 8, 0, 0, 0, 0, 0 }, a.toDoubleArray());
        a.maskAssign(Num.array(1.0, 0.0, 1.0).gt(0.5), 5.0);   // a mask of the leading axis: whole rows
        assertArrayEquals(new double[] { 5, 5, 5, 5, 7, 0, 8, 0, 5, 5, 5, 5 }, a.toDoubleArray());
    }
}
