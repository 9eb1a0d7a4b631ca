package io.numfuse.bench;

import io.numfuse.core.DType;
import io.numfuse.ir.Op;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code numfuse demo speedtest}: PyCUDA's SimpleSpeedTest and {@code test_math_speed} — each
 * math function, and a loop of sins, over N = 10^3 .. 10^7 on every target next to a Java loop
 * with {@code Math.*} and the eager evaluation: the times, each target's speed-up over the JVM,
 * what auto chose at each N, and a log-log chart of time against N per function, where the N
 * from which a device wins shows as the lines cross.
 */
final class SpeedTestDemo {
    private SpeedTestDemo() {}

    /** A case: its name (and file name), its expression over a (and b), its hand loop. */
    record Fn(String name, String expr, DemoSweep.Hand hand) {}

    static final int DEFAULT_MAX_N = 10_000_000, DEFAULT_SINS = 20;

    static List<Fn> functions(int sins) {
        List<Fn> f = new ArrayList<>();
        for (Op op : List.of(Op.SIN, Op.COS, Op.EXP, Op.LOG, Op.SQRT, Op.TANH)) {
            String name = op.name().toLowerCase(Locale.ROOT);
            f.add(new Fn(name, name + "(a)", (in, o, from, to) -> {
                if (o instanceof float[] x) Eager.unaryF(op, (float[]) in[0], x, from, to); else Eager.unaryD(op, (double[]) in[0], (double[]) o, from, to);
            }));
        }
        f.add(new Fn("arctan2", "arctan2(a, b)", (in, o, from, to) -> {
            if (o instanceof float[] x) Loops.atan2((float[]) in[0], (float[]) in[1], x, from, to); else Loops.atan2((double[]) in[0], (double[]) in[1], (double[]) o, from, to);
        }));
        f.add(new Fn("pow", "power(a, b)", (in, o, from, to) -> {
            if (o instanceof float[] x) Loops.pow((float[]) in[0], (float[]) in[1], x, from, to); else Loops.pow((double[]) in[0], (double[]) in[1], (double[]) o, from, to);
        }));
        String nested = "a";
        for (int k = 0; k < sins; k++) nested = "sin(" + nested + ")";
        f.add(new Fn("sin x" + sins, nested, (in, o, from, to) -> {
            if (o instanceof float[] x) Loops.sinRepeated((float[]) in[0], x, sins, from, to); else Loops.sinRepeated((double[]) in[0], (double[]) o, sins, from, to);
        }));
        return f;
    }

    static void run(DemoRun run) {
        DemoRun.Options o = run.options;
        run.everyLine = false;
        DType dt = o.dtype() != null ? o.dtype() : DType.FLOAT32;
        if (dt != DType.FLOAT32 && dt != DType.FLOAT64) throw new Main.UserError("speedtest takes --dtype f32 or f64");
        int sins = o.iterations() != null ? o.iterations() : DEFAULT_SINS;
        List<Integer> sizes = DemoSweep.sizes(o.maxN() != null ? o.maxN() : DEFAULT_MAX_N);
        List<Fn> fns = functions(sins);
        run.prepareAuto();
        DemoSweep.warmHost(run, dt);
        DemoRun.Check check = DemoSweep.sum(dt == DType.FLOAT32 ? 1e-5 : 1e-9);
        List<Row> all = new ArrayList<>();
        int step = 0, steps = sizes.size() * fns.size();
        for (int n : sizes) {   // small N first: numfuse's host code is warm by the large ones
            for (Fn f : fns) {
                List<Row> rows = DemoSweep.rows(f.name(), f.expr(), n, dt, run.targets(), f.hand());
                run.measure(String.format(Locale.ROOT, "[%d/%d] %s n=%s", ++step, steps, f.name(), DemoTable.n(n)), rows, DemoSweep.settings(run, n), check, null);
                Row jvm = rows.stream().filter(r -> r.numfuse && r.target.equals("jvm")).findFirst().orElse(null);
                if (jvm != null) for (Row r : rows) r.extra.put("speedup_vs_jvm", jvm.median() / r.median());
                all.addAll(rows);
                System.gc();   // the case's arrays are garbage: the next case's collections must not scan them
            }
        }
        List<String> order = fns.stream().map(Fn::name).toList();

        run.header(String.format(Locale.ROOT, "speedtest: PyCUDA's math speed test, %s, N = %s",
                dt.numpyName(), String.join(", ", sizes.stream().map(n -> DemoTable.n(n)).toList())), all);
        DemoSweep.table(run, all, order, DemoTable.Col.right("vs jvm",
                r -> r.extra.get("speedup_vs_jvm") instanceof Double d && Double.isFinite(d) ? String.format(Locale.ROOT, "%.2fx", d) : ""));
        run.table.printf(Locale.ROOT, "numfuse rows write o.assign(f(a)) into an existing array; java loop: Math.* over Java arrays%n");
        run.table.printf(Locale.ROOT, "on %d threads; eager: a new array per operation, as NumPy. sin x%d: sin nested %d times in one%n", Par.threads(), sins, sins);
        run.table.println("expression (PyCUDA's SimpleSpeedTest loop). vs jvm: the jvm row's median / this row's.");
        run.table.println("sum: the sum of the result; every row must agree with the java loop's within "
                + (dt == DType.FLOAT32 ? "1e-5" : "1e-9") + " per element.");
        summary(run, all, order, sizes);
        charts(run, all, fns, dt, sizes);
    }

    /** Per device, its speed-up over the JVM by function and N; then what auto chose. */
    private static void summary(DemoRun run, List<Row> all, List<String> order, List<Integer> sizes) {
        List<String> others = all.stream().filter(r -> r.numfuse && !r.target.equals("jvm") && !r.target.startsWith("auto")).map(r -> r.target).distinct().toList();
        boolean hasJvm = all.stream().anyMatch(r -> r.numfuse && r.target.equals("jvm"));
        int w = 2 + Math.max(8, all.stream().filter(r -> r.chosen != null).mapToInt(r -> r.chosen.length()).max().orElse(0));
        String cell = "%" + w + "s";
        StringBuilder head = new StringBuilder(String.format(Locale.ROOT, "%-9s", "case"));
        for (int n : sizes) head.append(String.format(Locale.ROOT, cell, DemoTable.n(n)));
        if (hasJvm) {
            for (String t : others) {
                run.table.println();
                run.table.println(t + "'s speed-up over jvm (above 1.00x: " + t + " is faster):");
                run.table.println(head);
                for (String c : order) {
                    StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-9s", c));
                    for (int n : sizes) {
                        Row r = find(all, c, n, t);
                        line.append(String.format(Locale.ROOT, cell, r != null && r.extra.get("speedup_vs_jvm") instanceof Double d ? String.format(Locale.ROOT, "%.2fx", d) : ""));
                    }
                    run.table.println(line);
                }
            }
        }
        for (String auto : all.stream().filter(r -> r.target.startsWith("auto")).map(r -> r.target).distinct().toList()) {
            run.table.println();
            run.table.println(auto + " chose (the target its kernels ran on):");
            run.table.println(head);
            for (String c : order) {
                StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-9s", c));
                for (int n : sizes) {
                    Row r = find(all, c, n, auto);
                    line.append(String.format(Locale.ROOT, cell, r == null || r.chosen == null ? "" : r.chosen));
                }
                run.table.println(line);
            }
        }
        run.table.flush();
    }

    private static Row find(List<Row> rows, String c, int n, String target) {
        return rows.stream().filter(r -> r.caseName.equals(c) && r.n == n && r.target.equals(target)).findFirst().orElse(null);
    }

    private static void charts(DemoRun run, List<Row> all, List<Fn> fns, DType dt, List<Integer> sizes) {
        for (Fn f : fns) {
            var lines = DemoSweep.lines(all, f.name(), Row::median);
            var notes = DemoSweep.autoNotes(all, f.name());
            String title = "speedtest " + f.name() + " (" + dt.numpyName() + "): time against N";
            run.chart("speedtest-" + f.name().replace(' ', '-') + ".png", file -> DemoCharts.lines(file, title, "N (elements)", true,
                    List.of(new DemoCharts.Panel("median time per call (s)", true, lines, notes, null, null)), 860, 620));
        }
        // the speed-ups over the JVM: of each device (or, with none, of the other targets), one line per function
        List<String> devices = all.stream().filter(r -> r.numfuse && !r.target.equals("jvm") && !r.target.startsWith("auto")).map(r -> r.target).distinct().toList();
        List<String> others = !devices.isEmpty() ? devices : all.stream().filter(r -> r.numfuse && !r.target.equals("jvm")).map(r -> r.target).distinct().toList();
        if (others.isEmpty() || all.stream().noneMatch(r -> r.numfuse && r.target.equals("jvm"))) return;
        List<DemoCharts.Series> speedups = new ArrayList<>();
        double[] ns = sizes.stream().mapToDouble(Integer::doubleValue).toArray();
        for (String t : others) {
            for (Fn f : fns) {
                double[] y = new double[ns.length];
                for (int i = 0; i < ns.length; i++) {
                    Row r = find(all, f.name(), sizes.get(i), t);
                    y[i] = r != null && r.extra.get("speedup_vs_jvm") instanceof Double d ? d : Double.NaN;
                }
                speedups.add(new DemoCharts.Series(others.size() > 1 ? f.name() + " " + t : f.name(), ns, y));
            }
        }
        String title = "speedtest (" + dt.numpyName() + "): speed-up of " + String.join(", ", others) + " over jvm";
        run.chart("speedtest-speedups.png", file -> DemoCharts.lines(file, title, "N (elements)", true,
                List.of(new DemoCharts.Panel("jvm time / " + (others.size() == 1 ? others.get(0) : "target") + " time", true, speedups, List.of(),
                        1.0, "1.0: as fast as jvm")), 860, 620));
    }
}
