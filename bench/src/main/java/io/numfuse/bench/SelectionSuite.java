package io.numfuse.bench;

import io.numfuse.NDArray;
import io.numfuse.Num;
import io.numfuse.bench.Workloads.State;
import io.numfuse.bench.Workloads.Workload;
import io.numfuse.core.DType;
import io.numfuse.runtime.Targets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * {@code numfuse bench selection} (issue 12): does {@code auto} choose the fastest target? Each
 * case — memory-bound to compute-bound expressions, reductions, selects and chains, at 10^3 to
 * 10^7 elements, float32 and float64, inputs fresh on the host or resident on a device, and
 * steps of loops whose arrays stay where their last step left them — runs on
 * every target (the oracle: which one is fastest) and under {@code auto}, in the same run with
 * round-robin samples ({@link Measure}); {@link SelectionTable} compares them. The first call of
 * new expressions is measured apart ({@link FirstCall}).
 */
final class SelectionSuite {
    private SelectionSuite() {}

    /** One case: what it computes, at about how many elements, of which dtype, with its inputs where. */
    record Case(Workload work, int n, DType dtype, Residency residency) {
        int[] shape() { return work.shape(n); }

        int elements() {
            int e = 1;
            for (int d : shape()) e *= d;
            return e;
        }

        /** The shape as the table shows it: {@code 1000x1000}, or empty for a vector. */
        String shapeText() {
            int[] s = shape();
            return s.length == 1 ? "" : s[0] + "x" + s[1];
        }
    }

    // ---- the workloads ----------------------------------------------------------------------------

    static final Workload ADD = Workloads.expr("a+b", 2, false, x -> x[0].add(x[1]));
    static final Workload ABC = Workloads.expr("a+b*c", 3, false, x -> x[0].add(x[1].mul(x[2])));
    static final Workload TRANSPOSED = Workloads.expr("a.T+b", 2, true, x -> x[0].transpose().add(x[1]));
    static final Workload STRIDED = Workloads.expr("a[::2]+a[1::2]", 1, false, x -> x[0].slice("::2").add(x[0].slice("1::2")));
    static final Workload POLY = Workloads.expr("poly3(a)", "((0.5*a+1.5)*a-2.5)*a+0.25", 1, false,
            x -> x[0].mul(0.5).add(1.5).mul(x[0]).sub(2.5).mul(x[0]).add(0.25));
    static final Workload CHAIN10 = Workloads.expr("chain10(a)", "((((a*3+1)*5-2)*7+3)*9-4)*11+5", 1, false,
            x -> x[0].mul(3).add(1).mul(5).sub(2).mul(7).add(3).mul(9).sub(4).mul(11).add(5));
    static final Workload HYPOT = Workloads.expr("sqrt(a*a+b*b)", 2, false, x -> x[0].mul(x[0]).add(x[1].mul(x[1])).sqrt());
    static final Workload SINCOS = Workloads.expr("sin(a)+cos(b)", 2, false, x -> x[0].sin().add(x[1].cos()));
    static final Workload EXPLOG = Workloads.expr("exp(a)*log(b+1)", 2, false, x -> x[0].exp().mul(x[1].add(1).log()));
    static final Workload DIVISIONS = Workloads.expr("a/(b+1)+b/(a+1)", 2, false, x -> x[0].div(x[1].add(1)).add(x[1].div(x[0].add(1))));
    static final Workload WHERE = Workloads.expr("where(a>.5,a*b,b-a)", 2, false, x -> Num.where(x[0].gt(0.5), x[0].mul(x[1]), x[1].sub(x[0])));
    static final Workload SUM = Workloads.expr("sum(a)", 1, false, x -> x[0].sum());
    static final Workload MAX = Workloads.expr("max(a)", 1, false, x -> x[0].max());
    static final Workload DOT = Workloads.expr("sum(a*b)", 2, false, x -> x[0].mul(x[1]).sum());
    static final Workload ROW_SUMS = Workloads.expr("sum(a,axis=1)", 1, true, x -> x[0].sum(1));

    private static final DType F32 = DType.FLOAT32, F64 = DType.FLOAT64;

    /**
     * The cases: on the host, a spread of sizes per kind of work so that the crossovers are
     * covered; on a device (when there is one), fewer, since the choice there turns on the copies.
     */
    static List<Case> cases(Residency device) {
        List<Case> c = new ArrayList<>();
        Residency h = Residency.HOST;
        add(c, ADD, h, F32, 1_000, 100_000, 10_000_000);
        add(c, ADD, h, F64, 1_000_000);
        add(c, ABC, h, F32, 1_000, 10_000, 100_000, 1_000_000, 10_000_000);
        add(c, ABC, h, F64, 100_000, 10_000_000);
        add(c, TRANSPOSED, h, F32, 1_000_000);
        add(c, TRANSPOSED, h, F64, 10_000);
        add(c, STRIDED, h, F32, 10_000_000);
        add(c, POLY, h, F32, 10_000, 1_000_000);
        add(c, POLY, h, F64, 10_000_000);
        add(c, CHAIN10, h, F64, 100_000);
        add(c, HYPOT, h, F32, 1_000_000);
        add(c, SINCOS, h, F32, 1_000, 100_000, 10_000_000);
        add(c, SINCOS, h, F64, 1_000_000);
        add(c, EXPLOG, h, F64, 10_000, 1_000_000);
        add(c, DIVISIONS, h, F32, 100_000, 10_000_000);
        add(c, DIVISIONS, h, F64, 1_000_000);
        add(c, WHERE, h, F32, 1_000_000);
        add(c, WHERE, h, F64, 10_000);
        add(c, SUM, h, F32, 1_000, 10_000_000);
        add(c, SUM, h, F64, 100_000);
        add(c, MAX, h, F32, 1_000_000);
        add(c, DOT, h, F64, 10_000_000);
        add(c, ROW_SUMS, h, F32, 1_000_000);
        add(c, Workloads.LAPLACE, h, F64, 10_000, 250_000, 4_000_000);
        add(c, Workloads.MANDELBROT, h, F32, 100_000, 1_000_000);
        if (device == null) return c;
        add(c, ADD, device, F32, 1_000, 10_000_000);
        add(c, ABC, device, F32, 10_000, 1_000_000);
        add(c, ABC, device, F64, 10_000_000);
        add(c, STRIDED, device, F64, 100_000);
        add(c, POLY, device, F32, 100_000);
        add(c, SINCOS, device, F64, 100_000);
        add(c, SINCOS, device, F32, 10_000_000);
        add(c, DIVISIONS, device, F32, 1_000_000);
        add(c, WHERE, device, F32, 100_000);
        add(c, SUM, device, F32, 1_000_000);
        add(c, MAX, device, F64, 10_000);
        add(c, ROW_SUMS, device, F64, 100_000);
        add(c, Workloads.LAPLACE, device, F64, 250_000);
        add(c, Workloads.MANDELBROT, device, F32, 1_000_000);
        // loops: each call finds its row's arrays where its last call left them (a step in a loop)
        add(c, Workloads.LAPLACE, Residency.LOOP, F64, 250_000);
        add(c, Workloads.MANDELBROT, Residency.LOOP, F32, 100_000, 1_000_000);
        return c;
    }

    private static void add(List<Case> c, Workload w, Residency r, DType dt, int... sizes) {
        for (int n : sizes) c.add(new Case(w, n, dt, r));
    }

    /** The device a device residency uses: the first OpenCL target named, else the first device; null without OpenCL. */
    static Residency device(List<String> targets) {
        if (Targets.openCl().isEmpty()) return null;
        return Residency.parse("device", targets);
    }

    /** The default targets: the JVM, every OpenCL device, and auto. */
    static List<String> defaultTargets() { return Suites.jvmAndDevices(true); }

    /**
     * The groups to measure, one per case, each built when its turn comes; {@code maxN} caps every
     * case's size (quick runs); {@code onlyType}, {@code onlyWhere} and {@code only} keep the cases
     * of that dtype, of that residency, and whose name contains it (null: all).
     */
    static List<Function<Void, List<Row>>> plan(List<String> targets, int maxN, DType onlyType, Residency onlyWhere, String only) {
        List<Function<Void, List<Row>>> plan = new ArrayList<>();
        java.util.Set<Case> seen = new java.util.HashSet<>();
        for (Case c : cases(device(targets))) {
            if (!Suites.caseSelected(only, c.work().name())) continue;
            if (onlyType != null && c.dtype() != onlyType) continue;
            if (onlyWhere != null && !c.residency().equals(onlyWhere)) continue;
            Case capped = new Case(c.work(), Math.min(c.n(), maxN), c.dtype(), c.residency());
            if (!seen.add(capped)) continue;   // capping made it another case's twin
            plan.add(v -> rows(capped, targets));
        }
        return plan;
    }

    /**
     * One case's rows: one per target. An expression's arrays are shared by the rows (a call
     * leaves them as they were); a step's rows each update arrays of their own. Before each call
     * the inputs are put where the case's residency says; each row's values are checked against
     * the first target's.
     */
    static List<Row> rows(Case c, List<String> targets) {
        Workload w = c.work();
        DType dt = c.dtype();
        boolean toHost = c.residency().onHost();
        State shared = w.updates() ? null : make(w, c.n(), dt);
        boolean warmHost = c.elements() > Suites.HOST_WARMUP_SIZE;
        List<Row> rows = new ArrayList<>();
        for (String spec : targets) {
            Row r = new Row(w.name(), c.elements(), dt.numpyName(), spec);
            r.numfuse = true;
            r.residency = c.residency().where();
            r.expr = w.expression();
            if (!c.shapeText().isEmpty()) r.extra.put("shape", c.shapeText());
            State s = shared != null ? shared : make(w, c.n(), dt);
            r.prepare = k -> Num.useTarget(spec);
            r.beforeCall = c.residency().before(s.inputs);
            NDArray[] last = new NDArray[1];
            r.call = () -> last[0] = s.call(toHost);
            r.value = w.updates() ? () -> oneStep(w, c.n(), dt, spec) : () -> Workloads.values(last[0]);
            if (warmHost) {
                State small = make(w, Suites.HOST_WARMUP_SIZE, dt);
                r.hostWarmUp = () -> small.call(false);
            }
            r.checkAgainst = targets.get(0);
            r.collectBeforeSample = (double) c.elements() * dt.itemSize() >= COLLECT_FROM_BYTES;
            if (r.collectBeforeSample) r.extra.put("collected_before_each_sample", true);
            rows.add(r);
        }
        List<Row> named = rows.stream().filter(r -> !r.target.startsWith("auto")).toList();
        for (Row r : rows) if (r.target.startsWith("auto")) r.batchAtLeastOf = named;   // sampled as the targets it is compared with
        if (targets.contains("jvm")) rows.add(control(rows.get(targets.indexOf("jvm"))));
        return rows;
    }

    /** A case whose results take this many bytes or more is sampled after a collection ({@link Measure#collectDropped}). */
    static final double COLLECT_FROM_BYTES = Double.parseDouble(System.getProperty("numfuse.bench.collectFrom", "2e6"));

    /** The mode of {@link #control} rows. */
    static final String CONTROL = "control";

    /**
     * The noise floor: the JVM's row measured a second time, in the same round-robin. How far a
     * target lands from itself is how far a perfect choice could land from the fastest on this
     * machine; {@link SelectionTable} reports it beside auto's figures.
     */
    private static Row control(Row jvm) {
        Row r = new Row(jvm.caseName, jvm.n, jvm.dtype, "jvm");
        r.numfuse = true;
        r.residency = jvm.residency;
        r.expr = jvm.expr;
        r.mode = CONTROL;
        r.extra.putAll(jvm.extra);
        r.prepare = jvm.prepare;
        r.beforeCall = jvm.beforeCall;
        r.collectBeforeSample = jvm.collectBeforeSample;
        r.call = jvm.call;
        r.value = jvm.value;
        r.hostWarmUp = jvm.hostWarmUp;
        r.checkAgainst = jvm.checkAgainst;
        return r;
    }

    /** A workload's arrays, made on the JVM (whatever the current target is). */
    private static State make(Workload w, int n, DType dt) { return Num.on("jvm", () -> w.make(n, dt)); }

    /** The values after one step from fresh arrays on {@code target}: a step's rows have run different numbers of steps. */
    private static Object oneStep(Workload w, int n, DType dt, String target) {
        State s = make(w, n, dt);
        Num.on(target, () -> { s.call(false); });
        return s.values();
    }
}
