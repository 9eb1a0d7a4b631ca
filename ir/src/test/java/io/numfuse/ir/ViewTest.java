package io.numfuse.ir;

import io.numfuse.core.DType;
import io.numfuse.core.ShapeMismatchException;
import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class ViewTest {
    private static View iota(int... shape) {
        Buffer b = Buffer.allocate(DType.INT64, Shapes.size(shape));
        for (int i = 0; i < b.length(); i++) b.setLong(i, i);
        return View.contiguous(b, shape);
    }

    private static long at(View v, int... idx) { return v.buffer().getLong(v.elementOffset(idx)); }

    @Test
    void slicingWithNegativeStepsAndTransposeAddressTheRightElements() {
        View v = iota(3, 4);
        View r = v.slice(1, 3, 4, -1);            // [:, ::-1]
        assertEquals(3, at(r, 0, 0));
        assertEquals(8, at(r, 2, 3));
        View t = v.permute(new int[] { 1, 0 });
        assertEquals(4, at(t, 0, 1));
        assertEquals(7, at(v.index(0, 1), 3));
    }

    @Test
    void aViewThatLeavesItsBufferIsRefused() {
        View v = iota(4);
        assertThrows(IllegalArgumentException.class, () -> new View(v.buffer(), 2, new int[] { 3 }, new int[] { 1 }));
        assertThrows(IllegalArgumentException.class, () -> new View(v.buffer(), 0, new int[] { 2 }, new int[] { -1 }));
    }

    @Test
    void reshapeIsAViewWhenStridesAllowAndNullOtherwise() {
        View v = iota(2, 3, 4);
        View r = v.reshape(new int[] { 6, 4 });
        assertNotNull(r);
        assertEquals(23, at(r, 5, 3));
        View everyOther = v.slice(2, 0, 2, 2);     // [:, :, ::2] -> (2,3,2): one uniform stride of 2
        View flat = everyOther.reshape(new int[] { 12 });
        assertNotNull(flat);
        assertEquals(22, at(flat, 11));
        View sliced = v.slice(1, 0, 2, 1);         // [:, :2, :] -> (2,2,4) strides (12,4,1)
        View r2 = sliced.reshape(new int[] { 2, 8 });
        assertNotNull(r2, "merging the two inner axes needs no copy");
        assertEquals(19, at(r2, 1, 7));
        assertNull(sliced.reshape(new int[] { 16 }), "the outer stride 12 cannot merge with 2*4");
        View t = iota(3, 4).permute(new int[] { 1, 0 });
        assertNull(t.reshape(new int[] { 12 }));
        assertThrows(ShapeMismatchException.class, () -> v.reshape(new int[] { 5 }));
    }

    @Test
    void broadcastingGivesZeroStrides() {
        View v = iota(3, 1);
        View b = v.broadcastTo(new int[] { 2, 3, 4 });
        assertArrayEquals(new int[] { 0, 1, 0 }, b.strides());
        assertEquals(2, at(b, 1, 2, 3));
        assertThrows(ShapeMismatchException.class, () -> v.broadcastTo(new int[] { 2, 4 }));
    }

    @Test
    void broadcastShapesFollowNumpy() {
        assertArrayEquals(new int[] { 3, 4 }, Shapes.broadcast(new int[] { 3, 1 }, new int[] { 4 }));
        assertArrayEquals(new int[] { 2, 3, 4 }, Shapes.broadcast(new int[] { 2, 1, 4 }, new int[] { 3, 1 }));
        assertArrayEquals(new int[] { 0 }, Shapes.broadcast(new int[] { 0 }, new int[] { 1 }));
        var e = assertThrows(ShapeMismatchException.class, () -> Shapes.broadcast(new int[] { 3 }, new int[] { 4 }));
        assertEquals("operands could not be broadcast together with shapes (3,) (4,)", e.getMessage());
    }
}
