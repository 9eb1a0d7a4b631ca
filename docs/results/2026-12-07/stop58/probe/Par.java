public class Par {
    static double work(long n) { double s = 0; for (long i = 0; i < n; i++) s += Math.sin(i * 1e-6); return s; }
    public static void main(String[] a) throws Exception {
        long n = 100_000_000L;
        for (int r = 0; r < 5; r++) {
            long t0 = System.nanoTime(); work(n); long t1 = System.nanoTime();
            Thread x = new Thread(() -> work(n)), y = new Thread(() -> work(n)); x.start(); y.start(); x.join(); y.join();
            long t2 = System.nanoTime();
            System.out.printf("one %.3f s, two in parallel %.3f s: scaling %.2f%n", (t1-t0)/1e9, (t2-t1)/1e9, 2.0*(t1-t0)/(t2-t1));
        }
    }
}
