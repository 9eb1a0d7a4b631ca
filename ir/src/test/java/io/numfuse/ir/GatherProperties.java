package io.numfuse.ir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.numfuse.core.DType;
import io.numfuse.ir.Reference.Arr;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.statistics.Statistics;
import org.junit.jupiter.api.Test;

/**
 * Gathers ({@link Node.Gather}, {@link Instr.Gather}): fused evaluation agrees exactly with the
 * unfused {@link Reference} on {@link RandomGathers}; the consumer and the indices' producer are
 * lowered into the gathering kernel; a gather from the buffer it is stored into goes through a
 * temporary; the key tells a gather from a load and does not depend on the index values.
 */
class GatherProperties {

    @Property(tries = 600, seed = RandomGraphs.CI_SEED)
    void fusedGathersEqualTheReference(@ForAll long seed) {
        RandomGathers.Built g = RandomGathers.build(seed);
        Arr expected = new Reference().eval(g.root());
        Plan plan = Fusion.plan(g.root());
        for (Kernel k : plan.kernels()) FusionProperties.checkWellFormed(k);
        Interpreter.run(plan);
        Statistics.collect(plan.kernels().size() + " kernel(s)");
        Reference.assertSameArray(expected, Reference.read(plan.result()), g.text());
    }

    private static Node leaf(DType t, int... shape) {
        Buffer b = Buffer.allocate(t, Shapes.size(shape));
        for (int i = 0; i < b.length(); i++) if (t.isFloat()) b.setDouble(i, i * 0.5); else b.setLong(i, i);
        return Graph.leaf(View.contiguous(b, shape));
    }

    private static Node ints(long... values) {
        Buffer b = Buffer.allocate(DType.INT64, values.length);
        for (int i = 0; i < values.length; i++) b.setLong(i, values[i]);
        return Graph.leaf(View.contiguous(b, values.length));
    }

    @Test
    void theIndicesProducerAndTheConsumerAreOneKernel() {
        Node x = leaf(DType.FLOAT32, 4, 6), i = ints(5, -1, 0);
        Node ind = Graph.binary(Op.MOD, Graph.binary(Op.ADD, i, Graph.weak(1L)), Graph.weak(6L));
        Node root = Graph.binary(Op.ADD, Graph.binary(Op.MUL, Graph.gather(x, ind, 1), Graph.weak(2.0)), Graph.weak(1.0));
        Plan p = Fusion.plan(root);
        assertEquals(1, p.kernels().size(), "take(x, (i + 1) % 6, axis=1) * 2 + 1 is one kernel");
        Interpreter.run(p);
        Reference.assertSameArray(new Reference().eval(root), Reference.read(p.result()), "fused gather");
    }

    @Test
    void aPendingArrayIsComputedFirstAndAViewOfItStaysAView() {
        Node x = Graph.binary(Op.ADD, leaf(DType.INT64, 5), leaf(DType.INT64, 5));
        Node rev = Graph.reindex(x, new IndexMap(new int[] { 5 }, new int[] { 4 }, new int[][] { { -1 } }));
        Node root = Graph.gather(rev, ints(0, 1, -1), 0);
        Plan p = Fusion.plan(root);
        assertEquals(2, p.kernels().size(), "x, then the gather reading it reversed");
        Interpreter.run(p);
        Reference.assertSameArray(new Reference().eval(root), Reference.read(p.result()), "gather of a reversed pending array");
    }

    @Test
    void aGatherFromItsOwnTargetGoesThroughATemporary() {
        // x[...] = take(x[i], 0-d index): the gather's input view equals the target's, yet it reads another row
        Node x = leaf(DType.FLOAT64, 3, 2);
        View target = ((Node.Leaf) Graph.reindex(x, new IndexMap(new int[] { 2 }, new int[] { 0, 0 }, new int[][] { { 0 }, { 1 } }))).view();
        Buffer b = Buffer.allocate(DType.INT64, 1);
        b.setLong(0, 2);
        Node root = Graph.gather(x, Graph.leaf(View.contiguous(b, new int[0])), 0);
        Arr expected = new Reference().eval(root);
        Plan p = Fusion.plan(root, target);
        assertEquals(2, p.kernels().size(), "computed aside, then stored");
        Interpreter.run(p);
        Reference.assertSameArray(expected, Reference.read(target), "row 0 = row 2");
    }

    @Test
    void theKeyTellsAGatherFromALoadButNotOneIndexFromAnother() {
        Node x = leaf(DType.FLOAT32, 8);
        KernelKey gather = last(Graph.gather(x, ints(1, 2, 3), 0)), other = last(Graph.gather(leaf(DType.FLOAT32, 9), ints(7, -1, 0), 0));
        KernelKey load = last(Graph.binary(Op.ADD, Graph.cast(ints(1, 2, 3), DType.FLOAT32), Graph.weak(0.0)));
        assertEquals(gather, other, "sizes and index values are not part of the key");
        assertNotEquals(gather, load);
        assertTrue(gather.body().stream().anyMatch(in -> in instanceof Instr.Gather));
    }

    private static KernelKey last(Node root) {
        List<Kernel> ks = Fusion.plan(root).kernels();
        return ks.get(ks.size() - 1).key();
    }
}
