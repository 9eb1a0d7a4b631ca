package io.numfuse.ir;

/**
 * Short reductions unrolled: a reduction over a few elements per output, written as element-wise
 * combines of those elements, so that the fusion pass lowers it into the kernel that reads it
 * (when that pays: {@code Fusion.unrolledOnce}).
 */
final class ShortReductions {
    private ShortReductions() {}

    /** A reduction over at most this many elements (and at least one) may be unrolled. */
    static final int UNROLL = 8;

    /**
     * {@code r} as element-wise combines of its operand's elements, left to right in C order over
     * the reduced axes (NumPy's order for so few elements), or null when it reduces more than
     * {@link #UNROLL} elements or none. A short reduction (the sum over the 2 coordinates of
     * {@code (x[:, None, :] - c) ** 2}) is then part of the kernel that reads it, on every target,
     * instead of a reduce kernel of its own whose loop over 2 elements costs more than the sum.
     * The nodes made are the pass's own: never registered, read by nothing else.
     */
    static Node unrolled(Node.Reduce r) {
        Node x = r.x();
        int rank = x.rank();
        int[] shape = x.shapeRef(), out = r.shapeRef();
        long count = 1;
        for (int d = 0; d < rank; d++) if (r.reduces(d)) count *= shape[d];
        if (count < 1 || count > UNROLL) return null;
        int[] at = new int[rank];
        Node acc = null;
        for (long e = 0; e < count; e++) {
            int[][] c = IndexMap.matrix(rank, out.length);
            for (int d = 0, k = 0; d < rank; d++) if (!r.reduces(d)) c[d][k++] = 1;
            Node element = new Node.Reindex(x, new IndexMap(out, at.clone(), c));
            acc = acc == null ? element : new Node.Binary(r.op().combiner(), r.dtype(), out, acc, element);
            for (int d = rank - 1; d >= 0; d--) {   // the next reduced index, C order
                if (!r.reduces(d)) continue;
                if (++at[d] < shape[d]) break;
                at[d] = 0;
            }
        }
        return acc;
    }
}
