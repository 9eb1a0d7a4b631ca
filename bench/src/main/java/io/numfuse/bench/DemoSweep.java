package io.numfuse.bench;

import io.numfuse.NDArray;
import io.numfuse.expr.Ast;
import io.numfuse.expr.ExprParser;
import io.numfuse.Num;
import io.numfuse.core.DType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What the demos that sweep N share (speedtest, lincomb): the sizes, the rows of one case at one
 * N (numfuse on each target writing into an existing array, the hand loop, the eager
 * evaluation), the settings by size, and the long table and the lines of the charts.
 */
final class DemoSweep {
    private DemoSweep() {}

    /** From 10^3: a sample times one call, after one warm-up call, at this N and above (each call takes milliseconds). */
    static final int BIG_N = 10_000_000;

    /** The sizes: 10^3, 10^4, ... up to {@code maxN} (and {@code maxN} itself when it is not a power of ten). */
    static List<Integer> sizes(int maxN) {
        List<Integer> s = new ArrayList<>();
        for (long n = 1000; n <= maxN; n *= 10) s.add((int) n);
        if (s.isEmpty() || s.getLast() < maxN) s.add(maxN);
        return s;
    }

    /** Settings by size: fewer samples from 10^6 ({@code --repeats} and {@code --warmup} win). */
    static Measure.Settings settings(DemoRun run, int n) { return run.settings(n >= 1_000_000 ? 3 : 5, 100); }

    /**
     * Runs small evaluations on each numfuse target for about half a second, so that the JIT has
     * compiled numfuse's host code (planning, the kernel cache, the launch) before the first and
     * smallest case is timed ({@link Measure}'s host warm-up, once for the whole sweep).
     */
    static void warmHost(DemoRun run, DType dt) {
        NDArray a = Num.random(1, dt, 1000).eval(), b = Num.random(2, dt, 1000).eval(), o = Num.zeros(dt, 1000);
        for (String spec : run.targets()) {
            if (spec.equals("interpreter")) continue;
            run.say("warming up numfuse's host code on " + spec, false);
            Num.useTarget(spec);
            long start = System.nanoTime();
            for (int i = 0; i < 20_000 && System.nanoTime() - start < 500_000_000L; i++) o.assign(i % 2 == 0 ? a.add(b.mul(a)) : a.sub(b).mul(2.0));
        }
    }

    /** A hand loop over the inputs into a preallocated output, on Par's threads. */
    interface Hand { void run(Object[] in, Object out, int from, int to); }

    /**
     * The rows of {@code expr} (an expression over arrays a, b, c...) at {@code n}: numfuse on each
     * target writing into an existing array ({@code o.assign(expr)}, as the baselines write
     * theirs), the hand loop ({@code hand}) and the eager evaluation; inputs seeded uniform [0, 1).
     */
    static List<Row> rows(String caseName, String expr, int n, DType dt, List<String> targets, Hand hand) {
        Ast tree = ExprParser.parse(expr);
        List<String> names = List.copyOf(Eager.names(tree));
        Map<String, NDArray> arrays = new LinkedHashMap<>();
        Map<String, Object> java = new LinkedHashMap<>();
        Object[] in = new Object[names.size()];
        for (int i = 0; i < names.size(); i++) {
            in[i] = Suites.randomArray(i + 1, dt, n);
            java.put(names.get(i), in[i]);
            arrays.put(names.get(i), Num.wrap(dt, in[i], n));
        }
        String dtype = dt.numpyName();
        List<Row> rows = new ArrayList<>();
        for (String spec : targets) {
            Row r = new Row(caseName, n, dtype, spec);
            r.numfuse = true;
            r.mode = "into";
            NDArray o = Num.zeros(dt, n);
            r.prepare = k -> Num.useTarget(spec);
            r.call = () -> o.assign(Num.eval(expr, tree, arrays));
            r.value = dt == DType.FLOAT32 ? o::toFloatArray : o::toDoubleArray;
            rows.add(r);
        }
        {
            Row r = new Row(caseName, n, dtype, Suites.JAVA_LOOP);
            Object out = dt == DType.FLOAT32 ? new float[n] : new double[n];
            r.call = () -> Par.forRange(n, (f, t) -> hand.run(in, out, f, t));
            r.value = () -> out;
            rows.add(r);
        }
        {
            Row r = new Row(caseName, n, dtype, Suites.EAGER);
            Object[] last = new Object[1];
            r.call = () -> last[0] = Eager.eval(tree, java, n);
            r.value = () -> last[0];
            rows.add(r);
        }
        for (Row r : rows) {
            r.expr = expr.equals(caseName) ? null : expr;
            if (n >= BIG_N) {
                r.fixedBatch = 1;
                r.fixedWarmupCalls = 1;
            }
        }
        return rows;
    }

    /** The check of a sweep: the sum of the values, every row within {@code tolerance} of the hand loop's, element by element. */
    static DemoRun.Check sum(double tolerance) {
        return new DemoRun.Check("sum", v -> {
            double s = 0;
            if (v instanceof float[] f) for (float x : f) s += x;
            else for (double x : (double[]) v) s += x;
            return s;
        }, v -> String.format(java.util.Locale.ROOT, "%.7g", (Double) v), tolerance, null, null);
    }

    /** A short name for a row in the sweeps' tables and charts (their headers say the threads). */
    static String shortLabel(Row r) {
        if (r.target.equals(Suites.JAVA_LOOP)) return "java loop";
        if (r.target.equals(Suites.EAGER)) return "eager";
        return DemoTable.label(r, false);
    }

    /** The long table: case, n, then the usual columns, {@code extra} before the check; a blank line between cases. */
    static void table(DemoRun run, List<Row> rows, List<String> caseOrder, DemoTable.Col extra) {
        List<Row> sorted = new ArrayList<>();
        for (String c : caseOrder) {
            rows.stream().filter(r -> r.caseName.equals(c)).mapToInt(r -> r.n).distinct().sorted()
                    .forEach(n -> sorted.addAll(rows.stream().filter(r -> r.caseName.equals(c) && r.n == n).toList()));
        }
        List<DemoTable.Col> cols = List.of(DemoTable.Col.left("case", r -> r.caseName), DemoTable.Col.right("n", r -> DemoTable.n(r.n)),
                DemoTable.Col.left("target", DemoSweep::shortLabel), DemoTable.firstCall("first"), DemoTable.median("median", 1),
                DemoTable.range("min-max", 1), DemoTable.fastest(), extra,
                DemoTable.check("sum", "sum", v -> String.format(java.util.Locale.ROOT, "%.7g", (Double) v)));
        // one table, a blank line between the cases: printed group by group with the widths of the whole
        java.io.StringWriter all = new java.io.StringWriter();
        DemoTable.print(new java.io.PrintWriter(all), sorted, cols);
        List<String> lines = all.toString().lines().toList();
        run.table.println(lines.get(0));
        String last = null;
        for (int i = 0; i < sorted.size(); i++) {
            Row r = sorted.get(i);
            String key = r.caseName + "|" + r.n;
            if (last != null && !last.equals(key)) run.table.println();
            last = key;
            run.table.println(lines.get(i + 1));
        }
        run.table.flush();
    }

    /** One line per row label over N for {@code caseName}: {@code y} of each row (NaN where a label has no row at an N). */
    static List<DemoCharts.Series> lines(List<Row> rows, String caseName, Function<Row, Double> y) {
        List<Row> of = rows.stream().filter(r -> r.caseName.equals(caseName)).toList();
        double[] ns = of.stream().mapToInt(r -> r.n).distinct().sorted().asDoubleStream().toArray();
        Map<String, double[]> byLabel = new LinkedHashMap<>();
        for (Row r : of) {
            String label = seriesLabel(r);
            double[] ys = byLabel.computeIfAbsent(label, k -> { double[] a = new double[ns.length]; java.util.Arrays.fill(a, Double.NaN); return a; });
            ys[java.util.Arrays.binarySearch(ns, r.n)] = y.apply(r);
        }
        List<DemoCharts.Series> out = new ArrayList<>();
        byLabel.forEach((k, v) -> out.add(new DemoCharts.Series(k, ns, v)));
        return out;
    }

    /** A row's line in a chart: its target (auto without its choice, which changes with N), or its baseline. */
    static String seriesLabel(Row r) {
        if (r.target.equals(Suites.JAVA_LOOP)) return "java loop (" + Par.threads() + " threads)";
        if (r.target.equals(Suites.EAGER)) return "eager (NumPy-style)";
        return r.target;
    }

    /** Labels at auto's points: where its kernels ran at each N. */
    static List<DemoCharts.Note> autoNotes(List<Row> rows, String caseName) {
        List<DemoCharts.Note> notes = new ArrayList<>();
        for (Row r : rows) {
            if (r.caseName.equals(caseName) && r.target.startsWith("auto") && r.chosen != null && Double.isFinite(r.median())) {
                notes.add(new DemoCharts.Note(r.n, r.median(), "auto: " + r.chosen));
            }
        }
        return notes;
    }
}
