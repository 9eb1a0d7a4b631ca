import io.numfuse.NDArray;
import io.numfuse.Num;

public class LapCheck {
    static void jacobi(NDArray u) {
        int n = u.shape()[0];
        double dx = 1.0 / (n - 1), dx2 = dx * dx, dy2 = dx2;
        u.slice("1:-1, 1:-1").assign(
                u.slice("0:-2, 1:-1").add(u.slice("2:, 1:-1")).mul(dy2)
                 .add(u.slice("1:-1, 0:-2").add(u.slice("1:-1, 2:")).mul(dx2))
                 .div(2 * (dx2 + dy2)));
    }
    static double[] hand(int n, int steps) {
        double[] u = new double[n * n];
        for (int i = 0; i < n * n; i++) u[i] = (i % 7) * 0.125 + (i / n) * 0.01;
        double[] v = u.clone();
        double dx = 1.0 / (n - 1), dx2 = dx * dx, dy2 = dx2, den = 2 * (dx2 + dy2);
        for (int k = 0; k < steps; k++) {
            for (int i = 1; i < n - 1; i++) for (int j = 1; j < n - 1; j++)
                v[i * n + j] = ((u[(i - 1) * n + j] + u[(i + 1) * n + j]) * dy2 + (u[i * n + j - 1] + u[i * n + j + 1]) * dx2) / den;
            double[] t = u; u = v; v = t;
        }
        return u;
    }
    public static void main(String[] args) {
        Num.useTarget(args.length > 0 ? args[0] : "jvm");
        for (int[] c : new int[][] { {5, 1}, {6, 3}, {50, 100}, {64, 300}, {500, 100} }) {
            int n = c[0], steps = c[1];
            double[] init = new double[n * n];
            for (int i = 0; i < n * n; i++) init[i] = (i % 7) * 0.125 + (i / n) * 0.01;
            NDArray u = Num.array(init).reshape(n, n).eval();
            for (int k = 0; k < steps; k++) jacobi(u);
            double[] got = u.toDoubleArray(), want = hand(n, steps);
            double err = 0;
            for (int i = 0; i < want.length; i++) err = Math.max(err, Math.abs(got[i] - want[i]));
            System.out.printf("n=%d steps=%d max err %.3g%n", n, steps, err);
        }
    }
}
