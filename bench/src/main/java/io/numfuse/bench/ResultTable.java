package io.numfuse.bench;

import io.numfuse.runtime.KernelRuns;
import java.io.PrintWriter;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The table a bench suite prints: a header saying what ran where and what a ratio is
 * ({@link BenchCommand#RATIO_DEFINITION}), then each case under a line of its own (its name, size
 * and dtype) with one line per target or baseline, then notes. Every line fits in {@link #WIDTH}
 * columns: the text is wrapped, and the row columns are the short ones.
 */
final class ResultTable {
    private ResultTable() {}

    static final int WIDTH = 100;
    private static final String[] HEAD = { "  target", "mode", "median", "min", "max", "ratio", "first call", "GB/s" };
    /** The head of a group whose rows count flops (a matmul's): its last column is GFLOP/s. */
    private static final String[] FLOPS_HEAD = { "  target", "mode", "median", "min", "max", "ratio", "first call", "GFLOP/s" };

    static void print(PrintWriter out, String command, String what, Suites.Params p, List<Row> rows, String load) {
        wrap(out, String.format("numfuse %s: %s, targets %s", command, what, String.join(",", p.targets())));
        wrap(out, String.format("%d threads (%d cpus); JDK %s; %s%s", Par.threads(), Runtime.getRuntime().availableProcessors(), Runtime.version(),
                ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME).replaceAll("\\.\\d+", ""),
                load == null ? "" : "; load average " + load));
        int samples = rows.stream().mapToInt(r -> r.samples.length).max().orElse(0);
        wrap(out, "median of " + samples + " samples per row, with min and max; " + BenchCommand.RATIO_DEFINITION);
        List<String[]> cells = new ArrayList<>();
        for (Row r : rows) cells.add(cells(r));
        int[] w = new int[HEAD.length];
        for (int i = 0; i < HEAD.length; i++) w[i] = HEAD[i].length();
        if (rows.stream().anyMatch(r -> r.extra.containsKey("gflop_per_s"))) w[7] = Math.max(w[7], FLOPS_HEAD[7].length());
        for (String[] c : cells) for (int i = 0; i < c.length; i++) w[i] = Math.max(w[i], c[i].length());
        int cols = cells.stream().anyMatch(c -> !c[7].isEmpty()) ? HEAD.length : HEAD.length - 1;
        Map<String, String> exprs = new HashMap<>();   // a case's expression, which its numfuse rows carry
        for (Row r : rows) if (r.expr != null && !r.expr.equals(r.caseName)) exprs.putIfAbsent(group(r), r.expr);
        String group = null;
        for (int k = 0; k < rows.size(); k++) {
            Row r = rows.get(k);
            String g = group(r);
            if (!g.equals(group)) {
                out.println();
                wrap(out, heading(r, exprs.get(g)));
                out.println(line(r.extra.containsKey("gflop_per_s") ? FLOPS_HEAD : HEAD, w, cols));
                group = g;
            }
            out.println(line(cells.get(k), w, cols));
        }
        out.println();
        notes(out, p, rows);
        out.flush();
    }

    /** The rows under one heading: those of one case at one size, dtype and place of the inputs. */
    private static String group(Row r) { return r.caseName + "|" + r.n + "|" + r.dtype + "|" + r.residency; }

    /** A case's line above its rows: its name, its expression where the name is not it, n, dtype and the inputs' place. */
    private static String heading(Row r, String expr) {
        return r.caseName + (expr == null ? "" : " = " + expr) + "  (n=" + r.n + ", " + r.dtype
                + (r.residency == null ? "" : ", inputs on " + r.residency) + ")";
    }

    private static String[] cells(Row r) {
        Object ratio = r.extra.get("ratio");
        String ratioCell = ratio == null ? "" : r.label().equals(r.ratioTo) ? "ref" : String.format(Locale.ROOT, "%.2f", (Double) ratio);
        Object gb = r.extra.get("gb_per_s"), gflops = r.extra.get("gflop_per_s");
        return new String[] { "  " + r.target + (r.chosen != null ? "->" + r.chosen : "") + (r.ranElsewhere() ? " !" : ""),
                r.mode == null ? (r.derivedFrom != null ? "derived" : "") : r.mode,
                time(r.median()), time(r.min()), time(r.max()), ratioCell,
                Double.isNaN(r.firstCallS) ? "" : time(r.firstCallS) + (r.kernelsCompiled > 0 ? " +" + r.kernelsCompiled + "k" : ""),
                gflops != null ? String.format(Locale.ROOT, "%.1f", (Double) gflops) : gb == null ? "" : String.format(Locale.ROOT, "%.1f", (Double) gb) };
    }

    private static String line(String[] c, int[] w, int cols) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < cols; i++) {
            String f = "%" + (i >= 2 ? "" : "-") + w[i] + "s";
            sb.append(String.format(f, c[i])).append(i + 1 < cols ? "  " : "");
        }
        return sb.toString().stripTrailing();
    }

    /** What the modes, marks and baselines of this run's rows mean. */
    private static void notes(PrintWriter out, Suites.Params p, List<Row> rows) {
        if (rows.stream().anyMatch(r -> "into".equals(r.mode))) {   // worded for any case: it used to name a+b*c's calls under every --expr
            wrap(out, "alloc: numfuse allocates the result (the expression evaluated into a new array); into: it writes an existing array (out.assign(expression)).");
        }
        if (rows.stream().anyMatch(r -> r.target.equals(Suites.EAGER))) {
            wrap(out, "baselines write preallocated arrays, except baseline:eager, which allocates one temporary per operation as NumPy does.");
        }
        wrap(out, "first call: the first evaluation of a fresh expression (+Nk: N kernels compiled during it).");
        for (Row r : rows) {
            if (r.ranElsewhere()) {
                wrap(out, "! " + r.caseName + " on " + r.target + " is not " + r.target + "'s figure: its kernels ran on "
                        + String.join(", ", r.ranOnTargets()) + (r.ranOn.keySet().stream().anyMatch(k -> k.startsWith(KernelRuns.FELL_BACK))
                        ? " (the device failed and the work fell back to the JVM)" : ""));
            }
        }
        if (rows.stream().anyMatch(r -> "scoped".equals(r.mode))) {
            wrap(out, "laplace: scoped runs each step in a Num.scope() (its snapshot's storage comes back at once); assign and plain leave it to the collector.");
        }
        if (rows.stream().anyMatch(r -> "plain".equals(r.mode))) {
            wrap(out, "plain: written as NumPy code is, with no eval() and no Num.scope(); laplace is per iteration, time integration per step (x += dt*v; v -= dt*x, "
                    + LoopsSuite.TIME_STEPS + " steps per sample), mandelbrot per whole computation (counts read on the host).");
            String raw = LoopsSuite.rawSkipped(p.targets());
            if (raw != null && rows.stream().anyMatch(r -> r.caseName.equals("mandelbrot"))) wrap(out, "mandelbrot: no raw JOCL row: " + raw + ".");
        }
        List<String> rawCases = rows.stream().filter(r -> r.target.startsWith(ResidentSuite.RAW)).map(r -> r.caseName).distinct().toList();
        if (!rawCases.isEmpty()) {
            wrap(out, String.join(", ", rawCases) + ": the reference of numfuse's rows on a device is baseline:raw-jocl on that device; other rows keep theirs.");
        }
    }

    /** Prints {@code text} in lines of at most {@link #WIDTH} columns, broken at spaces, continuation lines indented. */
    static void wrap(PrintWriter out, String text) {
        String rest = text;
        String indent = "";
        while (indent.length() + rest.length() > WIDTH) {
            int room = WIDTH - indent.length();
            int cut = rest.lastIndexOf(' ', room);
            if (cut <= 0) cut = room;   // one word longer than a line: cut it
            out.println(indent + rest.substring(0, cut).stripTrailing());
            rest = rest.substring(cut).strip();
            indent = "    ";
        }
        out.println(indent + rest);
    }

    /** A duration in seconds with a readable unit. */
    static String time(double s) {
        if (Double.isNaN(s)) return "";
        if (s < 1e-6) return String.format(Locale.ROOT, "%.0f ns", s * 1e9);
        if (s < 1e-3) return String.format(Locale.ROOT, "%.2f us", s * 1e6);
        if (s < 1) return String.format(Locale.ROOT, "%.3f ms", s * 1e3);
        return String.format(Locale.ROOT, "%.3f s", s);
    }
}
