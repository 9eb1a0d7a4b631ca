package io.numfuse.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The OpenCL program cache on disk, as {@code numfuse cache} shows it: where it is, its
 * entries and their total size, its cap, whether numfuse uses it ({@code notInUse}: why
 * not, or null), and whether it keeps PoCL's programs too ({@code keepsPocl}; by default PoCL's
 * own cache keeps them).
 */
public record ProgramCacheInfo(Path directory, int entries, long bytes, long capBytes, String notInUse, boolean keepsPocl) {
    /** The cache of this process's settings ({@code numfuse.opencl.cacheDir}, {@code numfuse.opencl.cacheBytes}); creates nothing. */
    public static ProgramCacheInfo current() throws IOException {
        Path dir = OpenClProgramCache.directory();
        long cap = OpenClProgramCache.capBytes();
        boolean exists = Files.isDirectory(dir);
        List<ProgramCacheDirectory.Entry> entries = exists ? ProgramCacheDirectory.entries(dir) : List.of();
        String why = cap == 0 ? "turned off (" + OpenClProgramCache.CAP_PROPERTY + "=0)"
                : exists ? OpenClProgramCache.refusal(dir, false) : null;
        return new ProgramCacheInfo(dir, entries.size(), entries.stream().mapToLong(ProgramCacheDirectory.Entry::bytes).sum(), cap, why,
                OpenClProgramCache.keepsPocl());
    }

    /** Waits until the programs this process built so far are on disk (their binaries are written in the background). */
    public static void awaitWrites() { OpenClProgramCache.awaitStores(); }

    /** True when numfuse reads and writes the cache (a missing directory is made on first use). */
    public boolean inUse() { return notInUse == null; }

    /** What {@link #clear} removed: entries and their bytes. */
    public record Removed(Path directory, int entries, long bytes) {}

    /**
     * Deletes every entry of the cache: only numfuse's entry files (regular files named by a
     * key digest) and temporary files its dead writers left; nothing else in the directory.
     */
    public static Removed clear() throws IOException {
        Path dir = OpenClProgramCache.directory();
        List<ProgramCacheDirectory.Entry> removed = ProgramCacheDirectory.clear(dir);
        return new Removed(dir, removed.size(), removed.stream().mapToLong(ProgramCacheDirectory.Entry::bytes).sum());
    }
}
