package io.numfuse.runtime;

import io.numfuse.NDArray;
import io.numfuse.Num;
import io.numfuse.core.DType;

/** sum(a) over N resident float64 (and float32) on opencl:0: the default part count against one part, in turn; medians of 400 calls. Args: N... */
public class ScanProbe {
    static final int[] PARTS = { 0, 1, 64 };
    public static void main(String[] args) {
        for (String s : args) {
            int n = Integer.parseInt(s);
            for (DType t : new DType[] { DType.FLOAT64, DType.FLOAT32 }) {
                NDArray a = Num.on("opencl:0", () -> Num.random(7, t, n).mul(1.0).eval());
                double[][] med = new double[PARTS.length][3];
                for (int round = 0; round < 3; round++) {
                    for (int forced : PARTS) {
                        OpenClSession.forcedParts = forced;
                        double[] x = new double[400];
                        Num.on("opencl:0", () -> {
                            for (int i = 0; i < 100; i++) a.cumsum().eval();
                            for (int i = 0; i < x.length; i++) {
                                long t0 = System.nanoTime();
                                a.cumsum().eval();
                                x[i] = (System.nanoTime() - t0) / 1e3;
                            }
                        });
                        java.util.Arrays.sort(x);
                        med[java.util.Arrays.binarySearch(PARTS, forced)][round] = x[x.length / 2];
                    }
                }
                OpenClSession.forcedParts = 0;
                StringBuilder sb = new StringBuilder(String.format("n=%d %s (default %d parts):", n, t.numpyName(), OpenClSession.chooseScanParts(1, n, true, 2)));
                for (int p = 0; p < PARTS.length; p++) { double[] m = med[p].clone(); java.util.Arrays.sort(m); sb.append(String.format("  %s %.1f", PARTS[p] == 0 ? "default" : PARTS[p] + "p", m[1])); }
                System.out.println(sb);
            }
        }
    }
}
