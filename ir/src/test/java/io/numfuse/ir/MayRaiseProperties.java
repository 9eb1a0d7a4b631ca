package io.numfuse.ir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.numfuse.core.DType;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * {@link Graph#mayRaise} answers from each node's flag ({@code Node.raisable}) when nothing in its
 * tree can raise, and walks the pending nodes otherwise: the same answer as the walk alone, for
 * every node of random graphs, before and after some of them are memoised.
 */
class MayRaiseProperties {
    @Provide
    Arbitrary<RandomGraphs.Spec> graphs() { return RandomGraphs.specs(20); }

    @Property(tries = 300, seed = RandomGraphs.CI_SEED)
    void theFlagGivesTheWalksAnswer(@ForAll("graphs") RandomGraphs.Spec spec) {
        RandomGraphs.Built g = spec.build();
        for (Node n : g.nodes()) assertEquals(walk(n), Graph.mayRaise(n), () -> "node " + n + "\n" + g);
        int i = 0;
        for (Node n : g.nodes()) {   // memoise every third pending node with operands (its value does not matter here)
            if (n.isPending() && !n.operands().isEmpty() && n.size() > 0 && i++ % 3 == 0) n.memoise(View.contiguous(Buffer.allocate(n.dtype(), n.size()), n.shape()));
        }
        for (Node n : g.nodes()) assertEquals(walk(n), Graph.mayRaise(n), () -> "after memoising, node " + n + "\n" + g);
    }

    @Example
    void anIntegerPowerRaisesUnlessItsExponentIsAConstantAtLeastZero() {
        Node a = Graph.leaf(View.contiguous(Buffer.wrap(DType.INT64, new long[] { 2, 3 }), 2));
        Node e = Graph.leaf(View.contiguous(Buffer.wrap(DType.INT64, new long[] { 1, -1 }), 2));
        Node f = Graph.leaf(View.contiguous(Buffer.wrap(DType.FLOAT64, new double[] { 2, 3 }), 2));
        assertTrue(Graph.mayRaise(Graph.binary(Op.ADD, Graph.binary(Op.POW, a, e), a)), "an array exponent, below an add");
        assertFalse(Graph.mayRaise(Graph.binary(Op.POW, a, Graph.scalar(DType.INT64, 2L))));
        assertFalse(Graph.mayRaise(Graph.binary(Op.POW, f, f)), "a float power does not raise");
        Node p = Graph.binary(Op.POW, a, e);
        Node root = Graph.unary(Op.ABS, Graph.binary(Op.MUL, p, a));
        assertTrue(Graph.mayRaise(root));
        p.memoise(View.contiguous(Buffer.allocate(DType.INT64, 2), 2));
        assertFalse(Graph.mayRaise(root), "its power is computed: nothing left to raise");
    }

    /** The walk over the pending nodes alone (Graph.mayRaise before the flag). */
    static boolean walk(Node root) {
        ArrayDeque<Node> todo = new ArrayDeque<>();
        Set<Node> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        todo.push(root);
        while (!todo.isEmpty()) {
            Node n = todo.pop();
            if (!n.isPending() || !seen.add(n)) continue;
            if (n instanceof Node.Binary b && b.op().mayRaise(b.a().dtype()) && !(b.b() instanceof Node.Const c && c.longValue() >= 0)) return true;
            for (Node o : n.operands()) todo.push(o);
        }
        return false;
    }
}
