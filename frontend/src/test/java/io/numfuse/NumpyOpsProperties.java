package io.numfuse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.numfuse.core.DType;
import io.numfuse.npy.NpyArray;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AfterProperty;

/**
 * Issue 16's operations on random shapes, axes and operands, pending (a lazy expression, so the
 * views are of a node, not of memory) or computed: every target ({@link WriteProperties#targets()}:
 * the JVM, and the OpenCL device and random JVM/device splits where there is one) must give the
 * interpreter's result, dtype, shape and values (the float reductions within 1e-12 relative).
 */
class NumpyOpsProperties {

    @AfterProperty
    void back() { Num.useTarget("auto"); }

    /** One random operation: its name, for the failure message, and the call. */
    record Step(String name, Function<NDArray, NDArray> call) {}

    @Property(tries = 80)
    void everyTargetAgreesWithTheInterpreter(@ForAll long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int rank = 1 + rnd.nextInt(3);
        int[] shape = new int[rank];
        for (int i = 0; i < rank; i++) shape[i] = 1 + rnd.nextInt(4);
        DType dtype = List.of(DType.FLOAT64, DType.FLOAT32, DType.INT32, DType.INT64).get(rnd.nextInt(4));
        int n = Arrays.stream(shape).reduce(1, (x, y) -> x * y);
        double[] values = new double[n];
        for (int i = 0; i < n; i++) values[i] = rnd.nextInt(5) == 0 && dtype.isFloat() ? Double.NaN : rnd.nextInt(-8, 8) * 0.5;
        boolean pending = rnd.nextBoolean();
        Step step = step(rnd, shape);
        Function<String, NpyArray> compute = target -> Num.on(target, () -> {
            NDArray x = Num.wrap(DType.FLOAT64, values.clone(), shape).astype(dtype);
            if (pending) x = x.mul(1L).add(0L);
            return step.call().apply(x).toNpy();
        });
        NpyArray want = compute.apply("interpreter");
        for (String target : WriteProperties.targets()) {
            if (target.equals("interpreter")) continue;
            String bad = NumpyOpsTest.compare(want, compute.apply(target), 1e-12);
            if (bad != null) fail(step.name() + " of " + dtype.numpyName() + " " + Arrays.toString(shape) + (pending ? " (pending)" : "") + " on " + target + ": " + bad);
        }
    }

    private static int axis(SplittableRandom rnd, int rank) { return rnd.nextInt(-rank, rank); }

    private static int[] someAxes(SplittableRandom rnd, int rank) {
        List<Integer> axes = new ArrayList<>();
        for (int i = 0; i < rank; i++) if (rnd.nextBoolean()) axes.add(rnd.nextBoolean() ? i : i - rank);
        return axes.stream().mapToInt(Integer::intValue).toArray();
    }

    static Step step(SplittableRandom rnd, int[] shape) {
        int r = shape.length, ax = axis(rnd, r), k = rnd.nextInt(-5, 6);
        int[] axes = someAxes(rnd, r);
        boolean keep = rnd.nextBoolean();
        int ddof = rnd.nextInt(2), reps = 1 + rnd.nextInt(2);
        List<Step> steps = List.of(
                new Step("squeeze(expandDims)", x -> x.expandDims(0, -1).squeeze().add(x.squeeze(axes.length == 0 ? new int[0] : onlyOnes(shape)).sum())),
                new Step("flip" + Arrays.toString(axes), x -> x.flip(axes).mul(2L)),
                new Step("swapaxes/moveaxis", x -> x.swapaxes(ax, 0).moveaxis(0, -1).add(1L)),
                new Step("roll " + k + " " + ax, x -> x.roll(k, ax)),
                new Step("roll " + k, x -> x.roll(k)),
                new Step("tile " + reps, x -> x.tile(reps, 2)),
                new Step("repeat " + ax, x -> x.repeat(2, ax)),
                new Step("flatten/ravel", x -> x.flip().flatten().add(x.ravel())),
                new Step("concatenate " + ax, x -> Num.concatenate(List.of(x, x.flip(), x.mul(3L)), ax)),
                new Step("stack " + ax, x -> Num.stack(List.of(x, x.flip()), ax)),
                new Step("any/all/countNonzero", x -> Num.stack(List.of(x.any(axes, keep).astype(DType.INT64), x.all(axes, keep).astype(DType.INT64), x.countNonzero(axes, keep)), 0)),
                new Step("var/std " + Arrays.toString(axes) + " ddof " + ddof, x -> x.var(axes, keep, ddof).add(x.std(axes, keep, ddof))),
                new Step("nansum/nanmean " + Arrays.toString(axes), x -> x.nansum(axes, keep).add(x.nanmean(axes, keep))),
                new Step("nanmax/nanmin " + Arrays.toString(axes), x -> x.nanmax(axes, keep).sub(x.nanmin(axes, keep))),
                new Step("eye " + k, x -> Num.eye(shape[0], r, k, x.dtype()).add(x.sum())));
        return steps.get(rnd.nextInt(steps.size()));
    }

    private static int[] onlyOnes(int[] shape) {
        return java.util.stream.IntStream.range(0, shape.length).filter(i -> shape[i] == 1).toArray();
    }

    @Property(tries = 20)
    void tileAndRepeatMatchLoops(@ForAll long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int n = 1 + rnd.nextInt(4), m = 1 + rnd.nextInt(4), reps = rnd.nextInt(3);
        NDArray a = Num.arange(n * m).reshape(n, m);
        long[] tiled = a.tile(reps, 1).toLongArray(), repeated = a.repeat(reps, 0).toLongArray();
        for (int i = 0; i < reps * n; i++) {
            for (int j = 0; j < m; j++) {
                assertEquals((long) (i % n) * m + j, tiled[i * m + j]);
                assertEquals((long) (i / reps) * m + j, repeated[i * m + j]);
            }
        }
    }
}
