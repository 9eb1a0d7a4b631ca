package io.numfuse.ir;

/**
 * The geometry of a {@link Kernel#matmul matmul} kernel, as every GEMM backend reads it:
 * {@code batch} products of an {@code m x k} matrix {@code a} and a {@code k x n} matrix
 * {@code b} into an {@code m x n} matrix {@code out}, each matrix an offset and two strides
 * (elements), moved by each batch axis's stride.
 *
 * @param batchShape the batch axes (the kernel's space but its last three axes)
 * @param m          rows of {@code a} and {@code out}
 * @param n          columns of {@code b} and {@code out}
 * @param k          the contracted length
 * @param a          {@code a}'s offset and strides: row, then k
 * @param b          {@code b}'s: k, then column
 * @param out        {@code out}'s: row, then column
 */
public record MatmulShape(int[] batchShape, int m, int n, int k, Matrix a, Matrix b, Matrix out) {

    /**
     * One operand: its first element's offset at batch index 0, its strides along its two
     * axes, and its stride along each batch axis (0 where it broadcasts).
     */
    public record Matrix(int offset, int stride0, int stride1, int[] batchStrides) {
        /** The offset of this matrix in batch {@code index} (C order over the batch shape). */
        public int offsetAt(int[] batchShape, long index) {
            long o = offset;
            for (int d = batchShape.length - 1; d >= 0; d--) {
                o += (index % batchShape[d]) * (long) batchStrides[d];
                index /= batchShape[d];
            }
            return (int) o;
        }
    }

    /** The geometry of matmul kernel {@code kernel}. */
    public static MatmulShape of(Kernel kernel) {
        if (!kernel.isMatmul()) throw new IllegalArgumentException("not a matmul kernel");
        int[] s = kernel.shape();
        int r = s.length, mAxis = r - 3, nAxis = r - 2, kAxis = r - 1;
        int[] batch = java.util.Arrays.copyOf(s, r - 3);
        View a = kernel.inputs().get(0), b = kernel.inputs().get(1), o = kernel.output();
        return new MatmulShape(batch, s[mAxis], s[nAxis], s[kAxis], matrix(a, mAxis, kAxis), matrix(b, kAxis, nAxis), matrix(o, mAxis, nAxis));
    }

    private static Matrix matrix(View v, int axis0, int axis1) {
        int[] batch = new int[v.rank() - 3];
        for (int d = 0; d < batch.length; d++) batch[d] = v.stride(d);
        return new Matrix(v.offset(), v.stride(axis0), v.stride(axis1), batch);
    }

    /** The number of products: the batch shape's size. */
    public long batches() {
        long c = 1;
        for (int d : batchShape) c *= d;
        return c;
    }

    /** Multiply-adds in all: batches times m times n times k. */
    public double multiplyAdds() { return (double) batches() * m * n * k; }
}
