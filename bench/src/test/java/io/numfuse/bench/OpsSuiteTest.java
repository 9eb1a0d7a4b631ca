package io.numfuse.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * {@code numfuse bench ops}: issue 16's operations (cumsum, a mask, take, argmax, concatenate) each
 * next to its hand-written loop, every numfuse row checked against the loop's values (a bench run
 * that computes a wrong value exits 1).
 */
class OpsSuiteTest {
    @Test
    void everyOperationRunsNextToItsLoopAndAgreesWithIt() {
        for (String dtype : new String[] { "f32", "f64" }) {
            CliTest.Result r = CliTest.run("bench", "ops", "--size", "300000", "--dtype", dtype, "--repeats", "2", "--warmup", "20");
            assertEquals(0, r.status(), r.err());
            for (String c : new String[] { "cumsum(a)", "a[a > 0.5]", "take(a, p)", "argmax(a)", OpsSuite.CONCAT }) {
                assertTrue(r.out().lines().anyMatch(l -> l.startsWith(c + "  (n=300000")), c + " in: " + r.out());
            }
            assertTrue(r.out().contains("baseline:java-loop"), r.out());
            assertTrue(r.out().contains("baseline:zeros+assign@jvm"), r.out());   // concatenate as numfuse did it before its parts kernel
            assertTrue(!r.err().contains("differs"), r.err());
        }
    }

    /** --cases picks the ops suite's cases by name. */
    @Test
    void casesPicksCasesByName() {
        CliTest.Result r = CliTest.run("bench", "ops", "--cases", "concatenate", "--size", "1000", "--repeats", "2", "--warmup", "5");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains(OpsSuite.CONCAT + "  (n=1000"), r.out());
        assertTrue(!r.out().contains("cumsum(a)  (n="), r.out());
        assertEquals(2, CliTest.run("bench", "ops", "--cases", "no-such-case", "--size", "1000").status());   // a usage error
    }

    /** The hand loops split across threads (n past Par's threshold) and give the sequential loops' values. */
    @Test
    void theHandLoopsGiveTheSequentialLoopsValuesAcrossThreads() {
        int n = 200_003;
        java.util.SplittableRandom r = new java.util.SplittableRandom(3);
        double[] a = new double[n];
        for (int i = 0; i < n; i++) a[i] = r.nextInt(4) / 4.0;   // exact sums; runs of unselected values at part ends
        java.util.List<Double> kept = new java.util.ArrayList<>();
        for (double v : a) if (v > 0.5) kept.add(v);
        double[] got = (double[]) OpsSuite.compact(a, n).trimmed();
        assertEquals(kept.size(), got.length);
        for (int i = 0; i < got.length; i++) assertEquals(kept.get(i), got[i], "element " + i);
        double[] sums = new double[n];
        OpsSuite.runningSum(a, sums, n);
        double s = 0;
        for (int i = 0; i < n; i++) assertEquals(s += a[i], sums[i], "running sum " + i);
        int[] p = OpsSuite.permutation(1000);
        boolean[] seen = new boolean[1000];
        for (int i : p) seen[i] = true;
        for (boolean b : seen) assertTrue(b, "a permutation");
    }
}
