package io.numfuse.runtime;

import static org.junit.jupiter.api.Assertions.*;

import io.numfuse.ir.Buffer;
import io.numfuse.core.DType;
import io.numfuse.ir.Fusion;
import io.numfuse.ir.Graph;
import io.numfuse.ir.Interpreter;
import io.numfuse.ir.Kernel;
import io.numfuse.ir.Node;
import io.numfuse.ir.Op;
import io.numfuse.ir.Plan;
import io.numfuse.ir.View;
import org.junit.jupiter.api.Test;

/**
 * Arrays large enough to be split across threads: maps, reductions over the inner axis, over
 * the outer axis (per-thread partials), and over everything, against the interpreter.
 */
class JvmParallelTest {
    static View matrix(DType t, int m, int n, long seed) {
        Buffer b = Buffer.allocate(t, m * n);
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
        for (int i = 0; i < m * n; i++) { if (t.isFloat()) b.setDouble(i, r.nextDouble(-1, 1)); else b.setLong(i, r.nextLong(-1000, 1000)); }
        return View.contiguous(b, m, n);
    }

    static void agree(Node root, String what) {
        long saved = CostModel.parallelWork;
        CostModel.parallelWork = 1;   // split every kernel, however small
        try {
            agreeSplit(root, what);
        } finally {
            CostModel.parallelWork = saved;
        }
    }

    private static void agreeSplit(Node root, String what) {
        Plan plan = Fusion.plan(root, null, JvmTarget.INSTANCE.maxKernelBody());
        for (Kernel k : plan.kernels()) {
            Interpreter.run(k);
            Buffer fresh = k.output().buffer().copy();
            View out = new View(fresh, k.output().offset(), k.output().shape(), k.output().strides());
            JvmTarget.INSTANCE.run(new Kernel(k.shape(), k.inputs(), k.body(), k.params(), out, k.reduce(), k.reduceAxes()));
            View want = k.output();
            for (int i = 0; i < fresh.length(); i++) {
                if (want.dtype().isFloat()) {
                    double x = want.buffer().getDouble(i), y = fresh.getDouble(i);
                    assertEquals(x, y, 1e-9 * (1 + Math.abs(x)) * (k.isReduction() ? 1000 : 0), what + " at " + i);
                } else {
                    assertEquals(want.buffer().getLong(i), fresh.getLong(i), what + " at " + i);
                }
            }
        }
    }

    @Test
    void largeKernelsSplitAcrossThreadsAgreeWithTheInterpreter() {
        for (DType t : new DType[] { DType.INT64, DType.FLOAT64, DType.INT32 }) {
            Node a = Graph.leaf(matrix(t, 300, 400, 1)), b = Graph.leaf(matrix(t, 300, 400, 2));
            Node e = Graph.binary(Op.ADD, a, Graph.binary(Op.MUL, b, Graph.weak(3L)));
            agree(e, "map " + t);
            for (Op r : new Op[] { Op.SUM, Op.MAX, Op.MIN }) {
                agree(Graph.reduce(r, e, new int[] { 1 }, false), r + " inner axis " + t);
                agree(Graph.reduce(r, e, new int[] { 0 }, false), r + " outer axis " + t);
                agree(Graph.reduce(r, e, null, false), r + " all " + t);
            }
        }
    }

    /**
     * A reduction over the outermost axis, split across threads, into a transposed target: each
     * thread's partial output (a SumState for a float sum) has its own compact layout, and the
     * partials go back to the target's strided places.
     */
    @Test
    void reductionsIntoATransposedTargetSplitAcrossThreadsAgreeWithTheInterpreter() {
        long saved = CostModel.parallelWork;
        CostModel.parallelWork = 1;
        try {
            for (DType t : new DType[] { DType.FLOAT64, DType.FLOAT32, DType.INT64 }) {
                Buffer xb = Buffer.allocate(t, 40 * 5 * 7);
                java.util.SplittableRandom r = new java.util.SplittableRandom(4);
                for (int i = 0; i < xb.length(); i++) { if (t.isFloat()) xb.setDouble(i, r.nextDouble(-1, 1)); else xb.setLong(i, r.nextLong(-99, 99)); }
                Node x = Graph.leaf(View.contiguous(xb, 40, 5, 7));
                for (Op op : new Op[] { Op.SUM, Op.MAX, Op.MIN, Op.PROD }) {
                    Buffer jvm = Buffer.allocate(t, 7 * 5), ref = Buffer.allocate(t, 7 * 5);
                    View target = new View(jvm, 0, new int[] { 5, 7 }, new int[] { 1, 5 });   // the transpose of a (7, 5) array
                    View want = new View(ref, 0, new int[] { 5, 7 }, new int[] { 1, 5 });
                    Executor.evaluate(Graph.reduce(op, x, new int[] { 0 }, false), target, JvmTarget.INSTANCE);
                    Executor.evaluate(Graph.reduce(op, x, new int[] { 0 }, false), want, InterpreterTarget.INSTANCE);
                    for (int i = 0; i < 35; i++) {
                        if (t.isFloat()) assertEquals(ref.getDouble(i), jvm.getDouble(i), 1e-9 * (1 + Math.abs(ref.getDouble(i))), op + " " + t + " at " + i);
                        else assertEquals(ref.getLong(i), jvm.getLong(i), op + " " + t + " at " + i);
                    }
                }
            }
        } finally {
            CostModel.parallelWork = saved;
        }
    }

    @Test
    void threadsThatSplitAtOnceShareTheWorkersAndAllGetTheirResults() throws Exception {
        long saved = CostModel.parallelWork;
        CostModel.parallelWork = 1;   // every kernel splits: the callers contend for the workers
        try {
            View a = matrix(DType.FLOAT64, 64, 257, 3);
            int callers = 4, rounds = 300;
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(callers);
            java.util.List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
            for (int c = 0; c < callers; c++) {
                double k = c + 1;
                done.add(pool.submit(() -> {
                    for (int round = 0; round < rounds; round++) {
                        View sum = Executor.evaluate(Graph.reduce(Op.SUM, Graph.binary(Op.MUL, Graph.leaf(a), Graph.weak(k)), new int[] { 1 }, false),
                                null, JvmTarget.INSTANCE);
                        for (int i = 0; i < 64; i++) {
                            double want = 0;
                            for (int j = 0; j < 257; j++) want += a.buffer().getDouble(i * 257 + j) * k;
                            assertEquals(want, sum.buffer().getDouble(i), 1e-9 * (1 + Math.abs(want)), "caller " + k + ", round " + round + ", row " + i);
                        }
                    }
                    return null;
                }));
            }
            for (var f : done) f.get();
            pool.shutdown();
        } finally {
            CostModel.parallelWork = saved;
        }
    }
}
