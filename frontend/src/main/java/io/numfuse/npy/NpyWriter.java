package io.numfuse.npy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/** Writes arrays as NumPy does: little-endian, C order, the header of {@link NpyHeader#encode}. */
final class NpyWriter {

    /** Something that writes a file's content to a stream; lets tests make a write fail. */
    @FunctionalInterface
    interface Body {
        void writeTo(OutputStream out) throws IOException;
    }

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

    /**
     * Writes {@code file} so that it either gets the whole new content or stays as it was: the
     * content goes to a temporary file in the same directory (same file system, so the move can
     * be atomic), is forced to disk, and is then moved over {@code file}. The temporary file is
     * created with the default permissions, unlike Files.createTempFile's owner-only ones, so the
     * result has the permissions any newly created file would.
     */
    static void writeAtomically(Path file, Body body) throws IOException {
        Path target = file.toAbsolutePath();
        Path dir = target.getParent();
        if (dir == null || target.getFileName() == null) throw new IOException("not a file path: " + file);
        String name = target.getFileName().toString();
        if (name.length() > 100) name = name.substring(0, 100);   // stay well under NAME_MAX
        byte[] random = new byte[6];
        ThreadLocalRandom.current().nextBytes(random);
        Path temp = dir.resolve("." + name + "." + HexFormat.of().formatHex(random) + ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE)) {
                OutputStream out = Channels.newOutputStream(channel);
                body.writeTo(out);
                out.flush();
                channel.force(true);
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException | RuntimeException | Error e) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }
}
