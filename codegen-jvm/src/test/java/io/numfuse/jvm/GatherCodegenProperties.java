package io.numfuse.jvm;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.numfuse.ir.Buffer;
import io.numfuse.ir.Fusion;
import io.numfuse.ir.Instr;
import io.numfuse.ir.Interpreter;
import io.numfuse.ir.Kernel;
import io.numfuse.ir.RandomGathers;
import io.numfuse.ir.View;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * Kernels that gather ({@link Instr.Gather}) from {@link RandomGathers}: every class the JVM
 * backend generates for them (the default, the scalar one) verifies with ASM's
 * {@code CheckClassAdapter} and stores the interpreter's values bit for bit; none takes a Vector
 * API loop (a gather does not vectorise).
 */
class GatherCodegenProperties {
    @Property(tries = 400, seed = io.numfuse.ir.RandomGraphs.CI_SEED)
    void gathersAgreeWithTheInterpreter(@ForAll long seed) {
        RandomGathers.Built g = RandomGathers.build(seed);
        for (Kernel k : Fusion.plan(g.root(), null, JvmCodegen.LIMITS).kernels()) {
            boolean gathers = k.body().stream().anyMatch(in -> in instanceof Instr.Gather);
            if (gathers) assertFalse(JvmCodegen.vectorises(k.key()), "a gather is not vectorised: " + g.text());
            Buffer want = k.output().buffer().copy();
            Interpreter.run(withOutput(k, want));
            for (byte[] bytes : new byte[][] { JvmCodegen.generate(k.key()), JvmCodegen.generateScalar(k.key()) }) {
                JvmCodegenTest.verify(bytes, g.text());
                Buffer got = k.output().buffer().copy();
                Runner.run(JvmKernels.define(bytes), withOutput(k, got));
                assertTrue(Runner.sameContents(want, got), g.text() + ": " + Runner.describe(want, got));
            }
            Interpreter.run(k);   // later kernels read this one's output
        }
    }

    private static Kernel withOutput(Kernel k, Buffer b) {
        View o = k.output();
        return new Kernel(k.shape(), k.inputs(), k.body(), k.params(), new View(b, o.offset(), o.shape(), o.strides()), k.reduce(), k.reduceAxes());
    }
}
