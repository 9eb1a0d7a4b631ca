import io.numfuse.NDArray;
import io.numfuse.Num;
import io.numfuse.core.DType;
import java.lang.reflect.Field;
import java.util.Arrays;

/**
 * Measures where a second thread starts to pay on this machine, for the JVM backend's
 * threshold (JvmTarget.parallelWork): a+b*c float32 over 2^12..2^20 elements, and a float64
 * Jacobi step over grids of 64..700, each on one thread and on two, alternating, median of 9.
 * Run from the repository root after a build (./numfuse devices builds the jars):
 *
 *   J=$(. scripts/java25.sh && echo $JAVA_HOME)/bin/java
 *   $J --add-modules jdk.incubator.vector -cp "bench/target/numfuse-bench.jar:bench/target/lib/*" scripts/ThreadThreshold.java
 */
public class ThreadThreshold {
    static Field parallelWork;

    public static void main(String[] args) throws Exception {
        parallelWork = Class.forName("io.numfuse.runtime.JvmTarget").getDeclaredField("parallelWork");
        parallelWork.setAccessible(true);
        for (int lg = 12; lg <= 20; lg++) {
            int n = 1 << lg;
            NDArray a = Num.random(1, DType.FLOAT32, n), b = Num.random(2, DType.FLOAT32, n), c = Num.random(3, DType.FLOAT32, n);
            NDArray o = Num.zeros(DType.FLOAT32, n);
            double[] t = time(Math.max(20, (1 << 24) / n), () -> o.assign(a.add(b.mul(c))));
            System.out.printf("a+b*c 2^%d elements (work %.1fM): 1 thread %.2f us, 2 threads %.2f us%n", lg, n * 5 / 1e6, t[0], t[1]);
        }
        for (int n : new int[] { 64, 100, 150, 200, 300, 400, 500, 700 }) {
            double dx = 1.0 / (n - 1), dx2 = dx * dx, dy2 = dx2;
            NDArray u = Num.arange(n * n).mul(1e-6).reshape(n, n).eval();
            NDArray w = Num.zeros(DType.FLOAT64, n, n);
            double[] t = time(Math.max(20, (1 << 22) / (n * n)), () -> w.slice("1:-1, 1:-1").assign(
                    u.slice("0:-2, 1:-1").add(u.slice("2:, 1:-1")).mul(dy2)
                     .add(u.slice("1:-1, 0:-2").add(u.slice("1:-1, 2:")).mul(dx2)).div(2 * (dx2 + dy2))));
            System.out.printf("jacobi %dx%d (work %.1fM): 1 thread %.2f us, 2 threads %.2f us%n", n, n, (n - 2) * (n - 2) * 13 / 1e6, t[0], t[1]);
        }
    }

    /** Median microseconds per call on one thread and on two, alternating. */
    static double[] time(int iters, Runnable call) throws Exception {
        double[][] med = new double[2][9];
        for (int rep = 0; rep < 9; rep++) {
            for (int mode = 0; mode < 2; mode++) {
                parallelWork.set(null, mode == 0 ? Long.MAX_VALUE : 1L);
                for (int k = 0; k < iters / 4; k++) call.run();
                long t0 = System.nanoTime();
                for (int k = 0; k < iters; k++) call.run();
                med[mode][rep] = (System.nanoTime() - t0) / 1e3 / iters;
            }
        }
        Arrays.sort(med[0]);
        Arrays.sort(med[1]);
        return new double[] { med[0][4], med[1][4] };
    }
}
