package io.numfuse.jvm;

import static org.junit.jupiter.api.Assertions.*;

import io.numfuse.ir.Buffer;
import io.numfuse.ir.Fusion;
import io.numfuse.ir.Interpreter;
import io.numfuse.ir.Kernel;
import io.numfuse.ir.KernelLimits;
import io.numfuse.ir.MultiOutputKernels;
import io.numfuse.ir.Node;
import io.numfuse.ir.Plan;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Multi-output kernels on the JVM: each class a kernel may run (scalar, with its Vector API loop,
 * the default) verifies and stores every output as the interpreter does, at lengths that leave
 * vector tails and blocks part-filled.
 */
class MultiOutputCodegenTest {
    @Test
    void everyClassStoresEveryOutputAsTheInterpreter() {
        int vectorised = 0;
        for (int n : new int[] { 1, 5, 16, 37, 133, 700 }) {
            for (Map.Entry<String, Kernel> e : MultiOutputKernels.all(n, n).entrySet()) {
                Kernel k = e.getValue();
                List<Buffer> want = MultiOutputKernels.expected(k);
                byte[] vector = JvmCodegen.generateVectorised(k.key());
                if (vector != null && e.getKey().equals("select")) vectorised++;
                for (byte[] bytes : new byte[][] { JvmCodegen.generateScalar(k.key()), vector, JvmCodegen.generate(k.key()) }) {
                    if (bytes == null) continue;
                    String what = e.getKey() + " n=" + n;
                    JvmCodegenTest.verify(bytes, what);
                    Runner.run(JvmKernels.define(bytes), k);
                    for (int j = 0; j < want.size(); j++) {
                        Buffer got = k.outputs().get(j).buffer();
                        assertTrue(Runner.sameContents(want.get(j), got), what + " output " + j + ": " + Runner.describe(want.get(j), got));
                    }
                }
            }
        }
        // at every length but 1 (an axis of length 1 is a broadcast one in the key: no unit stride to vectorise)
        if (BlockMath.VECTOR) assertEquals(5, vectorised, "the select kernel takes its Vector API loop");
        else System.out.println("MultiOutputCodegenTest: no jdk.incubator.vector module: the Vector API loops were not generated");
    }

    /**
     * The widest live state the level cuts store together ({@code Fusion.MAX_STORES} values, each
     * a chain of selects over all of them): every class's {@code run} stays short enough for C2.
     */
    @Test
    void aKernelStoringEightLevelCutValuesStaysUnderTheJitsMethodLimit() {
        int n = 64;
        List<Node> s = new java.util.ArrayList<>();
        for (int i = 0; i < 8; i++) s.add(JvmCodegenTest.leaf(io.numfuse.core.DType.FLOAT32, n, i));
        for (int k = 0; k < 40; k++) {
            List<Node> next = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) {
                Node a = s.get(i), b = s.get((i + k + 1) % 8);
                Node sum = io.numfuse.ir.Graph.binary(io.numfuse.ir.Op.ADD, io.numfuse.ir.Graph.binary(io.numfuse.ir.Op.MUL, a, b), s.get((i + 3) % 8));
                next.add(io.numfuse.ir.Graph.where(io.numfuse.ir.Graph.binary(io.numfuse.ir.Op.LT, a, b), sum, b));
            }
            s = next;
        }
        Node root = s.get(0);
        for (Node x : s.subList(1, 8)) root = io.numfuse.ir.Graph.binary(io.numfuse.ir.Op.ADD, root, x);
        Plan p = Fusion.plan(root, null, JvmCodegen.LIMITS);
        int widest = 0;
        for (Kernel k : p.kernels()) {
            widest = Math.max(widest, 1 + k.extras().size());
            for (byte[] bytes : new byte[][] { JvmCodegen.generateScalar(k.key()), JvmCodegen.generate(k.key()) }) {
                int run = ClassFiles.codeLengths(bytes).get("run([Ljava/lang/Object;[I[I[I[JII)V");
                assertTrue(run < ClassFiles.HUGE_METHOD, "run() is " + run + " bytes for a body of " + k.body().size() + " storing " + (1 + k.extras().size()));
            }
        }
        assertEquals(8, widest, "a kernel stores all eight values of a level");
    }

    @Test
    void aPlainMandelbrotPlannedAtLevelsRunsAsTheInterpreter() {
        Node count = MultiOutputKernels.mandelbrot(300, 60, 3);
        Plan p = Fusion.plan(count, null, JvmCodegen.LIMITS);
        assertTrue(p.kernels().stream().anyMatch(k -> k.extras().size() >= 2), "level cuts make multi-output kernels");
        for (Kernel k : p.kernels()) {
            List<Buffer> want = MultiOutputKernels.expected(k);
            byte[] bytes = JvmCodegen.generate(k.key());
            JvmCodegenTest.verify(bytes, "mandelbrot");
            Runner.run(JvmKernels.define(bytes), k);   // in order: later kernels read what earlier ones stored
            for (int j = 0; j < want.size(); j++) {
                Buffer got = k.outputs().get(j).buffer();
                assertTrue(Runner.sameContents(want.get(j), got), "kernel output " + j + ": " + Runner.describe(want.get(j), got));
            }
        }
        Node again = MultiOutputKernels.mandelbrot(300, 60, 3);   // the same points, all by the interpreter
        Plan q = Fusion.plan(again, null, JvmCodegen.LIMITS);
        Interpreter.run(q);
        assertTrue(Runner.sameContents(q.result().buffer(), p.result().buffer()), "the counts");
    }
}
