package io.numfuse.runtime;

import static org.junit.jupiter.api.Assertions.*;

import io.numfuse.ir.Buffer;
import io.numfuse.core.DType;
import io.numfuse.ir.Fusion;
import io.numfuse.ir.Graph;
import io.numfuse.ir.Interpreter;
import io.numfuse.ir.Node;
import io.numfuse.ir.Op;
import io.numfuse.ir.Plan;
import io.numfuse.ir.View;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Random loops written plainly, differentially: a few state arrays of mixed dtypes, each step
 * computing every state from all of them with selects, comparisons and exact arithmetic (float
 * overflow to inf and NaN, integer wrap-around included), deep and shared enough that the fusion
 * pass cuts them at levels into multi-output kernels. Every target and auto give the
 * interpreter's values bit for bit.
 */
class LoopRecurrenceProperties {
    /** Loops run on the JVM; the first {@link #DEVICE_SEEDS} on the OpenCL devices and auto too (each of their kernels is new: PoCL builds it, 0.1-0.5 s). */
    static final int SEEDS = 12, DEVICE_SEEDS = 3;
    static final DType[] TYPES = { DType.FLOAT32, DType.FLOAT64, DType.INT32, DType.INT64 };

    /** The loop of {@code seed}, built afresh (a graph once evaluated is memoised): its states combined into one float64 root. */
    static Node loop(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int states = 2 + r.nextInt(3), n = 1 + r.nextInt(700), steps = 110 + r.nextInt(60);
        List<Node> s = new ArrayList<>();
        for (int i = 0; i < states; i++) s.add(leaf(TYPES[r.nextInt(TYPES.length)], n, r));
        for (int k = 0; k < steps; k++) {
            List<Node> next = new ArrayList<>();
            for (int i = 0; i < states; i++) {
                Node a = s.get(i), b = s.get(r.nextInt(states)), c = s.get(r.nextInt(states));
                Node mixed = Graph.binary(pick(r, Op.ADD, Op.SUB, Op.MUL, Op.MAXIMUM, Op.MINIMUM), a, b);
                Node cond = Graph.binary(pick(r, Op.LT, Op.GE, Op.NE), c, Graph.weak(r.nextInt(-3, 4)));
                Node v = Graph.where(cond, mixed, Graph.binary(Op.SUB, a, Graph.weak(1L)));
                next.add(Graph.cast(v, a.dtype()));   // each state keeps its dtype
            }
            s = next;
        }
        Node root = Graph.cast(s.getFirst(), DType.FLOAT64);
        for (Node x : s.subList(1, states)) root = Graph.binary(Op.ADD, root, Graph.cast(x, DType.FLOAT64));
        return root;
    }

    private static Op pick(SplittableRandom r, Op... ops) { return ops[r.nextInt(ops.length)]; }

    private static Node leaf(DType t, int n, SplittableRandom r) {
        Buffer b = Buffer.allocate(t, n);
        for (int i = 0; i < n; i++) if (t.isFloat()) b.setDouble(i, r.nextInt(20) == 0 ? Double.NaN : r.nextDouble(-3, 3)); else b.setLong(i, r.nextInt(-50, 50));
        return Graph.leaf(View.contiguous(b, n));
    }

    private static long[] bits(View v) {
        long[] x = new long[v.size()];
        for (int i = 0; i < x.length; i++) x[i] = Double.doubleToLongBits(v.buffer().getDouble(v.offset() + i));   // NaN as one NaN
        return x;
    }

    @Test
    void everyTargetRunsRandomPlainLoopsAsTheInterpreter() {
        List<Target> targets = new ArrayList<>(List.of(JvmTarget.INSTANCE));
        targets.addAll(OpenClTests.devices());
        targets.add(Targets.parse("auto"));
        int multiOutput = 0;
        for (long seed = 0; seed < SEEDS; seed++) {
            Plan reference = Fusion.plan(loop(seed));
            if (reference.kernels().stream().anyMatch(k -> !k.extras().isEmpty())) multiOutput++;
            Interpreter.run(reference);
            long[] want = bits(reference.result());
            for (Target t : seed < DEVICE_SEEDS ? targets : targets.subList(0, 1)) {
                int fallbacks = t instanceof OpenClTarget cl ? cl.fallbackCount() : 0;
                View got = Executor.evaluate(loop(seed), null, t, true);
                assertArrayEquals(want, bits(got), t.name() + ", seed " + seed);
                if (t instanceof OpenClTarget cl) assertEquals(fallbacks, cl.fallbackCount(), t.name() + " ran every kernel, seed " + seed);
            }
        }
        assertTrue(multiOutput >= SEEDS / 2, "most loops are cut into multi-output kernels: " + multiOutput + " of " + SEEDS);
    }
}
