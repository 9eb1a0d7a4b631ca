import io.numfuse.NDArray;
import io.numfuse.Num;
public class LapPlain {
    public static void main(String[] args) {
        Num.useTarget("jvm");
        int n = 500, steps = 100;
        for (int round = 0; round < 150; round++) {
            NDArray u = Num.arange(n * n).mul(1e-6).reshape(n, n).eval();
            long t0 = System.nanoTime();
            for (int k = 0; k < steps; k++) LapCheck.jacobi(u);
            u.getDouble(1, 1);
            long t1 = System.nanoTime();
            if (round % 10 == 9) System.out.printf("plain %.1f us/step%n", (t1 - t0) / 1e3 / steps);
        }
    }
}
