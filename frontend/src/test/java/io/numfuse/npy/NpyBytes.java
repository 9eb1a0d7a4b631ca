package io.numfuse.npy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Builds .npy bytes by hand, good or bad, for tests. */
final class NpyBytes {
    private NpyBytes() {}

    /** A file with the given version and header dict, padded as NumPy pads, followed by data. */
    static byte[] npy(int major, String dict, byte[] data) {
        byte[] text = dict.getBytes(major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        int lengthBytes = major == 1 ? 2 : 4;
        int unpadded = 8 + lengthBytes + text.length + 1;
        int pad = (64 - unpadded % 64) % 64;
        byte[] header = new byte[text.length + pad + 1];
        System.arraycopy(text, 0, header, 0, text.length);
        Arrays.fill(header, text.length, header.length - 1, (byte) ' ');
        header[header.length - 1] = '\n';
        return raw(major, 0, header.length, header, data);
    }

    /** A version 1.0 file with the given header dict. */
    static byte[] npy(String dict, byte[] data) {
        return npy(1, dict, data);
    }

    /** Magic, the version bytes, a length field that says {@code length}, then the rest as is. */
    static byte[] raw(int major, int minor, long length, byte[] header, byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) major, (byte) minor});
        int lengthBytes = major == 1 ? 2 : 4;
        for (int i = 0; i < lengthBytes; i++) out.write((int) (length >>> (8 * i)));
        out.writeBytes(header);
        out.writeBytes(data);
        return out.toByteArray();
    }

    /** A header dict as NumPy writes it. */
    static String dict(String descr, boolean fortran, String shape) {
        return "{'descr': '" + descr + "', 'fortran_order': " + (fortran ? "True" : "False")
                + ", 'shape': " + shape + ", }";
    }

    static byte[] doubles(ByteOrder order, double... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 8).order(order);
        b.asDoubleBuffer().put(values);
        return b.array();
    }

    static byte[] ints(ByteOrder order, int... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(order);
        b.asIntBuffer().put(values);
        return b.array();
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    /** Reads bytes through the stream API. */
    static NpyArray read(byte[] bytes) throws IOException {
        return Npy.read(new ByteArrayInputStream(bytes));
    }

    /** Writes through the stream API. */
    static byte[] write(NpyArray array) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Npy.write(out, array);
        return out.toByteArray();
    }
}
