package io.numfuse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.numfuse.core.DType;
import org.junit.jupiter.api.Test;

/**
 * Arrays of high rank on every target. A kernel's rank is at most 30 after its length-1 axes go
 * (2^31 elements), and at 20 axes its key's layout code overflowed an int: every kernel of rank
 * 20 or more failed with a StringIndexOutOfBoundsException on the JVM and OpenCL.
 */
class HighRankTest {
    @Test
    void aTransposedArrayOf20AxesIsMappedAndReduced() {
        int rank = 20;
        int[] shape = new int[rank];
        java.util.Arrays.fill(shape, 2);
        long n = 1L << rank, sum = n * (n - 1) / 2;
        for (String t : DeepAndLarge.targets()) {
            if (t.equals("interpreter")) continue;   // it runs kernels without keys: 2^20 elements take it seconds for nothing
            Num.on(t, () -> {
                NDArray x = Num.arange((int) n).reshape(shape).eval();
                NDArray y = x.transpose().mul(2).add(x.transpose());   // no two axes merge: a kernel of rank 20
                assertEquals(3 * sum, y.sum().itemLong(), "sum on " + t);
                int[] at = new int[rank];
                at[0] = 1;   // y[1, 0, ..., 0] = 3 * x[0, ..., 0, 1] = 3
                assertEquals(3, y.getLong(at), "an element on " + t);
                NDArray firstAxis = x.transpose().sum(0);
                assertEquals(sum, firstAxis.sum().itemLong(), "a reduction over one axis on " + t);
                assertEquals(DType.INT64, firstAxis.dtype());
            });
        }
    }
}
