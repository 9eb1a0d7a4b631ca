package io.numfuse.jvm;

import static org.junit.jupiter.api.Assertions.*;

import io.numfuse.ir.Buffer;
import io.numfuse.core.DType;
import io.numfuse.ir.Fusion;
import io.numfuse.ir.Graph;
import io.numfuse.ir.Kernel;
import io.numfuse.ir.KernelKey;
import io.numfuse.ir.Node;
import io.numfuse.core.NumfuseException;
import io.numfuse.ir.Op;
import io.numfuse.ir.View;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Selects, comparisons, tests and bool logic computed by the Vector API loop ({@link VectorLoop}):
 * on every dtype, with NaN, infinities and signed zeros, rows with and without a tail, broadcast
 * and sliced operands, the generated class verifies and gives the interpreter's values bit for
 * bit (NaN as NaN, -0.0 apart from 0.0); strided views and ops without a vector form fall back to
 * the scalar loop with the same values.
 */
class VectorLoopTest {
    /** Two vectors of 16 lanes and a tail of 13; five of 8 and a tail of 5. */
    static final int N = 45;

    static final double[] SPECIAL = { 0, -0.0, 1, -1, 2.5, -3.75, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
        1e-3, 100, 3e9, -2147483648.0, 7, 2.5, 0 };

    /** {@code n} values of {@code t}: specials from position {@code seed} (ints: their truncation, extremes for non-finite). */
    static Node leaf(DType t, int n, int seed) {
        Buffer b = Buffer.allocate(t, n);
        for (int i = 0; i < n; i++) set(b, i, SPECIAL[(i * 7 + seed) % SPECIAL.length]);
        return Graph.leaf(View.contiguous(b, n));
    }

    static void set(Buffer b, int i, double v) {
        if (b.dtype().isFloat()) b.setDouble(i, v);
        else if (b.dtype() == DType.BOOL) b.setLong(i, v > 0.5 || Double.isNaN(v) ? 1 : 0);
        else b.setLong(i, Double.isFinite(v) ? (long) v : v > 0 ? Long.MAX_VALUE : Long.MIN_VALUE);
    }

    static boolean vectorised(KernelKey key) {
        return new String(JvmCodegen.generate(key), java.nio.charset.StandardCharsets.ISO_8859_1).contains("jdk/incubator/vector/");
    }

    /**
     * Generates, verifies and runs every kernel of {@code root} against the interpreter, bit for
     * bit (within Runner's 2 ulp where a transcendental function is computed: those are
     * BlockMath's, not the vector loop's); returns whether every kernel took the vector loop.
     */
    static boolean check(Node root, String what) {
        boolean all = true;
        for (Kernel k : Fusion.plan(root).kernels()) {
            byte[] bytes = JvmCodegen.generate(k.key());
            JvmCodegenTest.verify(bytes, what);
            all &= vectorised(k.key());
            Buffer expected = JvmCodegenTest.runBoth(k, bytes, what);
            if (expected == null) return all;
            if (k.body().stream().noneMatch(VectorLoopTest::transcendental)) assertSame(expected, k.output().buffer(), what);
            else assertTrue(Runner.sameContents(expected, k.output().buffer()), what + ": " + Runner.describe(expected, k.output().buffer()));
        }
        return all;
    }

    static boolean transcendental(io.numfuse.ir.Instr in) {
        Op op = in instanceof io.numfuse.ir.Instr.Unary u ? u.op() : in instanceof io.numfuse.ir.Instr.Binary b ? b.op() : null;
        return op != null && op.costClass() == io.numfuse.ir.CostClass.TRANSCENDENTAL;
    }

    static void assertSame(Buffer want, Buffer got, String what) {
        for (int i = 0; i < want.length(); i++) {
            boolean same = want.dtype().isFloat()
                    ? Double.doubleToLongBits(want.getDouble(i)) == Double.doubleToLongBits(got.getDouble(i))
                    : want.getLong(i) == got.getLong(i);
            if (!same) {
                fail(what + ": element " + i + ": interpreter " + (want.dtype().isFloat() ? want.getDouble(i) : want.getLong(i))
                        + ", jvm " + (got.dtype().isFloat() ? got.getDouble(i) : got.getLong(i)));
            }
        }
    }

    @Test
    void comparisonsAndSelectsOfEveryDtypeAreVectorised() {
        for (int n : new int[] { 0, 1, 7, 8, 16, 32, N, 100 }) {
            for (DType t : DType.values()) {
                Node a = leaf(t, n, 0), b = leaf(t, n, 5), c = leaf(DType.BOOL, n, 3);
                for (Op op : new Op[] { Op.EQ, Op.NE, Op.LT, Op.LE, Op.GT, Op.GE }) {
                    Node cmp = Graph.binary(op, a, b);
                    assertTrue(check(cmp, op + " on " + t + ", n=" + n) || n <= 1, op + " on " + t + " takes the vector loop");
                    check(Graph.where(cmp, a, b), "where(" + op + ") on " + t + ", n=" + n);
                }
                assertTrue(check(Graph.where(c, a, b), "where on " + t + ", n=" + n) || n <= 1, "where on " + t + " takes the vector loop");
                check(Graph.where(c, b, a), "where(c, b, a) on " + t + ", n=" + n);
            }
        }
    }

    /** Every element-wise op in a select, on every dtype: vectorised where it has a vector form, and right either way. */
    @Test
    void everyOpInsideASelect() {
        TreeSet<String> vectorised = new TreeSet<>(), scalar = new TreeSet<>();
        for (Op op : Op.values()) {
            for (DType t : DType.values()) {
                Node a = leaf(t, N, 0), b = leaf(t, N, 5), c = leaf(DType.BOOL, N, 3);
                Node root;
                try {
                    root = switch (op.kind()) {
                        case UNARY -> Graph.where(c, Graph.unary(op, a), Graph.unary(op, b));
                        case BINARY -> Graph.where(c, Graph.binary(op, a, op == Op.POW && !t.isFloat() ? Graph.unary(Op.ABS, b) : b),
                                Graph.binary(op, b, op == Op.POW && !t.isFloat() ? Graph.unary(Op.ABS, a) : a));
                        case COMPARE -> Graph.where(Graph.binary(op, a, b), Graph.binary(op, b, a), c);
                        case SELECT, CAST, REDUCE -> null;
                    };
                } catch (NumfuseException typeRuleRejects) {
                    continue;
                }
                if (root == null) continue;
                (check(root, op + " on " + t) ? vectorised : scalar).add(op + "/" + t);
            }
        }
        System.out.println("vector loop: " + vectorised.size() + " op/dtype pairs; scalar: " + scalar);
        for (String s : new String[] { "ADD/FLOAT32", "MUL/FLOAT64", "SUB/INT32", "MAXIMUM/FLOAT32", "MINIMUM/INT64", "AND/BOOL",
            "OR/INT32", "XOR/BOOL", "NOT/BOOL", "NOT/INT64", "ABS/FLOAT64", "NEG/INT32", "SQRT/FLOAT32", "DIV/FLOAT64",
            "ISNAN/FLOAT32", "ISINF/FLOAT64", "ISFINITE/INT32", "SQUARE/FLOAT32", "RECIPROCAL/FLOAT64", "LT/BOOL", "GE/BOOL" }) {
            assertTrue(vectorised.contains(s), s + " takes the vector loop");
        }
    }

    @Test
    void castsBetweenEveryPairOfDtypes() {
        for (DType from : DType.values()) {
            for (DType to : DType.values()) {
                Node a = leaf(from, N, 1), b = leaf(from, N, 9), c = leaf(DType.BOOL, N, 4);
                String what = from + " -> " + to;
                check(Graph.where(c, Graph.cast(a, to), Graph.cast(b, to)), "where of casts " + what);
                check(Graph.cast(Graph.where(c, a, b), to), "cast of where " + what);
            }
            assertTrue(check(Graph.cast(leaf(from, N, 2), DType.BOOL), from + " -> bool"), from + " -> bool takes the vector loop");
        }
    }

    @Test
    void nanComparesFalseExceptNotEqualAndSelectsKeepSignedZeros() {
        for (DType t : new DType[] { DType.FLOAT32, DType.FLOAT64 }) {
            Buffer x = Buffer.allocate(t, N), y = Buffer.allocate(t, N);
            for (int i = 0; i < N; i++) {
                x.setDouble(i, i % 3 == 0 ? Double.NaN : i % 3 == 1 ? -0.0 : 0.0);
                y.setDouble(i, i % 5 == 0 ? Double.NaN : i % 2 == 0 ? 0.0 : -0.0);
            }
            Node a = Graph.leaf(View.contiguous(x, N)), b = Graph.leaf(View.contiguous(y, N));
            for (Op op : new Op[] { Op.EQ, Op.NE, Op.LT, Op.LE, Op.GT, Op.GE }) {
                Node cmp = Graph.binary(op, a, b);
                check(cmp, "NaN/zero " + op + " " + t);
                Buffer out = Buffer.allocate(DType.BOOL, N);
                for (Kernel k : Fusion.plan(cmp).kernels()) {
                    Runner.run(JvmKernels.define(JvmCodegen.generate(k.key())), new Kernel(k.shape(), k.inputs(), k.body(), k.params(),
                            View.contiguous(out, N), k.reduce(), k.reduceAxes()));
                }
                for (int i = 0; i < N; i++) {
                    double p = x.getDouble(i), q = y.getDouble(i);
                    if (Double.isNaN(p) || Double.isNaN(q)) assertEquals(op == Op.NE ? 1 : 0, out.getLong(i), op + " with NaN at " + i);
                    else assertEquals(op == Op.EQ || op == Op.LE || op == Op.GE ? 1 : 0, out.getLong(i), op + " of zeros at " + i);
                }
            }
            check(Graph.where(Graph.binary(Op.NE, a, a), a, b), "where(a != a) keeps NaN and zeros " + t);
            check(Graph.where(Graph.unary(Op.ISNAN, b), Graph.weak(-0.0), a), "where(isnan(b), -0.0, a) " + t);
        }
    }

    @Test
    void boolLogicAndBoolSelects() {
        Node p = leaf(DType.BOOL, N, 0), q = leaf(DType.BOOL, N, 3), r = leaf(DType.BOOL, N, 6);
        Node x = leaf(DType.FLOAT32, N, 1), y = leaf(DType.FLOAT32, N, 2), i = leaf(DType.INT64, N, 4);
        List<Node> cases = new ArrayList<>(List.of(
                Graph.binary(Op.OR, Graph.binary(Op.AND, Graph.binary(Op.LT, x, y), Graph.unary(Op.NOT, p)), Graph.binary(Op.XOR, q, r)),
                Graph.where(p, q, r),
                Graph.where(Graph.binary(Op.GT, x, y), Graph.binary(Op.EQ, i, Graph.weak(7L)), p),
                Graph.where(r, Graph.binary(Op.ADD, Graph.binary(Op.MUL, p, q), Graph.binary(Op.MAXIMUM, q, Graph.binary(Op.MINIMUM, r, p))), q),
                Graph.where(Graph.binary(Op.AND, Graph.unary(Op.ISFINITE, x), Graph.binary(Op.GE, i, Graph.weak(0L))), x, y),
                Graph.cast(Graph.binary(Op.NE, Graph.cast(p, DType.INT32), Graph.cast(q, DType.FLOAT64)), DType.INT64),
                Graph.where(Graph.weak(true), Graph.binary(Op.LE, x, y), p),
                Graph.where(Graph.binary(Op.LT, x, Graph.weak(1.0)), Graph.weak(false), Graph.unary(Op.NOT, q))));
        for (Op op : new Op[] { Op.EQ, Op.NE, Op.LT, Op.LE, Op.GT, Op.GE }) cases.add(Graph.binary(op, p, Graph.binary(Op.LT, x, y)));
        for (int c = 0; c < cases.size(); c++) assertTrue(check(cases.get(c), "bool case " + c), "bool case " + c + " takes the vector loop");
    }

    @Test
    void broadcastSlicedStridedAndIndexedOperands() {
        int rows = 3, cols = 37;
        Buffer m = Buffer.allocate(DType.FLOAT64, rows * (cols + 2));
        for (int i = 0; i < m.length(); i++) m.setDouble(i, SPECIAL[(i * 5) % SPECIAL.length]);
        View full = View.contiguous(m, rows, cols + 2);
        Node grid = Graph.leaf(full.slice(1, 1, cols, 1));                              // rows of a wider array: unit stride, offset
        Node row = Graph.leaf(full.index(0, 2).slice(0, 2, cols, 1));                   // (cols,), broadcast down the rows
        Node col = Graph.leaf(full.slice(1, 0, 1, 1));                                   // (rows, 1), broadcast along them
        Node reversed = Graph.leaf(full.slice(1, cols, cols, -1));                       // negative stride: the scalar loop
        Node strided = Graph.leaf(View.contiguous(m, m.length()).slice(0, 0, cols, 3));  // step 3: the scalar loop
        assertTrue(check(Graph.where(Graph.binary(Op.GT, grid, row), grid, col), "row and column broadcast"));
        assertTrue(check(Graph.where(Graph.binary(Op.LE, col, Graph.weak(0.5)), row, Graph.weak(-0.0)), "column condition"));
        assertFalse(check(Graph.where(Graph.binary(Op.LT, reversed, grid), reversed, grid), "reversed"));
        assertFalse(check(Graph.where(Graph.binary(Op.LT, strided, row), strided, row), "strided"));
        Node iota = Graph.iota(new int[] { rows, cols }, 1);
        // int64 to float64 is vectorised only with 512-bit vectors (VectorEmitter.converts): the scalar loop on AVX2
        assertEquals(VectorEmitter.converts(DType.INT64, DType.FLOAT64),
                check(Graph.where(Graph.binary(Op.LT, iota, Graph.weak(20L)), grid, Graph.cast(iota, DType.FLOAT64)), "iota"), "iota");
        Node rowsIota = Graph.iota(new int[] { rows, cols }, 0);
        assertTrue(check(Graph.where(Graph.binary(Op.EQ, rowsIota, Graph.weak(1L)), grid, row), "outer iota"));
    }

    @Test
    void aMandelbrotChunkIsVectorisedAndStaysUnderTheMethodLimit() {
        for (DType t : new DType[] { DType.FLOAT32, DType.FLOAT64 }) {
            Node count = HugeKernelTest.mandelbrot(N, 8, t);
            for (Kernel k : Fusion.plan(count, null, JvmCodegen.MAX_BODY).kernels()) {
                byte[] bytes = JvmCodegen.generate(k.key());
                int run = ClassFiles.codeLengths(bytes).get("run([Ljava/lang/Object;[I[I[I[JII)V");
                assertTrue(run < ClassFiles.HUGE_METHOD, "run() is " + run + " bytes");
            }
            assertTrue(check(count, "mandelbrot x8 " + t), "mandelbrot x8 " + t + " takes the vector loop");
        }
    }
}
