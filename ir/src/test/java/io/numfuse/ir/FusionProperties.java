package io.numfuse.ir;

import io.numfuse.core.DType;
import io.numfuse.core.ValueException;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.numfuse.ir.Reference.Arr;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * Fused evaluation ({@link Fusion#plan} then {@link Interpreter#run}) agrees exactly with the
 * unfused, node-by-node {@link Reference} on random graphs from {@link RandomGraphs}: both use
 * {@link Semantics}, so any difference is a fusion bug (indexing, broadcasting, views, CSE,
 * casts, cuts, aliasing of an assignment target).
 */
class FusionProperties {

    @Provide
    Arbitrary<RandomGraphs.Spec> graphs() { return RandomGraphs.specs(20); }

    /** The oracle's value of the root, or null when it raised a ValueException (int ** negative int). */
    private static Arr oracle(Reference ref, Node root) {
        try {
            return ref.eval(root);
        } catch (ValueException e) {
            return null;
        }
    }

    @Property(tries = 800, seed = RandomGraphs.CI_SEED)
    void fusedEvaluationEqualsUnfusedEvaluation(@ForAll("graphs") RandomGraphs.Spec spec) {
        RandomGraphs.Built g = spec.build();
        Reference ref = new Reference();
        Arr expected = oracle(ref, g.root());
        Plan plan = Fusion.plan(g.root());
        for (Kernel k : plan.kernels()) checkWellFormed(k);
        try {
            Interpreter.run(plan);
        } catch (ValueException e) {
            if (expected != null) throw new AssertionError("only the fused path raised " + e.getMessage() + "\n" + spec + "\n" + g, e);
            Statistics.collect("both raised");
            return;
        }
        Statistics.collect(expected == null ? "only the oracle raised" : plan.kernels().size() + " kernel(s)");
        if (expected == null) return;   // the oracle is eager: it computed elements the plan never needs
        Reference.assertSameArray(expected, Reference.read(plan.result()), spec + "\n" + g);
        // every node the plan memoises holds the oracle's value of that node
        for (Map.Entry<Node, View> m : plan.memo().entrySet()) {
            Arr v = ref.values().get(m.getKey());
            assertNotNull(v, "memoised node the oracle never reached: " + m.getKey());
            Reference.assertSameArray(v, Reference.read(m.getValue()), "memo of " + m.getKey() + "\n" + spec + "\n" + g);
            assertFalse(m.getKey().isPending());
            assertSame(m.getValue(), m.getKey().result());
        }
    }

    /**
     * Evaluating into a view of one of the graph's own buffers (an assignment {@code x[...] = expr}
     * whose right-hand side may read {@code x} through other views) stores the oracle's value,
     * broadcast and cast to the target, and leaves every other element of the buffer alone.
     */
    @Property(tries = 600, seed = RandomGraphs.CI_SEED)
    void evaluationIntoAViewOfAnOperandBufferIsAnAssignment(@ForAll("graphs") RandomGraphs.Spec spec) {
        RandomGraphs.Built g = spec.build();
        SplittableRandom rnd = new SplittableRandom(spec.seed() * 31 + 7);
        Reference ref = new Reference();
        Arr value = oracle(ref, g.root());
        List<Buffer> candidates = new ArrayList<>(g.buffers());
        if (value != null && rnd.nextInt(3) == 0) {   // the value of a node evaluated first, which the root reads
            List<Node> inner = new ArrayList<>();
            for (Node n : ref.values().keySet()) if (n != g.root() && n.isPending()) inner.add(n);
            if (!inner.isEmpty()) {
                Node m = inner.get(rnd.nextInt(inner.size()));
                Interpreter.run(Fusion.plan(m));
                candidates = List.of(m.result().buffer());
                Statistics.label("target").collect("in an evaluated node's value");
            }
        }
        View target = targetView(g.root().shape(), candidates, rnd);
        if (target == null) { Statistics.collect("no target fits"); return; }
        Buffer buf = target.buffer();
        Buffer before = buf.copy();
        Plan plan;
        try {
            plan = Fusion.plan(g.root(), target);
        } catch (ValueException e) {   // a weak int constant that does not fit the target's int32
            Statistics.collect("cast rejected");
            return;
        }
        try {
            Interpreter.run(plan);
        } catch (ValueException e) {
            if (value != null) throw new AssertionError("only the fused path raised\n" + spec + "\n" + g, e);
            return;
        }
        if (value == null) return;
        boolean readsTarget = readsBuffer(ref, buf);
        Statistics.collect(readsTarget ? "rhs reads the target's buffer" : "target buffer not read");
        String ctx = spec + "\ntarget " + target + "\n" + g;
        Reference.assertSameArray(Reference.assign(value, target.shape(), target.dtype()), Reference.read(target), ctx);
        boolean[] inTarget = new boolean[buf.length()];
        Reference.forEach(target.shape(), (e, idx) -> inTarget[target.elementOffset(idx)] = true);
        for (int i = 0; i < buf.length(); i++) {
            if (inTarget[i]) continue;
            boolean same = buf.dtype().isFloat()
                    ? Double.doubleToRawLongBits(buf.getDouble(i)) == Double.doubleToRawLongBits(before.getDouble(i))
                    : buf.getLong(i) == before.getLong(i);
            if (!same) fail("element " + i + " outside the target was written\n" + ctx);
        }
        assertSame(target, plan.result());
        // memoised values are the nodes' values, and none lives in the target (it may be written again)
        for (Map.Entry<Node, View> m : plan.memo().entrySet()) {
            assertTrue(m.getValue().buffer() != buf, () -> "memo of " + m.getKey() + " is in the target's buffer\n" + ctx);
            Arr v = ref.values().get(m.getKey());
            if (v != null) Reference.assertSameArray(v, Reference.read(m.getValue()), "memo of " + m.getKey() + "\n" + ctx);
        }
    }

    /** Evaluating some intermediate nodes first (memoising them) does not change the root's value. */
    @Property(tries = 400, seed = RandomGraphs.CI_SEED)
    void evaluatingIntermediateNodesFirstDoesNotChangeTheRoot(@ForAll("graphs") RandomGraphs.Spec spec) {
        RandomGraphs.Built g = spec.build();
        Reference ref = new Reference();
        Arr expected = oracle(ref, g.root());
        if (expected == null) return;
        SplittableRandom rnd = new SplittableRandom(spec.seed());
        List<Node> inner = new ArrayList<>();
        for (Node n : ref.values().keySet()) if (n != g.root() && n.isPending()) inner.add(n);
        int first = 0;
        for (Node n : inner) {
            if (rnd.nextInt(3) != 0 || !n.isPending()) continue;
            Plan p = Fusion.plan(n);
            Interpreter.run(p);
            first++;
            Reference.assertSameArray(ref.values().get(n), Reference.read(p.result()), "intermediate " + n + "\n" + spec + "\n" + g);
            assertFalse(n.isPending());
            assertTrue(n.operands().isEmpty(), "a memoised node releases its operands");
        }
        Statistics.collect(first == 0 ? "none first" : "some first");
        Plan plan = Fusion.plan(g.root());
        Interpreter.run(plan);
        Reference.assertSameArray(expected, Reference.read(plan.result()), spec + "\n" + g);
        // once memoised, planning the root again is free (a constant is never memoised) and gives the same value
        Plan again = Fusion.plan(g.root());
        if (!(g.root() instanceof Node.Const)) assertEquals(0, again.kernels().size());
        else Interpreter.run(again);
        Reference.assertSameArray(expected, Reference.read(again.result()), "re-plan\n" + spec + "\n" + g);
    }

    // ---- helpers ---------------------------------------------------------------------------

    private static boolean readsBuffer(Reference ref, Buffer b) {
        for (Node n : ref.values().keySet()) {
            View v = n instanceof Node.Leaf l ? l.view() : n.result();
            if (v != null && v.buffer() == b) return true;
        }
        return false;
    }

    /**
     * A writable view (no two indices at one element) of the root's shape, or of a shape the root
     * broadcasts to, on one of {@code buffers}: contiguous, reversed or transposed.
     */
    static View targetView(int[] rootShape, List<Buffer> buffers, SplittableRandom rnd) {
        int[] shape = rootShape;
        if (shape.length > 0 && rnd.nextInt(4) == 0) {   // a larger target the root broadcasts to
            int[] big = shape.clone();
            for (int i = 0; i < big.length; i++) if (big[i] == 1) big[i] = 1 + rnd.nextInt(3);
            shape = big;
        }
        int size = Shapes.size(shape);
        List<Buffer> fit = new ArrayList<>();
        for (Buffer b : buffers) if (b.length() >= size) fit.add(b);
        if (fit.isEmpty()) return null;
        Buffer b = fit.get(rnd.nextInt(fit.size()));
        int n = shape.length;
        int[] order = new int[n];   // order[i]: the memory rank of axis i (a permuted C layout)
        for (int i = 0; i < n; i++) order[i] = i;
        if (rnd.nextBoolean()) for (int i = n - 1; i > 0; i--) { int j = rnd.nextInt(i + 1), t = order[i]; order[i] = order[j]; order[j] = t; }
        int[] strides = new int[n];
        int acc = 1;
        for (int r = n - 1; r >= 0; r--) {
            for (int i = 0; i < n; i++) if (order[i] == r) { strides[i] = acc; acc *= Math.max(shape[i], 1); }
        }
        int offset = rnd.nextInt(b.length() - size + 1);
        for (int i = 0; i < n; i++) {
            if (shape[i] > 1 && rnd.nextInt(3) == 0) {   // reversed axis
                offset += (shape[i] - 1) * strides[i];
                strides[i] = -strides[i];
            }
        }
        if (size == 0) offset = 0;
        return new View(b, offset, shape, strides);
    }

    /** SSA well-formedness: operands precede their use, loads and params are in range, types agree. */
    static void checkWellFormed(Kernel k) {
        List<Instr> body = k.body();
        for (int i = 0; i < body.size(); i++) {
            Instr in = body.get(i);
            final int at = i;
            java.util.function.IntConsumer before = x -> assertTrue(x >= 0 && x < at, () -> "operand " + x + " of instruction " + at + " in " + body);
            switch (in) {
                case Instr.Load l -> {
                    assertTrue(l.input() < k.inputs().size());
                    assertEquals(k.inputs().get(l.input()).dtype(), l.type());
                    assertEquals(k.shape().length, k.inputs().get(l.input()).rank());
                }
                case Instr.Gather g -> {
                    before.accept(g.offset());
                    assertTrue(g.input() < k.inputs().size());
                    assertEquals(k.inputs().get(g.input()).dtype(), g.type());
                    assertEquals(DType.INT64, body.get(g.offset()).type());
                }
                case Instr.Param p -> assertTrue(p.index() < k.params().length);
                case Instr.Index x -> assertTrue(x.axis() < k.shape().length);
                case Instr.Unary u -> {
                    before.accept(u.x());
                    assertEquals(u.op().rule() == Op.Rule.TEST ? DType.BOOL : body.get(u.x()).type(), u.type(), "a test gives bool, others their operand's type");
                }
                case Instr.Cast c -> before.accept(c.x());
                case Instr.Binary b -> {
                    before.accept(b.a());
                    before.accept(b.b());
                    assertEquals(body.get(b.a()).type(), body.get(b.b()).type(), () -> "binary operand types in " + body);
                }
                case Instr.Select s -> {
                    before.accept(s.cond());
                    before.accept(s.a());
                    before.accept(s.b());
                    assertEquals(DType.BOOL, body.get(s.cond()).type());
                }
            }
        }
        assertEquals(k.output().dtype(), k.value().type(), "the stored value has the output's dtype");
        assertEquals(k.shape().length, k.output().rank());
        assertEquals(new java.util.HashSet<>(body).size(), body.size(), "hash-consing leaves no duplicate instruction");
    }
}
