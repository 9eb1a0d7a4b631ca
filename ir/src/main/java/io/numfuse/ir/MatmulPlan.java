package io.numfuse.ir;

import java.util.List;
import java.util.function.Function;

/**
 * How the fusion pass plans a matmul ({@link Node.Reduce#isMatmul}): its operands are computed
 * first (an element-wise producer by a kernel of its own; a view of an array is read as it is,
 * transposed or sliced), then {@link Kernel#matmul} kernels write the product into a new
 * buffer, which element-wise consumers read. A product over more elements ({@code batch*m*n*k})
 * than one kernel may iterate over is split into kernels over boxes of its batch and row axes
 * (C order: single indices of the outer axes, chunks of one axis); each writes its own part of
 * the result.
 */
final class MatmulPlan {
    private MatmulPlan() {}

    /** Plans {@code r}; returns the view its value will be in. {@code materialise} gives an operand's value as a view. */
    static View plan(Node.Reduce r, int maxElements, Function<Node, View> materialise, List<Kernel> kernels) {
        Node.Binary product = (Node.Binary) r.x();
        int[] space = product.shape();
        int rank = space.length;
        Seen a = seen(product.a(), space, materialise), b = seen(product.b(), space, materialise);
        int[] outShape = r.shape();
        View out = View.contiguous(Buffer.forOutput(r.dtype(), Shapes.size(outShape)), outShape);
        // no view spans the whole space when it holds more elements than any array: each box's views are made alone
        int split = 0, chunk = Math.max(1, space[0]);
        if (Shapes.count(space) > maxElements) {   // the split axis: the outermost of [batch..., m] inside which a kernel's worth fits
            split = rank - 3;
            long inner = (long) space[rank - 2] * space[rank - 1];   // n and k are never split
            while (split > 0 && inner * space[split] <= maxElements) inner *= space[split--];
            chunk = (int) Math.max(1, Math.min(space[split], maxElements / inner));
        }
        int[] start = new int[rank];
        do {
            int[] len = space.clone();
            for (int d = 0; d < split; d++) len[d] = 1;
            len[split] = Math.min(chunk, space[split] - start[split]);
            kernels.add(Kernel.matmul(len, a.box(start, len), b.box(start, len), outBox(out, start, len)));
            start[split] += len[split];   // the next box, C order
            for (int d = split; d > 0 && start[d] >= space[d]; d--) {
                start[d] = 0;
                start[d - 1]++;
            }
        } while (start[0] < space[0]);
        return out;
    }

    /** An operand's value ({@code base}) and how the product's space sees it ({@code map}). */
    private record Seen(View base, IndexMap map) {
        /** The view of the box at {@code start}, {@code len} long on each axis. */
        View box(int[] start, int[] len) { return map.after(IndexMap.box(start, len)).apply(base); }
    }

    /** An operand of the product: a view of a leaf as it is, else its node's value seen through its map. */
    private static Seen seen(Node x, int[] space, Function<Node, View> materialise) {
        if (x.result() != null) return new Seen(x.result(), IndexMap.identity(space));   // a view computed alone: its value
        return switch (x) {
            case Node.Leaf l -> new Seen(l.view(), IndexMap.identity(space));
            case Node.Reindex v -> new Seen(materialise.apply(v.x()), v.map());
            default -> new Seen(materialise.apply(x), IndexMap.identity(space));
        };
    }

    /** The output over the box at {@code start}, {@code len} long: stride 0 on k, the sum's axis. */
    private static View outBox(View out, int[] start, int[] len) {
        int r = len.length;
        long offset = out.offset();
        int[] strides = new int[r];
        for (int d = 0; d < r - 1; d++) {
            offset += (long) start[d] * out.stride(d);
            strides[d] = out.stride(d);
        }
        return new View(out.buffer(), (int) offset, len, strides);
    }
}
