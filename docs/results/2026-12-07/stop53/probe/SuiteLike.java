import io.numfuse.*;
import io.numfuse.core.DType;
import java.util.*;
/** resident a+b over n float32, rows taking turns in a shuffled order, GC before each sample (as the suite). */
public class SuiteLike {
    public static void main(String[] args) throws Exception {
        int n = Integer.parseInt(args[0]);
        int rounds = Integer.parseInt(args[1]);
        String[] ts = args[2].split(",");
        boolean gc = !Boolean.getBoolean("nogc");
        NDArray a = Num.random(1, DType.FLOAT32, n).eval(), b = Num.random(2, DType.FLOAT32, n).eval(), c = Num.random(3, DType.FLOAT32, n).eval();
        double[][] t = new double[ts.length][rounds];
        Map<String, Integer> where = new TreeMap<>();
        Map<String, List<Double>> byPrev = new TreeMap<>(); String prev = "none";
        List<Integer> order = new ArrayList<>();
        for (int m = 0; m < ts.length; m++) order.add(m);
        int warm = Integer.getInteger("warm", 20);
        for (int r = -warm; r < rounds; r++) {
            Collections.shuffle(order, new Random(0x5eed + 31L * r));
            for (int m : order) {
                if (gc && r >= 0) { System.gc(); Thread.sleep(5); }
                Num.on("opencl:0", () -> { for (NDArray x : new NDArray[] { a, b, c }) x.assign(x.mul(1.0)); });
                String tm = ts[m];
                long t0 = System.nanoTime();
                NDArray res = Num.on(tm, () -> a.add(b.mul(c)).eval());
                long dt = System.nanoTime() - t0;
                String prevNow = prev; prev = tm;
                if (r >= 0) {
                    t[m][r] = dt / 1e3; byPrev.computeIfAbsent(tm + " after " + prevNow, x -> new ArrayList<>()).add(dt / 1e3);
                    if (tm.equals("auto")) { String p = Num.lastPlacement(); where.merge(p.replaceAll("[0-9.]+ ?[um]s", "T").strip(), 1, Integer::sum); }
                }
            }
        }
        for (int m = 0; m < ts.length; m++) { Arrays.sort(t[m]); System.out.printf("%s: median %.1f us, min %.1f, p10 %.1f, p90 %.1f%n", ts[m], t[m][rounds / 2], t[m][0], t[m][rounds / 10], t[m][rounds * 9 / 10]); }
        where.forEach((k, v) -> System.out.println(v + "x " + k));
        byPrev.forEach((k, v) -> { Collections.sort(v); System.out.printf("  %s: n=%d median %.1f%n", k, v.size(), v.get(v.size() / 2)); });
    }
}
