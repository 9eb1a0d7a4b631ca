/**
 * What a loop's kernel costs writing its state in place against writing new arrays (issue 13,
 * BufferReuse in ARCHITECTURE.md): five steps of x += dt*v; v -= dt*x fused into one loop with two
 * outputs, as numfuse's level cuts make them, over 10^6 float64 on one thread. Run:
 *     java scripts/InPlaceVsNewArrays.java [n] [rounds]
 */
public class InPlaceVsNewArrays {
    /** Five fused steps from (x, v) at i into (ox, ov) at i: numfuse's generated loop, written by hand. */
    static void fiveSteps(double[] x, double[] v, double[] ox, double[] ov, int n, double d) {
        for (int i = 0; i < n; i++) {
            double x0 = x[i], v0 = v[i];
            double x1 = x0 + v0 * d, v1 = v0 - x1 * d, x2 = x1 + v1 * d, v2 = v1 - x2 * d, x3 = x2 + v2 * d, v3 = v2 - x3 * d;
            double x4 = x3 + v3 * d, v4 = v3 - x4 * d, x5 = x4 + v4 * d, v5 = v4 - x5 * d;
            ox[i] = x5;
            ov[i] = v5;
        }
    }

    public static void main(String[] a) {
        int n = a.length > 0 ? Integer.parseInt(a[0]) : 1_000_000, rounds = a.length > 1 ? Integer.parseInt(a[1]) : 12;
        double[] x = new double[n], v = new double[n], p = new double[n], q = new double[n];
        for (int i = 0; i < n; i++) { x[i] = Math.random(); v[i] = Math.random(); }
        double d = 1e-3;
        for (int r = 0; r < rounds; r++) {
            long t0 = System.nanoTime();
            for (int k = 0; k < 20; k++) fiveSteps(x, v, x, v, n, d);
            long t1 = System.nanoTime();
            double[] sx = x, sv = v;
            for (int k = 0; k < 20; k++) { double[] nx = new double[n], nv = new double[n]; fiveSteps(sx, sv, nx, nv, n, d); sx = nx; sv = nv; }
            long t2 = System.nanoTime();
            for (int k = 0; k < 20; k += 2) { fiveSteps(x, v, p, q, n, d); fiveSteps(p, q, x, v, n, d); }
            long t3 = System.nanoTime();
            System.out.printf("in place %.0f us/kernel; new arrays %.0f us/kernel; two sets taking turns %.0f us/kernel%n",
                    (t1 - t0) / 1e3 / 20, (t2 - t1) / 1e3 / 20, (t3 - t2) / 1e3 / 20);
        }
    }
}
