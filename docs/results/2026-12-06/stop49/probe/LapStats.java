import io.numfuse.NDArray;
import io.numfuse.Num;
import io.numfuse.core.DType;
import java.lang.management.*;
import java.lang.reflect.*;

public class LapStats {
    static long gcCount() { long c = 0; for (var g : ManagementFactory.getGarbageCollectorMXBeans()) c += g.getCollectionCount(); return c; }
    static long gcTime() { long c = 0; for (var g : ManagementFactory.getGarbageCollectorMXBeans()) c += g.getCollectionTime(); return c; }
    public static void main(String[] args) throws Exception {
        Num.useTarget(args.length > 0 ? args[0] : "jvm");
        Class<?> hs = Class.forName("io.numfuse.ir.HostSpares");
        Method stats = hs.getDeclaredMethod("stats"); stats.setAccessible(true);
        int n = 500, steps = 100;
        NDArray u = Num.arange(n * n).mul(1e-6).reshape(n, n).eval();
        for (int s = 0; s < 15; s++) {
            long f0 = io.numfuse.ir.Buffer.freshBytesOnThisThread(); long[] a = (long[]) stats.invoke(null); long g0 = gcCount(), t0g = gcTime();
            long t0 = System.nanoTime();
            for (int k = 0; k < steps; k++) LapCheck.jacobi(u);
            u.getDouble(1, 1);
            long t1 = System.nanoTime();
            long[] b = (long[]) stats.invoke(null);
            System.out.printf("fresh %.2f MB/step %.1f us/step  taken %d missed %d requests %d  gc %d (%d ms) held %d%n", (io.numfuse.ir.Buffer.freshBytesOnThisThread() - f0) / 1e6 / steps, (t1 - t0) / 1e3 / steps,
                b[2] - a[2], b[3] - a[3], b[4] - a[4], gcCount() - g0, gcTime() - t0g, b[0]);
        }
    }
}
