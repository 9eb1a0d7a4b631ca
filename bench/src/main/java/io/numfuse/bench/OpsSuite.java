package io.numfuse.bench;

import io.numfuse.NDArray;
import io.numfuse.Num;
import io.numfuse.core.DType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * {@code numfuse bench ops}: issue 16's operations over n elements (default 10^7), each next to a
 * hand-written loop on the backend's threads ({@link Par}): {@code cumsum(a)} (a two-pass blocked
 * running sum), {@code a[a > 0.5]} (about half selected: a count per part, then a branch-free
 * copy), {@code take(a, p)} with p a random permutation (int32), {@code argmax(a)}, and
 * {@code concatenate(a+b, c*d)} (two pending operands of n elements: {@link #concatenate}). A float32
 * running sum depends on how it is grouped: {@code cumsum} rows are checked against the loop's
 * to a relative {@link #SCAN_TOLERANCE}, the others exactly.
 */
final class OpsSuite {
    private OpsSuite() {}

    /** How far a running sum of uniform [0, 1) float32 values may drift by grouping (10^7 terms: about 4e-5 seen). */
    static final double SCAN_TOLERANCE = 1e-3;

    /** The cases whose name contains {@code only} (null: all of them). */
    static List<Function<Void, List<Row>>> plan(Suites.Params p, String only) {
        java.util.Map<String, Function<Void, List<Row>>> all = new java.util.LinkedHashMap<>();
        all.put("cumsum(a)", v -> cumsum(p));
        all.put("a[a > 0.5]", v -> mask(p));
        all.put("take(a, p)", v -> take(p));
        all.put("argmax(a)", v -> Suites.argmax(p));
        all.put(CONCAT, v -> concatenate(p));
        List<Function<Void, List<Row>>> plan = new ArrayList<>();
        all.forEach((name, rows) -> { if (Suites.caseSelected(only, name)) plan.add(rows); });
        return plan;
    }

    /** The name of the concatenation case: two pending operands of n elements each. */
    static final String CONCAT = "concatenate(a+b, c*d)";

    /**
     * {@code concatenate(a+b, c*d)}: numfuse's one parts kernel (each operand's product computed
     * into its half, no array of its own, no fill) next to a Java loop on the baseline threads
     * that writes both halves, and next to what numfuse did before the parts kernel, measured by
     * hand on each numfuse target ({@code baseline:zeros+assign@TARGET}): a zeroed result and one
     * assignment, so one kernel, per operand.
     */
    static List<Row> concatenate(Suites.Params p) {
        int n = p.n();
        List<Suites.Hand> hands = new ArrayList<>();
        hands.add(new Suites.Hand(Suites.JAVA_LOOP, (in, len) -> {
            Object out = in[0] instanceof float[] ? new float[2 * len] : new double[2 * len];
            return new Suites.HandRun(() -> Par.forRange(len, (f, t) -> joinLoop(in, out, len, f, t)), () -> out);
        }));
        for (String target : p.targets()) {
            if (target.startsWith("auto") || target.equals("interpreter")) continue;
            hands.add(new Suites.Hand("baseline:zeros+assign@" + target, (in, len) -> {
                NDArray[] x = new NDArray[4], last = new NDArray[1];
                for (int i = 0; i < 4; i++) x[i] = Num.wrap(p.dtype(), in[i], len);
                return new Suites.HandRun(() -> last[0] = Num.on(target, () -> {
                    NDArray out = Num.zeros(p.dtype(), 2 * len);
                    out.slice(":" + len).assign(x[0].add(x[1]));
                    out.slice(len + ":").assign(x[2].mul(x[3]));
                    return out.eval();
                }), () -> last[0].toDoubleArray());
            }));
        }
        return Suites.rows(CONCAT, CONCAT, null, List.of("a", "b", "c", "d"),
                m -> Num.concatenate(List.of(m.get("a").add(m.get("b")), m.get("c").mul(m.get("d"))), 0), hands, Suites.JAVA_LOOP, 8, p);
    }

    /** Elements {@code [from, to)} of both halves of the concatenation's loop: a+b into the first, c*d into the second. */
    private static void joinLoop(Object[] in, Object out, int n, int from, int to) {
        if (out instanceof float[] o) {
            float[] a = (float[]) in[0], b = (float[]) in[1], c = (float[]) in[2], d = (float[]) in[3];
            for (int i = from; i < to; i++) o[i] = a[i] + b[i];
            for (int i = from; i < to; i++) o[n + i] = c[i] * d[i];
        } else {
            double[] a = (double[]) in[0], b = (double[]) in[1], c = (double[]) in[2], d = (double[]) in[3], o = (double[]) out;
            for (int i = from; i < to; i++) o[i] = a[i] + b[i];
            for (int i = from; i < to; i++) o[n + i] = c[i] * d[i];
        }
    }

    static List<Row> cumsum(Suites.Params p) {
        Suites.Hand hand = new Suites.Hand(Suites.JAVA_LOOP, (in, n) -> {
            Object out = in[0] instanceof float[] ? new float[n] : new double[n];
            return new Suites.HandRun(() -> runningSum(in[0], out, n), () -> out);
        });
        List<Row> rows = Suites.rows("cumsum(a)", "cumsum(a)", null, List.of("a"), m -> m.get("a").cumsum(), List.of(hand), Suites.JAVA_LOOP, 2, p);
        for (Row r : rows) {
            if (r.target.equals(Suites.JAVA_LOOP)) continue;
            Row ref = rows.stream().filter(x -> x.target.equals(Suites.JAVA_LOOP)).findFirst().orElseThrow();
            r.checkAgainst = null;   // grouped differently: checked to a tolerance instead
            r.validate = v -> {
                double d = BenchCommand.maxRelDiff(v, ref.value.get());
                return d <= SCAN_TOLERANCE ? null : String.format(Locale.ROOT, "differs from the loop's running sum by %.3g (relative)", d);
            };
        }
        return rows;
    }

    static List<Row> mask(Suites.Params p) {
        Suites.Hand hand = new Suites.Hand(Suites.JAVA_LOOP, (in, n) -> {
            Compacted[] out = new Compacted[1];
            return new Suites.HandRun(() -> out[0] = compact(in[0], n), () -> out[0].trimmed());
        });
        return Suites.rows("a[a > 0.5]", "a[a>0.5]", null, List.of("a"), m -> m.get("a").mask(m.get("a").gt(0.5)), List.of(hand), Suites.JAVA_LOOP, 2, p);
    }

    static List<Row> take(Suites.Params p) {
        int n = p.n();
        int[] perm = permutation(n);
        NDArray index = Num.wrap(DType.INT32, perm, n);
        Suites.Hand hand = new Suites.Hand(Suites.JAVA_LOOP, (in, len) -> {
            Object out = in[0] instanceof float[] ? new float[len] : new double[len];
            return new Suites.HandRun(() -> Par.forRange(len, (f, t) -> gather(in[0], perm, out, f, t)), () -> out);
        });
        int small = Suites.HOST_WARMUP_SIZE;   // the rows' host warm-up takes from arrays of this size
        NDArray smallIndex = Num.wrap(DType.INT32, permutation(small), small);
        return Suites.rows("take(a, p)", "take(a,p)", null, List.of("a"), m -> m.get("a").take(m.get("a").size() == n ? index : smallIndex),
                List.of(hand), Suites.JAVA_LOOP, 3, p);
    }

    /** A random permutation of [0, n), seeded. */
    static int[] permutation(int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        java.util.SplittableRandom r = new java.util.SplittableRandom(16);
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1), t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    private static void gather(Object in, int[] perm, Object out, int from, int to) {
        if (in instanceof float[] a) {
            float[] o = (float[]) out;
            for (int i = from; i < to; i++) o[i] = a[perm[i]];
        } else {
            double[] a = (double[]) in, o = (double[]) out;
            for (int i = from; i < to; i++) o[i] = a[perm[i]];
        }
    }

    /** The running sum on the baseline threads: each part's total, their prefix, then each part from its offset. */
    static void runningSum(Object in, Object out, int n) {
        int parts = Par.parts(n);
        double[] total = new double[parts];
        Par.split(n, parts, (part, from, to) -> {
            double s = 0;
            if (in instanceof float[] a) { float f = 0; for (int i = from; i < to; i++) f += a[i]; s = f; }
            else { double[] a = (double[]) in; for (int i = from; i < to; i++) s += a[i]; }
            total[part] = s;
        });
        for (int q = 1; q < parts; q++) total[q] += total[q - 1];
        Par.split(n, parts, (part, from, to) -> {
            double start = part == 0 ? 0 : total[part - 1];
            if (in instanceof float[] a) {
                float[] o = (float[]) out;
                float s = (float) start;
                for (int i = from; i < to; i++) o[i] = s += a[i];
            } else {
                double[] a = (double[]) in, o = (double[]) out;
                double s = start;
                for (int i = from; i < to; i++) o[i] = s += a[i];
            }
        });
    }

    /** The result of {@link #compact}: the selected values, then one spare slot (the last part's branch-free store). */
    record Compacted(Object values, int count) {
        Object trimmed() { return values instanceof float[] f ? java.util.Arrays.copyOf(f, count) : java.util.Arrays.copyOf((double[]) values, count); }
    }

    /**
     * a[a > 0.5] on the baseline threads: a count per part, their prefix, then a branch-free copy
     * per part (each element stored, the position moved on when it is selected). A part's stores
     * past its last selected value fall on the next part's first slot, which that part may already
     * have written: that slot is set again after the threads have joined.
     */
    static Compacted compact(Object in, int n) {
        int parts = Par.parts(n);
        int[] count = new int[parts + 1], first = new int[parts];
        Par.split(n, parts, (part, from, to) -> {
            int c = 0, f = -1;
            if (in instanceof float[] a) { for (int i = from; i < to; i++) { int s = a[i] > 0.5f ? 1 : 0; if (f < 0 && s == 1) f = i; c += s; } }
            else { double[] a = (double[]) in; for (int i = from; i < to; i++) { int s = a[i] > 0.5 ? 1 : 0; if (f < 0 && s == 1) f = i; c += s; } }
            count[part + 1] = c;
            first[part] = f;
        });
        for (int q = 1; q <= parts; q++) count[q] += count[q - 1];
        Object out = in instanceof float[] ? new float[count[parts] + 1] : new double[count[parts] + 1];
        Par.split(n, parts, (part, from, to) -> {
            int j = count[part];
            if (in instanceof float[] a) {
                float[] o = (float[]) out;
                for (int i = from; i < to; i++) { o[j] = a[i]; j += a[i] > 0.5f ? 1 : 0; }
            } else {
                double[] a = (double[]) in, o = (double[]) out;
                for (int i = from; i < to; i++) { o[j] = a[i]; j += a[i] > 0.5 ? 1 : 0; }
            }
        });
        for (int q = 1; q < parts; q++) {   // the slot a part's trailing stores share with the next part's first value
            if (first[q] < 0) continue;
            if (in instanceof float[] a) ((float[]) out)[count[q]] = a[first[q]]; else ((double[]) out)[count[q]] = ((double[]) in)[first[q]];
        }
        return new Compacted(out, count[parts]);
    }
}
