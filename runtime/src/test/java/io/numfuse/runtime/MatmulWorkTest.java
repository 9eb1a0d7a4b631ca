package io.numfuse.runtime;

import static org.junit.jupiter.api.Assertions.*;

import io.numfuse.core.DType;
import io.numfuse.ir.Fusion;
import io.numfuse.ir.Graph;
import io.numfuse.ir.Kernel;
import io.numfuse.ir.Buffer;
import io.numfuse.ir.View;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the cost model sees of a matmul kernel: its multiply-adds, its operands read once, a class of corrections of its own. */
class MatmulWorkTest {
    @Test
    void aMatmulIsItsMultiplyAddsAndItsOperandsOnce() {
        int m = 300, n = 200, k = 100;
        var a = Graph.leaf(View.contiguous(Buffer.allocate(DType.FLOAT32, m * k), m, k));
        var b = Graph.leaf(View.contiguous(Buffer.allocate(DType.FLOAT32, k * n), k, n));
        List<Kernel> ks = Fusion.plan(Graph.matmul(a, b)).kernels();
        assertEquals(1, ks.size());
        KernelWork w = KernelWork.of(ks.get(0));
        assertTrue(w.matmul());
        assertEquals((long) m * n * k, w.elements());
        assertEquals(1.0, w.ops(OpClass.SIMPLE, false));             // one fused multiply-add per element
        assertEquals(4.0 * (m * k + k * n), w.bytesRead());
        assertEquals(4.0 * m * n, w.bytesWritten());
        assertEquals("matmul.simple32", Learning.classOf(w, CostModelTest.JVM));
        // a small product on the host stays on the JVM; a large one goes to a fast GPU
        var small = Graph.leaf(View.contiguous(Buffer.allocate(DType.FLOAT32, 16), 4, 4));
        assertEquals(List.of("jvm"), CostModelTest.choose(Graph.matmul(small, small), Map.of(), true, CostModelTest.GPU));
        var big = Graph.leaf(View.contiguous(Buffer.allocate(DType.FLOAT32, 1024 * 1024), 1024, 1024));
        assertEquals(List.of("opencl:1"), CostModelTest.choose(Graph.matmul(big, big), Map.of(), true, CostModelTest.GPU));
    }
}
