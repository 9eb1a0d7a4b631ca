package io.numfuse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.numfuse.ViewWriteProperties.Handle;
import io.numfuse.ViewWriteProperties.Model;
import io.numfuse.ir.Buffer;
import io.numfuse.core.DType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AfterProperty;

/**
 * Storage that comes back (the arrays of results and snapshots nobody holds any more, handed to
 * new results instead of new arrays) is never visible through a live array. Random sequences of
 * evaluations, lazy expressions, writes (assign, element set, through views too, a right-hand side
 * that reads its target), views, scopes and dropped arrays, over arrays large enough for their
 * storage to be reused (1 MiB and more), with collections forced in between so that the storage
 * of what was dropped comes back and is handed out again; applied to numfuse and to a plain model
 * of NumPy's semantics ({@link ViewWriteProperties.Model}). After a collection every live array is
 * compared with the model (values a recycled array would overwrite), after other steps one, and all
 * at the end. On every target.
 */
class RecycledStorageProperties {
    /**
     * Just above the size from which storage is reused: 133,120 float64 (1.04 MiB), or on G1 a
     * row more than half a heap region (TrackedArray.watchBytes(): smaller arrays are left to the collector).
     */
    static final int ROWS = 128, COLS = Math.max(1040, (int) (g1HalfRegion() / 8 / ROWS) + 1), N = ROWS * COLS;

    static long g1HalfRegion() {
        var vm = java.lang.management.ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
        return "true".equals(vm.getVMOption("UseG1GC").getValue()) ? Long.parseLong(vm.getVMOption("G1HeapRegionSize").getValue()) / 2 : 0;
    }

    @AfterProperty
    void back() { Num.useTarget("auto"); }

    @Property(tries = 12)
    void reusedStorageIsNeverVisibleThroughALiveArray(@ForAll long seed) {
        for (String target : WriteProperties.targets()) {
            Num.useTarget(target);
            run(new SplittableRandom(seed), target, 24);
        }
    }

    /** The property is not vacuous: dropped results' arrays are handed out again during a run. */
    @Example
    void storageIsReusedDuringARun() {
        Num.useTarget("jvm");
        long before = Buffer.sparesTaken();
        run(new SplittableRandom(13), "jvm", 40);
        assertTrue(Buffer.sparesTaken() > before, "some new storage was a dead array's");
    }

    /**
     * Threads that each make, keep, check and drop large results while collections hand their
     * storage around never see another thread's values in an array they hold (the thread model:
     * spares are shared by every thread).
     */
    @Example
    void threadsNeverSeeEachOthersReusedStorage() throws Exception {
        NDArray base = Num.arange(N).astype(DType.FLOAT64).eval();
        int threads = 4, rounds = 25;
        List<Thread> ts = new ArrayList<>();
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int t = 0; t < threads; t++) {
            int id = t;
            ts.add(Thread.ofPlatform().start(() -> {
                try {
                    Num.useTargetOnThisThread("jvm");
                    NDArray[] kept = new NDArray[3];
                    for (int r = 0; r < rounds; r++) {
                        int k = id * 1000 + r;                   // this thread's, this round's values: i + k
                        kept[r % kept.length] = base.add(k).eval();
                        if (r % 5 == id) System.gc();
                        for (int j = 0; j <= Math.min(r, kept.length - 1); j++) {
                            int kj = id * 1000 + r - ((r - j) % kept.length + kept.length) % kept.length;
                            double[] v = kept[j].toDoubleArray();
                            for (int i = 0; i < N; i += 997) {
                                if (v[i] != i + kj) throw new AssertionError("thread " + id + " round " + r + ": element " + i + " is " + v[i] + ", not " + (i + kj));
                            }
                        }
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            }));
        }
        for (Thread t : ts) t.join();
        if (!failures.isEmpty()) throw new AssertionError(failures.getFirst());
    }

    private static void run(SplittableRandom rnd, String target, int steps) {
        List<Handle> hs = new ArrayList<>();
        StringBuilder log = new StringBuilder(target).append(':');
        hs.add(create(rnd));
        for (int step = 0; step < steps; step++) {
            Handle h = hs.get(rnd.nextInt(hs.size()));
            int act = rnd.nextInt(10);
            String what = switch (act) {
                case 0 -> add(hs, create(rnd));
                case 1 -> add(hs, derived(rnd, h, hs));
                case 2 -> add(hs, ViewWriteProperties.view(rnd, h));
                case 3 -> write(rnd, h, hs);
                case 4 -> set(rnd, h);
                case 5 -> { h.array().eval(); yield "eval"; }
                case 6 -> drop(rnd, hs);
                case 7 -> scoped(rnd, h, hs);
                default -> collect(rnd, hs);
            };
            log.append("\n  ").append(what).append(" on ").append(h.how());
            List<Handle> checked = what.startsWith("collect") ? hs : List.of(hs.get(rnd.nextInt(hs.size())));
            for (Handle c : checked) {
                assertArrayEquals(c.model().values(), c.array().toDoubleArray(), () -> "after " + log + " -> checked " + c.how());
            }
        }
        for (Handle c : hs) assertArrayEquals(c.model().values(), c.array().toDoubleArray(), () -> "at the end of " + log + ", " + c.how());
    }

    private static String add(List<Handle> hs, Handle h) {
        hs.add(h);
        return "add " + h.how();
    }

    /** A new evaluated 2-D array: {@code arange * k + c}, computed into storage that may be a dead array's. */
    private static Handle create(SplittableRandom rnd) {
        int k = 1 + rnd.nextInt(3), c = rnd.nextInt(100);
        double[] v = new double[N];
        for (int i = 0; i < N; i++) v[i] = (double) i * k + c;
        NDArray a = Num.arange(N).mul(k).add(c).astype(DType.FLOAT64).reshape(ROWS, COLS);
        return new Handle(a, Model.fresh(v, ROWS, COLS), "new(" + k + "i+" + c + ")");
    }

    /** A lazy array computed from {@code h}: {@code h * 2 + k}, or {@code h + other} of the same shape. */
    private static Handle derived(SplittableRandom rnd, Handle h, List<Handle> hs) {
        double[] v = h.model().values();
        Handle other = sameShape(rnd, h, hs);
        if (other != null && rnd.nextBoolean()) {
            double[] o = other.model().values();
            for (int i = 0; i < v.length; i++) v[i] += o[i];
            return new Handle(h.array().add(other.array()), Model.fresh(v, h.model().shape()), "(" + h.how() + " + " + other.how() + ")");
        }
        double k = rnd.nextInt(5);
        for (int i = 0; i < v.length; i++) v[i] = v[i] * 2 + k;
        return new Handle(h.array().mul(2.0).add(k), Model.fresh(v, h.model().shape()), "(" + h.how() + "*2+" + (int) k + ")");
    }

    /** {@code h[...] = value}: a scalar, another array of its shape, or an expression that reads {@code h} itself. */
    private static String write(SplittableRandom rnd, Handle h, List<Handle> hs) {
        Handle other = sameShape(rnd, h, hs);
        double[] v = h.model().values();
        String what;
        switch (rnd.nextInt(3)) {
            case 0 -> {
                double s = -1 - rnd.nextInt(50);
                Arrays.fill(v, s);
                h.array().assign(s);
                what = "write " + s;
            }
            case 1 -> {                                        // x = x + other (or x * 3): the right side reads the target
                double[] o = other == null ? null : other.model().values();
                for (int i = 0; i < v.length; i++) v[i] = o == null ? v[i] * 3 : v[i] + o[i];
                h.array().assign(o == null ? h.array().mul(3.0) : h.array().add(other.array()));
                what = "write itself " + (o == null ? "* 3" : "+ " + other.how());
            }
            default -> {
                if (other == null) return "write nothing";
                v = other.model().values();
                h.array().assign(other.array());
                what = "write " + other.how();
            }
        }
        h.model().store(v);
        return what;
    }

    private static String set(SplittableRandom rnd, Handle h) {
        Model m = h.model();
        if (m.size() == 0) return "set nothing";
        int flat = rnd.nextInt(m.size());
        int[] idx = new int[m.shape().length];
        for (int d = idx.length - 1, f = flat; d >= 0; d--) { idx[d] = f % m.shape()[d]; f /= m.shape()[d]; }
        double v = -1000 - rnd.nextInt(100);
        h.array().set(v, idx);
        m.storage()[m.at(flat)] = v;
        return "set " + Arrays.toString(idx) + " = " + v;
    }

    /** Forgets an array: its storage may come back once nothing else reaches it. */
    private static String drop(SplittableRandom rnd, List<Handle> hs) {
        if (hs.size() < 2) return "drop nothing";
        return "drop " + hs.remove(rnd.nextInt(hs.size())).how();
    }

    /** A few steps in a {@link Num#scope()}: results evaluated in it, writes whose snapshots it frees. */
    private static String scoped(SplittableRandom rnd, Handle h, List<Handle> hs) {
        StringBuilder what = new StringBuilder("scope {");
        try (var _ = Num.scope()) {
            for (int i = 1 + rnd.nextInt(3); i > 0; i--) {
                Handle t = hs.get(rnd.nextInt(hs.size()));
                if (rnd.nextBoolean()) {
                    Handle d = derived(rnd, t, hs);
                    d.array().eval();                            // evaluated in the scope: it outlives it
                    hs.add(d);
                    what.append(" eval ").append(d.how());
                } else {
                    what.append(' ').append(write(rnd, t, hs)).append(" on ").append(t.how());
                }
            }
        }
        return what.append(" }").toString();
    }

    /** Drops a few arrays, collects, and makes new results: they take the storage of what died. */
    private static String collect(SplittableRandom rnd, List<Handle> hs) {
        for (int i = rnd.nextInt(3); i > 0 && hs.size() > 1; i--) hs.remove(rnd.nextInt(hs.size()));
        System.gc();
        for (int i = 1 + rnd.nextInt(2); i > 0; i--) hs.add(create(rnd));
        return "collect";
    }

    private static Handle sameShape(SplittableRandom rnd, Handle h, List<Handle> hs) {
        List<Handle> same = hs.stream().filter(o -> Arrays.equals(o.model().shape(), h.model().shape())).toList();
        return same.isEmpty() ? null : same.get(rnd.nextInt(same.size()));
    }
}
