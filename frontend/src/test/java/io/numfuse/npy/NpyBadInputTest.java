package io.numfuse.npy;

import static io.numfuse.npy.NpyBytes.dict;
import static io.numfuse.npy.NpyBytes.npy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every kind of bad content is rejected with a one-line NpyFormatException, from a file or a stream. */
class NpyBadInputTest {

    @TempDir
    static Path dir;

    private static final byte[] TWO_DOUBLES = NpyBytes.doubles(ByteOrder.LITTLE_ENDIAN, 1, 2);

    /**
     * Reads {@code bytes} as a file and as a stream; both must fail with a message that
     * contains {@code expected}, and the file's message must name the file.
     */
    private static String rejected(byte[] bytes, String expected) throws IOException {
        Path file = dir.resolve("bad.npy");
        Files.write(file, bytes);
        var fromFile = assertThrows(NpyFormatException.class, () -> Npy.read(file));
        var fromStream = assertThrows(NpyFormatException.class, () -> NpyBytes.read(bytes));
        for (var e : new NpyFormatException[] {fromFile, fromStream}) {
            assertTrue(e.getMessage().contains(expected), () -> "expected '" + expected + "' in: " + e.getMessage());
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
        }
        assertTrue(fromFile.getMessage().startsWith("bad .npy file " + file + ": "), fromFile.getMessage());
        assertEquals(file, fromFile.file());
        return fromFile.getMessage();
    }

    private static byte[] withHeader(String dict, byte[] data) {
        return npy(dict, data);
    }

    @Test
    void rejectsWrongMagic() throws IOException {
        rejected(new byte[0], "it is empty");
        rejected(new byte[] {(byte) 0x93, 'N', 'U'}, "inside the magic string");
        byte[] good = withHeader(dict("<f8", false, "(2,)"), TWO_DOUBLES);
        byte[] bad = good.clone();
        bad[5] = 'Z';
        rejected(bad, "does not start with the .npy magic string");
        rejected("PK\3\4 zip".getBytes(StandardCharsets.ISO_8859_1), "zip archive");
        rejected(new byte[] {(byte) 0x80, 4, (byte) 0x95, 0, 0, 0, 0, 0, 0, 0}, "Python pickle");
        rejected("just some text file\n".getBytes(StandardCharsets.US_ASCII), "magic string");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.0", "1.1", "4.0", "255.255"})
    void rejectsUnsupportedVersions(String version) throws IOException {
        String[] parts = version.split("\\.");
        byte[] file = withHeader(dict("<f8", false, "(2,)"), TWO_DOUBLES);
        file[6] = (byte) Integer.parseInt(parts[0]);
        file[7] = (byte) Integer.parseInt(parts[1]);
        rejected(file, "unsupported format version " + version + " (supported: 1.0, 2.0, 3.0)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"|i1", "<i2", "<u4", "|u1", "<u8", "<f2", "<f16", "<c8", "<c16", "<U5", "|S3",
            "|V8", "<M8[ns]", "<m8[s]", "", "f", "<f8 ", "<<f8", "i4x"})
    void rejectsUnsupportedDtypesNamingThem(String descr) throws IOException {
        String message = rejected(withHeader(dict(descr, false, "(2,)"), TWO_DOUBLES),
                "unsupported dtype '" + descr + "'");
        assertTrue(message.contains(NpyHeader.SUPPORTED), message);
    }

    @Test
    void rejectsObjectArraysAndPickledData() throws IOException {
        // What np.save writes for np.array([None, 1]) with allow_pickle=True: a pickle after the header.
        byte[] pickle = {(byte) 0x80, 4, (byte) 0x95, 5, 0, 0, 0, 0, 0, 0, 0, 'N', 'K', 1, (byte) 0x86, '.'};
        rejected(withHeader(dict("|O", false, "(2,)"), pickle), "object array (pickled Python objects)");
        rejected(withHeader(dict("O", false, "(2,)"), pickle), "object array");
    }

    @Test
    void rejectsStructuredDtypes() throws IOException {
        String header = "{'descr': [('a', '<i4'), ('b', '<f8')], 'fortran_order': False, 'shape': (2,), }";
        rejected(withHeader(header, new byte[24]), "structured dtype [('a', '<i4'), ('b', '<f8')] is not supported");
        rejected(withHeader("{'descr': 5, 'fortran_order': False, 'shape': (2,), }", TWO_DOUBLES),
                "descr must be a string, not 5");
    }

    @Test
    void rejectsTruncatedData() throws IOException {
        byte[] good = withHeader(dict("<f8", false, "(3, 4)"), new byte[96]);
        rejected(Arrays.copyOf(good, good.length - 1),
                "truncated: shape (3, 4) of float64 needs 96 data bytes but only 95");
        rejected(Arrays.copyOf(good, good.length - 96), "but only 0 are there");
        rejected(Arrays.copyOf(good, 9), "file ends inside the header length field");
    }

    /** NumPy ignores bytes after the data; we take them as a sign of a corrupt or mislabelled file. */
    @Test
    void rejectsTrailingBytes() throws IOException {
        byte[] good = withHeader(dict("<f8", false, "(2,)"), TWO_DOUBLES);
        String message = rejected(NpyBytes.concat(good, new byte[] {0, 0, 0}), "unexpected bytes after");
        assertTrue(message.contains("3 unexpected bytes after the array data"), message);
        // A second array appended to the first is trailing data too.
        rejected(NpyBytes.concat(good, good), "unexpected bytes after");
    }

    @Test
    void rejectsHeaderLengthsThatLie() throws IOException {
        byte[] text = (dict("<f8", false, "(2,)") + "    \n").getBytes(StandardCharsets.US_ASCII);
        // Past the end of the file.
        rejected(NpyBytes.raw(1, 0, 60_000, text, TWO_DOUBLES), "header length field says 60000 bytes");
        rejected(NpyBytes.raw(2, 0, 0xFFFF_FFFFL, text, TWO_DOUBLES), "4294967295");
        // Too short: the header is cut inside the dict, so it does not end with a newline.
        rejected(NpyBytes.raw(1, 0, text.length - 10, text, TWO_DOUBLES), "header does not end with a newline");
        // Too long: the data's first bytes are taken for header.
        rejected(NpyBytes.raw(1, 0, text.length + 3, text, TWO_DOUBLES), "header does not end with a newline");
        rejected(NpyBytes.raw(1, 0, 0, new byte[0], TWO_DOUBLES), "header does not end with a newline");
    }

    @Test
    void rejectsHeadersThatAreNotSpacePadded() throws IOException {
        String d = dict("<f8", false, "(2,)");
        rejected(withHeader(d + " garbage", TWO_DOUBLES), "unexpected text after the header dictionary");
        rejected(withHeader(d + "\0\0\0", TWO_DOUBLES), "unexpected text after the header dictionary");
        rejected(withHeader(d + "}", TWO_DOUBLES), "unexpected text after the header dictionary");
        // A newline in the middle, as if two headers were glued together.
        rejected(withHeader(d + "\n" + d, TWO_DOUBLES), "unexpected text after the header dictionary");
    }

    @Test
    void rejectsHugeShapesBeforeAllocating() throws IOException {
        rejected(withHeader(dict("<f8", false, "(2147483648,)"), TWO_DOUBLES),
                "dimension 2147483648 in shape (2147483648,) is larger than the limit 2147483647");
        rejected(withHeader(dict("<f8", false, "(1000000000000000000000000000000, 0)"), TWO_DOUBLES),
                "is larger than the limit");
        rejected(withHeader(dict("<f8", false, "(65536, 65536)"), TWO_DOUBLES),
                "shape (65536, 65536) has 4294967296 elements, more than the limit 2147483639 of a numfuse array");
        // a Java array could hold it, a numfuse array cannot (Shapes.MAX_SIZE): refused before 2 GB are read
        rejected(withHeader(dict("|b1", false, "(2147483640,)"), new byte[10]),
                "shape (2147483640,) has 2147483640 elements, more than the limit 2147483639 of a numfuse array");
        // Fits the limit, but the data is not there: from a file this is caught from its size;
        // from a stream the array grows with the data, so no 16 GiB array is attempted.
        rejected(withHeader(dict("<f8", false, "(2147483639,)"), TWO_DOUBLES), "truncated");
        rejected(withHeader(dict("|b1", false, "(46340, 46340)"), new byte[10]), "truncated");
    }

    /**
     * Python refuses to read an int of more than 4300 digits, and NumPy an array of more than 64
     * dimensions; both are refused here before any work grows with them. A dimension of a million
     * digits took 13 s to convert and made a message of a million chars; a shape of 80 000 huge
     * dimensions and a 0 took 2.7 s to multiply out; 100 000 dimensions of 1 were read as an
     * array, and {@code x + 1} on it ran out of memory (found by the .npy fuzzer).
     */
    @Test
    void rejectsHugeIntegersAndTooManyDimensionsQuickly() throws IOException {
        long start = System.nanoTime();
        String digits = rejected(npy(2, dict("<f8", false, "(1" + "0".repeat(1_000_000) + ",)"), TWO_DOUBLES),
                "integer of 1000001 digits (Python reads at most 4300)");
        assertTrue(digits.length() < 1000, () -> "a message of " + digits.length() + " chars");
        rejected(withHeader(dict("<f8", false, "(1" + "0".repeat(4299) + ",)"), TWO_DOUBLES), "is larger than the limit");
        rejected(withHeader(dict("<f8", false, "(" + "1, ".repeat(65) + ")"), TWO_DOUBLES),
                "has 65 dimensions, more than the 64 NumPy allows");
        String many = rejected(npy(2, dict("<f8", false, "(" + "2147483647, ".repeat(80_000) + "0)"), TWO_DOUBLES),
                "has 80001 dimensions");
        assertTrue(many.length() < 1000, () -> "a message of " + many.length() + " chars");
        String count = rejected(withHeader(dict("<f8", false, "(" + "2147483647, ".repeat(64) + ")"), TWO_DOUBLES),
                "elements, more than the limit");
        assertTrue(count.length() < 1000, () -> "a message of " + count.length() + " chars");
        assertTrue(System.nanoTime() - start < 3_000_000_000L, "each is refused in milliseconds");
        // 64 dimensions is NumPy's limit, and an array
        byte[] ones = withHeader(dict("<f8", false, "(" + "1, ".repeat(64) + ")"), NpyBytes.doubles(ByteOrder.LITTLE_ENDIAN, 7));
        assertEquals(64, NpyBytes.read(ones).ndim());
    }

    /**
     * Refusing a long header costs a few times its size, within the .npy fuzzer's allowance
     * (16 MiB plus 8 bytes per input byte, NpyFuzzTest): a 300 KB shape of 10^5
     * dimensions allocated 50 MB, printing the whole tuple for a message that shows 160 chars of it.
     */
    @Test
    void refusingALongHeaderAllocatesLittleMoreThanItsSize() {
        var threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        for (String shape : new String[] {"(" + "2, ".repeat(100_000) + ")", "(" + "-1, ".repeat(60) + "[" + "1, ".repeat(100_000) + "])"}) {
            byte[] bytes = npy(2, dict("<f8", false, shape), TWO_DOUBLES);
            long before = threads.getCurrentThreadAllocatedBytes();
            assertThrows(NpyFormatException.class, () -> NpyBytes.read(bytes));
            long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            assertTrue(allocated < (16L << 20) + 8L * bytes.length,
                    () -> "refusing " + bytes.length + " bytes allocated " + allocated);
        }
    }

    @Test
    void rejectsNegativeDimensions() throws IOException {
        rejected(withHeader(dict("<f8", false, "(-1,)"), TWO_DOUBLES), "negative dimension -1 in shape (-1,)");
        rejected(withHeader(dict("<f8", false, "(2, -3)"), TWO_DOUBLES), "negative dimension -3 in shape (2, -3)");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{'descr': '<f8', 'fortran_order': False, 'shape': (2,), 'extra': 1, }|unknown key 'extra'",
            "{'descr': '<f8', 'fortran_order': False, }|header has no 'shape' key",
            "{'descr': '<f8', 'shape': (2,), }|header has no 'fortran_order' key",
            "{'fortran_order': False, 'shape': (2,), }|header has no 'descr' key",
            "{'descr': '<f8', 'descr': '<f8', 'fortran_order': False, 'shape': (2,), }|duplicate key 'descr'",
            "['<f8', False, (2,)]|header is not a dictionary",
            "{'descr': '<f8', 'fortran_order': False, 'shape': [2], }|shape must be a tuple of integers, not [2]",
            "{'descr': '<f8', 'fortran_order': False, 'shape': (2), }|shape must be a tuple of integers, not 2",
            "{'descr': '<f8', 'fortran_order': False, 'shape': (2.0,), }|malformed integer",
            "{'descr': '<f8', 'fortran_order': False, 'shape': (0x2,), }|malformed integer",
            "{'descr': '<f8', 'fortran_order': False, 'shape': (2L,), }|malformed integer",
            "{'descr': '<f8', 'fortran_order': False, 'shape': (02,), }|leading zeros",
            "{'descr': '<f8', 'fortran_order': False, 'shape': ('2',), }|shape must be a tuple of integers",
            "{'descr': '<f8', 'fortran_order': False, 'shape': (None,), }|shape must be a tuple of integers",
            "{'descr': '<f8', 'fortran_order': 0, 'shape': (2,), }|fortran_order must be True or False, not 0",
            "{'descr': '<f8', 'fortran_order': false, 'shape': (2,), }|unexpected name 'false'",
            "{'descr': '<f8' 'fortran_order': False, 'shape': (2,), }|expected ',' or '}'",
            "{'descr': '<f8', 'fortran_order': False, 'shape': (2,) 'x'}|expected ',' or '}'",
            "{'descr': '<f8', 'fortran_order': False, 'shape': (2,), |header ends inside a bracket",
            "{'descr: '<f8', 'fortran_order': False, 'shape': (2,), }|expected ':'",
            "{'descr': '<f8, 'fortran_order': False, 'shape': (2,), }|expected ','",
            "{'descr': '<f\\x38', 'fortran_order': False, 'shape': (2,), }|escape sequences",
            "{descr: '<f8', 'fortran_order': False, 'shape': (2,), }|expected a string key",
            "{'descr': '<f8', 'fortran_order': False, 'shape': (2,,), }|unexpected character ','",
            "{'descr': '<f8', 'fortran_order': False, 'shape': (2,); }|expected ',' or '}'",
            "{'descr': '<f8', 'fortran_order': False, 'shape': (2,)}, 5|unexpected text after the header",
            "|header ends where a value was expected",
            "'<f8'|header is not a dictionary: '<f8'"})
    void rejectsMalformedHeaderDicts(String headerAndMessage) throws IOException {
        int bar = headerAndMessage.lastIndexOf('|');
        rejected(withHeader(headerAndMessage.substring(0, bar), TWO_DOUBLES), headerAndMessage.substring(bar + 1));
    }

    @Test
    void rejectsDeeplyNestedHeadersWithoutOverflowingTheStack() throws IOException {
        String deep = "[".repeat(5000) + "]".repeat(5000);
        rejected(withHeader("{'descr': " + deep + ", 'fortran_order': False, 'shape': (2,), }", TWO_DOUBLES),
                "header nests more than 32 levels deep");
    }

    @Test
    void rejectsAVersion3HeaderThatIsNotUtf8() throws IOException {
        byte[] text = (dict("<f8", false, "(2,)") + "\u00ff   \n").getBytes(StandardCharsets.ISO_8859_1);
        rejected(NpyBytes.raw(3, 0, text.length, text, TWO_DOUBLES), "version 3.0 header is not valid UTF-8");
        // In version 1.0 the same byte is Latin-1 'ÿ', which is simply not space padding.
        rejected(NpyBytes.raw(1, 0, text.length, text, TWO_DOUBLES), "unexpected text after the header dictionary");
    }

    @Test
    void rejectsHeadersLongerThanTheLimit() {
        byte[] text = new byte[NpyReader.MAX_HEADER + 1];
        byte[] bytes = NpyBytes.raw(2, 0, text.length, text, new byte[0]);
        var e = assertThrows(NpyFormatException.class, () -> NpyBytes.read(bytes));
        assertTrue(e.getMessage().contains("header length 1048577 is larger than the limit 1048576"), e.getMessage());
    }

    /**
     * Text from the file is shown as Python's repr shows it: control, format and separator
     * characters escaped (a raw ESC would drive the terminal; U+0085 and U+2028 end a line for
     * many tools), and a long value cut, so the message stays one short printable line. Found by
     * NpyFuzzTest: such characters came through as they were.
     */
    @Test
    void messagesEscapeControlCharactersAndCutLongValues() throws IOException {
        String[][] cases = {   // descr as written (version 1.0: Latin-1), then as the message shows it
                {"<f8\u001b[2J", "unsupported dtype '<f8\\x1b[2J'"},
                {"<f8\u0085", "unsupported dtype '<f8\\x85'"},
                {"<f8\u00a0", "unsupported dtype '<f8\\xa0'"},
                {"\u00e9<f8", "unsupported dtype '\u00e9<f8'"}};   // printable: shown as it is
        for (String[] c : cases) {
            assertPrintable(rejected(withHeader(dict(c[0], false, "(2,)"), TWO_DOUBLES), c[1]));
        }
        // version 3.0 headers are UTF-8: a line separator, a bidi override
        assertPrintable(rejected(npy(3, dict("<f8\u2028", false, "(2,)"), TWO_DOUBLES), "unsupported dtype '<f8\\u2028'"));
        assertPrintable(rejected(npy(3, dict("\u202e8f<", false, "(2,)"), TWO_DOUBLES), "unsupported dtype '\\u202e8f<'"));
        assertPrintable(rejected(withHeader("{'descr': '<f8', 'fortran_order': False, 'shape': (2,), 'a\u001b': 1}", TWO_DOUBLES),
                "unknown key 'a\\x1b'"));
        assertPrintable(rejected(NpyBytes.raw(1, 0, 1, new byte[] {(byte) 0x9f}, TWO_DOUBLES), "\"\\x9f\""));
        // version 2.0, whose length field holds such headers
        String longDescr = "x".repeat(100_000);
        String message = rejected(npy(2, dict(longDescr, false, "(2,)"), TWO_DOUBLES), "unsupported dtype 'xxxx");
        assertTrue(message.length() < 1000, () -> "a message of " + message.length() + " chars");
        String longName = rejected(npy(2, "{'descr': " + "y".repeat(100_000) + "}", TWO_DOUBLES), "unexpected name 'yyy");
        assertTrue(longName.length() < 1000, () -> "a message of " + longName.length() + " chars");
        String longShape = rejected(npy(2, dict("<f8", false, "(" + "-1, ".repeat(50_000) + ")"), TWO_DOUBLES), "has 50000 dimensions");
        assertTrue(longShape.length() < 1000, () -> "a message of " + longShape.length() + " chars");
    }

    /** No control character (C0 or C1), and no line or paragraph separator. */
    private static void assertPrintable(String message) {
        boolean printable = message.chars().noneMatch(c -> c < 0x20 || (c >= 0x7f && c < 0xa0) || c == 0x2028 || c == 0x2029);
        assertTrue(printable, () -> "not one printable line: " + message);
    }

    @Test
    void streamMessagesSayThereIsNoFile() {
        var e = assertThrows(NpyFormatException.class, () -> NpyBytes.read(new byte[] {1, 2, 3}));
        assertEquals("bad .npy data: it does not start with the .npy magic string \\x93NUMPY", e.getMessage());
        assertEquals(null, e.file());
    }
}
