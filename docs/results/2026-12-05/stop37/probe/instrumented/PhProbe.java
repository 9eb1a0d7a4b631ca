package io.numfuse.bench;
import io.numfuse.Num;
import io.numfuse.core.DType;
public class PhProbe {
    public static void main(String[] a) throws Exception {
        int n = Integer.parseInt(a[0]);
        double secs = Double.parseDouble(a[1]);
        var f = Class.forName("io.numfuse.runtime.Scheduler").getField("PH"); f.setAccessible(true); long[] PH = (long[]) f.get(null); var g = Class.forName("io.numfuse.runtime.Scheduler").getField("Q"); g.setAccessible(true); long[] Q = (long[]) g.get(null);
        Workloads.Workload w = Workloads.expr("a+b", 2, false, x -> x[0].add(x[1]));
        Workloads.State s1 = Num.on("jvm", () -> w.make(n, DType.FLOAT32)), s2 = Num.on("jvm", () -> w.make(n, DType.FLOAT32));
        long t0 = System.nanoTime(), last = t0;
        long[] tt = new long[2]; long[] cnt = new long[2];
        while (System.nanoTime() - t0 < secs * 1e9) {
            for (int i = 0; i < 2; i++) {
                Workloads.State s = i == 0 ? s1 : s2; int k = i;
                Num.on(i == 0 ? "jvm" : "auto", () -> { long c = System.nanoTime(); for (int j = 0; j < 200; j++) s.call(true); tt[k] += System.nanoTime() - c; cnt[k] += 200; });
            }
            if (System.nanoTime() - last > 1e9) {
                last = System.nanoTime();
                double na = PH[5];
                System.out.printf("call jvm %.2f auto %.2f | auto: pre %.2f decide %.2f stay+record %.2f run %.2f builds %.2f | jvm sched %.2f us%n",
                    tt[0]/1e3/cnt[0], tt[1]/1e3/cnt[1], PH[0]/1e3/na, PH[1]/1e3/na, PH[2]/1e3/na, PH[3]/1e3/na, PH[4]/1e3/na, PH[6]/1e3/PH[7]);
                System.out.println(io.numfuse.runtime.KernelRuns.snapshot()); Num.on("auto", () -> { s2.call(true); System.out.println(io.numfuse.runtime.PeekPlacement.last()); }); System.out.printf("   keys %.2f lookup %.2f validate %.2f again %.2f (n=%d)%n", Q[4]/1e3/na, Q[0]/1e3/Q[3], (Q[1]-Q[0])/1e3/Q[3], Q[2]/1e3/Q[3], Q[3]); java.util.Arrays.fill(Q, 0); java.util.Arrays.fill(PH, 0); tt[0]=tt[1]=cnt[0]=cnt[1]=0;
            }
        }
    }
}
