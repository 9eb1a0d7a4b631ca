package io.numfuse.runtime;

import static org.junit.jupiter.api.Assertions.*;

import io.numfuse.core.DType;
import io.numfuse.ir.Fusion;
import io.numfuse.ir.Kernel;
import io.numfuse.ir.Node;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Profiles that price every plan at infinity (a JVM profile read from a tampered file with a
 * float64 rate of 0, or one so small that ops / rate overflows): the model still chooses a plan,
 * the JVM's, instead of none (a NullPointerException in Placement, "internal error" on the
 * command line, for every float64 evaluation under auto).
 */
class UnpriceableProfilesTest {
    @Test
    void whenNoPlanHasAFiniteTimeTheJvmsPlanIsChosen() {
        DeviceProfile cpu = CostModelTest.SLOW_CPU.withoutFp64();
        for (double rate : new double[] { 0, 1e-320 }) {
            DeviceProfile jvm = CostModelTest.JVM.withRates(new DeviceProfile.Rates(1e10, rate, 2e9, rate, 1e8, rate));
            Node e = CostModelTest.heavy(DType.FLOAT64, 1_000_000);
            List<Kernel> kernels = Fusion.plan(e).kernels();
            List<KernelWork> works = kernels.stream().map(KernelWork::of).toList();
            List<List<CostModel.Candidate>> candidates = works.stream().map(w -> List.of(new CostModel.Candidate("jvm", jvm, true),
                    new CostModel.Candidate(cpu.target(), cpu, cpu.fp64() || !w.needsFp64()))).toList();
            double[][] corrections = new double[kernels.size()][2];
            for (double[] row : corrections) java.util.Arrays.fill(row, 1);
            CostModel.Choice c = CostModel.choose(works, candidates, new CostModel.Profiles(Map.of("jvm", jvm, cpu.target(), cpu), Map.of(), Map.of()),
                    new CostModel.Locations(b -> new java.util.HashSet<>(java.util.Set.of("jvm"))), corrections, true);
            assertNotNull(c.targets(), "rate " + rate + ": a plan is chosen");
            assertArrayEquals(new int[kernels.size()], c.targets(), "rate " + rate + ": the JVM stands in");
        }
    }
}
