package io.numfuse.runtime;

import static org.junit.jupiter.api.Assertions.*;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The cache's files without a device: what is refused and why, the trim, the trust in a directory, writes that fail. */
class ProgramCacheDirectoryTest {
    @TempDir Path home;
    Path dir;

    @BeforeEach
    void makeTheDirectory() throws Exception {
        dir = home.resolve("numfuse").resolve("opencl");
        ProgramCacheDirectory.create(dir);
    }

    static byte[] key(int i) { return ProgramCacheDirectory.sha256(new byte[] { (byte) i }); }

    Path entry(int i) { return dir.resolve(HexFormat.of().formatHex(key(i)) + ".bin"); }

    /** Writes entry {@code i} of {@code bytes} bytes, last used {@code secondsAgo} ago. */
    Path write(int i, int bytes, long secondsAgo) throws Exception {
        ProgramCacheDirectory.write(entry(i), key(i), new byte[bytes]);
        Files.setLastModifiedTime(entry(i), FileTime.from(Instant.now().minusSeconds(secondsAgo)));
        return entry(i);
    }

    Set<String> names() throws Exception {
        try (var s = Files.list(dir)) { return s.map(p -> p.getFileName().toString()).collect(Collectors.toSet()); }
    }

    @Test
    void anEntryReadsBackForItsKeyOnly() throws Exception {
        ProgramCacheDirectory.write(entry(1), key(1), new byte[] { 7, 8, 9 });
        assertArrayEquals(new byte[] { 7, 8, 9 }, ProgramCacheDirectory.read(entry(1), key(1)).binary());
        assertEquals("written for another key", ProgramCacheDirectory.read(entry(1), key(2)).refused());
        assertSame(ProgramCacheDirectory.Lookup.ABSENT, ProgramCacheDirectory.read(entry(3), key(3)));
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void whatIsNotATrustedEntryIsRefusedUnread() throws Exception {
        Files.createSymbolicLink(entry(1), Path.of("/dev/zero"));
        assertEquals("not a regular file", ProgramCacheDirectory.read(entry(1), key(1)).refused());
        assertEquals(0, new ProcessBuilder("mkfifo", entry(2).toString()).start().waitFor());
        assertEquals("not a regular file", ProgramCacheDirectory.read(entry(2), key(2)).refused());
        Files.createDirectory(entry(3));
        assertEquals("not a regular file", ProgramCacheDirectory.read(entry(3), key(3)).refused());
        try (RandomAccessFile f = new RandomAccessFile(entry(4).toFile(), "rw")) { f.setLength(3L << 30); }
        assertEquals("larger than the 64 MiB an entry may hold", ProgramCacheDirectory.read(entry(4), key(4)).refused());
        Files.write(entry(5), new byte[] { 1, 2, 3 });
        assertEquals("truncated", ProgramCacheDirectory.read(entry(5), key(5)).refused());
        byte[] other = ProgramCacheDirectory.encode(key(6), new byte[100]);
        other[0] ^= 1;
        Files.write(entry(6), other);
        assertEquals("not an entry of this format", ProgramCacheDirectory.read(entry(6), key(6)).refused());
        byte[] corrupt = ProgramCacheDirectory.encode(key(7), new byte[100]);
        corrupt[corrupt.length - 1] ^= 1;
        Files.write(entry(7), corrupt);
        assertEquals("corrupt (checksum)", ProgramCacheDirectory.read(entry(7), key(7)).refused());
    }

    @Test
    void discardRemovesLinksNotTheirTargetsAndLeavesDirectories() throws Exception {
        Path target = home.resolve("target");
        Files.writeString(target, "kept");
        Files.createSymbolicLink(entry(1), target);
        ProgramCacheDirectory.discard(entry(1));
        assertFalse(Files.exists(entry(1), java.nio.file.LinkOption.NOFOLLOW_LINKS));
        assertEquals("kept", Files.readString(target));
        Files.createDirectory(entry(2));
        ProgramCacheDirectory.discard(entry(2));
        assertTrue(Files.isDirectory(entry(2)));
    }

    @Test
    void theTrimDropsTheLeastRecentlyUsedAndNothingElse() throws Exception {
        for (int i = 0; i < 6; i++) write(i, 1000, 600 - i * 60);   // entry 0 the least recently used
        Files.writeString(dir.resolve("notes.txt"), "mine");
        Files.writeString(dir.resolve("abc.bin"), "not an entry's name");
        Files.write(dir.resolve("entry123.tmp"), new byte[10]);
        Files.setLastModifiedTime(dir.resolve("entry123.tmp"), FileTime.from(Instant.now().minusSeconds(3600)));
        Files.write(dir.resolve("entry456.tmp"), new byte[10]);   // a live writer's
        long entryBytes = Files.size(entry(0));
        ProgramCacheDirectory.trim(dir, 3 * entryBytes);
        Set<String> left = names();
        for (int i = 0; i < 3; i++) assertFalse(left.contains(entry(i).getFileName().toString()), "entry " + i + " dropped");
        for (int i = 3; i < 6; i++) assertTrue(left.contains(entry(i).getFileName().toString()), "entry " + i + " kept");
        assertTrue(left.containsAll(Set.of("notes.txt", "abc.bin", "entry456.tmp")), left.toString());
        assertFalse(left.contains("entry123.tmp"), "an abandoned temporary file goes");
    }

    @Test
    void concurrentTrimsTolerateVanishingFiles() throws Exception {
        for (int i = 0; i < 200; i++) write(i, 100, i);
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int t = 0; t < 4; t++) {
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    ProgramCacheDirectory.trim(dir, 0);
                } catch (Throwable e) {
                    failures.add(e);
                }
            }));
        }
        for (Thread t : threads) t.join();
        assertEquals(List.of(), failures);
        assertEquals(Set.of(), names());
    }

    @Test
    void clearRemovesOnlyEntries() throws Exception {
        write(1, 100, 0);
        write(2, 200, 0);
        Files.writeString(dir.resolve("notes.txt"), "mine");
        Files.createDirectory(entry(3));
        List<ProgramCacheDirectory.Entry> removed = ProgramCacheDirectory.clear(dir);
        assertEquals(2, removed.size());
        assertEquals(300 + 2 * ProgramCacheDirectory.HEADER_BYTES, removed.stream().mapToLong(ProgramCacheDirectory.Entry::bytes).sum());
        assertEquals(Set.of("notes.txt", entry(3).getFileName().toString()), names());
    }

    @Test
    void aFailedWriteLeavesThePreviousEntryAndNoTemporaryFile() throws Exception {
        ProgramCacheDirectory.write(entry(1), key(1), new byte[] { 1 });
        ProgramCacheDirectory.diskFullForTests = true;
        try {
            var e = assertThrows(java.io.IOException.class, () -> ProgramCacheDirectory.write(entry(1), key(1), new byte[5000]));
            assertEquals("No space left on device (test hook)", ProgramCacheDirectory.reason(e));
            assertThrows(java.io.IOException.class, () -> ProgramCacheDirectory.write(entry(2), key(2), new byte[5000]));
        } finally {
            ProgramCacheDirectory.diskFullForTests = false;
        }
        assertEquals(Set.of(entry(1).getFileName().toString()), names());
        assertArrayEquals(new byte[] { 1 }, ProgramCacheDirectory.read(entry(1), key(1)).binary());
    }

    @Test
    void aDirectoryIsTrustedOnlyWhenNobodyElseCanWriteIt() throws Exception {
        assertEquals(PosixFilePermissions.fromString("rwx------"), Files.getPosixFilePermissions(dir));
        assertNull(ProgramCacheDirectory.distrust(dir));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        assertNull(ProgramCacheDirectory.distrust(dir), "others may read");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxr-x"));
        assertTrue(ProgramCacheDirectory.distrust(dir).contains("can be written by other users"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx----w-"));
        assertTrue(ProgramCacheDirectory.distrust(dir).contains("can be written by other users"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        Path parent = dir.getParent();
        Files.setPosixFilePermissions(parent, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertTrue(ProgramCacheDirectory.distrust(dir).startsWith(parent + " can be written by other users"));
        assertEquals(0, new ProcessBuilder("chmod", "1777", parent.toString()).start().waitFor());
        assertNull(ProgramCacheDirectory.distrust(dir), "a sticky parent (as /tmp) lets no one else replace the directory");
        Path link = home.resolve("link");
        Files.createSymbolicLink(link, dir);
        assertNull(ProgramCacheDirectory.distrust(link), "judged after links");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertTrue(ProgramCacheDirectory.distrust(link).startsWith(dir + " can be written"));
    }

    @Test
    void filesOfAnotherUserAreNotTrusted() throws Exception {
        ProgramCacheDirectory.write(entry(1), key(1), new byte[] { 1 });
        java.nio.file.attribute.UserPrincipal nobody;
        try {
            nobody = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
            Files.setOwner(entry(1), nobody);   // only root may give a file away
        } catch (java.io.IOException e) {
            org.junit.jupiter.api.Assumptions.abort("cannot give a file to another user here: " + e);
            return;
        }
        assertEquals("owned by another user", ProgramCacheDirectory.read(entry(1), key(1)).refused());
        Files.setOwner(dir, nobody);
        assertEquals(dir + " belongs to nobody, not to " + ProgramCacheDirectory.currentUser().getName(), ProgramCacheDirectory.distrust(dir));
        Files.setOwner(dir, ProgramCacheDirectory.currentUser());
        Files.setOwner(dir.getParent(), nobody);
        assertTrue(ProgramCacheDirectory.distrust(dir).startsWith(dir.getParent() + " belongs to nobody"));
    }
}
