package io.numfuse.runtime;

import static org.junit.jupiter.api.Assertions.*;

import io.numfuse.ir.Buffer;
import io.numfuse.ir.Fusion;
import io.numfuse.ir.Interpreter;
import io.numfuse.ir.Kernel;
import io.numfuse.ir.MultiOutputKernels;
import io.numfuse.ir.Node;
import io.numfuse.ir.Plan;
import io.numfuse.ir.View;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Multi-output kernels through the targets as the runtime runs them (the JVM's threads, an
 * OpenCL device's buffers and residency): every output as the interpreter's; and the plain
 * Mandelbrot, which the fusion pass cuts into such kernels, on every target and on auto.
 */
class MultiOutputTargetsTest {
    static List<Target> targets() {
        List<Target> all = new ArrayList<>(List.of(JvmTarget.INSTANCE));
        all.addAll(OpenClTests.devices());
        return all;
    }

    @Test
    void everyTargetStoresEveryOutput() {
        for (Target t : targets()) {
            int fallbacks = t instanceof OpenClTarget cl ? cl.fallbackCount() : 0;
            for (int n : new int[] { 5, 133, 70_001 }) {
                for (Map.Entry<String, Kernel> e : MultiOutputKernels.all(n, 17 * n).entrySet()) {
                    Kernel k = e.getValue();
                    List<Buffer> want = MultiOutputKernels.expected(k);
                    t.run(k);
                    String what = t.name() + ", " + e.getKey() + ", n=" + n;
                    JvmDifferentialTest.Check c = JvmDifferentialTest.check(k);
                    for (int j = 0; j < want.size(); j++) {
                        View got = k.outputs().get(j);
                        got.buffer().beforeHostRead();
                        View expected = new View(want.get(j), got.offset(), got.shape(), got.strides());
                        JvmDifferentialTest.compare(expected, got, null, 0, c, what + ", output " + j);
                    }
                }
            }
            if (t instanceof OpenClTarget cl) assertEquals(fallbacks, cl.fallbackCount(), t.name() + " ran every kernel");
        }
    }

    @Test
    void aPlainMandelbrotGivesTheInterpretersCountsOnEveryTarget() {
        Plan reference = Fusion.plan(MultiOutputKernels.mandelbrot(4096, 160, 5));
        assertTrue(reference.kernels().stream().anyMatch(k -> k.extras().size() >= 2), "cut into multi-output kernels under the default cap too");
        Interpreter.run(reference);
        double[] want = OpenClTests.doubles(reference.result());
        List<Target> all = targets();
        all.add(Targets.parse("auto"));
        for (Target t : all) {
            View got = Executor.evaluate(MultiOutputKernels.mandelbrot(4096, 160, 5), null, t, true);
            assertArrayEquals(want, OpenClTests.doubles(got), t.name() + ": the counts");
        }
    }
}
