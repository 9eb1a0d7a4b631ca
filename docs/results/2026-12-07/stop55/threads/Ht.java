public class Ht {
    static double work(long iters) {
        double a0=1,a1=1.1,a2=1.2,a3=1.3,a4=1.4,a5=1.5,a6=1.6,a7=1.7;
        double m = 0.9999999;
        for (long i = 0; i < iters; i++) { a0*=m;a1*=m;a2*=m;a3*=m;a4*=m;a5*=m;a6*=m;a7*=m; }
        return a0+a1+a2+a3+a4+a5+a6+a7;
    }
    static double lat(long iters) { double a = 1; for (long i = 0; i < iters; i++) a = a * 0.9999999 + 1e-9; return a; }
    public static void main(String[] x) throws Exception {
        boolean latency = x.length > 0;
        long it = 200_000_000L;
        for (int r = 0; r < 5; r++) for (int t : new int[]{1,2}) {
            Thread[] th = new Thread[t];
            long t0 = System.nanoTime();
            for (int k = 0; k < t; k++) { th[k] = new Thread(() -> { double s = latency ? lat(it) : work(it); if (s == 42) System.out.println(); }); th[k].start(); }
            for (Thread q : th) q.join();
            System.out.printf("%s threads %d: %.0f ms for %d x work%n", latency ? "latency" : "throughput", t, (System.nanoTime()-t0)/1e6, t);
        }
    }
}
