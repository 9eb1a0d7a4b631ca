import io.numfuse.NDArray;
import io.numfuse.Num;
import io.numfuse.core.DType;
import java.util.Arrays;

/**
 * What auto's own decisions cost on a plan of several small kernels (issue 12): the plain
 * Jacobi step over an n x n float64 grid in a scope (three kernels: the interior and the frame's
 * copies), the host writing one element of the grid before each step and reading one after, as
 * `numfuse bench selection`'s host cases do. Each target steps a grid of its own for 3 s, then the
 * targets take turns, 31 rounds of `calls` steps; prints the median and the fastest round per step.
 * Run from the repository root after a build (./numfuse devices builds the jars):
 *
 *   J=$(. scripts/java25.sh && echo $JAVA_HOME)/bin/java
 *   LD_PRELOAD=$(dirname $J)/../lib/libjsig.so $J --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED \
 *      -cp "bench/target/numfuse-bench.jar:bench/target/lib/*" scripts/AutoOverheadJacobi.java 100 500 jvm,auto,auto:jvm
 */
public class AutoOverheadJacobi {
    static Object sink;

    static void step(NDArray u) {
        Num.on("jvm", () -> u.set(u.getDouble(0, 0), 0, 0));
        int n = u.shape()[0];
        double dx = 1.0 / (n - 1), dx2 = dx * dx, dy2 = dx2;
        try (var _ = Num.scope()) {
            u.slice("1:-1, 1:-1").assign(u.slice("0:-2, 1:-1").add(u.slice("2:, 1:-1")).mul(dy2)
                    .add(u.slice("1:-1, 0:-2").add(u.slice("1:-1, 2:")).mul(dx2)).div(2 * (dx2 + dy2)));
        }
        sink = u.getDouble(0, 0);
    }

    public static void main(String[] args) {
        int n = Integer.parseInt(args[0]), calls = Integer.parseInt(args[1]);
        String[] targets = args[2].split(",");
        NDArray[] grids = new NDArray[targets.length];
        for (int t = 0; t < targets.length; t++) {
            grids[t] = Num.random(t, DType.FLOAT64, n, n).eval();
            NDArray u = grids[t];
            long start = System.nanoTime();
            while (System.nanoTime() - start < 3_000_000_000L) Num.on(targets[t], () -> step(u));
        }
        int rounds = 31;
        double[][] perStep = new double[targets.length][rounds];
        for (int r = 0; r < rounds; r++) {
            for (int t = 0; t < targets.length; t++) {
                NDArray u = grids[t];
                long t0 = System.nanoTime();
                Num.on(targets[t], () -> { for (int i = 0; i < calls; i++) step(u); });
                perStep[t][r] = (System.nanoTime() - t0) / 1e3 / calls;
            }
        }
        for (int t = 0; t < targets.length; t++) {
            Arrays.sort(perStep[t]);
            System.out.printf("%-9s median %7.1f us a step, fastest round %7.1f us%n", targets[t], perStep[t][rounds / 2], perStep[t][0]);
        }
    }
}
