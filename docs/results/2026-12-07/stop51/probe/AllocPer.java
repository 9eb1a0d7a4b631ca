import io.numfuse.*;
import io.numfuse.core.DType;
/** Java bytes the calling thread allocates per resident call (inputs rewritten on opencl:0 before each), by target. */
public class AllocPer {
    public static void main(String[] args) {
        var mx = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long me = Thread.currentThread().threadId();
        int n = Integer.parseInt(args[0]);
        NDArray a = Num.random(1, DType.FLOAT32, n).eval();
        for (String t : new String[] { "opencl:0", "jvm", "auto", "opencl:0" }) {
            long before = 0, during = 0;
            int rounds = 400;
            for (int r = -rounds; r < rounds; r++) {
                long b0 = mx.getThreadAllocatedBytes(me);
                Num.on("opencl:0", () -> { a.assign(a.mul(1.0)); a.eval(); });
                long b1 = mx.getThreadAllocatedBytes(me);
                Num.on(t, () -> a.mul(0.5).add(1.5).mul(a).sub(2.5).mul(a).add(0.25).eval());
                long b2 = mx.getThreadAllocatedBytes(me);
                if (r >= 0) { before += b1 - b0; during += b2 - b1; }
            }
            System.out.printf("%s: the rewrite on opencl:0 %d bytes, the call %d bytes%n", t, before / rounds, during / rounds);
        }
    }
}
