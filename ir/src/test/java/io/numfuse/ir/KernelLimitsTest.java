package io.numfuse.ir;

import io.numfuse.core.DType;
import io.numfuse.core.ValueException;
import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The fusion pass within a target's {@link KernelLimits}: kernels cut by their argument bytes
 * (OpenCL's parameter space), iteration spaces larger than one kernel split into boxes (a
 * reduction over more elements than an int counts), and arrays no buffer holds refused.
 */
class KernelLimitsTest {
    /** OpenCL's guaranteed minimum, which PoCL reports. */
    static final KernelLimits OPENCL_1024 = KernelLimits.of(400).withArgumentBytes(1024);

    static Node ints(long... v) {
        Buffer b = Buffer.allocate(DType.INT64, v.length);
        for (int i = 0; i < v.length; i++) b.setLong(i, v[i]);
        return Graph.leaf(View.contiguous(b, v.length));
    }

    static long[] longs(View v) {
        long[] r = new long[v.size()];
        int[] shape = v.shape(), idx = new int[shape.length];
        for (int e = 0; e < r.length; e++) {
            r[e] = v.buffer().getLong(v.elementOffset(idx));
            Shapes.increment(idx, shape);
        }
        return r;
    }

    static View run(Plan p) {
        Interpreter.run(p);
        return p.result();
    }

    static void assertWithin(KernelLimits limits, Plan p) {
        for (Kernel k : p.kernels()) {
            int params = 0;
            for (Instr i : k.body()) if (i instanceof Instr.Param) params++;
            long bytes = KernelLimits.argumentBytes(k.shape().length, k.inputs().size() + 1, params);
            assertTrue(bytes <= limits.maxArgumentBytes(), "a kernel of " + k.inputs().size() + " inputs and " + params + " params takes " + bytes + " bytes");
            assertTrue(k.size() <= limits.maxElements(), "a kernel over " + k.size() + " elements");
        }
    }

    @Test
    void aChainOfScalarsIsCutToTheArgumentSpace() {
        Node x = ints(1, 2, 3);
        for (int i = 0; i < 250; i++) {   // a parameter per step: 250 of them would take 2 KB of arguments
            x = Graph.binary(i % 2 == 0 ? Op.ADD : Op.XOR, x, Graph.weak((long) i));
        }
        Plan unlimited = Fusion.plan(x, null, 2048);
        assertEquals(1, unlimited.kernels().size(), "one kernel when nothing limits it");
        Plan cut = Fusion.plan(x, null, OPENCL_1024);
        assertTrue(cut.kernels().size() > 1, "cut to fit 1024 bytes");
        assertWithin(OPENCL_1024, cut);
        long[] expected = new long[3];
        for (int e = 0; e < 3; e++) {
            long v = e + 1;
            for (int i = 0; i < 250; i++) v = i % 2 == 0 ? v + i : v ^ i;
            expected[e] = v;
        }
        assertArrayEquals(expected, longs(run(cut)));
    }

    @Test
    void aSumOfManyArraysIsCutToTheArgumentSpaceWhateverItsShape() {
        SplittableRandom rnd = new SplittableRandom(11);
        int n = 300;
        List<Node> arrays = new ArrayList<>();
        long[] want = new long[4];
        for (int i = 0; i < n; i++) {
            long[] v = new long[4];
            for (int e = 0; e < 4; e++) want[e] += v[e] = rnd.nextLong(-1000, 1000);
            arrays.add(ints(v));
        }
        Node leftFold = arrays.get(0);
        for (int i = 1; i < n; i++) leftFold = Graph.binary(Op.ADD, leftFold, arrays.get(i));
        List<Node> level = arrays;
        while (level.size() > 1) {     // a balanced tree: depth 9, every leaf in one graph
            List<Node> next = new ArrayList<>();
            for (int i = 0; i + 1 < level.size(); i += 2) next.add(Graph.binary(Op.ADD, level.get(i), level.get(i + 1)));
            if (level.size() % 2 == 1) next.add(level.get(level.size() - 1));
            level = next;
        }
        for (Node sum : List.of(leftFold, level.get(0))) {
            Plan p = Fusion.plan(sum, null, OPENCL_1024);
            assertWithin(OPENCL_1024, p);
            assertArrayEquals(want, longs(run(p)));
        }
    }

    @Test
    void aBalancedSumOf1000ArraysIsAFewKernels() {
        List<Node> level = new ArrayList<>();
        for (int i = 0; i < 1000; i++) level.add(ints(i, 2L * i));
        while (level.size() > 1) {
            List<Node> next = new ArrayList<>();
            for (int i = 0; i + 1 < level.size(); i += 2) next.add(Graph.binary(Op.ADD, level.get(i), level.get(i + 1)));
            if (level.size() % 2 == 1) next.add(level.get(level.size() - 1));
            level = next;
        }
        // cut by its body: 1999 instructions in a few kernels (once the first cut left the kernel
        // full, every add after it was cut into a kernel of its own: 695 kernels)
        Plan byBody = Fusion.plan(level.get(0), null, 400);
        assertTrue(byBody.kernels().size() <= 25, byBody.kernels().size() + " kernels");
        assertArrayEquals(new long[] { 499500, 999000 }, longs(run(byBody)));
        Plan byArguments = Fusion.plan(level.get(0), null, OPENCL_1024);
        assertWithin(OPENCL_1024, byArguments);
        assertTrue(byArguments.kernels().size() <= 40, byArguments.kernels().size() + " kernels");
        assertArrayEquals(new long[] { 499500, 999000 }, longs(run(byArguments)));
    }

    @Test
    void aReductionOverMoreElementsThanAKernelIsSplitIntoBoxes() {
        SplittableRandom rnd = new SplittableRandom(5);
        for (int trial = 0; trial < 300; trial++) {
            int rank = 1 + rnd.nextInt(3);
            int[] shape = new int[rank];
            for (int d = 0; d < rank; d++) shape[d] = 1 + rnd.nextInt(6);
            int size = Shapes.size(shape);
            long[] v = new long[size];
            for (int e = 0; e < size; e++) v[e] = rnd.nextLong(-50, 50);
            Buffer b = Buffer.allocate(DType.INT64, size);
            for (int e = 0; e < size; e++) b.setLong(e, v[e]);
            Node x = Graph.leaf(View.contiguous(b, shape));
            if (rnd.nextBoolean()) x = Graph.binary(Op.MUL, x, Graph.weak(3L));
            Op op = List.of(Op.SUM, Op.PROD, Op.MAX, Op.MIN).get(rnd.nextInt(4));
            List<Integer> axes = new ArrayList<>();
            for (int d = 0; d < rank; d++) if (rnd.nextBoolean()) axes.add(d);
            int[] ax = rnd.nextInt(5) == 0 ? null : axes.stream().mapToInt(Integer::intValue).toArray();
            boolean keep = rnd.nextBoolean();
            Node r = Graph.reduce(op, x, ax, keep);
            Node root = rnd.nextBoolean() ? r : Graph.binary(Op.ADD, r, Graph.weak(1L));   // a box-split reduction feeding more work
            String what = op + " over " + java.util.Arrays.toString(ax) + " of " + Shapes.format(shape);
            long[] want = longs(run(Fusion.plan(root, null, 400)));
            KernelLimits small = KernelLimits.of(400).withMaxElements(1 + rnd.nextInt(Math.max(1, size)));
            Plan split = Fusion.plan(root, null, small);
            assertWithin(small, split);
            assertArrayEquals(want, longs(run(split)), what + " in kernels of at most " + small.maxElements() + " elements");
        }
    }

    @Test
    void aMapAndAWriteInBoxesStoreEveryElementOnce() {
        Node x = ints(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12);
        Node y = Graph.binary(Op.MUL, Graph.reindex(x, IndexMap.identity(new int[] { 12 })), Graph.weak(2L));
        Buffer t = Buffer.allocate(DType.INT64, 12);
        View target = View.contiguous(t, 3, 4);
        Node grid = Graph.reindex(y, new IndexMap(new int[] { 3, 4 }, new int[] { 0 }, new int[][] { { 4, 1 } }));
        Plan p = Fusion.plan(grid, target, KernelLimits.of(400).withMaxElements(5));
        assertTrue(p.kernels().size() > 2);
        run(p);
        assertArrayEquals(new long[] { 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24 }, longs(target));
    }

    @Test
    void aSumOverAHugeBroadcastIsPlannedInKernelsThatFit() {
        // the products of a (65536,) x (65536,) outer product: 2^32 of them, summed
        Node a = Graph.iota(new int[] { 65536 }, 0);
        Node outer = Graph.binary(Op.MUL, Graph.reindex(a, new IndexMap(new int[] { 65536, 65536 }, new int[1], new int[][] { { 1, 0 } })),
                Graph.reindex(a, new IndexMap(new int[] { 65536, 65536 }, new int[1], new int[][] { { 0, 1 } })));
        Plan p = Fusion.plan(Graph.reduce(Op.SUM, outer, null, false), null, 400);
        // boxes of 32767 rows (2^31 - 9 elements hold 32767.99 rows): three, the second and third reduced aside and combined
        assertEquals(5, p.kernels().size(), p.kernels().toString());
        for (Kernel k : p.kernels()) assertTrue(k.size() <= Shapes.MAX_SIZE);
        Plan rows = Fusion.plan(Graph.reduce(Op.SUM, outer, new int[] { 1 }, false), null, 400);
        assertEquals(3, rows.kernels().size(), "rows split between three kernels that write their own rows: " + rows.kernels());
    }

    @Test
    void anArrayNoBufferHoldsIsRefusedWithItsSizeAndTheLimit() {
        Node a = Graph.iota(new int[] { 65536 }, 0);
        Node outer = Graph.binary(Op.MUL, Graph.reindex(a, new IndexMap(new int[] { 65536, 65536 }, new int[1], new int[][] { { 1, 0 } })), a);
        ValueException e = assertThrows(ValueException.class, () -> Fusion.plan(outer));
        assertEquals("array of shape (65536, 65536) has 4294967296 elements; numfuse arrays hold at most 2147483639 (Java arrays are int-indexed)",
                e.getMessage());
        Node cube = Graph.reindex(a, new IndexMap(new int[] { 65536, 65536, 65536 }, new int[1], new int[][] { { 1, 0, 0 } }));
        ValueException parts = assertThrows(ValueException.class, () -> Fusion.plan(Graph.reduce(Op.SUM, cube, null, false)));
        assertTrue(parts.getMessage().startsWith("an iteration over shape (65536, 65536, 65536) (281474976710656 elements) would take"), parts.getMessage());
    }

    @Test
    void aLeafSeenThroughAHugeBroadcastStaysANodeAndSlicesBackToALeaf() {
        Node x = ints(1, 2, 3);
        Node huge = Graph.reindex(x, IndexMap.broadcast(new int[] { 3 }, new int[] { 1 << 20, 1 << 20, 3 }));
        assertInstanceOf(Node.Reindex.class, huge);
        Node row = Graph.reindex(huge, new IndexMap(new int[] { 3 }, new int[] { 5, 7, 0 }, new int[][] { { 0 }, { 0 }, { 1 } }));
        assertInstanceOf(Node.Leaf.class, row, "a part that fits is a view of the leaf again");
        assertArrayEquals(new long[] { 1, 2, 3 }, longs(((Node.Leaf) row).view()));
    }
}
