package io.numfuse.ir;

import io.numfuse.core.DType;
import io.numfuse.core.AxisException;
import io.numfuse.core.TypeException;
import io.numfuse.core.ValueException;
import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;

class FusionTest {
    static Node arr(DType t, double... v) {
        Buffer b = Buffer.allocate(t, v.length);
        for (int i = 0; i < v.length; i++) { if (t.isFloat()) b.setDouble(i, v[i]); else b.setLong(i, (long) v[i]); }
        return Graph.leaf(View.contiguous(b, v.length));
    }

    static double[] values(View v) {
        double[] r = new double[v.size()];
        int[] shape = v.shape(), idx = new int[shape.length];
        for (int e = 0; e < r.length; e++) {
            int o = v.elementOffset(idx);
            r[e] = v.dtype().isFloat() ? v.buffer().getDouble(o) : v.buffer().getLong(o);
            Shapes.increment(idx, shape);
        }
        return r;
    }

    static View run(Node n) {
        Plan p = Fusion.plan(n);
        Interpreter.run(p);
        return p.result();
    }

    @Test
    void anElementwiseChainIsOneKernelWithNoIntermediates() {
        Node a = arr(DType.FLOAT32, 1, 2, 3), b = arr(DType.FLOAT32, 4, 5, 6), c = arr(DType.FLOAT32, 7, 8, 9);
        Node e = Graph.binary(Op.ADD, a, Graph.binary(Op.MUL, b, c));
        Plan p = Fusion.plan(e);
        assertEquals(1, p.kernels().size());
        assertEquals(3, p.kernels().get(0).inputs().size());
        Interpreter.run(p);
        assertArrayEquals(new double[] { 29, 42, 57 }, values(p.result()));
        assertEquals(DType.FLOAT32, p.result().dtype());
    }

    @Test
    void aPlusALoadsOnce() {
        Node a = arr(DType.FLOAT64, 1, 2), b = arr(DType.FLOAT64, 3, 4);
        Kernel aa = Fusion.plan(Graph.binary(Op.ADD, a, a)).kernels().get(0);
        Kernel ab = Fusion.plan(Graph.binary(Op.ADD, a, b)).kernels().get(0);
        assertEquals(1, aa.inputs().size());
        assertEquals(2, ab.inputs().size());
        assertNotEquals(aa.key(), ab.key());
    }

    @Test
    void equalSubExpressionsBuiltTwiceBecomeOneInstruction() {
        Node a = arr(DType.FLOAT64, 1, 2), b = arr(DType.FLOAT64, 3, 4);
        Node s1 = Graph.binary(Op.ADD, a, b), s2 = Graph.binary(Op.ADD, a, b);
        Kernel k = Fusion.plan(Graph.binary(Op.MUL, s1, s2)).kernels().get(0);
        assertEquals(4, k.body().size(), "load a, load b, add, mul: " + k.body());
    }

    @Test
    void keysIgnoreScalarValuesAndSizesButNotDtypes() {
        Node a = arr(DType.FLOAT64, 1, 2, 3), big = arr(DType.FLOAT64, 1, 2, 3, 4, 5);
        KernelKey k1 = Fusion.plan(Graph.binary(Op.MUL, a, Graph.weak(2.0))).kernels().get(0).key();
        KernelKey k2 = Fusion.plan(Graph.binary(Op.MUL, big, Graph.weak(3.0))).kernels().get(0).key();
        assertEquals(k1, k2);
        KernelKey k3 = Fusion.plan(Graph.binary(Op.MUL, arr(DType.FLOAT32, 1, 2), Graph.weak(2.0))).kernels().get(0).key();
        assertNotEquals(k1, k3);
    }

    @Test
    void aReductionFusesWithItsProducerAndFeedsLaterWorkThroughACut() {
        Node a = arr(DType.FLOAT64, 1, 2, 3, 4);
        Node sq = Graph.binary(Op.MUL, a, a);
        Node total = Graph.reduce(Op.SUM, sq, null, false);
        assertEquals(1, Fusion.plan(total).kernels().size());
        Node centred = Graph.binary(Op.SUB, a, Graph.mean(a, null, false));
        Plan p = Fusion.plan(centred);
        assertEquals(2, p.kernels().size());
        assertTrue(p.kernels().get(0).isReduction());
        Interpreter.run(p);
        assertArrayEquals(new double[] { -1.5, -0.5, 0.5, 1.5 }, values(p.result()));
    }

    @Test
    void reductionsOverOneAxisAndTheirDtypes() {
        Buffer b = Buffer.allocate(DType.INT32, 6);
        for (int i = 0; i < 6; i++) b.setLong(i, i);
        Node m = Graph.leaf(View.contiguous(b, 2, 3));
        View rows = run(Graph.reduce(Op.SUM, m, new int[] { 1 }, false));
        assertEquals(DType.INT64, rows.dtype());
        assertArrayEquals(new double[] { 3, 12 }, values(rows));
        View cols = run(Graph.reduce(Op.MAX, m, new int[] { -2 }, true));
        assertArrayEquals(new int[] { 1, 3 }, cols.shape());
        assertArrayEquals(new double[] { 3, 4, 5 }, values(cols));
        assertThrows(AxisException.class, () -> Graph.reduce(Op.SUM, m, new int[] { 2 }, false));
    }

    @Test
    void viewsOfPendingNodesArePushedToTheLeaves() {
        Node a = arr(DType.INT64, 0, 1, 2, 3, 4), b = arr(DType.INT64, 10, 20, 30, 40, 50);
        Node s = Graph.binary(Op.ADD, a, b);
        Node rev = Graph.reindex(s, new IndexMap(new int[] { 5 }, new int[] { 4 }, new int[][] { { -1 } }));
        Node diff = Graph.binary(Op.SUB, Graph.reindex(rev, new IndexMap(new int[] { 4 }, new int[] { 1 }, new int[][] { { 1 } })),
                Graph.reindex(rev, new IndexMap(new int[] { 4 }, new int[] { 0 }, new int[][] { { 1 } })));
        Plan p = Fusion.plan(diff);
        assertEquals(1, p.kernels().size());
        Interpreter.run(p);
        assertArrayEquals(new double[] { -11, -11, -11, -11 }, values(p.result()));
    }

    @Test
    void anAssignmentThatReadsItsTargetDifferentlyGoesThroughATemporary() {
        Buffer buf = Buffer.allocate(DType.INT64, 4);
        for (int i = 0; i < 4; i++) buf.setLong(i, i);
        View all = View.contiguous(buf, 4);
        View reversed = all.slice(0, 3, 4, -1);
        Plan p = Fusion.plan(Graph.leaf(reversed), all);
        assertEquals(2, p.kernels().size(), "compute into a temporary, then copy");
        Interpreter.run(p);
        assertArrayEquals(new double[] { 3, 2, 1, 0 }, values(all));
        Plan same = Fusion.plan(Graph.binary(Op.ADD, Graph.leaf(all), Graph.weak(1L)), all);
        assertEquals(1, same.kernels().size(), "identical access maps need no temporary");
    }

    @Test
    void weakScalarsFollowNep50() {
        Node f32 = arr(DType.FLOAT32, 1), i32 = arr(DType.INT32, 1);
        assertEquals(DType.FLOAT32, Graph.binary(Op.MUL, f32, Graph.weak(2.0)).dtype());
        assertEquals(DType.INT32, Graph.binary(Op.ADD, i32, Graph.weak(1L)).dtype());
        assertEquals(DType.FLOAT64, Graph.binary(Op.DIV, i32, Graph.weak(2L)).dtype());
        assertEquals(DType.FLOAT64, Graph.binary(Op.ADD, i32, Graph.weak(1.5)).dtype());
        assertThrows(ValueException.class, () -> Graph.binary(Op.ADD, i32, Graph.weak(3_000_000_000L)));
        assertEquals(DType.BOOL, Graph.binary(Op.LT, i32, Graph.weak(3_000_000_000L)).dtype(), "NumPy 2 compares exactly");
        Node folded = Graph.binary(Op.MUL, Graph.weak(2L), Graph.weak(3L));
        assertEquals(DType.INT32, Graph.binary(Op.MUL, i32, folded).dtype(), "2*3 stays a weak int");
        assertEquals(DType.FLOAT32, Graph.where(Graph.leaf(View.contiguous(Buffer.allocate(DType.BOOL, 1), 1)), f32, Graph.weak(2.0)).dtype());
    }

    @Test
    void typeRulesRejectWhatNumpyRejects() {
        Node bool = arr(DType.BOOL, 1), f = arr(DType.FLOAT64, 1);
        assertThrows(TypeException.class, () -> Graph.unary(Op.NEG, bool));
        assertThrows(TypeException.class, () -> Graph.binary(Op.SUB, bool, bool));
        assertThrows(TypeException.class, () -> Graph.binary(Op.AND, f, f));
        assertThrows(ValueException.class, () -> Graph.reduce(Op.MAX, arr(DType.FLOAT64), null, false));
        assertEquals(List.of(), Graph.leaf(View.contiguous(Buffer.allocate(DType.BOOL, 1), 1)).operands());
    }

    @Test
    void contiguousAxesCollapseSoThatShapesShareKeys() {
        Buffer b = Buffer.allocate(DType.FLOAT64, 12);
        Node m = Graph.leaf(View.contiguous(b, 3, 4)), v = Graph.leaf(View.contiguous(Buffer.allocate(DType.FLOAT64, 12), 12));
        Kernel k2 = Fusion.plan(Graph.binary(Op.ADD, m, m)).kernels().get(0);
        Kernel k1 = Fusion.plan(Graph.binary(Op.ADD, v, v)).kernels().get(0);
        assertArrayEquals(new int[] { 12 }, k2.shape());
        assertEquals(k1.key(), k2.key());
        Node inner = Graph.reindex(m, new IndexMap(new int[] { 3, 2 }, new int[] { 0, 1 }, new int[][] { { 1, 0 }, { 0, 1 } }));
        Kernel ks = Fusion.plan(Graph.unary(Op.NEG, inner)).kernels().get(0);
        assertEquals(2, ks.shape().length, "a slice of the inner axis keeps two axes");
        Kernel rows = Fusion.plan(Graph.reduce(Op.SUM, Graph.leaf(View.contiguous(b, 2, 2, 3)), new int[] { 1, 2 }, false)).kernels().get(0);
        assertArrayEquals(new int[] { 2, 6 }, rows.shape(), "the two reduced axes merge");
    }

    @Test
    void powerBySqrtReciprocalOrSquareAsNumpyDoesForScalarExponents() {
        Node x = arr(DType.FLOAT64, Double.NEGATIVE_INFINITY, -0.0, 4.0);
        assertArrayEquals(new double[] { Double.NaN, -0.0, 2.0 }, values(run(Graph.binary(Op.POW, x, Graph.weak(0.5)))));
        assertArrayEquals(new double[] { -0.0, Double.NEGATIVE_INFINITY, 0.25 }, values(run(Graph.binary(Op.POW, x, Graph.weak(-1L)))));
    }

    /** A (rows, 3) float64 leaf with values i * 0.25 - 7 (row-major), NaN at one element. */
    private static Node rows3(int rows) {
        Buffer b = Buffer.allocate(DType.FLOAT64, rows * 3);
        for (int i = 0; i < rows * 3; i++) b.setDouble(i, i == 7 ? Double.NaN : i * 0.25 - 7);
        return Graph.leaf(View.contiguous(b, rows, 3));
    }

    /**
     * A short reduction with many outputs (sum and max over 3 elements for each of 2,000 rows) is
     * unrolled into element-wise combines, one map kernel with its consumer; with few outputs, or
     * over more than {@link ShortReductions#UNROLL} elements, it stays a reduce kernel. Each gives the
     * interpreter's reference values (the NaN included).
     */
    @Test
    void aShortReductionWithManyOutputsIsUnrolledIntoItsConsumer() {
        for (Op op : List.of(Op.SUM, Op.MAX)) {
            Node x = rows3(2000);
            Node r = Graph.binary(Op.MUL, Graph.reduce(op, Graph.binary(Op.MUL, x, x), new int[] { 1 }, false), Graph.weak(2.0));
            Plan p = Fusion.plan(r);
            assertEquals(1, p.kernels().size(), p.kernels().toString());
            assertFalse(p.kernels().get(0).isReduction());
            assertEquals(2000, p.kernels().get(0).size());
            LazinessProperties.assertFusedEqualsReference(r);
            Plan few = Fusion.plan(Graph.reduce(op, rows3(10), new int[] { 1 }, false));
            assertTrue(few.kernels().get(0).isReduction(), "10 outputs: a reduce kernel");
            Node wide = Graph.leaf(View.contiguous(Buffer.allocate(DType.FLOAT64, 2000 * 9), 2000, 9));
            assertTrue(Fusion.plan(Graph.reduce(op, wide, new int[] { 1 }, false)).kernels().get(0).isReduction(), "9 elements: a reduce kernel");
        }
    }

    /**
     * A costly element-wise operand broadcast to a space at least twice its size is computed once
     * into an array, not again for each element it is broadcast to: {@code (sin(x)*cos(x)+...)}
     * of (2000,) seen as (2000, 8) is a kernel over 2,000 elements, then the (2000, 8) one loads it.
     */
    @Test
    void aCostlyOperandBroadcastIsComputedOnce() {
        Node x = Graph.reindex(rows3(2000), new IndexMap(new int[] { 2000 }, new int[] { 0, 0 }, new int[][] { { 1 }, { 0 } }));
        Node heavy = x;
        for (int i = 0; i < 6; i++) heavy = Graph.binary(Op.ADD, Graph.unary(Op.SIN, heavy), Graph.unary(Op.COS, heavy));
        Node col = Graph.reindex(heavy, new IndexMap(new int[] { 2000, 1 }, new int[] { 0 }, new int[][] { { 1, 0 } }));
        Node k = Graph.iota(new int[] { 8 }, 0);
        Node root = Graph.binary(Op.MUL, col, Graph.cast(k, DType.FLOAT64));
        Plan p = Fusion.plan(root);
        assertEquals(2, p.kernels().size(), p.kernels().toString());
        assertEquals(2000, p.kernels().get(0).size());
        LazinessProperties.assertFusedEqualsReference(root);
        Node light = Graph.reindex(Graph.binary(Op.ADD, x, Graph.weak(1.0)), new IndexMap(new int[] { 2000, 1 }, new int[] { 0 }, new int[][] { { 1, 0 } }));
        assertEquals(1, Fusion.plan(Graph.binary(Op.MUL, light, Graph.cast(k, DType.FLOAT64))).kernels().size(), "x + 1 is lowered where it is read");
    }
}
