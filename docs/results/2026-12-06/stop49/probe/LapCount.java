import io.numfuse.NDArray;
import io.numfuse.Num;
import io.numfuse.runtime.KernelRuns;
public class LapCount {
    public static void main(String[] args) {
        Num.useTarget("jvm");
        int n = Integer.parseInt(args[0]), steps = 100;
        NDArray u = Num.arange(n * n).mul(1e-6).reshape(n, n).eval();
        var before = KernelRuns.snapshot();
        for (int k = 0; k < steps; k++) LapCheck.jacobi(u);
        u.getDouble(1, 1);
        System.out.println(KernelRuns.since(before) + " fresh " + io.numfuse.ir.Buffer.freshBytesOnThisThread());
    }
}
