package io.numfuse.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.numfuse.core.DType;
import io.numfuse.ir.Buffer;
import io.numfuse.ir.Fusion;
import io.numfuse.ir.Graph;
import io.numfuse.ir.Kernel;
import io.numfuse.ir.KernelKey;
import io.numfuse.ir.Node;
import io.numfuse.ir.Op;
import io.numfuse.ir.Shapes;
import io.numfuse.ir.View;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link ArgRange} (the JVM's argmax/argmin of a contiguous range) against a loop written from
 * NumPy's rule, on every array type, on ranges that cross its blocks, with ties, NaN, signed
 * zeros, infinities and the int types' extremes; and the map class of an arg kernel's producer
 * ({@link ArgRange#valuesKey}) verified with ASM's {@code CheckClassAdapter}.
 */
class ArgRangeTest {
    /** NumPy's rule over {@code v[from, to)}: the first strictly more extreme value, or the first NaN, wins. */
    private static int expected(double[] v, int from, int to, boolean max) {
        int best = from;
        for (int i = from + 1; i < to && !Double.isNaN(v[best]); i++) {
            if (Double.isNaN(v[i]) || (max ? v[i] > v[best] : v[i] < v[best])) best = i;
        }
        return best;
    }

    @Test
    void agreesWithNumpysRuleOnEveryRange() {
        SplittableRandom r = new SplittableRandom(16);
        double[] specials = { Double.NaN, -0.0, 0.0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY };
        for (int trial = 0; trial < 600; trial++) {
            int n = 1 + r.nextInt(trial % 3 == 0 ? 3 * ArgRange.BLOCK + 100 : 300);
            int spread = 1 + r.nextInt(trial % 2 == 0 ? 4 : 100_000);
            int specialEvery = trial % 5 == 0 ? 0 : trial % 5 == 1 ? 3 : 2000;   // none, many, a few
            double[] f = new double[n], d = new double[n];
            long[] l = new long[n];
            float[] ff = new float[n];
            int[] ii = new int[n];
            byte[] bb = new byte[n];
            for (int i = 0; i < n; i++) {
                int x = r.nextInt(-spread, spread + 1);
                d[i] = specialEvery > 0 && r.nextInt(specialEvery) == 0 ? specials[r.nextInt(specials.length)] : x / 8.0;
                ff[i] = (float) d[i];
                f[i] = ff[i];
                ii[i] = trial % 7 == 0 && r.nextInt(50) == 0 ? (r.nextBoolean() ? Integer.MAX_VALUE : Integer.MIN_VALUE) : x;
                l[i] = trial % 7 == 0 && r.nextInt(50) == 0 ? (r.nextBoolean() ? Long.MAX_VALUE : Long.MIN_VALUE) : x * 3_000_000_000L;
                bb[i] = (byte) (r.nextInt(spread + 1) == 0 ? 1 : 0);
            }
            double[] iv = new double[n], bv = new double[n];
            for (int i = 0; i < n; i++) { iv[i] = ii[i]; bv[i] = bb[i]; }
            int from = r.nextInt(n), to = from + 1 + r.nextInt(n - from);
            for (boolean max : new boolean[] { true, false }) {
                String at = "trial " + trial + " [" + from + ", " + to + ") " + (max ? "max" : "min");
                assertEquals(expected(f, from, to, max), ArgRange.first(ff, from, to, max), at + " float32");
                assertEquals(expected(d, from, to, max), ArgRange.first(d, from, to, max), at + " float64");
                assertEquals(expected(iv, from, to, max), ArgRange.first(ii, from, to, max), at + " int32");
                assertEquals(expected(bv, from, to, max), ArgRange.first(bb, from, to, max), at + " bool");
                int want = from;
                for (int i = from + 1; i < to; i++) if (max ? l[i] > l[want] : l[i] < l[want]) want = i;
                assertEquals(want, ArgRange.first((Object) l, from, to, max), at + " int64");
            }
        }
    }

    private static Node leaf(DType t, int... shape) {
        return Graph.leaf(View.contiguous(Buffer.allocate(t, Shapes.size(shape)), shape));
    }

    @Test
    void theProducersMapClassVerifies() {
        List<Node> roots = List.of(
                Graph.argReduce(Op.MAX, Graph.binary(Op.ADD, Graph.binary(Op.MUL, leaf(DType.FLOAT32, 40, 50), leaf(DType.FLOAT32, 40, 50)), Graph.weak(1.0)), null, false),
                Graph.argReduce(Op.MIN, Graph.unary(Op.NEG, leaf(DType.INT64, 6, 7, 8)), 1, true),
                Graph.argReduce(Op.MAX, Graph.binary(Op.GT, leaf(DType.FLOAT64, 30, 3), Graph.weak(0.5)), 0, false),
                Graph.argReduce(Op.MIN, Graph.cast(leaf(DType.INT32, 9, 11), DType.FLOAT64), -1, false));
        for (Node root : roots) {
            List<Kernel> ks = Fusion.plan(root).kernels();
            Kernel k = ks.get(ks.size() - 1);
            assertEquals(DType.INT64, k.output().dtype(), root.toString());
            KernelKey values = ArgRange.valuesKey(k);
            assertNull(values.arg(), "the producer's key is a map's");
            assertEquals(k.value().type(), values.output().dtype());
            JvmCodegenTest.verify(JvmCodegen.generateScalar(values), root + " (scalar)");
            byte[] vector = JvmCodegen.generateVectorised(values);
            if (vector != null) JvmCodegenTest.verify(vector, root + " (vector)");
        }
    }
}
