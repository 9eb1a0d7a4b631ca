package io.numfuse.runtime;

import static org.jocl.CL.*;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_device_id;
import org.jocl.cl_program;

/**
 * Builds OpenCL programs, through a disk cache of program binaries: an entry is named by the
 * SHA-256 of (source, build options, device name, driver version, numfuse version) and holds a
 * checksum of the binary. An entry that is corrupt, truncated or refused by the driver is
 * deleted and the program rebuilt from source, never trusted. The cache lives under
 * {@code $XDG_CACHE_HOME/numfuse/opencl} (or {@code ~/.cache/numfuse/opencl}); I/O errors only
 * turn it off.
 */
final class OpenClProgramCache {
    private OpenClProgramCache() {}

    static final String NUMFUSE_VERSION = "0.1.0";
    private static final byte[] MAGIC = "numfuse-opencl-binary-1\n".getBytes(StandardCharsets.US_ASCII);

    /** The cache directory (tests point it elsewhere); null turns the disk cache off. */
    static volatile Path directory = defaultDirectory();

    /** Counters for tests: programs loaded from disk, built from source, entries rejected. */
    static final java.util.concurrent.atomic.AtomicInteger loaded = new java.util.concurrent.atomic.AtomicInteger(),
            compiled = new java.util.concurrent.atomic.AtomicInteger(), rejected = new java.util.concurrent.atomic.AtomicInteger();

    static Path defaultDirectory() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("numfuse").resolve("opencl");
    }

    /** A program built from {@code source} for {@code device}; a failed build throws with its log. */
    static cl_program build(OpenClDevice device, String source, String options) {
        Path dir = directory;
        Path file = dir == null ? null : dir.resolve(key(device, source, options) + ".bin");
        if (file != null && Files.exists(file)) {
            cl_program p = fromFile(device, file, options);
            if (p != null) {
                loaded.incrementAndGet();
                return p;
            }
            rejected.incrementAndGet();
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // the entry is rebuilt and rewritten below
            }
        }
        cl_program p = fromSource(device, source, options);
        compiled.incrementAndGet();
        if (file != null) store(device, p, file);
        return p;
    }

    static String key(OpenClDevice device, String source, String options) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (String s : new String[] { source, options, device.name, device.driver, device.version, NUMFUSE_VERSION }) {
                md.update(s.getBytes(StandardCharsets.UTF_8));
                md.update((byte) 0);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static cl_program fromSource(OpenClDevice device, String source, String options) {
        int[] err = new int[1];
        cl_program p = clCreateProgramWithSource(device.context(), 1, new String[] { source }, null, err);
        OpenClException.check(err[0], "clCreateProgramWithSource", device.label());
        int code = clBuildProgram(p, 1, new cl_device_id[] { device.id }, options, null, null);
        if (code != CL_SUCCESS) {
            String log = device.buildLog(p);
            clReleaseProgram(p);
            throw new OpenClException("clBuildProgram", device.label(), code, "build log:\n" + log);
        }
        return p;
    }

    /** The program of a valid cache entry, or null when the entry cannot be trusted. */
    private static cl_program fromFile(OpenClDevice device, Path file, String options) {
        byte[] binary;
        try {
            byte[] all = Files.readAllBytes(file);
            int head = MAGIC.length + 32;
            if (all.length <= head || !Arrays.equals(all, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) return null;
            binary = Arrays.copyOfRange(all, head, all.length);
            byte[] sum = MessageDigest.getInstance("SHA-256").digest(binary);
            if (!Arrays.equals(all, MAGIC.length, head, sum, 0, 32)) return null;
        } catch (IOException | NoSuchAlgorithmException e) {
            return null;
        }
        int[] err = new int[1], status = new int[1];
        cl_program p = clCreateProgramWithBinary(device.context(), 1, new cl_device_id[] { device.id },
                new long[] { binary.length }, new byte[][] { binary }, status, err);
        if (err[0] != CL_SUCCESS || status[0] != CL_SUCCESS || p == null) {
            if (p != null) clReleaseProgram(p);
            return null;
        }
        if (clBuildProgram(p, 1, new cl_device_id[] { device.id }, options, null, null) != CL_SUCCESS) {
            clReleaseProgram(p);
            return null;
        }
        return p;
    }

    private static void store(OpenClDevice device, cl_program p, Path file) {
        try {
            long[] size = new long[1];
            if (clGetProgramInfo(p, CL_PROGRAM_BINARY_SIZES, Sizeof.size_t, Pointer.to(size), null) != CL_SUCCESS || size[0] <= 0) return;
            byte[] binary = new byte[(int) size[0]];
            if (clGetProgramInfo(p, CL_PROGRAM_BINARIES, Sizeof.POINTER, Pointer.to(Pointer.to(binary)), null) != CL_SUCCESS) return;
            Files.createDirectories(file.getParent());
            Path tmp = Files.createTempFile(file.getParent(), "entry", ".tmp");
            byte[] sum = MessageDigest.getInstance("SHA-256").digest(binary);
            byte[] all = new byte[MAGIC.length + 32 + binary.length];
            System.arraycopy(MAGIC, 0, all, 0, MAGIC.length);
            System.arraycopy(sum, 0, all, MAGIC.length, 32);
            System.arraycopy(binary, 0, all, MAGIC.length + 32, binary.length);
            Files.write(tmp, all);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | NoSuchAlgorithmException | RuntimeException e) {
            // the disk cache is an optimisation: a failure to write it changes nothing else
        }
    }
}
