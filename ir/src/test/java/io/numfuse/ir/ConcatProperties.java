package io.numfuse.ir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.numfuse.core.DType;
import io.numfuse.core.ValueException;
import io.numfuse.ir.Reference.Arr;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * Concatenations of random graphs ({@link RandomGraphs}: pending expressions with shared
 * sub-expressions, views of pending nodes, strided leaves) along a random axis, with the same
 * operand twice, a slice of it (sometimes empty), a view flipped along the axis, and an operand of
 * another dtype (cast to the promoted one): the fused plan (one parts kernel for the join) gives
 * the unfused {@link Reference}'s value, and each part is a well-formed map kernel.
 */
class ConcatProperties {

    @Provide
    Arbitrary<RandomGraphs.Spec> graphs() { return RandomGraphs.specs(12); }

    @Property(tries = 400, seed = RandomGraphs.CI_SEED)
    void aFusedConcatenationEqualsTheOperandsJoined(@ForAll("graphs") RandomGraphs.Spec spec) {
        RandomGraphs.Built g = spec.build();
        Node x = g.root();
        if (x.rank() == 0) {
            Statistics.collect("0-d root");
            return;
        }
        SplittableRandom rnd = new SplittableRandom(spec.seed());
        int ax = rnd.nextInt(x.rank()), len = x.shape()[ax];
        List<Node> xs = new ArrayList<>(List.of(x));
        int[] s = x.shape();
        int k = len == 0 ? 0 : rnd.nextInt(len + 1);
        int[][] c = IndexMap.matrix(s.length, s.length);
        for (int d = 0; d < s.length; d++) c[d][d] = 1;
        s[ax] = k;
        xs.add(Graph.reindex(x, new IndexMap(s, new int[s.length], c)));        // x[..., :k, ...]
        int[] base = new int[s.length];
        base[ax] = Math.max(len - 1, 0);
        c[ax][ax] = -1;
        xs.add(Graph.reindex(x, new IndexMap(x.shape(), len == 0 ? new int[s.length] : base, c)));   // x flipped along the axis
        xs.add(x);
        DType other = DType.values()[rnd.nextInt(DType.values().length)];
        xs.add(Graph.cast(x, other));
        DType t = DType.promote(x.dtype(), other);
        Node root = Graph.concat(xs, ax, t);
        Reference ref = new Reference();
        Arr expected;
        try {
            expected = ref.eval(root);
        } catch (ValueException e) {
            Statistics.collect("the oracle raised");
            return;
        }
        Plan plan = Fusion.plan(root);
        Kernel last = plan.kernels().isEmpty() ? null : plan.kernels().getLast();
        if (last != null && last.isParts()) {
            for (Kernel p : last.parts()) FusionProperties.checkWellFormed(p);
            assertEquals(Shapes.count(root.shapeRef()), last.size());
        } else {
            assertTrue(Shapes.count(root.shapeRef()) == 0, "not a parts kernel: " + last);
        }
        Interpreter.run(plan);
        Statistics.collect(plan.kernels().size() + " kernel(s)");
        Reference.assertSameArray(expected, Reference.read(plan.result()), spec + "\n" + g);
    }

    /** 40 operands (some empty, some pending) and limits that the parts of one kernel would pass: several kernels, the same values. */
    @Example
    void partsAreGroupedWithinTheLimits() {
        for (KernelLimits limits : List.of(KernelLimits.of(Fusion.MAX_BODY).withArgumentBytes(400), KernelLimits.of(Fusion.MAX_BODY).withMaxElements(12))) {
            List<Node> xs = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                int len = i % 7 == 3 ? 0 : i == 17 ? 9 : 1 + i % 3;   // one operand (2 x 9) larger than 12 elements
                Buffer b = Buffer.allocate(DType.FLOAT64, 2 * len);
                for (int j = 0; j < 2 * len; j++) b.setDouble(j, i * 100 + j);
                Node leaf = Graph.leaf(View.contiguous(b, 2, len));
                xs.add(i % 2 == 0 ? leaf : Graph.binary(Op.MUL, leaf, Graph.weak(2.0)));
            }
            Node root = Graph.concat(xs, 1, DType.FLOAT64);
            Arr expected = new Reference().eval(root);
            Plan plan = Fusion.plan(root, null, limits);
            assertTrue(plan.kernels().size() > 1, limits + ": " + plan.kernels().size());
            for (Kernel k : plan.kernels()) {
                List<Kernel> parts = k.isParts() ? k.parts() : List.of(k);
                long bytes = 0;
                for (Kernel p : parts) bytes += KernelLimits.argumentBytes(p.shape().length, p.inputs().size() + 1, p.params().length);
                assertTrue(!k.isParts() || bytes <= limits.maxArgumentBytes() && k.size() <= limits.maxElements(), k.toString());
            }
            Interpreter.run(plan);
            Reference.assertSameArray(expected, Reference.read(plan.result()), limits.toString());
        }
    }
}
