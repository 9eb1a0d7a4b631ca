package io.numfuse.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.numfuse.ir.Buffer;
import io.numfuse.core.DType;
import io.numfuse.ir.Graph;
import io.numfuse.ir.Node;
import io.numfuse.ir.Op;
import io.numfuse.ir.View;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/** Shared by the program cache tests: a cache directory of their own, fresh devices, the entries on disk. */
final class ProgramCacheTests {
    private ProgramCacheTests() {}

    /** Points the disk cache at {@code dir} (its system property) until closed; restores the cap too. */
    static AutoCloseable cacheIn(Path dir) {
        String savedDir = System.getProperty(OpenClProgramCache.DIRECTORY_PROPERTY), savedCap = System.getProperty(OpenClProgramCache.CAP_PROPERTY),
                savedPocl = System.getProperty(OpenClProgramCache.CACHE_POCL_PROPERTY);
        System.setProperty(OpenClProgramCache.DIRECTORY_PROPERTY, dir.toString());
        // the cache's own rules are tested on whichever driver there is (PoCL's programs are not kept by default)
        System.setProperty(OpenClProgramCache.CACHE_POCL_PROPERTY, "true");
        return () -> {
            restore(OpenClProgramCache.DIRECTORY_PROPERTY, savedDir);
            restore(OpenClProgramCache.CAP_PROPERTY, savedCap);
            restore(OpenClProgramCache.CACHE_POCL_PROPERTY, savedPocl);
        };
    }

    private static void restore(String property, String value) {
        if (value == null) System.clearProperty(property);
        else System.setProperty(property, value);
    }

    static Node input() {
        Buffer b = Buffer.allocate(DType.FLOAT64, 64);
        for (int i = 0; i < 64; i++) b.setDouble(i, i * 0.5 + 0.25);
        return Graph.leaf(View.contiguous(b, 64));
    }

    /** {@code a + 1} and {@code a * 1}: the same kernel name and arguments, different results. */
    static Node plusOne() { return Graph.binary(Op.ADD, input(), Graph.weak(1.0)); }

    static Node timesOne() { return Graph.binary(Op.MUL, input(), Graph.weak(1.0)); }

    /** The result on a fresh device over the first native one (an empty in-memory cache, so the disk is asked); its programs are released after. */
    static double[] onAFreshDevice(Node n) {
        OpenClProgramCache.awaitStores();   // the binaries built so far are on disk
        OpenClDevice d = OpenClTests.first().deviceForTests();
        OpenClDevice fresh = new OpenClDevice(d.index, d.platform, d.platformName, d.id);
        OpenClTarget t = new OpenClTarget(fresh);
        try {
            double[] r = OpenClTests.doubles(Executor.evaluate(n, null, t));
            assertEquals(0, t.fallbackCount(), "ran on the device");
            OpenClProgramCache.awaitStores();   // and what it built is on disk (a test then changes the files)
            return r;
        } finally {
            fresh.dropPrograms();
        }
    }

    static double[] expected(Node n) { return OpenClTests.doubles(Executor.evaluate(n, null, InterpreterTarget.INSTANCE)); }

    /** The files named as entries in {@code dir}. */
    static Set<Path> entries(Path dir) throws Exception {
        OpenClProgramCache.awaitStores();
        if (!Files.isDirectory(dir)) return Set.of();
        try (var s = Files.list(dir)) { return new HashSet<>(s.filter(p -> p.toString().endsWith(".bin")).toList()); }
    }

    /** What {@code r} printed on stderr. */
    static String stderrOf(ThrowingRunnable r) throws Exception {
        PrintStream saved = System.err;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setErr(new PrintStream(bytes, true));
        try {
            r.run();
            OpenClProgramCache.awaitStores();   // a binary's write warns from the thread that writes it
        } finally {
            System.setErr(saved);
        }
        return bytes.toString();
    }

    interface ThrowingRunnable { void run() throws Exception; }

    static int warnings(String stderr) { return stderr.split("numfuse: warning:", -1).length - 1; }
}
