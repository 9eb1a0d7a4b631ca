package io.numfuse.npy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.numfuse.core.DType;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Compares numfuse with files written by NumPy 2 (src/test/resources/npy/make_fixtures.py):
 * reading must give the values NumPy saved, and writing must give NumPy's bytes exactly.
 */
class NpyNumpyFixturesTest {

    private static final Map<String, NpyArray> EXPECTED = Map.ofEntries(
            Map.entry("f8_3x4.npy", new NpyArray(DType.FLOAT64, new int[] {3, 4},
                    new double[] {-1, -0.5, 0, 0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5})),
            Map.entry("f8_special.npy", new NpyArray(DType.FLOAT64, new int[] {7}, new double[] {
                    0.0, -0.0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN,
                    Double.MIN_VALUE, Double.MAX_VALUE})),
            Map.entry("f4_2x2.npy", new NpyArray(DType.FLOAT32, new int[] {2, 2},
                    new float[] {1.5f, -2.25f, Float.MAX_VALUE, Float.MIN_VALUE})),
            Map.entry("i4_5.npy", new NpyArray(DType.INT32, new int[] {5},
                    new int[] {Integer.MIN_VALUE, -1, 0, 1, Integer.MAX_VALUE})),
            Map.entry("i8_scalar.npy", new NpyArray(DType.INT64, new int[] {}, new long[] {42})),
            Map.entry("i8_3.npy", new NpyArray(DType.INT64, new int[] {3},
                    new long[] {Long.MIN_VALUE, 0, Long.MAX_VALUE})),
            Map.entry("bool_2x3.npy", new NpyArray(DType.BOOL, new int[] {2, 3}, new byte[] {1, 0, 1, 0, 0, 1})),
            Map.entry("bool_100.npy", everyThird()),
            Map.entry("f8_empty_2x0.npy", new NpyArray(DType.FLOAT64, new int[] {2, 0}, new double[0])),
            Map.entry("bool_empty_0.npy", new NpyArray(DType.BOOL, new int[] {0}, new byte[0])),
            Map.entry("i4_1x1x1.npy", new NpyArray(DType.INT32, new int[] {1, 1, 1}, new int[] {7})),
            Map.entry("i4_36d.npy", new NpyArray(DType.INT32, ones(36), new int[] {5})),
            Map.entry("f4_be_2x3.npy", new NpyArray(DType.FLOAT32, new int[] {2, 3},
                    new float[] {0.25f, 1.25f, 2.25f, 3.25f, 4.25f, 5.25f})),
            Map.entry("i8_be_4.npy", new NpyArray(DType.INT64, new int[] {4},
                    new long[] {Long.MIN_VALUE, -1, 0, Long.MAX_VALUE})),
            Map.entry("i4_fortran_2x3x4.npy", TestArrays.ramp(DType.INT32, 2, 3, 4)),
            Map.entry("f8_be_fortran_3x2.npy", TestArrays.ramp(DType.FLOAT64, 3, 2)),
            Map.entry("f8_v2_2x2.npy", new NpyArray(DType.FLOAT64, new int[] {2, 2}, new double[] {1, 2, 3, 4})),
            Map.entry("f4_v3_3.npy", new NpyArray(DType.FLOAT32, new int[] {3}, new float[] {1, 2.5f, -3})));

    private static NpyArray everyThird() {
        byte[] b = new byte[100];
        for (int i = 0; i < 100; i += 3) b[i] = 1;
        return new NpyArray(DType.BOOL, new int[] {100}, b);
    }

    private static int[] ones(int rank) {
        int[] shape = new int[rank];
        Arrays.fill(shape, 1);
        return shape;
    }

    private static Path fixture(String name) {
        try {
            return Path.of(NpyNumpyFixturesTest.class.getResource("/npy/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new AssertionError(e);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"f8_3x4.npy", "f8_special.npy", "f4_2x2.npy", "i4_5.npy", "i8_scalar.npy",
            "i8_3.npy", "bool_2x3.npy", "bool_100.npy", "f8_empty_2x0.npy", "bool_empty_0.npy", "i4_1x1x1.npy",
            "i4_36d.npy",
            "f4_be_2x3.npy", "i8_be_4.npy", "i4_fortran_2x3x4.npy", "f8_be_fortran_3x2.npy",
            "f8_v2_2x2.npy", "f4_v3_3.npy"})
    void readsWhatNumpyWrote(String name) throws IOException {
        assertEquals(EXPECTED.get(name), Npy.read(fixture(name)), name);
        try (InputStream in = Files.newInputStream(fixture(name))) {
            assertEquals(EXPECTED.get(name), Npy.read(in), name + " as a stream");
        }
    }

    /** The little-endian, C-order, version 1.0 fixtures are what np.save writes for our arrays. */
    @ParameterizedTest
    @ValueSource(strings = {"f8_3x4.npy", "f8_special.npy", "f4_2x2.npy", "i4_5.npy", "i8_scalar.npy",
            "i8_3.npy", "bool_2x3.npy", "bool_100.npy", "f8_empty_2x0.npy", "bool_empty_0.npy", "i4_1x1x1.npy",
            "i4_36d.npy"})
    void writesWhatNumpyWrites(String name, @TempDir Path dir) throws IOException {
        byte[] numpy = Files.readAllBytes(fixture(name));
        assertArrayEquals(numpy, NpyBytes.write(EXPECTED.get(name)), name);
        Path file = dir.resolve(name);
        Npy.write(file, EXPECTED.get(name));
        assertArrayEquals(numpy, Files.readAllBytes(file), name + " written to a file");
    }

    /** Header bytes the tests compute by hand from NumPy's rules, to pin down the padding. */
    @Test
    void headerMatchesNumpyLayout() {
        String expected = "{'descr': '<f8', 'fortran_order': False, 'shape': (3,), }";
        // 20 growth spaces for the one-digit first axis, then padding to 128 bytes in all.
        byte[] header = NpyHeader.encode(DType.FLOAT64, new int[] {3});
        assertEquals(128, header.length);
        String text = new String(header, 10, header.length - 10, java.nio.charset.StandardCharsets.ISO_8859_1);
        assertEquals(expected + " ".repeat(128 - 10 - expected.length() - 1) + "\n", text);
        assertEquals(118, (header[8] & 0xFF) | (header[9] & 0xFF) << 8);
    }
}
