import io.numfuse.NDArray;
import io.numfuse.Num;
import io.numfuse.core.DType;
import java.util.Arrays;
public class SetOnly {
    public static void main(String[] args) {
        int n = Integer.parseInt(args[0]);
        Num.useTarget("jvm");
        NDArray a = Num.random(3L, DType.FLOAT64, n).eval(), b = Num.random(4L, DType.FLOAT64, n).eval(), c = Num.random(5L, DType.FLOAT64, n).eval();
        NDArray o = Num.zeros(DType.FLOAT64, n);
        for (int mode = 0; mode < 4; mode++) for (int rep = 0; rep < 2; rep++) {
            long[] t = new long[200];
            for (int k = 0; k < 200; k++) {
                if (mode == 1) o.assign(a.add(b.mul(c)));
                if (mode == 2) { NDArray keep = a.mul(a); }
                if (mode == 3) a.mul(a).add(b).eval();
                long t0 = System.nanoTime();
                a.set(0.5, k % n);
                t[k] = System.nanoTime() - t0;
            }
            Arrays.sort(t);
            System.out.printf("mode %d (%s): median %.1f us p90 %.1f%n", mode, new String[]{"alone","after deferred o.assign","after a dropped a*a","after (a*a+b).eval()"}[mode], t[100] / 1e3, t[180] / 1e3);
        }
        System.exit(0);
    }
}
