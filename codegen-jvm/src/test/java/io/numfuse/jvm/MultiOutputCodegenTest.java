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
