package io.numfuse.runtime;

import static org.junit.jupiter.api.Assertions.*;

import io.numfuse.core.DType;
import io.numfuse.ir.Buffer;
import io.numfuse.ir.Fusion;
import io.numfuse.ir.Kernel;
import io.numfuse.ir.Node;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@link CostModel#STAY_MARGIN}: a plan that copies data wins over the plan that runs where the
 * data is only when it is predicted faster by the margin; within it the data's place is kept, and
 * the faster plan's programs are still the ones worth building.
 */
class StayMarginTest {
    /** The figures of the selection suite's two misses (stop 57), and plans that win by more. */
    @Test
    void aPlanThatCopiesWinsOnlyByTheMargin() {
        // the 500x500 Laplace step on the host: the JVM 500 us, copies nothing; the stencil on PoCL 479 us, copying 307
        assertEquals(0, CostModel.home(new double[] { 500e-6, 530e-6 }, new double[] { 0, 307e-6 }, 479e-6, 307e-6), "the JVM, where the data is");
        // sin(a)+cos(b) resident on PoCL: the JVM 371 us with 174 of copies back, PoCL 402 us, copying nothing
        assertEquals(1, CostModel.home(new double[] { 371e-6, 402e-6 }, new double[] { 174e-6, 0 }, 371e-6, 174e-6), "the device, where the data is");
        assertEquals(-1, CostModel.home(new double[] { 500e-6, 440e-6 }, new double[] { 0, 300e-6 }, 440e-6, 300e-6), "12% faster: the plan that copies");
        assertEquals(-1, CostModel.home(new double[] { 500e-6, 530e-6 }, new double[] { 0, 307e-6 }, 500e-6, 0), "the best plan copies nothing: it stands");
        assertEquals(-1, CostModel.home(new double[] { 500e-6, 530e-6 }, new double[] { 10e-6, 307e-6 }, 479e-6, 307e-6), "every plan copies: the best");
    }

    /**
     * The model's own choice: sines over 10^6 host floats on a GPU behind a slow link, its
     * execution there scaled (as a learnt correction would) so that the GPU's plan, copies and
     * all, is predicted 5% under the JVM's, then 20% under: the first stays on the JVM (and says
     * why, and still names the GPU as the program to build), the second goes to the GPU.
     */
    @Test
    void theModelKeepsTheDataWhereItIsWithinTheMargin() {
        DeviceProfile gpu = CostModelTest.GPU.withLink(1e9, 1e9, 50e-6);
        List<Kernel> kernels = Fusion.plan(CostModelTest.heavy(DType.FLOAT32, 1_000_000)).kernels();
        assertEquals(1, kernels.size());
        CostModel.Choice plain = choose(kernels, gpu, 1);
        double jvm = plain.uniform()[0];
        assertEquals(0, plain.uniformCopies()[0], "the JVM copies nothing");
        assertTrue(plain.uniformCopies()[1] > 0, "the GPU copies the inputs up and the result back");
        assertTrue(plain.uniform()[1] < 0.8 * jvm, "uncorrected, the GPU wins by more than the margin: " + plain.uniform()[1] + " s against " + jvm);
        for (double share : new double[] { 0.95, 0.80 }) {
            // the correction that prices the GPU's plan at this share of the JVM's (its price grows with the correction)
            double lo = 1, hi = 1;
            while (choose(kernels, gpu, hi).uniform()[1] < share * jvm) hi *= 2;
            for (int i = 0; i < 100; i++) {
                double mid = (lo + hi) / 2;
                if (choose(kernels, gpu, mid).uniform()[1] < share * jvm) lo = mid; else hi = mid;
            }
            CostModel.Choice c = choose(kernels, gpu, hi);
            assertEquals(share * jvm, c.uniform()[1], 1e-6 * jvm, "the GPU's plan priced at " + share + " of the JVM's");
            if (share == 0.95) {                              // 5% under the JVM: within the 10% margin
                assertEquals(0, c.targets()[0], "within the margin: the JVM, where the data is");
                assertTrue(c.stayed());
                assertEquals(1, c.fastest()[0], "the GPU's program is still the one worth building");
                assertEquals(jvm, c.seconds(), 1e-12 * jvm);
            } else {
                assertEquals(1, c.targets()[0], "beyond the margin: the GPU");
                assertFalse(c.stayed());
            }
        }
    }

    /** {@link CostModel#choose} for {@code kernels} over host data, the JVM and {@code device}, its execution multiplied by {@code correction}. */
    private static CostModel.Choice choose(List<Kernel> kernels, DeviceProfile device, double correction) {
        List<KernelWork> works = new ArrayList<>();
        List<List<CostModel.Candidate>> candidates = new ArrayList<>();
        for (Kernel k : kernels) {
            works.add(KernelWork.of(k));
            candidates.add(List.of(new CostModel.Candidate("jvm", CostModelTest.JVM, true), new CostModel.Candidate(device.target(), device, true)));
        }
        double[][] corrections = new double[kernels.size()][];
        for (int i = 0; i < kernels.size(); i++) corrections[i] = new double[] { 1, correction };
        CostModel.Locations onHost = new CostModel.Locations(b -> new java.util.HashSet<>(Set.of("jvm")));
        var all = new CostModel.Profiles(Map.of("jvm", CostModelTest.JVM, device.target(), device), Map.of(), Map.<String, Double>of());
        return CostModel.choose(works, candidates, all, onHost, corrections, true);
    }
}
