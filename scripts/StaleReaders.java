import io.numfuse.NDArray;
import io.numfuse.Num;
import io.numfuse.core.DType;
import java.util.Arrays;

/**
 * Writes that take a snapshot for expressions nobody will read again (issue 13, part 6): after
 * `o.assign(expr)` the expression stays a pending reader of its inputs until the collector finds
 * it dead, and a write to an input then preserves the old values for it. Times, per sample:
 *
 *   leapfrog  x.assign(x.add(v.mul(dt))); v.assign(v.sub(x.mul(dt)))   (each write's buffer is read
 *             by the other write's pending expression)
 *   scoped    the same step in a Num.scope(), whose expressions die with it (no stale reader)
 *   set       a.set(s, 0) after o.assign(a.add(b.mul(c)))           (the set alone is timed)
 *
 * one call per sample, the rows taking turns, after 30 untimed calls each. Run from the
 * repository root after a build:
 *
 *   J=$(. scripts/java25.sh && echo $JAVA_HOME)/bin/java
 *   $J -Xss8m -XX:+UseG1GC --add-modules jdk.incubator.vector -Dnumfuse.calibration=off \
 *      -cp "bench/target/numfuse-bench.jar:bench/target/lib/*" scripts/StaleReaders.java [n] [samples] [f32|f64]
 */
public class StaleReaders {
    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000_000;
        int samples = args.length > 1 ? Integer.parseInt(args[1]) : 61;
        DType t = args.length > 2 && args[2].equals("f32") ? DType.FLOAT32 : DType.FLOAT64;
        Num.useTarget("jvm");
        NDArray x = Num.random(1L, t, n).eval(), v = Num.random(2L, t, n).eval();
        NDArray a = Num.random(3L, t, n).eval(), b = Num.random(4L, t, n).eval(), c = Num.random(5L, t, n).eval();
        NDArray o = Num.zeros(t, n);
        double dt = 1e-3;
        Runnable leapfrog = () -> {
            x.assign(x.add(v.mul(dt)));
            v.assign(v.sub(x.mul(dt)));
        };
        Runnable scoped = () -> {
            try (var _ = Num.scope()) {
                leapfrog.run();
            }
        };
        o.assign(a.add(b.mul(c)));
        Runnable set = () -> a.set(0.5, 0);
        Runnable[] rows = { leapfrog, scoped, set };
        String[] names = { "leapfrog", "scoped", "set" };
        for (int k = 0; k < 30; k++) for (Runnable r : rows) { r.run(); o.assign(a.add(b.mul(c))); }
        long[][] s = new long[rows.length][samples];
        for (int k = 0; k < samples; k++) {
            for (int j = 0; j < rows.length; j++) {
                int row = (j + k) % rows.length;
                if (row == 2) o.assign(a.add(b.mul(c)));   // untimed: the expression the set finds pending
                long t0 = System.nanoTime();
                rows[row].run();
                s[row][k] = System.nanoTime() - t0;
            }
        }
        for (int r = 0; r < rows.length; r++) {
            Arrays.sort(s[r]);
            System.out.printf("%s n=%d %-8s median %8.3f ms  min %8.3f  max %8.3f%n", t.numpyName(), n, names[r],
                    s[r][samples / 2] / 1e6, s[r][0] / 1e6, s[r][samples - 1] / 1e6);
        }
        System.exit(0);
    }
}
