package io.numfuse.npy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads one .npy array from a stream. Every problem with the bytes becomes an
 * {@link NpyFormatException}; only real I/O failures escape as IOException.
 *
 * <p>Data is read in large chunks and decoded through a ByteBuffer view, which swaps bytes in
 * bulk where the file's byte order differs from Java's, so that 10^7 doubles take a few tens of
 * milliseconds rather than the seconds a per-element DataInputStream would.
 */
final class NpyReader {

    /** Bytes per read of array data: large enough for bulk copies, small enough to not matter. */
    static final int CHUNK = 1 << 20;

    /**
     * The longest header accepted. NumPy itself refuses headers over 10000 characters unless
     * told to trust the file; ours may be longer only when the shape has thousands of axes.
     * The cap stops a lying 32-bit length field from making us buffer gigabytes.
     */
    static final int MAX_HEADER = 1 << 20;

    private final InputStream in;
    private final long size;    // total bytes in the source, or -1 for a stream of unknown length
    private final Path file;    // for messages; null for a stream
    private long consumed;      // bytes read so far

    private NpyReader(InputStream in, long size, Path file) {
        this.in = in;
        this.size = size;
        this.file = file;
    }

    /**
     * Reads an array from {@code in}, which must end right after the data.
     *
     * @param size the number of bytes {@code in} holds when known (a file), else -1; knowing it
     *             lets a truncated file be rejected before the data array is allocated
     */
    static NpyArray read(InputStream in, long size, Path file) throws IOException {
        return new NpyReader(in, size, file).read();
    }

    private NpyArray read() throws IOException {
        NpyHeader header = readHeader();
        long dataBytes = header.dataBytes();
        if (size >= 0) {
            long left = size - consumed;
            if (left < dataBytes) throw truncated(header, left);
            if (left > dataBytes) throw fail((left - dataBytes) + " unexpected bytes after the array data");
        }
        Object data = readData(header);
        if (size < 0 && in.read() != -1) {
            throw fail("unexpected bytes after the " + dataBytes + " bytes of array data");
        }
        if (header.fortranOrder()) {
            try {
                data = Transpose.fortranToC(data, header.shape());
            } catch (OutOfMemoryError e) {
                throw fail("no memory to reorder the " + header.count() + " elements from Fortran to C order");
            }
        }
        return new NpyArray(header.dtype(), header.shape(), data);
    }

    private NpyHeader readHeader() throws IOException {
        byte[] prefix = in.readNBytes(8);
        consumed += prefix.length;
        checkMagic(prefix);
        int major = prefix[6] & 0xFF;
        int minor = prefix[7] & 0xFF;
        if (minor != 0 || major < 1 || major > 3) {
            throw fail("unsupported format version " + major + "." + minor + " (supported: 1.0, 2.0, 3.0)");
        }
        int lengthBytes = major == 1 ? 2 : 4;
        byte[] lengthField = in.readNBytes(lengthBytes);
        consumed += lengthField.length;
        if (lengthField.length < lengthBytes) throw fail("file ends inside the header length field");
        long headerLength = 0;
        for (int i = lengthBytes - 1; i >= 0; i--) headerLength = headerLength << 8 | (lengthField[i] & 0xFF);
        if (size >= 0 && headerLength > size - consumed) {
            throw fail("header length field says " + headerLength + " bytes but only " + (size - consumed)
                    + " bytes follow it");
        }
        if (headerLength > MAX_HEADER) {
            throw fail("header length " + headerLength + " is larger than the limit " + MAX_HEADER);
        }
        byte[] headerBytes = in.readNBytes((int) headerLength);
        consumed += headerBytes.length;
        if (headerBytes.length < headerLength) {
            throw fail("header length field says " + headerLength + " bytes but the data ends after "
                    + headerBytes.length);
        }
        return NpyHeader.parse(headerText(headerBytes, major), file);
    }

    /** Checks the magic string, naming the common look-alikes so the user knows what they have. */
    private void checkMagic(byte[] prefix) {
        byte[] magic = NpyHeader.MAGIC;
        boolean matches = true;
        for (int i = 0; i < Math.min(prefix.length, magic.length); i++) matches &= prefix[i] == magic[i];
        if (matches && prefix.length == 8) return;
        if (prefix.length == 0) throw fail("it is empty");
        if (matches) throw fail("it ends after " + prefix.length + " bytes, inside the magic string and version");
        if (prefix.length >= 2 && prefix[0] == 'P' && prefix[1] == 'K') {
            throw fail("it is a zip archive (an .npz file?), not a .npy file");
        }
        if ((prefix[0] & 0xFF) == 0x80) throw fail("it is a Python pickle, not a .npy file");
        throw fail("it does not start with the .npy magic string \\x93NUMPY");
    }

    /** Versions 1.0 and 2.0 store the header in Latin-1, version 3.0 in UTF-8. */
    private String headerText(byte[] bytes, int major) {
        if (major < 3) return new String(bytes, StandardCharsets.ISO_8859_1);
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
            return chars.toString();
        } catch (CharacterCodingException e) {
            throw fail("version 3.0 header is not valid UTF-8");
        }
    }

    /**
     * Reads the data. With a known size the array is allocated at once (the size check has
     * already proved the bytes are there); from a stream it grows as data arrives, so a header
     * that promises 2^31 elements followed by ten bytes cannot make us allocate gigabytes.
     */
    private Object readData(NpyHeader header) throws IOException {
        int count = header.count();
        int itemSize = header.dtype().itemSize();
        int chunkItems = CHUNK / itemSize;
        int capacity = size >= 0 ? count : Math.min(count, chunkItems);
        Object data = allocate(header, capacity);
        byte[] buffer = new byte[(int) Math.min(CHUNK, header.dataBytes())];
        ByteBuffer view = ByteBuffer.wrap(buffer).order(header.order());
        int done = 0;
        while (done < count) {
            int items = Math.min(chunkItems, count - done);
            int wanted = items * itemSize;
            int got = in.readNBytes(buffer, 0, wanted);
            consumed += got;
            if (got < wanted) throw truncated(header, (long) done * itemSize + got);
            if (done + items > capacity) {
                capacity = (int) Math.min(count, Math.max(2L * capacity, done + items));
                data = grow(data, capacity, header);
            }
            decode(view, data, done, items);
            done += items;
        }
        return data;
    }

    private static void decode(ByteBuffer view, Object data, int offset, int items) {
        view.clear();
        switch (data) {
            case byte[] a -> {
                view.get(a, offset, items);
                // NumPy reads any nonzero byte as True; keep the 0-or-1 promise of NpyArray.
                for (int i = offset; i < offset + items; i++) if (a[i] != 0) a[i] = 1;
            }
            case int[] a -> view.asIntBuffer().get(a, offset, items);
            case long[] a -> view.asLongBuffer().get(a, offset, items);
            case float[] a -> view.asFloatBuffer().get(a, offset, items);
            case double[] a -> view.asDoubleBuffer().get(a, offset, items);
            default -> throw new AssertionError(data.getClass());
        }
    }

    private Object allocate(NpyHeader header, int length) {
        try {
            return switch (header.dtype()) {
                case BOOL -> new byte[length];
                case INT32 -> new int[length];
                case INT64 -> new long[length];
                case FLOAT32 -> new float[length];
                case FLOAT64 -> new double[length];
            };
        } catch (OutOfMemoryError e) {
            // One failed big allocation leaves the heap as it was, so this is safe to report.
            throw fail("array of " + length + " " + header.dtype().numpyName() + " elements does not fit in memory");
        }
    }

    private Object grow(Object data, int length, NpyHeader header) {
        try {
            return switch (data) {
                case byte[] a -> Arrays.copyOf(a, length);
                case int[] a -> Arrays.copyOf(a, length);
                case long[] a -> Arrays.copyOf(a, length);
                case float[] a -> Arrays.copyOf(a, length);
                case double[] a -> Arrays.copyOf(a, length);
                default -> throw new AssertionError(data.getClass());
            };
        } catch (OutOfMemoryError e) {
            throw fail("array of " + length + " " + header.dtype().numpyName() + " elements does not fit in memory");
        }
    }

    private NpyFormatException truncated(NpyHeader header, long available) {
        return fail("truncated: shape " + NpyArray.shapeString(header.shape()) + " of " + header.dtype().numpyName()
                + " needs " + header.dataBytes() + " data bytes but only " + available + " are there");
    }

    private NpyFormatException fail(String problem) {
        return new NpyFormatException(file, problem);
    }
}
