package io.numfuse.ir;

import io.numfuse.core.DType;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/** The complement of a box view and the box cover their buffer, each element once. */
class ComplementProperties {

    @Property(tries = 500)
    void aBoxAndItsComplementCoverTheBufferOnce(@ForAll long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int rank = 1 + rnd.nextInt(4);
        int[] base = new int[rank];
        for (int i = 0; i < rank; i++) base[i] = 1 + rnd.nextInt(6);
        View v = View.contiguous(Buffer.allocate(DType.INT32, Shapes.size(base)), base);
        for (int i = 0; i < rank; i++) {
            int len = rnd.nextInt(base[i] + 1), start = rnd.nextInt(base[i] - len + 1);
            if (rnd.nextInt(4) == 0) {   // symmetric borders, as a Jacobi step's interior
                int w = rnd.nextInt((base[i] + 1) / 2);
                start = w;
                len = base[i] - 2 * w;
            }
            v = v.slice(i, start, len, 1);
        }
        boolean stepped = rnd.nextInt(4) == 0 && v.dim(v.rank() - 1) > 0;
        if (stepped) {   // every other or third element along the last axis: a box of a finer base, or not one
            int step = 2 + rnd.nextInt(2), last = v.rank() - 1;
            v = v.slice(last, 0, (v.dim(last) + step - 1) / step, step);
        }
        if (rnd.nextBoolean() && v.rank() > 1 && v.dim(0) > 0) v = v.index(0, rnd.nextInt(v.dim(0)));
        List<View> rest = Complement.of(v);
        if (stepped && rest == null) return;
        assertNotNull(rest, v.toString());
        int[] covered = new int[v.buffer().length()];
        mark(v, covered);
        for (View p : rest) mark(p, covered);
        for (int i = 0; i < covered.length; i++) assertEquals(1, covered[i], "element " + i + " of " + v + ", complement " + rest);
        assertTrue(rest.size() <= 2 * (v.rank() + 1), "pieces: " + rest);
    }

    private static void mark(View v, int[] covered) {
        Reference.forEach(v.shape(), (e, idx) -> covered[v.elementOffset(idx)]++);
    }

    @Test
    void aJacobiInteriorLeavesTwoPieces() {
        View u = View.contiguous(Buffer.allocate(DType.FLOAT64, 25), 5, 5);
        List<View> rest = Complement.of(u.slice(0, 1, 3, 1).slice(1, 1, 3, 1));
        assertEquals(2, rest.size(), rest.toString());
    }

    @Test
    void stepsTranspositionsAndOverlapsAreNotBoxes() {
        View u = View.contiguous(Buffer.allocate(DType.FLOAT64, 24), 4, 6);
        // every other column of 6 is a box of the same buffer seen as 4 x 3 x 2 ...
        assertEquals(1, Complement.of(u.slice(1, 0, 3, 2)).size());
        // ... but not of 5
        assertNull(Complement.of(View.contiguous(Buffer.allocate(DType.FLOAT64, 20), 4, 5).slice(1, 0, 3, 2)));
        assertNull(Complement.of(u.permute(new int[] { 1, 0 })));
        assertNull(Complement.of(new View(u.buffer(), 0, new int[] { 3, 4 }, new int[] { 2, 1 })));
        // rows of 5 over 24 elements are a box too: the last, partial row is outside it
        assertEquals(2, Complement.of(new View(u.buffer(), 0, new int[] { 3, 4 }, new int[] { 5, 1 })).size());
    }
}
