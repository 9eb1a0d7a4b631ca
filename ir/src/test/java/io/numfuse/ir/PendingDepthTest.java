package io.numfuse.ir;

import io.numfuse.core.DType;
import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The depth of what is left to compute falls as parts of a graph are computed; the fixed depth does not. */
class PendingDepthTest {
    @Test
    void computingPartOfAGraphShortensThePendingDepthAbove() {
        Node x = Graph.leaf(View.contiguous(Buffer.allocate(DType.FLOAT64, 3), 3));
        List<Node> chain = new ArrayList<>();
        Node y = x;
        for (int i = 0; i < 10; i++) chain.add(y = Graph.binary(Op.ADD, y, Graph.binary(Op.MUL, y, Graph.weak(2.0))));
        Node top = chain.getLast();
        assertEquals(20, top.depth());
        assertEquals(20, top.pendingDepth());
        Node middle = chain.get(5);   // depth 12
        middle.memoise(View.contiguous(Buffer.allocate(DType.FLOAT64, 3), 3));
        assertEquals(20, top.depth(), "fixed when built");
        assertEquals(8, top.pendingDepth(), "four steps of two levels above the computed one");
        assertEquals(0, middle.pendingDepth());
        Node more = Graph.binary(Op.ADD, top, Graph.weak(1.0));
        assertEquals(21, more.depth());
        assertEquals(9, more.pendingDepth(), "built on fresh figures");
        top.memoise(View.contiguous(Buffer.allocate(DType.FLOAT64, 3), 3));
        assertEquals(1, more.pendingDepth());
        assertEquals(0, x.pendingDepth(), "a leaf");
    }
}
