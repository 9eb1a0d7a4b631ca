package io.numfuse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.numfuse.core.DType;
import io.numfuse.core.IndexException;
import io.numfuse.npy.NpyArray;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AfterProperty;
import org.junit.jupiter.api.Test;

/**
 * take, put and indexAssign on random shapes, axes, dtypes and index arrays (int32 and int64, rank 0 to 2,
 * negative indices), of arrays computed, pending or seen through views, with the indices computed
 * or pending, and with the gathered array on both sides ({@code a.take(i) + a}): every target
 * ({@link WriteProperties#targets()}) gives the interpreter's result; put gives NumPy's sequential
 * result (the last write of a position wins), views of the array see it, and arrays defined
 * before it keep their values.
 */
class IndexingProperties {

    @AfterProperty
    void back() { Num.useTarget("auto"); }

    private static final List<DType> TYPES = List.of(DType.FLOAT64, DType.FLOAT32, DType.INT32, DType.INT64, DType.BOOL);

    /** A random operand: its shape, values, dtype, and whether it is pending or a transposed view. */
    private record Operand(int[] shape, double[] values, DType dtype, int form) {
        static Operand random(SplittableRandom rnd) {
            int rank = 1 + rnd.nextInt(3);
            int[] shape = new int[rank];
            for (int i = 0; i < rank; i++) shape[i] = 1 + rnd.nextInt(4);
            int n = Arrays.stream(shape).reduce(1, (x, y) -> x * y);
            double[] values = new double[n];
            for (int i = 0; i < n; i++) values[i] = rnd.nextInt(-8, 8) * 0.5;
            return new Operand(shape, values, TYPES.get(rnd.nextInt(TYPES.size())), rnd.nextInt(3));
        }

        /** 0: computed, 1: pending, 2: a transposed view (its shape reversed). */
        NDArray make() {
            NDArray x = Num.wrap(DType.FLOAT64, values.clone(), shape).astype(dtype).eval();
            return switch (form) {
                case 1 -> dtype == DType.BOOL ? x.not() : x.mul(1L).add(0L);
                case 2 -> x.transpose();
                default -> x;
            };
        }

        int[] seenShape() {
            if (form != 2) return shape;
            int[] s = new int[shape.length];
            for (int i = 0; i < s.length; i++) s[i] = shape[shape.length - 1 - i];
            return s;
        }
    }

    /** Random indices into an axis of length {@code n}, int32 or int64, of rank 0 to 2, pending or not. */
    private static NDArray indices(SplittableRandom rnd, int n, int[] shape, boolean int32, boolean pending) {
        int size = Arrays.stream(shape).reduce(1, (x, y) -> x * y);
        long[] v = new long[size];
        for (int i = 0; i < size; i++) v[i] = rnd.nextInt(-n, n);
        NDArray ind = Num.array(v).reshape(shape);
        if (int32) ind = ind.astype(DType.INT32);
        return pending ? ind.add(3L).sub(3L) : ind.eval();
    }

    private static int[] indexShape(SplittableRandom rnd) {
        int[] s = new int[rnd.nextInt(3)];
        for (int i = 0; i < s.length; i++) s[i] = 1 + rnd.nextInt(4);
        return s;
    }

    @Property(tries = 40)
    void everyTargetAgreesWithTheInterpreter(@ForAll long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        Operand op = Operand.random(rnd);
        int[] seen = op.seenShape();
        int axis = rnd.nextInt(-seen.length, seen.length), n = seen[Math.floorMod(axis, seen.length)], size = op.values().length;
        int[] ishape = indexShape(rnd);
        boolean int32 = rnd.nextBoolean(), pendingIndices = rnd.nextBoolean();
        int kind = rnd.nextInt(5);
        long indexSeed = rnd.nextLong();
        Function<String, NpyArray> compute = target -> Num.on(target, () -> {
            NDArray x = op.make();
            SplittableRandom r = new SplittableRandom(indexSeed);
            return switch (kind) {
                case 0 -> x.take(indices(r, n, ishape, int32, pendingIndices), axis);
                case 1 -> x.take(indices(r, n, ishape, int32, pendingIndices), axis).astype(DType.FLOAT64).mul(2L).add(1L);
                case 2 -> x.take(indices(r, size, x.shape(), int32, pendingIndices)).astype(DType.INT64).add(x.astype(DType.INT64));   // a.take(i) + a
                case 3 -> x.put(indices(r, size, ishape, int32, pendingIndices), x.flip().astype(DType.FLOAT64).ravel());
                default -> {   // a[..., i] = a[..., i] * 2 + 1 along the axis (repeated indices: the last wins)
                    NDArray ind = indices(r, n, ishape, int32, pendingIndices);
                    yield x.indexAssign(axis, ind, x.take(ind, axis).astype(DType.FLOAT64).mul(2L).add(1L));
                }
            };
        }).toNpy();
        NpyArray want = compute.apply("interpreter");
        for (String target : WriteProperties.targets()) {
            if (target.equals("interpreter")) continue;
            String bad = NumpyOpsTest.compare(want, compute.apply(target), 0);
            if (bad != null) fail("kind " + kind + " axis " + axis + " of " + op + " indices " + Arrays.toString(ishape) + " on " + target + ": " + bad);
        }
    }

    @Property(tries = 40)
    void putIsNumpysSequentialLoopAndViewsAndEarlierArraysBehave(@ForAll long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int size = 1 + rnd.nextInt(12), count = rnd.nextInt(10), len = 1 + rnd.nextInt(4);
        long[] at = new long[count];
        for (int j = 0; j < count; j++) at[j] = rnd.nextInt(-size, size);
        double[] vals = new double[len];
        for (int j = 0; j < len; j++) vals[j] = rnd.nextInt(100);
        double[] start = new double[size];
        for (int i = 0; i < size; i++) start[i] = -i;
        double[] want = start.clone();
        for (int j = 0; j < count; j++) want[(int) (at[j] < 0 ? at[j] + size : at[j])] = vals[j % len];   // NumPy's loop
        for (String target : WriteProperties.targets()) {
            Num.on(target, () -> {
                NDArray a = Num.array(start.clone());
                NDArray before = a.mul(1L), flipped = a.flip();
                a.put(Num.array(at), Num.array(vals));
                assertArrayEquals(want, a.toDoubleArray(), target);
                assertArrayEquals(start, before.toDoubleArray(), target + ": an array defined before the put keeps its values");
                double[] rev = new double[size];
                for (int i = 0; i < size; i++) rev[i] = want[size - 1 - i];
                assertArrayEquals(rev, flipped.toDoubleArray(), target + ": a view sees the put");
                return null;
            });
        }
    }

    @Test
    void aGatherIsLazyAndFusedWithItsConsumer() {
        Num.on("jvm", () -> {
            NDArray x = Num.arange(10).astype(DType.FLOAT32).eval(), i = Num.array(9, -1, 0, 3).eval();
            NDArray r = x.take(i).mul(2L).add(1L);
            assertFalse(r.isEvaluated());
            var before = io.numfuse.runtime.KernelRuns.snapshot();
            assertArrayEquals(new float[] { 19, 19, 1, 7 }, r.toFloatArray());
            assertEquals(1L, io.numfuse.runtime.KernelRuns.since(before).getOrDefault("jvm", 0L), "one kernel");
            return null;
        });
    }

    @Test
    void writesAfterTakeLeaveTheGatherItsValues() {
        for (String target : WriteProperties.targets()) {
            Num.on(target, () -> {
                NDArray x = Num.arange(5), i = Num.array(4L, -5L).eval(), p = Num.array(1L, 2L).add(0L);
                NDArray r = x.take(i), q = x.take(p, 0);
                i.assign(Num.array(99L, 99L));   // out of bounds now: the gather keeps the values it was given
                x.assign(Num.arange(5).neg());    // and the values of the array it gathers from
                assertArrayEquals(new long[] { 4, 0 }, r.toLongArray(), target);
                assertArrayEquals(new long[] { 1, 2 }, q.toLongArray(), target);
                return null;
            });
        }
    }

    @Test
    void errorsAreNumpys() {
        NDArray x = Num.arange(5);
        assertTrue(assertThrows(IndexException.class, () -> x.take(Num.array(1, 5))).getMessage().contains("index 5 is out of bounds for axis 0 with size 5"));
        assertTrue(assertThrows(IndexException.class, () -> x.take(Num.array(-6L))).getMessage().contains("index -6 is out of bounds for axis 0 with size 5"));
        NDArray z = Num.zeros(DType.FLOAT64, 6);
        assertTrue(assertThrows(IndexException.class, () -> z.put(Num.array(10), Num.array(1.0))).getMessage().contains("index 10 is out of bounds for axis 0 with size 6"));
        assertArrayEquals(new double[6], z.toDoubleArray(), "a refused put writes nothing");
        assertThrows(io.numfuse.core.TypeException.class, () -> x.take(Num.array(1.0)));
        assertThrows(io.numfuse.core.ValueException.class, () -> x.broadcastTo(2, 5).put(Num.array(0), Num.array(1L)), "a broadcast view is read-only");
    }
}
