package io.numfuse.ir;

import io.numfuse.core.DType;
import io.numfuse.core.ShapeMismatchException;
import io.numfuse.core.ValueException;
import java.util.Arrays;

/**
 * How {@link Graph#matmul} builds its node: NumPy's rules for the operands (1-D promotion,
 * broadcast batch axes, the promoted dtype, its errors), then a sum over k of the product of the
 * two operands seen over the space {@code [batch..., m, n, k]}, marked as a matmul
 * ({@link Node.Reduce#isMatmul}), seen without the promoted axes.
 */
final class MatmulGraph {
    private MatmulGraph() {}

    /** NumPy's gufunc signature of matmul, as its errors quote it. */
    private static final String MATMUL_SIGNATURE = "(n?,k),(k,m?)->(n?,m?)";

    /** {@link Graph#matmul}'s node, built under the graph lock. */
    static Node build(Node a, Node b) {
        a = Graph.strong(Graph.operand(a));
        b = Graph.strong(Graph.operand(b));
        for (int i = 0; i < 2; i++) {
            if ((i == 0 ? a : b).rank() == 0) {
                throw new ValueException("matmul: Input operand " + i + " does not have enough dimensions (has 0, gufunc core with signature "
                        + MATMUL_SIGNATURE + " requires 1)");
            }
        }
        DType dt = DType.promote(a.dtype(), false, b.dtype(), false);
        TypeRules.Typing t = TypeRules.binary(Op.MUL, dt);
        a = Graph.cast(a, t.operand());
        b = Graph.cast(b, t.operand());
        int ra = a.rank(), rb = b.rank();
        int[] sa = a.shapeRef(), sb = b.shapeRef();
        int m = ra == 1 ? 1 : sa[ra - 2], k = sa[ra - 1], kb = rb == 1 ? sb[0] : sb[rb - 2], n = rb == 1 ? 1 : sb[rb - 1];
        if (k != kb) {
            throw new ValueException("matmul: Input operand 1 has a mismatch in its core dimension 0, with gufunc signature "
                    + MATMUL_SIGNATURE + " (size " + kb + " is different from " + k + ")");
        }
        int[] ba = Arrays.copyOf(sa, Math.max(0, ra - 2)), bb = Arrays.copyOf(sb, Math.max(0, rb - 2));
        int[] batch = batch(ba, bb, sa, sb, ra == 1 ? 1 : m, rb == 1 ? 1 : n, ra == 1, rb == 1);
        int r = batch.length + 3;
        int[] space = Arrays.copyOf(batch, r);
        space[r - 3] = m;
        space[r - 2] = n;
        space[r - 1] = k;
        // a's axes: its batch axes right-aligned with the space's (a length 1 broadcasts), its rows on m, its columns on k
        int[][] ca = IndexMap.matrix(ra, r), cb = IndexMap.matrix(rb, r);
        for (int d = 0; d < ba.length; d++) if (ba[d] != 1 || batch[batch.length - ba.length + d] == 1) ca[d][batch.length - ba.length + d] = 1;
        if (ra >= 2) ca[ra - 2][r - 3] = 1;
        ca[ra - 1][r - 1] = 1;
        for (int d = 0; d < bb.length; d++) if (bb[d] != 1 || batch[batch.length - bb.length + d] == 1) cb[d][batch.length - bb.length + d] = 1;
        cb[rb == 1 ? 0 : rb - 2][r - 1] = 1;
        if (rb >= 2) cb[rb - 1][r - 2] = 1;
        Node va = Graph.reindex(a, new IndexMap(space, new int[ra], ca)), vb = Graph.reindex(b, new IndexMap(space, new int[rb], cb));
        Node product = Graph.register(new Node.Binary(Op.MUL, t.result(), space, va, vb));
        boolean[] axes = new boolean[r];
        axes[r - 1] = true;
        int[] outShape = Arrays.copyOf(space, r - 1);
        Node mm = Graph.register(new Node.Reduce(Op.SUM, product, axes, outShape, true));
        if (ra >= 2 && rb >= 2) return mm;
        // the promoted axes removed: a 1-D operand's 1
        int keep = r - 1 - (ra == 1 ? 1 : 0) - (rb == 1 ? 1 : 0);
        int[] shape = new int[keep];
        int[][] c = IndexMap.matrix(r - 1, keep);
        int j = 0;
        for (int d = 0; d < r - 1; d++) {
            if (d == r - 3 && ra == 1 || d == r - 2 && rb == 1) continue;
            shape[j] = outShape[d];
            c[d][j++] = 1;
        }
        return Graph.reindex(mm, new IndexMap(shape, new int[r - 1], c));
    }

    /** The broadcast batch shape of two matmul operands, or NumPy's error when they do not broadcast. */
    private static int[] batch(int[] ba, int[] bb, int[] sa, int[] sb, int m, int n, boolean vectorA, boolean vectorB) {
        if (Shapes.broadcastsTo(ba, bb)) return bb.clone();
        if (Shapes.broadcastsTo(bb, ba)) return ba.clone();
        int r = Math.max(ba.length, bb.length);
        int[] batch = new int[r];
        boolean ok = true;
        for (int d = 0; d < r; d++) {
            int x = d - (r - ba.length) >= 0 ? ba[d - (r - ba.length)] : 1, y = d - (r - bb.length) >= 0 ? bb[d - (r - bb.length)] : 1;
            ok &= x == y || x == 1 || y == 1;
            batch[d] = x == 1 ? y : x;
        }
        if (ok) return batch;
        String requested = "(" + (vectorA ? "" : m + (vectorB ? "" : ",")) + (vectorB ? "" : n) + (vectorA != vectorB ? "," : "") + ")";
        throw new ShapeMismatchException("operands could not be broadcast together with remapped shapes [original->remapped]: "
                + remapped(sa, ba) + " " + remapped(sb, bb) + "  and requested shape " + requested);
    }

    /** NumPy's text of an operand's shape and its batch part: {@code (2,2,3)->(2,newaxis,newaxis)}. */
    private static String remapped(int[] shape, int[] batch) {
        StringBuilder s = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) s.append(i > 0 ? "," : "").append(shape[i]);
        s.append(shape.length == 1 ? ",)" : ")").append("->(");
        for (int d : batch) s.append(d).append(',');
        return s.append("newaxis,newaxis)").toString();
    }
}
