package com.example.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.numfuse.Num;
import org.junit.jupiter.api.Test;

/**
 * The application's numbers, on the JVM target and on auto (which may pick an OpenCL device).
 * Surefire runs this test on the module path (the application has a module descriptor); the
 * exec plugin runs the application on the class path.
 */
class AppTest {
    @Test
    void runsOnTheModulePath() {
        assertTrue(AppTest.class.getModule().isNamed(), "the test is in module com.example.app");
        assertEquals("io.numfuse", Num.class.getModule().getName());
    }

    @Test
    void theFusedSumIsExact() {
        int n = 1 << 20;
        double expected = (double) n * (n - 1) / 2 + n;
        assertEquals(expected, Num.on("jvm", () -> App.fusedSum(n)));
        assertEquals(expected, Num.on("auto", () -> App.fusedSum(n)));
    }
}
