package io.numfuse.npy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.numfuse.core.DType;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a write may replace: a regular file (through a symbolic link, the file it names), never a
 * FIFO, device, directory or read-only file; and leftovers of processes killed mid-write go.
 */
class NpyWriteTargetTest {

    @TempDir
    Path dir;

    private static final NpyArray ARRAY = TestArrays.ramp(DType.INT32, 3);

    private List<String> names() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private Path fifo(String name) throws Exception {
        Path p = dir.resolve(name);
        Process mk = new ProcessBuilder("mkfifo", p.toString()).inheritIO().start();
        assertEquals(0, mk.waitFor());
        return p;
    }

    @Test
    void aFifoIsRefusedAndStaysAFifo() throws Exception {
        Path fifo = fifo("pipe.npy");
        FileSystemException e = assertThrows(FileSystemException.class, () -> Npy.write(fifo, ARRAY));
        assertTrue(e.getReason().startsWith("is not a regular file"), e.getMessage());
        assertEquals(fifo.toString(), e.getFile());
        assertTrue(Files.readAttributes(fifo, "unix:mode").get("mode") instanceof Integer m && (m & 0170000) == 0010000, "still a FIFO");
        assertEquals(List.of("pipe.npy"), names());
    }

    @Test
    void aDeviceIsRefused() {
        Path devNull = Path.of("/dev/null");
        assumeTrue(Files.exists(devNull));
        FileSystemException e = assertThrows(FileSystemException.class, () -> Npy.checkWritable(devNull));
        assertTrue(e.getReason().startsWith("is not a regular file"), e.getMessage());
    }

    @Test
    void aDirectoryAndALinkToOneAreRefused() throws IOException {
        Path sub = Files.createDirectory(dir.resolve("sub"));
        Path link = Files.createSymbolicLink(dir.resolve("link.npy"), sub);
        for (Path p : List.of(sub, link)) {
            FileSystemException e = assertThrows(FileSystemException.class, () -> Npy.write(p, ARRAY));
            assertEquals("is a directory", e.getReason());
        }
        assertTrue(Files.isSymbolicLink(link));
        assertEquals(List.of(), Files.list(sub).toList());
    }

    @Test
    void aLinkToAFifoIsRefused() throws Exception {
        Path link = Files.createSymbolicLink(dir.resolve("link.npy"), fifo("pipe"));
        assertThrows(FileSystemException.class, () -> Npy.write(link, ARRAY));
        assertTrue(Files.isSymbolicLink(link));
    }

    /** Root may write any file, with NumPy as with numfuse: the refusal is tested where the OS refuses. */
    @Test
    void aReadOnlyFileIsRefusedAndKept() throws IOException {
        Path file = dir.resolve("ro.npy");
        Files.writeString(file, "keep");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--r--r--"));
        assumeFalse(Files.isWritable(file), "running as root: a read-only file is writable");
        AccessDeniedException e = assertThrows(AccessDeniedException.class, () -> Npy.write(file, ARRAY));
        assertEquals("is read-only", e.getReason());
        assertEquals("keep", Files.readString(file));
    }

    @Test
    void aDirectoryThatIsNotWritableIsRefused() throws IOException {
        Path sub = Files.createDirectory(dir.resolve("sub"));
        Files.setPosixFilePermissions(sub, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            assumeFalse(Files.isWritable(sub), "running as root: every directory is writable");
            AccessDeniedException e = assertThrows(AccessDeniedException.class, () -> Npy.write(sub.resolve("a.npy"), ARRAY));
            assertEquals(sub.toString(), e.getFile());
        } finally {
            Files.setPosixFilePermissions(sub, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    @Test
    void aMissingDirectoryIsNamed() {
        Path file = dir.resolve("no/such/a.npy");
        FileSystemException e = assertThrows(FileSystemException.class, () -> Npy.checkWritable(file));
        assertEquals(dir.resolve("no/such").toString(), e.getFile());
        assertEquals("does not exist", e.getReason());
    }

    /** np.save opens the path for writing, which follows a link: the file the link names changes and the link stays. */
    @Test
    void aLinkToARegularFileIsWrittenThrough() throws IOException {
        Path real = Files.writeString(Files.createDirectory(dir.resolve("data")).resolve("real.npy"), "old");
        Path link = Files.createSymbolicLink(dir.resolve("link.npy"), Path.of("data/real.npy"));   // relative, as ln -s makes them
        Npy.write(link, ARRAY);
        assertTrue(Files.isSymbolicLink(link));
        assertEquals(ARRAY, Npy.read(real));
        assertEquals(List.of("data", "link.npy"), names(), "the temporary file went next to the file written");
        assertEquals(List.of(real), Files.list(real.getParent()).toList());
    }

    @Test
    void aDanglingLinkNamesTheFileToCreate() throws IOException {
        Path link = Files.createSymbolicLink(dir.resolve("link.npy"), dir.resolve("target.npy"));
        Npy.write(link, ARRAY);
        assertTrue(Files.isSymbolicLink(link));
        assertEquals(ARRAY, Npy.read(dir.resolve("target.npy")));
    }

    @Test
    void aLinkLoopIsRefused() throws IOException {
        Path a = dir.resolve("a.npy"), b = dir.resolve("b.npy");
        Files.createSymbolicLink(a, b);
        Files.createSymbolicLink(b, a);
        FileSystemException e = assertThrows(FileSystemException.class, () -> Npy.write(a, ARRAY));
        assertEquals("too many levels of symbolic links", e.getReason());
    }

    /** The pid of a process that has ended. */
    private static long deadPid() throws Exception {
        Process p = new ProcessBuilder("true").start();
        assertEquals(0, p.waitFor());
        long pid = p.pid();
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
        return pid;
    }

    private Path leftover(String name, long ageSeconds) throws IOException {
        Path p = Files.write(dir.resolve(name), new byte[4096]);
        Files.setLastModifiedTime(p, FileTime.from(Instant.now().minusSeconds(ageSeconds)));
        return p;
    }

    @Test
    void leftoversOfDeadProcessesAreDeletedAndNothingElse() throws Exception {
        long dead = deadPid(), alive = ProcessHandle.current().parent().orElseThrow().pid();
        long old = AtomicReplace.LEFTOVER_AGE.toSeconds() + 60;
        leftover(".out.npy." + dead + ".0123456789ab.tmp", old);             // killed mid-write: goes
        leftover(".other.npy." + dead + ".ba9876543210.tmp", old);           // another name in the directory: goes
        leftover(".out.npy." + alive + ".0123456789ab.tmp", old);            // its process is alive: stays
        leftover(".out.npy." + dead + ".fedcba987654.tmp", 5);               // written to a moment ago: stays
        leftover(".out.npy.0123456789ab.tmp", old);                          // no pid (an older numfuse): stays
        leftover(".out.npy." + dead + ".0123456789AB.tmp", old);             // not exactly the pattern: stays
        leftover("out.npy." + dead + ".0123456789ab.tmp", old);              // not hidden: stays
        leftover(".out.npy." + dead + ".0123456789ab.tmp.bak", old);         // stays
        Npy.write(dir.resolve("out.npy"), ARRAY);
        assertEquals(List.of(
                ".out.npy." + alive + ".0123456789ab.tmp",
                ".out.npy." + dead + ".0123456789AB.tmp",
                ".out.npy." + dead + ".0123456789ab.tmp.bak",
                ".out.npy." + dead + ".fedcba987654.tmp",
                ".out.npy.0123456789ab.tmp",
                "out.npy",
                "out.npy." + dead + ".0123456789ab.tmp").stream().sorted().toList(), names());
        assertArrayEquals((int[]) ARRAY.data(), (int[]) Npy.read(dir.resolve("out.npy")).data());
    }
}
