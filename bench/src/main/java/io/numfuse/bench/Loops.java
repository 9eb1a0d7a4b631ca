package io.numfuse.bench;

/**
 * The hand-written baselines: the plain counted loops over {@code float[]}/{@code double[]} a
 * Java programmer would write for each benchmark case (C2 vectorises the element-wise ones).
 * Each works on {@code [from, to)} so that {@link Par} can split it as numfuse splits a kernel.
 * The constants are those of the cases in {@link Suites}.
 */
final class Loops {
    private Loops() {}

    // ---- element-wise ------------------------------------------------------------------------

    static void add(float[] a, float[] b, float[] o, int from, int to) { for (int i = from; i < to; i++) o[i] = a[i] + b[i]; }
    static void add(double[] a, double[] b, double[] o, int from, int to) { for (int i = from; i < to; i++) o[i] = a[i] + b[i]; }

    /** a + b*c */
    static void abc(float[] a, float[] b, float[] c, float[] o, int from, int to) { for (int i = from; i < to; i++) o[i] = a[i] + b[i] * c[i]; }
    static void abc(double[] a, double[] b, double[] c, double[] o, int from, int to) { for (int i = from; i < to; i++) o[i] = a[i] + b[i] * c[i]; }

    /** STREAM triad: o = b + s*c */
    static void triad(float[] b, float[] c, float s, float[] o, int from, int to) { for (int i = from; i < to; i++) o[i] = b[i] + s * c[i]; }
    static void triad(double[] b, double[] c, double s, double[] o, int from, int to) { for (int i = from; i < to; i++) o[i] = b[i] + s * c[i]; }

    /** ((0.5*x+1.5)*x-2.5)*x+0.25 (the polynomial case) */
    static void poly(float[] x, float[] o, int from, int to) {
        for (int i = from; i < to; i++) { float v = x[i]; o[i] = ((0.5f * v + 1.5f) * v - 2.5f) * v + 0.25f; }
    }
    static void poly(double[] x, double[] o, int from, int to) {
        for (int i = from; i < to; i++) { double v = x[i]; o[i] = ((0.5 * v + 1.5) * v - 2.5) * v + 0.25; }
    }

    /** ((((a*3+1)*5-2)*7+3)*9-4)*11+5 (the 10-op chain) */
    static void chain10(float[] a, float[] o, int from, int to) {
        for (int i = from; i < to; i++) o[i] = ((((a[i] * 3f + 1f) * 5f - 2f) * 7f + 3f) * 9f - 4f) * 11f + 5f;
    }
    static void chain10(double[] a, double[] o, int from, int to) {
        for (int i = from; i < to; i++) o[i] = ((((a[i] * 3.0 + 1.0) * 5.0 - 2.0) * 7.0 + 3.0) * 9.0 - 4.0) * 11.0 + 5.0;
    }

    /** exp(a) with Math.exp (float32 rounded from the double result) */
    static void exp(float[] a, float[] o, int from, int to) { for (int i = from; i < to; i++) o[i] = (float) Math.exp(a[i]); }
    static void exp(double[] a, double[] o, int from, int to) { for (int i = from; i < to; i++) o[i] = Math.exp(a[i]); }

    /** sin(a)+cos(b) with Math.sin and Math.cos */
    static void sinCos(float[] a, float[] b, float[] o, int from, int to) {
        for (int i = from; i < to; i++) o[i] = (float) Math.sin(a[i]) + (float) Math.cos(b[i]);
    }
    static void sinCos(double[] a, double[] b, double[] o, int from, int to) {
        for (int i = from; i < to; i++) o[i] = Math.sin(a[i]) + Math.cos(b[i]);
    }

    // ---- selects (the select suite; VectorLoops has the Vector API versions) -------------------

    /** where(a>b, a*b, a-b) as a Java programmer writes it: a conditional, which C2 compiles to a branch. */
    static void select(float[] a, float[] b, float[] o, int from, int to) { for (int i = from; i < to; i++) o[i] = a[i] > b[i] ? a[i] * b[i] : a[i] - b[i]; }
    static void select(double[] a, double[] b, double[] o, int from, int to) { for (int i = from; i < to; i++) o[i] = a[i] > b[i] ? a[i] * b[i] : a[i] - b[i]; }

    /** where(a>b, a*b, a-b) without a branch: the comparison's 0/1 made a mask over the raw bits of both arms. */
    static void selectBranchFree(float[] a, float[] b, float[] o, int from, int to) {
        for (int i = from; i < to; i++) {
            float x = a[i], y = b[i];
            int m = -(x > y ? 1 : 0);
            o[i] = Float.intBitsToFloat((Float.floatToRawIntBits(x * y) & m) | (Float.floatToRawIntBits(x - y) & ~m));
        }
    }

    static void selectBranchFree(double[] a, double[] b, double[] o, int from, int to) {
        for (int i = from; i < to; i++) {
            double x = a[i], y = b[i];
            long m = -(x > y ? 1L : 0L);
            o[i] = Double.longBitsToDouble((Double.doubleToRawLongBits(x * y) & m) | (Double.doubleToRawLongBits(x - y) & ~m));
        }
    }

    /**
     * One Mandelbrot step on rows {@code [from, to)} of an s x s grid, as MandelbrotDemo computes
     * it (z = z*z + c and count += 1 where |z|^2 <= 4), in its order, so the grids agree exactly;
     * {@code cr} is the row of real parts, {@code ci} the column of imaginary ones.
     */
    static void mandelbrotRows(float[] zr, float[] zi, int[] count, float[] cr, float[] ci, int s, int from, int to) {
        mandelbrotRows(zr, zi, count, cr, ci, s, from, to, 0);
    }

    /** The same from column {@code col} of each row on (a vector loop's tail). */
    static void mandelbrotRows(float[] zr, float[] zi, int[] count, float[] cr, float[] ci, int s, int from, int to, int col) {
        for (int r = from; r < to; r++) {
            float y0 = ci[r];
            for (int c = col; c < s; c++) {
                int i = r * s + c;
                float x = zr[i], y = zi[i], x2 = x * x, y2 = y * y;
                if (x2 + y2 <= 4f) {
                    zr[i] = x2 - y2 + cr[c];
                    zi[i] = x * y * 2f + y0;
                    count[i]++;
                }
            }
        }
    }

    // ---- reductions: plain loops (one accumulator; float32 accumulates in double) -------------

    static double sum(float[] a, int from, int to) { double s = 0; for (int i = from; i < to; i++) s += a[i]; return s; }
    static double sum(double[] a, int from, int to) { double s = 0; for (int i = from; i < to; i++) s += a[i]; return s; }

    static double max(float[] a, int from, int to) { float m = Float.NEGATIVE_INFINITY; for (int i = from; i < to; i++) m = Math.max(m, a[i]); return m; }
    static double max(double[] a, int from, int to) { double m = Double.NEGATIVE_INFINITY; for (int i = from; i < to; i++) m = Math.max(m, a[i]); return m; }

    /**
     * NumPy's argmax of {@code a[0, n)} on {@link Par}'s threads: each part's first largest element
     * (or first NaN, which wins), then the parts in order (the earlier wins a tie).
     */
    static double argmax(float[] a, int n) {
        int parts = Par.parts(n);
        int[] index = new int[parts];
        Par.split(n, parts, (part, from, to) -> {
            int best = from;
            float m = a[from];
            for (int i = from + 1; i < to && m == m; i++) {
                float v = a[i];
                if (v > m || v != v) { m = v; best = i; }
            }
            index[part] = best;
        });
        int best = index[0];
        for (int q = 1; q < parts && a[best] == a[best]; q++) {
            float v = a[index[q]];
            if (v > a[best] || v != v) best = index[q];
        }
        return best;
    }

    /** {@link #argmax(float[], int)} for float64. */
    static double argmax(double[] a, int n) {
        int parts = Par.parts(n);
        int[] index = new int[parts];
        Par.split(n, parts, (part, from, to) -> {
            int best = from;
            double m = a[from];
            for (int i = from + 1; i < to && m == m; i++) {
                double v = a[i];
                if (v > m || v != v) { m = v; best = i; }
            }
            index[part] = best;
        });
        int best = index[0];
        for (int q = 1; q < parts && a[best] == a[best]; q++) {
            double v = a[index[q]];
            if (v > a[best] || v != v) best = index[q];
        }
        return best;
    }

    static double dot(float[] a, float[] b, int from, int to) { double s = 0; for (int i = from; i < to; i++) s += a[i] * b[i]; return s; }
    static double dot(double[] a, double[] b, int from, int to) { double s = 0; for (int i = from; i < to; i++) s += a[i] * b[i]; return s; }

    // ---- reductions: hand-unrolled (eight independent accumulators) ----------------------------

    static double sumUnrolled(float[] a, int from, int to) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
        int i = from;
        for (; i + 8 <= to; i += 8) {
            s0 += a[i]; s1 += a[i + 1]; s2 += a[i + 2]; s3 += a[i + 3];
            s4 += a[i + 4]; s5 += a[i + 5]; s6 += a[i + 6]; s7 += a[i + 7];
        }
        for (; i < to; i++) s0 += a[i];
        return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
    }

    static double sumUnrolled(double[] a, int from, int to) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
        int i = from;
        for (; i + 8 <= to; i += 8) {
            s0 += a[i]; s1 += a[i + 1]; s2 += a[i + 2]; s3 += a[i + 3];
            s4 += a[i + 4]; s5 += a[i + 5]; s6 += a[i + 6]; s7 += a[i + 7];
        }
        for (; i < to; i++) s0 += a[i];
        return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
    }

    static double maxUnrolled(float[] a, int from, int to) {
        float m0 = Float.NEGATIVE_INFINITY, m1 = m0, m2 = m0, m3 = m0, m4 = m0, m5 = m0, m6 = m0, m7 = m0;
        int i = from;
        for (; i + 8 <= to; i += 8) {
            m0 = Math.max(m0, a[i]); m1 = Math.max(m1, a[i + 1]); m2 = Math.max(m2, a[i + 2]); m3 = Math.max(m3, a[i + 3]);
            m4 = Math.max(m4, a[i + 4]); m5 = Math.max(m5, a[i + 5]); m6 = Math.max(m6, a[i + 6]); m7 = Math.max(m7, a[i + 7]);
        }
        for (; i < to; i++) m0 = Math.max(m0, a[i]);
        return Math.max(Math.max(Math.max(m0, m1), Math.max(m2, m3)), Math.max(Math.max(m4, m5), Math.max(m6, m7)));
    }

    static double maxUnrolled(double[] a, int from, int to) {
        double m0 = Double.NEGATIVE_INFINITY, m1 = m0, m2 = m0, m3 = m0, m4 = m0, m5 = m0, m6 = m0, m7 = m0;
        int i = from;
        for (; i + 8 <= to; i += 8) {
            m0 = Math.max(m0, a[i]); m1 = Math.max(m1, a[i + 1]); m2 = Math.max(m2, a[i + 2]); m3 = Math.max(m3, a[i + 3]);
            m4 = Math.max(m4, a[i + 4]); m5 = Math.max(m5, a[i + 5]); m6 = Math.max(m6, a[i + 6]); m7 = Math.max(m7, a[i + 7]);
        }
        for (; i < to; i++) m0 = Math.max(m0, a[i]);
        return Math.max(Math.max(Math.max(m0, m1), Math.max(m2, m3)), Math.max(Math.max(m4, m5), Math.max(m6, m7)));
    }

    static double dotUnrolled(float[] a, float[] b, int from, int to) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
        int i = from;
        for (; i + 8 <= to; i += 8) {
            s0 += a[i] * b[i]; s1 += a[i + 1] * b[i + 1]; s2 += a[i + 2] * b[i + 2]; s3 += a[i + 3] * b[i + 3];
            s4 += a[i + 4] * b[i + 4]; s5 += a[i + 5] * b[i + 5]; s6 += a[i + 6] * b[i + 6]; s7 += a[i + 7] * b[i + 7];
        }
        for (; i < to; i++) s0 += a[i] * b[i];
        return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
    }

    static double dotUnrolled(double[] a, double[] b, int from, int to) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
        int i = from;
        for (; i + 8 <= to; i += 8) {
            s0 += a[i] * b[i]; s1 += a[i + 1] * b[i + 1]; s2 += a[i + 2] * b[i + 2]; s3 += a[i + 3] * b[i + 3];
            s4 += a[i + 4] * b[i + 4]; s5 += a[i + 5] * b[i + 5]; s6 += a[i + 6] * b[i + 6]; s7 += a[i + 7] * b[i + 7];
        }
        for (; i < to; i++) s0 += a[i] * b[i];
        return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
    }

    // ---- laplace ------------------------------------------------------------------------------

    /**
     * One Jacobi step of the DESIGN.md Laplace example on rows {@code [from, to)} of the
     * interior, reading {@code u} and writing {@code v} (double-buffered: the caller swaps).
     * The arithmetic is in numfuse's order, so the grids agree exactly.
     */
    static void laplaceRows(double[] u, double[] v, int n, double dx2, double dy2, double den, int from, int to) {
        for (int r = from + 1; r < to + 1; r++) {
            int row = r * n;
            for (int c = 1; c < n - 1; c++) {
                int i = row + c;
                v[i] = ((u[i - n] + u[i + n]) * dy2 + (u[i - 1] + u[i + 1]) * dx2) / den;
            }
        }
    }

    // ---- written plainly (the loops suite) -----------------------------------------------------

    /**
     * Mandelbrot escape counts for rows {@code [from, to)} of the grid {@code ci} x {@code cr}
     * (float32, as {@link MandelbrotDemo#plain}): each pixel iterates z = z² + c until |z|² > 4,
     * exiting early, and gets the iteration k (from 0) it escaped at, or 0.
     */
    static void mandelbrot(float[] cr, float[] ci, int iterations, int[] out, int from, int to) {
        int w = cr.length;
        for (int i = from; i < to; i++) {
            float y = ci[i];
            for (int j = 0; j < w; j++) {
                float x = cr[j], zr = 0, zi = 0;
                int count = 0;
                for (int k = 0; k < iterations; k++) {
                    float nzr = zr * zr - zi * zi + x;
                    zi = zr * zi * 2f + y;
                    zr = nzr;
                    if (zr * zr + zi * zi > 4f) {
                        count = k;
                        break;
                    }
                }
                out[i * w + j] = count;
            }
        }
    }

    /** {@link #mandelbrot(float[], float[], int, int[], int, int)} in float64. */
    static void mandelbrot(double[] cr, double[] ci, int iterations, int[] out, int from, int to) {
        int w = cr.length;
        for (int i = from; i < to; i++) {
            double y = ci[i];
            for (int j = 0; j < w; j++) {
                double x = cr[j], zr = 0, zi = 0;
                int count = 0;
                for (int k = 0; k < iterations; k++) {
                    double nzr = zr * zr - zi * zi + x;
                    zi = zr * zi * 2.0 + y;
                    zr = nzr;
                    if (zr * zr + zi * zi > 4.0) {
                        count = k;
                        break;
                    }
                }
                out[i * w + j] = count;
            }
        }
    }

    // ---- the demos' baselines --------------------------------------------------------------------

    /** a + a*c (the lincomb demo) */
    static void aac(double[] a, double[] c, double[] o, int from, int to) { for (int i = from; i < to; i++) o[i] = a[i] + a[i] * c[i]; }
    static void aac(float[] a, float[] c, float[] o, int from, int to) { for (int i = from; i < to; i++) o[i] = a[i] + a[i] * c[i]; }

    /** a*a + a (the lincomb demo) */
    static void aaa(double[] a, double[] o, int from, int to) { for (int i = from; i < to; i++) o[i] = a[i] * a[i] + a[i]; }
    static void aaa(float[] a, float[] o, int from, int to) { for (int i = from; i < to; i++) o[i] = a[i] * a[i] + a[i]; }

    /** sin applied {@code times} times to each element, in float32 (the speedtest's repeated sin, as PyCUDA's SimpleSpeedTest loop) */
    static void sinRepeated(float[] a, float[] o, int times, int from, int to) {
        for (int i = from; i < to; i++) {
            float x = a[i];
            for (int k = 0; k < times; k++) x = (float) Math.sin(x);
            o[i] = x;
        }
    }

    static void sinRepeated(double[] a, double[] o, int times, int from, int to) {
        for (int i = from; i < to; i++) {
            double x = a[i];
            for (int k = 0; k < times; k++) x = Math.sin(x);
            o[i] = x;
        }
    }

    /** arctan2(a, b) and pow(a, b) with Math.atan2 and Math.pow (float32 rounded from the double result) */
    static void atan2(float[] a, float[] b, float[] o, int from, int to) { for (int i = from; i < to; i++) o[i] = (float) Math.atan2(a[i], b[i]); }
    static void atan2(double[] a, double[] b, double[] o, int from, int to) { for (int i = from; i < to; i++) o[i] = Math.atan2(a[i], b[i]); }
    static void pow(float[] a, float[] b, float[] o, int from, int to) { for (int i = from; i < to; i++) o[i] = (float) Math.pow(a[i], b[i]); }
    static void pow(double[] a, double[] b, double[] o, int from, int to) { for (int i = from; i < to; i++) o[i] = Math.pow(a[i], b[i]); }

    /** One time step x += dt*v; v -= dt*x (the new x) on {@code [from, to)}. */
    static void timeStep(double[] x, double[] v, double dt, int from, int to) {
        for (int i = from; i < to; i++) {
            double xi = x[i] + dt * v[i];
            x[i] = xi;
            v[i] = v[i] - dt * xi;
        }
    }
}
