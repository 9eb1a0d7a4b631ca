package io.numfuse.bench;

import io.numfuse.NDArray;
import io.numfuse.Num;
import io.numfuse.core.DType;
import io.numfuse.runtime.OpenClTarget;
import io.numfuse.runtime.Targets;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jocl.cl_kernel;
import org.jocl.cl_mem;

/**
 * {@code numfuse bench loops}: loops written plainly, as a NumPy user writes them (no
 * {@code eval()}, no {@code Num.scope()}), each next to the loop a Java programmer would write
 * by hand, measured in the same run (issue 13's reference figures). The groups:
 * <ol>
 *   <li>{@code mandelbrot}: {@link MandelbrotDemo#plain} (1024x1024, 100 iterations, float32) on
 *       each target, against the hand loop on Par's threads that exits early per pixel, and on
 *       each OpenCL target a hand-written kernel through raw JOCL (its ratio's reference there);
 *   <li>{@code laplace}: the Jacobi step of the laplace suite (500x500 float64, 100 iterations per
 *       sample) with no scope ({@code plain}), and in a scope ({@code scoped}) for comparison,
 *       against its hand loop;
 *   <li>{@code time integration}: {@link #step} ({@code x += dt*v; v -= dt*x}) over 10^6 float64,
 *       1000 steps per sample, against a hand loop on Par's threads;
 *   <li>{@code alloc-f32}, {@code alloc-f64}: {@code a.add(b.mul(c)).eval()}, which allocates its
 *       10^7-element result, against {@code o.assign(a.add(b.mul(c)))}, median and worst sample.
 * </ol>
 * {@code --size} is the Mandelbrot grid's side; the other sizes scale with it ({@link Sizes}: side
 * 32 is the tests' tiny run). Every numfuse row must agree with its hand loop, or the
 * command fails after its table; at 1024 every Mandelbrot row's counts must sum to PyCUDA's
 * {@link MandelbrotDemo#PYCUDA_SUM}.
 */
final class LoopsSuite {
    private LoopsSuite() {}

    static final int DEFAULT_SIDE = MandelbrotDemo.PYCUDA_SIZE, MAX_SIDE = 2048;
    static final int LAPLACE_SIDE = 500, TIME_N = 1_000_000, ALLOC_N = 10_000_000;
    /** Time steps per sample of the time integration, and its step. */
    static final int TIME_STEPS = 1000;
    static final double DT = 1e-3;
    /** Issue 13's goals: ratios to the hand-written reference, and the first call of the plain Mandelbrot. */
    static final double MANDELBROT_GOAL = 1.5, LAPLACE_GOAL = 1.3, TIME_GOAL = 1.5, ALLOC_GOAL = 1.3, FIRST_CALL_GOAL_S = 1.0;

    /** The sizes of the groups for a Mandelbrot side: the laplace side scales with it, the element counts with its square. */
    record Sizes(int side, int laplace, int timeN, int allocN) {
        static Sizes of(int side) {
            double s = side / (double) DEFAULT_SIDE;
            return new Sizes(side, Math.max(3, (int) Math.round(LAPLACE_SIDE * s)),
                    Math.max(1, (int) Math.round(TIME_N * s * s)), Math.max(1, (int) Math.round(ALLOC_N * s * s)));
        }
    }

    /** The groups, by the names {@code --cases} selects them by. */
    static Map<String, Supplier<List<Row>>> groups(int side, List<String> targets) {
        Sizes z = Sizes.of(side);
        Map<String, Supplier<List<Row>>> g = new LinkedHashMap<>();
        g.put("mandelbrot", () -> mandelbrot(z.side(), targets));
        g.put("laplace", () -> laplace(z.laplace(), targets));
        g.put("time-integration", () -> timeIntegration(z.timeN(), targets));
        g.put("alloc-f32", () -> alloc(z.allocN(), DType.FLOAT32, targets));
        g.put("alloc-f64", () -> alloc(z.allocN(), DType.FLOAT64, targets));
        return g;
    }

    /**
     * The groups to measure (those whose name contains {@code only}, when given), each built when
     * its turn comes; says on {@code err} why Mandelbrot has no raw JOCL row when it has none.
     */
    static List<Function<Void, List<Row>>> plan(Suites.Params p, String only, PrintWriter err) {
        List<Function<Void, List<Row>>> plan = new ArrayList<>();
        groups(p.n(), p.targets()).forEach((name, rows) -> {
            if (!Suites.caseSelected(only, name)) return;
            plan.add(v -> rows.get());
            String skipped = name.equals("mandelbrot") ? rawSkipped(p.targets()) : null;
            if (skipped != null) err.println("bench: mandelbrot has no raw JOCL row: " + skipped);
        });
        return plan;
    }

    /** The default targets: the JVM and every OpenCL device. */
    static List<String> defaultTargets() { return Suites.jvmAndDevices(false); }

    /** Why the Mandelbrot group has no raw JOCL row, or null when it has one per OpenCL target. */
    static String rawSkipped(List<String> targets) {
        if (Targets.openCl().isEmpty()) return "no OpenCL device (" + Targets.openClUnavailableReason() + ")";
        if (ResidentSuite.openCl(targets).isEmpty()) return "no OpenCL target in --targets";
        return null;
    }

    static String describe(int side) {
        Sizes z = Sizes.of(side);
        return String.format(Locale.ROOT, "mandelbrot %dx%dx%d float32, laplace %dx%dx%d float64, time integration %d float64 x %d steps, a+b*c allocating %d",
                side, side, MandelbrotDemo.PYCUDA_ITERATIONS, z.laplace(), z.laplace(), Suites.LAPLACE_ITERATIONS, z.timeN(), TIME_STEPS, z.allocN());
    }

    /** The mandelbrot suite's header: its grid, and what a time is. */
    static String describeMandelbrot(int side) {
        return String.format(Locale.ROOT, "mandelbrot %dx%dx%d float32, time per whole computation (counts read on the host)",
                side, side, MandelbrotDemo.PYCUDA_ITERATIONS);
    }

    // ---- mandelbrot -----------------------------------------------------------------------------

    static final String MANDELBROT_CL = """
            #pragma OPENCL FP_CONTRACT OFF
            __kernel void mandelbrot(__global const float* cr, __global const float* ci, int iterations, __global int* out) {
              int j = get_global_id(0), i = get_global_id(1), w = get_global_size(0);
              float x = cr[j], y = ci[i], zr = 0.0f, zi = 0.0f;
              int count = 0;
              for (int k = 0; k < iterations; k++) {
                float nzr = zr * zr - zi * zi + x;
                zi = zr * zi * 2.0f + y;
                zr = nzr;
                if (zr * zr + zi * zi > 4.0f) { count = k; break; }
              }
              out[i * w + j] = count;
            }
            """;

    static List<Row> mandelbrot(int size, List<String> targets) {
        String name = "mandelbrot";
        int iterations = MandelbrotDemo.PYCUDA_ITERATIONS;
        List<Row> rows = new ArrayList<>();
        for (String spec : targets) {   // each call: the plain code, then the host reads the counts
            Row r = numfuse(name, size, "float32", spec, MANDELBROT_GOAL);
            NDArray[] last = new NDArray[1];
            r.call = () -> Residency.readOnHost(last[0] = MandelbrotDemo.plain(size, iterations));
            r.value = () -> last[0].toIntArray();
            if (size > 64) r.hostWarmUp = () -> Residency.readOnHost(MandelbrotDemo.plain(16, iterations));
            r.extra.put("iterations", iterations);
            r.extra.put("first_call_goal_s", FIRST_CALL_GOAL_S);
            rows.add(r);
        }
        float[] cr = Num.on("jvm", () -> MandelbrotDemo.axis(size, MandelbrotDemo.X0, MandelbrotDemo.X1).toFloatArray());
        float[] ci = Num.on("jvm", () -> MandelbrotDemo.axis(size, MandelbrotDemo.Y0, MandelbrotDemo.Y1).toFloatArray());
        {   // by hand: each pixel exits as it escapes, rows split across Par's threads
            Row r = new Row(name, size, "float32", Suites.JAVA_LOOP);
            int[] out = new int[size * size];
            int parts = Par.parts((long) size * size);
            r.call = () -> Par.forRows(size, parts, (f, t) -> Loops.mandelbrot(cr, ci, iterations, out, f, t));
            r.value = () -> out;
            rows.add(r);
        }
        for (OpenClTarget t : ResidentSuite.openCl(targets)) {
            Row r = rawMandelbrot(name, size, iterations, cr, ci, t, targets);
            ResidentSuite.compareWithRaw(rows, r, t);
            rows.add(r);
        }
        for (Row r : rows) {
            r.checkAgainst = Suites.JAVA_LOOP;
            r.checkExact = true;
            if (r.ratioTo == null) r.ratioTo = Suites.JAVA_LOOP;
            r.mustVerify = true;   // the baselines too: each has the sum of its counts checked
            r.validate = v -> {
                long sum = 0;
                for (int c : (int[]) v) sum += c;
                r.extra.put("count_sum", sum);
                return size == MandelbrotDemo.PYCUDA_SIZE && sum != MandelbrotDemo.PYCUDA_SUM
                        ? "the counts sum to " + sum + ", not " + MandelbrotDemo.PYCUDA_SUM + " (PyCUDA's window at 1024x1024x100)" : null;
            };
        }
        return rows;
    }

    /**
     * The raw JOCL row on device {@code t}: {@link #MANDELBROT_CL} (in double for float64 axes)
     * over the axes {@code cr} (real parts) and {@code ci} (imaginary parts), float[] or double[];
     * a call is a launch, then the counts read back.
     */
    static Row rawMandelbrot(String name, int size, int iterations, Object cr, Object ci, OpenClTarget t, List<String> targets) {
        boolean f64 = cr instanceof double[];
        String src = f64 ? "#pragma OPENCL EXTENSION cl_khr_fp64 : enable\n" + MANDELBROT_CL.replace("float", "double") : MANDELBROT_CL;
        RawJocl cl = RawJocl.open(ResidentSuite.index(t));
        cl_kernel k = cl.kernel(src, "mandelbrot");
        cl_mem out = cl.buffer(4L * size * size);
        RawJocl.arg(k, 0, cl.upload(cr));
        RawJocl.arg(k, 1, cl.upload(ci));
        RawJocl.arg(k, 2, iterations);
        RawJocl.arg(k, 3, out);
        int[] counts = new int[size * size];
        Row r = new Row(name, size, f64 ? "float64" : "float32", ResidentSuite.RAW + ResidentSuite.suffix(targets, t));
        r.call = () -> {
            cl.enqueue(k, size, size);
            cl.read(out, counts);
        };
        r.value = () -> counts;
        return r;
    }

    // ---- laplace --------------------------------------------------------------------------------

    /** The laplace suite's rows but eager: its step with no scope is the plain row, in a scope the comparison. */
    static List<Row> laplace(int side, List<String> targets) {
        List<Row> rows = new ArrayList<>();
        for (Row r : Suites.laplace(side, targets)) {
            if (r.target.equals(Suites.EAGER)) continue;
            if ("assign".equals(r.mode)) {
                r.mode = "plain";
                r.extra.put("goal_ratio", LAPLACE_GOAL);
            }
            r.mustVerify = r.numfuse;
            rows.add(r);
        }
        return rows;
    }

    // ---- time integration -----------------------------------------------------------------------

    /** One step, written plainly: x += dt*v; v -= dt*x (the new x). */
    static void step(NDArray x, NDArray v, double dt) {
        x.assign(x.add(v.mul(dt)));
        v.assign(v.sub(x.mul(dt)));
    }

    static List<Row> timeIntegration(int n, List<String> targets) {
        String name = "time integration";
        DType f64 = DType.FLOAT64;
        double[] x0 = (double[]) Suites.randomArray(1, f64, n), v0 = (double[]) Suites.randomArray(2, f64, n);
        List<Row> rows = new ArrayList<>();
        for (String spec : targets) {
            Row r = numfuse(name, n, "float64", spec, TIME_GOAL);
            NDArray[] s = new NDArray[2];
            r.prepare = k -> {   // the initial state before each batch of steps, untimed
                Num.useTarget(spec);
                s[0] = Num.array(x0);   // numfuse's copies, as np.array(x0) makes
                s[1] = Num.array(v0);
            };
            r.call = () -> step(s[0], s[1], DT);
            r.sync = () -> {   // the steps' writes wait until observed: they run here, in the sample
                s[0].eval();
                s[1].eval();
            };
            r.value = () -> concat(s[0].toDoubleArray(), s[1].toDoubleArray());
            if (n > Suites.HOST_WARMUP_SIZE) {
                NDArray wx = Num.random(1, f64, Suites.HOST_WARMUP_SIZE).eval(), wv = Num.random(2, f64, Suites.HOST_WARMUP_SIZE).eval();
                r.hostWarmUp = () -> step(wx, wv, DT);
            }
            rows.add(r);
        }
        {
            Row r = new Row(name, n, "float64", Suites.JAVA_LOOP);
            double[] x = new double[n], v = new double[n];
            r.prepare = k -> {
                System.arraycopy(x0, 0, x, 0, n);
                System.arraycopy(v0, 0, v, 0, n);
            };
            r.call = () -> Par.forRange(n, (f, t) -> Loops.timeStep(x, v, DT, f, t));
            r.value = () -> concat(x, v);
            rows.add(r);
        }
        for (Row r : rows) {
            r.fixedBatch = TIME_STEPS;   // a sample: TIME_STEPS steps from the initial state; its figure, per step
            r.checkAgainst = Suites.JAVA_LOOP;
            r.ratioTo = Suites.JAVA_LOOP;
            r.extra.put("steps", TIME_STEPS);
        }
        return rows;
    }

    private static double[] concat(double[] a, double[] b) {
        double[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    // ---- allocating a result --------------------------------------------------------------------

    /** The elementwise suite's a+b*c rows but eager: alloc's ratio is to into on the same target, worst sample too. */
    static List<Row> alloc(int n, DType dt, List<String> targets) {
        List<Row> rows = new ArrayList<>();
        for (Row r : Suites.rows(Suites.ABC, new Suites.Params(n, dt, targets))) {
            if (r.target.equals(Suites.EAGER)) continue;
            if ("alloc".equals(r.mode)) {
                r.ratioTo = r.target + "/into";
                r.reportWorst = true;
                r.extra.put("goal_ratio", ALLOC_GOAL);
            }
            r.mustVerify = r.numfuse;
            rows.add(r);
        }
        return rows;
    }

    // ---- helpers --------------------------------------------------------------------------------

    private static Row numfuse(String name, int n, String dtype, String spec, double goal) {
        Row r = new Row(name, n, dtype, spec);
        r.numfuse = true;
        r.mode = "plain";
        r.prepare = k -> Num.useTarget(spec);
        r.mustVerify = true;
        r.extra.put("goal_ratio", goal);
        return r;
    }

    /** After the table: each row with a goal, its ratio (and worst sample, first call) against it. */
    static void printGoals(PrintWriter out, List<Row> rows) {
        List<String> lines = new ArrayList<>();
        for (Row r : rows) {
            if (!(r.extra.get("goal_ratio") instanceof Double goal) || !(r.extra.get("ratio") instanceof Double ratio)) continue;
            StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "  %s %d %s on %s: %.2fx %s", r.caseName, r.n, r.dtype, r.label(),
                    ratio, r.extra.get("ratio_to")));
            boolean met = ratio <= goal;
            if (r.extra.get("worst_ratio") instanceof Double worst) {
                sb.append(String.format(Locale.ROOT, ", worst sample %.2fx its worst", worst));
                met &= worst <= goal;
            }
            sb.append(String.format(Locale.ROOT, " (goal %.1fx: %s)", goal, met ? "met" : "not met"));
            if (r.extra.get("kernels_run_per_call") instanceof Double k) {
                sb.append("; ").append(k == Math.rint(k) ? Long.toString(k.longValue()) : String.format(Locale.ROOT, "%.1f", k)).append(" kernels per call");
            }
            if (r.extra.get("first_call_goal_s") instanceof Double first) {
                sb.append(String.format(Locale.ROOT, "; first call %s (goal under %s: %s)", ResultTable.time(r.firstCallS),
                        ResultTable.time(first), r.firstCallS < first ? "met" : "not met"));
            }
            lines.add(sb.toString());
        }
        if (lines.isEmpty()) return;
        out.println();
        out.println("issue 13's goals (ratios of this run's medians):");
        lines.forEach(l -> ResultTable.wrap(out, l));
        if (rows.stream().anyMatch(r -> r.reportWorst)) {   // the alloc groups
            ResultTable.wrap(out, "  a+b*c allocating should also be at or below NumPy's a + b*c: python3 scripts/alloc_numpy.py, run next to it");
        }
    }
}
