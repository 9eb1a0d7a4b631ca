package io.numfuse.runtime;

import static io.numfuse.runtime.ProgramCacheTests.*;
import static org.junit.jupiter.api.Assertions.*;

import io.numfuse.ir.Buffer;
import io.numfuse.core.DType;
import io.numfuse.ir.Graph;
import io.numfuse.ir.Node;
import io.numfuse.ir.Op;
import io.numfuse.ir.View;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The disk cache of program binaries: reused by a fresh device, a corrupt entry rebuilt, the
 * directory made owner-only and refused when others can write it, the size capped (least
 * recently used first), and a failed write leaves nothing behind.
 */
class OpenClProgramCacheTest {
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
        ProgramCacheDirectory.diskFullForTests = false;
        restore.close();
        assertEquals(livePrograms, OpenClProgramCache.livePrograms.get(), "every cl_program made was released");
    }

    static Node graph(double scale) {
        Buffer b = Buffer.allocate(DType.FLOAT32, 64);
        for (int i = 0; i < 64; i++) b.setDouble(i, i);
        return Graph.binary(Op.ARCTAN2, Graph.unary(Op.COSH, Graph.leaf(View.contiguous(b, 64))), Graph.weak(scale));
    }

    /** {@code a + a + ... + a} (k + 1 terms): a program per k (constants are arguments, so {@code a + k} would share one). */
    static Node plus(long k) {
        Node a = input(), n = a;
        for (long i = 0; i < k; i++) n = Graph.binary(Op.ADD, n, a);
        return n;
    }

    @Test
    void binariesAreReusedAndCorruptEntriesRebuilt() throws Exception {
        int compiled = OpenClProgramCache.compiled.get(), loaded = OpenClProgramCache.loaded.get();
        double[] want = onAFreshDevice(graph(2.0));
        assertEquals(compiled + 1, OpenClProgramCache.compiled.get());
        List<Path> entries = List.copyOf(entries(cache));
        assertEquals(1, entries.size(), "one entry written");
        assertEquals(PosixFilePermissions.fromString("rwx------"), Files.getPosixFilePermissions(cache), "made owner-only");
        assertEquals(PosixFilePermissions.fromString("rwx------"), Files.getPosixFilePermissions(cache.getParent()), "made owner-only");
        assertArrayEquals(want, onAFreshDevice(graph(2.0)));
        assertEquals(loaded + 1, OpenClProgramCache.loaded.get(), "loaded from disk");
        // corrupt it: flip bytes in the middle of the binary
        byte[] bytes = Files.readAllBytes(entries.get(0));
        for (int i = bytes.length / 2; i < bytes.length / 2 + 16; i++) bytes[i] ^= 0x5a;
        Files.write(entries.get(0), bytes);
        int rejected = OpenClProgramCache.rejected.get();
        assertArrayEquals(want, onAFreshDevice(graph(2.0)));
        assertEquals(rejected + 1, OpenClProgramCache.rejected.get(), "the corrupt entry was refused");
        // truncated
        Files.write(entries.get(0), new byte[] { 1, 2, 3 });
        assertArrayEquals(want, onAFreshDevice(graph(2.0)));
        assertEquals(rejected + 2, OpenClProgramCache.rejected.get());
        assertTrue(Files.size(entries.get(0)) > 100, "rewritten");
    }

    @Test
    void poclsProgramsAreLeftToItsOwnCacheUnlessAskedFor() throws Exception {
        OpenClDevice d = OpenClTests.first().deviceForTests();
        System.clearProperty(OpenClProgramCache.CACHE_POCL_PROPERTY);
        boolean pocl = d.platformName.contains(OpenClProgramCache.POCL) && !"0".equals(System.getenv("POCL_KERNEL_CACHE"));
        assertEquals(pocl, OpenClProgramCache.keepsItsOwn(d));
        int compiled = OpenClProgramCache.compiled.get(), loaded = OpenClProgramCache.loaded.get();
        double[] want = expected(graph(3.0));
        assertArrayEquals(want, onAFreshDevice(graph(3.0)));
        assertEquals(compiled + 1, OpenClProgramCache.compiled.get());
        assertEquals(pocl ? 0 : 1, entries(cache).size(), pocl ? "PoCL keeps the program itself" : "another driver's program is kept here");
        // an entry written when asked for (by an earlier process) is still loaded
        System.setProperty(OpenClProgramCache.CACHE_POCL_PROPERTY, "true");
        assertFalse(OpenClProgramCache.keepsItsOwn(d));
        assertArrayEquals(want, onAFreshDevice(graph(3.0)));
        assertEquals(1, entries(cache).size());
        System.clearProperty(OpenClProgramCache.CACHE_POCL_PROPERTY);
        assertArrayEquals(want, onAFreshDevice(graph(3.0)));
        assertEquals(loaded + (pocl ? 1 : 2), OpenClProgramCache.loaded.get(), "loaded from disk");
    }

    @Test
    void keysDependOnSourceOptionsAndDevice() {
        OpenClDevice d = OpenClTests.first().deviceForTests();
        String a = OpenClProgramCache.key(d, "kernel void f() {}", "");
        assertEquals(a, OpenClProgramCache.key(d, "kernel void f() {}", ""));
        assertNotEquals(a, OpenClProgramCache.key(d, "kernel void g() {}", ""));
        assertNotEquals(a, OpenClProgramCache.key(d, "kernel void f() {}", "-cl-fp32-correctly-rounded-divide-sqrt"));
    }

    @Test
    void loadingAnEntryRecordsItsUse() throws Exception {
        onAFreshDevice(plusOne());
        Path e = entries(cache).iterator().next();
        Files.setLastModifiedTime(e, FileTime.from(Instant.parse("2001-01-01T00:00:00Z")));
        onAFreshDevice(plusOne());
        assertTrue(Files.getLastModifiedTime(e).toInstant().isAfter(Instant.now().minusSeconds(600)), "touched when loaded");
    }

    @Test
    void theCacheKeepsToItsCapDroppingTheLeastRecentlyUsed() throws Exception {
        Path first = entryOf(plus(1)), second = entryOf(plus(2)), third = entryOf(plus(3));
        // PoCL's binaries differ in size (here 63-158 KB), so each cap is made from the sizes
        long firstBytes = Files.size(first), secondBytes = Files.size(second), thirdBytes = Files.size(third);
        Files.delete(third);
        Files.setLastModifiedTime(first, FileTime.from(Instant.now().minusSeconds(3600)));
        Files.setLastModifiedTime(second, FileTime.from(Instant.now().minusSeconds(1800)));
        onAFreshDevice(plus(1));   // a use of the first: now the second is the least recently used
        // room for the first and third, not for all three: storing the third drops the second
        System.setProperty(OpenClProgramCache.CAP_PROPERTY, Long.toString(firstBytes + thirdBytes + secondBytes / 2));
        onAFreshDevice(plus(3));
        assertEquals(Set.of(first, third), entries(cache), "the least recently used entry went");
        // room for the second and third, not for all three: storing the second again drops the first
        System.setProperty(OpenClProgramCache.CAP_PROPERTY, Long.toString(secondBytes + thirdBytes + firstBytes / 2));
        assertArrayEquals(expected(plus(2)), onAFreshDevice(plus(2)), "a dropped entry is rebuilt");
        assertEquals(Set.of(second, third), entries(cache), "and the first went in its turn");
    }

    /** Runs {@code n} once so that its entry is written; returns the entry. */
    private Path entryOf(Node n) throws Exception {
        Set<Path> before = entries(cache);
        onAFreshDevice(n);
        Set<Path> after = entries(cache);
        after.removeAll(before);
        assertEquals(1, after.size(), "one new entry");
        return after.iterator().next();
    }

    @Test
    void aDirectoryOthersCanWriteIsRefusedWithOneWarning() throws Exception {
        Files.createDirectories(cache);
        Files.setPosixFilePermissions(cache, PosixFilePermissions.fromString("rwxrwx---"));
        int compiled = OpenClProgramCache.compiled.get(), loaded = OpenClProgramCache.loaded.get();
        String err = stderrOf(() -> {
            for (int i = 0; i < 3; i++) assertArrayEquals(expected(graph(3.0)), onAFreshDevice(graph(3.0)), "run " + i);
        });
        assertEquals(1, warnings(err), "one warning:\n" + err);
        assertTrue(err.contains(cache.toString()) && err.contains("can be written by other users"), err);
        assertEquals(compiled + 3, OpenClProgramCache.compiled.get(), "run uncached");
        assertEquals(loaded, OpenClProgramCache.loaded.get());
        try (var s = Files.list(cache)) { assertEquals(List.of(), s.toList(), "nothing written there"); }
    }

    @Test
    void aParentOthersCanWriteIsRefused() throws Exception {
        Files.createDirectories(cache);
        Files.setPosixFilePermissions(cache.getParent(), PosixFilePermissions.fromString("rwxrwxrwx"));
        String err = stderrOf(() -> assertArrayEquals(expected(graph(4.0)), onAFreshDevice(graph(4.0))));
        assertEquals(1, warnings(err), err);
        assertTrue(err.contains(cache.getParent() + " can be written by other users"), err);
        assertEquals(Set.of(), entries(cache));
    }

    @Test
    void aFullDiskLeavesNoEntryNoTemporaryFileAndOneWarning() throws Exception {
        onAFreshDevice(plus(7));   // an entry that must survive the failed writes untouched
        Path kept = entries(cache).iterator().next();
        byte[] keptBytes = Files.readAllBytes(kept);
        ProgramCacheDirectory.diskFullForTests = true;
        String err = stderrOf(() -> {
            for (int i = 0; i < 3; i++) assertArrayEquals(expected(plus(8 + i)), onAFreshDevice(plus(8 + i)));
        });
        ProgramCacheDirectory.diskFullForTests = false;
        assertEquals(1, warnings(err), "one warning:\n" + err);
        assertTrue(err.contains("No space left on device"), err);
        try (var s = Files.list(cache)) { assertEquals(List.of(kept), s.toList(), "no partial entry, no temporary file"); }
        assertArrayEquals(keptBytes, Files.readAllBytes(kept));
        int loaded = OpenClProgramCache.loaded.get();
        assertArrayEquals(expected(plus(8)), onAFreshDevice(plus(8)));
        assertArrayEquals(expected(plus(8)), onAFreshDevice(plus(8)));
        assertEquals(loaded + 1, OpenClProgramCache.loaded.get(), "written once the disk has room");
    }

    @Test
    void aCapOfZeroTurnsTheDiskCacheOff() throws Exception {
        System.setProperty(OpenClProgramCache.CAP_PROPERTY, "0");
        assertArrayEquals(expected(plus(20)), onAFreshDevice(plus(20)));
        assertFalse(Files.exists(cache), "not even created");
    }

    @Test
    void capsAreBytesOrKMG() throws Exception {
        System.setProperty(OpenClProgramCache.CAP_PROPERTY, "1000");
        assertEquals(1000, OpenClProgramCache.capBytes());
        System.setProperty(OpenClProgramCache.CAP_PROPERTY, "64m");
        assertEquals(64L << 20, OpenClProgramCache.capBytes());
        System.setProperty(OpenClProgramCache.CAP_PROPERTY, "2G");
        assertEquals(2L << 30, OpenClProgramCache.capBytes());
        String err = stderrOf(() -> {
            for (String bad : new String[] { "64MB", "-1", "M", "lots" }) {
                System.setProperty(OpenClProgramCache.CAP_PROPERTY, bad);
                assertEquals(OpenClProgramCache.DEFAULT_CAP_BYTES, OpenClProgramCache.capBytes(), bad + ": the default");
            }
        });
        assertTrue(warnings(err) <= 1, "one warning at most (per process):\n" + err);
    }

    @Test
    void threadsSharingACacheEachGetTheirResult() throws Exception {
        var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            var results = new java.util.ArrayList<java.util.concurrent.Future<double[]>>();
            for (int i = 0; i < 8; i++) {
                long k = 30 + i % 3;
                results.add(pool.submit(() -> onAFreshDevice(plus(k))));
            }
            for (int i = 0; i < 8; i++) assertArrayEquals(expected(plus(30 + i % 3)), results.get(i).get(), "task " + i);
        } finally {
            pool.shutdown();
        }
        assertEquals(3, entries(cache).size());
        try (var s = Files.list(cache)) { assertEquals(3, s.count(), "no temporary file left"); }
    }
}
