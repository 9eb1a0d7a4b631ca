package io.numfuse.runtime;

import static org.junit.jupiter.api.Assertions.*;

import org.jocl.cl_program;
import org.junit.jupiter.api.Test;

/**
 * The device compiler says nothing about a program that builds: PoCL printed its warnings
 * ("7 warnings generated.") on the user's stderr under a plain {@code numfuse eval}, so every
 * program is built with {@code -w}. Its build log, where the warnings also go, is the check.
 */
class OpenClBuildOptionsTest {
    @Test
    void aProgramThatWarnsBuildsWithoutAWarning() {
        OpenClDevice d = OpenClTests.first().deviceForTests();
        assertTrue((" " + d.buildOptions() + " ").contains(" -w "), d.buildOptions());
        cl_program p = OpenClProgramCache.compile(d, "#warning numfuse-test-warning\n__kernel void f(__global int *o) { o[0] = 1; }\n",
                d.buildOptions());
        try {
            String log = d.buildLog(p);
            assertFalse(log.contains("numfuse-test-warning") || log.contains("warning"), "build log: " + log);
        } finally {
            OpenClProgramCache.release(p);
        }
    }

    @Test
    void theCacheKeyDependsOnTheWarningOption() {
        OpenClDevice d = OpenClTests.first().deviceForTests();
        assertNotEquals(OpenClProgramCache.key(d, "kernel void f() {}", ""), OpenClProgramCache.key(d, "kernel void f() {}", "-w"),
                "binaries built before -w are not taken for ones built with it");
    }
}
