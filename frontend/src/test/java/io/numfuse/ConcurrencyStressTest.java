package io.numfuse;

import static org.junit.jupiter.api.Assertions.*;

import io.numfuse.core.DType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 11's concurrency probe (docs/RELIABILITY.md): threads evaluating random expressions on
 * mixed targets over shared and private arrays, writing their private arrays in place, writing
 * disjoint rows of one shared array and whole shared arrays, and reading all of them. Every
 * result must equal what the interpreter computes from the same inputs, a reader must never see
 * a torn array, no write may be lost, and a watchdog fails the run (with every thread's stack)
 * when it stops making progress. The short profile runs in CI; the long run is
 * {@code -Dnumfuse.stress.evaluations=100000} (see RELIABILITY.md).
 */
class ConcurrencyStressTest {
    static final int THREADS = Integer.getInteger("numfuse.stress.threads", 8);
    static final int EVALUATIONS = Integer.getInteger("numfuse.stress.evaluations", 2_400);
    static final long STALL_MS = Long.getLong("numfuse.stress.stallMillis", 60_000);

    /** The expressions (over a, b shared read-only; p, q private; i an int64 shared array), a fixed set so that compilation is bounded. */
    static final String[] EXPRESSIONS = {
        "a + b*p", "where(a > p, a - q, b*2.5)", "maximum(a, q) - minimum(b, p)", "sum(a*p)", "sum(p, axis=1)",
        "sin(a) + cos(q)*0.5", "(a + i) * (p > 0.5)", "max(q*b, axis=0)", "sqrt(abs(p - b)) + i % 7", "p*p - 2*p*q + q*q",
    };

    @AfterEach
    void back() { Num.useTarget("auto"); }

    record Tally(AtomicLong tries, AtomicLong wrong, AtomicLong crashes, AtomicLong lost) {
        Tally() { this(new AtomicLong(), new AtomicLong(), new AtomicLong(), new AtomicLong()); }
    }

    @Test
    void threadsOnMixedTargetsGetTheSingleThreadedResults() throws Exception {
        List<String> targets = WriteProperties.targets().stream().filter(t -> !t.equals("interpreter")).toList();
        int rows = 8, cols = 128;
        NDArray a = Num.random(1, DType.FLOAT64, rows, cols), b = Num.random(2, DType.FLOAT64, rows, cols);
        NDArray ints = Num.randint(3, -50, 50, DType.INT64, rows, cols);
        NDArray shared = Num.zeros(DType.FLOAT64, THREADS, 64);                 // row t belongs to thread t
        NDArray whole = Num.full(DType.FLOAT64, 1.0, 4096);                      // written whole by every thread
        double[] lastRow = new double[THREADS];
        Tally tally = new Tally();
        AtomicLong progress = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        List<Throwable> crashes = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int t = 0; t < THREADS; t++) {
            int id = t;
            Thread th = new Thread(() -> {
                SplittableRandom rnd = new SplittableRandom(1000 + id);
                NDArray p = Num.random(10 + id, DType.FLOAT64, rows, cols).eval(), q = Num.random(20 + id, DType.FLOAT64, rows, cols).eval();
                for (int k = 0; k < EVALUATIONS / THREADS; k++) {
                    String target = targets.get(rnd.nextInt(targets.size()));
                    tally.tries().incrementAndGet();
                    try {
                        Num.on(target, () -> step(rnd, id, a, b, ints, p, q, shared, whole, lastRow, tally));
                    } catch (Throwable e) {
                        tally.crashes().incrementAndGet();
                        crashes.add(new AssertionError("thread " + id + " on " + target, e));
                    }
                    progress.incrementAndGet();
                }
            }, "stress-" + t);
            threads.add(th);
            th.start();
        }
        watch(threads, progress);
        for (int t = 0; t < THREADS; t++) {   // no write of a thread to its own row was lost
            double[] row = shared.slice(t + ", :").toDoubleArray();
            for (double v : row) if (v != lastRow[t]) { tally.lost().incrementAndGet(); break; }
        }
        System.out.printf("concurrency probe: %d threads, %d evaluations on %s: %d wrong, %d crashed, 0 hung, %d rows lost%n",
                THREADS, tally.tries().get(), targets, tally.wrong().get(), tally.crashes().get(), tally.lost().get());
        if (!crashes.isEmpty()) throw new AssertionError(crashes.size() + " crashes; first: " + crashes.get(0), crashes.get(0));
        assertEquals(0, tally.wrong().get(), "wrong results");
        assertEquals(0, tally.lost().get(), "lost writes");
    }

    private static void step(SplittableRandom rnd, int id, NDArray a, NDArray b, NDArray ints, NDArray p, NDArray q,
                             NDArray shared, NDArray whole, double[] lastRow, Tally tally) {
        switch (rnd.nextInt(6)) {
            case 0, 1 -> {                                   // a random expression, against the interpreter on the same inputs
                String e = EXPRESSIONS[rnd.nextInt(EXPRESSIONS.length)];
                Map<String, NDArray> in = Map.of("a", a, "b", b, "i", ints, "p", p, "q", q);
                double[] got = Num.eval(e, in).toDoubleArray();
                double[] want = Num.on("interpreter", () -> Num.eval(e, in).toDoubleArray());
                if (!close(got, want)) tally.wrong().incrementAndGet();
            }
            case 2 -> {                                      // an in-place write of a private array
                double[] before = p.toDoubleArray(), qv = q.toDoubleArray();
                double s = rnd.nextInt(4) * 0.25;
                p.assign(p.mul(0.5).add(q.mul(s)));
                double[] got = p.toDoubleArray();
                for (int i = 0; i < got.length; i++) if (got[i] != before[i] * 0.5 + qv[i] * s) { tally.wrong().incrementAndGet(); break; }
            }
            case 3 -> {                                      // this thread's row of a shared array, written and read back
                double v = rnd.nextInt(1_000_000);
                shared.slice(id + ", :").assign(v);
                lastRow[id] = v;
                if (shared.slice(id + ", :").sum().item() != 64 * v) tally.wrong().incrementAndGet();
            }
            case 4 -> whole.assign(whole.mul(0.0).add((double) (2 + rnd.nextInt(1000))));   // whole shared writes
            default -> {                                     // a reader of the shared whole array sees one write, never a mix
                double[] v = whole.toDoubleArray();
                for (double x : v) if (x != v[0] || x == 0) { tally.wrong().incrementAndGet(); break; }
            }
        }
    }

    static boolean close(double[] got, double[] want) {
        if (got.length != want.length) return false;
        for (int i = 0; i < got.length; i++) {
            double d = Math.abs(got[i] - want[i]);
            if (!(d <= 1e-9 * Math.max(1, Math.abs(want[i])))) return false;
        }
        return true;
    }

    /** Waits for the threads; fails with every thread's stack when no evaluation finishes for {@link #STALL_MS}. */
    static void watch(List<Thread> threads, AtomicLong progress) throws InterruptedException {
        long seen = -1, since = System.currentTimeMillis();
        while (threads.stream().anyMatch(Thread::isAlive)) {
            Thread.sleep(200);
            long now = progress.get();
            if (now != seen) {
                seen = now;
                since = System.currentTimeMillis();
            } else if (System.currentTimeMillis() - since > STALL_MS) {
                StringBuilder sb = new StringBuilder("no progress for " + STALL_MS + " ms (a deadlock?); threads:\n");
                Thread.getAllStackTraces().forEach((th, st) -> {
                    sb.append(th.getName()).append(' ').append(th.getState()).append('\n');
                    for (StackTraceElement e : st) sb.append("    at ").append(e).append('\n');
                });
                for (Thread th : threads) th.interrupt();
                fail(sb.toString());
            }
        }
    }
}
