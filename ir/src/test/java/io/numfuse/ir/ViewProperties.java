package io.numfuse.ir;

import io.numfuse.core.DType;
import io.numfuse.core.ShapeMismatchException;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.statistics.Statistics;

/** Views and index maps address the elements they claim to, and compose. */
class ViewProperties {

    private static RandomGraphs gen(long seed) {
        return new RandomGraphs(new SplittableRandom(seed), new SplittableRandom(~seed), RandomGraphs.Config.of(0));
    }

    private static long[] elements(View v) {
        long[] out = new long[v.size()];
        Reference.forEach(v.shape(), (e, idx) -> out[e] = v.buffer().getLong(v.elementOffset(idx)));
        return out;
    }

    /** Every element of a fresh INT64 buffer holds its own index, so a view's elements are its offsets. */
    private static View onIota(View v) {
        Buffer b = Buffer.allocate(DType.INT64, v.buffer().length());
        for (int i = 0; i < b.length(); i++) b.setLong(i, i);
        return new View(b, v.offset(), v.shape(), v.strides());
    }

    @Property(tries = 300)
    void reshapeWithoutACopyKeepsTheElementsInCOrder(@ForAll long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        View v = onIota(gen(seed).randomView(DType.INT64));
        int[] shape = factor(v.size(), rnd);
        View r = v.reshape(shape);
        Statistics.collect(r == null ? "copy needed" : v.isCContiguous() ? "contiguous" : "strided, no copy");
        if (v.isCContiguous() || v.size() <= 1) assertNotNull(r, "a contiguous view always reshapes without a copy");
        if (r == null) return;
        assertArrayEquals(shape, r.shape());
        assertArrayEquals(elements(v), elements(r), () -> v + " as " + Shapes.format(shape) + " gave " + r);
    }

    /** A random shape of {@code size} elements, rank 0..4, with size-1 axes sometimes. */
    private static int[] factor(int size, SplittableRandom rnd) {
        List<Integer> dims = new ArrayList<>();
        if (size == 0) {
            int rank = 1 + rnd.nextInt(3);
            for (int i = 0; i < rank; i++) dims.add(rnd.nextInt(3));
            dims.set(rnd.nextInt(rank), 0);
        } else {
            int left = size;
            for (int p = 2; p <= left; p++) {
                while (left % p == 0) { dims.add(p); left /= p; }
            }
            // merge neighbours at random, then sprinkle size-1 axes
            for (int i = dims.size() - 1; i > 0; i--) {
                if (rnd.nextBoolean()) { dims.set(i - 1, dims.get(i - 1) * dims.get(i)); dims.remove(i); }
            }
            java.util.Collections.shuffle(dims, new java.util.Random(rnd.nextLong()));
            while (dims.size() < 4 && rnd.nextInt(3) == 0) dims.add(rnd.nextInt(dims.size() + 1), 1);
            while (dims.size() > 4) { dims.set(0, dims.get(0) * dims.get(1)); dims.remove(1); }
        }
        return dims.stream().mapToInt(Integer::intValue).toArray();
    }

    @Property(tries = 300)
    void anIndexMapAppliedToAViewReadsWhatTheMapSays(@ForAll long seed) {
        RandomGraphs g = gen(seed);
        View v = onIota(g.randomView(DType.INT64));
        IndexMap m = g.randomMapOnto(v.shape());
        View w = m.apply(v);
        assertArrayEquals(m.shape(), w.shape());
        int[] src = new int[m.rows()];
        Reference.forEach(w.shape(), (e, idx) -> {
            for (int d = 0; d < src.length; d++) {
                int s = m.base(d);
                for (int k = 0; k < idx.length; k++) s += m.coef(d, k) * idx[k];
                src[d] = s;
            }
            assertEquals(v.elementOffset(src), w.elementOffset(idx));
        });
    }

    @Property(tries = 300)
    void indexMapsCompose(@ForAll long seed) {
        RandomGraphs g = gen(seed);
        View v = onIota(g.randomView(DType.INT64));
        IndexMap m1 = g.randomMapOnto(v.shape());
        IndexMap m2 = g.randomMapOnto(m1.shape());
        IndexMap m3 = g.randomMapOnto(m2.shape());
        View stepwise = m3.apply(m2.apply(m1.apply(v)));
        assertArrayEquals(elements(stepwise), elements(m1.after(m2).after(m3).apply(v)));
        assertArrayEquals(elements(stepwise), elements(m1.after(m2.after(m3)).apply(v)), "after is associative");
        assertEquals(m1, IndexMap.identity(v.shape()).after(m1), "identity after m");
        assertEquals(m1, m1.after(IndexMap.identity(m1.shape())), "m after identity");
    }

    @Property(tries = 200)
    void broadcastingIsSymmetricAndAgreesWithBroadcastTo(@ForAll long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int[] a = new int[rnd.nextInt(4)], b = new int[rnd.nextInt(4)];
        for (int i = 0; i < a.length; i++) a[i] = rnd.nextInt(4);
        for (int i = 0; i < b.length; i++) b[i] = rnd.nextInt(4);
        int[] ab;
        try {
            ab = Shapes.broadcast(a, b);
        } catch (ShapeMismatchException e) {
            assertThrows(ShapeMismatchException.class, () -> Shapes.broadcast(b, a));
            return;
        }
        assertArrayEquals(ab, Shapes.broadcast(b, a));
        assertEquals(true, Shapes.broadcastsTo(a, ab));
        assertEquals(true, Shapes.broadcastsTo(b, ab));
        View va = View.contiguous(Buffer.allocate(DType.BOOL, Shapes.size(a)), a);
        assertArrayEquals(ab, va.broadcastTo(ab).shape());
    }
}
