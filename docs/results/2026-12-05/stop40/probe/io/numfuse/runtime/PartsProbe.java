package io.numfuse.runtime;

import io.numfuse.NDArray;
import io.numfuse.Num;
import io.numfuse.core.DType;

/**
 * sum(a) (or cumsum(a) with -Dop=cumsum) over N resident float64 and float32 on opencl:0, with the
 * default part count and each forced count of PARTS in turn (-Dparts=0,1,64: 0 is the default);
 * per count the middle of three rounds' medians of 400 calls. In numfuse's runtime package for
 * OpenClSession.forcedParts. Args: N...
 */
public class PartsProbe {
    public static void main(String[] args) {
        boolean scan = "cumsum".equals(System.getProperty("op"));
        int[] parts = java.util.Arrays.stream(System.getProperty("parts", "0,1,64").split(",")).mapToInt(Integer::parseInt).sorted().toArray();
        for (String s : args) {
            int n = Integer.parseInt(s);
            for (DType t : new DType[] { DType.FLOAT64, DType.FLOAT32 }) {
                NDArray a = Num.on("opencl:0", () -> Num.random(7, t, n).mul(1.0).eval());
                Runnable call = scan ? () -> a.cumsum().eval() : () -> a.sum().eval();
                double[][] med = new double[parts.length][3];
                for (int round = 0; round < 3; round++) {
                    for (int p = 0; p < parts.length; p++) {
                        OpenClSession.forcedParts = parts[p];
                        double[] x = new double[400];
                        Num.on("opencl:0", () -> {
                            for (int i = 0; i < 100; i++) call.run();
                            for (int i = 0; i < x.length; i++) {
                                long t0 = System.nanoTime();
                                call.run();
                                x[i] = (System.nanoTime() - t0) / 1e3;
                            }
                        });
                        java.util.Arrays.sort(x);
                        med[p][round] = x[x.length / 2];
                    }
                }
                OpenClSession.forcedParts = 0;
                long chosen = scan ? OpenClSession.chooseScanParts(1, n, true, 2) : OpenClSession.choosePartCount(1, n, true, 2);
                StringBuilder sb = new StringBuilder(String.format("n=%d %s (default %d parts):", n, t.numpyName(), chosen));
                for (int p = 0; p < parts.length; p++) {
                    double[] m = med[p].clone();
                    java.util.Arrays.sort(m);
                    sb.append(String.format("  %s %.1f", parts[p] == 0 ? "default" : parts[p] + "p", m[1]));
                }
                System.out.println(sb);
            }
        }
    }
}
