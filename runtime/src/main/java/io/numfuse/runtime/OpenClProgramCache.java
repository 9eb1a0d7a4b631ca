package io.numfuse.runtime;

import io.numfuse.ir.NumfuseLog;
import static org.jocl.CL.*;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_device_id;
import org.jocl.cl_program;

/**
 * Builds OpenCL programs, through a disk cache of program binaries ({@link ProgramCacheDirectory}):
 * an entry is bound to the SHA-256 of its full key (source, build options, platform, device
 * name and vendor, device and driver versions, numfuse version) and holds a checksum of the
 * binary. An entry that is refused (another key's, corrupt, not a regular file, too large) or
 * that the driver refuses is deleted and the program rebuilt from source, never trusted.
 *
 * <p>The cache lives in {@code numfuse.opencl.cacheDir} (a system property), else
 * {@code $XDG_CACHE_HOME/numfuse/opencl} or {@code ~/.cache/numfuse/opencl}; it holds at most
 * {@code numfuse.opencl.cacheBytes} (default 256 MiB; 0 turns the disk cache off), the least
 * recently used entries going first. A directory others can write, or one that cannot be
 * created, is not used: one warning, and this process compiles every program from source.
 */
final class OpenClProgramCache {
    private OpenClProgramCache() {}

    static final String NUMFUSE_VERSION = "0.1.0";
    static final String DIRECTORY_PROPERTY = "numfuse.opencl.cacheDir", CAP_PROPERTY = "numfuse.opencl.cacheBytes";
    /** A day's work of a few hundred programs at ~60 KiB each is tens of MiB: 256 MiB keeps weeks of them. */
    static final long DEFAULT_CAP_BYTES = 256L << 20;

    /** Counters for tests: programs loaded from disk, built from source, entries refused, binaries asked of the driver. */
    static final AtomicInteger loaded = new AtomicInteger(), compiled = new AtomicInteger(), rejected = new AtomicInteger(), binariesAsked = new AtomicInteger();
    /** Programs made here and not yet released (through {@link #release}): tests check that none leak. */
    static final AtomicInteger livePrograms = new AtomicInteger();

    /**
     * Writes the binaries of programs built from source, one after the other on a daemon thread:
     * asking a driver for a binary may compile the program's kernels for it (PoCL's took as long
     * as the build: 0.9 s of a cold Mandelbrot's 2.4 s), which the first evaluation need not wait
     * for. The program is retained until its binary is written.
     */
    private static final ExecutorService STORES = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "numfuse-program-store");
        t.setDaemon(true);
        return t;
    });

    static {   // a short run's programs are on disk for the next one: the JVM waits for their binaries as it exits
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            STORES.shutdown();
            try {
                STORES.awaitTermination(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "numfuse-program-store-exit"));
    }

    /** Waits until the binaries of the programs built so far are written (calibration, tests). */
    static void awaitStores() {
        try {
            STORES.submit(() -> { }).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RejectedExecutionException e) {
            // the JVM is exiting: its hook waits for the queue
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Test hook: the driver refuses every binary after making its program (which must then be released). */
    static volatile boolean driverRefusesBinariesForTests;

    /** Whether a directory is used (refused: why not), decided once per directory and process; warned: its one warning was shown. */
    private record Verdict(Path dir, String refused, AtomicBoolean warned) {}
    private static Verdict verdict;
    private static final AtomicBoolean capWarned = new AtomicBoolean();

    static Path defaultDirectory() { return ProgramCacheDirectory.cacheHome().resolve("opencl"); }

    /** The cache directory: {@code numfuse.opencl.cacheDir} if set, else the default. */
    static Path directory() {
        String p = System.getProperty(DIRECTORY_PROPERTY);
        return (p == null || p.isBlank() ? defaultDirectory() : Path.of(p)).toAbsolutePath();
    }

    /** The cap on the entries' total size ({@code numfuse.opencl.cacheBytes}: bytes, or with a K, M or G suffix; 0: no disk cache). */
    static long capBytes() {
        String s = System.getProperty(CAP_PROPERTY);
        if (s == null || s.isBlank()) return DEFAULT_CAP_BYTES;
        String t = s.strip().toUpperCase(Locale.ROOT);
        int shift = switch (t.charAt(t.length() - 1)) { case 'K' -> 10; case 'M' -> 20; case 'G' -> 30; default -> 0; };
        try {
            long n = Long.parseLong(shift == 0 ? t : t.substring(0, t.length() - 1));
            if (n >= 0 && n <= Long.MAX_VALUE >> shift) return n << shift;
        } catch (NumberFormatException e) {
            // warned below
        }
        if (capWarned.compareAndSet(false, true)) {
            NumfuseLog.warning("" + CAP_PROPERTY + "='" + s + "' is not a size (bytes, or a number with K, M or G); using "
                    + (DEFAULT_CAP_BYTES >> 20) + "M");
        }
        return DEFAULT_CAP_BYTES;
    }

    /** Why {@code dir} is not used (after it was created if missing), or null when it is. */
    static String refusal(Path dir, boolean create) {
        if (create) {
            try {
                ProgramCacheDirectory.create(dir);
            } catch (IOException e) {
                return dir + " cannot be created (" + ProgramCacheDirectory.reason(e) + ")";
            }
        }
        return ProgramCacheDirectory.distrust(dir);
    }

    /** The verdict on the directory in use now: decided (and warned about) once per directory. */
    private static synchronized Verdict verdict() {
        Path dir = directory();
        if (verdict == null || !verdict.dir().equals(dir)) {
            verdict = new Verdict(dir, refusal(dir, true), new AtomicBoolean());
            if (verdict.refused() != null) {
                warnOnce(verdict, "not using the OpenCL program cache: " + verdict.refused()
                        + "\nnumfuse: programs are compiled from source instead");
            }
        }
        return verdict;
    }

    private static void warnOnce(Verdict v, String what) {
        if (v.warned().compareAndSet(false, true)) {
            NumfuseLog.warning("" + what + " (this warning is shown once)");
        }
    }

    /** A program built from {@code source} for {@code device}; a failed build throws with its log. */
    static cl_program build(OpenClDevice device, String source, String options) {
        long cap = capBytes();
        Verdict v = cap == 0 ? null : verdict();
        if (v == null || v.refused() != null) return compile(device, source, options);
        String key = key(device, source, options);
        byte[] keyDigest = HexFormat.of().parseHex(key);
        Path file = v.dir().resolve(key + ".bin");
        boolean absent = !Files.exists(file, java.nio.file.LinkOption.NOFOLLOW_LINKS);
        cl_program cached = absent ? null : fromDisk(device, file, keyDigest, options);
        if (cached != null) return cached;
        // One process at a time compiles a program: PoCL writes a program's files to its own cache
        // directory, shared by every process of the user, and two processes building the same
        // program at once there crashed in PoCL (readdir, while it gathered the binary) or gave a
        // binary without its bitcode. A process that waited finds the other's entry when its
        // binary was written meanwhile.
        Path lock = buildLocks(v.dir()).resolve("build-" + key.substring(0, 2) + ".lock");
        return FileLocks.holding(lock, BUILD_LOCK_WAIT_MILLIS, () -> {
            // an entry refused above was counted and deleted: only one written meanwhile is read
            cl_program again = absent && Files.exists(file, java.nio.file.LinkOption.NOFOLLOW_LINKS) ? fromDisk(device, file, keyDigest, options) : null;
            if (again != null) return again;
            return keepsItsOwn(device) ? compile(device, source, options) : compileAndStore(device, source, options, v, file, keyDigest, cap);
        });
    }

    /** Keeps PoCL's programs in this cache as well (a test's or a user's choice; see {@link #keepsItsOwn}). */
    static final String CACHE_POCL_PROPERTY = "numfuse.opencl.cachePocl";

    /**
     * True when {@code device}'s driver keeps the programs it builds in a disk cache of its own,
     * so that this one stores none of its programs: PoCL, unless its cache is off
     * ({@code POCL_KERNEL_CACHE=0}) or {@code numfuse.opencl.cachePocl=true}. PoCL makes a binary
     * by compiling every kernel of the program once more, for any work-group size, which its runs
     * never use (each run compiles the kernel for its own): 0.5 s of the plain Mandelbrot's first
     * call of 1.26-1.30 s with both caches cold. From PoCL's own cache a program builds in a few
     * milliseconds more than from a binary (docs/PERFORMANCE.md, "A cold first call on PoCL").
     * Entries already here are still loaded.
     */
    static boolean keepsItsOwn(OpenClDevice device) { return device.platformName.contains(POCL) && !keepsPocl(); }

    /** True when PoCL's programs are kept here too: asked for, or PoCL's own cache is off. */
    static boolean keepsPocl() { return "0".equals(System.getenv("POCL_KERNEL_CACHE")) || Boolean.getBoolean(CACHE_POCL_PROPERTY); }

    /**
     * The directory of the build locks, beside the cache's ({@code opencl-locks}), made owner-only
     * (the cache's own directory holds entries only); where it cannot be made, builds go on
     * without a lock.
     */
    static Path buildLocks(Path cacheDir) {
        Path d = cacheDir.resolveSibling(cacheDir.getFileName() + "-locks");
        try {
            Files.createDirectories(d, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (UnsupportedOperationException e) {
            try {
                Files.createDirectories(d);
            } catch (IOException | RuntimeException ignored) {
                // no locks: FileLocks goes on without
            }
        } catch (IOException | RuntimeException e) {
            // no locks: FileLocks goes on without
        }
        return d;
    }

    /** How long a build waits for another process building a program of the same lock (ms); then it builds without. */
    static final long BUILD_LOCK_WAIT_MILLIS = 30_000;

    /** The program of {@code file}'s entry, or null when there is none or it is refused (then deleted). */
    private static cl_program fromDisk(OpenClDevice device, Path file, byte[] keyDigest, String options) {
        ProgramCacheDirectory.Lookup found = ProgramCacheDirectory.read(file, keyDigest);
        if (found.binary() != null && loadable(device, found.binary())) {
            long t0 = System.nanoTime();
            cl_program p = fromBinary(device, found.binary(), options);
            if (p != null) {
                loaded.incrementAndGet();
                NumfuseLog.debug(() -> String.format("%s: loaded a program from the disk cache (%s) in %.1f ms", device.targetName, file.getFileName(),
                        (System.nanoTime() - t0) / 1e6));
                ProgramCacheDirectory.touch(file);
                return p;
            }
        }
        if (found != ProgramCacheDirectory.Lookup.ABSENT) {   // refused by us or by the driver
            rejected.incrementAndGet();
            ProgramCacheDirectory.discard(file);
        }
        return null;
    }

    /** A program compiled from {@code source}, its binary written to {@code file} in the background. */
    private static cl_program compileAndStore(OpenClDevice device, String source, String options, Verdict v, Path file, byte[] keyDigest, long cap) {
        cl_program p = compile(device, source, options);
        // The binary is taken here, before anyone makes kernels of the program or runs them: taken
        // on the store thread while this one ran the program's first kernel, PoCL now and then
        // gave a binary it cannot load again (pocl_binary_get_kernels_metadata: Assertion
        // 'len > 0', which kills the process that loads it). Only the writing is in the background.
        byte[] binary = binaryOf(p);
        if (binary == null || !loadable(device, binary)) return p;   // not kept: compiled again next time
        Runnable write = () -> store(v, file, keyDigest, binary, cap);
        try {
            STORES.execute(write);
        } catch (RejectedExecutionException e) {   // the JVM is exiting (the queue was shut down): written here
            write.run();
        }
        return p;
    }

    static String key(OpenClDevice device, String source, String options) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (String s : new String[] { source, options, device.platformName, device.name, device.vendor, device.driver, device.version, NUMFUSE_VERSION }) {
                md.update(s.getBytes(StandardCharsets.UTF_8));
                md.update((byte) 0);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A program compiled from {@code source}, never from the disk cache (counted in {@link #compiled}). */
    static cl_program compile(OpenClDevice device, String source, String options) {
        long t0 = System.nanoTime();
        cl_program p = fromSource(device, source, options);
        compiled.incrementAndGet();
        NumfuseLog.debug(() -> String.format("%s: built a program of %d kernel(s) from %d characters of OpenCL C in %.1f ms", device.targetName,
                source.split("__kernel", -1).length - 1, source.length(), (System.nanoTime() - t0) / 1e6));
        return p;
    }

    static cl_program fromSource(OpenClDevice device, String source, String options) {
        int[] err = new int[1];
        cl_program p = clCreateProgramWithSource(device.context(), 1, new String[] { source }, null, err);
        OpenClException.check(err[0], "clCreateProgramWithSource", device.label());
        livePrograms.incrementAndGet();
        int code = clBuildProgram(p, 1, new cl_device_id[] { device.id }, options, null, null);
        if (code != CL_SUCCESS) {
            String log = device.buildLog(p);
            release(p);
            throw new OpenClException("clBuildProgram", device.label(), code, "build log:\n" + log);
        }
        return p;
    }

    /** One more holder of a program made here (each releases it once). */
    static void retain(cl_program p) {
        clRetainProgram(p);
        livePrograms.incrementAndGet();
    }

    /** Releases a program made here. */
    static void release(cl_program p) {
        clReleaseProgram(p);
        livePrograms.decrementAndGet();
    }

    /** The program of a trusted entry's binary, or null when the driver refuses it. */
    static cl_program fromBinary(OpenClDevice device, byte[] binary, String options) {
        int[] err = new int[1], status = new int[1];
        cl_program p = clCreateProgramWithBinary(device.context(), 1, new cl_device_id[] { device.id },
                new long[] { binary.length }, new byte[][] { binary }, status, err);
        if (err[0] != CL_SUCCESS || p == null) return null;   // no program was made
        livePrograms.incrementAndGet();
        if (status[0] != CL_SUCCESS || driverRefusesBinariesForTests || clBuildProgram(p, 1, new cl_device_id[] { device.id }, options, null, null) != CL_SUCCESS) {
            release(p);
            return null;
        }
        return p;
    }

    /** {@code p}'s binary for its one device, or null when the driver gives none or one too large to keep. */
    static byte[] binaryOf(cl_program p) {
        binariesAsked.incrementAndGet();
        long[] size = new long[1];
        if (clGetProgramInfo(p, CL_PROGRAM_BINARY_SIZES, Sizeof.size_t, Pointer.to(size), null) != CL_SUCCESS || size[0] <= 0
                || size[0] > ProgramCacheDirectory.MAX_ENTRY_BYTES - ProgramCacheDirectory.HEADER_BYTES) return null;
        byte[] binary = new byte[(int) size[0]];
        return clGetProgramInfo(p, CL_PROGRAM_BINARIES, Sizeof.POINTER, Pointer.to(Pointer.to(binary)), null) == CL_SUCCESS ? binary : null;
    }

    /** PoCL's platform name: its binaries get {@link #loadable}'s check. */
    static final String POCL = "Portable Computing Language";
    private static final byte[] POCL_PROGRAM_BITCODE = "/program.bc".getBytes(StandardCharsets.US_ASCII);

    /**
     * Whether the driver can load {@code binary} again without failing in a way no program
     * survives. PoCL (3.1 here) now and then gives a binary without its program's bitcode
     * ({@code /program.bc}, seen once among 2,056 entries written by parallel test runs, a plain
     * map kernel), and loading it fails an assertion that aborts the process
     * ({@code pocl_binary_get_kernels_metadata: Assertion 'len > 0'}), in every later process that
     * needs the kernel. Such a binary is not stored, and such an entry is refused (then rebuilt);
     * any other driver's binaries are taken as they are.
     */
    static boolean loadable(OpenClDevice device, byte[] binary) {
        return !device.platformName.contains(POCL) || contains(binary, POCL_PROGRAM_BITCODE);
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) if (haystack[i + j] != needle[j]) continue outer;
            return true;
        }
        return false;
    }

    /** Writes {@code binary} as the entry {@code file}, then trims the cache to its cap; a failure only warns (once). */
    private static void store(Verdict v, Path file, byte[] keyDigest, byte[] binary, long cap) {
        try {
            ProgramCacheDirectory.write(file, keyDigest, binary);
            ProgramCacheDirectory.trim(v.dir(), cap);
        } catch (IOException e) {
            warnOnce(v, "the OpenCL program cache in " + v.dir() + " could not be written ("
                    + ProgramCacheDirectory.reason(e) + "); the program is compiled again next time");
        }
    }
}
