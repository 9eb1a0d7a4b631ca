package io.numfuse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.numfuse.core.DType;
import io.numfuse.core.ShapeMismatchException;
import io.numfuse.ir.Fusion;
import io.numfuse.ir.Kernel;
import io.numfuse.ir.Plan;
import io.numfuse.runtime.KernelRuns;
import io.numfuse.runtime.Targets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * concatenate and stack as one lazy node, computed by one parts kernel: on every target
 * ({@link WriteProperties#targets()}: the JVM, and the OpenCL device and random JVM/device
 * splits where there is one) against the interpreter and against the operands' values joined by
 * hand, over a seeded generator of ranks, lengths (some 0 along the axis), axes, mixed dtypes
 * (NumPy's promotion), and operands that are arrays, pending expressions, views (slices with
 * steps, transposes, broadcasts) or the same array twice; and what values cannot show: the kernel
 * count, laziness across later writes, and stores into views.
 */
class ConcatTest {
    private static final DType[] DTYPES = DType.values();

    /** One random operand of {@code shape}: how it is made from seeded values. */
    private static NDArray operand(SplittableRandom rnd, int[] shape, DType t, int kind, List<NDArray> made) {
        int n = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = rnd.nextInt(-9, 10) / (t.isFloat() ? 4.0 : 1.0);
        NDArray x = t == DType.BOOL ? Num.array(v).reshape(shape).gt(0.0) : Num.array(v).reshape(shape).astype(t);
        return switch (kind) {
            case 0 -> x.eval();                                                            // an array
            case 1 -> t == DType.BOOL ? x.not() : x.mul(x).add(x.astype(t));               // pending: its producer fused into its part
            case 2 -> {                                                                    // a transposed view of an array
                int[] rev = shape.clone();
                for (int d = 0; d < rev.length; d++) rev[d] = shape[rev.length - 1 - d];
                yield (t == DType.BOOL ? Num.array(v).reshape(rev).gt(0.0) : Num.array(v).reshape(rev).astype(t)).eval().transpose();
            }
            case 3 -> {                                                                    // every other row of a longer array, flipped
                int[] twice = shape.clone();
                twice[0] *= 2;
                NDArray big = operand(rnd, twice, t, 0, made);
                yield big.slice("::-2");
            }
            case 4 -> {                                                                    // a broadcast row
                int[] row = shape.clone();
                row[0] = 1;
                yield operand(rnd, row, t, rnd.nextInt(2), made).broadcastTo(shape);
            }
            default -> made.isEmpty() || !Arrays.equals(made.getLast().shape(), shape) ? x : made.getLast();   // the same array again
        };
    }

    /** One random join: its description, and the call that builds it from fresh operands. */
    private record Case(String name, java.util.function.Supplier<Object[]> build) {}

    static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        for (int c = 0; c < 60; c++) {
            long seed = 1616_0000L + c;
            SplittableRandom head = new SplittableRandom(seed);
            int rank = 1 + head.nextInt(3), count = 1 + head.nextInt(4), axis = head.nextInt(-rank, rank);
            boolean stack = head.nextInt(4) == 0, large = c % 10 == 3;
            cases.add(new Case("case " + c + (stack ? " stack" : " concatenate") + " rank " + rank + " axis " + axis + " x" + count, () -> {
                SplittableRandom rnd = new SplittableRandom(seed + 7);
                int[] base = new int[rank];
                for (int d = 0; d < rank; d++) base[d] = 1 + rnd.nextInt(4);
                if (large) base[0] = 20_000 + rnd.nextInt(100);   // long enough for the JVM's threads
                int ax = Math.floorMod(axis, stack ? rank + 1 : rank);
                List<NDArray> xs = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    int[] s = base.clone();
                    if (!stack) s[ax] = rnd.nextInt(5) == 0 ? 0 : 1 + rnd.nextInt(4);   // some empty along the axis
                    xs.add(operand(rnd, s, DTYPES[rnd.nextInt(DTYPES.length)], Arrays.stream(s).anyMatch(l -> l == 0) ? 0 : rnd.nextInt(6), xs));
                }
                NDArray r = stack ? Num.stack(xs, axis) : Num.concatenate(xs, axis);
                return new Object[] { r, xs, ax, stack };
            }));
        }
        return cases;
    }

    @Test
    void everyTargetAgreesWithTheInterpreterAndWithTheOperandsJoined() {
        List<String> targets = WriteProperties.targets();
        if (Targets.openCl().isEmpty()) System.out.println("ConcatTest: no OpenCL device, so no opencl:0 or auto:random runs here");
        for (Case c : cases()) {
            io.numfuse.npy.NpyArray want = Num.on("interpreter", () -> {
                Object[] built = c.build().get();
                NDArray r = (NDArray) built[0];
                assertFalse(r.isEvaluated(), c.name() + ": not lazy");
                @SuppressWarnings("unchecked") List<NDArray> xs = (List<NDArray>) built[1];
                assertArrayEquals(joined(xs, r, (Integer) built[2], (Boolean) built[3]), r.toDoubleArray(), c.name() + ": not the operands joined");
                return r.toNpy();
            });
            for (String target : targets) {
                if (target.equals("interpreter")) continue;
                String bad = NumpyOpsTest.compare(want, Num.on(target, () -> ((NDArray) c.build().get()[0]).toNpy()), 0);
                if (bad != null) fail(c.name() + " on " + target + ": " + bad);
            }
        }
    }

    /**
     * The result's values by hand: for each element of {@code r}, the element of the operand that
     * holds it (operands of a stack with their new axis at {@code axis}), cast to the result's dtype.
     */
    private static double[] joined(List<NDArray> xs, NDArray r, int axis, boolean stacked) {
        int[] shape = r.shape();
        double[] out = new double[Arrays.stream(shape).reduce(1, (a, b) -> a * b)];
        List<double[]> values = new ArrayList<>();
        List<int[]> shapes = new ArrayList<>();
        for (NDArray x : xs) {
            int[] s = x.shape();
            if (stacked) {
                int[] e = new int[s.length + 1];
                for (int d = 0, j = 0; d < e.length; d++) e[d] = d == axis ? 1 : s[j++];
                s = e;
            }
            values.add(x.astype(r.dtype()).toDoubleArray());
            shapes.add(s);
        }
        int[] idx = new int[shape.length];
        for (int e = 0; e < out.length; e++) {
            int p = 0, at = idx[axis];
            while (at >= shapes.get(p)[axis]) at -= shapes.get(p++)[axis];
            int[] s = shapes.get(p);
            long linear = 0;
            for (int d = 0; d < s.length; d++) linear = linear * s[d] + (d == axis ? at : idx[d]);
            out[e] = values.get(p)[(int) linear];
            for (int d = shape.length - 1; d >= 0 && ++idx[d] == shape[d]; d--) idx[d] = 0;
        }
        return out;
    }

    /** concatenate(a + b, c * 2) is one kernel that reads a, b and c, and one run (one launch on a device). */
    @Test
    void aConcatenationOfPendingOperandsIsOneKernel() {
        NDArray a = Num.arange(12).astype(DType.FLOAT32).reshape(3, 4).eval(), b = a.mul(2.0).eval(), c = Num.arange(6).astype(DType.FLOAT32).reshape(3, 2).eval();
        NDArray r = Num.concatenate(List.of(a.add(b), c.mul(2.0)), 1);
        Plan plan = Fusion.plan(r.node());
        assertEquals(1, plan.kernels().size(), plan.kernels().toString());
        Kernel k = plan.kernels().getFirst();
        assertTrue(k.isParts());
        assertEquals(2, k.parts().size());
        assertEquals(3, k.inputs().size());
        assertEquals(1, Fusion.plan(Num.stack(List.of(a.add(b), a.mul(3.0), b), 0).node()).kernels().size());
        String explained = Num.explain(r), source = Num.explainSource(r);
        assertTrue(explained.startsWith("1 kernel") && explained.contains("parts [(3, 4) %0-%2, (3, 2) %3-%5]"), explained);
        assertTrue(source.contains("__kernel void nf_parts(") && source.contains("part 1, JVM bytecode"), source);
        List<String> targets = new ArrayList<>(List.of("jvm"));
        if (!Targets.openCl().isEmpty()) targets.add("opencl:0"); else System.out.println("ConcatTest: no OpenCL device, so the launch count is checked on the JVM only");
        for (String target : targets) {
            Num.on(target, () -> {
                NDArray x = Num.concatenate(List.of(a.add(b), c.mul(2.0)), 1);
                var before = KernelRuns.snapshot();
                x.eval();
                assertEquals(1L, KernelRuns.since(before).getOrDefault(target, 0L), target);
                assertEquals(a.getDouble(1, 3) + b.getDouble(1, 3), x.getDouble(1, 3));
                assertEquals(2 * c.getDouble(2, 1), x.getDouble(2, 5));
            });
        }
    }

    /** Writes after a concatenation do not change it (laziness rule 2), nor do writes to it change its operands. */
    @Test
    void laterWritesKeepTheValuesOfEarlierArrays() {
        for (String target : WriteProperties.targets()) {
            Num.on(target, () -> {
                NDArray a = Num.arange(6).astype(DType.FLOAT64).reshape(2, 3).eval();
                NDArray twice = Num.concatenate(List.of(a, a), 0), fused = Num.concatenate(List.of(a.mul(2.0), a.slice(":, ::-1")), 1);
                a.set(100.0, 0, 0);
                a.slice("1").assign(-1.0);
                assertArrayEquals(new double[] { 0, 1, 2, 3, 4, 5, 0, 1, 2, 3, 4, 5 }, twice.toDoubleArray(), target);
                assertArrayEquals(new double[] { 0, 2, 4, 2, 1, 0, 6, 8, 10, 5, 4, 3 }, fused.toDoubleArray(), target);
                NDArray p = a.add(1.0);
                NDArray q = Num.concatenate(List.of(p, p), 0).eval();
                q.set(7.0, 0, 0);
                assertEquals(101.0, p.getDouble(0, 0), target);
            });
        }
    }

    /** A concatenation stored into a view, and into a view of an operand's own buffer (computed aside first, as NumPy does). */
    @Test
    void storesIntoViewsAndIntoItsOwnOperands() {
        for (String target : WriteProperties.targets()) {
            Num.on(target, () -> {
                NDArray out = Num.zeros(DType.INT64, 3, 5);
                out.slice("1:, 1:").assign(Num.concatenate(List.of(Num.arange(2).reshape(2, 1), Num.arange(6).reshape(2, 3).mul(10L)), 1));
                assertArrayEquals(new double[] { 0, 0, 0, 0, 0, 0, 0, 0, 10, 20, 0, 1, 30, 40, 50 }, out.toDoubleArray(), target);
                NDArray x = Num.arange(6).astype(DType.FLOAT32).eval();
                x.assign(Num.concatenate(List.of(x.slice("3:"), x.slice(":3").add(1.0)), 0));   // reads what it overwrites
                assertArrayEquals(new double[] { 3, 4, 5, 1, 2, 3 }, x.toDoubleArray(), target);
            });
        }
    }

    @Test
    void emptyOperandsAndNumpysErrors() {
        NDArray a = Num.arange(6).reshape(2, 3);
        NDArray e = Num.zeros(DType.FLOAT32, 0, 3);
        NDArray r = Num.concatenate(List.of(e, a, e), 0);
        assertEquals(DType.FLOAT64, r.dtype());
        assertArrayEquals(new int[] { 2, 3 }, r.shape());
        assertArrayEquals(new double[] { 0, 1, 2, 3, 4, 5 }, r.toDoubleArray());
        assertArrayEquals(new int[] { 0, 3 }, Num.concatenate(List.of(e, e), 0).shape());
        assertArrayEquals(new int[] { 0, 6 }, Num.concatenate(List.of(e, e), 1).eval().shape());
        assertTrue(assertThrows(ShapeMismatchException.class, () -> Num.concatenate(List.of(a, Num.arange(3)), 0)).getMessage()
                .contains("all the input arrays must have same number of dimensions, but the array at index 0 has 2 dimension(s) and the array at index 1 has 1 dimension(s)"));
        assertTrue(assertThrows(ShapeMismatchException.class, () -> Num.concatenate(List.of(a, Num.arange(4).reshape(2, 2)), 0)).getMessage()
                .contains("along dimension 1, the array at index 0 has size 3 and the array at index 1 has size 2"));
        assertThrows(io.numfuse.core.AxisException.class, () -> Num.concatenate(List.of(a, a), 2));
    }
}
