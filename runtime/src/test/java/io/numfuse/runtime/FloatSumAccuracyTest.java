package io.numfuse.runtime;

import static org.junit.jupiter.api.Assertions.*;

import io.numfuse.ir.Buffer;
import io.numfuse.core.DType;
import io.numfuse.ir.Graph;
import io.numfuse.ir.Node;
import io.numfuse.ir.Op;
import io.numfuse.ir.Shapes;
import io.numfuse.ir.View;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Ill-conditioned float sums on every target, each output element checked against its exact
 * sum (BigDecimal) with the documented bound ({@link SumBound}): cancelling triplets
 * [1e16, 1, -1e16], big/small/-big, shuffled near-cancelling pairs of wide-ranging magnitude,
 * the repros (10^7 × 0.1, sin of 10^6 × 1e-5, a float32 (4096, 3) column sum of 0.1),
 * and sums over every axis and pair of axes of 3-D arrays read through contiguous, transposed,
 * strided-and-reversed and broadcast views. Each runs on the interpreter, on the JVM (on one
 * thread, and split across threads however small), and on each OpenCL device (in one part per
 * output element, in three parts whose partial results are combined by the finish kernel, and
 * with float32 sums compensated in float as on a device without fp64). The terms of each sum
 * are the body's values as the same target computes them (evaluated as a map), so that only
 * the summation is judged. For the hard cases, a plain left-to-right double sum must break the
 * bound, or the case would not test anything.
 */
class FloatSumAccuracyTest {
    /**
     * A sum to check: a fresh body over shared buffers each time (an evaluated node is memoised),
     * and its axes. {@code hard64}/{@code hard32}: a plain sum in double / in float breaks the bound.
     */
    record Case(String name, DType dtype, Supplier<Node> body, int[] axes, boolean hard64, boolean hard32) {
        Case(String name, DType dtype, Supplier<Node> body, int[] axes) { this(name, dtype, body, axes, false, false); }

        boolean hard(double u) { return u == SumBound.U32 ? hard32 : hard64; }
    }

    /** A way to run a case: a target and what to set around it. */
    record Way(String name, Target target, double u, boolean float32Only, Runnable setUp, Runnable tearDown) {
        static Way plain(String name, Target t) { return new Way(name, t, SumBound.U64, false, () -> { }, () -> { }); }
    }

    @Test
    void interpreterAndJvmSumsAreWithinTheBound() {
        long saved = CostModel.parallelWork;
        List<Way> ways = List.of(
                Way.plain("interpreter", InterpreterTarget.INSTANCE),
                Way.plain("jvm", JvmTarget.INSTANCE),
                new Way("jvm split across threads", JvmTarget.INSTANCE, SumBound.U64, false,
                        () -> CostModel.parallelWork = 1, () -> CostModel.parallelWork = saved));
        check(ways);
    }

    @Test
    void openClSumsAreWithinTheBound() {
        List<Way> ways = new ArrayList<>();
        for (OpenClTarget t : OpenClTests.devices()) {
            ways.add(Way.plain(t.name(), t));
            ways.add(new Way(t.name() + " in 3 parts", t, SumBound.U64, false,
                    () -> OpenClSession.forcedParts = 3, () -> OpenClSession.forcedParts = 0));
            Runnable withoutFp64 = () -> { OpenClDevice.renderWithoutFp64 = true; t.deviceForTests().dropPrograms(); };
            Runnable withFp64 = () -> { OpenClDevice.renderWithoutFp64 = false; OpenClSession.forcedParts = 0; t.deviceForTests().dropPrograms(); };
            ways.add(new Way(t.name() + " as without fp64", t, SumBound.U32, true, withoutFp64, withFp64));
            ways.add(new Way(t.name() + " as without fp64, in 3 parts", t, SumBound.U32, true,
                    () -> { withoutFp64.run(); OpenClSession.forcedParts = 3; }, withFp64));
        }
        int fallbacks = 0;
        for (OpenClTarget t : OpenClTests.devices()) fallbacks += t.fallbackCount();
        check(ways);
        int after = 0;
        for (OpenClTarget t : OpenClTests.devices()) after += t.fallbackCount();
        assertEquals(fallbacks, after, "no sum may fall back to the JVM");
    }

    private static void check(List<Way> ways) {
        List<String> failures = new ArrayList<>();
        int checked = 0;
        for (Way w : ways) {
            w.setUp().run();
            try {
                for (Case c : cases()) if (!w.float32Only() || c.dtype() == DType.FLOAT32) checked += check(c, w, failures);
            } finally {
                w.tearDown().run();
            }
        }
        System.out.printf("float sums within the bound: %d output elements, %d cases, %d ways%n", checked, cases().size(), ways.size());
        assertTrue(failures.isEmpty(), failures.size() + " sums outside the bound:\n" + String.join("\n", failures.subList(0, Math.min(20, failures.size()))));
    }

    /** Runs one case one way; returns the number of output elements checked. */
    private static int check(Case c, Way w, List<String> failures) {
        Node body = c.body().get();
        View values = Executor.evaluate(body, null, w.target());
        View sum = Executor.evaluate(Graph.reduce(Op.SUM, c.body().get(), c.axes(), false), null, w.target());
        assertEquals(c.dtype(), sum.dtype(), c.name());
        double[][] terms = termsPerOutput(values, c.axes());
        assertEquals(terms.length, sum.size(), c.name() + ": output size");
        int[] shape = sum.shape(), idx = new int[shape.length];
        boolean naiveFails = false;
        for (int e = 0; e < terms.length; e++) {
            double got = sum.buffer().getDouble(sum.elementOffset(idx));
            String v = SumBound.violation(terms[e], c.dtype(), got, w.u());
            if (v != null) failures.add(c.name() + " on " + w.name() + ", element " + e + ": " + v);
            if (c.hard(w.u())) naiveFails |= SumBound.violation(terms[e], c.dtype(), SumBound.naive(terms[e], c.dtype(), w.u()), w.u()) != null;
            Shapes.increment(idx, shape);
        }
        if (c.hard(w.u())) assertTrue(naiveFails, c.name() + ": a plain sum is within the bound too, so the case tests nothing");
        return terms.length;
    }

    /** The values of {@code values} grouped by output element (C order over the kept axes), each group in C order. */
    static double[][] termsPerOutput(View values, int[] axes) {
        int rank = values.rank();
        boolean[] reduced = new boolean[rank];
        if (axes == null) java.util.Arrays.fill(reduced, true); else for (int a : axes) reduced[a] = true;
        int[] shape = values.shape(), outShape = shape.clone();
        for (int d = 0; d < rank; d++) if (reduced[d]) outShape[d] = 1;
        int outputs = Shapes.size(outShape), per = values.size() / Math.max(outputs, 1);
        double[][] terms = new double[outputs][per];
        int[] fill = new int[outputs], idx = new int[rank];
        values.buffer().beforeHostRead();
        Object array = values.buffer().array();
        for (int e = 0; e < values.size(); e++) {
            int out = 0;
            for (int d = 0; d < rank; d++) out = out * outShape[d] + (reduced[d] ? 0 : idx[d]);
            int o = values.elementOffset(idx);
            terms[out][fill[out]++] = array instanceof float[] f ? f[o] : ((double[]) array)[o];
            Shapes.increment(idx, shape);
        }
        return terms;
    }

    // ---- the cases -------------------------------------------------------------------------------

    private static List<Case> cases;

    static synchronized List<Case> cases() {
        if (cases == null) cases = makeCases();
        return cases;
    }

    private static List<Case> makeCases() {
        List<Case> l = new ArrayList<>();
        SplittableRandom r = new SplittableRandom(11);
        // [1e16, 1, -1e16] x 1000: the exact sum is 1000; a plain sum loses the ones
        double[] triplets = new double[3000];
        for (int i = 0; i < triplets.length; i += 3) { triplets[i] = 1e16; triplets[i + 1] = 1; triplets[i + 2] = -1e16; }
        l.add(oneD("[1e16, 1, -1e16] x 1000", DType.FLOAT64, triplets, true, false));
        // the same in float32: [2^24, 1, -2^24] x 300, for float accumulation (a device without fp64)
        double[] floatTriplets = new double[900];
        for (int i = 0; i < floatTriplets.length; i += 3) { floatTriplets[i] = 0x1p24; floatTriplets[i + 1] = 1; floatTriplets[i + 2] = -0x1p24; }
        l.add(oneD("[2^24, 1, -2^24] x 300, float32", DType.FLOAT32, floatTriplets, false, true));
        // big, small, -big with big in [1e14, 1e16) and small in [0, 1): the exact sum is the smalls'
        double[] bigSmall = new double[12_000];
        for (int i = 0; i < bigSmall.length; i += 3) {
            double big = r.nextDouble(1e14, 1e16);
            bigSmall[i] = big; bigSmall[i + 1] = r.nextDouble(); bigSmall[i + 2] = -big;
        }
        l.add(oneD("big, small, -big x 4000", DType.FLOAT64, bigSmall, true, false));
        l.add(oneD("shuffled near-cancelling pairs", DType.FLOAT64, cancellingPairs(r, 20_000), true, false));
        // over long rows: a product of two inputs (a dot product: the JVM sums the products of the
        // ranges) and a body of more ops (the JVM adds blocks of values): x*y and x*y - 0.25
        for (DType t : new DType[] { DType.FLOAT64, DType.FLOAT32 }) {
            View x = View.contiguous(bufferOf(t, cancellingPairs(r, 30_000)), 30_000);
            double[] ys = new double[30_000];
            for (int i = 0; i < ys.length; i++) ys[i] = r.nextDouble(0.5, 1);
            View y = View.contiguous(bufferOf(t, ys), 30_000);
            l.add(new Case("x*y of near-cancelling pairs, " + t.numpyName(), t, () -> Graph.binary(Op.MUL, Graph.leaf(x), Graph.leaf(y)), null));
            l.add(new Case("x*y - 0.25 of near-cancelling pairs, " + t.numpyName(), t,
                    () -> Graph.binary(Op.SUB, Graph.binary(Op.MUL, Graph.leaf(x), Graph.leaf(y)), Graph.weak(0.25)), null));
        }
        l.add(oneD("shuffled cancelling pairs and a few small values, float32", DType.FLOAT32, cancellingFloats(r, 20_000), true, false));
        // the repros
        l.add(oneD("10^7 x 0.1", DType.FLOAT64, filled(10_000_000, 0.1), true, false));
        l.add(oneD("10^6 x 0.1f", DType.FLOAT32, filled(1_000_000, 0.1f), false, true));
        View small = View.contiguous(bufferOf(DType.FLOAT64, filled(1_000_000, 1e-5)), 1_000_000);
        l.add(new Case("sin of 10^6 x 1e-5", DType.FLOAT64, () -> Graph.unary(Op.SIN, Graph.leaf(small)), null, true, false));
        View columns = View.contiguous(bufferOf(DType.FLOAT32, filled(4096 * 3, 0.1f)), 4096, 3);
        l.add(new Case("(4096, 3) x 0.1f over axis 0", DType.FLOAT32, () -> Graph.leaf(columns), new int[] { 0 }));
        // every axis and pair of axes of 3-D views; values of alternating sign and magnitudes 2^-20..2^20
        int[][] axesList = { { 0 }, { 1 }, { 2 }, { 0, 1 }, { 0, 2 }, { 1, 2 }, null };
        for (DType t : new DType[] { DType.FLOAT64, DType.FLOAT32 }) {
            Buffer b = bufferOf(t, alternating(r, 8 * 10 * 12));
            List<View> views = List.of(
                    new View(b, 0, new int[] { 8, 10, 12 }, new int[] { 120, 12, 1 }),        // contiguous
                    new View(b, 0, new int[] { 12, 10, 8 }, new int[] { 1, 12, 120 }),        // transposed
                    new View(b, 11, new int[] { 4, 10, 6 }, new int[] { 240, 12, -2 }),       // [::2, :, 11::-2]
                    new View(b, 0, new int[] { 8, 10, 12 }, new int[] { 0, 12, 1 }));         // row 0 broadcast along axis 0
            String[] names = { "contiguous", "transposed", "strided reversed", "broadcast" };
            View row = new View(b, 5, new int[] { 12 }, new int[] { 3 });
            for (int v = 0; v < views.size(); v++) {
                View view = views.get(v);
                for (int[] axes : axesList) {
                    String what = t.numpyName() + " " + names[v] + " " + Shapes.format(view.shape()) + " over axes "
                            + (axes == null ? "all" : java.util.Arrays.toString(axes));
                    l.add(new Case(what, t, () -> Graph.leaf(view), axes));
                    if (v == 0) {   // a body of ops: each value times a broadcast row, minus a scalar
                        l.add(new Case(what + ", x*row - 0.25", t, () -> Graph.binary(Op.SUB,
                                Graph.binary(Op.MUL, Graph.leaf(view), Graph.leaf(row)), Graph.weak(0.25)), axes));
                    }
                }
            }
        }
        return l;
    }

    private static Case oneD(String name, DType t, double[] values, boolean hard64, boolean hard32) {
        View v = View.contiguous(bufferOf(t, values), values.length);
        return new Case(name, t, () -> Graph.leaf(v), null, hard64, hard32);
    }

    static Buffer bufferOf(DType t, double[] values) {
        Buffer b = Buffer.allocate(t, values.length);
        for (int i = 0; i < values.length; i++) b.setDouble(i, values[i]);
        return b;
    }

    static double[] filled(int n, double value) {
        double[] a = new double[n];
        java.util.Arrays.fill(a, value);
        return a;
    }

    /**
     * n/2 values of random sign and magnitude 2^-30..2^30 and, for each, its negative perturbed
     * in the 2^-20 place, shuffled: the sum cancels to about 2^-20 of Σ|x|.
     */
    static double[] cancellingPairs(SplittableRandom r, int n) {
        double[] a = new double[n];
        for (int i = 0; i < n; i += 2) {
            double v = Math.scalb(1 + r.nextDouble(), r.nextInt(-30, 31)) * (r.nextBoolean() ? 1 : -1);
            a[i] = v;
            a[i + 1] = -v * (1 + Math.scalb(r.nextDouble(), -20));
        }
        return shuffle(r, a);
    }

    /**
     * float32 values: pairs v, -v of random sign and magnitude 2^-20..2^20, and 20 values of
     * magnitude about 1e-3, shuffled: the sum is the small values', a millionth of a millionth
     * of Σ|x|, which a double accumulator without compensation misses by far more than half a
     * float32 ulp.
     */
    static double[] cancellingFloats(SplittableRandom r, int n) {
        double[] a = new double[n];
        for (int i = 0; i < n - 20; i += 2) {
            a[i] = (float) (Math.scalb(1 + r.nextDouble(), r.nextInt(-20, 21)) * (r.nextBoolean() ? 1 : -1));
            a[i + 1] = -a[i];
        }
        for (int i = n - 20; i < n; i++) a[i] = (float) r.nextDouble(1e-3, 2e-3);
        return shuffle(r, a);
    }

    private static double[] shuffle(SplittableRandom r, double[] a) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            double x = a[i]; a[i] = a[j]; a[j] = x;
        }
        return a;
    }

    /** Values of alternating sign (by position) and random magnitude 2^-20..2^20. */
    static double[] alternating(SplittableRandom r, int n) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) a[i] = Math.scalb(1 + r.nextDouble(), r.nextInt(-20, 21)) * (i % 2 == 0 ? 1 : -1);
        return a;
    }
}
