package io.numfuse.bench;

import io.numfuse.NDArray;
import io.numfuse.Num;
import io.numfuse.core.DType;
import java.util.ArrayList;
import java.util.List;

/** sqrt(a*a+b*b) over N float32: targets in turn, 20 calls each; per-second medians. Args: N SECONDS MODE(into|alloc) [targets]. */
public class OHProbe {
    public static void main(String[] a) {
        int n = Integer.parseInt(a[0]);
        double secs = Double.parseDouble(a[1]);
        boolean into = a[2].equals("into");
        String[] targets = a.length > 3 ? a[3].split(",") : new String[] { "jvm", "auto" };
        int m = targets.length;
        int sets = Integer.getInteger("sets", 1);
        NDArray[] xs = new NDArray[sets], ys = new NDArray[sets], os = new NDArray[sets];
        for (int q = 0; q < sets; q++) {
            final int qq = q;
            xs[q] = Num.on("jvm", () -> Num.random(1 + 2 * qq, DType.FLOAT32, n).eval());
            ys[q] = Num.on("jvm", () -> Num.random(2 + 2 * qq, DType.FLOAT32, n).eval());
            os[q] = Num.on("jvm", () -> Num.zeros(DType.FLOAT32, n).eval());
        }
        int[] turn = new int[1];
        long t0 = System.nanoTime(), lastPrint = t0;
        List<List<Double>> acc = new ArrayList<>();
        for (int i = 0; i < m; i++) acc.add(new ArrayList<>());
        Object[] sink = new Object[1];
        while (System.nanoTime() - t0 < secs * 1e9) {
            for (int i = 0; i < m; i++) {
                final int k = i;
                Num.on(targets[i], () -> {
                    for (int j = 0; j < 20; j++) {
                        int q = turn[0]++ % sets;
                        NDArray x = xs[q], y = ys[q], o = os[q];
                        long c0 = System.nanoTime();
                        if (into) o.assign(x.mul(x).add(y.mul(y)).sqrt());
                        else sink[0] = x.mul(x).add(y.mul(y)).sqrt().eval();
                        acc.get(k).add((System.nanoTime() - c0) / 1e3);
                    }
                });
            }
            if (System.nanoTime() - lastPrint > 1e9) {
                lastPrint = System.nanoTime();
                StringBuilder sb = new StringBuilder(String.format("%5.1f s", (lastPrint - t0) / 1e9));
                for (int i = 0; i < m; i++) {
                    double[] v = acc.get(i).stream().mapToDouble(Double::doubleValue).sorted().toArray();
                    sb.append(String.format("  %s %.1f us [%.1f-%.1f] (n=%d)", targets[i], v[v.length / 2], v[v.length / 4], v[3 * v.length / 4], v.length));
                    acc.get(i).clear();
                }
                System.out.println(sb);
            }
        }
    }
}
