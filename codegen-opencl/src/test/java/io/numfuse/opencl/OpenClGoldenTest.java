package io.numfuse.opencl;

import static org.junit.jupiter.api.Assertions.*;

import io.numfuse.ir.Buffer;
import io.numfuse.core.DType;
import io.numfuse.ir.Fusion;
import io.numfuse.ir.Graph;
import io.numfuse.ir.Kernel;
import io.numfuse.ir.Node;
import io.numfuse.ir.Op;
import io.numfuse.ir.View;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The rendered source of representative kernels against committed golden files
 * ({@code src/test/resources/golden/*.cl}). After an intended change of the renderer, run with
 * {@code NUMFUSE_UPDATE_GOLDEN=1} to rewrite them, and review the diff.
 */
class OpenClGoldenTest {
    static final Path DIR = Path.of("src/test/resources/golden");

    static Node leaf(DType t, int... shape) {
        return Graph.leaf(View.contiguous(Buffer.allocate(t, io.numfuse.ir.Shapes.size(shape)), shape));
    }

    /** The key of the last kernel of {@code root}'s plan. */
    static Kernel last(Node root) {
        List<Kernel> ks = Fusion.plan(root).kernels();
        return ks.get(ks.size() - 1);
    }

    static Map<String, Supplier<Node>> cases() {
        Map<String, Supplier<Node>> m = new LinkedHashMap<>();
        m.put("add_mul_f32", () -> {
            Node a = leaf(DType.FLOAT32, 100), b = leaf(DType.FLOAT32, 100), c = leaf(DType.FLOAT32, 100);
            return Graph.binary(Op.ADD, a, Graph.binary(Op.MUL, b, c));
        });
        m.put("broadcast_2d_f32", () -> Graph.binary(Op.SUB, leaf(DType.FLOAT32, 3, 5), leaf(DType.FLOAT32, 5)));
        m.put("strided_view_f32", () -> {
            Buffer b = Buffer.allocate(DType.FLOAT32, 60);
            Node rev = Graph.leaf(new View(b, 59, new int[] { 4, 5 }, new int[] { -12, -2 }));
            return Graph.binary(Op.MUL, rev, Graph.weak(3.0));
        });
        m.put("where_compare_i32_f32", () -> {
            Node a = leaf(DType.INT32, 50), x = leaf(DType.FLOAT32, 50);
            return Graph.where(Graph.binary(Op.LT, a, Graph.weak(7L)), x, Graph.unary(Op.NEG, x));
        });
        m.put("cast_mix", () -> {
            Node f = leaf(DType.FLOAT64, 20), i = leaf(DType.INT64, 20), b = leaf(DType.BOOL, 20);
            Node toInt = Graph.cast(f, DType.INT32);
            Node sum = Graph.binary(Op.ADD, Graph.cast(toInt, DType.INT64), i);
            return Graph.binary(Op.ADD, Graph.cast(sum, DType.FLOAT32), Graph.cast(Graph.cast(f, DType.BOOL), DType.FLOAT32))
                    .dtype() == DType.FLOAT32 ? Graph.where(b, Graph.cast(sum, DType.FLOAT32), Graph.cast(f, DType.FLOAT32)) : null;
        });
        m.put("int_floordiv_mod_i32", () -> {
            Node a = leaf(DType.INT32, 30), b = leaf(DType.INT32, 30);
            return Graph.binary(Op.ADD, Graph.binary(Op.FLOOR_DIV, a, b), Graph.binary(Op.MOD, a, b));
        });
        m.put("int_pow_maximum_i64", () -> {
            Node a = leaf(DType.INT64, 30), b = leaf(DType.INT64, 30);
            return Graph.binary(Op.MAXIMUM, Graph.binary(Op.POW, a, b), a);
        });
        m.put("float_floordiv_mod_minimum_f32", () -> {
            Node a = leaf(DType.FLOAT32, 30), b = leaf(DType.FLOAT32, 30);
            return Graph.binary(Op.MINIMUM, Graph.binary(Op.FLOOR_DIV, a, b), Graph.binary(Op.MOD, a, b));
        });
        m.put("cumsum_fused_axis1_f32", () -> {   // the producer a*b+1 computed in the scan's own loop
            Node a = leaf(DType.FLOAT32, 4, 5, 6), b = leaf(DType.FLOAT32, 4, 5, 6);
            return Graph.scan(Op.SUM, Graph.binary(Op.ADD, Graph.binary(Op.MUL, a, b), Graph.weak(1.0)), 1, null);
        });
        m.put("cumprod_flat_i32", () -> Graph.scan(Op.PROD, leaf(DType.INT32, 3, 7), null, null));
        m.put("argmax_fused_flat_f32", () -> {   // the producer a*b+1 in the arg kernel's own loop, the flattened array
            Node a = leaf(DType.FLOAT32, 4, 5), b = leaf(DType.FLOAT32, 4, 5);
            return Graph.argReduce(Op.MAX, Graph.binary(Op.ADD, Graph.binary(Op.MUL, a, b), Graph.weak(1.0)), null, false);
        });
        m.put("argmax_axis1_vector_f64", () -> Graph.argReduce(Op.MAX, Graph.binary(Op.SUB, leaf(DType.FLOAT64, 3, 50), leaf(DType.FLOAT64, 3, 1)), 1, false));
        m.put("argmin_axis0_i64", () -> Graph.argReduce(Op.MIN, leaf(DType.INT64, 6, 3), 0, false));
        m.put("sum_all_f32", () -> Graph.reduce(Op.SUM, leaf(DType.FLOAT32, 1000), null, false));
        m.put("sum_all_f32_nofp64", () -> Graph.reduce(Op.SUM, leaf(DType.FLOAT32, 1000), null, false));
        m.put("sum_axis1_fused_vector_f32", () -> {   // sum(-(a*b)/2 + c, axis=1) in float64: c broadcast along the reduced axis, the vector loop
            Node a = leaf(DType.FLOAT32, 6, 100), b = leaf(DType.FLOAT32, 6, 100), c = leaf(DType.FLOAT64, 6, 1);
            Node ab = Graph.binary(Op.DIV, Graph.unary(Op.NEG, Graph.binary(Op.MUL, a, b)), Graph.weak(2.0));
            return Graph.reduce(Op.SUM, Graph.binary(Op.ADD, Graph.cast(ab, DType.FLOAT64), c), new int[] { 1 }, false);
        });
        m.put("sum_axis0_f64", () -> Graph.reduce(Op.SUM, leaf(DType.FLOAT64, 6, 7), new int[] { 0 }, false));
        m.put("prod_axis1_i64", () -> Graph.reduce(Op.PROD, leaf(DType.INT64, 6, 7), new int[] { 1 }, false));
        m.put("min_axis1_vector_f64", () -> Graph.reduce(Op.MIN, Graph.binary(Op.MUL, leaf(DType.FLOAT64, 5, 40), Graph.weak(2.0)), new int[] { 1 }, false));
        m.put("max_axis0_f64", () -> Graph.reduce(Op.MAX, leaf(DType.FLOAT64, 6, 7), new int[] { 0 }, false));
        m.put("min_axes02_i32", () -> Graph.reduce(Op.MIN, leaf(DType.INT32, 3, 4, 5), new int[] { 0, 2 }, false));
        m.put("exp_div_broadcast_vector_f32", () -> {   // exp(a) / (b + 1) with b a row broadcast down the columns: the 2-D vector map
            Node a = leaf(DType.FLOAT32, 3, 37), b = leaf(DType.FLOAT32, 37);
            return Graph.binary(Op.DIV, Graph.unary(Op.EXP, a), Graph.binary(Op.ADD, b, Graph.weak(1.0)));
        });
        m.put("sin_mul_f64", () -> Graph.binary(Op.MUL, Graph.unary(Op.SIN, leaf(DType.FLOAT64, 10)), leaf(DType.FLOAT64, 10)));
        m.put("shifts_reciprocal_square_i32", () -> {
            Node a = leaf(DType.INT32, 30), b = leaf(DType.INT32, 30);
            return Graph.binary(Op.XOR, Graph.binary(Op.LEFT_SHIFT, Graph.unary(Op.RECIPROCAL, a), b),
                    Graph.binary(Op.RIGHT_SHIFT, Graph.unary(Op.SQUARE, a), b));
        });
        m.put("shift_right_i64", () -> Graph.binary(Op.RIGHT_SHIFT, leaf(DType.INT64, 30), leaf(DType.INT64, 30)));
        m.put("hypot_asinh_exp2_f32", () -> {
            Node x = leaf(DType.FLOAT32, 40), y = leaf(DType.FLOAT32, 40);
            return Graph.binary(Op.HYPOT, Graph.unary(Op.ARCSINH, x), Graph.unary(Op.EXP2, Graph.unary(Op.RECIPROCAL, y)));
        });
        m.put("isnan_where_acosh_atanh_f64", () -> {
            Node x = leaf(DType.FLOAT64, 40);
            Node finite = Graph.binary(Op.AND, Graph.unary(Op.ISFINITE, x), Graph.unary(Op.ISINF, Graph.unary(Op.ARCTANH, x)));
            return Graph.where(Graph.binary(Op.OR, Graph.unary(Op.ISNAN, x), finite), Graph.unary(Op.ARCCOSH, x), Graph.unary(Op.SQUARE, x));
        });
        m.put("gather_axis1_mul_add_f32", () -> {   // take(x, (i + 1) % 5, axis=1) * 2 + 1: indices' producer and consumer in one kernel
            Node x = leaf(DType.FLOAT32, 3, 5), i = leaf(DType.INT32, 4);
            Node ind = Graph.binary(Op.MOD, Graph.binary(Op.ADD, i, Graph.weak(1L)), Graph.weak(5L));
            return Graph.binary(Op.ADD, Graph.binary(Op.MUL, Graph.gather(x, ind, 1), Graph.weak(2.0)), Graph.weak(1.0));
        });
        m.put("concat_fused_axis1_f32", () -> {   // concatenate(a+b, c*2, d, axis=1): one kernel, each part's producer in it
            Node a = leaf(DType.FLOAT32, 3, 4), b = leaf(DType.FLOAT32, 3, 4), c = leaf(DType.FLOAT32, 3, 5), d = leaf(DType.FLOAT32, 3, 2);
            return Graph.concat(List.of(Graph.binary(Op.ADD, a, b), Graph.binary(Op.MUL, c, Graph.weak(2.0)), d), 1, DType.FLOAT32);
        });
        m.put("concat_self_pow_i64", () -> {   // concatenate(a, a ** b, axis=0): one buffer read by both parts, a part's error flag
            Node a = leaf(DType.INT64, 4, 3), b = leaf(DType.INT64, 2, 3);
            Node t = Graph.reindex(a, new io.numfuse.ir.IndexMap(new int[] { 2, 3 }, new int[] { 1, 0 }, new int[][] { { 1, 0 }, { 0, 1 } }));
            return Graph.concat(List.of(a, Graph.binary(Op.POW, t, b)), 0, DType.INT64);
        });
        m.put("matmul_batch_f32", () -> Graph.matmul(leaf(DType.FLOAT32, 2, 1, 5, 3), leaf(DType.FLOAT32, 4, 3, 6)));
        m.put("matmul_self_i64", () -> {
            Node a = leaf(DType.INT64, 7, 7);
            return Graph.matmul(a, a);
        });
        return m;
    }

    /** Every case's kernel: the last of a graph's plan, and multi-output kernels built by hand (their names start with multi_). */
    static Map<String, Supplier<Kernel>> kernels() {
        Map<String, Supplier<Kernel>> m = new LinkedHashMap<>();
        for (var e : cases().entrySet()) m.put(e.getKey(), () -> last(e.getValue().get()));
        for (String name : List.of("select", "invariant_transposed")) m.put("multi_" + name, () -> io.numfuse.ir.MultiOutputKernels.all(37, 1).get(name));
        return m;
    }

    @Test
    void sourcesMatchGoldenFiles() throws IOException {
        boolean update = "1".equals(System.getenv("NUMFUSE_UPDATE_GOLDEN"));
        for (var e : kernels().entrySet()) {
            Kernel k = e.getValue().get();
            // a name ending in _nofp64: rendered for a device without double precision
            OpenClCodegen.Options options = e.getKey().endsWith("_nofp64") ? new OpenClCodegen.Options(false) : OpenClCodegen.Options.DEFAULT;
            String src = OpenClCodegen.generate(k.key(), options).source();
            Path file = DIR.resolve(e.getKey() + ".cl");
            if (update) {
                Files.createDirectories(DIR);
                Files.writeString(file, src);
                continue;
            }
            assertTrue(Files.exists(file), "no golden file " + file + " (run with NUMFUSE_UPDATE_GOLDEN=1)");
            assertEquals(Files.readString(file), src, e.getKey() + ": rendered source differs from " + file);
        }
    }

    /** Concatenations whose parts differ only in sizes share a key; one whose parts share a buffer, or read it otherwise, does not. */
    @Test
    void concatenationsShareKeysAcrossSizesButNotAcrossAliasing() {
        Node a = leaf(DType.FLOAT32, 3, 4), b = leaf(DType.FLOAT32, 3, 7), c = leaf(DType.FLOAT32, 5, 4), d = leaf(DType.FLOAT32, 2, 4);
        Kernel small = last(Graph.concat(List.of(Graph.binary(Op.ADD, a, Graph.weak(1.0)), c), 0, DType.FLOAT32));
        Kernel large = last(Graph.concat(List.of(Graph.binary(Op.ADD, b, Graph.weak(2.0)), leaf(DType.FLOAT32, 9, 7)), 0, DType.FLOAT32));
        assertTrue(small.isParts() && large.isParts());
        assertEquals(small.key(), large.key());
        assertEquals(OpenClCodegen.generate(small.key()).source(), OpenClCodegen.generate(large.key()).source());
        Kernel self = last(Graph.concat(List.of(Graph.binary(Op.ADD, d, Graph.weak(1.0)), d), 0, DType.FLOAT32));
        Kernel other = last(Graph.concat(List.of(Graph.binary(Op.ADD, d, Graph.weak(1.0)), leaf(DType.FLOAT32, 2, 4)), 0, DType.FLOAT32));
        assertNotEquals(self.key(), other.key());
        assertNotEquals(OpenClCodegen.generate(self.key()).source(), OpenClCodegen.generate(other.key()).source());
        Kernel twoParts = last(Graph.concat(List.of(a, c), 0, DType.FLOAT32));
        Kernel threeParts = last(Graph.concat(List.of(a, c, d), 0, DType.FLOAT32));
        assertNotEquals(twoParts.key(), threeParts.key());
    }

    @Test
    void keysThatDifferOnlyInSizesAndScalarsShareTheSource() {
        Node a = Graph.binary(Op.MUL, leaf(DType.FLOAT32, 10), Graph.weak(2.0));
        Node b = Graph.binary(Op.MUL, leaf(DType.FLOAT32, 99), Graph.weak(3.0));
        assertEquals(OpenClCodegen.generate(last(a).key()).source(), OpenClCodegen.generate(last(b).key()).source());
    }
}
