package io.numfuse.ir;

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
}
