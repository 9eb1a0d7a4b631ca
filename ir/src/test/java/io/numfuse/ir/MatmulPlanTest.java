package io.numfuse.ir;

import static org.junit.jupiter.api.Assertions.*;

import io.numfuse.core.DType;
import org.junit.jupiter.api.Test;

/** How the fusion pass plans a matmul: a kernel of its own, operands first, split in boxes when large. */
class MatmulPlanTest {
    static Node leaf(DType t, int... shape) {
        View v = View.contiguous(Buffer.allocate(t, Shapes.size(shape)), shape);
        for (int i = 0; i < v.buffer().length(); i++) {
            if (t.isFloat()) v.buffer().setDouble(i, (i * 7 % 13) - 6); else v.buffer().setLong(i, (i * 7 % 13) - 6);
        }
        return Graph.leaf(v);
    }

    /** The plain triple loop, over the values of two C-contiguous leaves of shapes (b, m, k) and (b, k, n). */
    static double[] reference(Node a, Node b, int batches, int m, int n, int k) {
        View va = ((Node.Leaf) a).view(), vb = ((Node.Leaf) b).view();
        double[] c = new double[batches * m * n];
        for (int q = 0; q < batches; q++)
            for (int i = 0; i < m; i++)
                for (int j = 0; j < n; j++)
                    for (int p = 0; p < k; p++) c[(q * m + i) * n + j] += va.buffer().getDouble((q * m + i) * k + p) * vb.buffer().getDouble((q * k + p) * n + j);
        return c;
    }

    static double[] values(View v) {
        double[] r = new double[v.size()];
        int[] idx = new int[v.rank()];
        for (int e = 0; e < r.length; e++) {
            r[e] = v.buffer().getDouble(v.elementOffset(idx));
            Shapes.increment(idx, v.shape());
        }
        return r;
    }

    @Test
    void aMatmulIsOneKernelOfItsOwnAndItsConsumerAnother() {
        Node a = leaf(DType.FLOAT64, 3, 4), b = leaf(DType.FLOAT64, 4, 5);
        Node y = Graph.unary(Op.ABS, Graph.binary(Op.ADD, Graph.matmul(a, b), Graph.weak(1.0)));
        Plan p = Fusion.plan(y);
        assertEquals(2, p.kernels().size());
        assertTrue(p.kernels().get(0).isMatmul());
        assertFalse(p.kernels().get(1).isMatmul());
        assertTrue(p.kernels().get(0).key().matmul());
        assertNotEquals(p.kernels().get(0).key(), new KernelKey(4, p.kernels().get(0).body(), p.kernels().get(0).key().inputs(),
                p.kernels().get(0).key().output(), Op.SUM, p.kernels().get(0).key().reduceAxes()));
    }

    @Test
    void anElementwiseProducerIsComputedFirst() {
        Node a = leaf(DType.FLOAT32, 6, 4), b = leaf(DType.FLOAT32, 4, 2);
        Plan p = Fusion.plan(Graph.matmul(Graph.binary(Op.MUL, a, Graph.weak(2.0)), b));
        assertEquals(2, p.kernels().size());
        assertFalse(p.kernels().get(0).isMatmul());
        Kernel mm = p.kernels().get(1);
        assertTrue(mm.isMatmul());
        assertEquals(3, mm.body().size());   // load, load, multiply: nothing fused in
        assertTrue(mm.body().get(0) instanceof Instr.Load && mm.body().get(1) instanceof Instr.Load);
        MatmulShape g = MatmulShape.of(mm);
        assertEquals(6, g.m());
        assertEquals(2, g.n());
        assertEquals(4, g.k());
        assertEquals(0, g.batchShape().length);
    }

    @Test
    void aLargeProductIsSplitIntoBoxesThatGiveTheSameValues() {
        int batches = 3, m = 7, n = 5, k = 6;
        Node a = leaf(DType.FLOAT64, batches, m, k), b = leaf(DType.FLOAT64, batches, k, n);
        double[] want = reference(a, b, batches, m, n, k);
        for (int max : new int[] { 1, 30, 31, 100, 211, 500, 10_000 }) {
            Plan p = Fusion.plan(Graph.matmul(a, b), null, KernelLimits.DEFAULT.withMaxElements(max));
            for (Kernel kk : p.kernels()) {
                assertTrue(kk.isMatmul());
                assertTrue(kk.size() <= Math.max(max, n * k), kk.size() + " elements");
            }
            for (Kernel kk : p.kernels()) Interpreter.run(kk);
            assertArrayEquals(want, values(p.result()), "max " + max + ": " + p.kernels().size() + " kernels");
        }
    }

    @Test
    void geometryOfBroadcastBatchesAndVectors() {
        Node a = leaf(DType.INT32, 2, 1, 3, 4), b = leaf(DType.INT32, 5, 4, 2);
        Node r = Graph.matmul(a, b);
        assertArrayEquals(new int[] { 2, 5, 3, 2 }, r.shape());
        Kernel mm = Fusion.plan(r).kernels().get(0);
        MatmulShape g = MatmulShape.of(mm);
        assertArrayEquals(new int[] { 2, 5 }, g.batchShape());
        assertEquals(0, g.a().batchStrides()[1]);   // a's batch axis of length 1 broadcasts
        assertEquals(0, g.b().batchStrides()[0]);   // b has no first batch axis
        assertEquals(10, g.batches());
        assertArrayEquals(new int[] { 3 }, Graph.matmul(leaf(DType.INT64, 3, 4), leaf(DType.INT64, 4)).shape());
        assertArrayEquals(new int[] { 2 }, Graph.matmul(leaf(DType.INT64, 4), leaf(DType.INT64, 4, 2)).shape());
        assertArrayEquals(new int[0], Graph.matmul(leaf(DType.INT64, 4), leaf(DType.INT64, 4)).shape());
    }
}
