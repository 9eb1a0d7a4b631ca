package io.numfuse.ir;

import io.numfuse.core.DType;
import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/**
 * Planning deep graphs costs no stack: the fusion pass lowers a kernel with an explicit stack,
 * so a graph of any depth (NDArray cuts its chains at 256; Graph itself does not) is planned on
 * a thread with a small stack.
 */
class DeepPlanTest {
    static <T> T onStack(int kib, java.util.function.Supplier<T> work) throws InterruptedException {
        Object[] out = new Object[1];
        Thread t = new Thread(null, () -> {
            try {
                out[0] = work.get();
            } catch (Throwable e) {
                out[0] = e;
            }
        }, "small stack", kib * 1024L);
        t.start();
        t.join();
        if (out[0] instanceof Throwable e) throw new AssertionError("on a " + kib + " KiB stack: " + e, e);
        @SuppressWarnings("unchecked") T r = (T) out[0];
        return r;
    }

    @Test
    void aChainOf100000OpsIsPlannedOnA128KiBStack() throws InterruptedException {
        Node x = FusionTest.arr(DType.INT64, 1, 2, 3);
        for (int i = 0; i < 100_000; i++) x = Graph.binary(i % 3 == 0 ? Op.SUB : Op.ADD, x, Graph.weak(2L));
        Node chain = x;
        Plan p = onStack(128, () -> Fusion.plan(chain, null, 400));
        assertTrue(p.kernels().size() > 100_000 / 400, "cut into kernels of at most about 400 instructions: " + p.kernels().size());
        Interpreter.run(p);
        long steps = 100_000, subs = (steps + 2) / 3;
        long shift = 2 * (steps - subs) - 2 * subs;
        assertArrayEquals(new double[] { 1 + shift, 2 + shift, 3 + shift }, FusionTest.values(p.result()));
    }

    @Test
    void aChainOfViewsAndWheresIsPlannedOnA128KiBStack() throws InterruptedException {
        Node x = FusionTest.arr(DType.FLOAT64, 1, 2, 3, 4);
        IndexMap reverse = new IndexMap(new int[] { 4 }, new int[] { 3 }, new int[][] { { -1 } });
        for (int i = 0; i < 3_000; i++) {
            x = Graph.reindex(Graph.binary(Op.ADD, x, Graph.weak(1.0)), reverse);
            x = Graph.where(Graph.binary(Op.GT, x, Graph.weak(1e9)), Graph.weak(0.0), x);
        }
        Node chain = x;
        Plan p = onStack(128, () -> Fusion.plan(chain, null, 400));
        Interpreter.run(p);
        assertArrayEquals(new double[] { 3001, 3002, 3003, 3004 }, FusionTest.values(p.result()), "an even number of reversals");
    }
}
