package io.numfuse.jvm;

import static org.junit.jupiter.api.Assertions.*;

import io.numfuse.ir.Buffer;
import io.numfuse.core.DType;
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

    /**
     * Float sums of the largest bodies the JVM target accepts, plain and with a transcendental
     * (blocked), over the innermost axis (finished in the kernel), an outer one (pairs in
     * memory) and all axes (pairs, as when split across threads): every run() verifies and
     * stays under the limit, and the sums without sin agree with the interpreter.
     */
    @Test
    void floatSumsOfTheLargestBodiesCompileToMethodsTheJitAccepts() {
        for (DType t : new DType[] { DType.FLOAT32, DType.FLOAT64 }) {
            for (boolean sin : new boolean[] { false, true }) {
                Buffer b = Buffer.allocate(t, 3 * 40 * 50);
                for (int i = 0; i < b.length(); i++) b.setDouble(i, Math.sin(i) * 3);
                Node x = Graph.leaf(View.contiguous(b, 3, 40, 50)), v = x;
                for (int k = 0; k < 300; k++) v = Graph.binary(k % 3 == 0 ? Op.MUL : Op.ADD, v, k % 3 == 0 ? Graph.weak(0.999) : x);
                if (sin) v = Graph.unary(Op.SIN, v);
                int largest = 0;
                for (int[] axes : new int[][] { { 2 }, { 0 }, { 0, 2 }, null }) {
                    Node sum = Graph.reduce(Op.SUM, v, axes, false);
                    for (Kernel k : Fusion.plan(sum, null, JvmCodegen.MAX_BODY).kernels()) {
                        byte[] bytes = JvmCodegen.generate(k.key());
                        int run = ClassFiles.codeLengths(bytes).get("run([Ljava/lang/Object;[I[I[I[JII)V");
                        assertTrue(run < ClassFiles.HUGE_METHOD, "run() is " + run + " bytes for a body of " + k.body().size());
                        largest = Math.max(largest, run);
                        JvmCodegenTest.verify(bytes, "sum kernel");
                    }
                    // (sin's few ulp against StrictMath add up past check's 2 ulp: JvmDifferentialTest has the tolerances)
                    if (!sin) JvmCodegenTest.check(Graph.reduce(Op.SUM, v, axes, false), "sum of a long body over " + java.util.Arrays.toString(axes));
                }
                System.out.printf("float sum of a %d-op body %s%s: largest run() %d bytes%n", 300, t.numpyName(), sin ? " with sin" : "", largest);
            }
        }
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
            // Cut at levels, the live state of each level computed by one multi-output kernel: 13
            // kernels of 1,575 instructions (the greedy cut made 30-odd, recomputing about 3x the
            // instructions). What matters here too is that every piece runs compiled.
            assertTrue(plan.kernels().size() <= 16 && instructions <= 20 * 100, plan.kernels().size() + " kernels, " + instructions + " instructions");
            JvmCodegenTest.check(mandelbrot(64, 100, t), "mandelbrot x100 " + t);
        }
    }
}
