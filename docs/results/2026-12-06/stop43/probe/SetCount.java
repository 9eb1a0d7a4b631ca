import io.numfuse.NDArray;
import io.numfuse.Num;
import io.numfuse.ir.Buffer;
public class SetCount {
    public static void main(String[] args) {
        int n = Integer.parseInt(args[0]);
        String expr = args[1];
        Num.useTarget("jvm");
        NDArray a = Num.random(1, io.numfuse.core.DType.FLOAT64, n).eval();
        NDArray b = Num.random(2, io.numfuse.core.DType.FLOAT64, n).eval();
        NDArray c = Num.random(3, io.numfuse.core.DType.FLOAT64, n).eval();
        for (int round = 0; round < 4; round++) {
            long f0 = Buffer.freshBytesOnThisThread(), s0 = Buffer.sparesTaken();
            long setNs = 0, evNs = 0;
            for (int i = 0; i < 200; i++) {
                long t0 = System.nanoTime();
                a.set(a.getDouble(0), 0); b.set(b.getDouble(0), 0); c.set(c.getDouble(0), 0);
                long t1 = System.nanoTime();
                NDArray r = switch (expr) { case "add" -> a.add(b); case "abc" -> a.add(b.mul(c)); default -> a.mul(a).add(b.mul(b)).sqrt(); };
                r = r.eval();
                double v = r.getDouble(0);
                evNs += System.nanoTime() - t1; setNs += t1 - t0;
            }
            long[] ls = Buffer.lazySnapshots(); System.out.printf("lazy taken %d made %d; ", ls[0], ls[1]);
            System.out.printf("%s n=%d: set %.1f us, eval %.1f us per call; fresh MB/call %.2f; spares taken/call %.2f%n", expr, n, setNs / 200e3, evNs / 200e3,
                (Buffer.freshBytesOnThisThread() - f0) / 200.0 / 1e6, (Buffer.sparesTaken() - s0) / 200.0);
        }
    }
}
