package io.numfuse.npy;

/**
 * Reorders flat data from Fortran (column-major) to C (row-major) order.
 *
 * <p>Fortran order is C order with the axes reversed, so this is a transpose: in the source the
 * first axis is contiguous, in the result the last. Copying element by element in either order
 * strides through memory on the other side and misses the cache on every element, so the copy
 * goes in square tiles over the first and last axes, which keeps both sides' cache lines in use.
 */
final class Transpose {

    /** Tile edge: a tile's destination lines (64 of them) stay in the L1 cache while it is filled. */
    private static final int TILE = 64;

    /** Index pairs are gathered this many at a time, then used by one typed copy loop. */
    private static final int BATCH = 1 << 13;

    private Transpose() {}

    /**
     * The data of {@code shape} in C order, given it in Fortran order. When at most one axis is
     * longer than 1 the two orders agree, and an empty array has nothing to reorder: then
     * {@code data} itself comes back.
     */
    static Object fortranToC(Object data, int[] shape) {
        // empty: its other axes may multiply past 2^31, (0, 2147483647, 4, 2), which would size the offsets table below
        if (NpyArray.length(data) == 0) return data;
        int longAxes = 0;
        for (int d : shape) if (d > 1) longAxes++;
        if (longAxes <= 1) return data;
        int rank = shape.length;   // at least 2
        int first = shape[0];
        int last = shape[rank - 1];
        int[] middle = java.util.Arrays.copyOfRange(shape, 1, rank - 1);
        int[] middleC = middleOffsets(middle);   // C-order offset of each middle position, in F order
        int m = middleC.length;
        long cFirstStride = (long) m * last;     // C stride of the first axis

        Object out = newLike(data, NpyArray.length(data));
        int[] src = new int[BATCH];
        int[] dst = new int[BATCH];
        int pending = 0;
        for (int j = 0; j < m; j++) {
            long cMiddle = (long) middleC[j] * last;
            for (int i0 = 0; i0 < first; i0 += TILE) {
                int i0End = Math.min(first, i0 + TILE);
                for (int iL = 0; iL < last; iL += TILE) {
                    int iLEnd = Math.min(last, iL + TILE);
                    for (int l = iL; l < iLEnd; l++) {
                        // F index i + first*(j + m*l): runs of consecutive source elements.
                        long s = (long) first * (j + (long) m * l);
                        for (int i = i0; i < i0End; i++) {
                            src[pending] = (int) (s + i);
                            dst[pending] = (int) (i * cFirstStride + cMiddle + l);
                            if (++pending == BATCH) {
                                copy(data, out, src, dst, pending);
                                pending = 0;
                            }
                        }
                    }
                }
            }
        }
        copy(data, out, src, dst, pending);
        return out;
    }

    /**
     * For the middle axes: the C-order offset (within the middle block) of each position, listed
     * in Fortran order. An odometer with the first middle axis turning fastest walks F order.
     */
    private static int[] middleOffsets(int[] middle) {
        int k = middle.length;
        int n = (int) NpyArray.elementCount(middle);
        int[] cStride = new int[k];
        int stride = 1;
        for (int a = k - 1; a >= 0; a--) {
            cStride[a] = stride;
            stride *= middle[a];
        }
        int[] offsets = new int[n];
        int[] index = new int[k];
        int offset = 0;
        for (int p = 0; p < n; p++) {
            offsets[p] = offset;
            for (int a = 0; a < k; a++) {
                offset += cStride[a];
                if (++index[a] < middle[a]) break;
                offset -= cStride[a] * middle[a];
                index[a] = 0;
            }
        }
        return offsets;
    }

    /** out[dst[i]] = data[src[i]] for i below len. */
    private static void copy(Object data, Object out, int[] src, int[] dst, int len) {
        switch (data) {
            case byte[] a -> { byte[] o = (byte[]) out; for (int i = 0; i < len; i++) o[dst[i]] = a[src[i]]; }
            case int[] a -> { int[] o = (int[]) out; for (int i = 0; i < len; i++) o[dst[i]] = a[src[i]]; }
            case long[] a -> { long[] o = (long[]) out; for (int i = 0; i < len; i++) o[dst[i]] = a[src[i]]; }
            case float[] a -> { float[] o = (float[]) out; for (int i = 0; i < len; i++) o[dst[i]] = a[src[i]]; }
            case double[] a -> { double[] o = (double[]) out; for (int i = 0; i < len; i++) o[dst[i]] = a[src[i]]; }
            default -> throw new AssertionError(data.getClass());
        }
    }

    private static Object newLike(Object data, int n) {
        return switch (data) {
            case byte[] _ -> new byte[n];
            case int[] _ -> new int[n];
            case long[] _ -> new long[n];
            case float[] _ -> new float[n];
            case double[] _ -> new double[n];
            default -> throw new AssertionError(data.getClass());
        };
    }
}
