import java.lang.foreign.*;
import jdk.incubator.vector.*;
/** Measures a+b*c over heap float[] vs MemorySegment (scalar loop and Vector API), 2 threads: the storage choice in docs/ARCHITECTURE.md. */
public class StorageProbe {
  static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
  static void heap(float[] a, float[] b, float[] c, float[] o, int from, int to) { for (int i = from; i < to; i++) o[i] = a[i] + b[i] * c[i]; }
  static void seg(MemorySegment a, MemorySegment b, MemorySegment c, MemorySegment o, long from, long to) {
    for (long i = from; i < to; i++) o.setAtIndex(ValueLayout.JAVA_FLOAT, i, a.getAtIndex(ValueLayout.JAVA_FLOAT, i) + b.getAtIndex(ValueLayout.JAVA_FLOAT, i) * c.getAtIndex(ValueLayout.JAVA_FLOAT, i));
  }
  static void segVec(MemorySegment a, MemorySegment b, MemorySegment c, MemorySegment o, long from, long to) {
    long i = from; long bound = from + F.loopBound(to - from);
    for (; i < bound; i += F.length()) {
      var x = FloatVector.fromMemorySegment(F, a, i * 4, java.nio.ByteOrder.nativeOrder());
      var y = FloatVector.fromMemorySegment(F, b, i * 4, java.nio.ByteOrder.nativeOrder());
      var z = FloatVector.fromMemorySegment(F, c, i * 4, java.nio.ByteOrder.nativeOrder());
      x.add(y.mul(z)).intoMemorySegment(o, i * 4, java.nio.ByteOrder.nativeOrder());
    }
    for (; i < to; i++) o.setAtIndex(ValueLayout.JAVA_FLOAT, i, a.getAtIndex(ValueLayout.JAVA_FLOAT, i) + b.getAtIndex(ValueLayout.JAVA_FLOAT, i) * c.getAtIndex(ValueLayout.JAVA_FLOAT, i));
  }
  interface R { void run(int from, int to); }
  static double time2(R r, int n) throws Exception {
    long best = Long.MAX_VALUE;
    for (int k = 0; k < 20; k++) {
      long t0 = System.nanoTime();
      Thread t = new Thread(() -> r.run(0, n / 2)); t.start(); r.run(n / 2, n); t.join();
      best = Math.min(best, System.nanoTime() - t0);
    }
    return best / 1e6;
  }
  public static void main(String[] args) throws Exception {
    for (int n : new int[] { 10_000_000, 100_000 }) {
      float[] a = new float[n], b = new float[n], c = new float[n], o = new float[n];
      Arena arena = Arena.ofShared();
      MemorySegment sa = arena.allocate(4L * n, 64), sb = arena.allocate(4L * n, 64), sc = arena.allocate(4L * n, 64), so = arena.allocate(4L * n, 64);
      for (int i = 0; i < n; i++) { a[i] = i; b[i] = 1.5f; c[i] = 2f; sa.setAtIndex(ValueLayout.JAVA_FLOAT, i, i); sb.setAtIndex(ValueLayout.JAVA_FLOAT, i, 1.5f); sc.setAtIndex(ValueLayout.JAVA_FLOAT, i, 2f); }
      int reps = n < 1_000_000 ? 200 : 1;
      for (int rep = 0; rep < 3; rep++) {
        double th = time2((f, t) -> { for (int q = 0; q < reps; q++) heap(a, b, c, o, f, t); }, n) / reps;
        double ts = time2((f, t) -> { for (int q = 0; q < reps; q++) seg(sa, sb, sc, so, f, t); }, n) / reps;
        double tv = time2((f, t) -> { for (int q = 0; q < reps; q++) segVec(sa, sb, sc, so, f, t); }, n) / reps;
        System.out.printf("n=%d a+b*c f32, 2 threads, best of 20: heap float[] %.3f ms, MemorySegment scalar %.3f ms, MemorySegment Vector API %.3f ms%n", n, th, ts, tv);
      }
    }
  }
}
