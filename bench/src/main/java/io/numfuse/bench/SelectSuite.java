package io.numfuse.bench;

import io.numfuse.NDArray;
import io.numfuse.Num;
import io.numfuse.core.DType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code numfuse bench select}: selects and comparisons on the JVM (issue 13, part 5).
 * {@code where(a>b, a*b, a-b)} over n elements, and a Mandelbrot step (z = z*z + c where
 * |z|^2 <= 4, and a count) on a square grid of about min(n, 10^6) points, each next to three
 * hand-written loops on the same threads: {@code java-loop} (a conditional, as Java is written),
 * {@code java-branch-free} (the comparison's 0/1 as a mask over the raw bits) and
 * {@code java-vector} (the Vector API's compare and blend), which ratios are taken to.
 */
final class SelectSuite {
    private SelectSuite() {}

    static final String JAVA_BRANCH_FREE = "baseline:java-branch-free", JAVA_VECTOR = "baseline:java-vector";

    /** where(a>b, a*b, a-b): 3 arrays moved. */
    static final Suites.Case WHERE = new Suites.Case("where", "where(a>b, a*b, a-b)", "where(a>b,a*b,a-b)", List.of(
            Suites.map(Suites.JAVA_LOOP, (in, o, f, t) -> {
                if (o instanceof float[] x) Loops.select((float[]) in[0], (float[]) in[1], x, f, t);
                else Loops.select((double[]) in[0], (double[]) in[1], (double[]) o, f, t);
            }),
            Suites.map(JAVA_BRANCH_FREE, (in, o, f, t) -> {
                if (o instanceof float[] x) Loops.selectBranchFree((float[]) in[0], (float[]) in[1], x, f, t);
                else Loops.selectBranchFree((double[]) in[0], (double[]) in[1], (double[]) o, f, t);
            }),
            Suites.map(JAVA_VECTOR, (in, o, f, t) -> {
                if (o instanceof float[] x) VectorLoops.select((float[]) in[0], (float[]) in[1], x, f, t);
                else VectorLoops.select((double[]) in[0], (double[]) in[1], (double[]) o, f, t);
            })), JAVA_VECTOR, 3);

    /** Mandelbrot steps a sample times, from z = 0 (so that every row does the same work). */
    static final int MANDELBROT_STEPS = 32;
    /** The largest grid: about 10^6 points. */
    static final int MANDELBROT_MAX = 1_000_000;

    static List<Function<Void, List<Row>>> plan(Suites.Params p) {
        List<Function<Void, List<Row>>> plan = new ArrayList<>();
        plan.add(v -> where(p));
        if (p.dtype() == DType.FLOAT32) plan.add(v -> mandelbrot(p));   // the demo's dtype
        return plan;
    }

    static List<Row> where(Suites.Params p) {
        Function<Map<String, NDArray>, NDArray> build = m -> Num.where(m.get("a").gt(m.get("b")), m.get("a").mul(m.get("b")), m.get("a").sub(m.get("b")));
        return Suites.rows(WHERE.name(), WHERE.expr(), WHERE.ast(), List.of("a", "b"), build, WHERE.hands(), WHERE.ratioTo(), WHERE.arraysMoved(), p);
    }

    /**
     * Time per Mandelbrot step: numfuse's step ({@link Workloads#MANDELBROT}: three kernels in a
     * scope, each computing |z|^2 again) on each target, and the hand-written steps (one pass).
     */
    static List<Row> mandelbrot(Suites.Params p) {
        int n = Math.min(p.n(), MANDELBROT_MAX), s = Workloads.side(n), points = s * s;
        String name = "mandelbrot step";
        List<Row> rows = new ArrayList<>();
        for (String spec : p.targets()) {
            Row r = new Row(name, points, "float32", spec);
            r.numfuse = true;
            r.mode = "assign";
            Workloads.State[] state = new Workloads.State[1];
            r.prepare = k -> { Num.useTarget(spec); state[0] = Workloads.MANDELBROT.make(points, DType.FLOAT32); };
            r.call = () -> state[0].call(false);
            r.value = () -> state[0].values();
            rows.add(r);
        }
        float[] cr = Num.arange(s).astype(DType.FLOAT32).mul(2.5 / s).add(-2.0).toFloatArray();   // Workloads.MANDELBROT's c
        float[] ci = Num.arange(s).astype(DType.FLOAT32).mul(2.5 / s).add(-1.25).toFloatArray();
        int parts = Par.parts(points);
        for (String hand : List.of(Suites.JAVA_LOOP, JAVA_VECTOR)) {
            Row r = new Row(name, points, "float32", hand);
            float[] zr = new float[points], zi = new float[points];
            int[] count = new int[points];
            r.prepare = k -> { java.util.Arrays.fill(zr, 0f); java.util.Arrays.fill(zi, 0f); java.util.Arrays.fill(count, 0); };
            r.call = hand.equals(JAVA_VECTOR)
                    ? () -> Par.forRows(s, parts, (f, t) -> VectorLoops.mandelbrotRows(zr, zi, count, cr, ci, s, f, t))
                    : () -> Par.forRows(s, parts, (f, t) -> Loops.mandelbrotRows(zr, zi, count, cr, ci, s, f, t));
            r.value = () -> {
                double[] all = new double[3 * points];
                for (int i = 0; i < points; i++) {
                    all[i] = zr[i];
                    all[points + i] = zi[i];
                    all[2 * points + i] = count[i];
                }
                return all;
            };
            rows.add(r);
        }
        for (Row r : rows) {
            r.fixedBatch = MANDELBROT_STEPS;
            r.checkAgainst = Suites.JAVA_LOOP;
            r.ratioTo = JAVA_VECTOR;
            r.checkExact = true;
        }
        return rows;
    }
}
