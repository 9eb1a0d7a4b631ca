// put(a, idx, v) as a scatter (issue 16): k random int64 indices (repeats included) into n float32
// elements on the given targets, next to the sequential Java loop a[idx[j]] = v[j % len] (what
// NumPy's put does). On a device target the array and the values are computed there first, so
// that they are resident (the device's scatter, nf_put, writes them there). Run from the
// repository root after ./numfuse devices has built the jars:
//   J=$(. scripts/java25.sh && echo $JAVA_HOME)/bin/java
//   LD_PRELOAD=$(dirname $J)/../lib/libjsig.so $J --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED \
//      -Dnumfuse.calibration=off -cp "bench/target/numfuse-bench.jar:bench/target/lib/*" scripts/PutScatter.java 10000000 1000000 11 jvm,opencl:0
// Prints one line per case: RESULT <case> <n> <k> <median ms> <min ms> <max ms>.
import io.numfuse.*;
import io.numfuse.core.DType;
import java.util.*;

public class PutScatter {
    interface Run { void run(); }

    static void measure(String name, int n, int k, int reps, Run r) {
        for (int w = 0; w < 3; w++) r.run();
        double[] s = new double[reps];
        for (int i = 0; i < reps; i++) {
            long t0 = System.nanoTime();
            r.run();
            s[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(s);
        System.out.printf(Locale.ROOT, "RESULT %s %d %d %.3f %.3f %.3f%n", name, n, k, s[reps / 2], s[0], s[reps - 1]);
    }

    public static void main(String[] args) {
        int n = Integer.parseInt(args[0]), k = Integer.parseInt(args[1]), reps = Integer.parseInt(args[2]);
        String[] targets = args[3].split(",");
        SplittableRandom rnd = new SplittableRandom(16);
        long[] idx = new long[k];
        for (int j = 0; j < k; j++) idx[j] = rnd.nextInt(n);
        NDArray index = Num.array(idx);
        for (String t : targets) {
            Num.useTarget(t);
            NDArray a = Num.random(1, DType.FLOAT32, n).mul(1.0f).eval(), v = Num.random(2, DType.FLOAT32, k).mul(1.0f).eval();
            measure("numfuse:" + t, n, k, reps, () -> a.put(index, v));
        }
        float[] a = new float[n], v = Num.random(2, DType.FLOAT32, k).toFloatArray();
        measure("java-loop", n, k, reps, () -> { for (int j = 0; j < k; j++) a[(int) idx[j]] = v[j]; });
    }
}
