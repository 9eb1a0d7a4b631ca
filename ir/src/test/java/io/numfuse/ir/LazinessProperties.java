package io.numfuse.ir;

import io.numfuse.core.DType;
import io.numfuse.core.NumfuseException;
import io.numfuse.core.ValueException;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.numfuse.ir.Reference.Arr;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import org.junit.jupiter.api.Test;

/**
 * The IR's part of laziness: a write after {@link WriteSnapshot#copyForReaders} never changes what a
 * pending node evaluates to; evaluation memoises nodes and releases their operands; deep
 * chains and DAGs with exponentially many paths lower in linear time.
 */
class LazinessProperties {

    @Provide
    Arbitrary<RandomGraphs.Spec> graphs() { return RandomGraphs.specs(16); }

    private static Arr oracle(Reference ref, Node root) {
        try {
            return ref.eval(root);
        } catch (ValueException e) {
            return null;
        }
    }

    /** Overwrites every element of {@code b} with values unlike the old ones. */
    static void scribble(Buffer b, SplittableRandom rnd) {
        for (int i = 0; i < b.length(); i++) {
            if (b.dtype().isFloat()) b.setDouble(i, b.getDouble(i) == 12345.5 ? -1 : 12345.5 + rnd.nextInt(3));
            else b.setLong(i, b.getLong(i) == 0 ? 1 : b.dtype() == DType.BOOL ? 0 : ~b.getLong(i) + rnd.nextInt(3));
        }
    }

    /**
     * Build, copyForReaders(buffer), write the buffer: the root still evaluates to its value from
     * before the write. (A root that is itself a leaf on the buffer is the written array, so it
     * is not checked.)
     */
    @Property(tries = 400, seed = RandomGraphs.CI_SEED)
    void aWriteAfterPrepareWriteDoesNotChangePendingNodes(@ForAll("graphs") RandomGraphs.Spec spec) {
        RandomGraphs.Built g = spec.build();
        SplittableRandom rnd = new SplittableRandom(spec.seed());
        Reference ref = new Reference();
        Arr expected = oracle(ref, g.root());
        if (expected == null || g.buffers().isEmpty()) return;
        Buffer b = g.buffers().get(rnd.nextInt(g.buffers().size()));
        if (g.root() instanceof Node.Leaf l && l.view().buffer() == b) return;
        boolean snapshot = WriteSnapshot.copyForReaders(b);
        Statistics.collect(snapshot ? "snapshot taken" : "no pending reader");
        scribble(b, rnd);
        Plan p = Fusion.plan(g.root());
        Interpreter.run(p);
        Reference.assertSameArray(expected, Reference.read(p.result()), "after writing " + b + "\n" + spec + "\n" + g);
        for (View in : inputs(p)) assertTrue(in.buffer() != b, "a pending node still reads the written buffer");
    }

    /**
     * As above, where the buffer written is the value of a node evaluated earlier (an array
     * whose value was computed, then assigned to in place) that later pending nodes use.
     */
    @Property(tries = 400, seed = RandomGraphs.CI_SEED)
    void aWriteIntoAMemoisedValueDoesNotChangePendingNodes(@ForAll("graphs") RandomGraphs.Spec spec) {
        RandomGraphs.Built g = spec.build();
        SplittableRandom rnd = new SplittableRandom(spec.seed());
        Reference ref = new Reference();
        Arr expected = oracle(ref, g.root());
        if (expected == null) return;
        List<Node> inner = new ArrayList<>();
        for (Node n : ref.values().keySet()) if (n != g.root() && n.isPending()) inner.add(n);
        if (inner.isEmpty()) return;
        Node m = inner.get(rnd.nextInt(inner.size()));
        Plan pm = Fusion.plan(m);
        Interpreter.run(pm);
        Buffer b = m.result().buffer();
        WriteSnapshot.copyForReaders(b);
        scribble(b, rnd);
        Statistics.collect("wrote the value of a " + m.getClass().getSimpleName());
        Plan p = Fusion.plan(g.root());
        Interpreter.run(p);
        Reference.assertSameArray(expected, Reference.read(p.result()), "after writing the value of " + m + "\n" + spec + "\n" + g);
    }

    private static List<View> inputs(Plan p) {
        List<View> out = new ArrayList<>();
        for (Kernel k : p.kernels()) out.addAll(k.inputs());
        return out;
    }

    /** Memoisation makes every planned node non-pending, releases its operands, and drops it from its buffers' readers. */
    @Property(tries = 200, seed = RandomGraphs.CI_SEED)
    void memoisationReleasesOperands(@ForAll("graphs") RandomGraphs.Spec spec) {
        RandomGraphs.Built g = spec.build();
        Plan p = Fusion.plan(g.root());
        for (Node n : p.memo().keySet()) assertTrue(n.isPending(), "planning alone memoises nothing");
        try {
            Interpreter.run(p);
        } catch (ValueException e) {
            return;
        }
        for (var e : p.memo().entrySet()) {
            Node n = e.getKey();
            assertFalse(n.isPending());
            assertTrue(n.operands().isEmpty(), "operands released");
            assertEquals(e.getValue(), n.result());
            for (Buffer b : g.buffers()) assertFalse(b.pendingReaders().contains(n), "a memoised node is no pending reader");
        }
        if (!(g.root() instanceof Node.Leaf) && !(g.root() instanceof Node.Const) && !(g.root() instanceof Node.Iota)) {
            assertFalse(g.root().isPending());
            assertEquals(p.result(), g.root().result());
        }
    }

    /** The dtype (or the exception) of {@code n op p} for a strong 0-d operand {@code p} of each dtype, for each op kind. */
    private static List<String> typingWith(Node n) {
        List<String> out = new ArrayList<>();
        for (DType t : DType.values()) {
            Node p = Graph.leaf(View.contiguous(Buffer.allocate(t, 1)));
            for (Op op : List.of(Op.ADD, Op.MUL, Op.DIV, Op.LT, Op.AND)) {
                try {
                    Node e = Graph.binary(op, n, p);
                    out.add(op + " " + t + " -> " + e.dtype() + java.util.Arrays.toString(e.shape()));
                } catch (NumfuseException e) {
                    out.add(op + " " + t + " -> " + e.getClass().getSimpleName());
                }
            }
        }
        return out;
    }

    /** Evaluating a node does not change what expressions built from it later mean (their dtypes, NEP 50 included). */
    @Property(tries = 150, seed = RandomGraphs.CI_SEED)
    void evaluationDoesNotChangeTheTypingOfLaterExpressions(@ForAll("graphs") RandomGraphs.Spec spec) {
        RandomGraphs.Built g = spec.build();
        SplittableRandom rnd = new SplittableRandom(spec.seed());
        Node n = g.nodes().get(rnd.nextInt(g.nodes().size()));
        List<String> before = typingWith(n);
        Statistics.collect(n.getClass().getSimpleName());
        try {
            Interpreter.run(Fusion.plan(n));
        } catch (ValueException e) {
            return;
        }
        assertEquals(before, typingWith(n), "typing changed by evaluating " + n);
    }

    // ---- deep chains and wide DAGs -------------------------------------------------------------

    private static Node vector(DType t, double... v) {
        Buffer b = Buffer.allocate(t, v.length);
        for (int i = 0; i < v.length; i++) if (t.isFloat()) b.setDouble(i, v[i]); else b.setLong(i, (long) v[i]);
        return Graph.leaf(View.contiguous(b, v.length));
    }

    static void assertFusedEqualsReference(Node root) {
        Arr expected = new Reference().eval(root);
        Plan p = Fusion.plan(root);
        for (Kernel k : p.kernels()) FusionProperties.checkWellFormed(k);
        Interpreter.run(p);
        Reference.assertSameArray(expected, Reference.read(p.result()), root.getClass().getSimpleName());
    }

    @Test
    void aChainOfDepth300IsOneKernel() {
        Node x = vector(DType.FLOAT32, 0.5, -1.25, Float.MIN_VALUE, Float.NaN, 3e38f, -0.0);
        Node y = vector(DType.INT32, 1, 2, 3, Integer.MAX_VALUE, -7, 0);
        Op[] ops = { Op.SIN, Op.ADD, Op.TANH, Op.MUL, Op.ABS, Op.SUB, Op.SQRT, Op.MAXIMUM, Op.CEIL, Op.NEG };
        for (int i = 0; i < 300; i++) {
            Op op = ops[i % ops.length];
            x = op.kind() == Op.Kind.UNARY ? Graph.unary(op, x) : Graph.binary(op, x, i % 3 == 0 ? Graph.weak(0.75) : Graph.cast(y, DType.FLOAT32));
            y = Graph.binary(Op.ADD, y, Graph.weak(1L));
        }
        assertTrue(x.depth() >= 300, "depth " + x.depth());
        assertEquals(1, Fusion.plan(x).kernels().size());
        assertFusedEqualsReference(x);
    }

    @Test
    void aChainOfDepth300WithReductionsCutsOnlyAtReductions() {
        Buffer buf = Buffer.allocate(DType.FLOAT64, 12);
        for (int i = 0; i < 12; i++) buf.setDouble(i, i * 0.25 - 1);
        Node x = Graph.leaf(View.contiguous(buf, 3, 4));
        int reductions = 0;
        for (int i = 0; i < 300; i++) {
            if (i % 50 == 49) {   // x - mean(x, axis=1, keepdims=True)
                x = Graph.binary(Op.SUB, x, Graph.mean(x, new int[] { 1 }, true));
                reductions++;
            } else {
                x = Graph.binary(Op.MUL, Graph.unary(Op.COS, x), Graph.weak(1.5));
            }
        }
        Plan p = Fusion.plan(x);
        assertEquals(reductions + 1, p.kernels().size());
        assertFusedEqualsReference(x);
    }

    /**
     * A Mandelbrot loop written plainly (the coordinates and a count, each step reading all three
     * of the step before) over 100 steps: a lattice too large for one JVM kernel. Cut at levels,
     * its live state every few steps is computed once; cut greedily from the root, kernels
     * recomputed the history they shared (hundreds of kernels).
     */
    @Test
    void aPlainLoopsLatticeIsCutAtItsLevelsIntoFewKernels() {
        int steps = 100;
        Node root = MultiOutputKernels.mandelbrot(8, steps, 1);   // as MandelbrotDemo.plain: a count frozen at the step a point escapes
        assertTrue(root.depth() > 2 * LevelCuts.LEVELS, "depth " + root.depth());
        Plan p = Fusion.plan(root, null, KernelLimits.of(400));
        // cut greedily from the root: 1,249 kernels of 18,761 instructions in all; at levels, a kernel
        // per crossing value: 61, 6,406 (each recomputing the history it shares); at levels, the
        // live state of a level in one multi-output kernel: 13, 1,890 (a step is 17 instructions)
        int work = p.kernels().stream().mapToInt(k -> k.body().size()).sum();
        assertTrue(p.kernels().size() <= 16 && work <= 20 * steps, p.kernels().size() + " kernels, " + work + " instructions for " + steps + " steps");
        assertTrue(p.kernels().stream().anyMatch(k -> k.extras().size() >= 2), "the coordinates and the count of a level computed together");
        for (Kernel k : p.kernels()) FusionProperties.checkWellFormed(k);
        Arr expected = new Reference().eval(root);
        Interpreter.run(p);
        Reference.assertSameArray(expected, Reference.read(p.result()), "the level-cut plan");
        assertFusedEqualsReference(root);   // and as one kernel, under the default cap
    }

    /**
     * {@code x += dt*v; v -= dt*x} over 43 steps, as deferred writes build it: a lattice that fits
     * one JVM kernel (258 instructions) but is as deep as a long dependent chain. The JVM's limits
     * cut it every few steps (a kernel of 258 dependent instructions was latency-bound, 4.5x slower
     * than the cut plan), and each cut stores the state only: {@code x} and {@code v}, not the
     * {@code dt*v} that the next level computes again from {@code v}. Without the depth limit it is
     * one kernel.
     */
    @Test
    void aLeapfrogLoopIsCutIntoShallowKernelsThatStoreItsStateOnly() {
        Node x = vector(DType.FLOAT64, 0.5, -1, 2, 0, 3, 1e-3), v = vector(DType.FLOAT64, 1, 0.25, -2, 7, 0, 1);
        for (int s = 0; s < 43; s++) {
            x = Graph.deferredValue(Graph.binary(Op.ADD, x, Graph.binary(Op.MUL, v, Graph.weak(1e-3))));
            v = Graph.deferredValue(Graph.binary(Op.SUB, v, Graph.binary(Op.MUL, x, Graph.weak(1e-3))));
        }
        KernelLimits jvm = KernelLimits.of(400).withShallowKernels();
        Plan p = Fusion.plan(v, null, jvm);
        assertTrue(p.kernels().size() >= 6, p.kernels().size() + " kernels");
        for (Kernel k : p.kernels()) {
            assertTrue(k.outputs().size() <= 2, "the state only: " + k.outputs().size() + " outputs");
            assertTrue(k.body().size() <= 2 * 2 * LevelCuts.LEVELS, "body " + k.body().size());
            FusionProperties.checkWellFormed(k);
        }
        assertEquals(1, Fusion.plan(v, null, KernelLimits.of(400)).kernels().size(), "as deep as the body allows");
        Arr expected = new Reference().eval(v);
        Interpreter.run(p);
        Reference.assertSameArray(expected, Reference.read(p.result()), "the cut plan");
    }

    /** The sum of a plain loop's result is planned as the loop is, its lattice cut at levels (greedily: 99 kernels for 100 Mandelbrot steps). */
    @Test
    void aReductionOfAPlainLoopsLatticeIsCutLikeTheLoop() {
        Node count = MultiOutputKernels.mandelbrot(8, 100, 1);
        Node sum = Graph.reduce(Op.SUM, count, null, false);
        Plan loop = Fusion.plan(count, null, KernelLimits.of(400)), p = Fusion.plan(sum, null, KernelLimits.of(400));
        assertTrue(p.kernels().size() <= loop.kernels().size() + 1, p.kernels().size() + " kernels, the loop alone " + loop.kernels().size());
        Arr expected = new Reference().eval(sum);
        Interpreter.run(p);
        Reference.assertSameArray(expected, Reference.read(p.result()), "the sum");
    }

    /** x = x * x forty times: 2^40 paths from the root to the leaf, 41 nodes. */
    @Test
    void aDagWithExponentiallyManyPathsLowersInLinearTime() {
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            Node x = vector(DType.FLOAT64, 1.0000001, -1, 0.5, Double.NaN, -0.0, 1.0);
            for (int i = 0; i < 40; i++) x = Graph.binary(Op.MUL, x, x);
            assertEquals(40, x.depth());
            Plan p = Fusion.plan(x);
            assertEquals(1, p.kernels().size());
            assertEquals(41, p.kernels().get(0).body().size(), "one load and forty multiplies");
            assertFusedEqualsReference(x);

            // a diamond through a view: x = x[::-1] * x, each node seen through two index maps
            Node z = vector(DType.INT64, 1, 2, 3, 4, 5);
            for (int i = 0; i < 40; i++) {
                Node rev = Graph.reindex(z, new IndexMap(new int[] { 5 }, new int[] { 4 }, new int[][] { { -1 } }));
                z = Graph.binary(Op.ADD, Graph.binary(Op.MUL, rev, z), Graph.where(Graph.binary(Op.GT, z, rev), z, rev));
            }
            Plan pz = Fusion.plan(z);
            assertEquals(1, pz.kernels().size());
            assertTrue(pz.kernels().get(0).body().size() < 40 * 12, "body " + pz.kernels().get(0).body().size());
            assertFusedEqualsReference(z);
        });
    }

    /** A graph of more than {@link Fusion#MAX_BODY} distinct instructions is cut, and the value is unchanged. */
    @Test
    void aVeryWideGraphIsCutAndKeepsItsValue() {
        Buffer buf = Buffer.allocate(DType.FLOAT64, 1200 * 3);
        for (int i = 0; i < buf.length(); i++) buf.setDouble(i, Math.sin(i));
        View all = View.contiguous(buf, 1200, 3);
        List<Node> terms = new ArrayList<>();
        for (int i = 0; i < 1200; i++) terms.add(Graph.unary(Op.EXP, Graph.leaf(all.index(0, i))));
        while (terms.size() > 1) {   // a balanced sum tree
            List<Node> next = new ArrayList<>();
            for (int i = 0; i + 1 < terms.size(); i += 2) next.add(Graph.binary(Op.ADD, terms.get(i), terms.get(i + 1)));
            if (terms.size() % 2 == 1) next.add(terms.get(terms.size() - 1));
            terms = next;
        }
        Node root = terms.get(0);
        Plan p = Fusion.plan(root);
        assertTrue(p.kernels().size() > 1, "cut into " + p.kernels().size());
        assertFusedEqualsReference(root);
    }
}
