package io.numfuse.opencl;

import static org.junit.jupiter.api.Assertions.*;

import io.numfuse.core.DType;
import io.numfuse.ir.Buffer;
import io.numfuse.ir.Graph;
import io.numfuse.ir.KernelKey;
import io.numfuse.ir.Node;
import io.numfuse.ir.Op;
import io.numfuse.ir.View;
import org.junit.jupiter.api.Test;

/** Which kernels get OpenCL vector types: float sums, maxima, minima and their positions over the innermost axis of exact bodies ({@link OpenClVectorReduce}), and maps of float transcendentals ({@link OpenClVectorMap}). */
class OpenClVectorRulesTest {
    private static Node leaf(DType t, int... shape) { return OpenClGoldenTest.leaf(t, shape); }

    private static boolean vectorised(Node reduction) {
        KernelKey key = KernelKey.of(OpenClGoldenTest.last(reduction));
        boolean applies = OpenClVectorReduce.applies(key) || OpenClVectorReduce.appliesToArg(key);
        assertEquals(applies, OpenClCodegen.generate(key, new OpenClCodegen.Options(true)).source().contains("vload8"), "the source agrees");
        return applies;
    }

    @Test
    void floatSumsMaximaAndMinimaOverTheInnermostAxisOfExactBodiesAreVectorised() {
        assertTrue(vectorised(Graph.reduce(Op.MAX, leaf(DType.FLOAT32, 1000), null, false)));
        assertTrue(vectorised(Graph.argReduce(Op.MAX, leaf(DType.FLOAT32, 1000), null, false)));
        assertTrue(vectorised(Graph.argReduce(Op.MIN, Graph.binary(Op.MUL, leaf(DType.FLOAT64, 4, 100), Graph.weak(2.0)), 1, false)));
        assertTrue(vectorised(Graph.reduce(Op.MIN, Graph.binary(Op.DIV, leaf(DType.FLOAT64, 4, 100), Graph.weak(3.0)), new int[] { 1 }, false)));
        assertTrue(vectorised(Graph.reduce(Op.SUM, leaf(DType.FLOAT32, 1000), null, false)));
        assertTrue(vectorised(Graph.reduce(Op.SUM, leaf(DType.FLOAT64, 4, 100), new int[] { 1 }, false)));
        assertTrue(vectorised(Graph.reduce(Op.SUM, Graph.binary(Op.MUL, leaf(DType.FLOAT64, 100), leaf(DType.FLOAT64, 100)), null, false)));
        assertTrue(vectorised(Graph.reduce(Op.SUM, Graph.binary(Op.SUB, leaf(DType.FLOAT32, 4, 100), leaf(DType.FLOAT32, 4, 1)), new int[] { 1 }, false)));
    }

    @Test
    void otherReductionsKeepTheScalarLoop() {
        assertFalse(vectorised(Graph.reduce(Op.SUM, leaf(DType.FLOAT64, 6, 7), new int[] { 0 }, false)), "not the innermost axis");
        assertFalse(vectorised(Graph.reduce(Op.SUM, leaf(DType.FLOAT64, 3, 4, 5), new int[] { 0, 2 }, false)), "two axes apart");
        assertFalse(vectorised(Graph.reduce(Op.SUM, leaf(DType.INT32, 1000), null, false)), "an integer sum");
        assertFalse(vectorised(Graph.reduce(Op.MAX, leaf(DType.INT64, 1000), null, false)), "an integer max");
        assertFalse(vectorised(Graph.reduce(Op.PROD, leaf(DType.FLOAT32, 1000), null, false)), "a product");
        assertFalse(vectorised(Graph.argReduce(Op.MAX, leaf(DType.INT32, 1000), null, false)), "an integer argmax");
        assertFalse(vectorised(Graph.argReduce(Op.MIN, leaf(DType.FLOAT64, 6, 7), 0, false)), "an argmin not over the innermost axis");
        assertFalse(vectorised(Graph.reduce(Op.SUM, Graph.unary(Op.SIN, leaf(DType.FLOAT32, 1000)), null, false)), "a transcendental body");
        Buffer b = Buffer.allocate(DType.FLOAT32, 2000);
        assertFalse(vectorised(Graph.reduce(Op.SUM, Graph.leaf(new View(b, 0, new int[] { 1000 }, new int[] { 2 })), null, false)), "a strided load");
        Node transposed = Graph.leaf(new View(Buffer.allocate(DType.FLOAT64, 20), 0, new int[] { 4, 5 }, new int[] { 1, 4 }));
        assertFalse(vectorised(Graph.reduce(Op.SUM, transposed, new int[] { 1 }, false)), "a transposed array");
    }

    private static boolean vectorMap(Node map) {
        KernelKey key = KernelKey.of(OpenClGoldenTest.last(map));
        OpenClSource src = OpenClCodegen.generate(key);
        assertEquals(OpenClVectorMap.applies(key), src.source().contains("vstore8"), "the source agrees");
        assertEquals(OpenClVectorMap.applies(key) ? OpenClVectorMap.WIDTH : 1, src.vectorWidth(), "the launch agrees");
        return OpenClVectorMap.applies(key);
    }

    @Test
    void mapsWithTranscendentalsOfFloatsAreVectorised() {
        assertTrue(vectorMap(Graph.binary(Op.ADD, Graph.unary(Op.SIN, leaf(DType.FLOAT32, 1000)), Graph.unary(Op.COS, leaf(DType.FLOAT32, 1000)))));
        assertTrue(vectorMap(Graph.binary(Op.MUL, Graph.unary(Op.EXP, leaf(DType.FLOAT64, 4, 100)), leaf(DType.FLOAT64, 4, 1))));
        assertTrue(vectorMap(Graph.binary(Op.HYPOT, leaf(DType.FLOAT32, 3, 4, 50), Graph.weak(2.0))));
    }

    @Test
    void otherMapsKeepOneElementAWorkItem() {
        assertFalse(vectorMap(Graph.binary(Op.ADD, leaf(DType.FLOAT32, 1000), Graph.binary(Op.MUL, leaf(DType.FLOAT32, 1000), leaf(DType.FLOAT32, 1000)))), "no transcendental: PoCL vectorises it");
        assertFalse(vectorMap(Graph.binary(Op.POW, Graph.unary(Op.EXP, leaf(DType.FLOAT32, 1000)), leaf(DType.FLOAT32, 1000))), "a helper function (pow)");
        assertFalse(vectorMap(Graph.where(Graph.binary(Op.GT, leaf(DType.FLOAT32, 1000), Graph.weak(0.5)), Graph.unary(Op.SIN, leaf(DType.FLOAT32, 1000)), Graph.weak(0.0))), "a select");
        assertFalse(vectorMap(Graph.cast(Graph.unary(Op.SIN, leaf(DType.FLOAT64, 1000)), DType.INT32)), "an integer output");
        Buffer b = Buffer.allocate(DType.FLOAT32, 2000);
        assertFalse(vectorMap(Graph.unary(Op.SIN, Graph.leaf(new View(b, 0, new int[] { 1000 }, new int[] { 2 })))), "a strided load");
        Node rank4 = Graph.leaf(new View(Buffer.allocate(DType.FLOAT32, 100), 0, new int[] { 2, 2, 2, 5 }, new int[] { 60, 25, 10, 1 }));   // no two axes merge
        assertFalse(vectorMap(Graph.unary(Op.SIN, rank4)), "rank 4");
        Node transposed = Graph.leaf(new View(Buffer.allocate(DType.FLOAT64, 20), 0, new int[] { 4, 5 }, new int[] { 1, 4 }));
        assertFalse(vectorMap(Graph.unary(Op.EXP, transposed)), "a transposed input");
    }
}
