package io.numfuse.jvm;

/**
 * The JVM backend's matmul of int32, int64 and bool matrices: a plain loop, rows of {@code C}
 * at a time, each row of {@code B} scaled by one element of {@code A} and added (a loop C2
 * vectorises when {@code B}'s rows are contiguous). Int sums wrap as NumPy's; a bool product
 * is true where any {@code a[i,p] & b[p,j]} is. Operands are an array, an offset and two strides.
 */
public final class GemmInts {
    private GemmInts() {}

    /** {@code C = A B} over int32 values. */
    public static void gemm(int[] a, int ao, int ars, int aks, int[] b, int bo, int bks, int bcs, int[] c, int co, int crs, int ccs,
                            int m, int n, int k) {
        for (int i = 0; i < m; i++) {
            int ci = co + i * crs;
            for (int j = 0; j < n; j++) c[ci + j * ccs] = 0;
            for (int p = 0; p < k; p++) {
                int av = a[ao + i * ars + p * aks];
                if (av == 0) continue;
                int bp = bo + p * bks;
                if (bcs == 1 && ccs == 1) for (int j = 0; j < n; j++) c[ci + j] += av * b[bp + j];
                else for (int j = 0; j < n; j++) c[ci + j * ccs] += av * b[bp + j * bcs];
            }
        }
    }

    /** {@code C = A B} over int64 values. */
    public static void gemm(long[] a, int ao, int ars, int aks, long[] b, int bo, int bks, int bcs, long[] c, int co, int crs, int ccs,
                            int m, int n, int k) {
        for (int i = 0; i < m; i++) {
            int ci = co + i * crs;
            for (int j = 0; j < n; j++) c[ci + j * ccs] = 0;
            for (int p = 0; p < k; p++) {
                long av = a[ao + i * ars + p * aks];
                if (av == 0) continue;
                int bp = bo + p * bks;
                if (bcs == 1 && ccs == 1) for (int j = 0; j < n; j++) c[ci + j] += av * b[bp + j];
                else for (int j = 0; j < n; j++) c[ci + j * ccs] += av * b[bp + j * bcs];
            }
        }
    }

    /** {@code C = A B} over bool values (bytes 0 or 1): an or of ands. */
    public static void gemm(byte[] a, int ao, int ars, int aks, byte[] b, int bo, int bks, int bcs, byte[] c, int co, int crs, int ccs,
                            int m, int n, int k) {
        for (int i = 0; i < m; i++) {
            int ci = co + i * crs;
            for (int j = 0; j < n; j++) c[ci + j * ccs] = 0;
            for (int p = 0; p < k; p++) {
                if (a[ao + i * ars + p * aks] == 0) continue;
                int bp = bo + p * bks;
                for (int j = 0; j < n; j++) c[ci + j * ccs] |= b[bp + j * bcs];
            }
        }
    }
}
