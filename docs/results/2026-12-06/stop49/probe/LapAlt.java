import io.numfuse.NDArray;
import io.numfuse.Num;
public class LapAlt {
    public static void main(String[] args) {
        Num.useTarget("jvm");
        int n = 500, steps = 100;
        for (int round = 0; round < 60; round++) {
            NDArray u = Num.arange(n * n).mul(1e-6).reshape(n, n).eval();
            long t0 = System.nanoTime();
            for (int k = 0; k < steps; k++) LapCheck.jacobi(u);
            u.getDouble(1, 1);
            long t1 = System.nanoTime();
            NDArray w = Num.arange(n * n).mul(1e-6).reshape(n, n).eval();
            long t2 = System.nanoTime();
            for (int k = 0; k < steps; k++) try (var s = Num.scope()) { LapCheck.jacobi(w); }
            w.getDouble(1, 1);
            long t3 = System.nanoTime();
            System.out.printf("plain %.1f  scoped %.1f us/step%n", (t1 - t0) / 1e3 / steps, (t3 - t2) / 1e3 / steps);
        }
    }
}
