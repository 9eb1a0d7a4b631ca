import io.numfuse.*;
import io.numfuse.core.DType;
import java.lang.management.*;
import java.util.*;

/** Per call: a resident a+b*c written into out on opencl:0 and on auto, in turn; wall and calling-thread CPU. */
public class AutoOverhead {
    public static void main(String[] args) {
        int n = Integer.parseInt(System.getProperty("n", "1000000")), calls = Integer.parseInt(args[0]), rounds = Integer.parseInt(args[1]);
        String dev = "opencl:0";
        NDArray a = NumFactories.random(1, DType.FLOAT32, n), b = NumFactories.random(2, DType.FLOAT32, n), c = NumFactories.random(3, DType.FLOAT32, n), out = NumFactories.zeros(DType.FLOAT32, n);
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        String[] targets = args.length > 2 ? args[2].split(",") : new String[] { dev, "auto" };
        int T = targets.length; double[][] wall = new double[T][rounds], cpu = new double[T][rounds], proc = new double[T][rounds], alloc = new double[T][rounds];
        var tmx = (com.sun.management.ThreadMXBean) mx;
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        for (int r = -3; r < rounds; r++) {
            for (int t = 0; t < T; t++) {
                Num.on(dev, () -> { for (NDArray x : List.of(a, b, c, out)) x.assign(x.mul(1.0)); });
                String on = targets[t];
                long a0 = tmx.getCurrentThreadAllocatedBytes(), p0 = os.getProcessCpuTime(), c0 = mx.getCurrentThreadCpuTime(), t0 = System.nanoTime();
                Num.on(on, () -> { for (int i = 0; i < calls; i++) out.assign(a.add(b.mul(c))); });
                long t1 = System.nanoTime(), c1 = mx.getCurrentThreadCpuTime(), p1 = os.getProcessCpuTime(), a1 = tmx.getCurrentThreadAllocatedBytes();
                if (r >= 0) { wall[t][r] = (t1 - t0) / 1e3 / calls; cpu[t][r] = (c1 - c0) / 1e3 / calls; proc[t][r] = (p1 - p0) / 1e3 / calls; alloc[t][r] = (a1 - a0) / (double) calls; }
            }
        }
        for (int t = 0; t < T; t++) {
            Arrays.sort(wall[t]); Arrays.sort(cpu[t]); Arrays.sort(proc[t]); Arrays.sort(alloc[t]);
            System.out.printf("%-9s wall %.1f us (%.1f-%.1f)  caller cpu %.1f us (%.1f-%.1f)  process cpu %.1f us  alloc %.0f B/call%n", targets[t], wall[t][rounds/2], wall[t][0], wall[t][rounds-1], cpu[t][rounds/2], cpu[t][0], cpu[t][rounds-1], proc[t][rounds/2], alloc[t][rounds/2]);
        }
        System.out.println(Num.class.getName());
    }
}
