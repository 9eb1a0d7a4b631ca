package io.numfuse.runtime;

import static org.junit.jupiter.api.Assertions.*;

import io.numfuse.ir.Buffer;
import io.numfuse.ir.DType;
import io.numfuse.ir.Graph;
import io.numfuse.ir.Node;
import io.numfuse.ir.Op;
import io.numfuse.ir.View;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The disk cache of program binaries: reused by a fresh device, and a corrupt entry is rebuilt, not trusted. */
class OpenClProgramCacheTest {
    @TempDir Path dir;

    static Node graph(double scale) {
        Buffer b = Buffer.allocate(DType.FLOAT32, 64);
        for (int i = 0; i < 64; i++) b.setDouble(i, i);
        // an op mix no other test uses, so that the program is new to this JVM
        return Graph.binary(Op.ARCTAN2, Graph.unary(Op.COSH, Graph.leaf(View.contiguous(b, 64))), Graph.weak(scale));
    }

    static double[] run(OpenClDevice device, Node n) {
        OpenClTarget t = new OpenClTarget(device);
        View v = Executor.evaluate(n, null, t);
        assertEquals(0, t.fallbackCount());
        return OpenClTests.doubles(v);
    }

    @Test
    void binariesAreReusedAndCorruptEntriesRebuilt() throws Exception {
        OpenClTarget any = OpenClTests.first();
        Path saved = OpenClProgramCache.directory;
        OpenClProgramCache.directory = dir;
        try {
            OpenClDevice d = any.deviceForTests();
            // fresh devices (and so fresh in-memory caches) over the same native device
            int compiled = OpenClProgramCache.compiled.get(), loaded = OpenClProgramCache.loaded.get();
            double[] want = run(new OpenClDevice(d.index, d.platform, d.platformName, d.id), graph(2.0));
            assertEquals(compiled + 1, OpenClProgramCache.compiled.get());
            List<Path> entries;
            try (var s = Files.list(dir)) { entries = s.filter(p -> p.toString().endsWith(".bin")).toList(); }
            assertEquals(1, entries.size(), "one entry written");
            assertArrayEquals(want, run(new OpenClDevice(d.index, d.platform, d.platformName, d.id), graph(2.0)));
            assertEquals(loaded + 1, OpenClProgramCache.loaded.get(), "loaded from disk");
            // corrupt it: flip bytes in the middle of the binary
            byte[] bytes = Files.readAllBytes(entries.get(0));
            for (int i = bytes.length / 2; i < bytes.length / 2 + 16; i++) bytes[i] ^= 0x5a;
            Files.write(entries.get(0), bytes);
            int rejected = OpenClProgramCache.rejected.get();
            assertArrayEquals(want, run(new OpenClDevice(d.index, d.platform, d.platformName, d.id), graph(2.0)));
            assertEquals(rejected + 1, OpenClProgramCache.rejected.get(), "the corrupt entry was rejected");
            // truncated
            Files.write(entries.get(0), new byte[] { 1, 2, 3 });
            assertArrayEquals(want, run(new OpenClDevice(d.index, d.platform, d.platformName, d.id), graph(2.0)));
            assertEquals(rejected + 2, OpenClProgramCache.rejected.get());
            assertTrue(Files.size(entries.get(0)) > 100, "rewritten");
        } finally {
            OpenClProgramCache.directory = saved;
        }
    }

    @Test
    void keysDependOnSourceOptionsAndDevice() {
        OpenClDevice d = OpenClTests.first().deviceForTests();
        String a = OpenClProgramCache.key(d, "kernel void f() {}", "");
        assertEquals(a, OpenClProgramCache.key(d, "kernel void f() {}", ""));
        assertNotEquals(a, OpenClProgramCache.key(d, "kernel void g() {}", ""));
        assertNotEquals(a, OpenClProgramCache.key(d, "kernel void f() {}", "-cl-fp32-correctly-rounded-divide-sqrt"));
    }
}
