package io.numfuse;

import static org.junit.jupiter.api.Assertions.*;

import io.numfuse.core.DType;
import io.numfuse.core.ValueException;
import org.junit.jupiter.api.Test;

/** The laziness rules of DESIGN.md, as a user of the API meets them. */
class LazinessTest {
    /**
     * A sum of an int32 or bool array casts to int64 on the way: once the sum is computed, that
     * cast no longer reads the array, so a later write does not copy the array for it (it did,
     * until the collector took the cast: a write next to the end of a 2 GB array ran out of heap);
     * a sum still pending sees the values it was made with.
     */
    @Test
    void aComputedSumLeavesNoReaderOfItsArrayBehind() {
        for (String target : WriteProperties.targets()) {
            Num.on(target, () -> {
                for (DType t : new DType[] { DType.INT32, DType.BOOL, DType.FLOAT32 }) {
                    NDArray a = Num.ones(t, 1000).eval();
                    var buffer = ((io.numfuse.ir.Node.Leaf) a.node()).view().buffer();
                    assertEquals(1000.0, ((Number) a.sum().item()).doubleValue());
                    assertEquals(1000.0, ((Number) a.sum(0).item()).doubleValue());
                    assertEquals(1.0, ((Number) a.mean().item()).doubleValue());
                    assertEquals(java.util.List.of(), buffer.pendingReaders(), t + " on " + target);
                    NDArray pending = a.sum();
                    a.set(0, 0);
                    assertEquals(1000.0, ((Number) pending.item()).doubleValue(), "made before the write: " + t + " on " + target);
                    assertEquals(999.0, ((Number) a.sum().item()).doubleValue(), t + " on " + target);
                }
            });
        }
    }

    @Test
    void operationsAreLazyAndObservationForces() {
        NDArray a = Num.array(1.0, 2.0, 3.0);
        NDArray b = a.mul(2.0).add(1.0);
        assertFalse(b.isEvaluated());
        assertEquals(5.0, b.getDouble(1));
        assertTrue(b.isEvaluated(), "forced results are memoised");
    }

    @Test
    void aWriteDoesNotChangeAnArrayDefinedBeforeIt() {
        NDArray a = Num.array(1.0, 2.0, 3.0);
        NDArray before = a.add(10.0);               // pending, reads a
        a.assign(0.0);
        assertArrayEquals(new double[] { 11, 12, 13 }, before.toDoubleArray());
        assertArrayEquals(new double[] { 0, 0, 0 }, a.toDoubleArray());
        NDArray after = a.add(10.0);
        assertArrayEquals(new double[] { 10, 10, 10 }, after.toDoubleArray());
    }

    @Test
    void aWriteThroughAViewIsSeenByOtherViewsAsInNumpy() {
        NDArray u = Num.zeros(DType.FLOAT64, 3, 3);
        NDArray row = u.slice("1");
        u.slice("1, :").assign(7.0);
        assertArrayEquals(new double[] { 7, 7, 7 }, row.toDoubleArray());
        assertEquals(21.0, u.sum().item());
    }

    @Test
    void anOverlappingAssignmentComputesTheRightSideFirst() {
        NDArray a = Num.array(1L, 2L, 3L, 4L);
        a.assign(a.slice("::-1"));
        assertArrayEquals(new long[] { 4, 3, 2, 1 }, a.toLongArray());
        NDArray b = Num.array(1.0, 2.0, 3.0, 4.0, 5.0);
        b.slice("1:").assign(b.slice(":-1").add(b.slice("1:")));   // NumPy: [1, 3, 5, 7, 9]
        assertArrayEquals(new double[] { 1, 3, 5, 7, 9 }, b.toDoubleArray());
        NDArray c = Num.array(1.0, 2.0, 3.0);
        NDArray pending = c.slice("::-1").mul(1.0);
        c.assign(pending);
        assertArrayEquals(new double[] { 3, 2, 1 }, c.toDoubleArray());
    }

    @Test
    void aLongChainNeitherOverflowsTheStackNorBuildsOneGiantKernel() {
        NDArray x = Num.zeros(DType.INT64, 4);
        for (int i = 0; i < 100_000; i++) x = x.add(1);
        assertTrue(x.node().depth() <= NDArray.MAX_DEPTH + 1);
        assertArrayEquals(new long[] { 100_000, 100_000, 100_000, 100_000 }, x.toLongArray());
    }

    @Test
    void aLongChainIsCutEveryMaxDepthStepsNotAtEveryStepPastIt() {
        NDArray x = Num.zeros(DType.FLOAT64, 4);
        var before = io.numfuse.runtime.KernelRuns.snapshot();
        Num.on("jvm", () -> {
            NDArray y = x;
            for (int i = 0; i < 10 * NDArray.MAX_DEPTH; i++) y = y.add(1.0);
            assertArrayEquals(new double[] { 2560, 2560, 2560, 2560 }, y.toDoubleArray());
        });
        long kernels = io.numfuse.runtime.KernelRuns.since(before).getOrDefault("jvm", 0L);
        // a computed array counts as a leaf: the chain built on it starts again from depth 1
        assertTrue(kernels <= 80, "a chain of " + 10 * NDArray.MAX_DEPTH + " steps ran " + kernels + " kernels");
    }

    /** The plain Mandelbrot over {@code n} points (as MandelbrotDemo.plain), {@code evalEvery} > 0: with an eval() that often. */
    static NDArray mandelbrot(int n, int steps, int evalEvery) {
        NDArray cr = Num.arange(n).mul(2.9 / n).sub(2.13).astype(DType.FLOAT32), ci = Num.arange(n).mul(0.37).astype(DType.FLOAT32);
        NDArray zr = cr, zi = ci, count = Num.zeros(DType.FLOAT32, n);
        for (int k = 0; k < steps; k++) {
            NDArray zr2 = zr.mul(zr), zi2 = zi.mul(zi);
            NDArray inside = zr2.add(zi2).le(4.0);
            NDArray nzr = Num.where(inside, zr2.sub(zi2).add(cr), zr);
            NDArray nzi = Num.where(inside, zr.mul(zi).mul(2.0).add(ci), zi);
            count = Num.where(inside.and(nzr.mul(nzr).add(nzi.mul(nzi)).gt(4.0)), k, count);
            zr = nzr;
            zi = nzi;
            if (evalEvery > 0 && k % evalEvery == evalEvery - 1) {
                zr.eval();
                zi.eval();
                count.eval();
            }
        }
        return count;
    }

    @Test
    void aPlainLoopStaysLazyPastItsFirstEvaluationPoint() {
        double[] want = Num.on("jvm", () -> mandelbrot(500, 200, 8).toDoubleArray());
        var before = io.numfuse.runtime.KernelRuns.snapshot();
        double[] got = Num.on("jvm", () -> mandelbrot(500, 200, 0).toDoubleArray());
        long kernels = io.numfuse.runtime.KernelRuns.since(before).getOrDefault("jvm", 0L);
        assertArrayEquals(want, got);
        // the live state at each level cut in one kernel; where the depth rule evaluates an array,
        // the state below it is computed and the steps after it stay lazy (they were evaluated one
        // op at a time until every operand was computed: 52 kernels; now 32)
        assertTrue(kernels <= 36, "200 plain steps ran " + kernels + " kernels");
    }

    @Test
    void aBroadcastViewIsReadOnly() {
        NDArray a = Num.array(1.0, 2.0).broadcastTo(3, 2);
        assertThrows(ValueException.class, () -> a.assign(0.0));
    }

    @Test
    void laplaceFromDesignMdConvergesTowardsTheBoundary() {
        int n = 20;
        double dx = 1.0 / (n - 1), dx2 = dx * dx, dy2 = dx2;
        NDArray x = Num.arange(n).mul(dx);
        NDArray u = Num.zeros(DType.FLOAT64, n, n);
        u.slice("0, :").assign(x.mul(x.rsub(1.0)).mul(4.0));
        double[][] ref = new double[n][n];
        for (int j = 0; j < n; j++) ref[0][j] = 4 * (j * dx) * (1 - j * dx);
        for (int k = 0; k < 10; k++) {
            u.slice("1:-1, 1:-1").assign(
                    u.slice("0:-2, 1:-1").add(u.slice("2:, 1:-1")).mul(dy2)
                     .add(u.slice("1:-1, 0:-2").add(u.slice("1:-1, 2:")).mul(dx2))
                     .div(2 * (dx2 + dy2)));
            double[][] next = new double[n][];
            for (int i = 0; i < n; i++) next[i] = ref[i].clone();
            for (int i = 1; i < n - 1; i++) for (int j = 1; j < n - 1; j++) {
                next[i][j] = ((ref[i - 1][j] + ref[i + 1][j]) * dy2 + (ref[i][j - 1] + ref[i][j + 1]) * dx2) / (2 * (dx2 + dy2));
            }
            ref = next;
        }
        double[] got = u.toDoubleArray();
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) assertEquals(ref[i][j], got[i * n + j], 0.0, "at " + i + "," + j);
    }

    /**
     * NumPy computes a right-hand side before it stores anything, so an error leaves the target
     * as it was: here with a pending reader (the write takes a snapshot) and without one.
     */
    static void aFailedWriteLeavesTheTargetUnchanged() {
        NDArray a = Num.arange(6).add(1).eval();
        NDArray reader = a.mul(10);
        NDArray bad = a.slice("0:3").pow(Num.arange(3).sub(2));   // 1**-2: an integer to a negative power
        assertThrows(ValueException.class, () -> a.slice("1:4").assign(bad));
        assertArrayEquals(new long[] { 1, 2, 3, 4, 5, 6 }, a.toLongArray());
        assertArrayEquals(new long[] { 10, 20, 30, 40, 50, 60 }, reader.toLongArray());
        assertThrows(ValueException.class, () -> a.assign(a.pow(Num.arange(6).sub(4))));
        assertArrayEquals(new long[] { 1, 2, 3, 4, 5, 6 }, a.toLongArray());
        a.assign(a.pow(2));                                        // a constant exponent cannot raise
        assertArrayEquals(new long[] { 1, 4, 9, 16, 25, 36 }, a.toLongArray());
    }

    @Test
    void aFailedWriteLeavesTheTargetUnchangedOnTheJvmAndTheInterpreter() {
        for (String t : new String[] { "jvm", "interpreter" }) {
            Num.on(t, LazinessTest::aFailedWriteLeavesTheTargetUnchanged);
        }
    }

    @Test
    void aScopeRetiresTheExpressionsBuiltInItAndKeepsTheArrays() {
        NDArray u = Num.arange(10).mul(1.0).eval();
        NDArray kept, lazy;
        try (var _ = Num.scope()) {
            u.slice("1:").assign(u.slice(":-1").add(u.slice("1:")));   // takes a snapshot, freed as the scope ends
            kept = u.mul(2.0).eval();
            lazy = u.mul(3.0);
        }
        assertArrayEquals(new double[] { 0, 1, 3, 5, 7, 9, 11, 13, 15, 17 }, u.toDoubleArray());
        assertEquals(34.0, kept.getDouble(9));
        assertFalse(lazy.isEvaluated());
        var e = assertThrows(IllegalStateException.class, lazy::toDoubleArray);
        assertTrue(e.getMessage().contains("inside a Num.scope() that has closed"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> lazy.add(1.0));
        assertEquals(51.0, u.mul(3.0).getDouble(9), "the same expression built again is fine");
    }

    @Test
    void explainingAnExpressionOfAClosedScopeFailsAsEvaluatingItDoes() {
        NDArray u = Num.arange(4).mul(1.0).eval();
        NDArray lazy;
        try (var _ = Num.scope()) {
            lazy = u.mul(3.0);
        }
        var evaluating = assertThrows(IllegalStateException.class, lazy::eval);
        var explaining = assertThrows(IllegalStateException.class, () -> Num.explain(lazy));
        assertEquals(evaluating.getMessage(), explaining.getMessage());
        assertTrue(Num.explain(u).startsWith("nothing to compute"), "an evaluated array still has nothing to explain");
    }
}
