package io.numfuse.jvm;

import static org.junit.jupiter.api.Assertions.*;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The JVM's GEMMs against the plain triple loop: sizes around and beyond every block and tile
 * (edges, several blocks of k, n and m), transposed and strided operands, offsets, a strided
 * output, k = 0; both micro-kernels (vector and scalar). Quarter-valued inputs keep every sum
 * exact, so float results must be equal.
 */
class GemmTest {
    /** The sizes: tiles of 6 rows and two vectors of columns, blocks of 96 rows, 256 steps of k. */
    static final int[][] SIZES = { { 1, 1, 1 }, { 5, 7, 3 }, { 6, 32, 8 }, { 13, 33, 17 }, { 97, 65, 257 }, { 7, 300, 520 },
            { 200, 3, 40 }, { 4, 5, 0 }, { 0, 4, 3 }, { 3, 2050, 2 }, { 9, 1, 70 }, { 1, 50, 40 }, { 1, 1, 100 }, { 1, 3, 0 } };

    static double q(SplittableRandom r) { return r.nextInt(-16, 16) / 4.0; }

    @Test
    void float32AndFloat64MatchTheTripleLoop() {
        SplittableRandom r = new SplittableRandom(16);
        for (int[] s : SIZES) {
            int m = s[0], n = s[1], k = s[2];
            for (boolean transA : new boolean[] { false, true }) {
                for (boolean transB : new boolean[] { false, true }) {
                    // a: m x k at offset 3 (row-major, or transposed: stored k x m); b likewise; c: m x n with a row stride of n + 2
                    int ars = transA ? 1 : k, aks = transA ? m : 1, bks = transB ? 1 : n, bcs = transB ? k : 1, crs = n + 2;
                    double[] ad = new double[3 + m * k], bd = new double[5 + k * n];
                    for (int i = 3; i < ad.length; i++) ad[i] = q(r);
                    for (int i = 5; i < bd.length; i++) bd[i] = q(r);
                    double[] want = new double[m * n];
                    for (int i = 0; i < m; i++)
                        for (int j = 0; j < n; j++)
                            for (int p = 0; p < k; p++) want[i * n + j] += ad[3 + i * ars + p * aks] * bd[5 + p * bks + j * bcs];
                    float[] af = new float[ad.length], bf = new float[bd.length];
                    for (int i = 0; i < ad.length; i++) af[i] = (float) ad[i];
                    for (int i = 0; i < bd.length; i++) bf[i] = (float) bd[i];
                    for (boolean vector : new boolean[] { true, false }) {
                        double[] cd = new double[1 + m * crs];
                        float[] cf = new float[1 + m * crs];
                        java.util.Arrays.fill(cd, 99);
                        java.util.Arrays.fill(cf, 99);
                        GemmF64.gemm(vector, ad, 3, ars, aks, bd, 5, bks, bcs, cd, 1, crs, 1, m, n, k);
                        GemmF32.gemm(vector, af, 3, ars, aks, bf, 5, bks, bcs, cf, 1, crs, 1, m, n, k);
                        String what = m + "x" + n + "x" + k + (transA ? " aT" : "") + (transB ? " bT" : "") + (vector ? " vector" : " scalar");
                        for (int i = 0; i < m; i++) {
                            for (int j = 0; j < n; j++) {
                                assertEquals(want[i * n + j], cd[1 + i * crs + j], what + " f64 at " + i + "," + j);
                                assertEquals(want[i * n + j], cf[1 + i * crs + j], what + " f32 at " + i + "," + j);
                            }
                            if (n > 0) assertEquals(99, cd[1 + i * crs + n], what + ": wrote past the row");
                        }
                        assertEquals(99, cd[0], what + ": wrote before the output");
                    }
                }
            }
        }
    }

    @Test
    void intsWrapAndBoolsAreOrsOfAnds() {
        int[] a = { Integer.MAX_VALUE, 2, 3, -4 }, b = { 2, 1, 5, 7 }, c = new int[4];   // 2x2 each
        GemmInts.gemm(a, 0, 2, 1, b, 0, 2, 1, c, 0, 2, 1, 2, 2, 2);
        assertArrayEquals(new int[] { Integer.MAX_VALUE * 2 + 10, Integer.MAX_VALUE + 14, 6 - 20, 3 - 28 }, c);
        long[] la = { Long.MAX_VALUE, 1 }, lb = { 3, 1 }, lc = new long[1];
        GemmInts.gemm(la, 0, 2, 1, lb, 0, 1, 1, lc, 0, 1, 1, 1, 1, 2);
        assertEquals(Long.MAX_VALUE * 3 + 1, lc[0]);
        byte[] ba = { 1, 0, 0, 0 }, bb = { 0, 1, 1, 1 }, bc = new byte[4];
        GemmInts.gemm(ba, 0, 2, 1, bb, 0, 2, 1, bc, 0, 2, 1, 2, 2, 2);
        assertArrayEquals(new byte[] { 0, 1, 0, 0 }, bc);
    }
}
