import io.numfuse.*;
import io.numfuse.core.DType;
/** a+b*c over n float32 with inputs written on opencl:0 before each call; opencl:0 and auto taking turns. */
public class ResOver {
    public static void main(String[] args) {
        int n = Integer.parseInt(args[0]);
        int rounds = Integer.parseInt(args[1]);
        String[] ts = args.length > 2 ? args[2].split(",") : new String[] { "opencl:0", "auto" };
        NDArray a = Num.random(1, DType.FLOAT32, n).eval(), b = Num.random(2, DType.FLOAT32, n).eval(), c = Num.random(3, DType.FLOAT32, n).eval();
        double[][] t = new double[ts.length][rounds];
        java.util.Map<String, Integer> where = new java.util.TreeMap<>();
        for (int r = -rounds; r < rounds; r++) for (int m = 0; m < ts.length; m++) {
            Num.on("opencl:0", () -> { for (NDArray x : new NDArray[] { a, b, c }) { x.assign(x.mul(1.0)); x.eval(); } });
            String tm = ts[m];
            long t0 = System.nanoTime();
            NDArray res = Num.on(tm, () -> a.add(b.mul(c)).eval());
            long dt = System.nanoTime() - t0;
            if (r >= 0) {
                t[m][r] = dt / 1e3;
                if (tm.equals("auto")) { String p = Num.lastPlacement(); String k = p.substring(0, Math.min(p.indexOf('('), p.length())).strip(); where.merge(k, 1, Integer::sum); }
            }
        }
        for (int m = 0; m < ts.length; m++) { java.util.Arrays.sort(t[m]); System.out.printf("%s: median %.1f us, min %.1f, p10 %.1f, p90 %.1f%n", ts[m], t[m][rounds / 2], t[m][0], t[m][rounds / 10], t[m][rounds * 9 / 10]); }
        System.out.println("auto ran: " + where);
    }
}
