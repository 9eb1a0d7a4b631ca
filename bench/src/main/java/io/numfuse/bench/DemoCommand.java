package io.numfuse.bench;

import io.numfuse.NDArray;
import io.numfuse.Num;
import io.numfuse.core.DType;
import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code numfuse demo}: PyCUDA-style demos that race the same code on every target, side by side
 * with the baselines a PyCUDA user would expect (a hand-written Java loop on the JVM backend's
 * threads, NumPy-style eager evaluation, a raw OpenCL kernel), and show the numbers (a table,
 * {@code --json}) and the pictures (PNG charts in {@code --out}). With no demo named it lists them.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = { "Race a demo on every available target (jvm, each OpenCL device, auto), "
                        + "next to baselines measured in the same run.",
                "With no DEMO: the demos.",
                "",
                "Demos:",
                "  mandelbrot  PyCUDA's example as plain array code: escape counts,",
                "              1024x1024, 100 iterations; a PNG per target",
                "  speedtest   PyCUDA's math speed test: sin, cos, exp, log, sqrt, tanh,",
                "              arctan2, pow, 20 nested sins, N = 10^3 .. 10^7: from",
                "              which N does a device win?",
                "  laplace     Jacobi iterations on a 500x500 float64 grid: the time per",
                "              iteration, the field as a heat map",
                "  lincomb     a+b*c, a+a*c, a*a+a over N = 10^3 .. 10^7: fused against",
                "              eager temporaries, GB/s against the STREAM bandwidth",
                "",
                "Each prints a table: the first call (compilation included), the median",
                "and min-max of the samples, the ratio to the fastest row, and a check",
                "value every row must agree on (a disagreement fails the demo). It writes",
                "labelled PNG charts into --out, and its figures as JSON with --json.",
                "Progress goes to stderr; with --json - stdout holds the JSON alone and",
                "the table goes to stderr.",
                "",
                "Examples:",
                "  numfuse demo mandelbrot",
                "  numfuse demo laplace --targets jvm,opencl:0 --json laplace.json",
                "  numfuse demo speedtest --max-n 1000000 --out /tmp/speed",
                "  numfuse demo lincomb --dtype f32 --repeats 3",
                "" })
final class DemoCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    /** The demos, in the order {@code numfuse demo} lists them, with their one-line descriptions. */
    static final List<String[]> DEMOS = List.of(
            new String[] { "mandelbrot", "PyCUDA's Mandelbrot as plain array code, 1024x1024x100 float32, a PNG per target" },
            new String[] { "speedtest", "PyCUDA's math speed test: 8 functions, 20 nested sins, N = 10^3..10^7, log-log" },
            new String[] { "laplace", "Jacobi iterations on a 500x500 float64 grid: time per iteration, a heat map" },
            new String[] { "lincomb", "a+b*c, a+a*c, a*a+a over N = 10^3..10^7: fused vs eager temporaries, GB/s" });

    @Parameters(index = "0", arity = "0..1", paramLabel = "DEMO", description = "mandelbrot, speedtest, laplace or lincomb (none: list them).")
    String demo;

    @Option(names = "--targets", paramLabel = "LIST",
            description = "numfuse targets, comma-separated: jvm, interpreter, opencl[:N], auto (default: jvm, every OpenCL device and auto; the interpreter only when named). Baselines always run.")
    String targets;

    @Option(names = "--target", paramLabel = "LIST", hidden = true, description = "Deprecated: --targets.")
    String target;

    @Option(names = "--size", paramLabel = "N", description = "mandelbrot and laplace: the grid's side (default 1024 and 500).")
    Integer size;

    @Option(names = "--iterations", paramLabel = "K",
            description = "mandelbrot: iterations (default 100); laplace: Jacobi iterations (default 100); speedtest: how many sins the repeated-sin case nests (default 20).")
    Integer iterations;

    @Option(names = "--max-n", paramLabel = "N", description = "speedtest and lincomb: the largest N of the sizes 10^3, 10^4, ... (default 10000000).")
    Integer maxN;

    @Option(names = "--dtype", paramLabel = "f32|f64", description = "mandelbrot (default f32: f64's counts sum to 3469297), speedtest (default f32), lincomb (default f64); laplace is f64.")
    String dtype;

    @Option(names = "--repeats", paramLabel = "R",
            description = "Steady-state samples per row (default: mandelbrot 5, laplace 7, speedtest and lincomb 5, and 3 from N = 10^6).")
    Integer repeats;

    @Option(names = "--warmup", paramLabel = "MS", description = "Warm-up time per row in milliseconds (default: 200; laplace 1000; speedtest and lincomb 100).")
    Integer warmupMs;

    @Option(names = "--out", paramLabel = "DIR", description = "Where the PNG charts go (default: a new folder numfuse-demo-DEMO-yyyyMMdd-HHmmss here).")
    Path outDir;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the figures as JSON to FILE ('-': the JSON on stdout, the table on stderr).")
    String json;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut(), err = spec.commandLine().getErr();
        if (demo == null) {
            out.println("numfuse demo DEMO: the demos (numfuse demo --help for their options):");
            for (String[] d : DEMOS) out.printf("  %-11s %s%n", d[0], d[1]);
            out.flush();
            return 0;
        }
        String name = demo.strip().toLowerCase(Locale.ROOT);
        if (DEMOS.stream().noneMatch(d -> d[0].equals(name))) {
            throw new Main.UserError("unknown demo '" + demo + "': the demos are " + String.join(", ", DEMOS.stream().map(d -> d[0]).toList()));
        }
        DemoRun.Options o = options(name, err);
        DemoRun run = new DemoRun(name, o, out, err);
        String saved = Main.saveTarget();
        try {
            switch (name) {
                case "mandelbrot" -> MandelbrotDemo.run(run);
                case "laplace" -> LaplaceDemo.run(run);
                case "speedtest" -> SpeedTestDemo.run(run);
                default -> LincombDemo.run(run);
            }
        } finally {
            Num.useTarget(saved);
        }
        return run.finish();
    }

    /** The options, checked against what {@code name} takes: a mistake is one line, before anything runs. */
    private DemoRun.Options options(String name, PrintWriter err) {
        boolean grid = name.equals("mandelbrot") || name.equals("laplace"), sizes = !grid;
        if (target != null && targets != null) throw new Main.UserError("give --targets (or its old name --target), not both");
        String list = targets != null ? targets : target;
        List<String> targetList = list == null ? DemoRun.everyAvailableTarget() : BenchCommand.parseTargets(list);
        if (size != null && !grid) throw new Main.UserError("--size is the grid side of mandelbrot and laplace; " + name + " takes --max-n");
        if (maxN != null && !sizes) throw new Main.UserError("--max-n goes with speedtest and lincomb; " + name + " takes --size");
        if (iterations != null && name.equals("lincomb")) throw new Main.UserError("lincomb takes no --iterations");
        if (size != null && name.equals("mandelbrot") && (size < 2 || size > 8192)) throw new Main.UserError("--size for mandelbrot must be between 2 and 8192, got " + size);
        if (size != null && name.equals("laplace") && (size < 3 || size > 20_000)) throw new Main.UserError("--size for laplace must be between 3 and 20000, got " + size);
        if (iterations != null && (iterations < 1 || iterations > 10_000)) throw new Main.UserError("--iterations must be between 1 and 10000, got " + iterations);
        if (maxN != null && (maxN < 1 || maxN > 100_000_000)) throw new Main.UserError("--max-n must be between 1 and 100000000, got " + maxN);
        if (repeats != null && (repeats < 1 || repeats > 10_000)) throw new Main.UserError("--repeats must be between 1 and 10000, got " + repeats);
        if (warmupMs != null && (warmupMs < 0 || warmupMs > 600_000)) throw new Main.UserError("--warmup must be between 0 and 600000 ms, got " + warmupMs);
        DType dt = dtype == null ? null : BenchCommand.parseDtype(dtype);
        if (name.equals("laplace") && dt != null && dt != DType.FLOAT64) throw new Main.UserError("laplace is float64 only");
        if (json != null && !json.equals("-")) {
            Path p = Path.of(json).toAbsolutePath();
            if (p.getParent() == null || !Files.isDirectory(p.getParent())) throw new Main.UserError("--json: directory does not exist: " + p.getParent());
            if (Files.isDirectory(p)) throw new Main.UserError("--json: " + json + " is a directory");
        }
        if (outDir != null && Files.exists(outDir) && !Files.isDirectory(outDir)) throw new Main.UserError("--out: " + outDir + " exists and is not a directory");
        return new DemoRun.Options(targetList, size, iterations, maxN, dt, repeats, warmupMs, outDir, json);
    }

    // ---- the Laplace example (the demo, the laplace and loops suites) ---------------------------

    /** The DESIGN.md example's initial n x n float64 grid: zeros, with u[0, :] = 4x(1-x) for x = 0, dx, ..., 1. */
    static NDArray laplaceGrid(int n) {
        double dx = 1.0 / (n - 1);
        NDArray x = Num.arange(n).mul(dx);
        NDArray u = Num.zeros(DType.FLOAT64, n, n);
        u.slice("0, :").assign(x.mul(x.rsub(1.0)).mul(4.0));
        return u;
    }

    /**
     * One Jacobi step in a {@link Num#scope()}: the snapshot the write takes of {@code u} (its
     * right-hand side reads u) is freed as the step ends, so steps reuse two buffers.
     */
    static void laplaceStep(NDArray u) {
        try (var _ = Num.scope()) {
            jacobi(u);
        }
    }

    /** One Jacobi step on the interior of the square grid {@code u} (NumPy's right-side-first assignment). */
    static void jacobi(NDArray u) {
        int n = u.shape()[0];
        double dx = 1.0 / (n - 1), dx2 = dx * dx, dy2 = dx2;
        u.slice("1:-1, 1:-1").assign(
                u.slice("0:-2, 1:-1").add(u.slice("2:, 1:-1")).mul(dy2)
                 .add(u.slice("1:-1, 0:-2").add(u.slice("1:-1, 2:")).mul(dx2))
                 .div(2 * (dx2 + dy2)));
    }

    /**
     * The sum of {@code v}, computed exactly and rounded once to the nearest double
     * ({@link BigDecimal#doubleValue()} rounds correctly; rounding through 16 decimal digits first,
     * as this did, can land one unit in the last place off).
     */
    static double exactSum(double[] v) {
        BigDecimal s = BigDecimal.ZERO;
        for (double d : v) s = s.add(new BigDecimal(d));
        return s.doubleValue();
    }
}
