import java.lang.invoke.*;
public class UninitializedAlloc {
    static final MethodHandle ALLOC;
    static {
        try {
            Class<?> c = Class.forName("jdk.internal.misc.Unsafe");
            Object u = c.getMethod("getUnsafe").invoke(null);
            ALLOC = MethodHandles.lookup().findVirtual(c, "allocateUninitializedArray", MethodType.methodType(Object.class, Class.class, int.class)).bindTo(u);
        } catch (Exception e) { throw new RuntimeException(e); }
    }
    static Object un(int n) { try { return (Object) ALLOC.invokeExact((Class<?>) double.class, n); } catch (Throwable t) { throw new RuntimeException(t); } }
    static Object zr(int n) { return new double[n]; }
    static volatile Object sink;
    public static void main(String[] a) {
        int n = Integer.parseInt(a[0]);
        for (int rep = 0; rep < 6; rep++) {
            for (boolean u : new boolean[]{false, true}) {
                long t0 = System.nanoTime();
                int k = 2000;
                for (int i = 0; i < k; i++) { double[] x = (double[]) (u ? un(n) : zr(n)); x[i % n] = 1; sink = x; }
                long t = System.nanoTime() - t0;
                System.out.printf("%s n=%d %.1f us/alloc%n", u ? "uninit" : "zeroed", n, t / 1e3 / k);
            }
        }
    }
}
