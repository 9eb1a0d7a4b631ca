package io.numfuse.npy;

import static io.numfuse.npy.NpyBytes.dict;
import static io.numfuse.npy.NpyBytes.npy;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.numfuse.core.DType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The header variants that NumPy (or another writer) may produce and that we must accept. */
class NpyHeaderTest {

    private static final byte[] TWO_DOUBLES = NpyBytes.doubles(ByteOrder.LITTLE_ENDIAN, 1.5, -2);
    private static final NpyArray EXPECTED = new NpyArray(DType.FLOAT64, new int[] {2}, new double[] {1.5, -2});

    @ParameterizedTest
    @ValueSource(strings = {
            "{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }",
            "{'shape': (2,), 'fortran_order': False, 'descr': '<f8'}",
            "{'fortran_order': False, 'descr': '<f8', 'shape': (2,)}",
            "{\"descr\": \"<f8\", \"fortran_order\": False, \"shape\": (2,)}",
            "{'descr':'<f8','fortran_order':False,'shape':(2,),}",
            "  {  'descr' :\t'<f8' , 'fortran_order' : False , 'shape' : ( 2 , ) , }",
            "{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }    "})
    void acceptsKeysInAnyOrderAndPythonSpacing(String header) throws IOException {
        assertEquals(EXPECTED, NpyBytes.read(npy(header, TWO_DOUBLES)));
    }

    /** NumPy reads '|' and '=' and no mark at all as native order, which is little-endian here. */
    @ParameterizedTest
    @ValueSource(strings = {"<f8", "=f8", "|f8", "f8"})
    void acceptsEveryLittleEndianSpelling(String descr) throws IOException {
        assertEquals(EXPECTED, NpyBytes.read(npy(dict(descr, false, "(2,)"), TWO_DOUBLES)));
    }

    @Test
    void readsBigEndianDataOfEveryMultiByteType() throws IOException {
        ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.BIG_ENDIAN);
        b.putInt(0, 0x01020304).putInt(4, -5);
        assertEquals(new NpyArray(DType.INT32, new int[] {2}, new int[] {0x01020304, -5}),
                NpyBytes.read(npy(dict(">i4", false, "(2,)"), b.array())));
        b.putLong(0, 0x0102030405060708L);
        assertEquals(new NpyArray(DType.INT64, new int[] {}, new long[] {0x0102030405060708L}),
                NpyBytes.read(npy(dict(">i8", false, "()"), b.array())));
        b.putFloat(0, 1.25f).putFloat(4, Float.NaN);
        assertEquals(new NpyArray(DType.FLOAT32, new int[] {2}, new float[] {1.25f, Float.NaN}),
                NpyBytes.read(npy(dict(">f4", false, "(2,)"), b.array())));
        assertEquals(EXPECTED, NpyBytes.read(npy(dict(">f8", false, "(2,)"),
                NpyBytes.doubles(ByteOrder.BIG_ENDIAN, 1.5, -2))));
    }

    @ParameterizedTest
    @ValueSource(strings = {"|b1", "<b1", ">b1", "=b1", "b1", "?", "|?", "<?", ">?"})
    void acceptsEverySpellingOfBool(String descr) throws IOException {
        assertEquals(new NpyArray(DType.BOOL, new int[] {3}, new byte[] {1, 0, 1}),
                NpyBytes.read(npy(dict(descr, false, "(3,)"), new byte[] {1, 0, 1})));
    }

    /** NumPy treats any nonzero byte as True; NpyArray holds 0 or 1 only. */
    @Test
    void normalisesNonzeroBoolBytesToOne() throws IOException {
        NpyArray read = NpyBytes.read(npy(dict("|b1", false, "(2, 2)"), new byte[] {0, 2, (byte) 255, 1}));
        assertArrayEquals(new byte[] {0, 1, 1, 1}, (byte[]) read.data());
    }

    @Test
    void reordersFortranDataToC() throws IOException {
        // [[0, 1, 2], [3, 4, 5]] stored column by column.
        byte[] fortran = NpyBytes.ints(ByteOrder.LITTLE_ENDIAN, 0, 3, 1, 4, 2, 5);
        assertEquals(TestArrays.ramp(DType.INT32, 2, 3), NpyBytes.read(npy(dict("<i4", true, "(2, 3)"), fortran)));
        // With one axis longer than 1, both orders are the same.
        byte[] line = NpyBytes.ints(ByteOrder.LITTLE_ENDIAN, 0, 1, 2);
        assertEquals(TestArrays.ramp(DType.INT32, 1, 3, 1), NpyBytes.read(npy(dict("<i4", true, "(1, 3, 1)"), line)));
        assertEquals(TestArrays.ramp(DType.INT32), NpyBytes.read(npy(dict("<i4", true, "()"), new byte[4])));
        assertEquals(TestArrays.ramp(DType.INT32, 3, 0), NpyBytes.read(npy(dict("<i4", true, "(3, 0)"), new byte[0])));
    }

    @Test
    void reordersFortranDataOfEveryType() throws IOException {
        // 2x2 of [[a, b], [c, d]] in Fortran order is a, c, b, d.
        assertArrayEquals(new byte[] {1, 0, 0, 1}, (byte[]) NpyBytes.read(
                npy(dict("|b1", true, "(2, 2)"), new byte[] {1, 0, 0, 1})).data());
        ByteBuffer b = ByteBuffer.allocate(32).order(ByteOrder.LITTLE_ENDIAN);
        b.asLongBuffer().put(new long[] {1, 3, 2, 4});
        assertArrayEquals(new long[] {1, 2, 3, 4}, (long[]) NpyBytes.read(npy(dict("<i8", true, "(2, 2)"),
                b.array())).data());
        b.clear();
        b.asFloatBuffer().put(new float[] {1, 3, 2, 4});
        assertArrayEquals(new float[] {1, 2, 3, 4}, (float[]) NpyBytes.read(npy(dict("<f4", true, "(2, 2)"),
                Arrays.copyOf(b.array(), 16))).data());
        assertArrayEquals(new double[] {1, 2, 3, 4}, (double[]) NpyBytes.read(npy(dict("<f8", true, "(2, 2)"),
                NpyBytes.doubles(ByteOrder.LITTLE_ENDIAN, 1, 3, 2, 4))).data());
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3})
    void readsVersion2And3Headers(int major) throws IOException {
        assertEquals(EXPECTED, NpyBytes.read(npy(major, dict("<f8", false, "(2,)"), TWO_DOUBLES)));
    }

    /** Old NumPy aligned to 16 bytes, and other writers may not align at all; both are readable. */
    @Test
    void acceptsHeadersNotAlignedTo64Bytes() throws IOException {
        for (String padding : new String[] {"", " ", "     "}) {
            byte[] text = (dict("<f8", false, "(2,)") + padding + "\n").getBytes(StandardCharsets.US_ASCII);
            assertEquals(EXPECTED, NpyBytes.read(NpyBytes.raw(1, 0, text.length, text, TWO_DOUBLES)));
        }
    }

    /**
     * A header too long for version 1.0's 16-bit length gets version 2.0, as np.save does. Only
     * a shape of thousands of dimensions makes such a header for the dtypes numfuse writes, and
     * that is more than the 64 NumPy allows, so the file is written but read by neither NumPy
     * nor {@link Npy#read}.
     */
    @Test
    void writesVersion2WhenTheHeaderIsTooLongForVersion1() throws IOException {
        int[] shape = new int[30_000];
        Arrays.fill(shape, 1);
        NpyArray array = new NpyArray(DType.FLOAT32, shape, new float[] {3});
        byte[] bytes = NpyBytes.write(array);
        assertEquals(2, bytes[6]);
        assertEquals(0, bytes[7]);
        long length = ByteBuffer.wrap(bytes, 8, 4).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xFFFF_FFFFL;
        assertEquals(bytes.length - 4, 12 + length);
        assertEquals(0, (12 + length) % 64);
        var e = assertThrows(NpyFormatException.class, () -> NpyBytes.read(bytes));
        assertTrue(e.getMessage().contains("has 30000 dimensions, more than the 64 NumPy allows"), e.getMessage());
        // A short header stays version 1.0.
        assertEquals(1, NpyBytes.write(TestArrays.ramp(DType.BOOL, 1, 1))[6]);
    }

    @Test
    void shapesAreFormattedAsPythonTuples() {
        assertEquals("()", NpyArray.shapeString(new int[] {}));
        assertEquals("(5,)", NpyArray.shapeString(new int[] {5}));
        assertEquals("(3, 4)", NpyArray.shapeString(new int[] {3, 4}));
        assertEquals("(2, 0, 7)", NpyArray.shapeString(new int[] {2, 0, 7}));
    }

    @Test
    void writesTheDescrOfEachDtype() throws IOException {
        for (DType t : DType.values()) {
            String header = new String(NpyBytes.write(TestArrays.ramp(t, 1)), StandardCharsets.ISO_8859_1);
            String dict = "{'descr': '" + t.npyDescr() + "', 'fortran_order': False, 'shape': (1,), }";
            assertTrue(header.contains(dict), header);
        }
    }
}
