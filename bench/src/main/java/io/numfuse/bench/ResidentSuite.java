package io.numfuse.bench;

import io.numfuse.NDArray;
import io.numfuse.Num;
import io.numfuse.core.DType;
import io.numfuse.runtime.OpenClTarget;
import io.numfuse.runtime.Target;
import io.numfuse.runtime.Targets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.jocl.cl_kernel;
import org.jocl.cl_mem;

/**
 * {@code numfuse bench resident --targets jvm,opencl:0}: numfuse on a device with its data
 * resident (inputs on the device since an earlier evaluation, results left there), next to
 * {@code baseline:raw-jocl}, hand-written OpenCL C launched directly through JOCL on the same
 * device with its data uploaded once and a {@code clFinish} after each launch (issue 5's
 * reference), and {@code baseline:raw-jocl-poll}, the same kernel waited for as numfuse waits
 * (polling its event, then {@code clFinish}). Four groups:
 * <ol>
 *   <li>{@code a+b*c} at {@code --size} (kernel time with inputs resident);
 *   <li>{@code a+b*c} at n=1000 (launch overhead of a cached kernel vs a raw enqueue + finish);
 *   <li>Laplace, 500x500 float64, time per Jacobi iteration over 100 iterations (numfuse's rows
 *       are those of the {@code laplace} suite; the raw loop double-buffers as the Java loop);
 *   <li>first use of a kernel whose binary is in the disk cache (built once, then the in-memory
 *       program cache dropped before each timed call).
 * </ol>
 * Without an OpenCL target in {@code --targets} (or without OpenCL) the raw rows are left out.
 * The ratio of numfuse's rows on a device, and of the raw rows, is to the raw row of that device;
 * the other rows keep the Java loop as their reference.
 */
final class ResidentSuite {
    private ResidentSuite() {}

    static final String RAW = "baseline:raw-jocl";
    /** The raw kernel waited for as numfuse waits (polling its event, then clFinish): RawJocl.enqueueAndPoll. */
    static final String RAW_POLL = "baseline:raw-jocl-poll";

    static List<Function<Void, List<Row>>> plan(Suites.Params p, java.io.PrintWriter err) {
        List<Function<Void, List<Row>>> plan = new ArrayList<>();
        plan.add(v -> abc(p));
        plan.add(v -> abc(new Suites.Params(1000, p.dtype(), p.targets())));
        plan.add(v -> laplace(500, p.targets()));
        if (!openCl(p.targets()).isEmpty()) {
            plan.add(v -> firstUse(p));
        } else {
            err.println("bench: resident: no OpenCL target" + (Targets.openCl().isEmpty() ? " (" + Targets.openClUnavailableReason() + ")"
                    : " in --targets") + ": no raw JOCL rows, and no disk-cached first use");
        }
        return plan;
    }

    /** The OpenCL targets among {@code --targets}, by device index. */
    static List<OpenClTarget> openCl(List<String> specs) {
        List<OpenClTarget> out = new ArrayList<>();
        for (String s : specs) {
            Target t = Targets.parse(s);
            if (t instanceof OpenClTarget o && !out.contains(o)) out.add(o);
        }
        return out;
    }

    static int index(OpenClTarget t) { return Integer.parseInt(t.name().substring("opencl:".length())); }

    /** What a raw row's target name gets after {@link #RAW}: ":N" when several devices are measured, else nothing. */
    static String suffix(List<String> specs, OpenClTarget t) { return openCl(specs).size() > 1 ? ":" + index(t) : ""; }

    // ---- a+b*c ----------------------------------------------------------------------------------

    static List<Row> abc(Suites.Params p) {
        List<Row> rows = new ArrayList<>(Suites.rows(Suites.ABC, p));
        int n = p.n();
        DType dt = p.dtype();
        for (OpenClTarget t : openCl(p.targets())) {
            RawJocl cl = RawJocl.open(index(t));
            String type = dt == DType.FLOAT32 ? "float" : "double";
            String src = (dt == DType.FLOAT64 ? "#pragma OPENCL EXTENSION cl_khr_fp64 : enable\n" : "")
                    + "#pragma OPENCL FP_CONTRACT OFF\n"
                    + "__kernel void abc(__global const T* a, __global const T* b, __global const T* c, __global T* o) {\n"
                    + "  size_t i = get_global_id(0);\n  o[i] = a[i] + b[i] * c[i];\n}\n";
            cl_kernel k = cl.kernel(src.replace("T*", type + "*"), "abc");
            cl_mem[] in = new cl_mem[3];
            for (int i = 0; i < 3; i++) in[i] = cl.upload(Suites.randomArray(i + 1, dt, n));   // the values Suites.rows gives a, b, c
            cl_mem out = cl.buffer((long) n * dt.itemSize());
            for (int i = 0; i < 3; i++) RawJocl.arg(k, i, in[i]);
            RawJocl.arg(k, 3, out);
            String suffix = suffix(p.targets(), t);
            Row ref = rows.stream().filter(x -> x.target.equals(Suites.JAVA_LOOP)).findFirst().orElseThrow();
            Row r = rawAbc(RAW + suffix, () -> { cl.enqueue(k, n); cl.finish(); }, cl, out, n, dt, ref);
            Row polled = rawAbc(RAW_POLL + suffix, () -> cl.enqueueAndPoll(k, n), cl, out, n, dt, ref);
            compareWithRaw(rows, r, t);
            polled.ratioTo = r.label();
            rows.add(r);
            rows.add(polled);
        }
        return rows;
    }

    private static Row rawAbc(String target, Runnable call, RawJocl cl, cl_mem out, int n, DType dt, Row ref) {
        Row r = new Row(Suites.ABC.name(), n, dt.numpyName(), target);
        r.call = call;
        r.value = () -> {
            Object o = dt == DType.FLOAT32 ? new float[n] : new double[n];
            cl.read(out, o);
            return o;
        };
        r.checkAgainst = ref.checkAgainst;
        r.bytesPerCall = ref.bytesPerCall;
        return r;
    }

    // ---- laplace ----------------------------------------------------------------------------------

    static List<Row> laplace(int n, List<String> targets) {
        List<Row> rows = new ArrayList<>(Suites.laplace(n, targets));
        double dx = 1.0 / (n - 1), dx2 = dx * dx, dy2 = dx2, den = 2 * (dx2 + dy2);
        for (OpenClTarget t : openCl(targets)) {
            RawJocl cl = RawJocl.open(index(t));
            String src = "#pragma OPENCL EXTENSION cl_khr_fp64 : enable\n#pragma OPENCL FP_CONTRACT OFF\n"
                    + "__kernel void jacobi(__global const double* u, __global double* v, int n, double dx2, double dy2, double den) {\n"
                    + "  size_t i = (get_global_id(1) + 1) * (size_t) n + get_global_id(0) + 1;\n"
                    + "  v[i] = ((u[i - n] + u[i + n]) * dy2 + (u[i - 1] + u[i + 1]) * dx2) / den;\n}\n";
            cl_kernel k = cl.kernel(src, "jacobi");
            cl_mem[] g = { cl.buffer(8L * n * n), cl.buffer(8L * n * n) };
            RawJocl.arg(k, 2, n);
            RawJocl.arg(k, 3, dx2);
            RawJocl.arg(k, 4, dy2);
            RawJocl.arg(k, 5, den);
            String suffix = suffix(targets, t);
            Row r = rawJacobi(RAW + suffix, cl, k, g, n, false);
            Row polled = rawJacobi(RAW_POLL + suffix, cl, k, g, n, true);
            compareWithRaw(rows, r, t);
            polled.ratioTo = r.label();
            rows.add(r);
            rows.add(polled);
        }
        return rows;
    }

    /** The raw Jacobi loop over the two buffers {@code g}, a launch and a wait per step. */
    private static Row rawJacobi(String target, RawJocl cl, cl_kernel k, cl_mem[] g, int n, boolean poll) {
        Row r = new Row("laplace", n, "float64", target);
        r.prepare = calls -> {        // the initial grid in both buffers (their borders never change), untimed
            double[] u0 = Suites.initialGrid(n);
            cl.write(g[0], u0);
            cl.write(g[1], u0);
        };
        r.call = () -> {              // one iteration: a launch and a wait, as numfuse's evaluation per step
            RawJocl.arg(k, 0, g[0]);
            RawJocl.arg(k, 1, g[1]);
            if (poll) {
                cl.enqueueAndPoll(k, n - 2, n - 2);
            } else {
                cl.enqueue(k, n - 2, n - 2);
                cl.finish();
            }
            cl_mem s = g[0];
            g[0] = g[1];
            g[1] = s;
        };
        r.value = () -> {
            double[] u = new double[n * n];
            cl.read(g[0], u);
            return u;
        };
        r.fixedBatch = Suites.LAPLACE_ITERATIONS;
        r.checkAgainst = Suites.JAVA_LOOP;
        r.checkExact = true;
        return r;
    }

    /** The raw row is the reference of itself and of numfuse's rows on its device (issue 5's ratios). */
    static void compareWithRaw(List<Row> rows, Row raw, OpenClTarget t) {
        raw.ratioTo = raw.label();
        for (Row x : rows) if (x.numfuse && x.target.equals(t.name())) x.ratioTo = raw.label();
    }

    // ---- first use of a kernel from the disk cache ------------------------------------------------

    static List<Row> firstUse(Suites.Params p) {
        List<Row> rows = new ArrayList<>();
        int n = 1000;
        DType dt = p.dtype();
        NDArray a = Num.random(1, dt, n), b = Num.random(2, dt, n), c = Num.random(3, dt, n);
        for (OpenClTarget t : openCl(p.targets())) {
            Row r = new Row("disk-cached kernel: first eval", n, dt.numpyName(), t.name());
            r.numfuse = true;
            r.mode = "alloc";
            // a structure no other row uses, so that its program is this row's alone
            java.util.function.Supplier<NDArray> expr = () -> a.mul(b).sub(c.mul(0.5)).maximum(a).add(b.mul(b));
            int[] loads = new int[2];
            r.prepare = calls -> {
                Num.useTarget(t.name());
                expr.get().eval();                 // built (or loaded) once: its binary is on disk now (numfuse's cache, or PoCL's)
                t.dropProgramsFromMemory();
            };
            NDArray[] last = new NDArray[1];
            r.call = () -> {
                int before = OpenClTarget.programsLoadedFromDisk();
                last[0] = expr.get().eval();
                loads[0] += OpenClTarget.programsLoadedFromDisk() - before;
                loads[1]++;
                r.extra.put("disk_loads_per_call", (double) loads[0] / loads[1]);
                // PoCL's programs are in PoCL's own disk cache, which its build reads (numfuse loads none)
                r.extra.put("programs_from", loads[0] > 0 ? "numfuse's disk cache" : t.driverCachesPrograms() ? "the driver's disk cache" : "source");
            };
            r.value = () -> last[0].toDoubleArray();
            r.fixedBatch = 1;
            r.fixedWarmupCalls = 1;
            rows.add(r);
        }
        return rows;
    }
}
