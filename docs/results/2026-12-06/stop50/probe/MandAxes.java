import io.numfuse.*;
import io.numfuse.core.DType;
/** The plain Mandelbrot (the demo's) with its axes lazy or computed first, taking turns: ms per call, JVM target. */
public class MandAxes {
    static NDArray axis(int n, double lo, double hi) { return Num.arange(n).mul((hi - lo) / n).add(lo).astype(DType.FLOAT32); }
    static long run(int size, int iters, boolean eval) {
        NDArray cr = axis(size, -2.13, 0.77).reshape(1, size), ci = axis(size, -1.3, 1.3).reshape(size, 1);
        if (eval) { cr.eval(); ci.eval(); }
        NDArray zr = Num.zeros(DType.FLOAT32, size, size), zi = Num.zeros(DType.FLOAT32, size, size), count = Num.zeros(DType.FLOAT32, size, size);
        for (int k = 0; k < iters; k++) {
            NDArray zr2 = zr.mul(zr), zi2 = zi.mul(zi);
            NDArray inside = zr2.add(zi2).le(4.0);
            NDArray nzr = Num.where(inside, zr2.sub(zi2).add(cr), zr);
            NDArray nzi = Num.where(inside, zr.mul(zi).mul(2.0).add(ci), zi);
            NDArray escapes = inside.and(nzr.mul(nzr).add(nzi.mul(nzi)).gt(4.0));
            count = Num.where(escapes, k, count);
            zr = nzr; zi = nzi;
        }
        int[] c = count.astype(DType.INT32).toIntArray();
        long s = 0; for (int x : c) s += x;
        return s;
    }
    public static void main(String[] a) {
        Num.useTarget(a.length > 0 ? a[0] : "jvm");
        for (int w = 0; w < 40; w++) { run(1024, 100, false); run(1024, 100, true); }
        double[][] t = new double[2][15];
        for (int r = 0; r < 15; r++) for (int m = 0; m < 2; m++) {
            long t0 = System.nanoTime(); long s = run(1024, 100, m == 1); t[m][r] = (System.nanoTime() - t0) / 1e6;
            if (s != 3469209) throw new AssertionError(s);
        }
        for (int m = 0; m < 2; m++) { java.util.Arrays.sort(t[m]); System.out.printf("%s: median %.1f ms, min %.1f, max %.1f%n", m == 0 ? "lazy axes" : "axes computed", t[m][7], t[m][0], t[m][14]); }
    }
}
