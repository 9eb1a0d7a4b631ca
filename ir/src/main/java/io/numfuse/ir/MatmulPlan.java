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
        View a = overSpace(product.a(), materialise), b = overSpace(product.b(), materialise);
        int[] outShape = r.shape();
        View out = View.contiguous(Buffer.forOutput(r.dtype(), Shapes.size(outShape)), outShape);
        int[] strides = new int[rank];
        for (int d = 0; d < rank - 1; d++) strides[d] = out.stride(d);   // stride 0 on k: the sum's axis
        View outSpace = new View(out.buffer(), out.offset(), space, strides);
        if (Shapes.count(space) <= maxElements) {
            kernels.add(Kernel.matmul(space, a, b, outSpace));
            return out;
        }
        // the split axis: the outermost of [batch..., m] inside which a kernel's worth fits (n and k are never split)
        int split = rank - 3;
        long inner = (long) space[rank - 2] * space[rank - 1];
        while (split > 0 && inner * space[split] <= maxElements) inner *= space[split--];
        int chunk = (int) Math.max(1, Math.min(space[split], maxElements / inner));
        int[] start = new int[rank];
        while (start[0] < space[0]) {
            int[] len = space.clone();
            for (int d = 0; d < split; d++) len[d] = 1;
            len[split] = Math.min(chunk, space[split] - start[split]);
            kernels.add(Kernel.matmul(len, box(a, start, len), box(b, start, len), box(outSpace, start, len)));
            start[split] += len[split];   // the next box, C order
            for (int d = split; d > 0 && start[d] >= space[d]; d--) {
                start[d] = 0;
                start[d - 1]++;
            }
        }
        return out;
    }

    /** An operand of the product, over its space: a view of a leaf as it is, else its node's value seen through its map. */
    private static View overSpace(Node x, Function<Node, View> materialise) {
        return switch (x) {
            case Node.Leaf l -> l.view();
            case Node.Reindex v -> v.map().apply(materialise.apply(v.x()));
            default -> materialise.apply(x);
        };
    }

    /** The part of {@code v} from {@code start}, {@code len} long on each axis. */
    private static View box(View v, int[] start, int[] len) {
        long offset = v.offset();
        for (int d = 0; d < len.length; d++) offset += (long) start[d] * v.stride(d);
        return new View(v.buffer(), (int) offset, len, v.strides());
    }
}
