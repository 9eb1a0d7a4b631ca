// cumsum and boolean-mask compaction over 10^7 float32 with numfuse against hand-written Java
// loops (issue 16: cumsum within 1.5x, mask compaction with half selected within 2x).
// Run from the repository root after ./numfuse devices has built the jars:
//   J=$(. scripts/java25.sh && echo $JAVA_HOME)/bin/java
//   $J --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -Dnumfuse.calibration=off \
//      -cp "bench/target/numfuse-bench.jar:bench/target/lib/*" scripts/ScanMaskVsLoop.java jvm
// Five rounds of 21 samples each, numfuse and the loops taking turns; prints medians, min-max and
// the ratios. Each side makes a new result array per sample (numfuse's output, the loop's new float[]).
// The cumsum loops: one thread (the plain running sum), and two threads (a two-pass blocked scan);
// the mask loops: one thread, a count then a copy into a new array of the count, with a branch per
// element or branch-free (a store per element, then a copy to the exact length).
import io.numfuse.*;
import io.numfuse.core.DType;
import java.util.*;
public class ScanMaskVsLoop {
  static float[] cumsum1(float[] a) {
    float[] o = new float[a.length]; float acc = 0;
    for (int i = 0; i < a.length; i++) o[i] = acc += a[i];
    return o;
  }
  static float[] cumsum2(float[] a) throws Exception {
    int n = a.length, h = n / 2; float[] o = new float[n];
    Thread t = new Thread(() -> { float acc = 0; for (int i = h; i < n; i++) o[i] = acc += a[i]; });
    t.start();
    float acc = 0; for (int i = 0; i < h; i++) o[i] = acc += a[i];
    t.join();
    float off = o[h - 1];
    Thread u = new Thread(() -> { for (int i = h + (n - h) / 2; i < n; i++) o[i] += off; });
    u.start();
    for (int i = h; i < h + (n - h) / 2; i++) o[i] += off;
    u.join();
    return o;
  }
  static float[] mask1(float[] a, byte[] m) {
    int c = 0; for (byte b : m) c += b;
    float[] o = new float[c]; int j = 0;
    for (int i = 0; i < a.length; i++) if (m[i] != 0) o[j++] = a[i];
    return o;
  }
  static float[] mask1b(float[] a, byte[] m) {   // branch-free: a store per element
    int c = 0; for (byte b : m) c += b;
    float[] o = new float[c + 1]; int j = 0;
    for (int i = 0; i < a.length; i++) { o[j] = a[i]; j += m[i]; }
    return Arrays.copyOf(o, c);
  }
  interface Work { double run() throws Exception; }
  static double[] time(Work w) throws Exception { long t0 = System.nanoTime(); double c = w.run(); return new double[] { (System.nanoTime() - t0) / 1e6, c }; }
  static String stat(double[] s) { Arrays.sort(s); return String.format("%.2f ms (%.2f-%.2f)", s[10], s[0], s[20]); }
  public static void main(String[] args) throws Exception {
    int n = 10_000_000; Random r = new Random(1); float[] a = new float[n]; byte[] m = new byte[n];
    for (int i = 0; i < n; i++) { a[i] = r.nextFloat(); m[i] = (byte) (r.nextBoolean() ? 1 : 0); }
    Num.useTarget(args.length > 0 ? args[0] : "jvm");
    NDArray x = Num.wrap(DType.FLOAT32, a, n), mk = Num.wrap(DType.BOOL, m, n);
    for (int round = 0; round < 5; round++) {
      double[] nf = new double[21], h1 = new double[21], h2 = new double[21], nm = new double[21], hm = new double[21], hb = new double[21];
      double cn = 0, c1 = 0, c2 = 0, kn = 0, kh = 0;
      for (int k = 0; k < 21; k++) {
        double[] t;
        t = time(() -> x.cumsum().getDouble(n - 1)); nf[k] = t[0]; cn = t[1];
        t = time(() -> cumsum1(a)[n - 1]); h1[k] = t[0]; c1 = t[1];
        t = time(() -> cumsum2(a)[n - 1]); h2[k] = t[0]; c2 = t[1];
        t = time(() -> x.mask(mk).size()); nm[k] = t[0]; kn = t[1];
        t = time(() -> mask1(a, m).length); hm[k] = t[0]; kh = t[1];
        t = time(() -> mask1b(a, m).length); hb[k] = t[0];
      }
      System.out.printf("cumsum 1e7 f32: numfuse %s, loop 1 thread %s, loop 2 threads %s; ratios %.2f %.2f; last %.6g %.6g %.6g%n",
          stat(nf), stat(h1), stat(h2), nf[10] / h1[10], nf[10] / h2[10], cn, c1, c2);
      System.out.printf("mask 1e7 f32, half: numfuse %s, loop 1 thread %s, branch-free %s; ratios %.2f %.2f; count %.0f %.0f%n",
          stat(nm), stat(hm), stat(hb), nm[10] / hm[10], nm[10] / hb[10], kn, kh);
    }
  }
}
