package io.numfuse.bench;

import io.numfuse.NDArray;
import io.numfuse.Num;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code numfuse demo laplace}: the DESIGN.md example — Jacobi iterations of Laplace's equation
 * on a 500x500 float64 grid, 100 iterations — on each target, written plainly ({@code plain}: no
 * scope) and with each step in a {@code Num.scope()} ({@code scope}), next to the hand-written
 * Java loop on the JVM backend's threads, NumPy-style eager evaluation and a raw OpenCL kernel
 * per device; the time per iteration, the exactly rounded sum of the final grid (the same on
 * every row, bit for bit), and the field as a heat map.
 */
final class LaplaceDemo {
    private LaplaceDemo() {}

    static final int SIZE = 500, ITERATIONS = 100;
    /** The exactly rounded sum of the grid after 100 iterations at 500x500. */
    static final double CHECKSUM = 2049.4870261383116;
    /** Issue 14's goals: the JVM within 1.3x of the hand loop per iteration; the best target within 1.2x of its own hand baseline. */
    static final double JVM_GOAL = 1.3, BEST_GOAL = 1.2;

    static void run(DemoRun run) {
        DemoRun.Options o = run.options;
        int n = o.size() != null ? o.size() : SIZE, k = o.iterations() != null ? o.iterations() : ITERATIONS;
        run.prepareAuto();
        List<Row> rows = rows(n, k, run.targets());
        Double expected = n == SIZE && k == ITERATIONS ? CHECKSUM : null;
        DemoRun.Check check = new DemoRun.Check("checksum", v -> DemoCommand.exactSum((double[]) v), LaplaceDemo::show, 0, expected,
                "the exactly rounded sum of the grid at 500x500 after 100 iterations");
        double[][] field = new double[1][];
        // a warm-up of 1 s a row: the plain step's kernels of parts settle in the JIT after some 40 runs of
        // 100 steps (per iteration 1.32x and 1.38x the Java loop after 200 ms, 1.14x after 1 s, 1.18x after 1.5 s)
        run.measure("", rows, run.settings(7, 1000), check, (r, v) -> { if (field[0] == null) field[0] = (double[]) v; });   // every row's is the same
        for (Row r : rows) r.extra.put("seconds_per_iteration", r.median() / k);

        run.header(String.format(Locale.ROOT, "laplace: %dx%d float64 grid, %d Jacobi iterations; dx = dy = 1/(n-1), u[0, j] = 4x(1-x)", n, n, k), rows);
        DemoTable.print(run.table, rows, List.of(DemoTable.labelCol(rows), DemoTable.firstCall("first run"),
                DemoTable.median("per iteration", k), DemoTable.range("min-max", k), DemoTable.fastest(),
                DemoTable.check("checksum", "checksum", LaplaceDemo::show)));
        run.table.printf(Locale.ROOT, "a run: %d iterations from the initial grid, then the grid readable on the host; first run:%n", k);
        run.table.println("the first one (compilation included); per iteration: a run's median / " + k + ".");
        run.table.println("plain: each step written as NumPy code; scope: each step in a Num.scope(), which frees the");
        run.table.println("step's snapshot of u at once (two buffers in all).");
        run.table.println("checksum: the exactly rounded sum of the final grid; every row must equal it bit for bit"
                + (expected != null ? " (" + show(expected) + ")." : "."));
        if (n == SIZE && k == ITERATIONS) goals(run, rows);   // the goals are set at the demo's size
        run.table.flush();

        Row fastest = rows.stream().filter(r -> r.numfuse).min((a, b) -> Double.compare(a.median(), b.median())).orElse(rows.get(0));
        double dx = 1.0 / (n - 1);
        double[] u = field[0];
        String title = String.format(Locale.ROOT, "laplace %dx%d float64, %d iterations \u2014 %s, %s/iteration", n, n, k,
                DemoTable.label(fastest, true), DemoTable.time(fastest.median() / k));
        if (u != null) {
            double max = 0;
            for (double x : u) max = Math.max(max, x);
            double hi = max > 0 ? max : 1;
            // the rows the heat has reached (u above 10^-6 of its largest value), and some: a few iterations spread it only so far
            int reached = 1;
            for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) if (u[i * n + j] > hi * 1e-6) reached = Math.max(reached, i + 1);
            int shownRows = Math.min(n, Math.max(Math.min(n, 8), (int) Math.ceil(reached * 1.2)));
            String yLabel = shownRows < n ? String.format(Locale.ROOT, "y (shown up to %.2f; above, u < 1e-6)", (shownRows - 0.5) * dx) : "y";
            run.chart("laplace.png", f -> DemoCharts.field(f, title, java.util.Arrays.copyOf(u, shownRows * n), shownRows, n, -dx / 2, dx, -dx / 2, dx,
                    "x", yLabel, new DemoCharts.Gradient(0, hi, 0.35), "u", false, 760, shownRows < n / 2 ? 520 : 680));
        }
        Map<String, Double> perIteration = new LinkedHashMap<>();
        for (Row r : rows) perIteration.put(DemoTable.label(r, true), r.median() / k * 1e6);
        run.chart("laplace-times.png", f -> DemoCharts.bars(f, String.format(Locale.ROOT, "laplace %dx%d float64: median time per iteration", n, n),
                perIteration, "\u00b5s per iteration", us -> DemoTable.time(us / 1e6), 820, 120 + 36 * perIteration.size()));
    }

    static String show(Object checksum) { return Double.toString((Double) checksum); }

    /**
     * The rows: numfuse plain and in a scope per target, the Java loop and the eager evaluation
     * (the laplace suite's), and a raw OpenCL kernel per device (the resident suite's); a call is
     * a whole run of {@code iterations} steps from the initial grid, the grid then readable on the host.
     */
    static List<Row> rows(int n, int iterations, List<String> targets) {
        List<Row> rows = new ArrayList<>();
        for (String spec : targets) {
            for (boolean scoped : new boolean[] { false, true }) {
                Row r = new Row("laplace", n, "float64", spec);
                r.numfuse = true;
                r.mode = scoped ? "scope" : "plain";
                NDArray[] u = new NDArray[1];
                r.prepare = c -> { Num.useTarget(spec); u[0] = DemoCommand.laplaceGrid(n); };
                r.call = () -> {
                    for (int k = 0; k < iterations; k++) {
                        if (scoped) DemoCommand.laplaceStep(u[0]); else DemoCommand.jacobi(u[0]);
                    }
                    Residency.readOnHost(u[0]);
                };
                r.value = () -> u[0].toDoubleArray();
                if (n >= 100) {   // numfuse's host code compiled by the JIT before the samples (Measure)
                    NDArray w = DemoCommand.laplaceGrid(8);
                    r.hostWarmUp = scoped ? () -> DemoCommand.laplaceStep(w) : () -> DemoCommand.jacobi(w);
                }
                rows.add(r);
            }
        }
        List<Row> baselines = new ArrayList<>();
        baselines.addAll(Suites.laplace(n, List.of()));   // with no target: the Java loop and the eager evaluation
        List<String> devices = ResidentSuite.openCl(targets).stream().map(t -> t.name()).toList();
        if (!devices.isEmpty()) {
            for (Row r : ResidentSuite.laplace(n, devices)) {
                if (!r.target.startsWith(ResidentSuite.RAW) || r.target.startsWith(ResidentSuite.RAW_POLL)) continue;
                String suffix = r.target.substring(ResidentSuite.RAW.length());
                r.extra.put("device", suffix.isEmpty() ? devices.get(0) : "opencl" + suffix);
                baselines.add(r);
            }
        }
        for (Row r : baselines) {   // a call: the whole run (their call is one step); a device's grid read back
            Runnable step = r.call;
            boolean device = r.target.startsWith(ResidentSuite.RAW);
            var value = r.value;
            r.call = () -> {
                for (int k = 0; k < iterations; k++) step.run();
                if (device) Measure.sink = value.get();
            };
            rows.add(r);
        }
        for (Row r : rows) {
            r.fixedBatch = 1;   // a sample: one whole run from the initial grid (prepare makes it)
            r.extra.put("iterations", iterations);
        }
        return rows;
    }

    /** Issue 14's goals against this run's medians: the JVM against the Java loop, the fastest target against its own hand baseline. */
    private static void goals(DemoRun run, List<Row> rows) {
        Row loop = rows.stream().filter(r -> r.target.equals(Suites.JAVA_LOOP)).findFirst().orElse(null);
        if (loop == null) return;
        List<Map<String, Object>> goals = new ArrayList<>();
        run.table.println();
        run.table.println("issue 14's goals (ratios of this run's medians per iteration):");
        for (Row r : rows) {
            if (r.numfuse && r.target.equals("jvm")) goals.add(goal(run, r, loop, JVM_GOAL, "the JVM"));
        }
        // the best target: the fastest numfuse row on a named target (auto is not a target of its own), against that target's hand-written baseline
        Row best = rows.stream().filter(r -> r.numfuse && !r.target.startsWith("auto") && !r.ranElsewhere()).min((a, b) -> Double.compare(a.median(), b.median())).orElse(null);
        if (best != null) {
            String where = best.target;
            Row hand = where.startsWith("opencl:") ? rows.stream().filter(r -> r.target.startsWith(ResidentSuite.RAW)
                    && (r.target.equals(ResidentSuite.RAW) || r.target.equals(ResidentSuite.RAW + where.substring("opencl".length())))).findFirst().orElse(null)
                    : where.equals("jvm") ? loop : null;
            if (hand != null) goals.add(goal(run, best, hand, BEST_GOAL, "the fastest target"));
        }
        run.field("goals", goals);
    }

    private static Map<String, Object> goal(DemoRun run, Row r, Row ref, double goal, String what) {
        double ratio = r.median() / ref.median();
        boolean met = ratio <= goal;
        run.table.printf(Locale.ROOT, "  %s, %s: %.2fx %s (goal %.1fx: %s)%n", what, DemoTable.label(r, true), ratio, DemoTable.label(ref, true),
                goal, met ? "met" : "not met");
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("row", DemoTable.label(r, true));
        m.put("against", DemoTable.label(ref, true));
        m.put("ratio", ratio);
        m.put("goal", goal);
        m.put("met", met);
        return m;
    }
}
