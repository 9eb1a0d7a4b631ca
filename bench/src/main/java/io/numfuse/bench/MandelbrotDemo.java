package io.numfuse.bench;

import io.numfuse.NDArray;
import io.numfuse.Num;
import io.numfuse.core.DType;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * {@code numfuse demo mandelbrot}: the escape-time Mandelbrot set written with numfuse's array
 * API as plainly as NumPy code (no eval(), no scope: {@link #plain}), over PyCUDA's window, run
 * on each target asked for; prints the time per target and the sum of the escape counts (which
 * every target must agree on), and writes a PNG per target with {@code --out}.
 */
final class MandelbrotDemo {
    private MandelbrotDemo() {}

    /** One target's run; {@code ranOn}: the targets its kernels actually ran on ({@link RanOn}). */
    record Result(String target, double seconds, long countSum, int[] counts, java.util.Set<String> ranOn) {}

    /** PyCUDA's window: x in [-2.13, 0.77), y in [-1.3, 1.3). */
    static final double X0 = -2.13, X1 = 0.77, Y0 = -1.3, Y1 = 1.3;

    /** The sum of {@link #plain}'s counts at 1024x1024 and 100 iterations (NumPy, the same float32 arithmetic). */
    static final long PYCUDA_SUM = 3_469_209L;
    static final int PYCUDA_SIZE = 1024, PYCUDA_ITERATIONS = 100;

    /** {@code n} points from {@code lo} by (hi - lo) / n, computed in float64 and rounded to float32 (NumPy's linspace(lo, hi, n, endpoint=False)). */
    static NDArray axis(int n, double lo, double hi) { return Num.arange(n).mul((hi - lo) / n).add(lo).astype(DType.FLOAT32); }

    /**
     * The escape counts on a size x size float32 grid over PyCUDA's window, written as plain
     * array code: no eval() and no scope, escaped points frozen by {@code where}. A count is the
     * first iteration k (from 0) at which |z|² > 4 after z = z² + c, or 0 if there is none.
     * Returns the int32 counts, lazy (numfuse evaluates the chain as it grows too deep).
     */
    static NDArray plain(int size, int iterations) {
        NDArray cr = axis(size, X0, X1).reshape(1, size), ci = axis(size, Y0, Y1).reshape(size, 1);
        NDArray zr = Num.zeros(DType.FLOAT32, size, size), zi = Num.zeros(DType.FLOAT32, size, size);
        // float32: Num.where takes a Java double, which an int32 array would promote to float64 (NEP 50); every count is exact
        NDArray count = Num.zeros(DType.FLOAT32, size, size);
        for (int k = 0; k < iterations; k++) {
            NDArray zr2 = zr.mul(zr), zi2 = zi.mul(zi);
            NDArray inside = zr2.add(zi2).le(4.0);                    // not escaped yet
            NDArray nzr = Num.where(inside, zr2.sub(zi2).add(cr), zr);
            NDArray nzi = Num.where(inside, zr.mul(zi).mul(2.0).add(ci), zi);
            NDArray escapes = inside.and(nzr.mul(nzr).add(nzi.mul(nzi)).gt(4.0));
            count = Num.where(escapes, k, count);
            zr = nzr;
            zi = nzi;
        }
        return count.astype(DType.INT32);
    }

    static List<Result> run(int size, int iterations, List<String> targets, Path outDir, PrintWriter out) throws IOException {
        List<Result> results = new ArrayList<>();
        out.printf("mandelbrot: %dx%d float32 grid, %d iterations%n", size, size, iterations);
        out.printf("%-12s %12s %14s%n", "target", "time", "sum of counts");
        for (String t : targets) {
            var runs = io.numfuse.runtime.KernelRuns.snapshot();
            long t0 = System.nanoTime();
            NDArray c = Num.on(t, () -> plain(size, iterations).eval());
            int[] counts = c.toIntArray();
            double seconds = (System.nanoTime() - t0) / 1e9;
            var ranOn = RanOn.targets(io.numfuse.runtime.KernelRuns.since(runs));
            long sum = 0;
            for (int v : counts) sum += v;
            Result r = new Result(io.numfuse.runtime.Targets.parse(t).name(), seconds, sum, counts, ranOn);
            results.add(r);
            out.printf("%-12s %10.3f s %14d%s%n", r.target(), seconds, sum, RanOn.note(r.target(), ranOn));
            if (outDir != null) writePng(outDir.resolve("mandelbrot-" + r.target().replace(':', '-') + ".png"), counts, size, iterations);
        }
        for (Result r : results) {
            if (r.countSum() != results.get(0).countSum()) {
                out.printf("warning: %s's sum of counts %d differs from %s's %d%n", r.target(), r.countSum(), results.get(0).target(), results.get(0).countSum());
            }
        }
        return results;
    }

    private static void writePng(Path file, int[] counts, int size, int iterations) throws IOException {
        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        for (int i = 0; i < size; i++) {
            for (int j = 0; j < size; j++) {
                int c = counts[i * size + j];
                int v = c >= iterations ? 0 : (int) (255 * Math.sqrt((double) c / iterations));
                img.setRGB(j, i, (v << 16) | ((v * 3 / 4) << 8) | Math.min(255, v + 40));
            }
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        ImageIO.write(img, "png", file.toFile());
    }
}
