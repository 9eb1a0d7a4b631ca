import io.numfuse.*;
import io.numfuse.core.DType;
/** The selection suite's Mandelbrot step (1000x1000 float32, three writes in a scope) on jvm and auto, taking turns. */
public class StepAuto {
    static NDArray zr, zi, count, cr, ci;
    static void step() {
        try (var _ = Num.scope()) {
            NDArray zr2 = zr.mul(zr), zi2 = zi.mul(zi);
            NDArray inside = zr2.add(zi2).le(4.0);
            NDArray nzr = Num.where(inside, zr2.sub(zi2).add(cr), zr);
            NDArray nzi = Num.where(inside, zr.mul(zi).mul(2.0).add(ci), zi);
            count.assign(count.add(inside.astype(DType.INT32)));
            zi.assign(nzi);
            zr.assign(nzr);
        }
    }
    public static void main(String[] a) {
        int s = 1000; DType dt = DType.FLOAT32;
        cr = Num.arange(s).astype(dt).mul(2.5 / s).add(-2.0).eval().reshape(1, s).broadcastTo(s, s);
        ci = Num.arange(s).astype(dt).mul(2.5 / s).add(-1.25).eval().reshape(s, 1).broadcastTo(s, s);
        zr = Num.zeros(dt, s, s); zi = Num.zeros(dt, s, s); count = Num.zeros(DType.INT32, s, s);
        String[] ts = { "jvm", "auto" };
        for (int w = 0; w < 3000; w++) { Num.useTarget(ts[w % 2]); step(); }
        double[][] t = new double[2][101];
        for (int r = 0; r < 101; r++) for (int m = 0; m < 2; m++) {
            Num.useTarget(ts[m]);
            long t0 = System.nanoTime(); step(); t[m][r] = (System.nanoTime() - t0) / 1e3;
        }
        Num.useTarget("auto"); step(); System.out.println(Num.lastPlacement());
        for (int m = 0; m < 2; m++) { java.util.Arrays.sort(t[m]); System.out.printf("%s: median %.0f us, min %.0f, p90 %.0f%n", ts[m], t[m][50], t[m][0], t[m][90]); }
    }
}
