package io.numfuse.bench;

import io.numfuse.core.DType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code numfuse demo lincomb}: the claim of the PyPy talk on NumPy — {@code a + b*c} evaluated
 * one operation at a time makes a temporary array per operation and moves memory for each, while
 * a fused loop reads each input once and writes once — shown on {@code a + b*c}, {@code a + a*c}
 * (an input used twice: loaded once) and {@code a*a + a} over N = 10^3 .. 10^7: numfuse on each
 * target against the eager evaluation and a hand loop, as times and as GB/s against the STREAM
 * bandwidth this run measures.
 */
final class LincombDemo {
    private LincombDemo() {}

    /** A case: its expression, file name, distinct inputs, and hand loop. */
    record Comb(String expr, String file, int inputs, DemoSweep.Hand hand) {}

    static final List<Comb> CASES = List.of(
            new Comb("a+b*c", "abc", 3, (in, o, f, t) -> {
                if (o instanceof float[] x) Loops.abc((float[]) in[0], (float[]) in[1], (float[]) in[2], x, f, t);
                else Loops.abc((double[]) in[0], (double[]) in[1], (double[]) in[2], (double[]) o, f, t);
            }),
            new Comb("a+a*c", "aac", 2, (in, o, f, t) -> {
                if (o instanceof float[] x) Loops.aac((float[]) in[0], (float[]) in[1], x, f, t);
                else Loops.aac((double[]) in[0], (double[]) in[1], (double[]) o, f, t);
            }),
            new Comb("a*a+a", "aaa", 1, (in, o, f, t) -> {
                if (o instanceof float[] x) Loops.aaa((float[]) in[0], x, f, t); else Loops.aaa((double[]) in[0], (double[]) o, f, t);
            }));

    static final int DEFAULT_MAX_N = 10_000_000;
    /** The STREAM triad's arrays: 2^24 doubles each (128 MiB), far beyond the caches. */
    static final int STREAM_N = 1 << 24, STREAM_RUNS = 10;

    static void run(DemoRun run) {
        DemoRun.Options o = run.options;
        run.everyLine = false;
        DType dt = o.dtype() != null ? o.dtype() : DType.FLOAT64;
        if (dt != DType.FLOAT32 && dt != DType.FLOAT64) throw new Main.UserError("lincomb takes --dtype f32 or f64");
        List<Integer> sizes = DemoSweep.sizes(o.maxN() != null ? o.maxN() : DEFAULT_MAX_N);
        run.prepareAuto();
        DemoSweep.warmHost(run, dt);
        run.say("the STREAM triad over 3 x 2^24 doubles on " + Par.threads() + " threads", true);
        double stream = streamTriad();
        run.field("stream_gb_per_s", stream);
        DemoRun.Check check = DemoSweep.sum(dt == DType.FLOAT32 ? 1e-5 : 1e-9);
        List<Row> all = new ArrayList<>();
        int step = 0, steps = sizes.size() * CASES.size();
        for (int n : sizes) {
            for (Comb c : CASES) {
                List<Row> rows = DemoSweep.rows(c.expr(), c.expr(), n, dt, run.targets(), c.hand());
                double bytes = (c.inputs() + 1.0) * n * dt.itemSize();
                run.measure(String.format(Locale.ROOT, "[%d/%d] %s n=%s", ++step, steps, c.expr(), DemoTable.n(n)), rows, DemoSweep.settings(run, n), check, null);
                for (Row r : rows) {
                    r.extra.put("bytes", (long) bytes);
                    r.extra.put("gb_per_s", bytes / r.median() / 1e9);
                }
                all.addAll(rows);
                System.gc();
            }
        }
        List<String> order = CASES.stream().map(Comb::expr).toList();
        run.header(String.format(Locale.ROOT, "lincomb: %s over N = %s%nSTREAM triad measured in this run: %.1f GB/s (the best of %d runs over 3 x 2^24 doubles)",
                dt.numpyName(), String.join(", ", sizes.stream().map(n -> DemoTable.n(n)).toList()), stream, STREAM_RUNS), all);
        DemoSweep.table(run, all, order, DemoTable.Col.right("GB/s",
                r -> r.extra.get("gb_per_s") instanceof Double d && Double.isFinite(d) ? String.format(Locale.ROOT, "%.1f", d) : ""));
        run.table.println("numfuse writes into an existing array (o.assign(a+b*c)) as the java loop does: one pass, each");
        run.table.println("input read once. eager evaluates as NumPy does, a new array per operation (t = b*c; r = a + t).");
        run.table.println("GB/s: (distinct inputs + 1 result) x N x " + dt.itemSize() + " bytes / median: a+b*c moves 4 arrays, a+a*c 3, a*a+a 2.");
        run.table.flush();
        for (Comb c : CASES) {
            var times = DemoSweep.lines(all, c.expr(), Row::median);
            var rates = DemoSweep.lines(all, c.expr(), r -> r.extra.get("gb_per_s") instanceof Double d ? d : Double.NaN);
            String title = "lincomb " + c.expr() + " (" + dt.numpyName() + "): fused against eager temporaries";
            run.chart("lincomb-" + c.file() + ".png", f -> DemoCharts.lines(f, title, "N (elements)", true, List.of(
                    new DemoCharts.Panel("median time per call (s)", true, times, DemoSweep.autoNotes(all, c.expr()), null, null),
                    new DemoCharts.Panel("GB/s moved", false, rates, List.of(), stream, String.format(Locale.ROOT, "STREAM triad %.1f GB/s", stream))), 860, 820));
        }
    }

    /**
     * The machine's memory bandwidth as STREAM measures it: the triad o = b + 3c over 2^24
     * doubles on Par's threads (the hand loops' threads), the best of {@value #STREAM_RUNS}
     * runs, counting 3 arrays moved (STREAM's convention).
     */
    static double streamTriad() {
        double[] b = new double[STREAM_N], c = new double[STREAM_N], o = new double[STREAM_N];
        Par.forRange(STREAM_N, (f, t) -> { for (int i = f; i < t; i++) { b[i] = i; c[i] = 1.0 / (i + 1); } });
        double best = Double.POSITIVE_INFINITY;
        for (int k = 0; k < STREAM_RUNS; k++) {
            long t0 = System.nanoTime();
            Par.forRange(STREAM_N, (f, t) -> Loops.triad(b, c, 3.0, o, f, t));
            best = Math.min(best, (System.nanoTime() - t0) / 1e9);
        }
        Measure.sink = o;
        return 3.0 * STREAM_N * Double.BYTES / best / 1e9;
    }
}
