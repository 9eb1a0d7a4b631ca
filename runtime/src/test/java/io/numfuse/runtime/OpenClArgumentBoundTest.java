package io.numfuse.runtime;

import static org.junit.jupiter.api.Assertions.*;

import io.numfuse.ir.Instr;
import io.numfuse.ir.Kernel;
import io.numfuse.ir.KernelKey;
import io.numfuse.ir.KernelLimits;
import io.numfuse.ir.Plan;
import io.numfuse.ir.RandomGraphs;
import io.numfuse.opencl.OpenClCodegen;
import io.numfuse.opencl.OpenClSource;
import org.junit.jupiter.api.Test;

/**
 * The fusion pass keeps an OpenCL kernel's arguments within the device's parameter space by
 * {@link KernelLimits#argumentBytes}, which must bound what the rendered kernels really take:
 * checked on random graphs (no device needed), both kernels of a reduction included.
 */
class OpenClArgumentBoundTest {
    @Test
    void theFusionPassBoundsTheArgumentsEveryRenderedKernelTakes() {
        int kernels = 0;
        for (long seed = 0; seed < 1500; seed++) {
            RandomGraphs.Built g = RandomGraphs.build(seed, RandomGraphs.Config.of(1 + (int) (seed % 16)));
            Plan plan = g.planOrNull(400);
            if (plan == null) continue;   // refused, as NumPy would refuse it
            for (Kernel k : plan.kernels()) {
                KernelKey key = k.key();
                int params = 0;
                for (Instr i : k.body()) if (i instanceof Instr.Param) params++;
                long bound = KernelLimits.argumentBytes(k.shape().length, k.inputs().size() + 1, params);
                OpenClSource src = OpenClCodegen.generate(key);
                long main = OpenClKernel.argumentBytes(src.mainArgs()), finish = OpenClKernel.argumentBytes(src.finishArgs());
                assertTrue(main <= bound && finish <= bound, "seed " + seed + ": " + main + " and " + finish + " bytes of arguments, bound " + bound + "\n" + key);
                kernels++;
            }
        }
        assertTrue(kernels > 1000, "kernels checked: " + kernels);
    }
}
