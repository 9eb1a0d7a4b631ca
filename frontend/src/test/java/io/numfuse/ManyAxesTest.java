package io.numfuse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.numfuse.core.DType;
import io.numfuse.ir.Fusion;
import io.numfuse.ir.Kernel;
import io.numfuse.opencl.OpenClCodegen;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Expressions over arrays whose broadcast leaves kernels of 20 axes or more (no two axes merge):
 * they evaluate on every target and agree with NumPy's values. Kernel keys once packed their
 * layout into an int, which wrapped from 20 axes on, and {@code h + k} threw
 * StringIndexOutOfBoundsException on the JVM target (found while fuzzing .npy files of many axes).
 */
class ManyAxesTest {

    @ParameterizedTest
    @ValueSource(ints = {19, 20, 22})
    void broadcastOverTwentyAxesEvaluates(int rank) {
        int[] hShape = new int[rank], kShape = new int[rank];
        for (int i = 0; i < rank; i++) {
            hShape[i] = i % 2 == 0 ? 2 : 1;
            kShape[i] = i % 2 == 0 ? 1 : 2;
        }
        NDArray h = Num.arange(1 << ((rank + 1) / 2)).reshape(hShape).eval();
        NDArray k = Num.arange(1 << (rank / 2)).mul(1L << 20).reshape(kShape).eval();
        Map<String, NDArray> inputs = Map.of("h", h, "k", k);
        // element (i0, i1, ..., i[rank-1]) is h's index (even axes) plus 2^20 times k's (odd axes)
        long[] want = new long[1 << rank];
        for (int e = 0; e < want.length; e++) {
            long hi = 0, ki = 0;
            for (int axis = 0; axis < rank; axis++) {
                int bit = (e >> (rank - 1 - axis)) & 1;
                if (axis % 2 == 0) hi = hi * 2 + bit; else ki = ki * 2 + bit;
            }
            want[e] = hi + (ki << 20);
        }
        for (String target : new String[] {"jvm", "interpreter"}) {
            NDArray sum = Num.on(target, () -> Num.eval("h + k", inputs).eval());
            assertArrayEquals(want, sum.toLongArray(), target);
            assertEquals(DType.INT64, sum.dtype());
        }
        // the OpenCL program of such a kernel renders too (running it needs a device: OpenClDifferentialTest)
        for (Kernel kernel : Fusion.plan(Num.eval("h + k", inputs).node()).kernels()) {
            assertEquals(rank, kernel.key().rank(), Arrays.toString(kernel.shape()));
            OpenClCodegen.generate(kernel.key());
        }
    }
}
