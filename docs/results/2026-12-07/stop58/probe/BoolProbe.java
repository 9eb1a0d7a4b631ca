import io.numfuse.NDArray;
import io.numfuse.Num;
import io.numfuse.core.DType;
import java.util.Arrays;

/** Times c.assign(a > b) (a bool store) and r.assign(where(c, a, b)) (a bool load) over 10^6 float64 on the JVM: medians of 301 calls after 2000 warm-up calls. */
public class BoolProbe {
    public static void main(String[] args) {
        Num.useTarget("jvm");
        int n = 1_000_000;
        NDArray a = Num.random(1, DType.FLOAT64, n), b = Num.random(2, DType.FLOAT64, n);
        NDArray c = Num.zeros(DType.BOOL, n), r = Num.zeros(DType.FLOAT64, n);
        for (int i = 0; i < 2000; i++) { c.assign(a.gt(b)); r.assign(Num.where(c, a, b)); r.sum().item(); }
        double[] store = new double[301], load = new double[301];
        for (int i = 0; i < store.length; i++) {
            long t0 = System.nanoTime(); c.assign(a.gt(b)); c.sum().item(); long t1 = System.nanoTime();
            r.assign(Num.where(c, a, b)); r.sum().item(); long t2 = System.nanoTime();
            store[i] = (t1 - t0) / 1e3; load[i] = (t2 - t1) / 1e3;
        }
        Arrays.sort(store); Arrays.sort(load);
        System.out.printf("vector API %s: a > b into bools %.0f us (p25 %.0f, p75 %.0f), where(c, a, b) %.0f us (p25 %.0f, p75 %.0f)%n",
            ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent() ? "on" : "off",
            store[150], store[75], store[225], load[150], load[75], load[225]);
    }
}
