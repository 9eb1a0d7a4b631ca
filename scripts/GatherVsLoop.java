// A gather of 10^7 float32 by a random permutation (int32 indices) with numfuse, x.take(i) and
// x.take(i) * 2 + 1 (one fused kernel), against hand-written 2-thread Java loops (issue 16). Each
// numfuse call includes take's eager bounds check of the indices (a max reduction over them) and a
// new result array; so does each hand loop (a new float[n]), which checks nothing.
// Run from the repository root after ./numfuse devices has built the jars:
//   J=$(. scripts/java25.sh && echo $JAVA_HOME)/bin/java
//   $J --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -Dnumfuse.calibration=off \
//      -cp "bench/target/numfuse-bench.jar:bench/target/lib/*" scripts/GatherVsLoop.java jvm
// Three rounds of 15 samples per case, numfuse and the loop taking turns; prints medians,
// min-max, the ratio, and the load average (uptime) before each round.
import io.numfuse.*;
import io.numfuse.core.DType;
import java.util.*;
public class GatherVsLoop {
  static float[] hand(float[] x, int[] perm, boolean fused, int threads) throws Exception {
    int n = perm.length; float[] out = new float[n]; Thread[] ts = new Thread[threads];
    for (int t = 0; t < threads; t++) { final int tt = t; ts[t] = new Thread(() -> {
      int from = (int) ((long) n * tt / threads), to = (int) ((long) n * (tt + 1) / threads);
      if (fused) for (int i = from; i < to; i++) out[i] = x[perm[i]] * 2f + 1f;
      else for (int i = from; i < to; i++) out[i] = x[perm[i]]; }); ts[t].start(); }
    for (Thread t : ts) t.join();
    return out;
  }
  static String uptime() {
    try { return new String(new ProcessBuilder("uptime").start().getInputStream().readAllBytes()).trim(); } catch (Exception e) { return "?"; }
  }
  public static void main(String[] args) throws Exception {
    int n = 10_000_000; Random r = new Random(1); float[] a = new float[n]; int[] perm = new int[n];
    for (int i = 0; i < n; i++) { a[i] = r.nextFloat(); perm[i] = i; }
    for (int i = n - 1; i > 0; i--) { int j = r.nextInt(i + 1); int t = perm[i]; perm[i] = perm[j]; perm[j] = t; }
    Num.useTarget(args.length > 0 ? args[0] : "jvm");
    NDArray x = Num.wrap(DType.FLOAT32, a, n), i = Num.wrap(DType.INT32, perm, n);
    for (int round = 0; round < 3; round++) {
      System.out.println(uptime());
      for (boolean fused : new boolean[] { false, true }) {
        double[] nf = new double[15], hd = new double[15]; float cn = 0, ch = 0;
        for (int k = 0; k < 15; k++) {
          long t0 = System.nanoTime();
          NDArray g = fused ? x.take(i).mul(2L).add(1L) : x.take(i);
          g.eval(); long t1 = System.nanoTime();
          float[] h = hand(a, perm, fused, 2); long t2 = System.nanoTime();
          nf[k] = (t1 - t0) / 1e6; hd[k] = (t2 - t1) / 1e6; cn = g.getDouble(12345) == 0 ? 0 : (float) g.getDouble(12345); ch = h[12345];
        }
        Arrays.sort(nf); Arrays.sort(hd);
        System.out.printf("%s 1e7 f32: numfuse %.2f ms (%.2f-%.2f), hand 2 threads %.2f ms (%.2f-%.2f), ratio %.2f, element %.6f %.6f%n",
            fused ? "take(x, i) * 2 + 1" : "take(x, i)", nf[7], nf[0], nf[14], hd[7], hd[0], hd[14], nf[7] / hd[7], cn, ch);
      }
      double[] chk = new double[15];
      for (int k = 0; k < 15; k++) { long t0 = System.nanoTime(); i.xor(i.rightShift(31L)).max().itemLong(); chk[k] = (System.nanoTime() - t0) / 1e6; }
      Arrays.sort(chk);
      System.out.printf("of which the bounds check (max of i ^ (i >> 31)): %.2f ms (%.2f-%.2f)%n", chk[7], chk[0], chk[14]);
    }
  }
}
