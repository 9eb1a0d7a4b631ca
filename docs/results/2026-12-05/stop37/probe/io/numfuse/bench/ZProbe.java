package io.numfuse.bench;

import java.util.List;
import java.util.function.Function;

/**
 * The selection suite's cases, measured as the bench measures them (Measure, 11 rounds), with
 * auto's counters before and after each case (kept decisions reused, the model's version,
 * lessons, moves, weighings) and auto's median over the JVM row's. Argument: a substring of the
 * case names to print (all cases run).
 */
public class ZProbe {
    public static void main(String[] a) {
        String show = a.length > 0 ? a[0] : "";
        List<String> targets = SelectionSuite.defaultTargets();
        AutoProfiles.ensure(new java.io.PrintWriter(System.err, true));
        List<Function<Void, List<Row>>> plan = SelectionSuite.plan(targets, Integer.MAX_VALUE, null, System.getProperty("host") != null ? Residency.HOST : null, null);
        Measure.Settings s = new Measure.Settings(11, 200_000_000L, BenchCommand.MIN_SAMPLE_NANOS);
        for (var g : plan) {
            List<Row> rows = g.apply(null);
            if (rows.isEmpty()) continue;
            String before = io.numfuse.runtime.PeekCounters.now();
            long t0 = System.nanoTime();
            Measure.measure(rows, s, null);
            Row jvm = rows.stream().filter(r -> r.target.equals("jvm") && r.mode == null).findFirst().orElseThrow();
            Row auto = rows.stream().filter(r -> r.target.startsWith("auto")).findFirst().orElseThrow();
            Row first = rows.get(0);
            if (first.caseName.contains(show)) {
                System.out.printf("%s n=%d %s %s: auto/jvm %.2f (%.1f us vs %.1f us), auto batch %d, %.1f s%n   before %s%n   after  %s%n", first.caseName, first.n, first.dtype, first.residency,
                        median(auto.samples) / median(jvm.samples), median(auto.samples) * 1e6, median(jvm.samples) * 1e6, auto.batch, (System.nanoTime() - t0) / 1e9, before, io.numfuse.runtime.PeekCounters.now());
            }
            System.gc();
        }
    }

    static double median(double[] x) {
        double[] c = x.clone();
        java.util.Arrays.sort(c);
        return c[c.length / 2];
    }
}
