package io.numfuse.jvm;

import static org.junit.jupiter.api.Assertions.*;

import io.numfuse.ir.Buffer;
import io.numfuse.ir.Interpreter;
import io.numfuse.ir.Kernel;
import io.numfuse.core.NumfuseException;
import io.numfuse.ir.Plan;
import io.numfuse.ir.RandomGraphs;
import io.numfuse.ir.View;
import org.junit.jupiter.api.Test;

/**
 * ir's random graphs (every op and dtype, views, broadcasting, aliasing) with every dimension 1
 * or 37, so that rows hold two or four whole vectors and a tail: every kernel that takes the
 * vector loop gives, bit for bit, what its scalar class gives (which the runtime's differential
 * tests hold to the interpreter), on the interpreter's inputs.
 */
class VectorLoopRandomGraphsTest {
    @Test
    void vectorClassesAgreeWithScalarClassesOnLongRows() {
        int cases = 800, vectorised = 0, kernels = 0;
        for (long seed = 0; seed < cases; seed++) {
            RandomGraphs.Built g = RandomGraphs.build(seed, RandomGraphs.Config.of(1 + (int) (seed % 12)).withBigDim(37));
            Plan plan = g.planOrNull(JvmCodegen.MAX_BODY);
            if (plan == null) continue;   // refused, as NumPy would refuse it
            for (Kernel k : plan.kernels()) {
                kernels++;
                if (JvmCodegen.vectorises(k.key())) {
                    byte[] vector = JvmCodegen.generateVectorised(k.key());
                    assertNotNull(vector, "a kernel that vectorises has a vector class: " + k.key());
                    JvmCodegenTest.verify(vector, "seed " + seed);
                    Buffer v = runInto(JvmKernels.define(vector), k), s = runInto(JvmKernels.define(JvmCodegen.generateScalar(k.key())), k);
                    if (v != null && s != null) VectorLoopTest.assertSame(s, v, "seed " + seed + ", " + k.key() + "\n" + g.log());
                    else assertEquals(s == null, v == null, "both fail or neither: seed " + seed);
                    vectorised++;
                }
                try {
                    Interpreter.run(k);   // the next kernels' inputs
                } catch (NumfuseException e) {
                    break;
                }
            }
        }
        System.out.printf("vector loop on random graphs with rows of 37: %d of %d kernels%n", vectorised, kernels);
        assertTrue(vectorised > 50, "too few kernels took the vector loop: " + vectorised);
    }

    /** A fresh copy of the output after running {@code code}, or null when it failed as the interpreter may (an int to a negative power). */
    private static Buffer runInto(JvmKernel code, Kernel k) {
        Buffer out = k.output().buffer().copy();
        try {
            Runner.run(code, new Kernel(k.shape(), k.inputs(), k.body(), k.params(),
                    new View(out, k.output().offset(), k.output().shape(), k.output().strides()), k.reduce(), k.reduceAxes()));
        } catch (NumfuseException e) {
            return null;
        }
        return out;
    }
}
