import io.numfuse.NDArray;
import io.numfuse.Num;
import io.numfuse.core.DType;
import io.numfuse.runtime.OpenClTarget;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Issue 5's and issue 11's "no leak over a million evaluations": a million small operations on
 * one target (default opencl:0), a mix of new results, writes into an array, Jacobi steps in a
 * scope, reductions and expressions that are built and never evaluated, with an observation
 * every thousand. Every 100,000 it prints the device buffers
 * numfuse holds (copies, partials, flags, not the spares it keeps for reuse), the process's
 * resident memory and the Java heap in use after a collection; they must level off, not grow.
 * Run from the repository root after a build (./numfuse devices builds the jars):
 *
 *   J=$(. scripts/java25.sh && echo $JAVA_HOME)/bin/java
 *   $J --enable-native-access=ALL-UNNAMED --add-modules jdk.incubator.vector \
 *      -cp "bench/target/numfuse-bench.jar:bench/target/lib/*" scripts/Soak.java [opencl:0] [evaluations]
 */
public class Soak {
    public static void main(String[] args) throws Exception {
        String target = args.length > 0 ? args[0] : "opencl:0";
        int total = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        Num.useTarget(target);
        NDArray a = Num.random(1, DType.FLOAT32, 64).eval(), b = Num.random(2, DType.FLOAT32, 64).eval();
        NDArray out = Num.zeros(DType.FLOAT32, 64);
        NDArray grid = Num.zeros(DType.FLOAT64, 16, 16);
        grid.slice("0, :").assign(1.0);
        double check = 0;
        NDArray lazy = null;
        long t0 = System.nanoTime();
        System.out.printf("%-12s %-14s %-10s %-12s %s%n", "evaluations", "device buffers", "RSS MiB", "heap MiB", "s");
        for (int k = 1; k <= total; k++) {
            switch (k % 5) {
                case 0 -> check += k % 1000 == 0 ? a.mul(k % 5).add(b).eval().getDouble(7) : a.mul(k % 5).add(b).eval().size();
                case 1 -> out.assign(a.sub(b.mul(0.5)));
                case 2 -> {
                    try (var _ = Num.scope()) {
                        grid.slice("1:-1, 1:-1").assign(grid.slice(":-2, 1:-1").add(grid.slice("2:, 1:-1"))
                                .add(grid.slice("1:-1, :-2")).add(grid.slice("1:-1, 2:")).mul(0.25));
                    }
                }
                case 3 -> check += k % 1000 == 3 ? a.add(b).sum().item() : 0;
                default -> lazy = a.mul(k % 7).add(b.sin());                 // built and never evaluated
            }
            if (k % 100_000 == 0) {
                System.gc();
                Thread.sleep(50);
                Runtime rt = Runtime.getRuntime();
                System.out.printf("%-12d %-14d %-10d %-12d %.1f%n", k, OpenClTarget.transfers().liveMemObjects(), rssMiB(),
                        (rt.totalMemory() - rt.freeMemory()) >> 20, (System.nanoTime() - t0) / 1e9);
            }
        }
        System.out.printf("checksum %.6f, grid[1, 8] %.6f%n", check, grid.getDouble(1, 8));
    }

    private static long rssMiB() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("\\D", "")) >> 10;
        }
        return -1;
    }
}
