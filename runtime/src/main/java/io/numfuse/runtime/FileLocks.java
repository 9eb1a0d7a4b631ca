package io.numfuse.runtime;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Work done by one thread of one process at a time, for a lock file: a lock per file in this JVM
 * (a file lock is held per JVM, not per thread, and a second one from the same JVM throws) and a
 * file lock among processes. A lock file that cannot be had (a read-only directory, a file system
 * without locks, something not a regular file in its place) or is held past the wait is done
 * without: the work is then only as safe as it was without a lock, never blocked for good.
 */
final class FileLocks {
    private FileLocks() {}

    private static final ConcurrentHashMap<Path, ReentrantLock> LOCAL = new ConcurrentHashMap<>();

    /** Runs {@code action} holding {@code lockFile}'s locks, waiting at most {@code waitMillis} for another process's. */
    static <T> T holding(Path lockFile, long waitMillis, Supplier<T> action) {
        return inThisJvm(lockFile, () -> {
            FileChannel ch = null;
            FileLock held = null;
            try {
                if (Files.exists(lockFile, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(lockFile, LinkOption.NOFOLLOW_LINKS)) {
                    throw new IOException(lockFile + " is not a regular file");   // opening a FIFO would block
                }
                ch = open(lockFile);
                held = waitFor(ch, waitMillis);
            } catch (IOException e) {
                // no lock to be had: go on without
            }
            try {
                return action.get();
            } finally {
                closeQuietly(held, ch);
            }
        });
    }

    /** Runs {@code action} holding this JVM's lock for {@code lockFile} only (the file is neither made nor locked). */
    static <T> T inThisJvm(Path lockFile, Supplier<T> action) {
        ReentrantLock local = LOCAL.computeIfAbsent(lockFile.toAbsolutePath(), k -> new ReentrantLock());
        local.lock();
        try {
            return action.get();
        } finally {
            local.unlock();
        }
    }

    /** {@code lockFile}, made owner-only (0600) where the file system has POSIX permissions. */
    private static FileChannel open(Path lockFile) throws IOException {
        var options = Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
        try {
            return FileChannel.open(lockFile, options, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            return FileChannel.open(lockFile, options);
        }
    }

    /** The lock of {@code ch}, or null after {@code waitMillis} (the holder is stuck: go on without it). */
    private static FileLock waitFor(FileChannel ch, long waitMillis) throws IOException {
        long deadline = System.currentTimeMillis() + waitMillis;
        while (true) {
            FileLock l = ch.tryLock();
            if (l != null || System.currentTimeMillis() > deadline) return l;
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
    }

    private static void closeQuietly(FileLock held, FileChannel ch) {
        try {
            if (held != null) held.release();
        } catch (IOException e) {
            // closing the channel releases it
        }
        try {
            if (ch != null) ch.close();
        } catch (IOException e) {
            // the lock goes with the process
        }
    }
}
