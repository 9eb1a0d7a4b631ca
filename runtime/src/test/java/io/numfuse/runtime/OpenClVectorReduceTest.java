package io.numfuse.runtime;

import static org.junit.jupiter.api.Assertions.*;

import io.numfuse.core.DType;
import io.numfuse.ir.Buffer;
import io.numfuse.ir.Graph;
import io.numfuse.ir.Node;
import io.numfuse.ir.Op;
import io.numfuse.ir.View;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Float sums, maxima and minima over the innermost axis that OpenCL computes eight elements at a
 * time ({@code OpenClVectorReduce}). Sums: row lengths around the vector width and the chunks' edges, views
 * with offsets, a column broadcast along the reduced axis, scalars, casts and division in the
 * body, in one part per row and in several; each row's sum within the documented bound of its
 * exact sum ({@link SumBound}), the terms being the body's values as the same device computes
 * them; and infinities and NaN in some lanes giving what a sum in order gives. Maxima and minima:
 * the same bodies, and rows with NaN, infinities and zeros of both signs in various lanes, equal
 * to the JVM's bit for bit (NaN: any NaN). Argmax and argmin: the same rows and ties of equal
 * values in several lanes, the JVM's positions exactly (the first of the extreme, the first NaN).
 */
class OpenClVectorReduceTest {
    static final int[] LENGTHS = { 1, 7, 8, 9, 15, 16, 17, 63, 1000, 4099, 100_003 };

    private static Node leaf(Buffer b, int rows, int cols) { return Graph.leaf(View.contiguous(b, rows, cols)); }

    /** The first {@code cols} of each row of {@code a}, whose rows are {@code cols + 1} long, from column {@code from}. */
    private static Node rowsOf(Buffer a, int rows, int cols, int from) {
        return Graph.leaf(new View(a, from, new int[] { rows, cols }, new int[] { cols + 1, 1 }));
    }

    private static Buffer random(DType t, int n, long seed, boolean wide) {
        Buffer b = Buffer.allocate(t, n);
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < n; i++) {
            double v = wide ? (r.nextDouble() - 0.5) * Math.pow(10, r.nextInt(-6, 7)) : r.nextDouble() - 0.5;
            b.setDouble(i, v);
        }
        return b;
    }

    /** Bodies over rows x cols: their name and a fresh node each time (an evaluated node is memoised). */
    private static List<Object[]> bodies(DType t, int rows, int cols) {
        Buffer a = random(t, rows * (cols + 1), 1, true), b = random(t, rows * cols, 2, false), c = random(DType.FLOAT64, rows, 3, false);
        List<Object[]> list = new ArrayList<>();
        list.add(new Object[] { "a[:, :-1]", (Supplier<Node>) () -> rowsOf(a, rows, cols, 0) });
        list.add(new Object[] { "a[:, 1:]", (Supplier<Node>) () -> rowsOf(a, rows, cols, 1) });
        list.add(new Object[] { "a[:, 1:]*b", (Supplier<Node>) () -> Graph.binary(Op.MUL, rowsOf(a, rows, cols, 1), leaf(b, rows, cols)) });
        list.add(new Object[] { "-(a[:, 1:]*b)/3 + c (float64, c a column)", (Supplier<Node>) () -> {
            Node ab = Graph.binary(Op.DIV, Graph.unary(Op.NEG, Graph.binary(Op.MUL, rowsOf(a, rows, cols, 1), leaf(b, rows, cols))), Graph.weak(3.0));
            return Graph.binary(Op.ADD, Graph.cast(ab, DType.FLOAT64), Graph.leaf(new View(c, 0, new int[] { rows, cols }, new int[] { 1, 0 })));
        } });
        return list;
    }

    /** A check of one shape: a device, its parts (0: as the runtime chooses), a float dtype, rows of {@code cols} elements. */
    private interface ShapeCheck {
        int run(OpenClTarget t, int parts, DType dt, int rows, int cols);
    }

    /** Runs {@code check} on each device, in one part and three, for each float dtype and row length (3 rows, 1 of the longest); returns the rows checked. */
    private static int eachShape(ShapeCheck check) {
        int checked = 0;
        for (OpenClTarget t : OpenClTests.devices()) {
            for (int parts : new int[] { 0, 3 }) {
                OpenClSession.forcedParts = parts;
                try {
                    for (DType dt : List.of(DType.FLOAT32, DType.FLOAT64)) {
                        for (int cols : LENGTHS) checked += check.run(t, parts, dt, cols > 10_000 ? 1 : 3, cols);
                    }
                } finally {
                    OpenClSession.forcedParts = 0;
                }
            }
        }
        return checked;
    }

    @Test
    void sumsOverTheInnermostAxisAreWithinTheBound() {
        List<String> failures = new ArrayList<>();
        int checked = eachShape((t, parts, dt, rows, cols) -> {
            for (Object[] body : bodies(dt, rows, cols)) {
                @SuppressWarnings("unchecked") Supplier<Node> make = (Supplier<Node>) body[1];
                String what = t.name() + " " + dt.numpyName() + " " + rows + "x" + cols + " sum(" + body[0] + ", axis=1)" + (parts > 0 ? " in " + parts + " parts" : "");
                View values = Executor.evaluate(make.get(), null, t);
                View sum = Executor.evaluate(Graph.reduce(Op.SUM, make.get(), new int[] { 1 }, false), null, t);
                double[][] terms = FloatSumAccuracyTest.termsPerOutput(values, new int[] { 1 });
                sum.buffer().beforeHostRead();
                for (int row = 0; row < rows; row++) {
                    double got = sum.buffer().getDouble(sum.elementOffset(new int[] { row }));
                    String v = SumBound.violation(terms[row], sum.dtype(), got, SumBound.U64);
                    if (v != null) failures.add(what + ", row " + row + ": " + v);
                }
            }
            return rows * bodies(dt, rows, cols).size();
        });
        System.out.printf("OpenCL vector sums within the bound: %d rows%n", checked);
        assertTrue(failures.isEmpty(), failures.size() + " sums outside the bound:\n" + String.join("\n", failures.subList(0, Math.min(20, failures.size()))));
    }

    @Test
    void infinitiesAndNanInSomeLanesGiveWhatASumInOrderGives() {
        for (OpenClTarget t : OpenClTests.devices()) {
            for (DType dt : List.of(DType.FLOAT32, DType.FLOAT64)) {
                // each row 37 long: lanes 0-7 of the vector loop and the scalar tail; the special values in different lanes
                double inf = Double.POSITIVE_INFINITY;
                double[][] specials = { { 3, inf }, { 3, inf, 12, inf }, { 5, inf, 14, -inf }, { 9, Double.NaN }, { 35, -inf }, { 2, 1e300, 10, 1e300 } };
                for (double[] s : specials) {
                    Buffer b = random(dt, 37, 7, false);
                    for (int i = 0; i < s.length; i += 2) b.setDouble((int) s[i], s[i + 1]);
                    double want = 0;
                    for (int i = 0; i < 37; i++) want += dt == DType.FLOAT32 ? (float) b.getDouble(i) : b.getDouble(i);
                    if (dt == DType.FLOAT32) want = (float) want;
                    View sum = Executor.evaluate(Graph.reduce(Op.SUM, leaf(b, 1, 37), new int[] { 1 }, false), null, t);
                    sum.buffer().beforeHostRead();
                    double got = sum.buffer().getDouble(sum.elementOffset(new int[] { 0 }));
                    String what = t.name() + " " + dt.numpyName() + " with " + java.util.Arrays.toString(s);
                    if (Double.isFinite(want)) assertFalse(Double.isNaN(got), what + ": got NaN, want " + want);
                    else assertEquals(want, got, what);
                }
            }
        }
    }

    /** Row {@code row} of a 1-D result: its value as a double or as a long (a position). */
    private record Row(View v, int row) {
        double d() { return v.buffer().getDouble(v.elementOffset(new int[] { row })); }

        long l() { return v.buffer().getLong(v.elementOffset(new int[] { row })); }

        @Override public String toString() { return v.dtype().isFloat() ? Double.toString(d()) : Long.toString(l()); }
    }

    /** {@link #bodies}, rows with {@code specials} (pairs of column, value; each row's shifted by its index), and rows of zeros of both signs. */
    private static List<Object[]> withSpecials(DType dt, int rows, int cols, double[][] specials, long seed) {
        List<Object[]> cases = new ArrayList<>(bodies(dt, rows, cols));
        for (double[] s : specials) {
            if (s.length > 0 && cols < 40) continue;
            Buffer b = random(dt, rows * cols, seed, false);
            for (int r = 0; r < rows; r++) for (int i = 0; i < s.length; i += 2) b.setDouble(r * cols + (int) s[i] + r, s[i + 1]);
            cases.add(new Object[] { "a with " + java.util.Arrays.toString(s), (Supplier<Node>) () -> leaf(b, rows, cols) });
        }
        Buffer zeros = Buffer.allocate(dt, rows * cols), negZeros = Buffer.allocate(dt, rows * cols);
        for (int i = 0; i < rows * cols; i++) {
            zeros.setDouble(i, (i * 7 + i / 3) % 3 == 0 ? -0.0 : 0.0);
            negZeros.setDouble(i, i % 5 == 4 ? 0.0 : -0.0);
        }
        cases.add(new Object[] { "zeros of both signs", (Supplier<Node>) () -> leaf(zeros, rows, cols) });
        cases.add(new Object[] { "mostly -0", (Supplier<Node>) () -> leaf(negZeros, rows, cols) });
        return cases;
    }

    /**
     * Each case of {@link #withSpecials} reduced along axis 1 by {@code reduce} (max and min) on each
     * device, in one part and three, against the JVM: {@code same} judges each row's two values
     * (read as doubles, or as longs for positions). Returns the failures and the rows checked.
     */
    private static int againstTheJvm(String name, double[][] specials, java.util.function.BiFunction<Op, Node, Node> reduce,
                                     java.util.function.BiPredicate<Row, Row> same, List<String> failures) {
        return eachShape((t, parts, dt, rows, cols) -> {
            int checked = 0;
            for (Op op : List.of(Op.MAX, Op.MIN)) {
                for (Object[] c : withSpecials(dt, rows, cols, specials, 11)) {
                    @SuppressWarnings("unchecked") Supplier<Node> make = (Supplier<Node>) c[1];
                    View want = Executor.evaluate(reduce.apply(op, make.get()), null, JvmTarget.INSTANCE);
                    View got = Executor.evaluate(reduce.apply(op, make.get()), null, t);
                    want.buffer().beforeHostRead();
                    got.buffer().beforeHostRead();
                    for (int row = 0; row < rows; row++) {
                        Row w = new Row(want, row), g = new Row(got, row);
                        if (!same.test(w, g)) failures.add(t.name() + " " + dt.numpyName() + " " + name + op + "(" + c[0] + ", axis=1) " + rows + "x" + cols
                                + (parts > 0 ? " in " + parts + " parts" : "") + ", row " + row + ": got " + g + ", the JVM " + w);
                        checked++;
                    }
                }
            }
            return checked;
        });
    }

    @Test
    void maximaAndMinimaEqualTheJvmsWhateverTheLanes() {
        List<String> failures = new ArrayList<>();
        double inf = Double.POSITIVE_INFINITY, nan = Double.NaN;
        double[][] specials = { {}, { 3, nan }, { 12, nan, 5, inf }, { 20, -inf }, { 0, inf, 33, -inf }, { 36, nan } };
        int checked = againstTheJvm("", specials, (op, x) -> Graph.reduce(op, x, new int[] { 1 }, false), (w, g) -> Double.isNaN(w.d()) ? Double.isNaN(g.d())
                : Double.doubleToRawLongBits(w.d()) == Double.doubleToRawLongBits(g.d()), failures);
        System.out.printf("OpenCL vector maxima and minima equal to the JVM's: %d rows%n", checked);
        assertTrue(failures.isEmpty(), failures.size() + " differ:\n" + String.join("\n", failures.subList(0, Math.min(20, failures.size()))));
    }

    @Test
    void argmaxAndArgminGiveTheJvmsPositionsWhateverTheLanes() {
        List<String> failures = new ArrayList<>();
        double inf = Double.POSITIVE_INFINITY, nan = Double.NaN;
        double[][] specials = { {}, { 3, nan, 17, nan }, { 12, 5.0, 5, 5.0, 30, 5.0 }, { 20, -inf, 4, -inf }, { 9, inf, 2, inf, 33, -inf }, { 36, nan, 11, 0.0, 1, -0.0 } };
        int checked = againstTheJvm("arg", specials, (op, x) -> Graph.argReduce(op, x, 1, false), (w, g) -> w.l() == g.l(), failures);
        System.out.printf("OpenCL vector argmax and argmin equal to the JVM's: %d rows%n", checked);
        assertTrue(failures.isEmpty(), failures.size() + " differ:\n" + String.join("\n", failures.subList(0, Math.min(20, failures.size()))));
    }
}
