import io.numfuse.*;
import io.numfuse.core.DType;
/** Resident poly3 over n float32 on opencl:0 (inputs rewritten there before each call): median time per call, and the collections in the timed rounds. */
public class Young {
    public static void main(String[] args) throws Exception {
        int n = Integer.parseInt(args[0]), rounds = Integer.parseInt(args[1]);
        NDArray a = Num.random(1, DType.FLOAT32, n).eval();
        var gcs = java.lang.management.ManagementFactory.getGarbageCollectorMXBeans();
        var live = Class.forName("io.numfuse.runtime.DeviceMemory").getDeclaredField("liveMemObjects"); live.setAccessible(true);
        var mem = (java.util.concurrent.atomic.AtomicInteger) live.get(null);
        for (int phase = 0; phase < 3; phase++) {
            double[] t = new double[rounds];
            long c0 = gcs.stream().mapToLong(g -> g.getCollectionCount()).sum();
            for (int r = 0; r < rounds; r++) {
                Num.on("opencl:0", () -> { a.assign(a.mul(1.0)); a.eval(); });
                long t0 = System.nanoTime();
                Num.on("opencl:0", () -> a.mul(0.5).add(1.5).mul(a).sub(2.5).mul(a).add(0.25).eval());
                t[r] = (System.nanoTime() - t0) / 1e3;
            }
            long c1 = gcs.stream().mapToLong(g -> g.getCollectionCount()).sum();
            java.util.Arrays.sort(t);
            System.out.printf("phase %d: median %.0f us (p10 %.0f, p90 %.0f); collections %d; device buffers live %d%n", phase, t[rounds / 2], t[rounds / 10], t[rounds * 9 / 10], c1 - c0, mem.get());
        }
    }
}
