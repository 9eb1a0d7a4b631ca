package io.numfuse.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * {@code numfuse bench matmul}: a @ b on jvm and every OpenCL device next to the blocked Java loop,
 * in GFLOP/s, every numfuse row checked against the loop's product (a wrong product exits 1).
 */
class MatmulSuiteTest {
    @Test
    void everyTargetRunsNextToTheBlockedLoopAndAgreesWithIt() {
        for (String dtype : new String[] { "f32", "f64" }) {
            CliTest.Result r = CliTest.run("bench", "matmul", "--size", "130", "--dtype", dtype, "--repeats", "2", "--warmup", "20");
            assertEquals(0, r.status(), r.err());
            assertTrue(r.out().lines().anyMatch(l -> l.startsWith("a @ b  (n=130")), r.out());
            assertTrue(r.out().contains("baseline:java-loop"), r.out());
            assertTrue(r.out().lines().anyMatch(l -> l.trim().startsWith("target") && l.trim().endsWith("GFLOP/s")), r.out());
            assertTrue(r.out().lines().anyMatch(l -> l.trim().startsWith("jvm") && l.trim().matches(".* [0-9]+\\.[0-9]$")), r.out());
            assertTrue(!r.err().contains("differs"), r.err());
        }
    }

    /** The blocked loop (rows across threads, blocks past the side's edges) gives the triple loop's product. */
    @Test
    void theBlockedLoopIsTheTripleLoop() {
        int n = 600;   // past both blocks, not a multiple of either
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(5);
        double[] a = new double[n * n], b = new double[n * n], c = new double[n * n], want = new double[n * n];
        for (int i = 0; i < n * n; i++) { a[i] = rnd.nextInt(-4, 5); b[i] = rnd.nextInt(-4, 5); }   // exact sums
        for (int i = 0; i < n; i++) for (int k = 0; k < n; k++) for (int j = 0; j < n; j++) want[i * n + j] += a[i * n + k] * b[k * n + j];
        MatmulSuite.blocked(a, b, c, n);
        assertArrayEquals(want, c);
    }
}
