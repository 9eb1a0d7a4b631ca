package io.numfuse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.numfuse.core.DType;
import io.numfuse.ir.Buffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AfterProperty;

/**
 * Element sets on arrays that pending nodes read keep those nodes' values without copying the
 * array (the snapshots are taken lazily, {@code UndoLog}): random sequences of lazy readers
 * (held, or left behind inside an evaluated expression), element sets, writes of slices and of
 * the whole array, and evaluations, each step on a target drawn at random, over every dtype;
 * applied to numfuse and to a model that copies the array for every reader. Each reader, when
 * evaluated, must show the values the array had when it was defined.
 */
class ElementSetProperties {
    static final DType[] DTYPES = { DType.FLOAT64, DType.FLOAT32, DType.INT32, DType.INT64, DType.BOOL };

    @AfterProperty
    void back() { Num.useTarget("auto"); }

    static List<String> targets() {
        List<String> t = new ArrayList<>(WriteProperties.targets());
        t.add("auto");
        return t;
    }

    /** A reader: the lazy array, and the values (as doubles) the array had when it was made. */
    private record Reader(NDArray lazy, double[] expected, String how) {}

    @Property(tries = 40)
    void readersDefinedBeforeElementSetsKeepTheirValues(@ForAll long seed) { run(seed); }

    /** The property is not vacuous: its sets take snapshots lazily, and some of them are read. */
    @Example
    void theSequencesTakeSnapshotsLazily() {
        long[] before = Buffer.lazySnapshots();
        for (long seed = 1; seed <= 8; seed++) run(seed);
        long[] after = Buffer.lazySnapshots();
        org.junit.jupiter.api.Assertions.assertTrue(after[0] > before[0], "snapshots taken lazily");
        org.junit.jupiter.api.Assertions.assertTrue(after[1] > before[1], "some of them read");
    }

    private static void run(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<String> targets = targets();
        DType dt = DTYPES[rnd.nextInt(DTYPES.length)];
        int n = 1 + rnd.nextInt(rnd.nextBoolean() ? 40 : 3000);
        double[] model = new double[n];
        for (int i = 0; i < n; i++) model[i] = value(dt, rnd);
        NDArray a = Num.on("jvm", () -> fromModel(model, dt));
        List<Reader> readers = new ArrayList<>();
        StringBuilder log = new StringBuilder(dt + " n=" + n + ":");
        for (int step = 0; step < 60; step++) {
            String target = targets.get(rnd.nextInt(targets.size()));
            int act = rnd.nextInt(10);
            log.append(' ').append(target).append('/');
            Num.on(target, () -> {
                switch (act) {
                    case 0, 1 -> {   // a reader the program holds
                        readers.add(new Reader(a.astype(DType.FLOAT64).mul(2.0), times(model, 2), "2*a"));
                        log.append("reader");
                    }
                    case 2 -> {      // an evaluation whose interior node stays a reader of the array
                        NDArray r = a.astype(DType.FLOAT64).mul(3.0).add(1.0).eval();
                        assertArrayEquals(plus(times(model, 3), 1), r.toDoubleArray(), 0, () -> log + " : 3*a+1 now");
                        log.append("eval");
                    }
                    case 3, 4, 5 -> {   // element sets
                        int sets = 1 + rnd.nextInt(4);
                        for (int s = 0; s < sets; s++) {
                            int i = rnd.nextInt(n);
                            double v = value(dt, rnd);
                            if (dt.isFloat()) a.set(v, i); else a.set((long) v, i);
                            model[i] = v;
                        }
                        log.append("set x").append(sets);
                    }
                    case 6 -> {   // a write of a slice, which reads the array (reversed: not a box, the snapshot a copy)
                        int from = rnd.nextInt(n), to = from + rnd.nextInt(n - from + 1), by = 1 + rnd.nextInt(2);
                        boolean reversed = rnd.nextBoolean() && to > from;
                        if (reversed) by = 1;
                        NDArray part = a.slice(reversed ? (to - 1) + ":" + (from == 0 ? "" : String.valueOf(from - 1)) + ":-1" : from + ":" + to + ":" + by);
                        part.assign(dt == DType.BOOL ? part.not() : part.add(1L));
                        for (int i = from; i < to; i += by) model[i] = dt == DType.BOOL ? (model[i] == 0 ? 1 : 0) : dt.isFloat() ? round(dt, model[i] + 1) : wrap(dt, model[i] + 1);
                        log.append("slice ").append(from).append(':').append(to).append(':').append(reversed ? -1 : by);
                    }
                    case 7 -> {   // a check of a reader, or of the array itself
                        if (!readers.isEmpty() && rnd.nextBoolean()) {
                            Reader r = readers.remove(rnd.nextInt(readers.size()));
                            assertArrayEquals(r.expected(), r.lazy().toDoubleArray(), 0, () -> log + " : " + r.how());
                            log.append("checked");
                        } else {
                            assertArrayEquals(model.clone(), a.toDoubleArray(), 0, () -> log + " : the array");
                            log.append("checked a");
                        }
                    }
                    case 8 -> {   // a whole write from the array's own values
                        a.assign(dt == DType.BOOL ? a.not() : dt.isFloat() ? a.mul(0.5).add(0.25) : a.add(2L));
                        for (int i = 0; i < n; i++) {
                            model[i] = dt == DType.BOOL ? (model[i] == 0 ? 1 : 0)
                                    : dt.isFloat() ? round(dt, model[i] * 0.5 + 0.25) : wrap(dt, model[i] + 2);
                        }
                        log.append("assign");
                    }
                    default -> {   // readers dropped, and now and then a collection
                        if (!readers.isEmpty()) readers.remove(0);
                        if (rnd.nextInt(4) == 0) System.gc();
                        log.append("drop");
                    }
                }
            });
        }
        for (Reader r : readers) assertArrayEquals(r.expected(), r.lazy().toDoubleArray(), 0, () -> log + " : at the end, " + r.how());
        assertArrayEquals(model, a.toDoubleArray(), 0, () -> log + " : the array at the end");
    }

    /** The point of it: an element set after an evaluation that left a reader copies nothing until that reader runs. */
    @Example
    void anElementSetAfterAnEvaluationCopiesNoArray() {
        Num.on("jvm", () -> {
            int n = 200_000;
            NDArray a = Num.arange(n).astype(DType.FLOAT64).eval();
            NDArray interior = a.mul(a);                     // held: a reader of a
            double r = interior.add(1.0).eval().getDouble(7);
            assertEquals(50.0, r);
            long fresh = Buffer.freshBytesOnThisThread();
            long[] before = Buffer.lazySnapshots();
            a.set(-1.0, 7);
            a.set(-2.0, 8);
            long[] after = Buffer.lazySnapshots();
            assertEquals(before[0] + 1, after[0], "one snapshot taken lazily");
            assertEquals(before[1], after[1], "its values are not made");
            assertEquals(fresh, Buffer.freshBytesOnThisThread(), "no new array for the sets");
            assertEquals(-1.0, a.getDouble(7));
            assertEquals(49.0, interior.getDouble(7));       // the reader keeps the old values
            assertEquals(64.0, interior.getDouble(8));
            assertEquals(before[1] + 1, Buffer.lazySnapshots()[1], "made once its reader ran");
        });
    }

    /**
     * The thread model: a thread's reader keeps the values the array had when it was defined
     * while another thread sets elements (each set raises one element: a reader's sum lies
     * between the array's sums before and after its definition, and no element of it is above
     * the array's now).
     */
    @Example
    void aReaderKeepsItsValuesWhileAnotherThreadSetsElements() throws Exception {
        for (String target : List.of("jvm", "auto")) {
            int n = 4096, sets = 20_000;
            NDArray a = Num.zeros(DType.FLOAT64, n);
            java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
            List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
            Thread writer = Thread.ofPlatform().start(() -> {
                try {
                    Num.useTargetOnThisThread(target);
                    for (int k = 1; k <= sets; k++) a.set((double) k, (int) ((k * 2654435761L) % n));
                } catch (Throwable t) {
                    failures.add(t);
                } finally {
                    done.set(true);
                }
            });
            Num.useTargetOnThisThread(target);
            try {
                check(a, n, done);
            } finally {
                Num.useTargetOnThisThread(null);
            }
            writer.join();
            if (!failures.isEmpty()) throw new AssertionError(failures.get(0));
        }
    }

    private static void check(NDArray a, int n, java.util.concurrent.atomic.AtomicBoolean done) {
        {
            String target = Num.target();
            int checked = 0;
            while (!done.get() || checked < 20) {
                double before = a.sum().item();
                NDArray r = a.mul(1.0);
                double after = a.sum().item();
                Thread.onSpinWait();
                double[] now = a.toDoubleArray(), kept = r.toDoubleArray();
                double sum = 0;
                for (int i = 0; i < n; i++) {
                    sum += kept[i];
                    if (kept[i] > now[i]) throw new AssertionError(target + ": element " + i + " of a reader is " + kept[i] + ", above the array's " + now[i]);
                }
                if (sum < before || sum > after) throw new AssertionError(target + ": a reader's sum " + sum + " outside [" + before + ", " + after + "]");
                checked++;
            }
        }
    }

    /** Past the log's limit (a sixteenth of the array, at least 64 entries) a set copies the array, and every reader still sees its values. */
    @Example
    void manySetsWhileAReaderLivesStayCorrect() {
        Num.on("jvm", () -> {
            int n = 100;
            NDArray a = Num.arange(n).astype(DType.INT64).eval();
            NDArray first = a.add(0L);
            double[] expected = new double[n], now = new double[n];
            for (int i = 0; i < n; i++) expected[i] = now[i] = i;
            List<NDArray> later = new ArrayList<>();
            List<double[]> laterExpected = new ArrayList<>();
            for (int k = 0; k < 300; k++) {
                int i = (k * 37) % n;
                a.set((long) (1000 + k), i);
                now[i] = 1000 + k;
                if (k % 50 == 0) {
                    later.add(a.add(0L));
                    laterExpected.add(now.clone());
                }
            }
            assertArrayEquals(expected, first.toDoubleArray(), 0);
            for (int j = 0; j < later.size(); j++) assertArrayEquals(laterExpected.get(j), later.get(j).toDoubleArray(), 0);
            assertArrayEquals(now, a.toDoubleArray(), 0);
        });
    }

    private static double value(DType dt, SplittableRandom rnd) {
        return switch (dt) {
            case BOOL -> rnd.nextInt(2);
            case INT32 -> rnd.nextInt(-1000, 1000);
            case INT64 -> rnd.nextLong(-(1L << 40), 1L << 40);
            case FLOAT32 -> (float) (rnd.nextDouble() * 200 - 100);
            default -> rnd.nextDouble() * 200 - 100;
        };
    }

    private static NDArray fromModel(double[] m, DType dt) {
        NDArray a = Num.zeros(dt, m.length);
        for (int i = 0; i < m.length; i++) {
            if (dt.isFloat()) a.set(m[i], i); else a.set((long) m[i], i);
        }
        return a;
    }

    private static double wrap(DType dt, double v) { return dt == DType.INT32 ? (int) (long) v : v; }

    private static double round(DType dt, double v) { return dt == DType.FLOAT32 ? (float) v : v; }

    private static double[] times(double[] m, double k) {
        double[] r = new double[m.length];
        for (int i = 0; i < m.length; i++) r[i] = m[i] * k;
        return r;
    }

    private static double[] plus(double[] m, double k) {
        double[] r = new double[m.length];
        for (int i = 0; i < m.length; i++) r[i] = m[i] + k;
        return r;
    }
}
