package io.numfuse;

import static org.junit.jupiter.api.Assertions.*;

import io.numfuse.core.DType;
import io.numfuse.runtime.OpenClTarget;
import io.numfuse.runtime.Targets;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * put as a scatter and mask compaction where the data is: every target against a hand loop (the
 * interpreter's order: the last write of a repeated index wins), through views, with arrays
 * defined before the write keeping their values; on an OpenCL device, a mask of arrays computed
 * there is compacted there (nothing but the result's length comes back), and so is a put.
 */
class ScatterTargetsTest {
    @TestFactory
    Stream<DynamicTest> putWithRepeatsAgreesWithAnInOrderLoop() {
        return WriteProperties.targets().stream().flatMap(t -> Stream.of(7, 1000, 70_001).flatMap(n -> Stream.of(DType.FLOAT32, DType.INT64, DType.BOOL).map(dt ->
                DynamicTest.dynamicTest("put " + n + " " + dt.numpyName() + " on " + t, () -> Num.on(t, () -> {
                    SplittableRandom rnd = new SplittableRandom(n * 31L + dt.ordinal());
                    int k = n / 2 + 3, len = 1 + rnd.nextInt(5);
                    long[] idx = new long[k];
                    for (int j = 0; j < k; j++) idx[j] = rnd.nextInt(-n, n) / (rnd.nextInt(4) == 0 ? 8 : 1);   // many repeats
                    double[] vals = new double[len], base = new double[n];
                    for (int j = 0; j < len; j++) vals[j] = rnd.nextInt(1, 50);
                    for (int i = 0; i < n; i++) base[i] = rnd.nextInt(-9, 0);
                    double[] want = base.clone();
                    for (int j = 0; j < k; j++) want[(int) (idx[j] < 0 ? idx[j] + n : idx[j])] = vals[j % len];
                    NDArray a = Num.array(base).astype(dt).mul(1).astype(dt);   // computed on the target
                    NDArray before = a.add(0);                                    // defined before the put: keeps the old values
                    a.put(Num.array(idx), Num.array(vals).mul(1.0));
                    double[] w = dt == DType.BOOL ? java.util.Arrays.stream(want).map(x -> x != 0 ? 1 : 0).toArray() : want;
                    assertArrayEquals(w, a.toDoubleArray());
                    double[] old = dt == DType.BOOL ? java.util.Arrays.stream(base).map(x -> x != 0 ? 1 : 0).toArray() : base;
                    assertArrayEquals(old, before.toDoubleArray());
                })))));
    }

    @TestFactory
    Stream<DynamicTest> putThroughATransposedViewAndOfItsOwnValues() {
        return WriteProperties.targets().stream().map(t -> DynamicTest.dynamicTest("views on " + t, () -> Num.on(t, () -> {
            NDArray a = Num.arange(12).astype(DType.FLOAT64).reshape(3, 4);
            a.transpose().put(Num.array(new long[] { 1, 1, -1 }), Num.array(100.0, 200.0, 300.0));   // flat 1 of a.T is a[1,0]; -1 is a[2,3]
            double[] want = { 0, 1, 2, 3, 200, 5, 6, 7, 8, 9, 10, 300 };
            assertArrayEquals(want, a.toDoubleArray());
            NDArray b = Num.arange(5).astype(DType.FLOAT32);
            b.put(Num.array(new long[] { 0, 1, 2, 3, 4 }), b.slice("::-1"));   // its own values, read as they were
            assertArrayEquals(new double[] { 4, 3, 2, 1, 0 }, b.toDoubleArray());
        })));
    }

    @Test
    void onTheDeviceAMaskAndAPutMoveNoArrayBack() {
        if (Targets.openCl().isEmpty()) {
            String why = "no OpenCL device: " + Targets.openClUnavailableReason();
            if ("true".equalsIgnoreCase(System.getenv("CI")) || "1".equals(System.getenv("NUMFUSE_REQUIRE_OPENCL"))) fail(why);
            Assumptions.assumeTrue(false, why);
        }
        Num.on("opencl:0", () -> {
            int n = 100_003;
            NDArray x = Num.arange(n).astype(DType.FLOAT32);
            NDArray a = x.mul(2.0).eval(), m = x.mod(3.0).eq(0.0).eval();   // computed on the device, left there
            var before = OpenClTarget.transfers();
            NDArray picked = a.mask(m).mul(1.0).eval();
            a.put(Num.array(new long[] { 5, 7, 5 }), Num.array(new double[] { -1, -2, -3 }));
            assertEquals(0, OpenClTarget.transfers().since(before).downloads(), "the mask, the array and the put's target stay on the device");
            assertEquals((n + 2) / 3, picked.size());
            assertEquals(2.0 * 3 * 1000, picked.getDouble(1000));
            assertEquals(-3.0, a.getDouble(5));
            assertEquals(-2.0, a.getDouble(7));
            assertEquals(12.0, a.getDouble(6));
            java.util.function.Supplier<Integer> onJvm = () -> a.mask(m).size();
            assertEquals(picked.size(), (int) Num.on("jvm", onJvm));
        });
    }
}
