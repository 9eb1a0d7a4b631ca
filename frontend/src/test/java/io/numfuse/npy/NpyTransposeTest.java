package io.numfuse.npy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.numfuse.core.DType;
import java.io.IOException;

import java.util.Random;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** The tiled Fortran-to-C reordering agrees with the obvious element-by-element one. */
class NpyTransposeTest {

    @Property(tries = 300)
    void matchesTheNaiveReordering(@ForAll @IntRange(min = 2, max = 5) int rank, @ForAll long seed) {
        Random random = new Random(seed);
        int[] shape = new int[rank];
        // Mostly small axes, sometimes one that spans several tiles, sometimes an empty one.
        for (int a = 0; a < rank; a++) shape[a] = random.nextInt(10) == 0 ? 64 + random.nextInt(90) : random.nextInt(5);
        int n = (int) NpyArray.elementCount(shape);
        if (n > 2_000_000) return;
        long[] fortran = new long[n];
        for (int i = 0; i < n; i++) fortran[i] = i;
        assertArrayEquals(naive(fortran, shape), (long[]) Transpose.fortranToC(fortran, shape));
        int[] ints = new int[n];
        for (int i = 0; i < n; i++) ints[i] = ~i;
        int[] expected = new int[n];
        long[] order = naive(fortran, shape);
        for (int i = 0; i < n; i++) expected[i] = ~(int) order[i];
        assertArrayEquals(expected, (int[]) Transpose.fortranToC(ints, shape));
    }

    /**
     * An empty Fortran-order array may have dimensions whose product without its 0 passes 2^31,
     * as NumPy allows; there is nothing to reorder. The reordering sized its table of middle
     * offsets by that product and threw NegativeArraySizeException for (0, 2147483647, 4, 2)
     * (found by the .npy fuzzer's long run).
     */
    @Example
    void anEmptyFortranOrderArrayWithHugeDimensionsReadsAsEmpty() throws IOException {
        for (String shape : new String[] {"(0, 2147483647, 4, 2)", "(2, 2147483647, 0, 3)", "(3, 1073741824, 4, 0)"}) {
            NpyArray a = NpyBytes.read(NpyBytes.npy(NpyBytes.dict("<f4", true, shape), new byte[0]));
            assertEquals(DType.FLOAT32, a.dtype());
            assertEquals(0, a.size());
            assertEquals(shape, NpyArray.shapeString(a.shape()));
        }
    }

    /** For each C-order position, the Fortran index of its coordinates. */
    private static long[] naive(long[] fortran, int[] shape) {
        int rank = shape.length;
        long[] out = new long[fortran.length];
        int[] index = new int[rank];
        for (int c = 0; c < out.length; c++) {
            int rest = c;
            for (int a = rank - 1; a >= 0; a--) {
                index[a] = rest % shape[a];
                rest /= shape[a];
            }
            long f = 0;
            for (int a = rank - 1; a >= 0; a--) f = f * shape[a] + index[a];
            out[c] = fortran[(int) f];
        }
        return out;
    }
}
