package io.numfuse.ir;

import io.numfuse.core.DType;
import io.numfuse.core.ValueException;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * An independent, unfused oracle: evaluates a graph node by node, each node into a dense
 * C-order array, applying {@link Semantics} directly. It shares nothing with {@link Fusion},
 * {@link Kernel} lowering or {@link Interpreter}: only the scalar definitions, the node
 * definitions and {@link View} addressing. Eager: every reachable node is computed in full,
 * so it computes a superset of what a fused plan computes (a {@link ValueException} in the
 * fused path implies one here, not the converse).
 *
 * <p>Reductions follow the interpreter's documented accumulation: C order over the reduced
 * axes, ints in wrapping arithmetic of the result type, floats in double (sums with
 * Neumaier's compensation) rounded to the dtype at the end.
 */
final class Reference {

    /** A dense C-order array: {@code l} for bool/int values, {@code d} for float values. */
    record Arr(DType dtype, int[] shape, long[] l, double[] d) {
        static Arr of(DType t, int[] shape) {
            int n = Shapes.size(shape);
            return new Arr(t, shape.clone(), t.isFloat() ? null : new long[n], t.isFloat() ? new double[n] : null);
        }
        int size() { return t().isFloat() ? d.length : l.length; }
        private DType t() { return dtype; }
        @Override public String toString() {
            return dtype.numpyName() + Shapes.format(shape) + " " + (dtype.isFloat() ? Arrays.toString(d) : Arrays.toString(l));
        }
    }

    private final Map<Node, Arr> memo = new IdentityHashMap<>();

    /** The value of every node evaluated so far (reachable from an evaluated root). */
    Map<Node, Arr> values() { return memo; }

    Arr eval(Node n) {
        Arr known = memo.get(n);
        if (known != null) return known;
        Arr r = compute(n);
        if (r.dtype() != n.dtype() || !Arrays.equals(r.shape(), n.shape())) {
            throw new AssertionError("reference computed " + r.dtype() + Shapes.format(r.shape()) + " for " + n);
        }
        memo.put(n, r);
        return r;
    }

    private Arr compute(Node n) {
        if (n.result() != null) return read(n.result());
        return switch (n) {
            case Node.Leaf l -> read(l.view());
            case Node.Const c -> {
                Arr a = Arr.of(c.dtype(), new int[0]);
                if (c.dtype().isFloat()) a.d()[0] = c.doubleValue(); else a.l()[0] = c.longValue();
                yield a;
            }
            case Node.Iota i -> {
                Arr a = Arr.of(DType.INT64, i.shape());
                forEach(i.shape(), (e, idx) -> a.l()[e] = idx[i.axis()]);
                yield a;
            }
            case Node.Unary u -> {
                Arr x = eval(u.x());
                Arr a = Arr.of(u.dtype(), u.shape());
                for (int e = 0; e < a.size(); e++) {
                    DType operand = u.x().dtype();
                    if (!operand.isFloat()) a.l()[e] = Semantics.intUnary(u.op(), operand, x.l()[e]);
                    else if (u.dtype().isFloat()) a.d()[e] = Semantics.floatUnary(u.op(), u.dtype(), x.d()[e]);
                    else a.l()[e] = Semantics.floatTest(u.op(), x.d()[e]) ? 1 : 0;
                }
                yield a;
            }
            case Node.Scan s -> {   // NumPy's accumulate: each line in order, each step in the dtype
                Arr x = eval(s.x());
                Arr a = Arr.of(s.dtype(), s.shape());
                int[] xs = s.x().shape();
                long outer = 1, len = 1, inner = 1;
                for (int d = 0; d < xs.length; d++) {
                    if (d < s.from()) outer *= xs[d]; else if (d < s.to()) len *= xs[d]; else inner *= xs[d];
                }
                Op op = s.op().combiner();
                for (int e = 0; e < a.size(); e++) {
                    long j = e / inner % len;
                    if (s.dtype().isFloat()) a.d()[e] = j == 0 ? x.d()[e] : Semantics.floatBinary(op, s.dtype(), a.d()[(int) (e - inner)], x.d()[e]);
                    else a.l()[e] = j == 0 ? x.l()[e] : Semantics.intBinary(op, s.dtype(), a.l()[(int) (e - inner)], x.l()[e]);
                }
                yield a;
            }
            case Node.ArgReduce r -> {   // NumPy's argmax/argmin: the first extreme of each line, the first NaN when there is one
                Arr x = eval(r.x());
                Arr a = Arr.of(DType.INT64, r.shape());
                int[] xs = r.x().shape();
                long len = 1, inner = 1;
                for (int d = r.from(); d < xs.length; d++) if (d < r.to()) len *= xs[d]; else inner *= xs[d];
                boolean max = r.op() == Op.MAX;
                for (int e = 0; e < a.size(); e++) {
                    long base = e / inner * len * inner + e % inner, best = 0;
                    for (long j = 1; j < len; j++) {
                        int at = (int) (base + j * inner), b = (int) (base + best * inner);
                        boolean better;
                        if (x.dtype().isFloat()) {
                            double v = x.d()[at], m = x.d()[b];
                            better = !Double.isNaN(m) && (Double.isNaN(v) || (max ? v > m : v < m));
                        } else {
                            better = max ? x.l()[at] > x.l()[b] : x.l()[at] < x.l()[b];
                        }
                        if (better) best = j;
                    }
                    a.l()[e] = best;
                }
                yield a;
            }
            case Node.Cast c -> {
                Arr x = eval(c.x());
                Arr a = Arr.of(c.dtype(), c.shape());
                for (int e = 0; e < a.size(); e++) convert(x, e, a, e);
                yield a;
            }
            case Node.Binary b -> {
                Arr x = eval(b.a()), y = eval(b.b());
                DType operand = x.dtype();
                if (y.dtype() != operand) throw new AssertionError("binary operands of different dtypes: " + b);
                Arr a = Arr.of(b.dtype(), b.shape());
                forEach(b.shape(), (e, idx) -> {
                    int i = broadcastIndex(x.shape(), idx), j = broadcastIndex(y.shape(), idx);
                    if (operand.isFloat()) {
                        if (b.op().kind() == Op.Kind.COMPARE) a.l()[e] = Semantics.floatCompare(b.op(), x.d()[i], y.d()[j]) ? 1 : 0;
                        else a.d()[e] = Semantics.floatBinary(b.op(), b.dtype(), x.d()[i], y.d()[j]);
                    } else {
                        a.l()[e] = Semantics.intBinary(b.op(), operand, x.l()[i], y.l()[j]);
                    }
                });
                yield a;
            }
            case Node.Where w -> {
                Arr c = eval(w.cond()), x = eval(w.a()), y = eval(w.b());
                Arr a = Arr.of(w.dtype(), w.shape());
                forEach(w.shape(), (e, idx) -> {
                    boolean t = c.l()[broadcastIndex(c.shape(), idx)] != 0;
                    Arr src = t ? x : y;
                    int i = broadcastIndex(src.shape(), idx);
                    if (a.dtype().isFloat()) a.d()[e] = src.d()[i]; else a.l()[e] = src.l()[i];
                });
                yield a;
            }
            case Node.Reindex r -> {
                Arr x = eval(r.x());
                IndexMap m = r.map();
                Arr a = Arr.of(r.dtype(), r.shape());
                int[] src = new int[m.rows()];
                forEach(r.shape(), (e, idx) -> {
                    for (int d = 0; d < src.length; d++) {
                        long s = m.base(d);
                        for (int k = 0; k < idx.length; k++) s += (long) m.coef(d, k) * idx[k];
                        if (s < 0 || s >= x.shape()[d]) throw new AssertionError("index map leaves its operand: " + m + " on " + Shapes.format(x.shape()));
                        src[d] = (int) s;
                    }
                    int i = linear(x.shape(), src);
                    if (a.dtype().isFloat()) a.d()[e] = x.d()[i]; else a.l()[e] = x.l()[i];
                });
                yield a;
            }
            case Node.Concat c -> {   // NumPy's concatenate: each output element from the operand whose range along the axis holds it
                Arr a = Arr.of(c.dtype(), c.shape());
                Arr[] xs = c.operands().stream().map(this::eval).toArray(Arr[]::new);
                int ax = c.axis();
                forEach(c.shape(), (e, idx) -> {
                    int[] src = idx.clone();
                    int p = 0;
                    while (src[ax] >= xs[p].shape()[ax]) src[ax] -= xs[p++].shape()[ax];
                    convert(xs[p], linear(xs[p].shape(), src), a, e);
                });
                yield a;
            }
            case Node.Reduce r -> reduce(r, eval(r.x()));
            case Node.Gather g -> {
                Arr x = eval(g.x()), ind = eval(g.indices());
                int axis = g.axis(), k = ind.shape().length;
                Arr a = Arr.of(g.dtype(), g.shape());
                int[] src = new int[x.shape().length], at = new int[k];
                forEach(g.shape(), (e, idx) -> {
                    for (int d = 0; d < axis; d++) src[d] = idx[d];
                    for (int j = 0; j < k; j++) at[j] = idx[axis + j];
                    long i = ind.l()[linear(ind.shape(), at)];
                    int len = x.shape()[axis];
                    if (i < -len || i >= len) throw new AssertionError("gather index " + i + " out of bounds for " + len);
                    src[axis] = (int) (i < 0 ? i + len : i);
                    for (int d = axis + 1; d < src.length; d++) src[d] = idx[d + k - 1];
                    int s = linear(x.shape(), src);
                    if (a.dtype().isFloat()) a.d()[e] = x.d()[s]; else a.l()[e] = x.l()[s];
                });
                yield a;
            }
        };
    }

    private static Arr reduce(Node.Reduce r, Arr x) {
        DType t = r.dtype();
        Op op = r.op();
        Arr out = Arr.of(t, r.shape());
        int n = out.size();
        double[] sum = new double[n], comp = new double[n];
        long[] acc = new long[n];
        boolean[] seen = new boolean[n];
        int[] xs = x.shape();
        int[] outIdx = new int[r.rank()];
        forEach(xs, (e, idx) -> {
            for (int d = 0, j = 0; d < xs.length; d++) if (!r.reduces(d)) outIdx[j++] = idx[d];
            int o = linear(r.shape(), outIdx);
            if (t.isFloat()) {
                double v = x.d()[e];
                if (!seen[o]) {
                    sum[o] = switch (op) { case SUM -> 0.0; case PROD -> 1.0; default -> v; };
                }
                switch (op) {
                    case SUM -> {   // Neumaier
                        double s = sum[o] + v;
                        if (Math.abs(sum[o]) >= Math.abs(v)) comp[o] += (sum[o] - s) + v; else comp[o] += (v - s) + sum[o];
                        sum[o] = s;
                    }
                    case PROD -> sum[o] = Semantics.round(t, sum[o] * v);   // in order, each step in the dtype (the interpreter, NumPy)
                    case MAX -> sum[o] = Math.max(sum[o], v);
                    case MIN -> sum[o] = Math.min(sum[o], v);
                    default -> throw new AssertionError(op);
                }
            } else {
                long v = x.l()[e];
                if (!seen[o]) acc[o] = switch (op) { case SUM -> 0; case PROD -> 1; default -> v; };
                acc[o] = Semantics.intBinary(op.combiner(), t, acc[o], v);
            }
            seen[o] = true;
        });
        for (int o = 0; o < n; o++) {
            if (t.isFloat()) {
                if (!seen[o]) { out.d()[o] = op.identity(); continue; }
                double v = op == Op.SUM && !Double.isNaN(comp[o]) && Double.isFinite(sum[o]) ? sum[o] + comp[o] : sum[o];
                out.d()[o] = Semantics.round(t, v);
            } else {
                out.l()[o] = seen[o] ? acc[o] : (long) op.identity();
            }
        }
        return out;
    }

    /** Element {@code i} of {@code from} converted into element {@code j} of {@code to}, as a cast. */
    static void convert(Arr from, int i, Arr to, int j) {
        DType f = from.dtype(), t = to.dtype();
        if (f.isFloat()) {
            if (t.isFloat()) to.d()[j] = Semantics.round(t, from.d()[i]); else to.l()[j] = Semantics.castFloatToInt(t, from.d()[i]);
        } else {
            if (t.isFloat()) to.d()[j] = Semantics.castIntToFloat(t, from.l()[i]); else to.l()[j] = Semantics.castIntToInt(t, from.l()[i]);
        }
    }

    /** {@code a} broadcast to {@code shape} and converted to {@code t}, as an assignment does. */
    static Arr assign(Arr a, int[] shape, DType t) {
        Arr out = Arr.of(t, shape);
        forEach(shape, (e, idx) -> convert(a, broadcastIndex(a.shape(), idx), out, e));
        return out;
    }

    /** The elements of a view, in C order. */
    static Arr read(View v) {
        Arr a = Arr.of(v.dtype(), v.shape());
        forEach(v.shape(), (e, idx) -> {
            int o = v.elementOffset(idx);
            if (v.dtype().isFloat()) a.d()[e] = v.buffer().getDouble(o); else a.l()[e] = v.buffer().getLong(o);
        });
        return a;
    }

    /** Asserts equal dtype, shape and elements: exact for bool/int, bit-equal for floats except that NaNs are equal. */
    static void assertSameArray(Arr expected, Arr actual, String context) {
        assertEquals(expected.dtype(), actual.dtype(), () -> "dtype: " + context);
        assertArrayEquals(expected.shape(), actual.shape(), () -> "shape: " + context);
        for (int e = 0; e < expected.size(); e++) {
            boolean same = expected.dtype().isFloat()
                    ? Double.doubleToLongBits(expected.d()[e]) == Double.doubleToLongBits(actual.d()[e])
                    : expected.l()[e] == actual.l()[e];
            if (!same) {
                fail("element " + e + " differs: expected " + (expected.dtype().isFloat() ? expected.d()[e] : expected.l()[e])
                        + " but was " + (actual.dtype().isFloat() ? actual.d()[e] : actual.l()[e])
                        + "\nexpected " + expected + "\nactual   " + actual + "\n" + context);
            }
        }
    }

    // ---- index helpers ---------------------------------------------------------------------

    interface IndexVisitor { void visit(int linear, int[] index); }

    /** Visits every index of {@code shape} in C order. */
    static void forEach(int[] shape, IndexVisitor v) {
        int n = Shapes.size(shape);
        int[] idx = new int[shape.length];
        for (int e = 0; e < n; e++) {
            v.visit(e, idx);
            for (int d = shape.length - 1; d >= 0; d--) {
                if (++idx[d] < shape[d]) break;
                idx[d] = 0;
            }
        }
    }

    /** The C-order position in an array of {@code from} of the element NumPy broadcasting reads at {@code idx}. */
    static int broadcastIndex(int[] from, int[] idx) {
        int off = idx.length - from.length, e = 0;
        for (int d = 0; d < from.length; d++) e = e * from[d] + (from[d] == 1 ? 0 : idx[d + off]);
        return e;
    }

    static int linear(int[] shape, int[] idx) {
        int e = 0;
        for (int d = 0; d < shape.length; d++) e = e * shape[d] + idx[d];
        return e;
    }
}
