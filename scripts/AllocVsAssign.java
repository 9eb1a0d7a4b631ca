import io.numfuse.NDArray;
import io.numfuse.Num;
import io.numfuse.core.DType;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.Arrays;

/**
 * What allocating a large result costs (issue 13, part 6): `a.add(b.mul(c)).eval()` (alloc: a
 * new result per call, the previous one dropped, as a loop that keeps its latest result does)
 * against the same expression written into an existing array, `o.assign(...)` (into), one call
 * per sample, the two rows taking turns. Before the samples each row is warmed up: 5,000 calls
 * on 1,000 elements (so that the JIT compiles numfuse's host code) and 30 calls at full size.
 * Prints, per dtype, each row's median, 90th percentile, min and max, the ratio alloc/into of the
 * medians and of the worst samples, and the collections the samples paid for. Run from the
 * repository root after a build (./numfuse devices builds the jars):
 *
 *   J=$(. scripts/java25.sh && echo $JAVA_HOME)/bin/java
 *   $J -Xss8m -XX:+UseParallelGC --add-modules jdk.incubator.vector -Dnumfuse.calibration=off \
 *      -cp "bench/target/numfuse-bench.jar:bench/target/lib/*" scripts/AllocVsAssign.java [n] [samples] [f32,f64]
 *
 * (the launcher's flags; scripts/alloc_flags.sh runs it under several sets of JVM flags).
 */
public class AllocVsAssign {
    static volatile Object sink;

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000_000;
        int samples = args.length > 1 ? Integer.parseInt(args[1]) : 61;
        String[] dtypes = (args.length > 2 ? args[2] : "f32,f64").split(",");
        Num.useTarget("jvm");
        for (String d : dtypes) run(d.equals("f32") ? DType.FLOAT32 : DType.FLOAT64, n, samples);
        System.exit(0);
    }

    static void run(DType t, int n, int samples) {
        NDArray a = Num.random(1L, t, n).eval(), b = Num.random(2L, t, n).eval(), c = Num.random(3L, t, n).eval();
        NDArray o = Num.zeros(t, n);
        NDArray sa = Num.random(1L, t, 1000).eval(), sb = Num.random(2L, t, 1000).eval(), sc = Num.random(3L, t, 1000).eval();
        NDArray so = Num.zeros(t, 1000);
        for (int k = 0; k < 5000; k++) {
            sink = sa.add(sb.mul(sc)).eval();
            so.assign(sa.add(sb.mul(sc)));
        }
        NDArray[] last = new NDArray[1];
        Runnable alloc = () -> last[0] = a.add(b.mul(c)).eval();
        Runnable into = () -> o.assign(a.add(b.mul(c)));
        for (int k = 0; k < 30; k++) { alloc.run(); into.run(); }
        long[][] s = new long[2][samples];
        long gcCount = gcCount(), gcMillis = gcMillis(), faults = minorFaults();
        for (int k = 0; k < samples; k++) {
            for (int j = 0; j < 2; j++) {
                int row = (j + k) % 2;   // each round starts with the other row
                long t0 = System.nanoTime();
                (row == 0 ? alloc : into).run();
                s[row][k] = System.nanoTime() - t0;
            }
        }
        gcCount = gcCount() - gcCount;
        gcMillis = gcMillis() - gcMillis;
        faults = minorFaults() - faults;
        if (last[0].getDouble(n - 1) != o.getDouble(n - 1)) throw new AssertionError("alloc and into differ");
        if (Boolean.getBoolean("samples")) {   // each alloc sample in order, in ms (-Dsamples=true)
            StringBuilder line = new StringBuilder("alloc samples:");
            for (long x : s[0]) line.append(String.format(" %.1f", x / 1e6));
            System.out.println(line);
        }
        String[] names = { "alloc", "into" };
        double[] med = new double[2], max = new double[2];
        for (int r = 0; r < 2; r++) {
            Arrays.sort(s[r]);
            med[r] = s[r][samples / 2] / 1e6;
            max[r] = s[r][samples - 1] / 1e6;
            System.out.printf("%s n=%d %-5s median %7.2f ms  p90 %7.2f  min %7.2f  max %7.2f%n", t.numpyName(), n, names[r], med[r],
                    s[r][(int) (samples * 0.9)] / 1e6, s[r][0] / 1e6, max[r]);
        }
        System.out.printf("%s n=%d alloc/into: median %.2fx, worst %.2fx; %d samples per row; %d collections, %d ms; %d page faults%s%n",
                t.numpyName(), n, med[0] / med[1], max[0] / max[1], samples, gcCount, gcMillis, faults, spares());
    }

    /** The process's minor page faults so far (Linux), or -1. */
    static long minorFaults() {
        try {
            String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/self/stat"));
            return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[7]);
        } catch (Exception e) {
            return -1;
        }
    }

    /** numfuse's host spares (held, bytes, takes served, large takes missed), when this version has them. */
    static String spares() {
        try {
            var m = Class.forName("io.numfuse.ir.HostSpares").getDeclaredMethod("stats");
            m.setAccessible(true);
            return "; spares " + Arrays.toString((long[]) m.invoke(null));
        } catch (ReflectiveOperationException | RuntimeException e) {
            return "";
        }
    }

    static long gcCount() {
        long c = 0;
        for (GarbageCollectorMXBean g : ManagementFactory.getGarbageCollectorMXBeans()) c += Math.max(0, g.getCollectionCount());
        return c;
    }

    static long gcMillis() {
        long c = 0;
        for (GarbageCollectorMXBean g : ManagementFactory.getGarbageCollectorMXBeans()) c += Math.max(0, g.getCollectionTime());
        return c;
    }
}
