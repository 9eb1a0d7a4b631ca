package io.numfuse.npy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Reads and writes NumPy's .npy files ({@code np.save}, {@code np.load}). With
 * {@link io.numfuse.Num#fromNpy} and {@link io.numfuse.NDArray#toNpy()}:
 * {@code Num.fromNpy(Npy.read(path))} and {@code Npy.write(path, a.toNpy())}.
 *
 * <p>Reading accepts format versions 1.0, 2.0 and 3.0; the dtypes bool, int32, int64, float32
 * and float64 in either byte order; and C or Fortran order (Fortran data is reordered to C).
 * Anything else in the file, including bytes after the array data, is rejected with an
 * {@link NpyFormatException} that says what is wrong; NumPy itself ignores trailing bytes, but
 * here they are taken as a sign of a corrupt or mislabelled file.
 *
 * <p>Writing produces exactly the bytes {@code np.save} produces for the same array: version 1.0
 * (2.0 when the header is too long for 1.0), little-endian, C order, header padded to 64 bytes.
 */
public final class Npy {

    private Npy() {}

    /**
     * Reads the array in {@code file}. A truncated file is rejected before its data is allocated.
     *
     * @param file the .npy file
     * @return its array, data in C order
     * @throws NpyFormatException if the content is not a .npy array numfuse supports
     * @throws IOException        if the file cannot be read
     */
    public static NpyArray read(Path file) throws IOException {
        Objects.requireNonNull(file, "file");
        try (InputStream in = Files.newInputStream(file)) {
            // The size lets a truncated file be rejected before its data array is allocated; a
            // pipe or device has no meaningful size and is read as a stream.
            long size = Files.isRegularFile(file) ? Files.size(file) : -1;
            return NpyReader.read(in, size, file);
        }
    }

    /**
     * Reads one array from {@code in}, which must end right after the array's data; the stream
     * is read to its end but not closed.
     *
     * @param in the stream, positioned at the start of the .npy content
     * @return its array, data in C order
     * @throws NpyFormatException if the content is not a .npy array numfuse supports
     * @throws IOException        if the stream fails
     */
    public static NpyArray read(InputStream in) throws IOException {
        Objects.requireNonNull(in, "in");
        return NpyReader.read(in, -1, null);
    }

    /**
     * Writes {@code array} to {@code file}, replacing it if it exists. The write is atomic: the
     * content goes to a temporary file in the same directory that is then moved into place, so
     * a failed write leaves {@code file} as it was and no partial output behind. Only a regular
     * file is replaced; a symbolic link is followed and the file it names is replaced, as
     * {@code np.save} writes through it. See {@link #checkWritable} for what is refused.
     *
     * @param file  the file written
     * @param array the array
     * @throws java.nio.file.FileSystemException if {@code file} cannot be replaced (as
     *         {@link #checkWritable} says)
     * @throws IOException if writing fails otherwise
     */
    public static void write(Path file, NpyArray array) throws IOException {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(array, "array");
        AtomicReplace.write(file, out -> NpyWriter.write(out, array));
    }

    /**
     * Checks, without writing anything, that {@link #write(Path, NpyArray)} may replace
     * {@code file}: what is there (after following links) must be a writable regular file or
     * nothing, in an existing, writable directory. A directory, FIFO, device or socket at the
     * path, a read-only file and a missing or read-only directory are refused with a
     * {@link java.nio.file.FileSystemException} whose file is the path (or its directory) and
     * whose reason reads after it ({@code "is a directory"}, {@code "is read-only"}). Root may
     * write a file without write permission, as it may with NumPy.
     *
     * @param file the file that would be written
     * @throws java.nio.file.FileSystemException if {@code file} could not be replaced, saying why
     * @throws IOException if the file system cannot be read
     */
    public static void checkWritable(Path file) throws IOException {
        Objects.requireNonNull(file, "file");
        AtomicReplace.checkReplaceable(file);
    }

    /**
     * Writes {@code array} to {@code out}, the bytes {@code np.save} writes, and flushes it; the
     * stream is not closed.
     *
     * @param out   the stream
     * @param array the array
     * @throws IOException if the stream fails
     */
    public static void write(OutputStream out, NpyArray array) throws IOException {
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(array, "array");
        NpyWriter.write(out, array);
        out.flush();
    }
}
