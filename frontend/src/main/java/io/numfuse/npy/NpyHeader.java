package io.numfuse.npy;

import io.numfuse.core.DType;
import io.numfuse.ir.Shapes;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The header dictionary of a .npy file: what it says, how to read it, and how NumPy writes it.
 *
 * @param dtype        the element type
 * @param order        the byte order of the data (little-endian for one-byte bool)
 * @param fortranOrder whether the data is stored in Fortran (column-major) order
 * @param shape        the dimensions, each non-negative, with at most Shapes.MAX_SIZE elements
 */
record NpyHeader(DType dtype, ByteOrder order, boolean fortranOrder, int[] shape) {

    /** The magic string that starts every .npy file, before the two version bytes. */
    static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};

    /** NumPy aligns the data to this many bytes from the start of the file. */
    private static final int ALIGN = 64;

    /**
     * NumPy leaves room after the dict for the first axis to grow to this many digits, so that
     * a file can be appended to in place; we copy it to write byte-identical headers.
     */
    private static final int GROWTH_AXIS_MAX_DIGITS = 21;

    /** NumPy's limit on the dimensions of an array (NPY_MAXDIMS since NumPy 2.0). */
    static final int MAX_DIMS = 64;

    private static final Set<String> KEYS = Set.of("descr", "fortran_order", "shape");

    static final String SUPPORTED = "supported are '|b1' (bool), '<i4' (int32), '<i8' (int64), "
            + "'<f4' (float32), '<f8' (float64), with '<', '>', '=' or '|' byte order";

    /** The number of elements: the product of the shape, 1 for a 0-d array. */
    int count() {
        return (int) NpyArray.elementCount(shape);
    }

    /** The number of data bytes that follow the header. */
    long dataBytes() {
        return (long) count() * dtype.itemSize();
    }

    /**
     * Parses the header text as it stands in the file (after the length field), including the
     * space padding and the final newline.
     */
    static NpyHeader parse(String text, Path file) {
        if (text.isEmpty() || text.charAt(text.length() - 1) != '\n') {
            throw new NpyFormatException(file, "header does not end with a newline (is its length field wrong?): "
                    + PyLiteralParser.excerpt(text));
        }
        Object parsed = PyLiteralParser.parsePadded(text.substring(0, text.length() - 1), file);
        if (!(parsed instanceof Map<?, ?> dict)) {
            throw new NpyFormatException(file, "header is not a dictionary: " + PyLiteralParser.repr(parsed));
        }
        for (Object key : dict.keySet()) {
            if (!KEYS.contains(key)) {
                throw new NpyFormatException(file, "unknown key " + PyLiteralParser.repr(key)
                        + " in header (expected 'descr', 'fortran_order' and 'shape')");
            }
        }
        for (String key : List.of("descr", "fortran_order", "shape")) {
            if (!dict.containsKey(key)) throw new NpyFormatException(file, "header has no '" + key + "' key");
        }
        Object descr = dict.get("descr");
        if (!(dict.get("fortran_order") instanceof Boolean fortran)) {
            throw new NpyFormatException(file, "fortran_order must be True or False, not "
                    + PyLiteralParser.repr(dict.get("fortran_order")));
        }
        DType dtype = dtypeOf(descr, file);
        ByteOrder order = descr instanceof String s && s.startsWith(">") && dtype.itemSize() > 1
                ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        return new NpyHeader(dtype, order, fortran, shapeOf(dict.get("shape"), file));
    }

    /**
     * The dtype of a descr: one of the five types with any byte-order mark. NumPy reads '|' and
     * '=' and no mark as the native order, which is little-endian on every machine numfuse
     * targets; for one-byte bool the mark means nothing at all.
     */
    private static DType dtypeOf(Object descr, Path file) {
        if (descr instanceof List<?> fields) {
            throw new NpyFormatException(file, "structured dtype " + PyLiteralParser.repr(fields)
                    + " is not supported; " + SUPPORTED);
        }
        if (!(descr instanceof String s)) {
            throw new NpyFormatException(file, "descr must be a string, not " + PyLiteralParser.repr(descr));
        }
        String code = !s.isEmpty() && "<>=|".indexOf(s.charAt(0)) >= 0 ? s.substring(1) : s;
        return switch (code) {
            case "b1", "?" -> DType.BOOL;
            case "i4" -> DType.INT32;
            case "i8" -> DType.INT64;
            case "f4" -> DType.FLOAT32;
            case "f8" -> DType.FLOAT64;
            case "O", "O8", "O4" -> throw new NpyFormatException(file, "dtype " + PyLiteralParser.repr(s)
                    + " is an object array (pickled Python objects), which is not supported; " + SUPPORTED);
            default -> throw new NpyFormatException(file, "unsupported dtype " + PyLiteralParser.repr(s) + "; " + SUPPORTED);
        };
    }

    /** The shape tuple, checked to fit Java arrays before anything is allocated. */
    private static int[] shapeOf(Object value, Path file) {
        if (!(value instanceof PyLiteralParser.Tuple(List<Object> items))) {
            throw new NpyFormatException(file, "shape must be a tuple of integers, not " + PyLiteralParser.repr(value));
        }
        String shown = PyLiteralParser.repr(value);
        if (items.size() > MAX_DIMS) {
            // before the element count, whose product over 10^5 dimensions would take seconds
            throw new NpyFormatException(file, "shape " + shown + " has " + items.size() + " dimensions, more than the "
                    + MAX_DIMS + " NumPy allows");
        }
        int[] shape = new int[items.size()];
        BigInteger count = BigInteger.ONE;
        for (int i = 0; i < shape.length; i++) {
            if (!(items.get(i) instanceof BigInteger d)) {
                throw new NpyFormatException(file, "shape must be a tuple of integers, not " + shown);
            }
            if (d.signum() < 0) {
                throw new NpyFormatException(file, "negative dimension " + PyLiteralParser.repr(d) + " in shape " + shown);
            }
            if (d.bitLength() > 31) {
                throw new NpyFormatException(file, "dimension " + PyLiteralParser.repr(d) + " in shape " + shown
                        + " is larger than the limit " + Integer.MAX_VALUE);
            }
            shape[i] = d.intValue();
            count = count.multiply(d);
        }
        if (count.compareTo(BigInteger.valueOf(Shapes.MAX_SIZE)) > 0) {   // refused before its data is read
            throw new NpyFormatException(file, "shape " + shown + " has " + count
                    + " elements, more than the limit " + Shapes.MAX_SIZE + " of a numfuse array");
        }
        return shape;
    }

    /**
     * The whole header of a C-order little-endian array exactly as {@code np.save} writes it:
     * magic, version, length field, dict, the growth spaces, padding to 64 bytes and a newline.
     * Version 1.0 has a 16-bit length field; a header too long for it gets version 2.0.
     */
    static byte[] encode(DType dtype, int[] shape) {
        StringBuilder dict = new StringBuilder()
                .append("{'descr': '").append(dtype.npyDescr())
                .append("', 'fortran_order': False, 'shape': ").append(NpyArray.shapeString(shape)).append(", }");
        if (shape.length > 0) {
            dict.repeat(' ', Math.max(0, GROWTH_AXIS_MAX_DIGITS - Integer.toString(shape[0]).length()));
        }
        byte[] text = dict.toString().getBytes(StandardCharsets.US_ASCII);
        int lengthBytes = 2;
        long padded = paddedLength(text.length, lengthBytes);
        if (padded > 0xFFFF) {
            lengthBytes = 4;
            padded = paddedLength(text.length, lengthBytes);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) padded + 12);
        out.writeBytes(MAGIC);
        out.write(lengthBytes == 2 ? 1 : 2);
        out.write(0);
        for (int i = 0; i < lengthBytes; i++) out.write((int) (padded >>> (8 * i)));   // little-endian
        out.writeBytes(text);
        for (long i = text.length + 1; i < padded; i++) out.write(' ');
        out.write('\n');
        return out.toByteArray();
    }

    /**
     * The header length NumPy records: the text, a newline, and 1 to 64 spaces to align the end
     * to 64 bytes (a full 64 when already aligned, as NumPy's formula gives).
     */
    private static long paddedLength(int textLength, int lengthBytes) {
        long withNewline = textLength + 1L;
        long prefix = MAGIC.length + 2 + lengthBytes;
        return withNewline + ALIGN - (prefix + withNewline) % ALIGN;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NpyHeader h && dtype == h.dtype && order.equals(h.order)
                && fortranOrder == h.fortranOrder && java.util.Arrays.equals(shape, h.shape);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(dtype, order, fortranOrder, java.util.Arrays.hashCode(shape));
    }

    @Override
    public String toString() {
        return "NpyHeader[" + dtype.numpyName() + " " + order + (fortranOrder ? " fortran " : " ")
                + NpyArray.shapeString(shape) + "]";
    }
}
