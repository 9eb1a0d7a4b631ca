package io.numfuse.ir;

import io.numfuse.core.DType;
import java.util.List;

/**
 * The reference evaluator: runs any {@link Kernel} on the host, one element and one
 * instruction at a time, through {@link Semantics}. It is slow and meant to be obviously
 * correct: it is the oracle of every differential test.
 *
 * <p>Reductions accumulate each output element in double (float sums with Neumaier's
 * compensation, rounded to the dtype at the end) or in wrapping integer arithmetic.
 *
 * <p><b>The accuracy of float sums</b>, which every target meets (the JVM and OpenCL backends
 * sum in other orders: vector lanes, blocks, threads, work-items, but the same way). A sum
 * adds its n terms x_i (the body's values, exact in double) in a binary format with unit
 * roundoff u: u = 2^-53 (double) for float32 and float64 sums alike, except u = 2^-24 for a
 * float32 sum on an OpenCL device without fp64, which sums in float. Each addition's exact
 * rounding error (Neumaier's branch here, Knuth's TwoSum elsewhere) goes to a compensation c,
 * which also adds the compensations of partial results (threads, work-items); the result is
 * r = σ + c rounded once, σ the plain sum. For the exact sum S, absent overflow:
 * <pre>
 *     |r − S| ≤ u·|S| + γ(n−1)²·Σ|x_i|,    γ(k) = k·u / (1 − k·u)
 * </pre>
 * and rounding r to float32 adds at most half a float32 ulp of the result. So a float64 sum
 * is within u·|S| (less than one ulp of S) plus a term below 1.01·n²u²·Σ|x_i| for n ≤ 2^30
 * (1.2e-18·Σ|x_i| at n = 10^7), which matters only when S cancels to below n²u·Σ|x_i|.
 * <i>Proof.</i> The additions of σ form a binary tree over the terms (an addition to the zero
 * start is exact and can be dropped), so each term passes through at most n−1 of them. An
 * addition's error e_k is at most u times its exact result, itself at most Σ|x_i| over the
 * terms below it times (1+u)^(n−2), so Σ|e_k| ≤ γ(n−1)·Σ|x_i|; and S = σ + Σe_k exactly. c is a
 * tree sum of the at most n−1 errors: |c − Σe_k| ≤ γ(n−2)·Σ|e_k|. Then
 * |r − S| ≤ u·|σ + c| + |c − Σe_k| ≤ u·|S| + (1+u)·γ(n−2)·γ(n−1)·Σ|x_i|, and (1+u)·γ(n−2) ≤ γ(n−1).
 * This is Ogita, Rump and Oishi's bound for Sum2 ("Accurate sum and dot product", SIAM J. Sci.
 * Comput. 26(6), 2005, Proposition 4.5), which holds for any tree of additions. NumPy's pairwise
 * sum is within about log2(n)·u·Σ|x_i| instead, so numfuse is at least as accurate.
 */
public final class Interpreter {
    private Interpreter() {}

    /** Runs every kernel of {@code plan} in order, then memoises its nodes. */
    public static void run(Plan plan) {
        for (Kernel k : plan.kernels()) run(k);
        plan.memoiseAll();
    }

    public static void run(Kernel k) {
        if (k.isParts()) {   // a concatenation: each part in turn
            for (Kernel p : k.parts()) run(p);
            return;
        }
        int[] shape = k.shape();
        int n = k.size();
        List<Instr> body = k.body();
        long[] iv = new long[body.size()];
        double[] dv = new double[body.size()];
        int[] idx = new int[shape.length];
        View out = k.output();
        Accumulators acc = k.isReduction() ? new Accumulators(k) : null;
        ArgState arg = k.isArg() ? new ArgState(k) : null;
        for (int e = 0; e < n; e++) {
            for (int i = 0; i < body.size(); i++) eval(k, body, i, idx, iv, dv);
            int last = body.size() - 1;
            int o = out.elementOffset(idx);
            if (arg != null) {
                arg.add(o, idx, iv[last], dv[last]);
            } else if (acc != null) {
                acc.add(o, iv[last], dv[last]);
            } else {
                store(out, o, iv[last], dv[last]);
                for (Kernel.Store x : k.extras()) store(x.view(), x.view().elementOffset(idx), iv[x.value()], dv[x.value()]);
            }
            Shapes.increment(idx, shape);
        }
        if (acc != null) acc.store();
        if (arg != null) arg.store();
        if (k.isScan()) scan(k);
    }

    /**
     * An arg kernel's state, in C order: per output element, the extreme so far and its position
     * along the reduced axes. A value replaces it when strictly more extreme, or when it is the
     * first NaN (NumPy's argmax and argmin).
     */
    private static final class ArgState {
        private final Kernel k;
        private final boolean floats, max;
        private final java.util.Map<Integer, long[]> best = new java.util.HashMap<>();   // offset -> {position, long value or double bits}

        ArgState(Kernel k) {
            this.k = k;
            this.floats = k.value().type().isFloat();
            this.max = k.arg().max();
        }

        void add(int o, int[] idx, long i, double d) {
            long pos = 0;
            for (int a = k.arg().from(); a < k.arg().to(); a++) pos = pos * k.shape()[a] + idx[a];
            long[] b = best.get(o);
            if (b == null) {
                best.put(o, new long[] { pos, floats ? Double.doubleToRawLongBits(d) : i });
                return;
            }
            boolean better;
            if (floats) {
                double m = Double.longBitsToDouble(b[1]);
                better = Double.isNaN(d) ? !Double.isNaN(m) : max ? d > m : d < m;
            } else {
                better = max ? i > b[1] : i < b[1];
            }
            if (better) {
                b[0] = pos;
                b[1] = floats ? Double.doubleToRawLongBits(d) : i;
            }
        }

        void store() {
            for (var e : best.entrySet()) k.output().buffer().storeLong(e.getKey(), e.getValue()[0]);
        }
    }

    /** A scan kernel's scan of its stored values: each line in order, each step in the dtype (NumPy's cumsum and cumprod). */
    private static void scan(Kernel k) {
        long[] lines = k.scanLines();
        long len = lines[1], inner = lines[2];
        View out = k.output();
        DType t = out.dtype();
        Op op = k.scan().op().combiner();
        Buffer b = out.buffer();
        for (long o = 0; o < lines[0]; o++) {
            for (long i = 0; i < inner; i++) {
                long base = out.offset() + o * len * inner + i;
                for (long j = 1; j < len; j++) {
                    int prev = (int) (base + (j - 1) * inner), at = (int) (base + j * inner);
                    if (t.isFloat()) b.storeDouble(at, Semantics.floatBinary(op, t, b.getDouble(prev), b.getDouble(at)));
                    else b.storeLong(at, Semantics.intBinary(op, t, b.getLong(prev), b.getLong(at)));
                }
            }
        }
    }

    private static void store(View v, int o, long i, double d) {
        if (v.dtype().isFloat()) v.buffer().storeDouble(o, d); else v.buffer().storeLong(o, i);
    }

    private static void eval(Kernel k, List<Instr> body, int i, int[] idx, long[] iv, double[] dv) {
        Instr in = body.get(i);
        DType t = in.type();
        switch (in) {
            case Instr.Load l -> {
                View v = k.inputs().get(l.input());
                int o = v.elementOffset(idx);
                if (t.isFloat()) dv[i] = v.buffer().getDouble(o); else iv[i] = v.buffer().getLong(o);
            }
            case Instr.Gather g -> {
                View v = k.inputs().get(g.input());
                int o = v.elementOffset(idx) + (int) iv[g.offset()];
                if (t.isFloat()) dv[i] = v.buffer().getDouble(o); else iv[i] = v.buffer().getLong(o);
            }
            case Instr.Param p -> {
                if (t.isFloat()) dv[i] = k.doubleParam(p.index()); else iv[i] = k.params()[p.index()];
            }
            case Instr.Index x -> iv[i] = idx[x.axis()];
            case Instr.Unary u -> {
                DType operand = body.get(u.x()).type();
                if (!operand.isFloat()) iv[i] = Semantics.intUnary(u.op(), operand, iv[u.x()]);
                else if (t.isFloat()) dv[i] = Semantics.floatUnary(u.op(), t, dv[u.x()]);
                else iv[i] = Semantics.floatTest(u.op(), dv[u.x()]) ? 1 : 0;   // isnan and the other tests
            }
            case Instr.Binary b -> {
                DType operand = body.get(b.a()).type();
                if (operand.isFloat()) {
                    if (b.op().kind() == Op.Kind.COMPARE) iv[i] = Semantics.floatCompare(b.op(), dv[b.a()], dv[b.b()]) ? 1 : 0;
                    else dv[i] = Semantics.floatBinary(b.op(), t, dv[b.a()], dv[b.b()]);
                } else {
                    iv[i] = Semantics.intBinary(b.op(), operand, iv[b.a()], iv[b.b()]);
                }
            }
            case Instr.Select s -> {
                boolean c = iv[s.cond()] != 0;
                if (t.isFloat()) dv[i] = c ? dv[s.a()] : dv[s.b()]; else iv[i] = c ? iv[s.a()] : iv[s.b()];
            }
            case Instr.Cast c -> {
                DType from = body.get(c.x()).type();
                if (from.isFloat()) {
                    if (t.isFloat()) dv[i] = Semantics.round(t, dv[c.x()]); else iv[i] = Semantics.castFloatToInt(t, dv[c.x()]);
                } else {
                    if (t.isFloat()) dv[i] = Semantics.castIntToFloat(t, iv[c.x()]); else iv[i] = Semantics.castIntToInt(t, iv[c.x()]);
                }
            }
        }
    }

    /** One accumulator per output element, addressed by its buffer offset. */
    private static final class Accumulators {
        private final Kernel k;
        private final Op op;
        private final DType t;
        private final java.util.Map<Integer, double[]> floats = new java.util.LinkedHashMap<>();
        private final java.util.Map<Integer, long[]> ints = new java.util.LinkedHashMap<>();

        Accumulators(Kernel k) {
            this.k = k;
            this.op = k.reduce();
            this.t = k.output().dtype();
            // every output element exists even when nothing is reduced into it (sum of an empty axis)
            View out = k.output();
            int[] outputs = out.shape();     // the iteration space with the reduced axes set to 1
            boolean[] axes = k.reduceAxes();
            for (int d = 0; d < outputs.length; d++) if (axes[d]) outputs[d] = 1;
            int[] idx = new int[outputs.length];
            int n = Shapes.size(outputs);
            for (int e = 0; e < n; e++) {
                int o = out.elementOffset(idx);
                if (t.isFloat()) floats.put(o, new double[] { op.hasIdentity() ? op.identity() : Double.NaN, 0, 0 });
                else ints.put(o, new long[] { op.hasIdentity() ? (long) op.identity() : 0, 0 });
                Shapes.increment(idx, outputs);
            }
        }

        /** a[0] value, a[1] compensation, a[2] 1 once a value was seen (for max/min). */
        void add(int o, long iv, double dv) {
            if (t.isFloat()) {
                double[] a = floats.get(o);
                switch (op) {
                    case SUM -> {   // Neumaier's compensated sum
                        double s = a[0] + dv;
                        if (Math.abs(a[0]) >= Math.abs(dv)) a[1] += (a[0] - s) + dv; else a[1] += (dv - s) + a[0];
                        a[0] = s;
                    }
                    case PROD -> a[0] = Semantics.round(t, a[0] * dv);   // in order, each step in the dtype, as NumPy
                    case MAX -> a[0] = a[2] == 0 ? dv : Math.max(a[0], dv);
                    case MIN -> a[0] = a[2] == 0 ? dv : Math.min(a[0], dv);
                    default -> throw new IllegalStateException(op.toString());
                }
                a[2] = 1;
            } else {
                long[] a = ints.get(o);
                a[0] = a[1] == 0 && !op.hasIdentity() ? iv : Semantics.intBinary(op.combiner(), t, a[0], iv);
                a[1] = 1;
            }
        }

        void store() {
            var buf = k.output().buffer();
            floats.forEach((o, a) -> {
                double v = op == Op.SUM && !Double.isNaN(a[1]) && Double.isFinite(a[0]) ? a[0] + a[1] : a[0];
                buf.storeDouble(o, Semantics.round(t, v));
            });
            ints.forEach((o, a) -> buf.storeLong(o, a[0]));
        }
    }
}
