// argmax over 10^7 float32 with numfuse against a hand-written 2-thread Java loop (issue 16).
// Run from the repository root after ./numfuse devices has built the jars:
//   J=$(. scripts/java25.sh && echo $JAVA_HOME)/bin/java
//   $J --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -Dnumfuse.calibration=off \
//      -cp "bench/target/numfuse-bench.jar:bench/target/lib/*" scripts/ArgMaxVsLoop.java jvm
// Five rounds of 21 samples each, the two taking turns; prints medians, min-max and the ratio.
import io.numfuse.*;
import io.numfuse.core.DType;
import java.util.*;
public class ArgMaxVsLoop {
  static long hand(float[] a, int threads) throws Exception {
    int n = a.length; Thread[] ts = new Thread[threads]; long[] bi = new long[threads]; float[] bv = new float[threads];
    for (int t = 0; t < threads; t++) { final int tt = t; ts[t] = new Thread(() -> {
      int from = (int) ((long) n * tt / threads), to = (int) ((long) n * (tt + 1) / threads);
      float best = a[from]; int idx = from;
      for (int i = from + 1; i < to; i++) { float v = a[i]; if (v > best || (v != v && best == best)) { best = v; idx = i; } if (best != best) break; }
      bi[tt] = idx; bv[tt] = best; }); ts[t].start(); }
    for (Thread t : ts) t.join();
    long idx = bi[0]; float best = bv[0];
    for (int t = 1; t < threads; t++) if (bv[t] > best || (bv[t] != bv[t] && best == best)) { best = bv[t]; idx = bi[t]; }
    return idx;
  }
  public static void main(String[] args) throws Exception {
    int n = 10_000_000; Random r = new Random(1); float[] a = new float[n];
    for (int i = 0; i < n; i++) a[i] = r.nextFloat();
    Num.useTarget(args.length > 0 ? args[0] : "jvm");
    NDArray x = Num.wrap(DType.FLOAT32, a, n);
    for (int round = 0; round < 5; round++) {
      double[] nf = new double[21], hd = new double[21]; long ci = 0, ch = 0;
      for (int k = 0; k < 21; k++) {
        long t0 = System.nanoTime(); ci = x.argmax().itemLong(); long t1 = System.nanoTime();
        ch = hand(a, 2); long t2 = System.nanoTime();
        nf[k] = (t1 - t0) / 1e6; hd[k] = (t2 - t1) / 1e6;
      }
      Arrays.sort(nf); Arrays.sort(hd);
      System.out.printf("argmax 1e7 f32: numfuse %.2f ms (%.2f-%.2f), hand 2 threads %.2f ms (%.2f-%.2f), ratio %.2f, index %d %d%n", nf[10], nf[0], nf[20], hd[10], hd[0], hd[20], nf[10] / hd[10], ci, ch);
    }
  }
}
