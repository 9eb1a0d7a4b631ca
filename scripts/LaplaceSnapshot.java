import io.numfuse.NDArray;
import io.numfuse.Num;
import io.numfuse.core.DType;

/**
 * What a Jacobi step's snapshot costs: a 500x500 float64 step written into the grid it reads
 * (laziness rule 2 takes a snapshot), against the same step written into another array (no
 * snapshot), 200 steps a sample, ten samples, on the target given (default opencl:0).
 * Run from the repository root after a build (./numfuse devices builds the jars):
 *
 *   J=$(. scripts/java25.sh && echo $JAVA_HOME)/bin/java
 *   $J --enable-native-access=ALL-UNNAMED --add-modules jdk.incubator.vector \
 *      -cp "bench/target/numfuse-bench.jar:bench/target/lib/*" scripts/LaplaceSnapshot.java [jvm|opencl:0]
 */
public class LaplaceSnapshot {
    static NDArray step(NDArray u, double dx2, double dy2) {
        return u.slice("0:-2, 1:-1").add(u.slice("2:, 1:-1")).mul(dy2)
                .add(u.slice("1:-1, 0:-2").add(u.slice("1:-1, 2:")).mul(dx2))
                .div(2 * (dx2 + dy2));
    }

    public static void main(String[] args) {
        Num.useTarget(args.length > 0 ? args[0] : "opencl:0");
        int n = 500, steps = 200;
        double dx = 1.0 / (n - 1), dx2 = dx * dx, dy2 = dx2;
        NDArray u = Num.arange(n * n).mul(1e-6).reshape(n, n).eval();
        NDArray w = Num.zeros(DType.FLOAT64, n, n);
        for (int sample = 0; sample < 10; sample++) {
            long t0 = System.nanoTime();
            for (int k = 0; k < steps; k++) u.slice("1:-1, 1:-1").assign(step(u, dx2, dy2));
            long t1 = System.nanoTime();
            for (int k = 0; k < steps; k++) w.slice("1:-1, 1:-1").assign(step(u, dx2, dy2));
            long t2 = System.nanoTime();
            System.out.printf("in place %.1f us per step, into another array %.1f us%n", (t1 - t0) / 1e3 / steps, (t2 - t1) / 1e3 / steps);
        }
    }
}
