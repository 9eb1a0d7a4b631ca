package io.numfuse.runtime;

import static org.junit.jupiter.api.Assertions.*;

import io.numfuse.core.DType;
import io.numfuse.ir.Buffer;
import io.numfuse.ir.Graph;
import io.numfuse.ir.Node;
import io.numfuse.ir.Op;
import io.numfuse.ir.View;
import io.numfuse.opencl.OpenClCodegen;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Maps of transcendental float ops that OpenCL computes eight elements a work-item in vector
 * types ({@code OpenClVectorMap}) against the same maps one element a work-item
 * ({@link OpenClCodegen#vectorTypes} off), over ranks 1 to 3, row lengths around the vector
 * width, offset views, broadcast rows, float casts and special values (NaN, infinities, zeros of
 * both signs, subnormals) in the vector part and in the tail: NaN where the scalar map has NaN,
 * the same infinities, and elsewhere within {@link OpenClDifferentialTest}'s bounds (a relative
 * 1e-5 for float32 functions, 1e-9 for float64: PoCL's vector built-ins differ from its scalar
 * ones by an ulp here and there, both within the OpenCL specification's bounds).
 */
class OpenClVectorMapTest {
    static final int[] LENGTHS = { 1, 7, 8, 9, 17, 64, 1000, 100_003 };

    private static Buffer values(DType t, int n, long seed) {
        Buffer b = Buffer.allocate(t, n);
        SplittableRandom r = new SplittableRandom(seed);
        double[] specials = { Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.0, -0.0, 1e-40, 1e-5, 88.8, -750, 1e10, 3e38 };
        for (int i = 0; i < n; i++) b.setDouble(i, r.nextInt(16) == 0 ? specials[r.nextInt(specials.length)] : (r.nextDouble() - 0.3) * 4);
        return b;
    }

    /** The maps over an array of shape {@code shape} (its rows one longer: each map reads an offset view too). */
    private static Map<String, Function<Buffer[], Node>> maps(DType t, int[] shape) {
        int rank = shape.length, cols = shape[rank - 1], rows = 1;
        for (int d = 0; d < rank - 1; d++) rows *= shape[d];
        int[] strides = new int[rank];
        strides[rank - 1] = 1;
        for (int d = rank - 2; d >= 0; d--) strides[d] = strides[d + 1] * (d == rank - 2 ? cols + 1 : shape[d + 1]);
        int[] rowStrides = new int[rank];
        rowStrides[rank - 1] = 1;   // a row broadcast over the other axes
        Map<String, Function<Buffer[], Node>> m = new LinkedHashMap<>();
        Function<Buffer, Node> a = b -> Graph.leaf(new View(b, 0, shape, strides)), aShifted = b -> Graph.leaf(new View(b, 1, shape, strides));
        Function<Buffer, Node> row = b -> Graph.leaf(new View(b, 0, shape, rowStrides));
        m.put("sin(a)+cos(a[...,1:])", x -> Graph.binary(Op.ADD, Graph.unary(Op.SIN, a.apply(x[0])), Graph.unary(Op.COS, aShifted.apply(x[0]))));
        m.put("exp(a)/(row+1)", x -> Graph.binary(Op.DIV, Graph.unary(Op.EXP, a.apply(x[0])), Graph.binary(Op.ADD, row.apply(x[1]), Graph.weak(1.0))));
        m.put("hypot(asinh(a), exp2(1/row))", x -> Graph.binary(Op.HYPOT, Graph.unary(Op.ARCSINH, a.apply(x[0])), Graph.unary(Op.EXP2, Graph.unary(Op.RECIPROCAL, row.apply(x[1])))));
        m.put("tanh(2.5*a) - log1p(abs(a)) + atan2(a, row)", x -> Graph.binary(Op.ADD, Graph.binary(Op.SUB, Graph.unary(Op.TANH, Graph.binary(Op.MUL, Graph.weak(2.5), a.apply(x[0]))),
                Graph.unary(Op.LOG1P, Graph.unary(Op.ABS, a.apply(x[0])))), Graph.binary(Op.ARCTAN2, a.apply(x[0]), row.apply(x[1]))));
        m.put("float64(sqrt(floor(a)) * sinh(a)) (a cast)", x -> Graph.cast(Graph.binary(Op.MUL, Graph.unary(Op.SQRT, Graph.unary(Op.FLOOR, a.apply(x[0]))), Graph.unary(Op.SINH, a.apply(x[0]))),
                t == DType.FLOAT32 ? DType.FLOAT64 : DType.FLOAT32));
        return m;
    }

    private static double[] run(OpenClTarget t, Node n) {
        View v = Executor.evaluate(n, null, t);
        v.buffer().beforeHostRead();
        double[] out = new double[v.size()];
        int[] idx = new int[v.rank()];
        for (int i = 0; i < out.length; i++) {
            out[i] = v.buffer().getDouble(v.elementOffset(idx));
            io.numfuse.ir.Shapes.increment(idx, v.shape());
        }
        return out;
    }

    @Test
    void vectorMapsAgreeWithTheScalarMaps() {
        List<int[]> shapes = new ArrayList<>();
        for (int n : LENGTHS) shapes.add(new int[] { n });
        for (int n : new int[] { 7, 8, 37 }) shapes.add(new int[] { 3, n });
        shapes.add(new int[] { 2, 3, 21 });
        List<String> failures = new ArrayList<>();
        int checked = 0, same = 0;
        for (OpenClTarget t : OpenClTests.devices()) {
            for (DType dt : List.of(DType.FLOAT32, DType.FLOAT64)) {
                for (int[] shape : shapes) {
                    int size = 1;
                    for (int d : shape) size *= d;
                    int cols = shape[shape.length - 1];
                    Buffer[] in = { values(dt, size / cols * (cols + 1), 5), values(dt, cols, 6) };
                    for (var e : maps(dt, shape).entrySet()) {
                        double[] vector, scalar;
                        try {
                            vector = run(t, e.getValue().apply(in));
                            OpenClCodegen.vectorTypes = false;
                            t.deviceForTests().dropPrograms();
                            scalar = run(t, e.getValue().apply(in));
                        } finally {
                            OpenClCodegen.vectorTypes = true;
                            t.deviceForTests().dropPrograms();
                        }
                        double bound = dt == DType.FLOAT32 ? 1e-5 : 1e-9;
                        for (int i = 0; i < vector.length; i++) {
                            double x = scalar[i], y = vector[i];
                            boolean ok = Double.isNaN(x) || Double.isNaN(y) ? Double.isNaN(x) && Double.isNaN(y)
                                    : Double.isInfinite(x) || Double.isInfinite(y) ? x == y : Math.abs(x - y) <= bound * Math.max(1.0, Math.abs(x));
                            if (!ok) {
                                failures.add(t.name() + " " + dt.numpyName() + " " + e.getKey() + " shape " + java.util.Arrays.toString(shape) + ", element " + i
                                        + ": vector " + y + ", scalar " + x);
                                break;
                            }
                            if (Double.doubleToRawLongBits(x) == Double.doubleToRawLongBits(y) || Double.isNaN(x) && Double.isNaN(y)) same++;
                        }
                        checked += vector.length;
                    }
                }
            }
        }
        System.out.printf("OpenCL vector maps against scalar maps: %d elements, %d of them equal bit for bit%n", checked, same);
        assertTrue(failures.isEmpty(), failures.size() + " differ:\n" + String.join("\n", failures.subList(0, Math.min(20, failures.size()))));
    }
}
