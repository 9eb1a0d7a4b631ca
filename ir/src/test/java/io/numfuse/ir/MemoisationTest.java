package io.numfuse.ir;

import io.numfuse.core.DType;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Regression tests for memoisation bugs found by {@link LazinessProperties}. */
class MemoisationTest {

    private static Node int32s(long... v) {
        Buffer b = Buffer.allocate(DType.INT32, v.length);
        for (int i = 0; i < v.length; i++) b.setLong(i, v[i]);
        return Graph.leaf(View.contiguous(b, v.length));
    }

    /** Evaluating a weak scalar on its own must not make it a strong int64 array: int32 + 1 stays int32. */
    @Test
    void evaluatingAWeakScalarKeepsItWeak() {
        Node.Const one = Graph.weak(1L);
        Plan p = Fusion.plan(one);
        Interpreter.run(p);
        assertEquals(DType.INT64, p.result().dtype());
        assertEquals(1, p.result().buffer().getLong(0));
        assertNull(one.result(), "a constant is not memoised");
        assertTrue(p.memo().isEmpty());
        assertEquals(DType.INT32, Graph.binary(Op.ADD, int32s(1, 2), one).dtype());
        Node.Const half = Graph.weak(0.5);
        Interpreter.run(Fusion.plan(half));
        Node f32 = Graph.leaf(View.contiguous(Buffer.allocate(DType.FLOAT32, 2), 2));
        assertEquals(DType.FLOAT32, Graph.binary(Op.MUL, f32, half).dtype());
    }

    /**
     * y = x + 1 and z = y * 2 are built; y is evaluated (memoised into a new buffer), then that
     * buffer is written in place after copyForReaders: z, built before the write, keeps y's old value.
     */
    @Test
    void aWriteIntoTheValueOfAnEvaluatedNodeDoesNotChangeNodesBuiltOnIt() {
        Node x = int32s(1, 2, 3);
        Node y = Graph.binary(Op.ADD, x, Graph.weak(1L));
        Node z = Graph.binary(Op.MUL, y, Graph.weak(2L));
        Node w = Graph.reindex(y, new IndexMap(new int[] { 3 }, new int[] { 2 }, new int[][] { { -1 } }));   // y[::-1]
        Plan py = Fusion.plan(y);
        Interpreter.run(py);
        Buffer yb = y.result().buffer();
        assertTrue(WriteSnapshot.copyForReaders(yb), "z and w read y's value");
        for (int i = 0; i < 3; i++) yb.setLong(i, 100);
        Plan pz = Fusion.plan(z);
        Interpreter.run(pz);
        assertEquals(java.util.List.of(4L, 6L, 8L), longs(pz.result()));
        Plan pw = Fusion.plan(w);
        Interpreter.run(pw);
        assertEquals(java.util.List.of(4L, 3L, 2L), longs(pw.result()));
        // a node built after the write sees the new value
        Plan after = Fusion.plan(Graph.binary(Op.MUL, y, Graph.weak(2L)));
        Interpreter.run(after);
        assertEquals(java.util.List.of(200L, 200L, 200L), longs(after.result()));
    }

    private static java.util.List<Long> longs(View v) {
        java.util.List<Long> out = new java.util.ArrayList<>();
        for (int i = 0; i < v.size(); i++) out.add(v.buffer().getLong(v.elementOffset(new int[] { i })));
        return out;
    }
}
