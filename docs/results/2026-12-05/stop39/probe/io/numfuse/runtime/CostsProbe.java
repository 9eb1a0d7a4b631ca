package io.numfuse.runtime;

import io.numfuse.Num;
import io.numfuse.NDArray;
import io.numfuse.core.DType;
import io.numfuse.ir.*;
import java.util.*;

/** Times the pieces of SmallWork.costs for a resident a+b*c over N float32, after warming auto on it. */
public class CostsProbe {
    public static void main(String[] args) {
        int n = Integer.parseInt(args[0]);
        NDArray[] in = Num.on("opencl:0", () -> new NDArray[] { Num.random(1, DType.FLOAT32, n).mul(1.0).eval(), Num.random(2, DType.FLOAT32, n).mul(1.0).eval(), Num.random(3, DType.FLOAT32, n).mul(1.0).eval() });
        Num.useTarget("auto");
        for (int i = 0; i < 3000; i++) {
            Num.on("opencl:0", () -> { for (NDArray a : in) a.assign(a.mul(1.0)); });
            in[0].add(in[1].mul(in[2])).eval();
        }
        AutoTarget auto = (AutoTarget) Targets.parse("auto");
        Node root = Graph.binary(Op.ADD, Graph.leaf(View.contiguous(Buffer.allocate(DType.FLOAT32, n), n)), Graph.binary(Op.MUL, Graph.leaf(View.contiguous(Buffer.allocate(DType.FLOAT32, n), n)), Graph.leaf(View.contiguous(Buffer.allocate(DType.FLOAT32, n), n))));
        List<Kernel> ks;
        GraphLock.lock();
        try { ks = Fusion.plan(root, null, auto.kernelLimits()).kernels(); } finally { GraphLock.unlock(); }
        Kernel k = ks.get(0);
        KernelKey key = k.key();
        for (int round = 0; round < 5; round++) {
            long t0 = System.nanoTime(); int N = 100_000; double sink = 0;
            for (int i = 0; i < N; i++) sink += SmallWork.costs(auto, k, key, "opencl:0").jvm();
            long t1 = System.nanoTime();
            for (int i = 0; i < N; i++) sink += Placement.LEARNING.factor("opencl:0", key, k.size(), "x");
            long t2 = System.nanoTime();
            for (int i = 0; i < N; i++) sink += Placement.LEARNING.runsOf("jvm", key, k.size());
            long t3 = System.nanoTime();
            for (int i = 0; i < N; i++) sink += auto.candidates().size();
            long t4 = System.nanoTime();
            System.out.printf(Locale.ROOT, "costs %.2f us, factor %.2f us, runsOf %.2f us, candidates %.2f us (%s)%n", (t1 - t0) / 1e3 / N, (t2 - t1) / 1e3 / N, (t3 - t2) / 1e3 / N, (t4 - t3) / 1e3 / N, sink > 0);
        }
    }
}
