package io.numfuse.runtime;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Why PoCL may list no device: its kernel cache directory, when it cannot be made, is named (it was "platforms were found but no device" alone). */
class OpenClPlatformTest {
    @TempDir Path tmp;

    @Test
    void aCacheDirectoryUnderAFileIsNamed() throws Exception {
        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        String hint = OpenClPlatform.poclCacheHint(Map.of("XDG_CACHE_HOME", file.toString(), "HOME", tmp.toString()));
        assertTrue(hint.contains(file.resolve("pocl").toString()) && hint.contains(file + " is not a directory"), hint);
    }

    @Test
    void pocLsOwnVariableComesFirst() throws Exception {
        Path file = Files.writeString(tmp.resolve("cache-file"), "x");
        String hint = OpenClPlatform.poclCacheHint(Map.of("POCL_CACHE_DIR", file.toString(), "XDG_CACHE_HOME", tmp.toString()));
        assertTrue(hint.contains(file + " is not a directory"), hint);
    }

    @Test
    void aDirectoryThatCanBeMadeGivesNoHint() {
        assertEquals("", OpenClPlatform.poclCacheHint(Map.of("XDG_CACHE_HOME", tmp.resolve("not/yet/made").toString())));
        assertEquals("", OpenClPlatform.poclCacheHint(Map.of("HOME", tmp.toString())));
    }
}
