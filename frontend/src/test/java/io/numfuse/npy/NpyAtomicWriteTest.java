package io.numfuse.npy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.numfuse.core.DType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A failed write leaves the target as it was and no temporary file behind. */
class NpyAtomicWriteTest {

    @TempDir
    Path dir;

    private List<Path> files() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }

    @Test
    void aWriteThatFailsHalfwayLeavesTheOldFileAlone() throws IOException {
        Path file = dir.resolve("a.npy");
        byte[] old = "old".getBytes(StandardCharsets.US_ASCII);
        Files.write(file, old);
        IOException e = assertThrows(IOException.class, () -> AtomicReplace.write(file, out -> {
            out.write(new byte[1000]);
            throw new IOException("disk full");
        }));
        assertEquals("disk full", e.getMessage());
        assertArrayEquals(old, Files.readAllBytes(file));
        assertEquals(List.of(file), files());
    }

    @Test
    void aWriteThatFailsHalfwayCreatesNoFile() {
        Path file = dir.resolve("new.npy");
        assertThrows(IllegalStateException.class, () -> AtomicReplace.write(file, out -> {
            out.write(1);
            throw new IllegalStateException("bug");
        }));
        assertFalse(Files.exists(file));
        assertDoesNotLeaveFiles();
    }

    @Test
    void runningOutOfMemoryHalfwayCreatesNoFile() {
        Path file = dir.resolve("big.npy");
        assertThrows(OutOfMemoryError.class, () -> AtomicReplace.write(file, out -> {
            out.write(new byte[1000]);
            throw new OutOfMemoryError("Java heap space");
        }));
        assertDoesNotLeaveFiles();
    }

    @Test
    void theTemporaryFileNamesTheWritingProcess() throws IOException {
        Path file = dir.resolve("a.npy");
        List<String> seen = new java.util.ArrayList<>();
        AtomicReplace.write(file, out -> {
            for (Path p : files()) seen.add(p.getFileName().toString());
            out.write(1);
        });
        assertEquals(1, seen.size(), seen.toString());
        assertTrue(seen.get(0).matches("\\.a\\.npy\\." + ProcessHandle.current().pid() + "\\.[0-9a-f]{12}\\.tmp"), seen.toString());
        assertEquals(List.of(file), files());
    }

    private void assertDoesNotLeaveFiles() {
        try {
            assertEquals(List.of(), files());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aMoveOntoADirectoryFailsCleanly() throws IOException {
        Path target = dir.resolve("taken");
        Files.createDirectory(target);
        Files.writeString(target.resolve("inside"), "x");
        assertThrows(IOException.class, () -> Npy.write(target, TestArrays.ramp(DType.INT32, 3)));
        assertEquals(List.of(target), files());
        assertTrue(Files.isDirectory(target));
    }

    @Test
    void writingIntoAMissingDirectoryFails() {
        Path file = dir.resolve("no/such/dir/a.npy");
        assertThrows(IOException.class, () -> Npy.write(file, TestArrays.ramp(DType.INT32, 3)));
        assertDoesNotLeaveFiles();
    }

    @Test
    void aRelativePathIsWrittenWhereItPoints() throws IOException {
        // The temporary file goes next to the target, resolved against the working directory.
        Path relative = Path.of("target", "npy-relative-" + ProcessHandle.current().pid() + ".npy");
        try {
            Npy.write(relative, TestArrays.ramp(DType.FLOAT32, 2, 2));
            assertEquals(TestArrays.ramp(DType.FLOAT32, 2, 2), Npy.read(relative));
        } finally {
            Files.deleteIfExists(relative);
        }
    }

    /** Unlike Files.createTempFile's owner-only files, the result has ordinary permissions. */
    @Test
    void theWrittenFileIsNotOwnerOnly() throws IOException {
        Path file = dir.resolve("a.npy");
        Path reference = Files.createFile(dir.resolve("reference"));
        Npy.write(file, TestArrays.ramp(DType.BOOL, 4));
        if (Files.getFileStore(file).supportsFileAttributeView("posix")) {
            Set<PosixFilePermission> expected = Files.getPosixFilePermissions(reference);
            assertEquals(expected, Files.getPosixFilePermissions(file));
        }
    }
}
