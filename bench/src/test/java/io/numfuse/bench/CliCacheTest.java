package io.numfuse.bench;

import static org.junit.jupiter.api.Assertions.*;

import io.numfuse.core.DType;
import io.numfuse.npy.Npy;
import io.numfuse.npy.NpyArray;
import io.numfuse.runtime.Targets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code numfuse cache [--clear] [--json]} over a cache directory of the test's own (never the user's). */
class CliCacheTest {
    @TempDir Path home;
    Path cache;
    String savedDir, savedCap;

    @BeforeEach
    void pointTheCacheHere() throws Exception {
        savedDir = System.getProperty("numfuse.opencl.cacheDir");
        savedCap = System.getProperty("numfuse.opencl.cacheBytes");
        cache = home.resolve("numfuse").resolve("opencl");
        Files.createDirectories(cache, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        System.setProperty("numfuse.opencl.cacheDir", cache.toString());
    }

    @AfterEach
    void restore() {
        restore("numfuse.opencl.cacheDir", savedDir);
        restore("numfuse.opencl.cacheBytes", savedCap);
        System.clearProperty("numfuse.opencl.cachePocl");
    }

    private static void restore(String property, String value) {
        if (value == null) System.clearProperty(property);
        else System.setProperty(property, value);
    }

    /** A file named as an entry (a 64-digit key and .bin) of {@code bytes} bytes. */
    Path entry(char digit, int bytes) throws Exception {
        return Files.write(cache.resolve(String.valueOf(digit).repeat(64) + ".bin"), new byte[bytes]);
    }

    @Test
    void cacheShowsTheDirectoryEntriesSizeCapAndUse() throws Exception {
        entry('a', 1000);
        entry('b', 2048);
        Files.writeString(cache.resolve("notes.txt"), "not an entry");
        CliTest.Result r = CliTest.run("cache");
        assertEquals(0, r.status(), r.err());
        assertEquals("", r.err());
        assertTrue(r.out().contains("directory  " + cache + "\n"), r.out());
        assertTrue(r.out().contains("entries    2 (3.0 KiB)\n"), r.out());
        assertTrue(r.out().contains("cap        256.0 MiB"), r.out());
        assertTrue(r.out().contains("in use     yes\n"), r.out());
        @SuppressWarnings("unchecked")
        Map<String, Object> j = (Map<String, Object>) TestJson.parse(CliTest.run("cache", "--json").out().strip());
        assertEquals(cache.toString(), j.get("directory"));
        assertEquals(2, ((Number) j.get("entries")).intValue());
        assertEquals(3048, ((Number) j.get("bytes")).longValue());
        assertEquals(256L << 20, ((Number) j.get("cap_bytes")).longValue());
        assertEquals(Boolean.TRUE, j.get("in_use"));
    }

    @Test
    void clearRemovesTheEntriesAndNothingElse() throws Exception {
        entry('a', 1000);
        entry('b', 1000);
        Files.writeString(cache.resolve("notes.txt"), "not an entry");
        Files.createDirectory(cache.resolve("c".repeat(64) + ".bin"));
        CliTest.Result r = CliTest.run("cache", "--clear");
        assertEquals(0, r.status(), r.err());
        assertEquals("removed 2 entries (2.0 KiB) from " + cache + "\n", r.out());
        assertFalse(Files.exists(cache.resolve("a".repeat(64) + ".bin")));
        assertEquals("not an entry", Files.readString(cache.resolve("notes.txt")));
        assertTrue(Files.isDirectory(cache.resolve("c".repeat(64) + ".bin")));
        assertTrue(CliTest.run("cache").out().contains("entries    0 (0 bytes)"));
        @SuppressWarnings("unchecked")
        Map<String, Object> j = (Map<String, Object>) TestJson.parse(CliTest.run("cache", "--clear", "--json").out().strip());
        assertEquals(0, ((Number) j.get("removed_entries")).intValue());
    }

    @Test
    void aDirectoryOthersCanWriteIsShownAsNotInUse() throws Exception {
        Files.setPosixFilePermissions(cache, PosixFilePermissions.fromString("rwxrwxrwx"));
        CliTest.Result r = CliTest.run("cache");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("in use     no: " + cache + " can be written by other users (chmod go-w"), r.out());
        System.setProperty("numfuse.opencl.cacheBytes", "0");
        assertTrue(CliTest.run("cache").out().contains("in use     no: turned off (numfuse.opencl.cacheBytes=0)"));
    }

    @Test
    void aMissingDirectoryIsNotCreatedByLooking() throws Exception {
        Path missing = home.resolve("elsewhere");
        System.setProperty("numfuse.opencl.cacheDir", missing.toString());
        CliTest.Result r = CliTest.run("cache");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("entries    0 (0 bytes)") && r.out().contains("in use     yes"), r.out());
        assertEquals("removed 0 entries (0 bytes) from " + missing + "\n", CliTest.run("cache", "--clear").out());
        assertFalse(Files.exists(missing));
    }

    @Test
    void anOpenClEvaluationFillsTheCacheAndClearEmptiesIt() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeFalse(Targets.openCl().isEmpty(), "no OpenCL device: " + Targets.openClUnavailableReason());
        Path a = home.resolve("a.npy");
        Npy.write(a, new NpyArray(DType.FLOAT64, new int[] { 3 }, new double[] { 1, 2, 3 }));
        boolean pocl = Targets.openCl().getFirst().description().contains("PoCL") && !"0".equals(System.getenv("POCL_KERNEL_CACHE"));
        if (pocl) {   // PoCL's programs are left to its own cache
            CliTest.Result e = CliTest.run("eval", "arctan(a) * sinh(a) - a", "--in", "a=" + a, "--target", "opencl:0");
            assertEquals(0, e.status(), e.err() + e.out());
            io.numfuse.runtime.ProgramCacheInfo.awaitWrites();
            assertTrue(CliTest.run("cache").out().contains("entries    0 ("), CliTest.run("cache").out());
            assertTrue(CliTest.run("cache").out().contains("left to PoCL's own cache"), CliTest.run("cache").out());
        }
        System.setProperty("numfuse.opencl.cachePocl", "true");
        assertTrue(CliTest.run("cache").out().contains("kept here too"), CliTest.run("cache").out());
        // an expression no other test evaluates, so that its program is built (and stored) here
        CliTest.Result e = CliTest.run("eval", "tanh(a / 7) * 3 - a % 5", "--in", "a=" + a, "--target", "opencl:0");
        assertEquals(0, e.status(), e.err() + e.out());
        // the binary is written in the background (a CLI process waits for it as it exits): wait for it here
        long until = System.nanoTime() + 10_000_000_000L;
        while (!CliTest.run("cache").out().contains("entries    1 (") && System.nanoTime() < until) Thread.sleep(20);
        assertTrue(CliTest.run("cache").out().contains("entries    1 ("), CliTest.run("cache").out());
        assertTrue(CliTest.run("cache", "--clear").out().startsWith("removed 1 entry ("));
        assertTrue(CliTest.run("cache").out().contains("entries    0 (0 bytes)"));
    }

    @Test
    void sizesAreReadable() {
        assertEquals("0 bytes", CacheCommand.size(0));
        assertEquals("1023 bytes", CacheCommand.size(1023));
        assertEquals("1.0 KiB", CacheCommand.size(1024));
        assertEquals("55.0 MiB", CacheCommand.size(55L << 20));
        assertEquals("2.5 GiB", CacheCommand.size(5L << 29));
    }
}
