package io.numfuse.ir;

import io.numfuse.core.DType;
import io.numfuse.core.NumfuseException;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Random gathers ({@link Graph#gather}) for differential tests: an array of every dtype and rank
 * 1 to 3 (whole, reversed, strided, a window of a larger buffer, a pending expression or a view
 * of one), indices of rank 0 to 2 in int32 or int64 with negative ones (a leaf, or a pending
 * expression of one), any axis, empty axes and empty indices, and a consumer (none, arithmetic,
 * a broadcast operand, a reduction, a second gather).
 */
public final class RandomGathers {
    private RandomGathers() {}

    /** A graph and its description, for failure messages. */
    public record Built(Node root, String text) {}

    private static final DType[] TYPES = DType.values();
    private static final double[] FLOATS = { 0, -0.0, 1, -1, 2.5, -3.75, 7, 1e-3, Double.NaN, Double.POSITIVE_INFINITY, 100, 3 };

    /** The gather graph of {@code seed}. */
    public static Built build(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        StringBuilder text = new StringBuilder("seed " + seed + ":");
        DType t = TYPES[r.nextInt(TYPES.length)];
        int rank = 1 + r.nextInt(3);
        int[] shape = new int[rank];
        for (int d = 0; d < rank; d++) shape[d] = r.nextInt(8) == 0 ? 0 : 1 + r.nextInt(5);
        int axis = r.nextInt(rank);
        Node x = array(r, t, shape, text);
        if (r.nextInt(3) == 0) {   // a pending array: computed before it is gathered from
            x = t == DType.BOOL ? Graph.unary(Op.NOT, x) : Graph.binary(Op.ADD, x, x);
            text.append(" pending");
            if (r.nextBoolean()) {   // a view of it: reversed along its first axis
                int[][] c = IndexMap.matrix(rank, rank);
                int[] base = new int[rank];
                for (int d = 0; d < rank; d++) c[d][d] = 1;
                if (shape[0] > 0) { c[0][0] = -1; base[0] = shape[0] - 1; }
                x = Graph.reindex(x, new IndexMap(shape, base, c));
                text.append(" reversed view");
            }
        }
        Node ind = indices(r, shape[axis], text);
        Node root = Graph.gather(x, ind, axis);
        text.append(" take(axis=").append(axis).append(") ").append(Shapes.format(root.shape()));
        try {
            root = switch (r.nextInt(5)) {
                case 0 -> root;
                case 1 -> Graph.binary(Op.MUL, root, Graph.weak(2L));
                case 2 -> Graph.binary(Op.ADD, root, array(r, root.dtype(), root.shape(), text));
                case 3 -> Graph.reduce(Op.SUM, root, null, false);
                default -> root.rank() > 0 && root.shape()[0] > 0 ? Graph.gather(root, indices(r, root.shape()[0], text), 0) : root;
            };
        } catch (NumfuseException typeRuleRejects) {
            // NumPy's rules refuse this consumer on this dtype: the gather alone
        }
        text.append(" -> ").append(root);
        return new Built(root, text.toString());
    }

    /** Indices for an axis of length {@code n}: each in {@code [-n, n)} (none when n is 0). */
    private static Node indices(SplittableRandom r, int n, StringBuilder text) {
        int rank = r.nextInt(3);
        int[] shape = new int[rank];
        for (int d = 0; d < rank; d++) shape[d] = n == 0 ? 0 : r.nextInt(5);
        if (n == 0 && rank == 0) shape = new int[] { 0 };
        DType t = r.nextBoolean() ? DType.INT32 : DType.INT64;
        Buffer b = Buffer.allocate(t, Shapes.size(shape));
        for (int i = 0; i < b.length(); i++) b.setLong(i, r.nextInt(-n, n));
        Node ind = Graph.leaf(View.contiguous(b, shape));
        text.append(" indices ").append(t).append(Shapes.format(shape));
        if (r.nextInt(3) == 0) {   // a pending producer, fused into the gathering kernel: (i + 3) - 3
            ind = Graph.binary(Op.SUB, Graph.binary(Op.ADD, ind, Graph.weak(3L)), Graph.weak(3L));
            text.append(" pending");
        }
        return ind;
    }

    /** An array of {@code shape}: a whole buffer, or a reversed or strided window of a larger one. */
    private static Node array(SplittableRandom r, DType t, int[] shape, StringBuilder text) {
        int n = Shapes.size(shape), rank = shape.length;
        int kind = n == 0 ? 0 : r.nextInt(3);
        int spread = kind == 2 ? 2 : 1;
        Buffer b = Buffer.allocate(t, n * spread + 3);
        for (int i = 0; i < b.length(); i++) {
            if (t.isFloat()) b.setDouble(i, FLOATS[r.nextInt(FLOATS.length)]);
            else b.setLong(i, t == DType.BOOL ? r.nextInt(2) : r.nextInt(-50, 50));
        }
        int[] strides = new int[rank];
        int acc = spread;
        for (int d = rank - 1; d >= 0; d--) { strides[d] = acc; acc *= Math.max(shape[d], 1); }
        int offset = kind == 0 ? 0 : 1;
        if (kind == 1) {   // reversed on every axis
            for (int d = 0; d < rank; d++) { offset += (shape[d] - 1) * strides[d]; strides[d] = -strides[d]; }
        }
        text.append(" ").append(t).append(Shapes.format(shape)).append(new String[] { " whole", " reversed", " strided" }[kind])
            .append(Arrays.toString(strides));
        return Graph.leaf(new View(b, offset, shape, strides));
    }
}
