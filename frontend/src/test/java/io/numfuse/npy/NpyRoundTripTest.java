package io.numfuse.npy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.numfuse.core.DType;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class NpyRoundTripTest {

    @TempDir
    Path dir;

    /** 0-d, 1-d, 3-d and empty shapes, for every dtype. */
    static Stream<Arguments> dtypesAndShapes() {
        List<int[]> shapes = List.of(new int[] {}, new int[] {1}, new int[] {7}, new int[] {2, 3, 4},
                new int[] {0}, new int[] {2, 0}, new int[] {3, 0, 2}, new int[] {1, 1, 1, 5});
        return Stream.of(DType.values()).flatMap(t -> shapes.stream().map(s -> Arguments.of(t, s)));
    }

    @ParameterizedTest
    @MethodSource("dtypesAndShapes")
    void roundTripsThroughAFile(DType dtype, int[] shape) throws IOException {
        NpyArray array = TestArrays.ramp(dtype, shape);
        Path file = dir.resolve("a.npy");
        Npy.write(file, array);
        assertEquals(array, Npy.read(file));
        // The header is padded so that the data starts on a 64-byte boundary, as NumPy has it.
        assertEquals(0, (Files.size(file) - (long) array.size() * dtype.itemSize()) % 64);
    }

    @ParameterizedTest
    @MethodSource("dtypesAndShapes")
    void roundTripsThroughStreams(DType dtype, int[] shape) throws IOException {
        NpyArray array = TestArrays.ramp(dtype, shape);
        assertEquals(array, NpyBytes.read(NpyBytes.write(array)));
    }

    @Test
    void extremeValuesSurvive() throws IOException {
        List<NpyArray> arrays = List.of(
                new NpyArray(DType.INT32, new int[] {3}, new int[] {Integer.MIN_VALUE, -1, Integer.MAX_VALUE}),
                new NpyArray(DType.INT64, new int[] {3}, new long[] {Long.MIN_VALUE, -1, Long.MAX_VALUE}),
                new NpyArray(DType.FLOAT32, new int[] {5}, new float[] {
                        Float.NaN, Float.NEGATIVE_INFINITY, -0.0f, Float.MIN_VALUE, Float.MAX_VALUE}),
                new NpyArray(DType.FLOAT64, new int[] {5}, new double[] {
                        Double.NaN, Double.POSITIVE_INFINITY, -0.0, Double.MIN_VALUE, Double.MAX_VALUE}));
        for (NpyArray a : arrays) assertEquals(a, NpyBytes.read(NpyBytes.write(a)));
    }

    @Test
    void writingReplacesAnExistingFile() throws IOException {
        Path file = dir.resolve("a.npy");
        Files.writeString(file, "old content that is longer than nothing");
        NpyArray array = TestArrays.ramp(DType.INT64, 2);
        Npy.write(file, array);
        assertEquals(array, Npy.read(file));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList());   // no temporary file left behind
        }
    }

    /**
     * Arrays bigger than the 1 MiB read chunk, big-endian from a stream: exercises the chunk
     * loop, the byte swapping and the growing of the array as stream data arrives.
     */
    @Test
    void readsArraysLargerThanOneChunk() throws IOException {
        int n = 400_000;
        double[] values = new double[n];
        for (int i = 0; i < n; i++) values[i] = i * 0.25 - 7;
        byte[] bigEndian = NpyBytes.npy(NpyBytes.dict(">f8", false, "(" + n + ",)"),
                NpyBytes.doubles(ByteOrder.BIG_ENDIAN, values));
        NpyArray expected = new NpyArray(DType.FLOAT64, new int[] {n}, values);
        assertEquals(expected, NpyBytes.read(bigEndian));
        Path file = dir.resolve("big.npy");
        Files.write(file, bigEndian);
        assertEquals(expected, Npy.read(file));
        Npy.write(file, expected);
        assertEquals(expected, Npy.read(file));
    }

    @Test
    void readsLargeFortranOrderArrays() throws IOException {
        int rows = 700, cols = 500;
        int[] fortran = new int[rows * cols];
        for (int c = 0; c < cols; c++) for (int r = 0; r < rows; r++) fortran[c * rows + r] = r * cols + c;
        byte[] bytes = NpyBytes.npy(NpyBytes.dict("<i4", true, "(" + rows + ", " + cols + ")"),
                NpyBytes.ints(ByteOrder.LITTLE_ENDIAN, fortran));
        assertEquals(TestArrays.ramp(DType.INT32, rows, cols), NpyBytes.read(bytes));
    }

    /** Random dtypes, shapes and bit patterns (NaNs and subnormals included) survive a round trip. */
    @Property(tries = 200)
    void randomArraysRoundTrip(@ForAll @IntRange(max = 4) int dtypeIndex, @ForAll @IntRange(max = 4) int rank,
                               @ForAll long seed) throws IOException {
        Random random = new Random(seed);
        int[] shape = new int[rank];
        for (int i = 0; i < rank; i++) shape[i] = random.nextInt(5);
        DType dtype = DType.values()[dtypeIndex];
        int n = (int) NpyArray.elementCount(shape);
        Object data = switch (dtype) {
            case BOOL -> {
                byte[] a = new byte[n];
                for (int i = 0; i < n; i++) a[i] = (byte) random.nextInt(2);
                yield a;
            }
            case INT32 -> random.ints(n).toArray();
            case INT64 -> random.longs(n).toArray();
            case FLOAT32 -> {
                float[] a = new float[n];
                for (int i = 0; i < n; i++) a[i] = Float.intBitsToFloat(random.nextInt());
                yield a;
            }
            case FLOAT64 -> random.longs(n).mapToDouble(Double::longBitsToDouble).toArray();
        };
        NpyArray array = new NpyArray(dtype, shape, data);
        byte[] bytes = NpyBytes.write(array);
        assertEquals(array, NpyBytes.read(bytes));
        // Writing what was read gives the same bytes again.
        assertArrayEquals(bytes, NpyBytes.write(NpyBytes.read(bytes)));
    }
}
