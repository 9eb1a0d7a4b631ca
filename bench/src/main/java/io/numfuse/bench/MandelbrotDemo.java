package io.numfuse.bench;

import io.numfuse.NDArray;
import io.numfuse.Num;
import io.numfuse.core.DType;
import io.numfuse.ir.Op;
import io.numfuse.runtime.OpenClTarget;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code numfuse demo mandelbrot}: PyCUDA's Mandelbrot example — the escape counts over its
 * window at 1024x1024 and 100 iterations — written with numfuse's array API as plainly as NumPy
 * code ({@link #plain}: no eval(), no scope), raced on each target next to a hand-written Java
 * loop, NumPy-style eager evaluation and a raw OpenCL kernel; a PNG of the counts per target.
 */
final class MandelbrotDemo {
    private MandelbrotDemo() {}

    /** PyCUDA's window: x in [-2.13, 0.77), y in [-1.3, 1.3). */
    static final double X0 = -2.13, X1 = 0.77, Y0 = -1.3, Y1 = 1.3;

    /** The sum of {@link #plain}'s counts at 1024x1024 and 100 iterations (NumPy, the same arithmetic): float32, float64. */
    static final long PYCUDA_SUM = 3_469_209L, PYCUDA_SUM_F64 = 3_469_297L;
    static final int PYCUDA_SIZE = 1024, PYCUDA_ITERATIONS = 100;

    /** {@code n} points from {@code lo} by (hi - lo) / n, computed in float64 and rounded to float32 (NumPy's linspace(lo, hi, n, endpoint=False)). */
    static NDArray axis(int n, double lo, double hi) { return axis(n, lo, hi, DType.FLOAT32); }

    /** {@link #axis} in {@code dt}. */
    static NDArray axis(int n, double lo, double hi, DType dt) { return Num.arange(n).mul((hi - lo) / n).add(lo).astype(dt); }

    /** {@link #plain} in float32. */
    static NDArray plain(int size, int iterations) { return plain(size, iterations, DType.FLOAT32); }

    /**
     * The escape counts on a size x size grid of {@code dt} over PyCUDA's window, written as plain
     * array code: no eval() and no scope, escaped points frozen by {@code where}. A count is the
     * first iteration k (from 0) at which |z|² > 4 after z = z² + c, or 0 if there is none.
     * Returns the int32 counts, lazy (numfuse evaluates the chain as it grows too deep).
     */
    static NDArray plain(int size, int iterations, DType dt) {
        NDArray cr = axis(size, X0, X1, dt).reshape(1, size), ci = axis(size, Y0, Y1, dt).reshape(size, 1);
        NDArray zr = Num.zeros(dt, size, size), zi = Num.zeros(dt, size, size);
        // a float count: Num.where takes a Java double, which an int32 array would promote to float64 (NEP 50); every count is exact
        NDArray count = Num.zeros(dt, size, size);
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

    // ---- the demo -------------------------------------------------------------------------------

    static void run(DemoRun run) {
        DemoRun.Options o = run.options;
        int size = o.size() != null ? o.size() : PYCUDA_SIZE, iterations = o.iterations() != null ? o.iterations() : PYCUDA_ITERATIONS;
        DType dt = o.dtype() != null ? o.dtype() : DType.FLOAT32;
        if (dt != DType.FLOAT32 && dt != DType.FLOAT64) throw new Main.UserError("mandelbrot takes --dtype f32 or f64");
        String dtype = dt.numpyName();
        run.prepareAuto();
        List<Row> rows = rows(size, iterations, dt, run.targets());
        Long expected = size == PYCUDA_SIZE && iterations == PYCUDA_ITERATIONS ? (dt == DType.FLOAT32 ? PYCUDA_SUM : PYCUDA_SUM_F64) : null;
        DemoRun.Check check = new DemoRun.Check("count_sum", v -> {
            long sum = 0;
            for (int c : (int[]) v) sum += c;
            return sum;
        }, String::valueOf, 0, expected, "PyCUDA's and NumPy's sum at 1024x1024x100 " + dtype);
        Map<Row, int[]> counts = new LinkedHashMap<>();
        run.measure("", rows, run.settings(5, 200), check, (r, v) -> { if (r.numfuse) counts.put(r, (int[]) v); });

        run.header(String.format(Locale.ROOT, "mandelbrot: %dx%d %s, %d iterations over PyCUDA's window x in [%.2f, %.2f), y in [%.1f, %.1f)",
                size, size, dtype, iterations, X0, X1, Y0, Y1), rows);
        DemoTable.print(run.table, rows, List.of(DemoTable.labelCol(rows), DemoTable.firstCall("first call"), DemoTable.median("median", 1),
                DemoTable.range("min-max", 1), DemoTable.fastest(), DemoTable.check("count_sum", "count_sum", String::valueOf)));
        run.table.println("numfuse rows: MandelbrotDemo.plain, array code as NumPy's (no eval(), no scope), the counts read");
        run.table.println("on the host. java loop: each pixel iterates until it escapes; eager: one temporary array per");
        run.table.println("operation, as NumPy; raw JOCL: a hand-written OpenCL C kernel on the device.");
        run.table.println("count_sum: the sum of the counts, which every row must equal" + (expected != null ? " (NumPy's: " + expected + ")" : "") + ".");
        run.table.flush();

        String shape = size + "x" + size + "x" + iterations + " " + dtype;
        for (var e : counts.entrySet()) {
            Row r = e.getKey();
            int[] c = e.getValue();
            double[] z = new double[c.length];
            for (int i = 0; i < c.length; i++) z[i] = c[i];
            String title = "mandelbrot " + shape + " \u2014 " + DemoTable.label(r, false) + ", " + DemoTable.time(r.median());
            run.chart("mandelbrot-" + r.target.replace(':', '-') + ".png", f -> DemoCharts.field(f, title, z, size, size,
                    X0, (X1 - X0) / size, Y0, (Y1 - Y0) / size, "Re c", "Im c",
                    new DemoCharts.Gradient(0, Math.max(1, iterations - 1), 0.4), "count: first k with |z|\u00b2 > 4 (0: none)", true, 820, 700));
        }
        Map<String, Double> medians = new LinkedHashMap<>();
        for (Row r : rows) medians.put(DemoTable.label(r, false), r.median() * 1e3);
        run.chart("mandelbrot-times.png", f -> DemoCharts.bars(f, "mandelbrot " + shape + ": median time per run", medians, "ms",
                ms -> DemoTable.time(ms / 1e3), 820, 120 + 40 * medians.size()));
    }

    static List<Row> rows(int size, int iterations, DType dt, List<String> targets) {
        String name = "mandelbrot", dtype = dt.numpyName();
        List<Row> rows = new ArrayList<>();
        for (String spec : targets) {   // each call: the plain code, then the host reads the counts
            Row r = new Row(name, size, dtype, spec);
            r.numfuse = true;
            r.mode = "plain";
            r.prepare = k -> Num.useTarget(spec);
            NDArray[] last = new NDArray[1];
            r.call = () -> Residency.readOnHost(last[0] = plain(size, iterations, dt));
            r.value = () -> last[0].toIntArray();
            if (size > 64) r.hostWarmUp = () -> Residency.readOnHost(plain(16, iterations, dt));
            rows.add(r);
        }
        Object cr = Num.on("jvm", () -> axis(size, X0, X1, dt).eval()), ci = Num.on("jvm", () -> axis(size, Y0, Y1, dt).eval());
        Object crs = dt == DType.FLOAT32 ? ((NDArray) cr).toFloatArray() : ((NDArray) cr).toDoubleArray();
        Object cis = dt == DType.FLOAT32 ? ((NDArray) ci).toFloatArray() : ((NDArray) ci).toDoubleArray();
        int parts = Par.parts((long) size * size);
        {   // by hand: each pixel exits as it escapes, rows split across Par's threads
            Row r = new Row(name, size, dtype, Suites.JAVA_LOOP);
            int[] out = new int[size * size];
            r.call = crs instanceof float[] x
                    ? () -> Par.forRows(size, parts, (f, t) -> Loops.mandelbrot(x, (float[]) cis, iterations, out, f, t))
                    : () -> Par.forRows(size, parts, (f, t) -> Loops.mandelbrot((double[]) crs, (double[]) cis, iterations, out, f, t));
            r.value = () -> out;
            rows.add(r);
        }
        {
            Row r = new Row(name, size, dtype, Suites.EAGER);
            int[][] last = new int[1][];
            r.call = () -> last[0] = eager(crs, cis, size, iterations);
            r.value = () -> last[0];
            rows.add(r);
        }
        for (OpenClTarget t : ResidentSuite.openCl(targets)) {
            Row r = LoopsSuite.rawMandelbrot(name, size, iterations, crs, cis, t, targets);
            r.extra.put("device", t.name());
            rows.add(r);
        }
        for (Row r : rows) r.fixedBatch = 1;   // a sample is one whole computation
        for (Row r : rows) r.extra.put("iterations", iterations);
        return rows;
    }

    /**
     * The NumPy version of {@link #plain} evaluated as NumPy does: each operation over the whole
     * grid into a new temporary (Eager's loops, on Par's threads), c materialised as full grids.
     */
    static int[] eager(Object crAxis, Object ciAxis, int size, int iterations) {
        int n = size * size;
        boolean f32 = crAxis instanceof float[];
        Object cr = f32 ? new float[n] : new double[n], ci = f32 ? new float[n] : new double[n];
        Par.forRows(size, Par.parts(n), (f, t) -> {
            for (int i = f; i < t; i++) {
                for (int j = 0; j < size; j++) {
                    if (f32) {
                        ((float[]) cr)[i * size + j] = ((float[]) crAxis)[j];
                        ((float[]) ci)[i * size + j] = ((float[]) ciAxis)[i];
                    } else {
                        ((double[]) cr)[i * size + j] = ((double[]) crAxis)[j];
                        ((double[]) ci)[i * size + j] = ((double[]) ciAxis)[i];
                    }
                }
            }
        });
        Object zr = f32 ? new float[n] : new double[n], zi = f32 ? new float[n] : new double[n];
        int[] count = new int[n];
        for (int k = 0; k < iterations; k++) {
            Object zr2 = Eager.binary(Op.MUL, zr, zr, n), zi2 = Eager.binary(Op.MUL, zi, zi, n);
            boolean[] inside = compare(Eager.binary(Op.ADD, zr2, zi2, n), false, n);
            Object nzr = where(inside, Eager.binary(Op.ADD, Eager.binary(Op.SUB, zr2, zi2, n), cr, n), zr, n);
            Object nzi = where(inside, Eager.binary(Op.ADD, Eager.binary(Op.MUL, Eager.binary(Op.MUL, zr, zi, n), 2.0, n), ci, n), zi, n);
            boolean[] out = compare(Eager.binary(Op.ADD, Eager.binary(Op.MUL, nzr, nzr, n), Eager.binary(Op.MUL, nzi, nzi, n), n), true, n);
            boolean[] escapes = new boolean[n];
            Par.forRange(n, (f, t) -> { for (int i = f; i < t; i++) escapes[i] = inside[i] & out[i]; });
            int[] c = count, next = new int[n];
            int kk = k;
            Par.forRange(n, (f, t) -> { for (int i = f; i < t; i++) next[i] = escapes[i] ? kk : c[i]; });
            count = next;
            zr = nzr;
            zi = nzi;
        }
        return count;
    }

    /** x <= 4 ({@code greater}: x > 4) as a new boolean array. */
    private static boolean[] compare(Object x, boolean greater, int n) {
        boolean[] o = new boolean[n];
        if (x instanceof float[] a) Par.forRange(n, (f, t) -> { for (int i = f; i < t; i++) o[i] = greater ? a[i] > 4f : a[i] <= 4f; });
        else { double[] a = (double[]) x; Par.forRange(n, (f, t) -> { for (int i = f; i < t; i++) o[i] = greater ? a[i] > 4.0 : a[i] <= 4.0; }); }
        return o;
    }

    /** where(c, a, b) as a new array. */
    private static Object where(boolean[] c, Object a, Object b, int n) {
        if (a instanceof float[] x) {
            float[] y = (float[]) b, o = new float[n];
            Par.forRange(n, (f, t) -> { for (int i = f; i < t; i++) o[i] = c[i] ? x[i] : y[i]; });
            return o;
        }
        double[] x = (double[]) a, y = (double[]) b, o = new double[n];
        Par.forRange(n, (f, t) -> { for (int i = f; i < t; i++) o[i] = c[i] ? x[i] : y[i]; });
        return o;
    }
}
