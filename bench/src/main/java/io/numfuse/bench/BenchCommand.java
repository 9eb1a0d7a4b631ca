package io.numfuse.bench;

import io.numfuse.NDArray;
import io.numfuse.Num;
import io.numfuse.expr.Ast;
import io.numfuse.expr.ExprParser;
import io.numfuse.core.DType;
import io.numfuse.ir.Shapes;
import io.numfuse.runtime.KernelRuns;
import io.numfuse.runtime.Targets;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code numfuse bench}: the same work on numfuse's targets and on hand-written baselines
 * measured in the same run, as a table and as the JSON of DESIGN.md.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = { "Time a suite, or one expression, on numfuse's targets next to hand-written "
                        + "baselines measured in the same run.",
                "The baselines: Java loops on the same threads, and NumPy-style eager",
                "evaluation (one temporary array per operation).",
                "",
                "Suites:",
                "  elementwise  a+b*c, a polynomial, a 10-op chain, exp(a), sin(a)+cos(b)",
                "  reduce       sum(a), max(a), dot(a,b), argmax(a)",
                "  stream       the STREAM triad (the memory bandwidth floor) and a+b*c",
                "  laplace      Jacobi steps on a 500x500 float64 grid, time per iteration",
                "  dispatch     one cached evaluation at n=1000; compiling new kernels",
                "  resident     data resident on a device vs raw JOCL: a+b*c, launch cost,",
                "               laplace, disk-cached first use",
                "  selection    auto's choice against every target, over 40+ cases (sizes,",
                "               dtypes, inputs on the host or a device, chains), and the",
                "               first call of new expressions",
                "  loops        loops written plainly (no eval, no scope) next to hand loops:",
                "               Mandelbrot (Java, raw JOCL), Laplace, x += dt*v; v -= dt*x,",
                "               a+b*c allocating against writing into an existing array",
                "  mandelbrot   the plain array-code Mandelbrot (PyCUDA's window,",
                "               1024x1024x100) on every target, next to the 2-thread Java",
                "               loop and raw JOCL kernels",
                "  select       where(a>b, a*b, a-b) and a Mandelbrot step next to hand",
                "               loops: a conditional, a branch-free one, the Vector API's",
                "               blend (numfuse's kernels are moved to their vector classes",
                "               after the warm-up)",
                "  kmeans       k-means on 10^6 2-D points (8 clusters, 10 steps: broadcasting,",
                "               argmin, masks), next to a hand-written Java k-means",
                "  ops          cumsum(a), a[a > 0.5], take(a, p), argmax(a) and",
                "               concatenate(a+b, c*d) over 10^7 elements, next to hand loops",
                "  matmul       a @ b of two 1024x1024 matrices in GFLOP/s, next to a blocked",
                "               Java loop",
                "  spark        numfuse's column over Spark SQL's on local[2] and local[1]",
                "               (the launcher runs it as examples/spark-app's SparkBench:",
                "               numfuse bench spark --help)",
                "Each figure is the median of --repeats samples, with min and max, after a",
                "warm-up; see docs/PERFORMANCE.md. Each ratio is a row's median time over its",
                "reference row's (ref in the table): above 1 slower, below 1 faster.",
                "",
                "Examples:",
                "  numfuse bench elementwise --size 1000000 --dtype f64",
                "  numfuse bench --expr 'a*b + sqrt(c)' --targets jvm,auto --json -",
                "  numfuse bench selection --repeats 11",
                "  numfuse bench loops --targets jvm,opencl:0 --cases mandelbrot --repeats 3",
                "  numfuse bench mandelbrot --size 512 --repeats 3 --plot mandelbrot.png",
                "  numfuse bench --expr 'sin(a)*b' --size 100000 --targets jvm,opencl:0,auto \\",
                "      --residency device",
                "" })
final class BenchCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "SUITE",
            description = "elementwise (the default), reduce, stream, laplace, dispatch, resident, selection, loops, mandelbrot, select, kmeans, ops or matmul.")
    String suite;

    @Option(names = "--expr", paramLabel = "EXPR",
            description = "Benchmark this expression instead of a suite (random float inputs in [0, 1) for its names).")
    String expr;

    @Option(names = "--size", paramLabel = "N",
            description = "Elements per array (default 10000000; dispatch 1000); for laplace, the grid side (default 500); for kmeans, the points (default 1000000); for matmul, the matrices' side (default 1024); for selection, the largest size (a cap on its cases'); "
                    + "for loops and mandelbrot, the Mandelbrot grid's side (default 1024, at most 2048), which the other loops' sizes scale with (laplace side 500*N/1024, elements 10^6 and 10^7 times (N/1024)^2).")
    Integer size;

    @Option(names = "--dtype", paramLabel = "f32|f64", description = "Element type of the inputs (default f32; laplace is f64; selection: only its cases of this type).")
    String dtype;

    @Option(names = "--targets", paramLabel = "LIST",
            description = "numfuse targets, comma-separated: jvm, interpreter, opencl[:N], auto (default: jvm; selection: jvm, every OpenCL device and auto; loops, mandelbrot, resident and matmul: jvm and every OpenCL device; kmeans: those and auto). Baselines always run.")
    String targets;

    @Option(names = "--residency", paramLabel = "WHERE",
            description = "With --expr: where the inputs are before each call: host (written there: a device copies them up, and the result back; the default), device or opencl:N (written there by a kernel: the JVM copies them back; the result stays). With selection: only the cases of that residency, or loop: the steps whose arrays stay where their last call left them.")
    String residency;

    @Option(names = "--cases", paramLabel = "TEXT", description = "selection: only the cases whose name contains TEXT (e.g. laplace, sum); loops: only the groups whose name contains it (mandelbrot, laplace, time-integration, alloc-f32, alloc-f64); ops: only the cases whose name contains it (cumsum, take, argmax, concatenate...). Several, separated by commas: the cases any of them selects (laplace,time).")
    String only;

    @Option(names = "--repeats", paramLabel = "R", defaultValue = "10", description = "Samples per row (default: ${DEFAULT-VALUE}).")
    int repeats;

    @Option(names = "--warmup", paramLabel = "MS", defaultValue = "200", description = "Warm-up time per row in milliseconds (default: ${DEFAULT-VALUE}).")
    int warmupMs;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the results as JSON to FILE ('-': JSON on stdout, the table on stderr).")
    String json;

    /**
     * The one ratio convention of every table, the JSON ({@code "ratio"}, with {@code "ratio_to"}
     * naming the reference row) and the docs: a row's median time over its reference row's.
     */
    static final String RATIO_DEFINITION = "ratio = median time / median time of the reference row (ref) of the same case: above 1 slower, below 1 faster";

    @Option(names = "--plot", paramLabel = "FILE.png", description = "Also draw the results as a bar chart (median time per case and target; a log scale when they span over 20x) into FILE.png.")
    String plot;

    /** A sample times enough calls to last at least this long. */
    static final long MIN_SAMPLE_NANOS = 5_000_000;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut(), err = spec.commandLine().getErr();
        if (suite != null && expr != null) throw new Main.UserError("give a SUITE or --expr, not both");
        String s = suite == null ? "elementwise" : suite.trim().toLowerCase(Locale.ROOT);
        if (expr == null && s.equals("spark")) {
            throw new Main.UserError("the spark suite runs through the launcher (numfuse bench spark), which builds the Spark example; this CLI's jars leave Spark out");
        }
        if (expr == null && !Suites.NAMES.contains(s)) {
            throw new Main.UserError("unknown suite '" + suite + "': the suites are " + String.join(", ", Suites.NAMES));
        }
        if (expr != null && expr.isBlank()) throw new Main.UserError("--expr: the expression is empty");
        if (repeats < 1 || repeats > 100_000) throw new Main.UserError("--repeats must be between 1 and 100000, got " + repeats);
        if (warmupMs < 0 || warmupMs > 600_000) throw new Main.UserError("--warmup must be between 0 and 600000 ms, got " + warmupMs);
        boolean selection = expr == null && s.equals("selection"), loops = expr == null && s.equals("loops");
        boolean mandelbrot = expr == null && s.equals("mandelbrot"), grid = loops || mandelbrot;   // both sized by the Mandelbrot grid's side
        boolean resident = expr == null && s.equals("resident"), kmeans = expr == null && s.equals("kmeans");
        boolean matmul = expr == null && s.equals("matmul");
        if (residency != null && expr == null && !selection) throw new Main.UserError("--residency goes with --expr or the selection suite");
        boolean ops = expr == null && s.equals("ops");
        if (only != null && !selection && !loops && !ops) throw new Main.UserError("--cases goes with the selection, loops and ops suites");
        List<String> targetList = targets != null ? parseTargets(targets)
                : selection ? SelectionSuite.defaultTargets() : grid || resident ? LoopsSuite.defaultTargets() : kmeans ? Suites.jvmAndDevices(true)
                : matmul ? Suites.jvmAndDevices(false) : List.of("jvm");
        boolean laplace = expr == null && s.equals("laplace");
        if (laplace && dtype != null && parseDtype(dtype) != DType.FLOAT64) throw new Main.UserError("the laplace suite is float64 only");
        if (grid && dtype != null) throw new Main.UserError("the " + s + " suite sets its own dtypes: no --dtype");
        DType dt = laplace ? DType.FLOAT64 : dtype == null ? DType.FLOAT32 : parseDtype(dtype);
        int n = size != null ? size : laplace ? 500 : grid ? LoopsSuite.DEFAULT_SIDE : expr == null && s.equals("dispatch") ? 1000
                : kmeans ? KMeansSuite.DEFAULT_POINTS : matmul ? MatmulSuite.DEFAULT_SIDE : 10_000_000;
        if (matmul && (n < 1 || n > MatmulSuite.MAX_SIDE)) throw new Main.UserError("--size for matmul is the matrices' side, between 1 and " + MatmulSuite.MAX_SIDE + "; got " + n);
        if (kmeans && (n < KMeansSuite.K || n > KMeansSuite.MAX_POINTS)) {
            throw new Main.UserError("--size for kmeans is the number of points, between " + KMeansSuite.K + " and " + KMeansSuite.MAX_POINTS + "; got " + n);
        }
        if (laplace && (n < 3 || n > 20_000)) throw new Main.UserError("--size for laplace is the grid side, between 3 and 20000; got " + n);
        if (grid && (n < 2 || n > LoopsSuite.MAX_SIDE)) throw new Main.UserError("--size for " + s + " is the Mandelbrot grid's side, between 2 and " + LoopsSuite.MAX_SIDE + "; got " + n);
        if (n < 1 || n > Shapes.MAX_SIZE) throw new Main.UserError("--size must be between 1 and " + Shapes.MAX_SIZE + ", got " + n);
        Residency where = residency != null ? Residency.parse(residency, targetList) : expr != null ? Residency.HOST : null;
        if (expr != null && Residency.LOOP.equals(where)) {
            throw new Main.UserError("--residency loop goes with the selection suite (a step's arrays left where its last call put them); with --expr use host or a device");
        }
        if (json != null && !json.equals("-")) checkWritable(Path.of(json));
        Path plotFile = plot == null ? null : Plot.check(plot);

        PrintWriter table = json != null && json.equals("-") ? err : out;
        Measure.Settings settings = new Measure.Settings(repeats, warmupMs * 1_000_000L, MIN_SAMPLE_NANOS);
        Suites.Params params = new Suites.Params(n, dt, targetList, where);
        String command = expr != null ? "bench --expr " + expr.strip() : "bench " + s;
        String saved = Main.saveTarget();
        String loadBefore = loadAverage();
        long start = System.nanoTime();
        List<List<Row>> groups = new ArrayList<>();
        List<Row> firstCalls = List.of();
        List<String> failures = new ArrayList<>();
        String calibration = null;
        try {
            List<Function<Void, List<Row>>> plan = plan(s, params, err);   // first: a bad expression fails before anything runs
            if (selection && plan.isEmpty() && !FirstCall.selected(only, dtype == null ? null : dt, where)) {
                throw new Main.UserError("no case of the selection suite matches --cases, --dtype and --residency");
            }
            if (ops && plan.isEmpty()) throw new Main.UserError("no case of the ops suite matches --cases");
            if (loops && plan.isEmpty()) throw new Main.UserError("no group of the loops suite matches --cases: " + String.join(", ", LoopsSuite.groups(n, targetList).keySet()));
            if (targetList.stream().anyMatch(t -> t.startsWith("auto"))) calibration = AutoProfiles.ensure(err);
            for (int g = 0; g < plan.size(); g++) {
                List<Row> rows = plan.get(g).apply(null);
                if (rows.isEmpty()) continue;   // a group with nothing to measure on these targets (its plan said why)
                Row first = rows.get(0);
                err.printf("bench: [%d/%d] %s, n=%d %s%s, %d rows%n", g + 1, plan.size(), first.caseName, first.n, first.dtype,
                        first.residency == null ? "" : Residency.LOOP.where().equals(first.residency) ? ", a loop's arrays left where its last step put them"
                                : ", inputs on " + first.residency, rows.size());
                err.flush();
                Measure.measure(rows, settings, err);
                failures.addAll(finish(rows, err));
                groups.add(rows);
                System.gc();   // the group's arrays are garbage now: the next group's young collections must not scan them in the old generation
            }
            if (selection && FirstCall.selected(only, dtype == null ? null : dt, where)) {
                firstCalls = FirstCall.measure(targetList, SelectionSuite.device(targetList), Math.min(n, FirstCall.SIZE), DType.FLOAT32, err);
            }
        } finally {
            Num.useTarget(saved);
        }
        List<Row> measured = groups.stream().flatMap(List::stream).toList();
        List<Row> all = new ArrayList<>(measured);
        all.addAll(firstCalls);
        String load = loadBefore == null ? null : loadBefore + " before, " + loadAverage() + " after";
        err.printf("bench: done in %.1f s%n", (System.nanoTime() - start) / 1e9);
        err.flush();
        List<SelectionTable.Selection> selections = SelectionTable.of(groups);
        if (selection) {
            SelectionTable.header(table, command, targetList, load, calibration, measured);
            SelectionTable.print(table, selections);
            FirstCall.print(table, firstCalls);
        } else {
            ResultTable.print(table, command, laplace ? n + "x" + n + " float64 grid, time per Jacobi iteration"
                    : matmul ? n + "x" + n + " " + dt.numpyName() + " matrices, GFLOP/s = 2n^3 / median" : loops ? LoopsSuite.describe(n) : mandelbrot ? LoopsSuite.describeMandelbrot(n) : "n=" + n + " " + dt.numpyName(), params, all, load);
            if (grid) LoopsSuite.printGoals(table, all);
            if (!selections.isEmpty()) {
                table.println();
                table.println("auto against the targets it chooses among (the fastest of them measured in this run):");
                SelectionTable.ratioLine(table);
                SelectionTable.print(table, selections);
            }
        }
        if (json != null) {
            Map<String, Object> top = new java.util.LinkedHashMap<>();
            if (calibration != null) top.put("calibration", calibration);
            if (!selections.isEmpty()) top.put("selection", SelectionTable.json(SelectionTable.summarise(selections)));
            String j = Json.write(Json.results(command, all, settings, params, load, top));
            if (json.equals("-")) out.println(j); else Files.writeString(Path.of(json), j + "\n");
        }
        if (plotFile != null) {
            Plot.write(plotFile, command, all);
            err.println("bench: chart written to " + plotFile);
        }
        for (String f : failures) err.println("numfuse: error: " + f);
        err.flush();
        return failures.isEmpty() ? 0 : 1;
    }

    /** The groups of rows to measure, each built only when its turn comes (inputs of 10^7 elements are large). */
    private List<Function<Void, List<Row>>> plan(String s, Suites.Params p, PrintWriter err) {
        List<Function<Void, List<Row>>> plan = new ArrayList<>();
        if (expr != null) {
            List<Row> rows = exprRows(expr.strip(), p, err);   // built now: a bad expression fails before anything runs
            plan.add(v -> rows);
            return plan;
        }
        switch (s) {
            case "selection" -> plan.addAll(SelectionSuite.plan(p.targets(), p.n(), dtype == null ? null : p.dtype(), p.residency(), only));
            case "stream" -> plan.add(v -> Suites.stream(p));
            case "laplace" -> plan.add(v -> Suites.laplace(p.n(), p.targets()));
            case "dispatch" -> plan.add(v -> Suites.dispatch(p));
            case "resident" -> plan.addAll(ResidentSuite.plan(p, err));
            case "loops" -> plan.addAll(LoopsSuite.plan(p, only, err));
            case "mandelbrot" -> plan.addAll(LoopsSuite.plan(p, "mandelbrot", err));   // the loops suite's Mandelbrot group, alone
            case "select" -> plan.addAll(SelectSuite.plan(p));
            case "kmeans" -> plan.addAll(KMeansSuite.plan(p));
            case "ops" -> plan.addAll(OpsSuite.plan(p, only));
            case "matmul" -> plan.addAll(MatmulSuite.plan(p));
            default -> {
                for (Suites.Case c : Suites.cases(s)) plan.add(v -> Suites.rows(c, p));
                if (s.equals("reduce")) plan.add(v -> Suites.argmax(p));
            }
        }
        return plan;
    }

    /**
     * The rows for {@code --expr}: the names it uses are arrays of random values. numfuse binds
     * the tree its parser made once per call; the eager baseline walks the same tree, and runs
     * unless the expression uses what it has no loop for ({@link Eager.Unsupported}: said on
     * {@code err}, never dropped silently).
     */
    static List<Row> exprRows(String expression, Suites.Params p, PrintWriter err) {
        Ast ast = ExprParser.parse(expression);   // a syntax error is the user's, shown as it is
        List<String> names = List.copyOf(Eager.names(ast));
        if (names.isEmpty()) throw new Main.UserError("--expr: '" + expression + "' names no arrays to benchmark");
        Map<String, NDArray> tiny = new java.util.HashMap<>();
        for (int i = 0; i < names.size(); i++) tiny.put(names.get(i), Num.random(i + 1, p.dtype(), 4));
        Num.eval(expression, ast, tiny);   // numfuse's binding errors (an axis out of range, a type error) first, alone
        String noEager = eagerMissing(ast, names, p.dtype());
        if (noEager != null) err.println("bench: no baseline:eager row for this expression: " + noEager);
        Suites.Case known = Suites.known(expression);
        return Suites.rows(expression, expression, noEager == null ? ast : null, names, arrays -> Num.eval(expression, ast, arrays),
                known == null ? List.of() : known.hands(), known == null ? null : known.ratioTo(), 0, p);
    }

    /** Why the eager baseline cannot evaluate {@code ast} (tried on a few elements), or null when it can. */
    static String eagerMissing(Ast ast, List<String> names, DType dt) {
        Map<String, Object> small = new java.util.HashMap<>();
        for (int i = 0; i < names.size(); i++) small.put(names.get(i), Suites.randomArray(i + 1, dt, 4));
        try {
            Eager.eval(ast, small, 4);
            return null;
        } catch (Eager.Unsupported | IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    /**
     * Cross-checks values, and works out ratios, bandwidths and checksums; then drops the inputs.
     * Returns what failed among the checks a row requires ({@link Row#mustVerify}, {@link Row#validate}).
     */
    static List<String> finish(List<Row> rows, PrintWriter err) {
        List<String> failures = new ArrayList<>();
        for (Row r : rows) {
            String what = r.caseName + " (n=" + r.n + ", " + r.dtype + ") on " + r.label();
            if (r.validate != null && r.value != null) {
                String wrong = r.validate.apply(r.value.get());
                if (wrong != null) failures.add(what + ": " + wrong);
            }
            if (r.checkAgainst == null || r.value == null || r.label().equals(r.checkAgainst)) continue;
            Row ref = rows.stream().filter(x -> x.caseName.equals(r.caseName) && x.label().equals(r.checkAgainst)).findFirst().orElse(null);
            if (ref == null || ref.value == null) {
                if (r.mustVerify) failures.add(what + ": not verified, no " + r.checkAgainst + " row to compare with");
                continue;
            }
            double tol = r.checkExact ? 0 : r.dtype.equals("float32") ? 1e-5 : 1e-9;
            double diff = maxRelDiff(r.value.get(), ref.value.get());
            boolean ok = diff <= tol;
            r.extra.put("verified", ok);
            if (!ok && r.mustVerify) {
                failures.add(String.format(Locale.ROOT, "%s differs from %s (max relative difference %.3g)", what, ref.label(), diff));
            } else if (!ok) {
                err.printf("bench: warning: %s on %s differs from %s (max relative difference %.3g)%n", r.caseName, r.label(), ref.label(), diff);
            }
        }
        for (Row r : rows) {
            if (r.caseName.equals("laplace") && r.value != null) {
                r.extra.put("iterations", Suites.LAPLACE_ITERATIONS);
                r.extra.put("seconds_per_iteration", r.median());
                r.extra.put("checksum", DemoCommand.exactSum((double[]) r.value.get()));
            }
            if (r.numfuse && r.timedCalls > 0 && !r.ranOn.isEmpty()) {   // kernels launched per call (the first call's with the samples')
                long runs = r.ranOn.entrySet().stream().filter(e -> !e.getKey().startsWith(KernelRuns.FELL_BACK)).mapToLong(Map.Entry::getValue).sum();
                r.extra.put("kernels_run_per_call", (double) runs / (r.timedCalls + 1));
            }
            if (r.residency != null && r.timedCalls > 0) {   // what the residency cost each call: copies up and back
                r.extra.put("uploads_per_call", (double) r.uploads / r.timedCalls);
                r.extra.put("downloads_per_call", (double) r.downloads / r.timedCalls);
            }
            if (r.flopsPerCall > 0) r.extra.put("gflop_per_s", r.flopsPerCall / r.median() / 1e9);
            if (r.bytesPerCall > 0) {
                r.extra.put("bytes", (long) r.bytesPerCall);
                r.extra.put("gb_per_s", r.bytesPerCall / r.median() / 1e9);
            }
            if (r.ratioTo != null) {
                Row ref = rows.stream().filter(x -> x.caseName.equals(r.caseName) && x.label().equals(r.ratioTo)).findFirst().orElse(null);
                if (ref != null) {
                    r.extra.put("ratio", r.median() / ref.median());
                    r.extra.put("ratio_to", ref.label());
                    if (r.reportWorst) r.extra.put("worst_ratio", r.max() / ref.max());
                }
            }
        }
        for (Row r : rows) r.release();
        return failures;
    }

    /** The largest |x - y| / max(1, |y|) over the elements; infinite when the lengths differ. */
    static double maxRelDiff(Object x, Object y) {
        double[] a = doubles(x), b = doubles(y);
        if (a.length != b.length) return Double.POSITIVE_INFINITY;
        double worst = 0;
        for (int i = 0; i < a.length; i++) {
            if (Double.compare(a[i], b[i]) == 0) continue;
            double d = Math.abs(a[i] - b[i]) / Math.max(1, Math.abs(b[i]));
            worst = Math.max(worst, Double.isNaN(d) ? Double.POSITIVE_INFINITY : d);
        }
        return worst;
    }

    private static double[] doubles(Object o) {
        if (o instanceof double[] d) return d;
        if (o instanceof Number d) return new double[] { d.doubleValue() };
        if (o instanceof int[] i) return java.util.Arrays.stream(i).asDoubleStream().toArray();
        if (o instanceof Boolean b) return new double[] { b ? 1 : 0 };
        if (o instanceof boolean[] b) {
            double[] d = new double[b.length];
            for (int i = 0; i < b.length; i++) d[i] = b[i] ? 1 : 0;
            return d;
        }
        float[] f = (float[]) o;
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) d[i] = f[i];
        return d;
    }

    // ---- options ------------------------------------------------------------------------------

    /**
     * The targets of {@code --targets}, each checked. An empty entry (jvm,,auto, or a comma at
     * either end) is refused, naming it, as any other bad entry is: it used to be skipped
     * silently, which hid a target left out by mistake. Each is the target's own name
     * ({@code opencl} and {@code cpu} are {@code opencl:0}), which its kernels' counts carry: under
     * the alias every row was flagged as "not opencl's figure".
     */
    static List<String> parseTargets(String list) {
        if (list.isBlank()) throw new Main.UserError("--targets: no target given; use jvm, interpreter, opencl[:N] or auto");
        Set<String> out = new LinkedHashSet<>();
        String[] entries = list.split(",", -1);
        for (int i = 0; i < entries.length; i++) {
            String s = entries[i].strip().toLowerCase(Locale.ROOT);
            if (s.isEmpty()) {
                throw new Main.UserError("--targets: entry " + (i + 1) + " of '" + list + "' is empty; name a target there (jvm, interpreter, opencl[:N] or auto) or drop the comma");
            }
            if (s.startsWith("baseline")) throw new Main.UserError("--targets: baselines always run; name numfuse targets (jvm, interpreter, auto)");
            out.add(Targets.parse(s).name());   // a clear error for an unknown or unavailable target; an alias (opencl, cpu, gpu) by the name its kernels run under
        }
        if (out.isEmpty()) throw new Main.UserError("--targets: no target given; use jvm, interpreter, opencl[:N] or auto");
        return List.copyOf(out);
    }

    static DType parseDtype(String s) {
        return switch (s.strip().toLowerCase(Locale.ROOT)) {
            case "f32", "float32" -> DType.FLOAT32;
            case "f64", "float64" -> DType.FLOAT64;
            default -> throw new Main.UserError("unknown --dtype '" + s + "': use f32 or f64");
        };
    }

    private static void checkWritable(Path p) {
        Path dir = p.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir)) throw new Main.UserError("--json: directory does not exist: " + dir);
        if (Files.isDirectory(p)) throw new Main.UserError("--json: " + p + " is a directory");
    }

    // ---- the table ----------------------------------------------------------------------------

    /** The 1-minute load average (Linux), to tell a quiet machine from a busy one; null where unknown. */
    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split("\\s+")[0];
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

}
