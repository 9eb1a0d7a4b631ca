package io.numfuse.ir;

import io.numfuse.core.DType;
import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Readers' lists stay bounded by their live entries once the collector has run (issue 11, soak). */
class PendingNodesTest {
    private static Node pending(Buffer b) {
        return Graph.unary(Op.NEG, Graph.leaf(View.contiguous(b, 4)));
    }

    @Test
    void deadReadersDoNotPileUpAfterTheListGrewLargeOnce() throws Exception {
        Buffer b = Buffer.allocate(DType.FLOAT64, 4);
        List<Node> alive = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) alive.add(pending(b));     // a burst of live readers: the list grows to 100,000
        PendingNodes readers = b.readersForTests();
        assertEquals(100_000, readers.entries());
        alive.clear();
        for (int round = 0; round < 50 && readers.entries() > 1_000; round++) {   // readers built and dropped at once, the collector running
            System.gc();
            Thread.sleep(10);
            for (int i = 0; i < 100; i++) pending(b);
        }
        assertTrue(readers.entries() <= 1_000, "dead readers held: " + readers.entries());
    }

    @Test
    void liveReadersAreKept() {
        Buffer b = Buffer.allocate(DType.FLOAT64, 4);
        List<Node> alive = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) alive.add(pending(b));
        System.gc();
        for (int i = 0; i < 1_000; i++) pending(b);
        assertEquals(1_000, b.pendingReaders().stream().filter(n -> alive.stream().anyMatch(a -> a == n)).count());
    }
}
