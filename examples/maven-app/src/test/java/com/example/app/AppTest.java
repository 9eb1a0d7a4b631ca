package com.example.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.numfuse.Num;
import org.junit.jupiter.api.Test;

/** The application's numbers, on the JVM target and on auto (which may pick an OpenCL device). */
class AppTest {
    @Test
    void theFusedSumIsExact() {
        int n = 1 << 20;
        double expected = (double) n * (n - 1) / 2 + n;
        assertEquals(expected, Num.on("jvm", () -> App.fusedSum(n)));
        assertEquals(expected, Num.on("auto", () -> App.fusedSum(n)));
    }
}
