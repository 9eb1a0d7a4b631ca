package io.numfuse.npy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Writes arrays as NumPy does: little-endian, C order, the header of {@link NpyHeader#encode}. */
final class NpyWriter {

    private NpyWriter() {}

    /** Writes header and data to {@code out}, converting the data in 1 MiB chunks. */
    static void write(OutputStream out, NpyArray array) throws IOException {
        out.write(NpyHeader.encode(array.dtype(), array.shape()));
        Object data = array.data();
        if (data instanceof byte[] bools) {   // already one byte each, 0 or 1
            out.write(bools);
            return;
        }
        int itemSize = array.dtype().itemSize();
        int n = array.size();
        int chunkItems = NpyReader.CHUNK / itemSize;
        ByteBuffer buffer = ByteBuffer.allocate(Math.min(n, chunkItems) * itemSize).order(ByteOrder.LITTLE_ENDIAN);
        for (int start = 0; start < n; start += chunkItems) {
            int items = Math.min(chunkItems, n - start);
            buffer.clear();
            switch (data) {
                case int[] a -> buffer.asIntBuffer().put(a, start, items);
                case long[] a -> buffer.asLongBuffer().put(a, start, items);
                case float[] a -> buffer.asFloatBuffer().put(a, start, items);
                case double[] a -> buffer.asDoubleBuffer().put(a, start, items);
                default -> throw new AssertionError(data.getClass());
            }
            out.write(buffer.array(), 0, items * itemSize);
        }
    }
}
