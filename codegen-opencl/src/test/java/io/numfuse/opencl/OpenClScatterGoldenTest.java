package io.numfuse.opencl;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * {@link OpenClScatter}'s programs (mask compaction and put, per element size) against committed
 * golden files, as {@link OpenClGoldenTest}: {@code NUMFUSE_UPDATE_GOLDEN=1} rewrites them.
 */
class OpenClScatterGoldenTest {
    @Test
    void sourcesMatchGoldenFiles() throws IOException {
        boolean update = "1".equals(System.getenv("NUMFUSE_UPDATE_GOLDEN"));
        for (int bytes : new int[] { 1, 4, 8 }) {
            String src = OpenClScatter.source(bytes);
            Path file = OpenClGoldenTest.DIR.resolve("scatter_" + bytes + "byte.cl");
            if (update) {
                Files.createDirectories(OpenClGoldenTest.DIR);
                Files.writeString(file, src);
                continue;
            }
            assertTrue(Files.exists(file), "no golden file " + file + " (run with NUMFUSE_UPDATE_GOLDEN=1)");
            assertEquals(Files.readString(file), src, "scatter_" + bytes + "byte: rendered source differs from " + file);
        }
    }

    @Test
    void onlyElementSizesOfNumfuseDtypes() {
        assertThrows(IllegalArgumentException.class, () -> OpenClScatter.source(2));
    }
}
