import io.numfuse.NDArray;
import io.numfuse.Num;
import io.numfuse.core.DType;
import java.util.Arrays;

/**
 * auto against named targets in the pattern of `numfuse bench selection`'s host cases: before
 * each timed call the host rewrites one element of each input (untimed), then
 * o.assign(a + b*c) runs on the target and the host reads one element of o. The targets take
 * turns, each round starting one further on; the median of 41 timed rounds after 200 untimed.
 * Run from the repository root after a build (./numfuse devices builds the jars):
 *
 *   J=$(. scripts/java25.sh && echo $JAVA_HOME)/bin/java
 *   $J --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED \
 *      -cp "bench/target/numfuse-bench.jar:bench/target/lib/*" scripts/AutoVsJvm.java 1000000 jvm,auto,auto:jvm
 */
public class AutoVsJvm {
    public static void main(String[] args) {
        int n = Integer.parseInt(args[0]);
        String[] targets = args[1].split(",");
        NDArray a = Num.random(1L, DType.FLOAT32, n), b = Num.random(2L, DType.FLOAT32, n), c = Num.random(3L, DType.FLOAT32, n);
        NDArray o = Num.zeros(DType.FLOAT32, n);
        int warm = 200, timed = 41;
        long[][] s = new long[targets.length][timed];
        for (int k = 0; k < warm + timed; k++) {
            for (int j = 0; j < targets.length; j++) {
                int t = (j + k) % targets.length;
                Num.on("jvm", () -> { for (NDArray x : new NDArray[] { a, b, c }) x.set(x.getDouble(0), 0); });
                long t0 = System.nanoTime();
                Num.on(targets[t], () -> o.assign(a.add(b.mul(c))));
                o.getDouble(0);
                if (k >= warm) s[t][k - warm] = System.nanoTime() - t0;
            }
        }
        for (int t = 0; t < targets.length; t++) {
            Arrays.sort(s[t]);
            System.out.printf("%-10s n=%d median %d us (min %d, max %d)%n", targets[t], n, s[t][timed / 2] / 1000, s[t][0] / 1000, s[t][timed - 1] / 1000);
        }
        System.exit(0);
    }
}
