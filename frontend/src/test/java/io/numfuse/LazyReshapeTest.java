package io.numfuse;

import static org.junit.jupiter.api.Assertions.*;

import io.numfuse.ir.IndexMap;
import io.numfuse.ir.Shapes;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A reshape of a pending array that only splits a 1-d array or adds or drops axes of length 1
 * stays lazy (a view of the pending array, as a slice is: {@code arange(n).reshape(1, n)} in a
 * plain loop is fused into its kernels instead of being a program of its own); any other reshape
 * computes the array first. Values, NumPy's view semantics and the maps are checked.
 */
class LazyReshapeTest {
    /** The C-order position of {@code idx} in {@code shape}. */
    static int position(int[] idx, int[] shape) {
        int p = 0;
        for (int d = 0; d < shape.length; d++) p = p * shape[d] + idx[d];
        return p;
    }

    static int[] index(int position, int[] shape) {
        int[] idx = new int[shape.length];
        for (int d = shape.length - 1; d >= 0; d--) {
            idx[d] = position % shape[d];
            position /= shape[d];
        }
        return idx;
    }

    /** Every map reshapeMap gives reads each element at the source element of the same C-order position; null only for a reshape that merges axes. */
    @Test
    void theMapsReadEachElementWhereCOrderPutsIt() {
        SplittableRandom r = new SplittableRandom(7);
        int maps = 0, refused = 0;
        for (int t = 0; t < 3000; t++) {
            int[] from = randomShape(r), to = shuffleInto(r, from);
            IndexMap m = Layout.reshapeMap(from, to);
            boolean merges = !onlyOnesOrSplitOfOneD(from, to);
            if (m == null) {
                assertTrue(merges, java.util.Arrays.toString(from) + " -> " + java.util.Arrays.toString(to) + " refused");
                refused++;
                continue;
            }
            maps++;
            int n = (int) Shapes.count(to);
            for (int p = 0; p < n; p++) {
                int[] idx = index(p, to), src = new int[m.rows()];
                for (int d = 0; d < src.length; d++) {
                    src[d] = m.base(d);
                    for (int k = 0; k < idx.length; k++) src[d] += m.coef(d, k) * idx[k];
                }
                assertEquals(p, position(src, from), java.util.Arrays.toString(from) + " -> " + java.util.Arrays.toString(to) + " at " + p);
            }
        }
        assertTrue(maps > 500 && refused > 100, maps + " maps, " + refused + " refused");
    }

    static int[] randomShape(SplittableRandom r) {
        int[] s = new int[1 + r.nextInt(4)];
        for (int d = 0; d < s.length; d++) s[d] = r.nextInt(4) == 0 ? 1 : 1 + r.nextInt(4);
        return s;
    }

    /** A shape of as many elements: the same axes with 1s added or dropped, a split of the count, or a merge. */
    static int[] shuffleInto(SplittableRandom r, int[] from) {
        int n = (int) Shapes.count(from);
        switch (r.nextInt(3)) {
            case 0 -> {   // ones added or dropped
                java.util.List<Integer> axes = new java.util.ArrayList<>();
                for (int x : from) if (x != 1) axes.add(x);
                for (int k = r.nextInt(3); k > 0; k--) axes.add(r.nextInt(axes.size() + 1), 1);
                return axes.stream().mapToInt(Integer::intValue).toArray();
            }
            case 1 -> {   // factors of n in some order
                java.util.List<Integer> f = new java.util.ArrayList<>();
                int m = n;
                for (int p = 2; p <= m; p++) while (m % p == 0) { f.add(p); m /= p; }
                if (f.isEmpty()) f.add(1);
                java.util.Collections.shuffle(f, new java.util.Random(r.nextLong()));
                return f.stream().mapToInt(Integer::intValue).toArray();
            }
            default -> { return new int[] { n }; }
        }
    }

    static boolean onlyOnesOrSplitOfOneD(int[] from, int[] to) {
        int nonOne = 0;
        for (int x : from) if (x != 1) nonOne++;
        if (from.length == 1 || nonOne == 0) return true;
        int[] a = java.util.Arrays.stream(from).filter(x -> x != 1).toArray(), b = java.util.Arrays.stream(to).filter(x -> x != 1).toArray();
        return java.util.Arrays.equals(a, b);
    }

    @Test
    void aPendingArrayReshapedStaysLazyAndHasTheValues() {
        NDArray a = Num.arange(12).mul(2);                    // pending
        NDArray b = a.reshape(3, 4), c = a.reshape(1, 12, 1);
        assertFalse(a.isEvaluated());
        assertFalse(b.isEvaluated());
        assertArrayEquals(new long[] { 0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22 }, b.toLongArray());
        assertEquals(14, c.getLong(0, 7, 0));
        NDArray d = Num.arange(6).add(1).reshape(2, 3).add(0);  // 2-d, pending
        NDArray merged = d.reshape(6);                            // merges axes: d is computed first
        assertTrue(d.isEvaluated());
        assertArrayEquals(new long[] { 1, 2, 3, 4, 5, 6 }, merged.toLongArray());
        NDArray e = d.reshape(2, 1, 3).add(0).reshape(1, 2, 3, 1);   // ones only: lazy
        assertFalse(e.isEvaluated());
        assertArrayEquals(new long[] { 1, 2, 3, 4, 5, 6 }, e.toLongArray());
    }

    @Test
    void aWriteThroughTheReshapedViewChangesTheArray() {
        NDArray a = Num.arange(6).mul(10);                    // pending
        NDArray b = a.reshape(2, 3);
        b.set(99, 1, 0);                                       // NumPy: a[3] is now 99
        assertArrayEquals(new long[] { 0, 10, 20, 99, 40, 50 }, a.toLongArray());
        a.set(7, 0);
        assertEquals(7, b.getLong(0, 0), "the view shows later writes");
    }
}
