package io.numfuse.runtime;

import static io.numfuse.runtime.ProgramCacheTests.*;
import static org.junit.jupiter.api.Assertions.*;

import io.numfuse.ir.Node;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cache entries that must not be trusted: swapped between keys, a symlink to /dev/zero, a
 * FIFO, a sparse 3 GB file, a directory, a binary the driver refuses. Each is refused without
 * reading more than an entry may hold, the program is rebuilt from source, the result is
 * correct, nothing is printed, and no cl_program leaks.
 */
class OpenClProgramCacheFaultTest {
    @TempDir Path home;
    Path cache;
    AutoCloseable restore;
    int livePrograms;

    @BeforeEach
    void pointTheCacheHere() {
        OpenClTests.first();
        cache = home.resolve("numfuse").resolve("opencl");
        restore = cacheIn(cache);
        livePrograms = OpenClProgramCache.livePrograms.get();
    }

    @AfterEach
    void restore() throws Exception {
        restore.close();
        assertEquals(livePrograms, OpenClProgramCache.livePrograms.get(), "every cl_program made was released");
    }

    /** Runs {@code n} once so that its entry is written; returns the entry. */
    Path entryOf(Node n) throws Exception {
        Set<Path> before = entries(cache);
        onAFreshDevice(n);
        Set<Path> after = entries(cache);
        after.removeAll(before);
        assertEquals(1, after.size(), "one new entry");
        return after.iterator().next();
    }

    /** After {@code entry} was spoiled: the result (of a fresh graph: an evaluated one keeps its values) is correct, the entry was refused once, silently, and is rewritten. */
    void assertRebuilt(Supplier<Node> graph, Path entry) throws Exception {
        int rejected = OpenClProgramCache.rejected.get(), compiled = OpenClProgramCache.compiled.get();
        String err = stderrOf(() -> assertArrayEquals(expected(graph.get()), onAFreshDevice(graph.get())));
        assertEquals("", err, "nothing printed");
        assertEquals(rejected + 1, OpenClProgramCache.rejected.get(), "refused");
        assertEquals(compiled + 1, OpenClProgramCache.compiled.get(), "rebuilt from source");
        assertTrue(Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS), "rewritten as a regular file");
        int loaded = OpenClProgramCache.loaded.get();
        assertArrayEquals(expected(graph.get()), onAFreshDevice(graph.get()));
        assertEquals(loaded + 1, OpenClProgramCache.loaded.get(), "the rewritten entry loads");
    }

    @Test
    void swappedEntriesAreRefusedNotRun() throws Exception {
        Path plus = entryOf(plusOne()), times = entryOf(timesOne());
        Path tmp = cache.resolve("swap");
        Files.move(plus, tmp);
        Files.move(times, plus);
        Files.move(tmp, times);
        // each file now holds a valid binary of the other program, with its checksum
        assertRebuilt(ProgramCacheTests::plusOne, plus);
        assertRebuilt(ProgramCacheTests::timesOne, times);
    }

    @Test
    void aSymlinkToDevZeroIsNotRead() throws Exception {
        Path e = entryOf(plusOne());
        Files.delete(e);
        Files.createSymbolicLink(e, Path.of("/dev/zero"));
        assertRebuilt(ProgramCacheTests::plusOne, e);
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aFifoIsNotOpened() throws Exception {
        Path e = entryOf(plusOne());
        Files.delete(e);
        Process p = new ProcessBuilder("mkfifo", e.toString()).inheritIO().start();
        assertEquals(0, p.waitFor(), "mkfifo");
        assertRebuilt(ProgramCacheTests::plusOne, e);
    }

    @Test
    void aHugeSparseFileIsNotRead() throws Exception {
        Path e = entryOf(plusOne());
        try (RandomAccessFile f = new RandomAccessFile(e.toFile(), "rw")) { f.setLength(3L << 30); }
        assertRebuilt(ProgramCacheTests::plusOne, e);
    }

    @Test
    void anEntryOfTheOldFormatIsRefused() throws Exception {
        Path e = entryOf(plusOne());
        byte[] v2 = Files.readAllBytes(e);
        byte[] binary = java.util.Arrays.copyOfRange(v2, ProgramCacheDirectory.HEADER_BYTES, v2.length);
        // format 1: magic, the binary's SHA-256, the binary (no key)
        byte[] magic = "numfuse-opencl-binary-1\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        var v1 = new java.io.ByteArrayOutputStream();
        v1.write(magic);
        v1.write(ProgramCacheDirectory.sha256(binary));
        v1.write(binary);
        Files.write(e, v1.toByteArray());
        assertRebuilt(ProgramCacheTests::plusOne, e);
    }

    @Test
    void bytesThatAreNoProgramAreRebuilt() throws Exception {
        Path e = entryOf(plusOne());
        byte[] key = HexFormat.of().parseHex(e.getFileName().toString().replace(".bin", ""));
        // the right key and a valid checksum, over bytes that are no program
        Files.write(e, ProgramCacheDirectory.encode(key, "not a program binary".repeat(100).getBytes()));
        assertRebuilt(ProgramCacheTests::plusOne, e);
    }

    /**
     * A PoCL binary without its program's bitcode, as PoCL once gave one: loading it would abort
     * the process (an assertion in PoCL), so the entry is refused before the driver sees it.
     */
    @Test
    void aPoclBinaryWithoutItsBitcodeIsRefusedNotLoaded() throws Exception {
        OpenClDevice d = OpenClTests.first().deviceForTests();
        org.junit.jupiter.api.Assumptions.assumeTrue(d.platformName.contains(OpenClProgramCache.POCL),
                "the check is PoCL's, and the device is " + d.platformName);
        Path e = entryOf(plusOne());
        byte[] stored = Files.readAllBytes(e);
        byte[] binary = java.util.Arrays.copyOfRange(stored, ProgramCacheDirectory.HEADER_BYTES, stored.length);
        assertTrue(OpenClProgramCache.loadable(d, binary), "a binary PoCL gave whole passes");
        String text = new String(binary, java.nio.charset.StandardCharsets.ISO_8859_1);
        assertTrue(text.contains("/program.bc"), "PoCL's binary names its bitcode");
        byte[] spoiled = text.replace("/program.bc", "/program.xx").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        assertFalse(OpenClProgramCache.loadable(d, spoiled));
        byte[] key = HexFormat.of().parseHex(e.getFileName().toString().replace(".bin", ""));
        Files.write(e, ProgramCacheDirectory.encode(key, spoiled));   // the right key and checksum
        assertRebuilt(ProgramCacheTests::plusOne, e);
    }

    @Test
    void aProgramTheDriverRefusesIsReleasedAndRebuilt() throws Exception {
        Path e = entryOf(plusOne());
        int rejected = OpenClProgramCache.rejected.get(), compiled = OpenClProgramCache.compiled.get(), live = OpenClProgramCache.livePrograms.get();
        OpenClProgramCache.driverRefusesBinariesForTests = true;
        try {
            assertArrayEquals(expected(plusOne()), onAFreshDevice(plusOne()));
        } finally {
            OpenClProgramCache.driverRefusesBinariesForTests = false;
        }
        assertEquals(rejected + 1, OpenClProgramCache.rejected.get(), "refused");
        assertEquals(compiled + 1, OpenClProgramCache.compiled.get(), "rebuilt from source");
        assertEquals(live, OpenClProgramCache.livePrograms.get(), "the refused program was released");
        assertTrue(Files.isRegularFile(e), "rewritten");
    }

    @Test
    void aDirectoryInAnEntrysPlaceIsLeftAlone() throws Exception {
        Path e = entryOf(plusOne());
        Files.delete(e);
        Files.createDirectory(e);
        Files.writeString(e.resolve("keep"), "not numfuse's");
        int rejected = OpenClProgramCache.rejected.get();
        String err = stderrOf(() -> {
            for (int i = 0; i < 2; i++) assertArrayEquals(expected(plusOne()), onAFreshDevice(plusOne()));
        });
        assertEquals(rejected + 2, OpenClProgramCache.rejected.get());
        assertTrue(warnings(err) <= 1, "one warning at most (the entry cannot be written):\n" + err);
        assertEquals("not numfuse's", Files.readString(e.resolve("keep")));
        try (var s = Files.list(cache)) {
            assertEquals(List.of(e), s.toList(), "no temporary file left behind");
        }
    }
}
