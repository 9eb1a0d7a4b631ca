package io.numfuse.bench;

import io.numfuse.NDArray;
import io.numfuse.Num;
import io.numfuse.expr.Ast;
import io.numfuse.expr.ExprParser;
import io.numfuse.core.DType;
import io.numfuse.ir.Fusion;
import io.numfuse.ir.KernelKey;
import io.numfuse.ir.Op;
import io.numfuse.jvm.JvmCodegen;
import io.numfuse.jvm.JvmKernels;
import io.numfuse.runtime.JvmTarget;
import io.numfuse.runtime.Targets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The benchmark suites: their cases, and for a case at a size and dtype, the rows to measure —
 * numfuse on each target (allocating its result, and writing into an existing array), the
 * hand-written Java loops, and the NumPy-style eager evaluation.
 */
final class Suites {

    /** The JVM and every OpenCL device, then {@code auto} when {@code withAuto}: the default targets of suites and demos. */
    static List<String> jvmAndDevices(boolean withAuto) {
        List<String> t = new java.util.ArrayList<>(List.of("jvm"));
        io.numfuse.runtime.Targets.openCl().forEach(d -> t.add(d.name()));
        if (withAuto) t.add("auto");
        return List.copyOf(t);
    }
    private Suites() {}

    static final List<String> NAMES = List.of("elementwise", "reduce", "stream", "laplace", "dispatch", "resident", "selection", "loops", "mandelbrot", "select", "kmeans", "ops", "matmul");

    /**
     * {@code --cases}: true when {@code only} is null or {@code name} contains one of its
     * comma-separated parts, ignoring case and the spaces around each part.
     */
    static boolean caseSelected(String only, String name) {
        if (only == null) return true;
        String lower = name.toLowerCase(java.util.Locale.ROOT);
        for (String part : only.split(",")) {
            String p = part.strip().toLowerCase(java.util.Locale.ROOT);
            if (!p.isEmpty() && lower.contains(p)) return true;
        }
        return false;
    }

    static final String JAVA_LOOP = "baseline:java-loop", JAVA_MATH_LOOP = "baseline:java-math-loop",
            JAVA_UNROLLED = "baseline:java-unrolled", EAGER = "baseline:eager",
            STREAM_TRIAD = "baseline:stream-triad", STREAM_FLOOR = "baseline:stream-floor";

    /** A hand-written baseline: given the inputs (float[] or double[], in the case's name order) and n, what to run. */
    record Hand(String target, HandFactory factory) {}
    interface HandFactory { HandRun make(Object[] in, int n); }
    record HandRun(Runnable call, Supplier<Object> value) {}

    /**
     * A case: its stable name, the expression numfuse and the eager baseline evaluate (the name,
     * unless the name is a schema such as the polynomial's), its hand-written baselines, the row
     * ratios are taken to, and how many arrays of n elements one evaluation moves (0: not shown).
     */
    record Case(String id, String name, String expr, List<Hand> hands, String ratioTo, int arraysMoved) {
        /** The expression as numfuse's parser reads it (what both numfuse and the eager baseline evaluate). */
        Ast ast() { return ExprParser.parse(expr); }
    }

    // ---- the cases ----------------------------------------------------------------------------

    static final Case ABC = new Case("abc", "a+b*c", "a+b*c", List.of(map(JAVA_LOOP, (in, o, f, t) -> {
        if (o instanceof float[] x) Loops.abc(fl(in, 0), fl(in, 1), fl(in, 2), x, f, t);
        else Loops.abc(db(in, 0), db(in, 1), db(in, 2), (double[]) o, f, t);
    })), JAVA_LOOP, 4);

    static final Case POLY = new Case("poly", "((a*x+b)*x+c)*x+d", "((0.5*x+1.5)*x-2.5)*x+0.25", List.of(map(JAVA_LOOP, (in, o, f, t) -> {
        if (o instanceof float[] x) Loops.poly(fl(in, 0), x, f, t); else Loops.poly(db(in, 0), (double[]) o, f, t);
    })), JAVA_LOOP, 2);

    static final Case CHAIN10 = new Case("chain10", "((((a*3+1)*5-2)*7+3)*9-4)*11+5", "((((a*3+1)*5-2)*7+3)*9-4)*11+5",
            List.of(map(JAVA_LOOP, (in, o, f, t) -> {
                if (o instanceof float[] x) Loops.chain10(fl(in, 0), x, f, t); else Loops.chain10(db(in, 0), (double[]) o, f, t);
            })), JAVA_LOOP, 2);

    static final Case EXP = new Case("exp", "exp(a)", "exp(a)", List.of(map(JAVA_MATH_LOOP, (in, o, f, t) -> {
        if (o instanceof float[] x) Loops.exp(fl(in, 0), x, f, t); else Loops.exp(db(in, 0), (double[]) o, f, t);
    })), JAVA_MATH_LOOP, 2);

    static final Case SINCOS = new Case("sincos", "sin(a)+cos(b)", "sin(a)+cos(b)", List.of(map(JAVA_MATH_LOOP, (in, o, f, t) -> {
        if (o instanceof float[] x) Loops.sinCos(fl(in, 0), fl(in, 1), x, f, t); else Loops.sinCos(db(in, 0), db(in, 1), (double[]) o, f, t);
    })), JAVA_MATH_LOOP, 3);

    static final Case SUM = new Case("sum", "sum(a)", "sum(a)", List.of(
            reduction(JAVA_LOOP, Op.SUM, (in, f, t) -> in[0] instanceof float[] a ? Loops.sum(a, f, t) : Loops.sum(db(in, 0), f, t)),
            reduction(JAVA_UNROLLED, Op.SUM, (in, f, t) -> in[0] instanceof float[] a ? Loops.sumUnrolled(a, f, t) : Loops.sumUnrolled(db(in, 0), f, t))),
            JAVA_UNROLLED, 1);

    static final Case MAX = new Case("max", "max(a)", "max(a)", List.of(
            reduction(JAVA_LOOP, Op.MAX, (in, f, t) -> in[0] instanceof float[] a ? Loops.max(a, f, t) : Loops.max(db(in, 0), f, t)),
            reduction(JAVA_UNROLLED, Op.MAX, (in, f, t) -> in[0] instanceof float[] a ? Loops.maxUnrolled(a, f, t) : Loops.maxUnrolled(db(in, 0), f, t))),
            JAVA_LOOP, 1);

    static final Case DOT = new Case("dot", "dot(a,b)", "dot(a,b)", List.of(
            reduction(JAVA_LOOP, Op.SUM, (in, f, t) -> in[0] instanceof float[] a ? Loops.dot(a, fl(in, 1), f, t) : Loops.dot(db(in, 0), db(in, 1), f, t)),
            reduction(JAVA_UNROLLED, Op.SUM, (in, f, t) -> in[0] instanceof float[] a ? Loops.dotUnrolled(a, fl(in, 1), f, t) : Loops.dotUnrolled(db(in, 0), db(in, 1), f, t))),
            JAVA_UNROLLED, 2);

    /** The STREAM triad a = b + s*c with s = 3: the machine's bandwidth floor (3 arrays moved). */
    static final Case TRIAD = new Case("triad", "triad", "b+3*c", List.of(map(STREAM_TRIAD, (in, o, f, t) -> {
        if (o instanceof float[] x) Loops.triad(fl(in, 0), fl(in, 1), 3f, x, f, t); else Loops.triad(db(in, 0), db(in, 1), 3.0, (double[]) o, f, t);
    })), STREAM_TRIAD, 3);

    /** a+b*c in the stream suite: its ratios are to the floor the triad's bandwidth sets. */
    static final Case ABC_VS_FLOOR = new Case("abc", "a+b*c", "a+b*c", ABC.hands(), STREAM_FLOOR, 4);

    static final Case ADD = new Case("add", "a+b", "a+b", List.of(map(JAVA_LOOP, (in, o, f, t) -> {
        if (o instanceof float[] x) Loops.add(fl(in, 0), fl(in, 1), x, f, t); else Loops.add(db(in, 0), db(in, 1), (double[]) o, f, t);
    })), JAVA_LOOP, 3);

    static List<Case> cases(String suite) {
        return switch (suite) {
            case "elementwise" -> List.of(ABC, POLY, CHAIN10, EXP, SINCOS);
            case "reduce" -> List.of(SUM, MAX, DOT);
            case "stream" -> List.of(TRIAD, ABC_VS_FLOOR);
            case "dispatch" -> List.of(ADD);
            default -> List.of();
        };
    }

    /** Every case with a hand-written loop, for {@code --expr} to find the baselines of a known expression. */
    static Case known(String expr) {
        String e = expr.replaceAll("\\s+", "");
        for (Case c : List.of(ABC, POLY, CHAIN10, EXP, SINCOS, SUM, MAX, DOT, ADD, SelectSuite.WHERE)) if (c.expr().equals(e)) return c;
        return null;
    }

    // ---- rows of an array case ------------------------------------------------------------------

    /** Elements of the arrays a numfuse row's host warm-up evaluates ({@link Row#hostWarmUp}). */
    static final int HOST_WARMUP_SIZE = 1000;

    /**
     * What a bench run is given: sizes, dtype, the numfuse targets (by their command-line names),
     * and where the inputs are before each call (null: left where the calls leave them).
     */
    record Params(int n, DType dtype, List<String> targets, Residency residency) {
        Params(int n, DType dtype, List<String> targets) { this(n, dtype, targets, null); }
    }

    /**
     * The rows of one case: numfuse on each target (alloc, and into for array results), the
     * case's hand loops and the eager evaluation. {@code build} makes a fresh lazy expression
     * over the named arrays; {@code ast} (null: no eager row) drives the eager baseline.
     */
    static List<Row> rows(String name, String expr, Ast ast, List<String> names, java.util.function.Function<Map<String, NDArray>, NDArray> build,
                          List<Hand> hands, String ratioTo, int arraysMoved, Params p) {
        int n = p.n();
        DType dt = p.dtype();
        String dtype = dt.numpyName();
        Map<String, NDArray> arrays = new LinkedHashMap<>();
        Map<String, Object> javaArrays = new LinkedHashMap<>();
        Object[] in = new Object[names.size()];
        for (int i = 0; i < names.size(); i++) {
            Object data = randomArray(i + 1, dt, n);
            javaArrays.put(names.get(i), data);
            arrays.put(names.get(i), Num.wrap(dt, data, n));
            in[i] = data;
        }
        NDArray probe = build.apply(arrays);   // lazy: only its dtype and shape are looked at
        boolean warmHost = n > HOST_WARMUP_SIZE;              // small arrays for the host warm-up (Measure)
        Map<String, NDArray> small = new LinkedHashMap<>();
        if (warmHost) for (int i = 0; i < names.size(); i++) small.put(names.get(i), Num.random(i + 1, dt, HOST_WARMUP_SIZE).eval());
        boolean scalar = probe.ndim() == 0;
        String check = hands.isEmpty() ? (ast != null ? EAGER : null) : hands.get(0).target();
        String ratio = ratioTo != null ? ratioTo : check;
        String shownExpr = expr.replaceAll("\\s+", "").equals(name.replaceAll("\\s+", "")) ? null : expr;
        Residency at = p.residency();
        boolean toHost = at != null && at.onHost();
        List<Row> rows = new ArrayList<>();
        for (String spec : p.targets()) {
            for (String mode : scalar ? List.of("alloc") : List.of("alloc", "into")) {
                Row r = new Row(name, n, dtype, spec);
                r.numfuse = true;
                r.mode = mode;
                r.expr = shownExpr;
                r.prepare = k -> Num.useTarget(spec);
                if (at != null) {
                    r.residency = at.where();
                    r.beforeCall = at.before(List.copyOf(arrays.values()));
                }
                if (mode.equals("alloc")) {
                    NDArray[] last = new NDArray[1];
                    r.call = toHost ? () -> Residency.readOnHost(last[0] = build.apply(arrays)) : () -> last[0] = build.apply(arrays).eval();
                    r.value = () -> scalar ? (Object) last[0].item() : last[0].toDoubleArray();
                    if (warmHost) r.hostWarmUp = () -> build.apply(small).eval();
                } else {
                    NDArray o = Num.zeros(probe.dtype(), probe.shape());
                    r.call = toHost ? () -> Residency.readOnHost(o.assign(build.apply(arrays))) : () -> o.assign(build.apply(arrays));
                    r.value = o::toDoubleArray;
                    if (warmHost) {
                        NDArray so = Num.zeros(probe.dtype(), build.apply(small).shape());
                        r.hostWarmUp = () -> so.assign(build.apply(small));
                    }
                }
                r.checkAgainst = check;
                r.ratioTo = ratio;
                rows.add(r);
            }
        }
        boolean baselines = at == null || at.onHost();
        if (!baselines) {   // the baselines read Java arrays, never a device's: numfuse's first target is the reference
            String first = p.targets().get(0) + "/alloc";
            for (Row r : rows) {
                r.checkAgainst = first;
                r.ratioTo = first;
            }
        }
        for (Hand h : baselines ? hands : List.<Hand>of()) {
            Row r = new Row(name, n, dtype, h.target());
            HandRun run = h.factory().make(in, n);
            r.call = run.call();
            r.value = run.value();
            r.checkAgainst = check;
            r.ratioTo = ratio;
            rows.add(r);
        }
        if (ast != null && baselines) {
            Row r = new Row(name, n, dtype, EAGER);
            Object[] last = new Object[1];
            r.call = () -> last[0] = Eager.eval(ast, javaArrays, n);
            r.value = () -> last[0];
            r.checkAgainst = check;
            r.ratioTo = ratio;
            rows.add(r);
        }
        if (arraysMoved > 0) for (Row r : rows) r.bytesPerCall = (double) arraysMoved * n * dt.itemSize();
        return rows;
    }

    /**
     * {@code argmax(a)} (issue 16): numfuse's arg kernel next to a hand-written loop on the same
     * threads (each part's first maximum, then the parts in order). The expression language has no
     * argmax (numexpr has none), so there is no eager row.
     */
    static List<Row> argmax(Params p) {
        Hand hand = new Hand(JAVA_LOOP, (in, n) -> {
            double[] r = new double[1];
            return new HandRun(() -> r[0] = in[0] instanceof float[] a ? Loops.argmax(a, n) : Loops.argmax(db(in, 0), n), () -> r[0]);
        });
        return rows("argmax(a)", "argmax(a)", null, List.of("a"), m -> m.get("a").argmax(), List.of(hand), JAVA_LOOP, 1, p);
    }

    /** The rows of a suite case. */
    static List<Row> rows(Case c, Params p) {
        Ast ast = c.ast();
        return rows(c.name(), c.expr(), ast, List.copyOf(Eager.names(ast)), arrays -> Num.eval(c.expr(), ast, arrays),
                c.hands(), c.ratioTo(), c.arraysMoved(), p);
    }

    /** The seeded uniform [0, 1) values of {@code Num.random(seed, dtype, n)} as a Java array. */
    static Object randomArray(long seed, DType dt, int n) {
        NDArray r = Num.random(seed, dt, n);
        return dt == DType.FLOAT32 ? r.toFloatArray() : r.toDoubleArray();
    }

    // ---- stream: the triad and the floor it sets for a+b*c -------------------------------------

    static List<Row> stream(Params p) {
        List<Row> rows = new ArrayList<>(rows(TRIAD, p));
        List<Row> abc = rows(ABC_VS_FLOOR, p);
        Row floor = new Row(ABC_VS_FLOOR.name(), p.n(), p.dtype().numpyName(), STREAM_FLOOR);
        floor.derivedFrom = TRIAD.name() + "|" + STREAM_TRIAD;
        floor.derivedFactor = 4.0 / 3.0;   // 4 arrays at the triad's bandwidth instead of 3
        floor.bytesPerCall = 4.0 * p.n() * p.dtype().itemSize();
        floor.ratioTo = STREAM_FLOOR;
        rows.addAll(abc);
        rows.add(floor);
        return rows;
    }

    // ---- laplace ------------------------------------------------------------------------------

    /** Jacobi iterations a sample times (from the initial grid, so that every row does the same work). */
    static final int LAPLACE_ITERATIONS = 100;

    static List<Row> laplace(int n, List<String> targets) {
        String name = "laplace";
        List<Row> rows = new ArrayList<>();
        for (String spec : targets) {
            for (boolean scoped : new boolean[] { true, false }) {   // a step in a Num.scope(), or its snapshot left to the collector
                Row r = new Row(name, n, "float64", spec);
                r.numfuse = true;
                r.mode = scoped ? "scoped" : "assign";
                NDArray[] u = new NDArray[1];
                r.prepare = k -> { Num.useTarget(spec); u[0] = DemoCommand.laplaceGrid(n); };
                r.call = scoped ? () -> DemoCommand.laplaceStep(u[0]) : () -> DemoCommand.jacobi(u[0]);
                NDArray w = DemoCommand.laplaceGrid(8);
                r.hostWarmUp = scoped ? () -> DemoCommand.laplaceStep(w) : () -> DemoCommand.jacobi(w);
                r.value = () -> u[0].toDoubleArray();
                rows.add(r);
            }
        }
        double dx = 1.0 / (n - 1), dx2 = dx * dx, dy2 = dx2, den = 2 * (dx2 + dy2);
        int m = n - 2, parts = Par.parts((long) m * m);
        {   // the hand loop: double-buffered, rows split across threads
            Row r = new Row(name, n, "float64", JAVA_LOOP);
            double[][] g = new double[2][];
            r.prepare = k -> { g[0] = initialGrid(n); g[1] = g[0].clone(); };
            r.call = () -> {
                double[] src = g[0], dst = g[1];
                Par.forRows(m, parts, (f, t) -> Loops.laplaceRows(src, dst, n, dx2, dy2, den, f, t));
                g[0] = dst;
                g[1] = src;
            };
            r.value = () -> g[0];
            rows.add(r);
        }
        {   // eager: one temporary per operation, as NumPy evaluates the same statement
            Row r = new Row(name, n, "float64", EAGER);
            double[][] g = new double[1][];
            r.prepare = k -> g[0] = initialGrid(n);
            r.call = () -> {
                double[] u = g[0];
                double[] t1 = new double[m * m], t3 = new double[m * m];
                Par.forRows(m, parts, (f, t) -> { for (int i = f; i < t; i++) for (int j = 0; j < m; j++) t1[i * m + j] = u[i * n + j + 1] + u[(i + 2) * n + j + 1]; });
                Object t2 = Eager.binary(Op.MUL, t1, dy2, m * m);
                Par.forRows(m, parts, (f, t) -> { for (int i = f; i < t; i++) for (int j = 0; j < m; j++) t3[i * m + j] = u[(i + 1) * n + j] + u[(i + 1) * n + j + 2]; });
                Object t4 = Eager.binary(Op.MUL, t3, dx2, m * m);
                double[] t6 = (double[]) Eager.binary(Op.DIV, Eager.binary(Op.ADD, t2, t4, m * m), den, m * m);
                Par.forRows(m, parts, (f, t) -> { for (int i = f; i < t; i++) System.arraycopy(t6, i * m, u, (i + 1) * n + 1, m); });
            };
            r.value = () -> g[0];
            rows.add(r);
        }
        for (Row r : rows) {
            r.fixedBatch = LAPLACE_ITERATIONS;
            r.checkAgainst = JAVA_LOOP;
            r.ratioTo = JAVA_LOOP;
            r.checkExact = true;
        }
        return rows;
    }

    /** The initial grid of {@link DemoCommand#laplaceGrid}, computed in the same order. */
    static double[] initialGrid(int n) {
        double dx = 1.0 / (n - 1);
        double[] u = new double[n * n];
        for (int j = 0; j < n; j++) {
            double x = j * dx;
            u[j] = x * (1.0 - x) * 4.0;
        }
        return u;
    }

    // ---- dispatch -----------------------------------------------------------------------------

    /** Kernels with distinct structure a sample of the new-kernel rows compiles. */
    static final int NEW_KERNELS_PER_SAMPLE = 20, NEW_KERNELS_WARMUP = 300;

    static List<Row> dispatch(Params p) {
        List<Row> rows = new ArrayList<>(rows(ADD, p));
        List<String> jvmTargets = p.targets().stream().filter(s -> Targets.parse(s) instanceof JvmTarget).toList();
        if (jvmTargets.isEmpty()) return rows;
        int n = p.n();
        DType dt = p.dtype();
        NDArray a = Num.random(1, dt, n), b = Num.random(2, dt, n), c = Num.random(3, dt, n);
        Structures keys = new Structures(a, b, c, 5);
        {
            Row r = new Row("new kernel: codegen+define", n, dt.numpyName(), "jvm");
            KernelKey[] batch = new KernelKey[1 << 12];
            int[] next = new int[1];
            r.prepare = k -> { for (int i = 0; i < k; i++) batch[i] = keys.nextKey(); next[0] = 0; };
            r.call = () -> Measure.sink = JvmKernels.define(JvmCodegen.generate(batch[next[0]++]));
            r.fixedBatch = NEW_KERNELS_PER_SAMPLE;
            r.fixedWarmupCalls = NEW_KERNELS_WARMUP;
            rows.add(r);
        }
        Structures exprs = new Structures(a, b, c, 6);
        for (String spec : jvmTargets) {
            Row r = new Row("new kernel: first eval", n, dt.numpyName(), spec);
            r.numfuse = true;
            r.mode = "alloc";
            NDArray[] batch = new NDArray[1 << 12];
            int[] next = new int[1];
            r.prepare = k -> { Num.useTarget(spec); for (int i = 0; i < k; i++) batch[i] = exprs.nextExpression(); next[0] = 0; };
            r.call = () -> batch[next[0]++].eval();
            r.fixedBatch = NEW_KERNELS_PER_SAMPLE;
            r.fixedWarmupCalls = NEW_KERNELS_WARMUP;
            rows.add(r);
        }
        return rows;
    }

    /**
     * Expressions over a, b, c of distinct structure, so that each makes a kernel not compiled
     * before: a counter, written in bijective base 6 (every digit sequence once, shortest
     * first, from {@code minSteps} steps on), picks at each step one of six operations.
     * Sequences that fuse to a kernel key seen before (x+b+c and x+c+b) are skipped.
     */
    static final class Structures {
        private final NDArray a, b, c;
        private final Set<KernelKey> seen = new HashSet<>();
        private long counter;

        /** Where the expressions of a later run in this process go on from, so that they are new to the kernel cache too. */
        private static final java.util.concurrent.ConcurrentHashMap<Integer, Long> RESUME = new java.util.concurrent.ConcurrentHashMap<>();
        private final int minSteps;

        Structures(NDArray a, NDArray b, NDArray c, int minSteps) {
            this.a = a;
            this.b = b;
            this.c = c;
            this.minSteps = minSteps;
            for (int i = 1, p = 6; i < minSteps; i++, p *= 6) counter += p;   // skip the shorter sequences
        }

        /** A new expression whose kernel this process has not compiled (expressions are not shared across instances). */
        NDArray nextExpression() {
            counter = Math.max(counter, RESUME.getOrDefault(minSteps, 0L));
            while (true) {
                NDArray x = expression(counter++);
                RESUME.merge(minSteps, counter, Math::max);
                if (seen.add(Fusion.plan(io.numfuse.internal.Internals.node(x)).kernels().get(0).key())) return x;
            }
        }

        KernelKey nextKey() {
            while (true) {
                KernelKey k = Fusion.plan(io.numfuse.internal.Internals.node(expression(counter++))).kernels().get(0).key();
                if (seen.add(k)) return k;
            }
        }

        private NDArray expression(long k) {
            NDArray x = a;
            int steps = 0;
            for (long rest = k + 1; rest > 0; rest /= 6, steps++) {
                rest--;
                x = switch ((int) (rest % 6)) {
                    case 0 -> x.add(b);
                    case 1 -> x.sub(b);
                    case 2 -> x.mul(b);
                    case 3 -> x.add(c);
                    case 4 -> x.mul(c);
                    default -> x.maximum(b);
                };
            }
            return x.mul(1.5).add((double) steps);
        }
    }

    // ---- helpers ------------------------------------------------------------------------------

    interface MapRange { void run(Object[] in, Object out, int from, int to); }
    interface ReduceRange { double run(Object[] in, int from, int to); }

    /** An element-wise hand loop writing into one preallocated output. */
    static Hand map(String target, MapRange range) {
        return new Hand(target, (in, n) -> {
            Object out = in[0] instanceof float[] ? new float[n] : new double[n];
            return new HandRun(() -> Par.forRange(n, (f, t) -> range.run(in, out, f, t)), () -> out);
        });
    }

    /** A reduction hand loop: per-thread partials combined by {@code op} (SUM or MAX). */
    static Hand reduction(String target, Op op, ReduceRange range) {
        return new Hand(target, (in, n) -> {
            double[] result = new double[1];
            Runnable call = op == Op.MAX
                    ? () -> result[0] = Par.max(n, (f, t) -> range.run(in, f, t))
                    : () -> result[0] = Par.sum(n, (f, t) -> range.run(in, f, t));
            return new HandRun(call, () -> result[0]);
        });
    }

    private static float[] fl(Object[] in, int i) { return (float[]) in[i]; }
    private static double[] db(Object[] in, int i) { return (double[]) in[i]; }
}
