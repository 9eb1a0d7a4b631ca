package io.numfuse.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import io.numfuse.core.DType;
import io.numfuse.runtime.KernelRuns;
import io.numfuse.runtime.Targets;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * One run of a demo: its options, its rows measured case by case with {@link Measure} (the
 * bench's timing discipline), checked against each other, ranked against the fastest, and at
 * the end its JSON and its exit status. Progress goes to stderr; the table to stdout, or to
 * stderr when the JSON goes to stdout ({@code --json -}).
 */
final class DemoRun {
    /** What {@link DemoCommand} parsed; null where the demo's default applies. */
    record Options(List<String> targets, Integer size, Integer iterations, Integer maxN, DType dtype, Integer repeats,
                   Integer warmupMs, Path out, String json) {}

    /**
     * How the rows of a case are checked: the check value's name ({@code count_sum}), how it is
     * computed from a row's values and shown, the largest relative difference allowed between a
     * row's values and the reference row's, element by element (0: bit for bit), and the value
     * every row must have where one is known for these settings (null otherwise).
     */
    record Check(String key, Function<Object, Object> of, Function<Object, String> show, double tolerance, Object expected, String expectedWhy) {}

    final String demo;
    final Options options;
    /** Where the tables go (stdout, or stderr under {@code --json -}), progress, and stdout. */
    final PrintWriter table, progress, stdout;
    private final List<Row> results = new ArrayList<>();
    private final Map<String, Object> fields = new LinkedHashMap<>();
    private final List<String> failures = new ArrayList<>(), files = new ArrayList<>();
    private final long start = System.nanoTime();
    /** The 1-minute load average as the demo started (null where unknown): a busy machine's figures are noisy. */
    private final String loadBefore = BenchCommand.loadAverage();
    private Path outDir;
    private long lastLine;
    /** Every progress line (mandelbrot, laplace: few, long steps), or at most one each 2 s (many short cases). */
    boolean everyLine = true;

    DemoRun(String demo, Options options, PrintWriter out, PrintWriter err) {
        this.demo = demo;
        this.options = options;
        this.stdout = out;
        this.progress = err;
        this.table = "-".equals(options.json()) ? err : out;
    }

    /** The default targets: the JVM, every OpenCL device and auto (the interpreter, a slow reference, only when named). */
    static List<String> everyAvailableTarget() { return Suites.jvmAndDevices(true); }

    List<String> targets() { return options.targets(); }

    /** Measure's settings: {@code --repeats} or {@code repeats}, {@code --warmup} or {@code warmupMs}. */
    Measure.Settings settings(int repeats, int warmupMs) {
        int r = options.repeats() != null ? options.repeats() : repeats;
        int w = options.warmupMs() != null ? options.warmupMs() : warmupMs;
        return new Measure.Settings(r, w * 1_000_000L, BenchCommand.MIN_SAMPLE_NANOS);
    }

    /** Calibrates the devices auto chooses among when auto is a target and they have no profile yet. */
    void prepareAuto() {
        if (targets().stream().anyMatch(t -> t.startsWith("auto"))) fields.put("calibration", AutoProfiles.ensure(progress, "demo " + demo));
    }

    /** A demo-level JSON field ({@code stream_gb_per_s}...). */
    void field(String name, Object value) { fields.put(name, value); }

    // ---- progress -----------------------------------------------------------------------------

    /** A progress line on stderr ({@link #everyLine}: or only when 2 s have passed since the last). */
    void say(String line, boolean always) {
        long now = System.nanoTime();
        if (!always && !everyLine && now - lastLine < 2_000_000_000L) return;
        lastLine = now;
        progress.printf(Locale.ROOT, "%s [%.0f s]: %s%n", demo, (now - start) / 1e9, line);
        progress.flush();
    }

    private Measure.Steps steps(String what) {
        String prefix = what.isEmpty() ? "" : what + ": ";
        return new Measure.Steps() {
            @Override public void firstCall(Row r) { say(prefix + "first call on " + DemoTable.label(r, true), false); }
            @Override public void warmingUp(Row r) { say(prefix + "warming up " + DemoTable.label(r, true), false); }
            @Override public void sampled(int k, int of) { say(prefix + "sample " + k + " of " + of, false); }
        };
    }

    // ---- the table's header -----------------------------------------------------------------------

    /** The lines above a table: what ran, on what, and how to read the columns. */
    void header(String what, List<Row> rows) {
        int samples = rows.stream().mapToInt(r -> r.samples.length).max().orElse(0);
        table.println();
        table.println(what);
        String load = BenchCommand.loadAverage();
        table.printf(Locale.ROOT, "targets %s; baselines on %d threads (%d cpus)%s%n", String.join(",", targets()), Par.threads(),
                Runtime.getRuntime().availableProcessors(), load == null ? "" : "; load average " + loadBefore + " before, " + load + " after");
        table.printf(Locale.ROOT, "JDK %s; %s%n", Runtime.version(), ZonedDateTime.now().withNano(0).toOffsetDateTime());
        table.printf(Locale.ROOT, "first call: the first run in this process (compilation included); median, min-max: of %d samples%n", samples);
        table.println("after a warm-up; x fastest: median / the fastest row's median (1.00 = the fastest).");
        table.flush();
    }

    // ---- measuring and checking ---------------------------------------------------------------

    /**
     * Measures the rows of one case ({@code what}, for the progress lines), checks their values
     * against the reference row's (the Java loop, else the first row), hands each row's values
     * to {@code keep} (may be null: for a picture), sets each row's ratio to the fastest, and
     * keeps the rows, their inputs dropped, for the JSON.
     */
    void measure(String what, List<Row> rows, Measure.Settings s, Check check, BiConsumer<Row, Object> keep) {
        if (!what.isEmpty()) say(what, false);
        Measure.measure(rows, s, progress, steps(what));
        for (Row r : rows) {   // auto's choice: where its kernels ran in the samples (its first calls run on the JVM while it builds)
            if (!r.target.startsWith("auto") || r.sampleRanOn.isEmpty()) continue;
            r.chosen = String.join("+", r.sampleRanOn.entrySet().stream().filter(e -> !e.getKey().startsWith(KernelRuns.FELL_BACK))
                    .sorted(Map.Entry.<String, Long>comparingByValue().reversed()).map(Map.Entry::getKey).toList());
        }
        Row ref = rows.stream().filter(r -> r.target.equals(Suites.JAVA_LOOP) && r.value != null).findFirst()
                .orElse(rows.stream().filter(r -> r.value != null).findFirst().orElse(null));
        Object refValues = ref == null ? null : ref.value.get();
        for (Row r : rows) {
            if (r.value == null) continue;
            Object v = r == ref ? refValues : r.value.get();
            Object c = check.of().apply(v);
            r.extra.put(check.key(), c);
            String who = demo + (what.isEmpty() ? "" : " " + what) + ": " + DemoTable.label(r, true);
            if (r != ref) {
                double diff = BenchCommand.maxRelDiff(v, refValues);
                boolean ok = check.tolerance() == 0 ? diff == 0 : diff <= check.tolerance();
                r.extra.put("agrees", ok);
                if (!ok) {
                    failures.add(String.format(Locale.ROOT, "%s disagrees with %s: %s %s against %s (largest relative difference %.3g%s)",
                            who, DemoTable.label(ref, true), check.key(), check.show().apply(c), check.show().apply(ref.extra.get(check.key())),
                            diff, check.tolerance() == 0 ? ", where every value must be equal" : ", allowed " + check.tolerance()));
                }
            }
            if (check.expected() != null && !check.expected().equals(c)) {
                failures.add(who + ": " + check.key() + " is " + check.show().apply(c) + ", not " + check.show().apply(check.expected()) + " (" + check.expectedWhy() + ")");
            }
            if (keep != null) keep.accept(r, v);
        }
        double fastest = rows.stream().mapToDouble(Row::median).filter(d -> !Double.isNaN(d)).min().orElse(Double.NaN);
        for (Row r : rows) r.extra.put("x_fastest", r.median() / fastest);
        for (Row r : rows) r.release();
        results.addAll(rows);
    }

    /** A failure found by a demo itself: printed at the end, and the exit status 1. */
    void fail(String what) { failures.add(what); }

    // ---- files ----------------------------------------------------------------------------------

    /** What writes a chart to the path it is given. */
    interface ChartWriter { void write(Path file) throws IOException; }

    /** The folder the charts go to: --out, or a new folder named after the demo and the time, made on first use. */
    Path outDir() throws IOException {
        if (outDir == null) {
            outDir = options.out() != null ? options.out()
                    : Path.of("numfuse-demo-" + demo + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
            Files.createDirectories(outDir);
        }
        return outDir;
    }

    /**
     * Writes a chart into the output folder and prints its path; a chart that cannot be drawn
     * (no fonts on a headless machine, say) is a failure, while the figures stand.
     */
    void chart(String fileName, ChartWriter w) {
        Path file;
        try {
            file = outDir().resolve(fileName);
        } catch (IOException e) {
            fail("cannot make the folder for the charts (--out): " + Main.oneLine(String.valueOf(e.getMessage())));
            return;
        }
        try {
            DemoCharts.headless();
            w.write(file);
            files.add(file.toString());
            table.println("wrote " + file);
            table.flush();
        } catch (IOException | RuntimeException | LinkageError | java.awt.AWTError | InternalError e) {
            fail("could not write " + file + ": " + e.getClass().getSimpleName() + ": " + Main.oneLine(String.valueOf(e.getMessage()))
                    + " (a headless JDK needs fontconfig and a font, e.g. apt-get install fontconfig fonts-dejavu-core)");
        }
    }

    // ---- the end ------------------------------------------------------------------------------

    /** Writes the JSON (when asked), prints the failures; returns the exit status: 1 when anything failed. */
    int finish() throws IOException {
        if (options.json() != null) {
            String j = json();
            if (options.json().equals("-")) {
                stdout.println(j);
                stdout.flush();
            } else {
                Files.writeString(Path.of(options.json()), j + "\n");
                table.println("wrote " + options.json());
            }
        }
        table.flush();
        for (String f : failures) progress.println("numfuse: error: " + f);
        progress.flush();
        return failures.isEmpty() ? 0 : 1;
    }

    private String json() throws JsonProcessingException {
        Map<String, Object> top = new LinkedHashMap<>();
        top.put("command", "demo " + demo);
        top.put("numfuse", Main.VERSION);
        Map<String, Object> machine = new LinkedHashMap<>();
        machine.put("cpus", Runtime.getRuntime().availableProcessors());
        machine.put("threads", Par.threads());
        machine.put("jdk", Runtime.version().toString());
        machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        machine.put("max_heap_bytes", Runtime.getRuntime().maxMemory());
        if (loadBefore != null) machine.put("load_average", loadBefore + " before, " + BenchCommand.loadAverage() + " after");
        List<Map<String, Object>> devices = new ArrayList<>();
        for (var t : Targets.all()) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("name", t.name());
            d.put("description", t.description());
            devices.add(d);
        }
        machine.put("devices", devices);
        top.put("machine", machine);
        top.put("date", ZonedDateTime.now().withNano(0).toString());
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("targets", targets());
        if (options.repeats() != null) settings.put("repeats", options.repeats());
        if (options.warmupMs() != null) settings.put("warmup_ms", options.warmupMs());
        top.put("settings", settings);
        top.putAll(fields);
        top.put("files", files);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Row r : results) rows.add(row(r));
        top.put("results", rows);
        var printer = new DefaultPrettyPrinter().withSeparators(Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER));
        return new ObjectMapper().writer(printer).writeValueAsString(top);
    }

    /** A result row of DESIGN.md's shape: case, n, dtype, target, where it ran, the times, the check values. */
    private static Map<String, Object> row(Row r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("case", r.caseName);
        if (r.expr != null) m.put("expr", r.expr);
        m.put("n", r.n);
        m.put("dtype", r.dtype);
        m.put("target", r.target);
        m.put("label", DemoTable.label(r, true).replace(" !", ""));
        if (r.mode != null) m.put("mode", r.mode);
        if (r.chosen != null) m.put("chosen", r.chosen);
        if (r.numfuse) {
            m.put("ran_on", r.ranOnTargets());
            long fell = r.ranOn.entrySet().stream().filter(e -> e.getKey().startsWith(KernelRuns.FELL_BACK)).mapToLong(Map.Entry::getValue).sum();
            if (fell > 0) m.put("fell_back", fell);
            if (r.ranElsewhere()) m.put("not_target_figure", true);
        }
        m.put("first_call_s", number(r.firstCallS));
        m.put("median_s", number(r.median()));
        m.put("min_s", number(r.min()));
        m.put("max_s", number(r.max()));
        m.put("samples", r.samples.length);
        m.put("calls_per_sample", r.batch);
        for (var e : r.extra.entrySet()) m.put(e.getKey(), e.getValue() instanceof Double d ? number(d) : e.getValue());
        return m;
    }

    /** A finite double, or null (JSON has no NaN). */
    private static Double number(double d) { return Double.isFinite(d) ? d : null; }
}
