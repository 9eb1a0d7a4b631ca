package io.numfuse.ir;

import io.numfuse.core.DType;
import io.numfuse.core.ValueException;
import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/** A node's text stays short however deep or shared its graph is, and on a small stack. */
class DeepGraphTextTest {
    @Test
    void aGraphThatSharesItsNodesPrintsAShortText() throws Exception {
        Node x = FusionTest.arr(DType.FLOAT64, 1, 2);
        for (int i = 0; i < 60; i++) x = Graph.binary(Op.ADD, x, x);   // 2^60 leaves when printed as a tree
        Node shared = x;
        String[] text = new String[1];
        Thread t = new Thread(null, () -> text[0] = shared.toString(), "small stack", 256 * 1024);
        t.start();
        t.join(10_000);
        assertNotNull(text[0], "toString finished");
        assertTrue(text[0].length() < Node.MAX_TEXT + 1000, "length " + text[0].length());
        assertTrue(text[0].startsWith("add(add(add("), text[0].substring(0, 40));
        assertTrue(text[0].contains("..."));
    }

    @Test
    void aShortGraphPrintsWhole() {
        Node a = FusionTest.arr(DType.FLOAT64, 1, 2);
        Node e = Graph.where(Graph.binary(Op.LT, a, Graph.weak(2.0)), Graph.unary(Op.SIN, a), Graph.reduce(Op.SUM, a, null, false));
        assertEquals("where(less(leaf(2,), 2.0:float64), sin(leaf(2,)), sum(leaf(2,), axes=[true]))", e.toString());
    }

    @Test
    void shapesWithAZeroAreEmptyWhateverTheirOtherDimensions() {
        assertEquals(0, Shapes.size(new int[] { 65536, 65536, 0 }));
        assertEquals(0, Shapes.size(new int[] { Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE, 0 }));
        assertEquals(Long.MAX_VALUE, Shapes.count(new int[] { Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE }), "saturates");
        assertFalse(Shapes.fits(new int[] { 65536, 32768 }));
        assertTrue(Shapes.fits(new int[] { 46340, 46340 }));
        assertEquals("array of shape (65536, 32768) has 2147483648 elements; numfuse arrays hold at most 2147483639 (Java arrays are int-indexed)",
                assertThrows(ValueException.class, () -> Shapes.size(new int[] { 65536, 32768 })).getMessage());
        View empty = View.contiguous(Buffer.allocate(DType.FLOAT64, 0), 65536, 65536, 0);
        assertEquals(0, empty.size());
    }
}
