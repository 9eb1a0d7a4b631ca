package io.numfuse.jvm;

import static org.junit.jupiter.api.Assertions.*;

import io.numfuse.ir.Buffer;
import io.numfuse.core.DType;
import io.numfuse.ir.Fusion;
import io.numfuse.ir.Graph;
import io.numfuse.ir.Interpreter;
import io.numfuse.ir.Kernel;
import io.numfuse.ir.Node;
import io.numfuse.core.NumfuseException;
import io.numfuse.ir.Op;
import io.numfuse.ir.View;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Random expressions of selects, comparisons, tests, bool logic, casts and simple arithmetic over
 * every dtype, with NaN, infinities, signed zeros and integer extremes, on operands that are
 * whole arrays, broadcast rows and columns, sliced, reversed and strided views and weak scalars:
 * the vector class ({@link JvmCodegen#generate}) and the scalar class ({@link JvmCodegen#generateScalar})
 * of every kernel give the interpreter's values bit for bit (NaN as NaN, -0.0 apart from 0.0).
 */
class SelectProperties {
    private static final Op[] COMPARE = { Op.EQ, Op.NE, Op.LT, Op.LE, Op.GT, Op.GE };
    private static final Op[] ARITH = { Op.ADD, Op.SUB, Op.MUL, Op.MAXIMUM, Op.MINIMUM, Op.AND, Op.OR, Op.XOR };
    private static final Op[] UNARY = { Op.NEG, Op.ABS, Op.NOT, Op.ISNAN, Op.ISINF, Op.ISFINITE, Op.SQUARE };
    private static final double[] FLOATS = { 0, -0.0, 1, -1, 0.5, -2.5, Double.NaN, Double.POSITIVE_INFINITY,
        Double.NEGATIVE_INFINITY, Double.MIN_VALUE, 3.4e38, 1e300, 2147483648.0, -9.3e18, 7 };
    private static final long[] INTS = { 0, 1, -1, 2, 7, -8, Integer.MAX_VALUE, Integer.MIN_VALUE, Long.MAX_VALUE, Long.MIN_VALUE, 1L << 40 };

    @Property(tries = 600, seed = io.numfuse.ir.RandomGraphs.CI_SEED)
    void selectsAgreeWithTheInterpreter(@ForAll long seed, @ForAll @IntRange(min = 1, max = 70) int cols) {
        Gen g = new Gen(new SplittableRandom(seed), cols);
        Node root = null;
        for (int attempt = 0; root == null && attempt < 20; attempt++) {
            try {
                root = g.where(3);
            } catch (NumfuseException illTyped) {
                // NumPy's rules refuse this combination: draw another
            }
        }
        if (root == null) return;
        for (Kernel k : Fusion.plan(root, null, JvmCodegen.MAX_BODY).kernels()) {
            net.jqwik.api.statistics.Statistics.label("kernels").collect(JvmCodegen.vectorises(k.key()) ? "vector loop" : "scalar loop");
            Buffer want = k.output().buffer().copy();
            NumfuseException refError = null;
            try {
                Interpreter.run(new Kernel(k.shape(), k.inputs(), k.body(), k.params(),
                        new View(want, k.output().offset(), k.output().shape(), k.output().strides()), k.reduce(), k.reduceAxes()));
            } catch (NumfuseException e) {
                refError = e;
            }
            for (boolean vectors : new boolean[] { true, false }) {
                byte[] bytes = vectors ? JvmCodegen.generate(k.key()) : JvmCodegen.generateScalar(k.key());
                JvmCodegenTest.verify(bytes, "seed " + seed);
                Buffer got = k.output().buffer().copy();
                Kernel run = new Kernel(k.shape(), k.inputs(), k.body(), k.params(),
                        new View(got, k.output().offset(), k.output().shape(), k.output().strides()), k.reduce(), k.reduceAxes());
                NumfuseException error = null;
                try {
                    Runner.run(JvmKernels.define(bytes), run);
                } catch (NumfuseException e) {
                    error = e;
                }
                String what = (vectors ? "vector" : "scalar") + " class, seed " + seed + ", cols " + cols + ": " + k.key();
                assertEquals(refError == null, error == null, what + ": both fail or neither");
                if (refError == null) VectorLoopTest.assertSame(want, got, what);
            }
            if (refError != null) return;
            Interpreter.run(k);   // later kernels read this one's output
        }
    }

    /** Expressions over rows of {@code cols} elements (3 rows, or 1-D). */
    private static final class Gen {
        private final SplittableRandom r;
        private final int cols;
        private final boolean twoD;

        Gen(SplittableRandom r, int cols) {
            this.r = r;
            this.cols = cols;
            this.twoD = r.nextBoolean();
        }

        DType type() { return DType.values()[r.nextInt(DType.values().length)]; }

        Node where(int depth) { return Graph.where(cond(depth - 1), value(depth - 1), value(depth - 1)); }

        Node cond(int depth) {
            if (depth <= 0) return r.nextInt(4) == 0 ? leaf(DType.BOOL) : Graph.binary(pick(COMPARE), leaf(type()), leaf(type()));
            return switch (r.nextInt(6)) {
                case 0 -> Graph.binary(pick(COMPARE), value(depth - 1), value(depth - 1));
                case 1 -> Graph.binary(pick(new Op[] { Op.AND, Op.OR, Op.XOR }), cond(depth - 1), cond(depth - 1));
                case 2 -> Graph.unary(Op.NOT, cond(depth - 1));
                case 3 -> Graph.unary(pick(new Op[] { Op.ISNAN, Op.ISINF, Op.ISFINITE }), value(depth - 1));
                case 4 -> Graph.cast(value(depth - 1), DType.BOOL);
                default -> Graph.binary(pick(COMPARE), cond(depth - 1), cond(depth - 1));
            };
        }

        Node value(int depth) {
            if (depth <= 0) return r.nextInt(5) == 0 ? scalar() : leaf(type());
            return switch (r.nextInt(6)) {
                case 0 -> where(depth);
                case 1 -> Graph.binary(pick(ARITH), value(depth - 1), value(depth - 1));
                case 2 -> Graph.unary(pick(UNARY), value(depth - 1));
                case 3 -> Graph.cast(value(depth - 1), type());
                case 4 -> cond(depth);
                default -> leaf(type());
            };
        }

        Node scalar() {
            return switch (r.nextInt(3)) {
                case 0 -> Graph.weak(FLOATS[r.nextInt(FLOATS.length)]);
                case 1 -> Graph.weak(INTS[r.nextInt(7)]);
                default -> Graph.weak(r.nextBoolean());
            };
        }

        /**
         * A leaf of dtype {@code t}: mostly the whole (3, cols) array, else a row or column to
         * broadcast, a view at an offset, or (rarer: the scalar loop) a reversed or strided view.
         */
        Node leaf(DType t) {
            int rows = twoD ? 3 : 1, kind = r.nextInt(30);
            int width = kind == 9 ? cols + 2 : kind == 11 ? 2 * cols : cols;
            Buffer b = Buffer.allocate(t, rows * width);
            for (int i = 0; i < b.length(); i++) fill(b, i);
            View full = View.contiguous(b, rows, width);
            View v = switch (kind) {
                case 6, 7 -> full.index(0, 0);                      // a row, broadcast down
                case 8 -> twoD ? full.slice(1, 0, 1, 1) : full;     // a column, broadcast along
                case 9 -> full.slice(1, 1, cols, 1);                // unit stride at an offset
                case 10 -> full.slice(1, cols - 1, cols, -1);       // reversed
                case 11 -> full.slice(1, 0, cols, 2);               // every other element
                default -> full;
            };
            if (!twoD && v.rank() == 2) v = v.index(0, 0);
            return Graph.leaf(v);
        }

        private void fill(Buffer b, int i) {
            switch (b.dtype()) {
                case BOOL -> b.setLong(i, r.nextInt(2));
                case INT32, INT64 -> b.setLong(i, r.nextInt(3) == 0 ? INTS[r.nextInt(INTS.length)] : r.nextInt(-4, 5));
                default -> b.setDouble(i, r.nextInt(3) == 0 ? FLOATS[r.nextInt(FLOATS.length)] : r.nextInt(-8, 9) * 0.5);
            }
        }

        private Op pick(Op[] ops) { return ops[r.nextInt(ops.length)]; }
    }
}
