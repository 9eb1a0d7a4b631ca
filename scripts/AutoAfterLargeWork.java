import io.numfuse.NDArray;
import io.numfuse.Num;
import io.numfuse.core.DType;
import java.util.Arrays;

/**
 * How auto prices a device-resident a+b*c over n float32 after it has seen a device-resident case
 * of 10^7 float64 run on every target (issue 12: what one slow run taught it). First each of jvm,
 * opencl:0 and auto runs x + y*x over 10^7 float64 resident on opencl:0 30 times; then opencl:0
 * and auto take turns on a+b*c, 8 rounds of 200 calls each, the inputs written on opencl:0 before
 * each call (untimed). Prints per round the median call on each target, how many of auto's calls
 * ran on the JVM, and auto's last placement (`Num.lastPlacement()`: each target's prediction).
 * Run from the repository root after a build (./numfuse devices builds the jars); PoCL replaces
 * the JVM's SIGSEGV handler, so the JVM starts with libjsig preloaded (README, "Signal handlers"):
 *
 *   J=$(. scripts/java25.sh && echo $JAVA_HOME)/bin/java
 *   LD_PRELOAD=$(dirname $J)/../lib/libjsig.so $J --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED \
 *      -cp "bench/target/numfuse-bench.jar:bench/target/lib/*" scripts/AutoAfterLargeWork.java 1000000
 */
public class AutoAfterLargeWork {
    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        String device = "opencl:0";
        int m = 10_000_000;
        NDArray x = Num.on(device, () -> Num.random(4, DType.FLOAT64, m).mul(1.0).eval());
        NDArray y = Num.on(device, () -> Num.random(5, DType.FLOAT64, m).mul(1.0).eval());
        for (String t : new String[] { "jvm", device, "auto", "jvm", device, "auto" }) {
            Num.useTarget(t);
            for (int j = 0; j < 15; j++) {
                Num.on(device, () -> { x.assign(x.mul(1.0)); y.assign(y.mul(1.0)); });
                x.add(y.mul(x)).eval();
            }
        }
        NDArray a = Num.on(device, () -> Num.random(1, DType.FLOAT32, n).mul(1.0).eval());
        NDArray b = Num.on(device, () -> Num.random(2, DType.FLOAT32, n).mul(1.0).eval());
        NDArray c = Num.on(device, () -> Num.random(3, DType.FLOAT32, n).mul(1.0).eval());
        String[] targets = { device, "auto" };
        for (int round = 0; round < 8; round++) {
            long[][] t = new long[2][200];
            int onJvm = 0;
            String last = "";
            for (int k = 0; k < 2; k++) {
                Num.useTarget(targets[k]);
                for (int j = 0; j < 200; j++) {
                    Num.on(device, () -> { a.assign(a.mul(1.0)); b.assign(b.mul(1.0)); c.assign(c.mul(1.0)); });
                    long t0 = System.nanoTime();
                    a.add(b.mul(c)).eval();
                    t[k][j] = System.nanoTime() - t0;
                    if (k == 1) {
                        last = Num.lastPlacement();
                        if (last.contains("kernel 0: jvm")) onJvm++;
                    }
                }
            }
            Arrays.sort(t[0]);
            Arrays.sort(t[1]);
            System.out.printf("%s %.0f us, auto %.0f us, auto on jvm %d of 200%n  %s%n", device, t[0][100] / 1e3, t[1][100] / 1e3, onJvm,
                    last.lines().findFirst().orElse(""));
        }
    }
}
