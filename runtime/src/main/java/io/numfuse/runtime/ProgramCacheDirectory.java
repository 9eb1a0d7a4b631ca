package io.numfuse.runtime;

import static java.nio.file.LinkOption.NOFOLLOW_LINKS;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The files of the OpenCL program cache, which trusts nothing it finds. An entry is named by
 * the SHA-256 of its key ({@code <64 hex digits>.bin}) and holds a header (magic and format
 * version, that key digest, the binary's SHA-256) and the binary, so a file renamed or swapped
 * to another key's name is refused. Only regular files of the current user are read, after a
 * size check and never past {@link #MAX_ENTRY_BYTES}; a FIFO, device or symlink is never
 * opened. Entries are written whole (a temporary {@code entry*.tmp}, then an atomic rename),
 * and an entry's modification time is its last use, which the least-recently-used trim reads.
 * A directory is used only when its owner alone can write it (as ssh treats its key files).
 * The device profiles ({@link ProfileStore}) use the same checks, reads and writes.
 */
final class ProgramCacheDirectory {
    private ProgramCacheDirectory() {}

    /**
     * Entries larger than this are refused unread. numfuse's program binaries are tens to
     * hundreds of KiB (PoCL's about 60 KiB) and a GPU driver's a few MiB at most: 64 MiB
     * leaves room for any of them and keeps a bad entry from taking the heap.
     */
    static final int MAX_ENTRY_BYTES = 64 << 20;
    /** A temporary file older than this belongs to a writer that died (a live one renames it within a second). */
    static final Duration ABANDONED_TEMP_AGE = Duration.ofMinutes(10);
    /**
     * The entry format. 3: binaries taken right after the build (those of format 2 were taken
     * while the program's first kernels ran, and PoCL could not load some of them again: its
     * assertion killed the process), so entries of format 2 are refused, removed and rebuilt.
     */
    static final byte[] MAGIC = "numfuse-opencl-binary-3\n".getBytes(StandardCharsets.US_ASCII);
    static final int HEADER_BYTES = MAGIC.length + 32 + 32;
    private static final Pattern ENTRY_NAME = Pattern.compile("[0-9a-f]{64}\\.bin");
    private static final Pattern TEMP_NAME = Pattern.compile("entry[0-9]*\\.tmp");
    private static final Set<PosixFilePermission> WRITABLE_BY_OTHERS = Set.of(PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_WRITE);

    /** Test hook: the next writes fail half-way, as on a full disk. */
    static volatile boolean diskFullForTests;

    /** What a lookup found: no entry, an entry refused (and why), or a trusted binary. */
    record Lookup(byte[] binary, String refused) {
        static final Lookup ABSENT = new Lookup(null, null);

        static Lookup refuse(String why) { return new Lookup(null, why); }
    }

    /** An entry file: its size and last use. */
    record Entry(Path path, long bytes, FileTime lastUse) {}

    /** The user this process runs as, or null where it cannot be told (owners are then not checked). */
    static UserPrincipal currentUser() { return CurrentUser.VALUE; }

    private static final class CurrentUser {
        static final UserPrincipal VALUE = find();

        private static UserPrincipal find() {
            try {
                return Files.getOwner(Path.of("/proc/self"));   // Linux: exactly the process's user, named or not
            } catch (IOException | UnsupportedOperationException | InvalidPathException e) {
                // elsewhere: the user by name
            }
            try {
                return FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByName(System.getProperty("user.name"));
            } catch (IOException | UnsupportedOperationException e) {
                return null;
            }
        }
    }

    /** numfuse's directory in the user's cache: {@code $XDG_CACHE_HOME/numfuse}, or {@code ~/.cache/numfuse}. */
    static Path cacheHome() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("numfuse");
    }

    static boolean isEntryName(String fileName) { return ENTRY_NAME.matcher(fileName).matches(); }

    /** Creates {@code dir} (and missing parents) readable and writable by its owner alone (0700) where the file system has POSIX permissions. */
    static void create(Path dir) throws IOException {
        if (Files.isDirectory(dir)) return;
        try {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (UnsupportedOperationException e) {
            Files.createDirectories(dir);
        }
    }

    /**
     * Why {@code dir} must not be used, or null when it may: it (after symlinks) must belong to
     * this user and be writable by nobody else, and its parent must belong to this user or root
     * and be writable by nobody else, unless sticky (as /tmp), so that no one else can put files
     * in it or swap it. Skipped where the file system has no POSIX permissions.
     */
    static String distrust(Path dir) {
        try {
            Path real = dir.toRealPath();
            PosixFileAttributes a = Files.readAttributes(real, PosixFileAttributes.class);
            if (!a.isDirectory()) return real + " is not a directory";
            UserPrincipal me = currentUser();
            if (me != null && !a.owner().equals(me)) return real + " belongs to " + a.owner().getName() + ", not to " + me.getName();
            if (writableByOthers(a)) return real + " can be written by other users (chmod go-w " + real + " to use it)";
            Path parent = real.getParent();
            if (parent == null) return null;
            PosixFileAttributes p = Files.readAttributes(parent, PosixFileAttributes.class);
            if (me != null && !p.owner().equals(me) && !p.owner().getName().equals("root")) {
                return parent + " belongs to " + p.owner().getName() + ", who could replace " + real;
            }
            if (writableByOthers(p) && !sticky(parent)) return parent + " can be written by other users, who could replace " + real + " (chmod go-w " + parent + ")";
            return null;
        } catch (UnsupportedOperationException e) {
            return null;
        } catch (IOException e) {
            return dir + " cannot be read (" + reason(e) + ")";
        }
    }

    private static boolean writableByOthers(PosixFileAttributes a) {
        return a.permissions().stream().anyMatch(WRITABLE_BY_OTHERS::contains);
    }

    /** A sticky directory (/tmp) lets only a file's owner rename or delete it. */
    private static boolean sticky(Path dir) {
        try {
            return (((Integer) Files.getAttribute(dir, "unix:mode")) & 01000) != 0;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return false;
        }
    }

    /** The trusted binary of {@code entry} for the key whose SHA-256 is {@code keyDigest}. */
    static Lookup read(Path entry, byte[] keyDigest) {
        Lookup file = readTrusted(entry, MAX_ENTRY_BYTES, "an entry");
        return file.binary() == null ? file : decode(file.binary(), keyDigest);
    }

    /**
     * The bytes of {@code file} when it may be trusted: a regular file (never a FIFO, device or
     * symlink, which are not opened) of the current user, of at most {@code maxBytes}
     * ({@code what} names it in the refusal: "an entry"). Also the device profiles' reader
     * ({@link ProfileStore}).
     */
    static Lookup readTrusted(Path file, int maxBytes, String what) {
        BasicFileAttributes a;
        try {
            a = attributes(file);
        } catch (NoSuchFileException e) {
            return Lookup.ABSENT;
        } catch (IOException e) {
            return Lookup.refuse("cannot be read (" + reason(e) + ")");
        }
        // no open() before these checks: opening a FIFO blocks, reading /dev/zero never ends
        if (!a.isRegularFile()) return Lookup.refuse("not a regular file");
        if (a.size() > maxBytes) return Lookup.refuse("larger than the " + size(maxBytes) + " " + what + " may hold");
        if (a instanceof PosixFileAttributes p && currentUser() != null && !p.owner().equals(currentUser())) return Lookup.refuse("owned by another user");
        byte[] all;
        try (SeekableByteChannel ch = Files.newByteChannel(file, Set.of(StandardOpenOption.READ, NOFOLLOW_LINKS))) {
            all = Channels.newInputStream(ch).readNBytes(maxBytes + 1);   // bounded even if it grows meanwhile
        } catch (IOException e) {
            return Lookup.refuse("cannot be read (" + reason(e) + ")");
        }
        if (all.length > maxBytes) return Lookup.refuse("grew past " + size(maxBytes) + " while read");
        return new Lookup(all, null);
    }

    /** 64 MiB, 64 KiB, 100 bytes. */
    private static String size(int bytes) {
        return bytes >= 1 << 20 && bytes % (1 << 20) == 0 ? (bytes >> 20) + " MiB"
                : bytes >= 1 << 10 && bytes % (1 << 10) == 0 ? (bytes >> 10) + " KiB" : bytes + " bytes";
    }

    private static Lookup decode(byte[] all, byte[] keyDigest) {
        if (all.length <= HEADER_BYTES) return Lookup.refuse("truncated");
        if (!Arrays.equals(all, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) return Lookup.refuse("not an entry of this format");
        if (!Arrays.equals(all, MAGIC.length, MAGIC.length + 32, keyDigest, 0, 32)) return Lookup.refuse("written for another key");
        byte[] binary = Arrays.copyOfRange(all, HEADER_BYTES, all.length);
        if (!Arrays.equals(all, MAGIC.length + 32, HEADER_BYTES, sha256(binary), 0, 32)) return Lookup.refuse("corrupt (checksum)");
        return new Lookup(binary, null);
    }

    static byte[] encode(byte[] keyDigest, byte[] binary) {
        byte[] all = new byte[HEADER_BYTES + binary.length];
        System.arraycopy(MAGIC, 0, all, 0, MAGIC.length);
        System.arraycopy(keyDigest, 0, all, MAGIC.length, 32);
        System.arraycopy(sha256(binary), 0, all, MAGIC.length + 32, 32);
        System.arraycopy(binary, 0, all, HEADER_BYTES, binary.length);
        return all;
    }

    static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /**
     * Writes {@code entry} whole or not at all: a failure (a full disk) leaves neither a partial
     * entry nor the temporary file, and the entry that was there (if any) as it was.
     */
    static void write(Path entry, byte[] keyDigest, byte[] binary) throws IOException {
        writeAtomically(entry, encode(keyDigest, binary), "entry");
    }

    /**
     * Writes {@code file} whole or not at all, through a temporary file ({@code <tempPrefix>*.tmp},
     * owner-only) in its directory and an atomic rename: readers see the old contents or the new,
     * never a part. Also the device profiles' writer ({@link ProfileStore}).
     */
    static void writeAtomically(Path file, byte[] all, String tempPrefix) throws IOException {
        Path dir = file.getParent();
        create(dir);   // again: it may have been removed since it was checked
        Path tmp = Files.createTempFile(dir, tempPrefix, ".tmp");   // owner-only (0600) on POSIX
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ByteBuffer b = ByteBuffer.wrap(all);
                if (diskFullForTests) {
                    b.limit(all.length / 2);
                    while (b.hasRemaining()) ch.write(b);
                    throw new IOException("No space left on device (test hook)");
                }
                while (b.hasRemaining()) ch.write(b);
            }
            // no fsync: an entry cut short by a crash fails its checksum (a profile, its parse) and is made again
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            deleteQuietly(tmp);
            throw e;
        }
    }

    /** Records a use of {@code entry} (its modification time, which the trim orders by). */
    static void touch(Path entry) {
        try {
            Files.getFileAttributeView(entry, BasicFileAttributeView.class, NOFOLLOW_LINKS).setTimes(FileTime.fromMillis(System.currentTimeMillis()), null, null);
        } catch (IOException | UnsupportedOperationException e) {
            // a read-only cache still serves; its order of use is only less exact
        }
    }

    /** Removes a refused entry, unless a directory sits at its name (not numfuse's: left alone). */
    static void discard(Path entry) {
        try {
            if (!Files.isDirectory(entry, NOFOLLOW_LINKS)) Files.deleteIfExists(entry);   // a link goes, not its target
        } catch (IOException e) {
            // rewritten over, or refused again next time
        }
    }

    /** Every entry in {@code dir}: regular files named as entries (nothing else is numfuse's). */
    static List<Entry> entries(Path dir) throws IOException {
        List<Entry> entries = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            for (Path p : s) {
                if (!isEntryName(p.getFileName().toString())) continue;
                try {
                    BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, NOFOLLOW_LINKS);
                    if (a.isRegularFile()) entries.add(new Entry(p, a.size(), a.lastModifiedTime()));
                } catch (IOException e) {
                    // removed meanwhile (by another process's trim)
                }
            }
        }
        return entries;
    }

    /**
     * Deletes the least recently used entries until the rest hold at most {@code capBytes}, and
     * temporary files abandoned by dead writers. Other processes may trim at the same time:
     * files that vanish are skipped.
     */
    static void trim(Path dir, long capBytes) throws IOException {
        removeAbandonedTemps(dir);
        List<Entry> entries = entries(dir);
        long total = entries.stream().mapToLong(Entry::bytes).sum();
        if (total <= capBytes) return;
        entries.sort(Comparator.comparing(Entry::lastUse).thenComparing(e -> e.path().getFileName().toString()));
        for (Entry e : entries) {
            if (total <= capBytes) break;
            deleteQuietly(e.path());
            total -= e.bytes();   // gone, by this process or another
        }
    }

    private static void removeAbandonedTemps(Path dir) throws IOException { removeAbandonedTemps(dir, TEMP_NAME); }

    /** Deletes the temporary files named as {@code names} that writers which died left in {@code dir} (older than {@link #ABANDONED_TEMP_AGE}). */
    static void removeAbandonedTemps(Path dir, Pattern names) throws IOException {
        long oldest = System.currentTimeMillis() - ABANDONED_TEMP_AGE.toMillis();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, p -> names.matcher(p.getFileName().toString()).matches())) {
            for (Path p : s) {
                try {
                    BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, NOFOLLOW_LINKS);
                    if (a.isRegularFile() && a.lastModifiedTime().toMillis() < oldest) deleteQuietly(p);
                } catch (IOException e) {
                    // renamed into place or removed meanwhile
                }
            }
        }
    }

    /** Deletes every entry of {@code dir} (and abandoned temporary files); returns the entries deleted. */
    static List<Entry> clear(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) return List.of();
        removeAbandonedTemps(dir);
        List<Entry> removed = new ArrayList<>();
        for (Entry e : entries(dir)) {
            if (deleteQuietly(e.path())) removed.add(e);
        }
        return removed;
    }

    /** An I/O failure in a few words: "No space left on device", "AccessDeniedException: /path". */
    static String reason(IOException e) {
        if (e instanceof FileSystemException f) {
            return f.getReason() != null ? f.getReason() : e.getClass().getSimpleName() + ": " + f.getFile();
        }
        return String.valueOf(e.getMessage());
    }

    private static BasicFileAttributes attributes(Path p) throws IOException {
        try {
            return Files.readAttributes(p, PosixFileAttributes.class, NOFOLLOW_LINKS);
        } catch (UnsupportedOperationException e) {
            return Files.readAttributes(p, BasicFileAttributes.class, NOFOLLOW_LINKS);
        }
    }

    private static boolean deleteQuietly(Path p) {
        try {
            return Files.deleteIfExists(p);
        } catch (IOException e) {
            return false;
        }
    }
}
