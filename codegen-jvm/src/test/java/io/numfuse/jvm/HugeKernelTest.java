package io.numfuse.jvm;

import static org.junit.jupiter.api.Assertions.*;

import io.numfuse.ir.Buffer;
import io.numfuse.ir.DType;
import io.numfuse.ir.Fusion;
import io.numfuse.ir.Graph;
import io.numfuse.ir.Kernel;
import io.numfuse.ir.Node;
import io.numfuse.ir.Op;
import io.numfuse.ir.Plan;
import io.numfuse.ir.View;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A long fused chain (100 unrolled Mandelbrot steps, about 1500 graph nodes) is cut into
 * kernels whose generated {@code run} methods all stay under HotSpot's 8000-byte limit, so
 * every one of them is JIT-compiled (a longer method would run interpreted, 10-100x slower).
 */
class HugeKernelTest {
    static Node mandelbrot(int n, int steps, DType t) {
        Buffer re = Buffer.allocate(t, n), im = Buffer.allocate(t, n);
        for (int i = 0; i < n; i++) { re.setDouble(i, -2 + 2.5 * i / n); im.setDouble(i, -1.25 + 2.5 * ((i * 7) % n) / n); }
        Node cr = Graph.leaf(View.contiguous(re, n)), ci = Graph.leaf(View.contiguous(im, n));
        Node zr = Graph.scalar(t, 0.0), zi = Graph.scalar(t, 0.0), count = Graph.scalar(DType.INT32, 0L);
        for (int k = 0; k < steps; k++) {
            Node re2 = Graph.binary(Op.MUL, zr, zr), im2 = Graph.binary(Op.MUL, zi, zi);
            Node inside = Graph.binary(Op.LE, Graph.binary(Op.ADD, re2, im2), Graph.weak(4.0));
            Node nzr = Graph.where(inside, Graph.binary(Op.ADD, Graph.binary(Op.SUB, re2, im2), cr), zr);
            Node nzi = Graph.where(inside, Graph.binary(Op.ADD, Graph.binary(Op.MUL, Graph.binary(Op.MUL, zr, zi), Graph.weak(2.0)), ci), zi);
            count = Graph.binary(Op.ADD, count, Graph.cast(inside, DType.INT32));
            zr = nzr;
            zi = nzi;
        }
        return count;
    }

    @Test
    void aHundredMandelbrotStepsCompileToMethodsTheJitAccepts() {
        for (DType t : new DType[] { DType.FLOAT32, DType.FLOAT64 }) {
            Plan plan = Fusion.plan(mandelbrot(64, 100, t), null, JvmCodegen.MAX_BODY);
            int instructions = 0, largest = 0;
            for (Kernel k : plan.kernels()) {
                byte[] bytes = JvmCodegen.generate(k.key());
                Map<String, Integer> sizes = ClassFiles.codeLengths(bytes);
                Integer run = sizes.get("run([Ljava/lang/Object;[I[I[I[JII)V");
                assertNotNull(run, "methods: " + sizes);
                largest = Math.max(largest, run);
                assertTrue(run < ClassFiles.HUGE_METHOD, "run() is " + run + " bytes for a body of " + k.body().size());
                instructions += k.body().size();
                JvmCodegenTest.verify(bytes, "mandelbrot kernel");
            }
            System.out.printf("mandelbrot x100 %s: %d kernels, %d instructions, largest run() %d bytes%n",
                    t.numpyName(), plan.kernels().size(), instructions, largest);
            // The greedy cut materialises one operand at a time, so the zr and zi chains that share
            // their history are partly recomputed (about 3x the instructions): multi-output kernels
            // would remove that. What matters here is that every piece runs compiled.
            assertTrue(plan.kernels().size() < 50, plan.kernels().size() + " kernels");
            JvmCodegenTest.check(mandelbrot(64, 100, t), "mandelbrot x100 " + t);
        }
    }
}
