package io.numfuse.ir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.numfuse.core.DType;
import java.util.SplittableRandom;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * {@link BoxUpdate}: a view of a buffer seen as a view of the buffer's whole C-ordered array maps
 * every index to the same element; the whole array after a write of a box (slices of step 1, an
 * integer index on some axes) is, fused into one kernel of parts ({@link ConcatParts}), the
 * array's values with the box replaced; views that are no box (a step, a transpose) and a box
 * covering everything are refused.
 */
class BoxUpdateProperties {

    @Property(tries = 300)
    void aViewSeenWithinTheWholeReadsTheSameElements(@ForAll long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int[] shape = shape(rnd);
        Buffer b = Buffer.allocate(DType.FLOAT64, (int) Shapes.count(shape));
        View whole = View.contiguous(b, shape);
        View v = whole;
        for (int d = v.rank() - 1; d >= 0; d--) {   // a random slice, step and all, or an index, per axis
            int n = v.dim(d);
            switch (rnd.nextInt(4)) {
                case 0 -> v = v.index(d, rnd.nextInt(n));
                case 1 -> {
                    int step = 1 + rnd.nextInt(3), start = rnd.nextInt(n);
                    v = v.slice(d, start, (n - start + step - 1) / step, step);
                }
                case 2 -> v = v.slice(d, n - 1, n, -1);
                default -> { }
            }
        }
        IndexMap m = BoxUpdate.within(v, whole);
        assertNotNull(m, v + " within " + whole);
        for (int e = 0; e < v.size(); e++) {
            int[] idx = index(v, e);
            int[] src = new int[whole.rank()];
            for (int r = 0; r < src.length; r++) {
                src[r] = m.base(r);
                for (int k = 0; k < idx.length; k++) src[r] += m.coef(r, k) * idx[k];
            }
            assertEquals(v.elementOffset(idx), whole.elementOffset(src), v + " at element " + e);
        }
    }

    @Property(tries = 300)
    void theWholeAfterABoxWriteIsTheArrayWithTheBoxReplaced(@ForAll long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int[] shape = shape(rnd);
        int n = (int) Shapes.count(shape);
        Buffer b = Buffer.allocate(DType.FLOAT64, n);
        for (int e = 0; e < n; e++) b.setDouble(e, e);
        View whole = View.contiguous(b, shape);
        View box = whole;
        boolean covers = true;
        for (int d = shape.length - 1; d >= 0; d--) {
            int lo = rnd.nextInt(shape[d]), hi = lo + 1 + rnd.nextInt(shape[d] - lo);
            if (rnd.nextInt(5) == 0) {
                box = box.index(d, lo);
                covers &= shape[d] == 1;
            } else {
                box = box.slice(d, lo, hi - lo, 1);
                covers &= lo == 0 && hi == shape[d];
            }
        }
        Buffer vb = Buffer.allocate(DType.FLOAT64, box.size());
        for (int e = 0; e < box.size(); e++) vb.setDouble(e, -1 - e);
        Node value = Graph.leaf(View.contiguous(vb, box.shape()));
        Node updated = BoxUpdate.update(Graph.leaf(whole), whole, box, value);
        if (covers) {
            assertNull(updated, box + " covers " + whole);
            return;
        }
        assertNotNull(updated, box.toString());
        assertTrue(updated.isDeferredValue());
        double[] want = new double[n];
        for (int e = 0; e < n; e++) want[e] = e;
        for (int e = 0; e < box.size(); e++) want[box.elementOffset(index(box, e))] = -1 - e;
        Plan plan = Fusion.plan(updated);
        assertTrue(plan.kernels().size() == 1, "one kernel of parts: " + plan.kernels());
        Interpreter.run(plan);
        View r = plan.result();
        assertTrue(java.util.Arrays.equals(shape, r.shape()));
        for (int e = 0; e < n; e++) assertEquals(want[e], r.buffer().getDouble(r.offset() + e), box + " at element " + e);
    }

    @Example
    void aViewThatIsNoBoxIsRefused() {
        Buffer b = Buffer.allocate(DType.FLOAT64, 36);
        View whole = View.contiguous(b, 6, 6);
        Node full = Graph.leaf(whole);
        View stepped = whole.slice(0, 1, 2, 2);                                        // u[1:5:2]
        View transposed = new View(b, 7, new int[] { 4, 4 }, new int[] { 1, 6 });      // u[1:5, 1:5].T
        for (View v : new View[] { stepped, transposed }) {
            Buffer vb = Buffer.allocate(DType.FLOAT64, v.size());
            assertNull(BoxUpdate.update(full, whole, v, Graph.leaf(View.contiguous(vb, v.shape()))), v.toString());
        }
        View grid = BoxUpdate.wholeOf(whole.slice(0, 1, 4, 1).slice(1, 1, 4, 1));   // u[1:-1, 1:-1]'s grid
        assertNotNull(grid);
        assertTrue(grid.equals(whole) || java.util.Arrays.equals(grid.shape(), new int[] { 6, 6 }), String.valueOf(grid));
    }

    /** The index of {@code v}'s element {@code e} in C order. */
    private static int[] index(View v, int e) {
        int[] idx = new int[v.rank()];
        for (int d = v.rank() - 1; d >= 0; d--) {
            idx[d] = e % v.dim(d);
            e /= v.dim(d);
        }
        return idx;
    }

    private static int[] shape(SplittableRandom rnd) {
        int rank = 1 + rnd.nextInt(3);
        int[] s = new int[rank];
        for (int d = 0; d < rank; d++) s[d] = 1 + rnd.nextInt(7);
        return s;
    }
}
