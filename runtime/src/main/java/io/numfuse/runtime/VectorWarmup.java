package io.numfuse.runtime;

import io.numfuse.core.DType;
import io.numfuse.ir.Instr;
import io.numfuse.ir.KernelKey;
import io.numfuse.jvm.JvmCodegen;
import io.numfuse.jvm.JvmKernel;
import io.numfuse.jvm.JvmKernels;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Moves a JVM kernel from its scalar class to its Vector API class ({@link JvmCodegen#generateVectorised}:
 * selects, comparisons and tests as masks and blends) once C2 has compiled that class. The
 * interpreter and C1 do not intrinsify the Vector API, so until then a vector class runs 15-40x
 * slower than the scalar one (a Mandelbrot kernel's first calls took 0.4-1.4 s against 14-38 ms),
 * and C2 takes 0.2-0.7 s to compile one on this machine. So a kernel starts on its scalar class;
 * once its runs there have taken {@link #HOT_NANOS}, one daemon thread generates
 * its vector class and runs both on a sample of random inputs, round after round, and switches
 * the kernel over when the vector class has beaten the scalar class's best round
 * {@value #FASTER_ROUNDS} rounds in a row. A vector class that is not faster within
 * {@link #BUDGET_SECONDS}, or stops getting faster, is dropped. Both classes give the same values.
 *
 * <p>{@code numfuse.jvm.vectors}: {@code auto} (the default), {@code always} (the vector class
 * from the first run: tests, and measurements that warm up anyway) or {@code never}.
 */
final class VectorWarmup {
    private VectorWarmup() {}

    /**
     * Time a kernel spends in its scalar class (its parts on all threads) before its vector class
     * is warmed: about what a warm-up costs in CPU time here (its sample runs and C2's compile:
     * 0.4-0.7 s of wall time on a quiet machine, 1.2-3.9 s under load), so that a kernel used
     * briefly loses at most about its own time (ski rental) and one used long gets the vector
     * class. With 0.5 s, one-shot runs of the Mandelbrot demo (0.6-1.4 s) ran 15-25% slower.
     */
    static final long HOT_NANOS = Long.getLong("numfuse.jvm.vectorAfterMillis", 1000) * 1_000_000;
    static final double BUDGET_SECONDS = 30, STALL_SECONDS = 5;
    /** The sample's innermost length: 8 vectors of 16 lanes and a tail; with rows of 37 the set-up of each row hid the gain. */
    static final int ROW = 133;
    static final int FASTER_ROUNDS = 3, CALLS_PER_ROUND = 16, MIN_ROUNDS = 40;
    /** {@code numfuse.jvm.vectorLog}: one line on stderr per warm-up, with its outcome. */
    private static final boolean LOG = Boolean.getBoolean("numfuse.jvm.vectorLog");

    private static final LinkedBlockingQueue<Switching> QUEUE = new LinkedBlockingQueue<>();
    /** Kernels asked for and not yet warmed (or given up on). */
    private static final java.util.concurrent.atomic.AtomicInteger PENDING = new java.util.concurrent.atomic.AtomicInteger();

    static {
        Thread t = new Thread(VectorWarmup::loop, "numfuse-vector-warmup");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        t.start();
    }

    /** The kernel for {@code key} as the JVM target runs it: scalar, vector, or scalar until its vector class is warm. */
    static JvmKernel kernel(KernelKey key) {
        String mode = System.getProperty("numfuse.jvm.vectors", "auto");
        if (mode.equals("always")) return JvmKernels.define(JvmCodegen.generate(key));
        JvmKernel scalar = JvmKernels.define(JvmCodegen.generateScalar(key));
        return mode.equals("never") || !JvmCodegen.vectorises(key) ? scalar : new Switching(key, scalar);
    }

    /** Calibrations of the JVM under way: while there are any, every switching kernel runs its scalar class and counts no time. */
    private static final java.util.concurrent.atomic.AtomicInteger SCALAR_ONLY = new java.util.concurrent.atomic.AtomicInteger();

    /**
     * Runs {@code measure} with every kernel on its scalar class: the JVM's calibration measures
     * the classes all kernels start with, whichever of its chains would otherwise have switched
     * meanwhile (its transcendental chains did, at 1-3 s, and came out 100x faster than in
     * another run). A switched kernel's own correction, learnt from its runs, carries the gain.
     */
    static <T> T scalarOnly(java.util.function.Supplier<T> measure) {
        SCALAR_ONLY.incrementAndGet();
        try {
            return measure.get();
        } finally {
            SCALAR_ONLY.decrementAndGet();
        }
    }

    /** A kernel that runs its scalar class until {@link #warm} hands it its vector class. */
    static final class Switching extends JvmKernel {
        final KernelKey key;
        final JvmKernel scalar;
        private volatile JvmKernel current;
        private long nanos;               // summed without synchronisation: a threshold, not a measurement
        private volatile boolean asked;

        Switching(KernelKey key, JvmKernel scalar) {
            this.key = key;
            this.scalar = scalar;
            this.current = scalar;
        }

        @Override
        public void run(Object[] arrays, int[] offsets, int[] strides, int[] shape, long[] params, int from, int to) {
            if (SCALAR_ONLY.get() > 0) {
                scalar.run(arrays, offsets, strides, shape, params, from, to);
                return;
            }
            JvmKernel code = current;
            if (code != scalar || asked) {
                code.run(arrays, offsets, strides, shape, params, from, to);
                return;
            }
            long start = System.nanoTime();
            code.run(arrays, offsets, strides, shape, params, from, to);
            if ((nanos += System.nanoTime() - start) >= HOT_NANOS) ask();
        }

        /**
         * The kernel ran {@code nanos} on a device (auto placed it there): counted as if on its
         * scalar class, so that work hot anywhere gets its vector class here too, and auto weighs
         * the JVM's best code. A Mandelbrot step in a scope that auto moved to PoCL after 20 ms on
         * the JVM stayed on its scalar class, priced at 3-4 times the vector class's time. True
         * once it runs its vector class or has asked for it: later time elsewhere changes nothing.
         */
        boolean ranElsewhere(long nanos) {
            if (current != scalar || asked) return true;
            if ((this.nanos += nanos) >= HOT_NANOS) ask();
            return false;
        }

        /** Asks for the vector class now if the kernel has run and has not asked yet; returns whether it asked. */
        synchronized boolean askIfRun() {
            if (asked || nanos == 0 || current != scalar) return false;
            ask();
            return true;
        }

        private synchronized void ask() {
            if (asked) return;
            asked = true;
            PENDING.incrementAndGet();
            QUEUE.add(this);
        }

        /** True once the kernel runs its vector class. */
        boolean vectorised() { return current != scalar; }

        /** True once the kernel has asked for its vector class. */
        boolean asked() { return asked; }
    }

    private static void loop() {
        while (true) {
            Switching k;
            try {
                k = QUEUE.take();
            } catch (InterruptedException e) {
                return;
            }
            long start = System.nanoTime();
            String outcome = "failed";
            try {
                outcome = warm(k) ? "switched" : "kept the scalar class";
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException | LinkageError e) {
                // a kernel whose vector class fails to warm keeps its scalar class
            } finally {
                PENDING.decrementAndGet();
                if (LOG) {
                    System.err.printf("numfuse: vector class of a kernel of %d instructions: %s after %.0f ms%n",
                            k.key.body().size(), outcome, (System.nanoTime() - start) / 1e6);
                }
            }
        }
    }

    /**
     * Waits until every kernel that asked for its vector class has it or has been given up on
     * (at most {@code timeoutSeconds}); returns whether there was any to wait for.
     */
    static boolean await(double timeoutSeconds) {
        if (PENDING.get() == 0) return false;
        long end = System.nanoTime() + (long) (timeoutSeconds * 1e9);
        while (PENDING.get() > 0 && System.nanoTime() < end) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return true;
    }

    /**
     * Warms {@code k}'s vector class on a sample and switches {@code k} to it when it measures
     * faster; returns whether it did (also called by tests, on their thread). It gives up when
     * the vector class has not got faster for {@link #STALL_SECONDS} or after {@link #BUDGET_SECONDS}.
     */
    static boolean warm(Switching k) throws InterruptedException {
        byte[] bytes = JvmCodegen.generateVectorised(k.key);
        if (bytes == null) return false;
        JvmKernel vector = JvmKernels.define(bytes);
        Sample s = new Sample(k.key);
        long start = System.nanoTime(), gained = start, vectorBest = Long.MAX_VALUE, scalarBest = Long.MAX_VALUE;
        int faster = 0;
        for (int round = 1; ; round++) {
            long v = s.time(vector), t = s.time(k.scalar), now = System.nanoTime();
            if (v < vectorBest - vectorBest / 10) gained = now;
            vectorBest = Math.min(vectorBest, v);
            scalarBest = Math.min(scalarBest, t);
            faster = round >= MIN_ROUNDS && v < scalarBest ? faster + 1 : 0;
            if (faster == FASTER_ROUNDS) {
                k.current = vector;
                Placement.LEARNING.rescaleKernel("jvm", k.key, (double) vectorBest / scalarBest);   // its corrections were the scalar class's
                return true;
            }
            if (now - gained > STALL_SECONDS * 1e9 || now - start > BUDGET_SECONDS * 1e9) return false;
            // once the JIT has its counts, leave two thirds of a core to its compilers and the work
            if (round >= MIN_ROUNDS) Thread.sleep(Math.max(1, 2 * (v + t) / 1_000_000));
        }
    }

    /**
     * Random inputs for a kernel: every axis 2 long but the innermost, {@link #ROW}; each access a
     * dense array of its dtype (stride 0 on its broadcast axes); random parameters. The output is
     * thrown away. Random values take each comparison both ways, so that C2 compiles no branch of
     * the scalar tail as never taken.
     */
    private static final class Sample {
        private final Object[] arrays;
        private final int[] offsets, strides, shape;
        private final long[] params;

        Sample(KernelKey key) {
            List<KernelKey.Access> all = key.accesses();
            int rank = key.rank(), accesses = all.size();
            shape = new int[rank];
            for (int d = 0; d < rank; d++) shape[d] = d == rank - 1 ? ROW : 2;
            arrays = new Object[accesses];
            offsets = new int[accesses];
            strides = new int[accesses * rank];
            SplittableRandom r = new SplittableRandom(rank * 31L + accesses);
            for (int a = 0; a < accesses; a++) {
                KernelKey.Access access = all.get(a);
                int size = 1;
                for (int d = rank - 1; d >= 0; d--) {
                    char c = access.layout().charAt(d);
                    strides[a * rank + d] = c == '0' ? 0 : size * (c == 's' && d == rank - 1 ? 2 : 1);
                    size += (shape[d] - 1) * strides[a * rank + d];
                }
                arrays[a] = randomArray(access.dtype(), size, r);
            }
            int count = 0;
            for (Instr in : key.body()) if (in instanceof Instr.Param p) count = Math.max(count, p.index() + 1);
            params = new long[count];
            for (Instr in : key.body()) {
                if (!(in instanceof Instr.Param p)) continue;
                DType t = p.type();
                params[p.index()] = t.isFloat() ? Double.doubleToRawLongBits(r.nextDouble(-2, 2)) : r.nextInt(t == DType.BOOL ? 0 : -3, 4);
            }
        }

        private static Object randomArray(DType t, int n, SplittableRandom r) {
            return switch (t) {
                case BOOL -> { byte[] x = new byte[n]; for (int i = 0; i < n; i++) x[i] = (byte) r.nextInt(2); yield x; }
                case INT32 -> { int[] x = new int[n]; for (int i = 0; i < n; i++) x[i] = r.nextInt(-3, 4); yield x; }
                case INT64 -> { long[] x = new long[n]; for (int i = 0; i < n; i++) x[i] = r.nextInt(-3, 4); yield x; }
                case FLOAT32 -> { float[] x = new float[n]; for (int i = 0; i < n; i++) x[i] = (float) r.nextDouble(-2, 2); yield x; }
                case FLOAT64 -> { double[] x = new double[n]; for (int i = 0; i < n; i++) x[i] = r.nextDouble(-2, 2); yield x; }
            };
        }

        /** Nanoseconds for {@link #CALLS_PER_ROUND} runs of {@code code} on the sample. */
        long time(JvmKernel code) {
            long t = System.nanoTime();
            for (int c = 0; c < CALLS_PER_ROUND; c++) code.run(arrays, offsets, strides, shape, params, 0, shape[0]);
            return System.nanoTime() - t;
        }
    }
}
