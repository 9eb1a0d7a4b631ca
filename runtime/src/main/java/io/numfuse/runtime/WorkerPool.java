package io.numfuse.runtime;

import io.numfuse.ir.NumfuseLog;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The threads the JVM backend splits large kernels across: one daemon worker per core less
 * one, the calling thread taking the first part. {@code NUMFUSE_THREADS} caps the count
 * (at most the cores: {@link #threadCount(String, int)}).
 *
 * <p>A hand-off through an executor's queue parks and wakes a thread on each side, which cost
 * about 45 us a kernel on this machine (scripts/ThreadThreshold.java: 2^14 elements took 3 us
 * on one thread, 50 us on two). So a worker spins for a while after its part before it parks
 * ({@code numfuse.spinMicros}, default 50; {@code numfuse.loopSpinMicros}, default 250, while its
 * jobs come that close together: {@link #spinNanos}), and so does the caller waiting for the
 * others, as OpenMP runtimes do: kernels that follow one another (the steps of a Jacobi loop)
 * then hand off in about a microsecond. An OpenCL CPU device's run parks the spinning workers
 * first ({@link #yieldCores}). One caller uses the workers at a time; another thread that
 * splits meanwhile runs its parts itself.
 *
 * <p>A part is run by whoever claims it first: once the caller has run its own part, it takes
 * every part no worker has started. A worker that was parked (the split came after a pause
 * longer than its spin) wakes tens of microseconds later, and the caller used to wait for it,
 * then park itself and wait to be woken in turn: a Mandelbrot step over 316x316 float32 (25 us
 * on two threads back to back, 45 us on one) took 130 us a step in the selection suite's loop
 * rows, whose calls are timed one by one with a pause between them. Now such a split costs at
 * most what one thread's would.
 *
 * <p>{@link #withThreads} caps the parts for the code it runs, on its thread alone (a
 * {@link ScopedValue}: other threads, and the same thread after it, keep theirs): a Spark task
 * that owns one core runs its kernels on its own thread. Unset, reading it is a lookup of an
 * unbound scoped value per split decision (2.3 ns here, in a loop of them).
 */
final class WorkerPool {
    private WorkerPool() {}

    private static final int THREADS = threadCount();
    private static final long SPIN_NANOS = 1000L * Long.getLong("numfuse.spinMicros", 50);
    /**
     * How long a worker spins while its jobs come close together: when the last one came within
     * this long of the part before, it waits this long for the next before it parks, else
     * {@link #SPIN_NANOS} ({@link #spinNanos}).
     */
    private static final long LOOP_SPIN_NANOS = 1000L * Long.getLong("numfuse.loopSpinMicros", 250);
    /** {@link #LOOP_SPIN_NANOS}, or what a test set ({@link #loopSpinForTests}). */
    private static volatile long loopSpinNanos = LOOP_SPIN_NANOS;
    /** Moved on by {@link #yieldCores}: a worker spinning since an earlier value parks at once. */
    private static volatile int yieldEpoch;
    private static final Worker[] WORKERS = new Worker[Math.max(0, THREADS - 1)];
    private static final AtomicBoolean BUSY = new AtomicBoolean();
    /** The calling thread's cap on the parts of a split, where {@link #withThreads} set one. */
    private static final ScopedValue<Integer> CAP = ScopedValue.newInstance();

    static {
        for (int i = 0; i < WORKERS.length; i++) {
            WORKERS[i] = new Worker();
            WORKERS[i].start();
        }
    }

    /** The parts a split on this thread may have: the pool's threads, or fewer under {@link #withThreads}. */
    static int threads() { return CAP.isBound() ? Math.min(CAP.get(), THREADS) : THREADS; }

    /** The threads of the pool, the calling thread included, whatever this thread's cap. */
    static int poolThreads() { return THREADS; }

    /** Runs {@code work} on this thread with splits of at most {@code threads} parts (1: none), then restores the cap before it. */
    static <T> T withThreads(int threads, java.util.function.Supplier<T> work) {
        if (threads < 1) throw new IllegalArgumentException("threads must be at least 1: " + threads);
        return ScopedValue.where(CAP, threads).call(work::get);
    }

    private static int threadCount() {
        return threadCount(System.getenv("NUMFUSE_THREADS"), Runtime.getRuntime().availableProcessors());
    }

    /**
     * The pool's threads for a {@code NUMFUSE_THREADS} of {@code s} (null: unset) on a machine
     * of {@code cores}. It is a cap, as the README says: a value above the cores gives the cores,
     * with a warning (it used to start that many workers: 99999 spent 84 s starting threads,
     * then ran out of memory); 0, a negative value or not a number gives all cores, with a
     * warning (0 and -1 used to mean 1 silently).
     */
    static int threadCount(String s, int cores) {
        if (s == null) return cores;
        String t = s.trim();   // a BigInteger, not an int: 99999999999 is a number too, above the cores
        java.math.BigInteger n = t.matches("[+-]?[0-9]+") ? new java.math.BigInteger(t) : null;
        if (n == null || n.signum() < 1) {
            NumfuseLog.warning("NUMFUSE_THREADS='" + s + "' is not a whole number from 1 up; using all " + cores + " cores");
            return cores;
        }
        if (n.compareTo(java.math.BigInteger.valueOf(cores)) > 0) {
            NumfuseLog.warning("NUMFUSE_THREADS=" + t + " is more than this machine's " + cores + " cores; using " + cores);
            return cores;
        }
        return n.intValue();
    }

    /**
     * How long a worker spins for its next job after a part, given how long the last one took to
     * come ({@code lastGapNanos}, from the end of the part before to the job's hand-off): the
     * steps of a plain loop come every few tens of microseconds, or a little more where each
     * evaluation builds a few steps' graph first, and a worker parked after 50 us was woken for
     * most steps of a small Mandelbrot loop (tens of microseconds each, and a split that waits for
     * no sleeping worker ran on one thread meanwhile: 100-115 us a step against 40-63). A caller
     * whose jobs come further apart than {@link #LOOP_SPIN_NANOS} keeps the short spin, so it
     * costs a core that much at most per job. (GNU OpenMP spins for about 300,000 iterations and
     * Intel's runtime for 200 ms by default before sleeping.)
     */
    static long spinNanos(long lastGapNanos) {
        long loop = loopSpinNanos;
        return lastGapNanos <= loop ? Math.max(loop, SPIN_NANOS) : SPIN_NANOS;
    }

    /** Sets the loop's spin ({@link #spinNanos}) until the returned handle is closed: a test's, so that only a yield can end a worker's spin. */
    static AutoCloseable loopSpinForTests(long nanos) {
        loopSpinNanos = nanos;
        return () -> loopSpinNanos = LOOP_SPIN_NANOS;
    }

    /**
     * Parks the workers that spin for their next job, at once: a device that computes on the
     * host's cores (an OpenCL CPU device) is about to run, and a spinning worker would take a core
     * from it. A worker spinning when this is called parks within its next check.
     */
    static void yieldCores() {
        if (WORKERS.length > 0) yieldEpoch++;   // a lost update between two callers still moves it
    }

    /** True when some worker is parked now (for tests). */
    static boolean someWorkerParked() {
        for (Worker w : WORKERS) if (w.parked) return true;
        return false;
    }

    /** Per calling thread, how many times its splits had to wake a parked worker. */
    private static final ThreadLocal<long[]> WAKES = ThreadLocal.withInitial(() -> new long[1]);

    /** How many times this thread's splits woke a parked worker so far: a split that did paid the wake-up (tens of microseconds here). */
    static long wakes() { return WAKES.get()[0]; }

    interface Range { void run(int from, int to); }
    interface IndexedRange { void run(int part, int from, int to); }

    static void split(int n, int parts, Range r) { splitIndexed(n, parts, (p, from, to) -> r.run(from, to)); }

    /** Runs {@code r} on {@code parts} contiguous parts of {@code [0, n)}, in parallel; rethrows the first failure. */
    static void splitIndexed(int n, int parts, IndexedRange r) {
        Job job = new Job(r, n, parts);
        if (parts < 2 || parts > threads() || !BUSY.compareAndSet(false, true)) {
            for (int p = 0; p < parts; p++) job.run(p);   // the workers are another caller's: these parts run here
            job.rethrow();
            return;
        }
        try {
            for (int p = 1; p < parts; p++) WORKERS[p - 1].give(job, p);
            job.run(0);
            for (int p = 1; p < parts; p++) job.claimAndRun(p);   // the parts no worker has started yet
            job.await();
        } finally {
            BUSY.set(false);
        }
        job.rethrow();
    }

    private static int bound(int n, int parts, int p) { return (int) ((long) n * p / parts); }

    /** The parts of one split, and who waits for them. */
    private static final class Job {
        final IndexedRange r;
        final int n, parts;
        final Thread caller = Thread.currentThread();
        final AtomicInteger pending;
        /** Per part, whether someone (a worker or the caller) has taken it. */
        final java.util.concurrent.atomic.AtomicIntegerArray claimed;
        volatile Throwable failure;
        volatile boolean callerParked;

        Job(IndexedRange r, int n, int parts) {
            this.r = r;
            this.n = n;
            this.parts = parts;
            this.pending = new AtomicInteger(parts - 1);
            this.claimed = new java.util.concurrent.atomic.AtomicIntegerArray(parts);
        }

        void run(int p) {
            try {
                r.run(p, bound(n, parts, p), bound(n, parts, p + 1));
            } catch (Throwable t) {
                if (failure == null) failure = t;
            }
        }

        /** Runs part {@code p} (1 and up) unless someone else took it first; counts it done. */
        void claimAndRun(int p) {
            if (!claimed.compareAndSet(p, 0, 1)) return;
            run(p);
            if (pending.decrementAndGet() == 0 && callerParked) LockSupport.unpark(caller);
        }

        void await() {
            long deadline = System.nanoTime() + SPIN_NANOS;
            while (pending.get() != 0 && System.nanoTime() < deadline) Thread.onSpinWait();
            if (pending.get() == 0) return;
            callerParked = true;
            while (pending.get() != 0) LockSupport.park(this);
        }

        void rethrow() {
            Throwable t = failure;
            if (t instanceof RuntimeException re) throw re;
            if (t instanceof Error err) throw err;
            if (t != null) throw new IllegalStateException(t);
        }
    }

    /** A thread that runs one part at a time, spinning a while for the next before it parks. */
    private static final class Worker extends Thread {
        private static final java.lang.invoke.VarHandle JOB;
        static {
            try {
                JOB = java.lang.invoke.MethodHandles.lookup().findVarHandle(Worker.class, "job", Job.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }
        private volatile Job job;
        private volatile int part;
        private volatile boolean parked;
        /** When the last job was handed over ({@link System#nanoTime}). */
        private volatile long givenAt;

        Worker() {
            super("numfuse-worker");
            setDaemon(true);
        }

        void give(Job j, int p) {
            part = p;
            givenAt = System.nanoTime();
            job = j;
            if (parked) {
                LockSupport.unpark(this);
                WAKES.get()[0]++;
            }
        }

        @Override
        public void run() {
            long lastGap = Long.MAX_VALUE;   // none yet: the short spin
            int epoch = yieldEpoch;
            while (true) {
                long idleFrom = System.nanoTime();
                Job j = job;
                if (j == null) {
                    long deadline = idleFrom + spinNanos(lastGap);
                    while ((j = job) == null && System.nanoTime() < deadline && yieldEpoch == epoch) Thread.onSpinWait();
                    if (j == null) {
                        parked = true;
                        while ((j = job) == null) LockSupport.park(this);
                        parked = false;
                    }
                }
                lastGap = Math.max(0, givenAt - idleFrom);
                epoch = yieldEpoch;                 // a yield from now on, during the part too, parks the spin after it
                int p = part;
                JOB.compareAndSet(this, j, null);   // not a later split's job, given meanwhile
                j.claimAndRun(p);                   // nothing when the caller took the part already
            }
        }
    }
}
