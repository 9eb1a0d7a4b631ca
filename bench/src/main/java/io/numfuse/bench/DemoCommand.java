package io.numfuse.bench;

import io.numfuse.NDArray;
import io.numfuse.Num;
import io.numfuse.core.DType;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code numfuse demo laplace}: PyCUDA-style demos that print what they computed and how fast. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = { "Run a demo: laplace (Jacobi iterations on a grid, the DESIGN.md example) or",
                "mandelbrot (escape counts on a grid, on each target given, with PNGs in --out).",
                "Prints the times and a checksum (laplace: the exactly rounded sum of the grid;",
                "mandelbrot: the sum of the counts, which every target must agree on)." })
final class DemoCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DEMO", description = "laplace or mandelbrot")
    String demo;

    @Option(names = "--size", defaultValue = "200", description = "Grid side (default: ${DEFAULT-VALUE}).")
    int size;

    @Option(names = "--out", paramLabel = "DIR", description = "mandelbrot: write one PNG per target into DIR.")
    Path outDir;

    @Option(names = "--iterations", defaultValue = "100", description = "Jacobi iterations (default: ${DEFAULT-VALUE}).")
    int iterations;

    @Option(names = "--target", defaultValue = "auto",
            description = "auto, jvm, interpreter or opencl[:N]; mandelbrot takes a comma-separated list (default: ${DEFAULT-VALUE}).")
    String target;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the result as JSON to FILE ('-' for stdout).")
    String json;

    @Override
    public Integer call() throws IOException {
        if (demo.equals("mandelbrot")) return mandelbrot();
        if (!demo.equals("laplace")) throw new Main.UserError("unknown demo '" + demo + "': the demos are: laplace, mandelbrot");
        if (size < 3 || size > 20_000) throw new Main.UserError("--size must be between 3 and 20000, got " + size);
        if (iterations < 1) throw new Main.UserError("--iterations must be at least 1, got " + iterations);
        Num.useTarget(target);
        var out = spec.commandLine().getOut();
        out.printf("laplace: %dx%d float64 grid, %d Jacobi iterations on target %s%n", size, size, iterations, Num.target());
        var runs = io.numfuse.runtime.KernelRuns.snapshot();
        long t0 = System.nanoTime();
        NDArray u = laplace(size, iterations, out);
        double[] grid = u.toDoubleArray();
        double seconds = (System.nanoTime() - t0) / 1e9;
        var ranOn = RanOn.targets(io.numfuse.runtime.KernelRuns.since(runs));
        String note = RanOn.note(Num.target(), ranOn);
        if (!note.isEmpty()) out.println(note.strip());
        double checksum = exactSum(grid);
        out.printf("time %.3f s, %.3f ms per iteration%n", seconds, seconds * 1e3 / iterations);
        out.printf("checksum (exactly rounded sum of the grid) %.17g%n", checksum);
        if (json != null) {
            String j = "{\"command\": \"demo laplace\", \"numfuse\": \"" + Main.VERSION + "\", \"machine\": {\"cpus\": "
                    + Runtime.getRuntime().availableProcessors() + "}, \"results\": [{\"case\": \"laplace\", \"n\": " + size
                    + ", \"dtype\": \"float64\", \"target\": " + Json.quote(Num.target()) + RanOn.json(ranOn) + ", \"iterations\": " + iterations
                    + ", \"seconds_per_iteration\": " + Json.number(seconds / iterations) + ", \"checksum\": " + Json.number(checksum) + "}]}";
            if (json.equals("-")) out.println(j); else Files.writeString(Path.of(json), j + "\n");
        }
        return 0;
    }

    /** The DESIGN.md example: u[0, :] = 4x(1-x), then Jacobi steps on the interior. */
    static NDArray laplace(int n, int iterations, java.io.PrintWriter progress) {
        NDArray u = laplaceGrid(n);
        long last = System.nanoTime();
        for (int k = 0; k < iterations; k++) {
            laplaceStep(u);
            if (progress != null && System.nanoTime() - last > 2_000_000_000L) {
                progress.printf("  iteration %d of %d%n", k + 1, iterations);
                last = System.nanoTime();
            }
        }
        return u;
    }

    /** The initial n x n float64 grid: zeros, with u[0, :] = 4x(1-x) for x = 0, dx, ..., 1. */
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

    private Integer mandelbrot() throws IOException {
        if (size < 2 || size > 8192) throw new Main.UserError("--size must be between 2 and 8192, got " + size);
        if (iterations < 1 || iterations > 10_000) throw new Main.UserError("--iterations must be between 1 and 10000, got " + iterations);
        java.util.List<String> targets = new java.util.ArrayList<>();
        for (String t : target.split(",")) {
            if (t.isBlank()) continue;
            io.numfuse.runtime.Targets.parse(t.strip());   // one clear line for an unknown target
            targets.add(t.strip());
        }
        if (targets.isEmpty()) throw new Main.UserError("--target: no target given");
        var out = spec.commandLine().getOut();
        var results = MandelbrotDemo.run(size, iterations, targets, outDir, out);
        if (json != null) {
            StringBuilder j = new StringBuilder("{\"command\": \"demo mandelbrot\", \"numfuse\": \"" + Main.VERSION
                    + "\", \"machine\": {\"cpus\": " + Runtime.getRuntime().availableProcessors() + "}, \"results\": [");
            for (int i = 0; i < results.size(); i++) {
                var r = results.get(i);
                j.append(i == 0 ? "" : ", ").append("{\"case\": \"mandelbrot\", \"n\": ").append(size)
                 .append(", \"dtype\": \"float32\", \"target\": ").append(Json.quote(r.target())).append(RanOn.json(r.ranOn()))
                 .append(", \"iterations\": ").append(iterations)
                 .append(", \"median_s\": ").append(Json.number(r.seconds()))
                 .append(", \"samples\": 1, \"count_sum\": ").append(r.countSum()).append('}');
            }
            j.append("]}");
            if (json.equals("-")) out.println(j); else Files.writeString(Path.of(json), j + "\n");
        }
        return 0;
    }

    /** The sum of {@code v}, computed exactly and rounded once. */
    static double exactSum(double[] v) {
        BigDecimal s = BigDecimal.ZERO;
        for (double d : v) s = s.add(new BigDecimal(d));
        return s.round(MathContext.DECIMAL64).doubleValue();
    }
}
