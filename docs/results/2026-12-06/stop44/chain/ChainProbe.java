package io.numfuse.runtime;

import io.numfuse.core.DType;
import io.numfuse.ir.*;
import java.util.*;

/** One evaluation of a chain of k small kernels on a device against one kernel: what a kernel after the first costs. Args: N MAXBODY SECONDS */
public class ChainProbe {
    public static void main(String[] a) {
        int n = Integer.parseInt(a[0]);
        int maxBody = Integer.parseInt(a[1]);
        double secs = Double.parseDouble(a[2]);
        OpenClTarget d = OpenClTarget.all().get(0);
        Buffer b = Buffer.allocate(DType.FLOAT32, n);
        for (int i = 0; i < n; i++) b.setDouble(i, i * 1e-3);
        View x0 = Executor.evaluate(Graph.binary(Op.MUL, Graph.leaf(View.contiguous(b, n)), Graph.scalar(DType.FLOAT32, 1.0)), null, d);   // resident on the device
        Node x = Graph.leaf(x0);
        java.util.function.Supplier<Node> expr = () -> {
            Node e = x;
            for (int i = 0; i < 8; i++) e = Graph.binary(Op.ADD, Graph.binary(Op.MUL, e, Graph.scalar(DType.FLOAT32, 0.5)), x);
            return e;
        };
        int chainK = Fusion.plan(expr.get(), null, maxBody).kernels().size(), oneK = Fusion.plan(expr.get()).kernels().size();
        System.out.printf("chain of %d kernels vs %d%n", chainK, oneK);
        List<Double> chain = new ArrayList<>(), one = new ArrayList<>();
        long t0 = System.nanoTime(), last = t0;
        while (System.nanoTime() - t0 < secs * 1e9) {
            for (int r = 0; r < 50; r++) {
                List<Kernel> ks = Fusion.plan(expr.get(), null, maxBody).kernels();
                d.prepare(ks);
                long c0 = System.nanoTime();
                Scheduler.run(ks, d, false, false);
                chain.add((System.nanoTime() - c0) / 1e3);
                List<Kernel> k1 = Fusion.plan(expr.get()).kernels();
                d.prepare(k1);
                c0 = System.nanoTime();
                Scheduler.run(k1, d, false, false);
                one.add((System.nanoTime() - c0) / 1e3);
            }
            if (System.nanoTime() - last > 2e9) {
                last = System.nanoTime();
                double[] c = chain.stream().mapToDouble(Double::doubleValue).sorted().toArray(), o = one.stream().mapToDouble(Double::doubleValue).sorted().toArray();
                System.out.printf("%5.1f s  chain(%d) %.1f us [%.1f-%.1f]  one(%d) %.1f us [%.1f-%.1f]  per extra kernel %.1f us%n", (last - t0) / 1e9, chainK, c[c.length / 2], c[c.length / 4], c[3 * c.length / 4], oneK, o[o.length / 2], o[o.length / 4], o[3 * o.length / 4], (c[c.length / 2] - o[o.length / 2]) / (chainK - oneK));
                chain.clear(); one.clear();
            }
        }
    }
}
