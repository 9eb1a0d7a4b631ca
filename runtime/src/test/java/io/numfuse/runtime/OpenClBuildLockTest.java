package io.numfuse.runtime;

import static io.numfuse.runtime.ProgramCacheTests.*;
import static org.junit.jupiter.api.Assertions.*;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * One process at a time builds a program of a lock (PoCL crashed, or gave a binary it could not
 * load again, when two processes built the same program at once): a build waits while another
 * process holds the build locks of the cache directory, and goes on once they are free.
 */
class OpenClBuildLockTest {
    @TempDir Path home;
    Path cache;
    AutoCloseable restore;

    @BeforeEach
    void pointTheCacheHere() {
        OpenClTests.first();
        cache = home.resolve("numfuse").resolve("opencl");
        restore = cacheIn(cache);
    }

    @AfterEach
    void restore() throws Exception { restore.close(); }

    /** A program that locks every build lock of a directory, says so, and holds them for a while. */
    private static final String HOLDER = """
            import java.nio.channels.FileChannel;
            import java.nio.file.*;
            public class Holder {
                public static void main(String[] a) throws Exception {
                    java.util.List<Object> held = new java.util.ArrayList<>();
                    for (int i = 0; i < 256; i++) {
                        FileChannel ch = FileChannel.open(Path.of(a[0]).resolve(String.format("build-%02x.lock", i)),
                                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                        held.add(ch.lock());
                    }
                    System.out.println("held");
                    System.out.flush();
                    Thread.sleep(Long.parseLong(a[1]));
                }
            }
            """;

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aBuildWaitsForAnotherProcessHoldingItsLock() throws Exception {
        assertArrayEquals(expected(OpenClProgramCacheTest.plus(1)), onAFreshDevice(OpenClProgramCacheTest.plus(1)));   // the directory exists
        Path source = home.resolve("Holder.java");
        Files.writeString(source, HOLDER);
        long holdMillis = 2_000;
        Process holder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), source.toString(),
                OpenClProgramCache.buildLocks(cache).toString(), Long.toString(holdMillis)).redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8))) {
            assertEquals("held", out.readLine(), "the other process holds the locks");
            long t0 = System.nanoTime();
            assertArrayEquals(expected(OpenClProgramCacheTest.plus(43)), onAFreshDevice(OpenClProgramCacheTest.plus(43)));
            double waited = (System.nanoTime() - t0) / 1e9;
            assertTrue(waited > 0.5 * holdMillis / 1e3, "the build waited for the other process: " + waited + " s");
        }
        assertTrue(holder.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, holder.exitValue());
    }
}
