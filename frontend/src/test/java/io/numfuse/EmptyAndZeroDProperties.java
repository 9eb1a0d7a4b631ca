package io.numfuse;

import static io.numfuse.DeepAndLarge.check;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.numfuse.core.AxisException;
import io.numfuse.core.DType;
import io.numfuse.core.NumfuseException;
import io.numfuse.ir.Op;
import io.numfuse.ir.Shapes;
import io.numfuse.core.ValueException;
import io.numfuse.npy.NpyArray;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * 0-d and empty arrays through every op of the op table, every reduction (with axis variants and
 * keepdims), mean, where, casts, dot, slicing to empty, writes to empty views, item(), toString
 * and the .npy round trip, on every target. Each case is checked against the interpreter and
 * against NumPy's rules that do not depend on values: the result's shape (broadcasting, reduced
 * axes), the identity of an empty sum or product, NaN for an empty mean (NumPy also warns; numfuse
 * has no warnings), and NumPy's error for max or min over no elements (NumPy 2.4 checked).
 */
class EmptyAndZeroDProperties {
    static final int[][] SHAPES = { {}, {0}, {1}, {3}, {0, 3}, {3, 0}, {1, 0}, {0, 1}, {2, 0, 4}, {1, 1} };

    /** One random case: its text, its inputs, and what it computes from them. */
    record Case(String text, List<DType> dtypes, List<int[]> shapes, Function<List<NDArray>, NDArray> build, int[] expectedShape) {}

    /** Cases run on OpenCL: all in the long profile, one in six in CI (each new kernel is a program to build, 0.3 s on PoCL). */
    static boolean onDevice(long seed) { return DeepAndLarge.LONG || Math.floorMod(seed, 6) == 0; }

    @Property(tries = 300)
    void everyOpOnEmptyAnd0dArraysAgreesWithTheInterpreterAndNumpy(@ForAll long seed) {
        for (String t : DeepAndLarge.targets()) if (!t.startsWith("opencl") || onDevice(seed)) probe(seed, t);
    }

    /** What NumPy 2.4 prints and computes for empty and 0-d arrays, on every target. */
    @Example
    void numpysAnswersForEmptyAnd0dArrays() {
        for (String t : DeepAndLarge.targets()) {
            Num.on(t, () -> {
                // repr: an empty array shows its dtype always, and its shape unless it is (0,)
                assertEquals("array([], dtype=float64)", Num.zeros(DType.FLOAT64, 0).toString());
                assertEquals("array([], shape=(3, 0), dtype=float64)", Num.zeros(DType.FLOAT64, 3, 0).toString());
                assertEquals("array([], shape=(0, 3), dtype=int64)", Num.zeros(DType.INT64, 0, 3).toString());
                assertEquals("array([], dtype=bool)", Num.zeros(DType.BOOL, 0).toString());
                assertEquals("array([], shape=(2, 0, 3), dtype=int32)", Num.zeros(DType.INT32, 2, 0, 3).add(1).toString());
                assertEquals("array(5.)", Num.full(DType.FLOAT64, 5).toString());
                assertEquals("array(5, dtype=int32)", Num.full(DType.INT32, 5).toString());
                assertEquals("array(True)", Num.full(DType.BOOL, 1).toString());
                assertEquals("array(2.5, dtype=float32)", Num.full(DType.FLOAT32, 2.5).toString());
                // reductions of nothing: the identity, NaN for a mean, an error without an identity
                assertEquals(0.0, Num.zeros(DType.FLOAT64, 0).sum().item());
                assertEquals(1.0, Num.zeros(DType.FLOAT32, 3, 0).prod().item());
                assertEquals(DType.INT64, Num.zeros(DType.INT32, 0).sum().dtype());
                assertArrayEquals(new long[] { 0, 0, 0 }, Num.zeros(DType.INT32, 3, 0).sum(1).toLongArray());
                assertTrue(Double.isNaN(Num.zeros(DType.FLOAT64, 0).mean().item()));
                assertArrayEquals(new double[] { Double.NaN, Double.NaN, Double.NaN }, Num.zeros(DType.FLOAT64, 0, 3).mean(0).toDoubleArray());
                ValueException none = assertThrows(ValueException.class, () -> Num.zeros(DType.FLOAT64, 0).max());
                assertEquals("zero-size array to reduction operation maximum which has no identity", none.getMessage());
                assertThrows(ValueException.class, () -> Num.zeros(DType.FLOAT64, 3, 0).min(1));
                assertArrayEquals(new int[] { 0 }, Num.zeros(DType.FLOAT64, 3, 0).max(0).shape());
                assertArrayEquals(new int[] { 0 }, Num.zeros(DType.FLOAT64, 0, 3).max(1).eval().shape());
                // 0-d arrays: reductions over axis 0 as NumPy's ufuncs allow, mean refuses it as NumPy does
                assertEquals(2.0, Num.full(DType.FLOAT64, 2).sum(0).item());
                assertThrows(AxisException.class, () -> Num.full(DType.FLOAT64, 2).mean(0));
                assertEquals(7.0, Num.full(DType.INT64, 7).item());
                assertThrows(ValueException.class, () -> Num.zeros(DType.INT64, 0).item());
                assertThrows(ValueException.class, () -> Num.zeros(DType.INT64, 2).item());
                // a write to an empty view changes nothing; a 0-d and an empty array survive .npy
                NDArray a = Num.arange(5).eval();
                a.slice("2:2").assign(9);
                assertArrayEquals(new long[] { 0, 1, 2, 3, 4 }, a.toLongArray());
                NpyArray zero = Num.full(DType.FLOAT32, 2.5).toNpy();
                assertEquals(0, zero.shape().length);
                assertEquals("array(2.5, dtype=float32)", Num.fromNpy(zero).toString());
                assertArrayEquals(new int[] { 3, 0 }, Num.fromNpy(Num.zeros(DType.INT32, 3, 0).toNpy()).shape());
            });
        }
    }

    /** One case on the interpreter, checked against NumPy's rules, and on {@code target}, checked against the interpreter. */
    static void probe(long seed, String target) {
        Case c = randomCase(new SplittableRandom(seed));
        Outcome want = Num.on("interpreter", () -> run(c, seed));
        checkNumpyRules(c, want);
        if (target.equals("interpreter")) return;
        Outcome got = Num.on(target, () -> run(c, seed));
        check(want.sameAs(got), c.text() + " on " + target + ": " + got + ", interpreter: " + want);
    }

    /** What a case gave: an error's class, or a result's dtype, shape and values. */
    record Outcome(Class<?> error, String message, NpyArray value, String text) {
        boolean sameAs(Outcome o) {
            if (error != null || o.error != null) return error == o.error;
            return value.dtype() == o.value.dtype() && Arrays.equals(value.shape(), o.value.shape()) && close(value, o.value);
        }

        @Override public String toString() { return error != null ? error.getSimpleName() + ": " + message : text; }
    }

    static Outcome run(Case c, long seed) {
        List<NDArray> in = new ArrayList<>();
        for (int i = 0; i < c.dtypes().size(); i++) in.add(input(c.dtypes().get(i), c.shapes().get(i), seed * 31 + i));
        try {
            NDArray r = c.build().apply(in);
            NpyArray v = r.toNpy();
            NDArray back = Num.fromNpy(v);
            check(Arrays.equals(back.toNpy().shape(), v.shape()) && back.dtype() == v.dtype(), c.text() + ": the .npy round trip changed the array");
            String text = r.toString();
            if (r.size() == 1) check(same(r.item(), r.getDouble(new int[r.ndim()])), c.text() + ": item() " + r.item() + " is not the element");
            return new Outcome(null, null, v, text);
        } catch (NumfuseException e) {
            check(e.getMessage() != null && !e.getMessage().isBlank() && !e.getMessage().contains("\n\tat "), c.text() + ": an error without one clear line");
            return new Outcome(e.getClass(), e.getMessage(), null, null);
        }
    }

    /** Small values, with NaN, inf and -0.0 among float ones. */
    static NDArray input(DType t, int[] shape, long seed) {
        NDArray a = Num.randint(seed, t == DType.BOOL ? 0 : -3, t == DType.BOOL ? 2 : 4, t, shape);
        SplittableRandom rnd = new SplittableRandom(seed);
        if (t.isFloat() && a.size() > 0 && rnd.nextInt(3) == 0) {
            int[] at = new int[shape.length];
            for (int d = 0; d < shape.length; d++) at[d] = rnd.nextInt(shape[d]);
            a.set(new double[] { Double.NaN, Double.POSITIVE_INFINITY, -0.0 }[rnd.nextInt(3)], at);
        }
        return a;
    }

    static Case randomCase(SplittableRandom rnd) {
        Op[] ops = Op.values();
        int pick = rnd.nextInt(ops.length + 5);
        DType t = DType.values()[rnd.nextInt(DType.values().length)];
        int[] s = SHAPES[rnd.nextInt(SHAPES.length)];
        String sh = Shapes.format(s);
        if (pick >= ops.length) return viewCase(pick - ops.length, rnd, t, s);
        Op op = ops[pick];
        return switch (op.kind()) {
            case UNARY -> new Case(op + " of " + t + sh, List.of(t), List.of(s), a -> Num.apply(op, a.get(0)), s);
            case BINARY, COMPARE -> {
                int[] s2 = partner(rnd, s);
                DType t2 = rnd.nextBoolean() ? t : DType.values()[rnd.nextInt(DType.values().length)];
                yield new Case(op + " of " + t + sh + " and " + t2 + Shapes.format(s2), List.of(t, t2), List.of(s, s2),
                        a -> Num.apply(op, a.get(0), a.get(1)), broadcast(s, s2));
            }
            case SELECT -> {
                int[] s2 = partner(rnd, s), s3 = partner(rnd, s);
                yield new Case("where(" + sh + ", " + Shapes.format(s2) + ", " + Shapes.format(s3) + ") of " + t, List.of(DType.BOOL, t, t),
                        List.of(s, s2, s3), a -> Num.where(a.get(0), a.get(1), a.get(2)), broadcast(broadcast(s, s2), s3));
            }
            case CAST -> {
                DType to = DType.values()[rnd.nextInt(DType.values().length)];
                yield new Case(t + sh + ".astype(" + to + ")", List.of(t), List.of(s), a -> a.get(0).astype(to), s);
            }
            case REDUCE -> reduceCase(rnd, op, t, s);
        };
    }

    /** A shape that broadcasts with {@code s}: itself, a 0-d one, or one with its dimensions set to 1. */
    static int[] partner(SplittableRandom rnd, int[] s) {
        return switch (rnd.nextInt(3)) {
            case 0 -> s.clone();
            case 1 -> new int[0];
            default -> {
                int[] p = s.clone();
                for (int d = 0; d < p.length; d++) if (rnd.nextBoolean()) p[d] = 1;
                yield p;
            }
        };
    }

    static Case reduceCase(SplittableRandom rnd, Op op, DType t, int[] s) {
        int[] axes = switch (rnd.nextInt(4)) {
            case 0 -> null;
            case 1 -> s.length == 0 ? new int[0] : new int[] { rnd.nextInt(-s.length, s.length) };
            case 2 -> s.length < 2 ? null : new int[] { 0, s.length - 1 };
            default -> new int[0];
        };
        boolean keep = rnd.nextBoolean();
        boolean mean = rnd.nextInt(5) == 0;
        String what = (mean ? "mean" : op.toString()) + " of " + t + Shapes.format(s) + " over " + Arrays.toString(axes) + (keep ? ", keepdims" : "");
        return new Case(what, List.of(t), List.of(s), a -> mean ? a.get(0).mean(axes, keep) : a.get(0).reduce(op, axes, keep), reduced(s, axes, keep));
    }

    /** Views and writes: slicing to empty, a write to an empty view, a 0-d array indexed, dot. */
    static Case viewCase(int kind, SplittableRandom rnd, DType t, int[] s) {
        String sh = Shapes.format(s);
        return switch (kind) {
            case 0 -> new Case(t + "[5]" + "[3:1]", List.of(t), List.of(new int[] { 5 }), a -> a.get(0).slice("3:1").slice("::-1"), new int[] { 0 });
            case 1 -> new Case(t + "(4, 3)[:, 2:2] = 7", List.of(t), List.of(new int[] { 4, 3 }), a -> {
                NDArray x = a.get(0).eval();
                double[] before = x.toDoubleArray();
                x.slice(":, 2:2").assign(7);
                DeepAndLarge.checkKept(Arrays.equals(before, x.toDoubleArray()), "a write to an empty view changed the array");
                return x.slice(":, 2:2");
            }, new int[] { 4, 0 });
            case 2 -> new Case(t + sh + "[...] and [None]", List.of(t), List.of(s), a -> a.get(0).slice("...").slice("None"), prepend(s));
            case 3 -> {
                int[][] pairs = { { 0 }, { 0 }, { 0, 3 }, { 3 }, { 3, 0 }, { 0, 2 }, { 2, 3 }, { 3, 0 } };
                int p = rnd.nextInt(4) * 2;
                int[] x = pairs[p], y = pairs[p + 1];
                yield new Case("dot of " + t + Shapes.format(x) + " and " + Shapes.format(y), List.of(t, t), List.of(x, y), a -> a.get(0).dot(a.get(1)),
                        dotShape(x, y));
            }
            default -> new Case("0-d " + t + " with " + t + sh, List.of(t, t), List.of(new int[0], s), a -> a.get(0).add(a.get(1)).mul(a.get(0)), s);
        };
    }

    // ---- NumPy's rules ------------------------------------------------------------------------

    static void checkNumpyRules(Case c, Outcome o) {
        if (o.error() != null) {
            boolean emptyMaxMin = (c.text().startsWith("MAX") || c.text().startsWith("MIN")) && o.error() == ValueException.class
                    && o.message().startsWith("zero-size array to reduction operation");
            boolean negativePower = c.text().startsWith("POW") && o.error() == ValueException.class;   // an int to a negative int power
            boolean allowed = emptyMaxMin || negativePower || o.error() == io.numfuse.core.TypeException.class || o.error() == AxisException.class;
            check(allowed, c.text() + ": unexpected " + o);
            return;
        }
        NpyArray v = o.value();
        check(Arrays.equals(c.expectedShape(), v.shape()), c.text() + ": shape " + Shapes.format(v.shape()) + ", NumPy's is " + Shapes.format(c.expectedShape()));
        check(o.text().startsWith("array("), c.text() + ": " + o.text());
        if (Shapes.count(v.shape()) == 0) {
            String shape = v.shape().length == 1 ? "" : ", shape=" + Shapes.format(v.shape());
            check(o.text().equals("array([]" + shape + ", dtype=" + v.dtype().numpyName() + ")"), c.text() + ": NumPy prints " + o.text() + " otherwise");
        }
        if (c.dtypes().size() == 1 && Shapes.count(c.shapes().get(0)) == 0 && Shapes.count(v.shape()) > 0) {   // a reduction of nothing
            double want = c.text().startsWith("SUM") ? 0 : c.text().startsWith("PROD") ? 1 : c.text().startsWith("mean") ? Double.NaN : 99;
            if (want != 99) {
                for (int i = 0; i < Shapes.count(v.shape()); i++) check(same(want, element(v, i)), c.text() + ": element " + i + " is " + element(v, i) + ", NumPy's " + want);
            }
        }
    }

    static int[] broadcast(int[] a, int[] b) {
        int n = Math.max(a.length, b.length);
        int[] r = new int[n];
        for (int i = 0; i < n; i++) {
            int x = i < n - a.length ? 1 : a[i - n + a.length], y = i < n - b.length ? 1 : b[i - n + b.length];
            r[i] = x == 1 ? y : x;
        }
        return r;
    }

    static int[] reduced(int[] s, int[] axes, boolean keep) {
        List<Integer> r = new ArrayList<>();
        for (int d = 0; d < s.length; d++) {
            boolean gone = axes == null;
            if (axes != null) for (int a : axes) gone |= Math.floorMod(a, s.length) == d;
            if (!gone) r.add(s[d]); else if (keep) r.add(1);
        }
        return r.stream().mapToInt(Integer::intValue).toArray();
    }

    static int[] prepend(int[] s) {
        int[] r = new int[s.length + 1];
        r[0] = 1;
        System.arraycopy(s, 0, r, 1, s.length);
        return r;
    }

    static int[] dotShape(int[] x, int[] y) {
        if (x.length == 1 && y.length == 1) return new int[0];
        if (y.length == 1) return new int[] { x[0] };
        if (x.length == 1) return new int[] { y[1] };
        return new int[] { x[0], y[1] };
    }

    static double element(NpyArray v, int i) {
        return switch (v.data()) {
            case byte[] b -> b[i];
            case int[] b -> b[i];
            case long[] b -> b[i];
            case float[] b -> b[i];
            case double[] b -> b[i];
            default -> throw new IllegalStateException();
        };
    }

    static boolean same(double a, double b) {
        return Double.isNaN(a) ? Double.isNaN(b) : a == b;
    }

    /** Equal, NaN equal to NaN; float results within a few ulps (a device's transcendental functions round differently). */
    static boolean close(NpyArray a, NpyArray b) {
        long n = Shapes.count(a.shape());
        for (int i = 0; i < n; i++) {
            double x = element(a, i), y = element(b, i);
            if (same(x, y)) continue;
            if (!a.dtype().isFloat() || Double.isInfinite(x) || Double.isInfinite(y) || Double.isNaN(x) || Double.isNaN(y)) return false;
            double ulp = a.dtype() == DType.FLOAT32 ? Math.ulp((float) x) : Math.ulp(x);
            if (Math.abs(x - y) > 8 * ulp) return false;
        }
        return true;
    }
}
