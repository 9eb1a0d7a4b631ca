package io.numfuse.npy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces a file's content all at once: the content goes to a temporary file next to the
 * target, is forced to disk and is moved over the target, so a reader sees the old file or the
 * new one, never a part. Only a regular file is replaced: a directory, FIFO, device or socket
 * at the path, a read-only file or a directory that is not writable are refused before anything
 * is written (NumPy's {@code np.save} fails on a read-only file too; a rename would otherwise
 * replace a FIFO or {@code /dev/null} with a regular file). A symbolic link is followed, as
 * {@code np.save} follows it: the file it points to is replaced and the link stays.
 *
 * <p>The temporary file is named {@code .<name>.<pid>.<12 hex digits>.tmp}. A process killed
 * while writing leaves one behind; the next write into that directory deletes such leftovers
 * when their process is gone and they have not been written to for {@link #LEFTOVER_AGE} (the
 * age guards a live writer that shares the directory from another pid namespace, where its pid
 * means nothing here).
 */
final class AtomicReplace {

    /** Something that writes a file's content to a stream; lets tests make a write fail. */
    @FunctionalInterface
    interface Body {
        void writeTo(OutputStream out) throws IOException;
    }

    /** How long a dead process's temporary file stays untouched before a later write deletes it. */
    static final Duration LEFTOVER_AGE = Duration.ofMinutes(10);

    /** Longest part of the target's name kept in a temporary file's name: stays well under NAME_MAX. */
    private static final int NAME_PART = 100;

    /** Exactly the names {@link #tempName} makes: only those are ever deleted as leftovers. */
    private static final Pattern TEMP_NAME = Pattern.compile("\\.(.{1," + NAME_PART + "})\\.([0-9]{1,19})\\.([0-9a-f]{12})\\.tmp");

    /** Links followed before giving up, as Linux's ELOOP limit. */
    private static final int MAX_LINKS = 40;

    private AtomicReplace() {}

    /**
     * Writes {@code file} so that it either gets the whole new content or stays as it was. The
     * temporary file is created with the default permissions, unlike Files.createTempFile's
     * owner-only ones, so the result has the permissions any newly created file would.
     */
    static void write(Path file, Body body) throws IOException {
        Path target = checkReplaceable(file);
        Path dir = target.getParent();
        removeLeftovers(dir);
        Path temp = dir.resolve(tempName(target.getFileName().toString(), ProcessHandle.current().pid()));
        try {
            FileChannel opened;
            try {
                opened = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            } catch (FileSystemException e) {   // a directory its permissions call writable that is not (/sys, /proc as root): the file asked for, not the temporary one
                String why = e instanceof AccessDeniedException ? "permission denied" : e instanceof NoSuchFileException ? "no such file or directory"
                        : e.getReason() != null ? e.getReason() : e.getClass().getSimpleName();
                throw new FileSystemException(file.toString(), null, "cannot be created in " + dir + " (" + why + ")");
            }
            try (FileChannel channel = opened) {
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

    /**
     * The file a write of {@code file} replaces (its links followed), after checking that the
     * write may replace it: it is a writable regular file or does not exist, in a writable
     * directory. Each refusal is a {@link FileSystemException} whose file is the path given (or
     * its directory) and whose reason reads after it ("is a directory", "does not exist").
     */
    static Path checkReplaceable(Path file) throws IOException {
        String shown = file.toString();
        Path target = followLinks(file.toAbsolutePath(), shown);
        Path dir = target.getParent();
        if (dir == null || target.getFileName() == null) throw new FileSystemException(shown, null, "is a directory");
        BasicFileAttributes a = attributes(target);
        if (a != null) {
            if (a.isDirectory()) throw new FileSystemException(shown, null, "is a directory");
            if (!a.isRegularFile()) {
                throw new FileSystemException(shown, null, "is not a regular file (a FIFO, device or socket); only a regular file is replaced");
            }
            if (!Files.isWritable(target)) throw new AccessDeniedException(shown, null, "is read-only");
        }
        BasicFileAttributes d = attributes(dir);
        if (d != null && d.isSymbolicLink()) d = attributes(followLinks(dir, dir.toString()));   // /proc/self: a link to a directory
        if (d == null) throw new NoSuchFileException(dir.toString(), null, "does not exist");
        if (!d.isDirectory()) throw new FileSystemException(dir.toString(), null, "is not a directory");
        if (!Files.isWritable(dir)) throw new AccessDeniedException(dir.toString(), null, "is a directory that is not writable");
        return target;
    }

    /** The attributes of {@code p} itself (links are already followed), or null when nothing is there. */
    private static BasicFileAttributes attributes(Path p) throws IOException {
        try {
            return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /** {@code p} with its last component's symbolic links followed, as open(2) follows them (a dangling link names the file to create). */
    private static Path followLinks(Path p, String shown) throws IOException {
        for (int links = 0; Files.isSymbolicLink(p); links++) {
            if (links == MAX_LINKS) throw new FileSystemException(shown, null, "too many levels of symbolic links");
            p = p.resolveSibling(Files.readSymbolicLink(p));   // a relative link is relative to its directory
        }
        return p;
    }

    /** {@code .<name>.<pid>.<random>.tmp}: hidden, unique, and telling which process writes it. */
    static String tempName(String name, long pid) {
        if (name.length() > NAME_PART) name = name.substring(0, NAME_PART);
        byte[] random = new byte[6];
        ThreadLocalRandom.current().nextBytes(random);
        return "." + name + "." + pid + "." + HexFormat.of().formatHex(random) + ".tmp";
    }

    /**
     * Deletes the temporary files in {@code dir} that processes which have ended left behind.
     * Best effort: a leftover that cannot be read or deleted stays, and the write goes on.
     */
    static void removeLeftovers(Path dir) {
        Instant cutoff = Instant.now().minus(LEFTOVER_AGE);
        long self = ProcessHandle.current().pid();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, ".*.tmp")) {
            for (Path p : entries) {
                Matcher m = TEMP_NAME.matcher(p.getFileName().toString());
                if (!m.matches()) continue;
                long pid;
                try {
                    pid = Long.parseLong(m.group(2));
                } catch (NumberFormatException e) {   // 19 digits beyond Long.MAX_VALUE: not a pid numfuse wrote
                    continue;
                }
                if (pid == self || ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) continue;
                try {
                    BasicFileAttributes a = attributes(p);
                    if (a == null || !a.isRegularFile() || a.lastModifiedTime().toInstant().isAfter(cutoff)) continue;
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // best effort, see above
                }
            }
        } catch (IOException | DirectoryIteratorException e) {
            // best effort, see above
        }
    }
}
