package io.numfuse.runtime;

import static org.junit.jupiter.api.Assertions.*;

import io.numfuse.ir.Buffer;
import io.numfuse.core.DType;
import io.numfuse.ir.Graph;
import io.numfuse.ir.Node;
import io.numfuse.core.NumfuseException;
import io.numfuse.ir.Op;
import io.numfuse.core.ValueException;
import io.numfuse.ir.View;
import org.junit.jupiter.api.Test;

/** The OpenCL target on hand-written cases: maps, views, reductions (split or not), errors, wiring. */
class OpenClTargetTest {
    static Node leaf(DType t, int n, java.util.function.IntToDoubleFunction f, int... shape) {
        Buffer b = Buffer.allocate(t, n);
        for (int i = 0; i < n; i++) {
            if (t.isFloat()) b.setDouble(i, f.applyAsDouble(i)); else b.setLong(i, (long) f.applyAsDouble(i));
        }
        return Graph.leaf(View.contiguous(b, shape.length == 0 ? new int[] { n } : shape));
    }

    static double[] doubles(View v) {
        double[] r = new double[v.size()];
        int[] idx = new int[v.rank()];
        for (int e = 0; e < r.length; e++) {
            int o = v.elementOffset(idx);
            r[e] = v.dtype().isFloat() ? v.buffer().getDouble(o) : v.buffer().getLong(o);
            io.numfuse.ir.Shapes.increment(idx, v.shape());
        }
        return r;
    }

    /** Evaluates {@code build()} on OpenCL and on the interpreter (two fresh graphs) and compares exactly. */
    static void same(java.util.function.Supplier<Node> build, OpenClTarget t) {
        View got = Executor.evaluate(build.get(), null, t);
        View want = Executor.evaluate(build.get(), null, InterpreterTarget.INSTANCE);
        assertArrayEquals(doubles(want), doubles(got));
    }

    @Test
    void mapsViewsAndReductions() {
        for (OpenClTarget t : OpenClTests.devices()) {
            int before = t.fallbackCount();
            same(() -> Graph.binary(Op.ADD, leaf(DType.FLOAT32, 1000, i -> i * 0.5), Graph.binary(Op.MUL,
                    leaf(DType.FLOAT32, 1000, i -> i - 3), leaf(DType.FLOAT32, 1000, i -> 1.0 / (i + 1)))), t);
            same(() -> Graph.binary(Op.SUB, leaf(DType.FLOAT64, 12, i -> i, 3, 4), leaf(DType.FLOAT64, 4, i -> i * i)), t);
            same(() -> Graph.binary(Op.FLOOR_DIV, leaf(DType.INT32, 20, i -> i - 10), leaf(DType.INT32, 20, i -> i % 5 - 2)), t);
            same(() -> Graph.binary(Op.MOD, leaf(DType.INT64, 20, i -> i - 10), leaf(DType.INT64, 20, i -> i % 5 - 2)), t);
            same(() -> Graph.binary(Op.MAXIMUM, leaf(DType.FLOAT32, 6, i -> new double[] { Double.NaN, 1, -0.0, 0, 3, 2 }[i]),
                    leaf(DType.FLOAT32, 6, i -> new double[] { 1, Double.NaN, 0, -0.0, 2, 3 }[i])), t);
            same(() -> Graph.cast(leaf(DType.FLOAT64, 6, i -> new double[] { Double.NaN, 1e300, -1e300, -2.7, 2.7, 0 }[i]), DType.INT32), t);
            same(() -> Graph.cast(leaf(DType.FLOAT64, 6, i -> new double[] { Double.NaN, 1e300, -1e300, -2.7, 2.7, 0 }[i]), DType.INT64), t);
            same(() -> Graph.cast(leaf(DType.FLOAT32, 4, i -> new double[] { Double.NaN, 0, -0.0, 0.1 }[i]), DType.BOOL), t);
            same(() -> Graph.reduce(Op.SUM, leaf(DType.INT32, 5000, i -> i * 7919), null, false), t);
            same(() -> Graph.reduce(Op.MAX, leaf(DType.FLOAT64, 600, i -> Math.sin(i), 20, 30), new int[] { 0 }, false), t);
            same(() -> Graph.reduce(Op.MIN, leaf(DType.INT64, 60, i -> (i * 37) % 11, 3, 4, 5), new int[] { 0, 2 }, false), t);
            same(() -> Graph.reduce(Op.PROD, leaf(DType.INT64, 60, i -> i % 3 + 1, 3, 4, 5), new int[] { 1 }, false), t);
            assertEquals(before, t.fallbackCount(), "no fallback");
        }
    }

    @Test
    void splitReductionsCombinePartialsInOrder() {
        OpenClTarget t = OpenClTests.first();
        int before = t.fallbackCount();
        try {
            for (int parts : new int[] { 2, 3, 7 }) {
                OpenClSession.forcedParts = parts;
                same(() -> Graph.reduce(Op.SUM, leaf(DType.INT64, 1001, i -> i * i), null, false), t);
                same(() -> Graph.reduce(Op.MAX, leaf(DType.INT32, 600, i -> (i * 7919) % 1000, 20, 30), new int[] { 1 }, false), t);
                same(() -> Graph.reduce(Op.MIN, leaf(DType.FLOAT32, 600, i -> Math.cos(i), 20, 30), new int[] { 0 }, false), t);
                View got = Executor.evaluate(Graph.reduce(Op.SUM, leaf(DType.FLOAT32, 100_000, i -> 0.1 * (i % 10)), null, false), null, t);
                assertEquals(45_000.0, got.buffer().getDouble(got.offset()), 1e-3);
            }
        } finally {
            OpenClSession.forcedParts = 0;
        }
        assertEquals(before, t.fallbackCount(), "no fallback");
    }

    /** A cached kernel keeps its arguments between launches: one launched again must set every one that changed. */
    @Test
    void aCachedKernelRelaunchedWithOtherArgumentsUsesThem() {
        for (OpenClTarget t : OpenClTests.devices()) {
            int before = t.fallbackCount();
            same(() -> Graph.binary(Op.ADD, leaf(DType.FLOAT32, 3, i -> i), Graph.binary(Op.MUL, leaf(DType.FLOAT32, 3, i -> i), Graph.weak(0.5))), t);
            same(() -> Graph.binary(Op.ADD, leaf(DType.INT32, 3, i -> i), Graph.weak(7L)), t);
            int programs = t.deviceForTests().programCount();
            for (int round = 0; round < 2; round++) {
                int r = round;
                Buffer a = Buffer.allocate(DType.FLOAT32, 60), b = Buffer.allocate(DType.FLOAT32, 60), c = Buffer.allocate(DType.INT32, 60);
                for (int i = 0; i < 60; i++) {
                    a.setDouble(i, i * 0.25 + r);
                    b.setDouble(i, 7 - i);
                    c.setLong(i, i * 1000 - r);
                }
                for (int off : new int[] { 0, 3, 3, 1 }) {               // offsets, sizes and buffers change; some stay
                    for (double s : new double[] { 2.5, 2.5, -1.0, Double.NaN }) {
                        int n = 50 - off;
                        same(() -> Graph.binary(Op.ADD, Graph.leaf(new View(a, off, new int[] { n }, new int[] { 1 })),
                                Graph.binary(Op.MUL, Graph.leaf(new View(b, 2 * off, new int[] { n }, new int[] { 1 })), Graph.weak(s))), t);
                        same(() -> Graph.binary(Op.ADD, Graph.leaf(new View(c, off, new int[] { n }, new int[] { 1 })), Graph.weak((long) s * 3 + r)), t);
                    }
                }
            }
            assertEquals(programs, t.deviceForTests().programCount(), "the same two programs, launched again");
            assertEquals(before, t.fallbackCount(), "no fallback");
        }
    }

    @Test
    void anIntegerToANegativePowerFailsAsOnTheJvm() {
        OpenClTarget t = OpenClTests.first();
        Node n = Graph.binary(Op.POW, leaf(DType.INT64, 4, i -> 2), leaf(DType.INT64, 4, i -> i - 1));
        assertThrows(ValueException.class, () -> Executor.evaluate(n, null, t));
        // the flag is cleared after it was found set: the same kernel on valid exponents runs, and fails again on a negative one
        for (int round = 0; round < 2; round++) {
            same(() -> Graph.binary(Op.POW, leaf(DType.INT64, 4, i -> 3), leaf(DType.INT64, 4, i -> i)), t);
            same(() -> Graph.binary(Op.POW, leaf(DType.INT64, 4, i -> i - 2), leaf(DType.INT64, 4, i -> i + 1)), t);
        }
        Node m = Graph.binary(Op.POW, leaf(DType.INT64, 4, i -> 2), leaf(DType.INT64, 4, i -> 1 - i));
        assertThrows(ValueException.class, () -> Executor.evaluate(m, null, t));
    }

    @Test
    void targetsAreParsedAndListed() {
        OpenClTarget t = OpenClTests.first();
        assertSame(t, Targets.parse("opencl"));
        assertSame(t, Targets.parse("OpenCL:0"));
        assertEquals("opencl:0", t.name());
        assertTrue(Targets.all().contains(t));
        assertThrows(NumfuseException.class, () -> Targets.parse("opencl:99"));
        assertThrows(NumfuseException.class, () -> Targets.parse("opencl:x"));
        assertNotNull(t.info().name());
    }
}
