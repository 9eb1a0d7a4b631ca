package io.numfuse.jvm;

/**
 * What {@link CompensatedSum} does with a range while {@link VectorSum}'s method for it is not
 * yet compiled. Until C2 compiles it, Vector API code runs interpreted at a microsecond or more
 * per vector operation: the first {@code sum(a)} of 10^7 float32 values took 250-680 ms (2 ms
 * once compiled), and every process paid that once. So, while a method is cold, its ranges are
 * summed by a scalar emulation of its lanes: the same TwoSum additions, in the same order, into
 * the same state slots, so the result is bit for bit the vector code's, whichever runs. A daemon
 * thread, started when this class is first used, warms the four methods meanwhile (calls each on
 * private blocks of zeros until such a call takes compiled time: with C2 a few hundred
 * milliseconds of one core; a JVM without C2 keeps emulating, which beats interpreted vector
 * code) and marks each warm; a range in progress hands its rest over at the next chunk. The
 * marks are the only shared state, each set once from false to true.
 */
final class ColdStart {
    private ColdStart() {}

    static final int CHUNK = 4096, PROBE = 256, MAX_PROBE_ROUNDS = 20_000;
    /** A probe faster than this ran compiled code (interpreted, it takes tens of microseconds; compiled, 0.1-0.3). */
    private static final long COMPILED_NANOS = 1_500;
    private static final int L = VectorSum.LANES, S0 = CompensatedSum.CHAINS;

    /** One of VectorSum's four range methods: whether the JIT has compiled it. */
    static final class Method {
        volatile boolean warm;
    }

    static final Method DOUBLES = new Method(), FLOATS = new Method(), DOUBLE_PRODUCTS = new Method(), FLOAT_PRODUCTS = new Method();

    static {
        Thread t = new Thread(ColdStart::warmUp, "numfuse-vector-warm-up");
        t.setDaemon(true);
        t.start();
    }

    /**
     * Calls each cold method on blocks of zeros (its own, so that no caller's data is touched)
     * until one call takes compiled time, round after round, for at most {@value
     * #MAX_PROBE_ROUNDS} rounds (a JVM without C2 never compiles them; about 2 s of one core).
     * Each call adds a range with a tail and a range too short for lanes, so that C2 compiles
     * every branch that real ranges take: a branch never taken while profiling becomes a trap
     * that throws the compiled code away the first time a real range takes it.
     */
    private static void warmUp() {
        double[] d = new double[PROBE], s = CompensatedSum.newState();
        float[] f = new float[PROBE];
        Method[] methods = { DOUBLES, FLOATS, DOUBLE_PRODUCTS, FLOAT_PRODUCTS };
        Runnable[] probes = {
            () -> { VectorSum.add(d, 1, PROBE - 2, s); VectorSum.add(d, 0, 3, s); },
            () -> { VectorSum.add(f, 1, PROBE - 2, s); VectorSum.add(f, 0, 3, s); },
            () -> { VectorSum.addProducts(d, 1, d, 0, PROBE - 3, s); VectorSum.addProducts(d, 0, d, 1, 3, s); },
            () -> { VectorSum.addProducts(f, 1, f, 0, PROBE - 3, s); VectorSum.addProducts(f, 0, f, 1, 3, s); },
        };
        for (int round = 0; round < MAX_PROBE_ROUNDS; round++) {
            boolean cold = false;
            for (int k = 0; k < methods.length; k++) {
                if (methods[k].warm) continue;
                cold = true;
                long t0 = System.nanoTime();
                probes[k].run();
                if (System.nanoTime() - t0 < COMPILED_NANOS) methods[k].warm = true;
            }
            if (!cold) return;
        }
    }

    /** Test hook: when non-negative, a range marks its method warm after this many emulated chunks. */
    static volatile int warmAfterChunksForTests = -1;

    /** The j-th value of a range (j from 0). */
    private interface Values { double at(int j); }

    /** Adds the range from its j-th value on with the vector method. */
    private interface Rest { void from(int j); }

    static void add(double[] a, int from, int to, double[] state) {
        run(DOUBLES, to - from, lanes(from, to), j -> a[from + j], j -> VectorSum.add(a, from + j, to, state), state);
    }

    static void add(float[] a, int from, int to, double[] state) {
        run(FLOATS, to - from, lanes(from, to), j -> a[from + j], j -> VectorSum.add(a, from + j, to, state), state);
    }

    static void addProducts(double[] a, int ia, double[] b, int ib, int n, double[] state) {
        run(DOUBLE_PRODUCTS, n, lanes(0, n), j -> a[ia + j] * b[ib + j], j -> VectorSum.addProducts(a, ia + j, b, ib + j, n - j, state), state);
    }

    /** Each product in float, as the body and the vector code compute it. */
    static void addProducts(float[] a, int ia, float[] b, int ib, int n, double[] state) {
        run(FLOAT_PRODUCTS, n, lanes(0, n), j -> a[ia + j] * b[ib + j], j -> VectorSum.addProducts(a, ia + j, b, ib + j, n - j, state), state);
    }

    /** VectorSum's test: a range [from, to) of at least two vectors, whose end leaves room for its loop's index, uses lanes. */
    private static boolean lanes(int from, int to) { return to - from >= 2 * L && to <= Integer.MAX_VALUE - 2 * L; }

    /**
     * Adds n values as VectorSum does (lanes from the first value while two vectors' worth
     * remain, the rest to the pair; a range that {@code lanes} says no to all to the pair),
     * emulating chunk by chunk, and hands the rest over once the method is warm.
     */
    private static void run(Method m, int n, boolean lanes, Values v, Rest rest, double[] state) {
        if (!lanes) {
            tail(v, 0, n, state);
            return;
        }
        int chunks = 0, warmAfter = warmAfterChunksForTests;
        for (int j = 0; j < n; ) {
            if (warmAfter >= 0 && chunks++ == warmAfter) m.warm = true;
            if (m.warm) {
                rest.from(j);
                return;
            }
            int end = Math.min(n, j + CHUNK), lanesEnd = j + (end - j) / (2 * L) * (2 * L);   // CHUNK is a multiple of 2L
            lanes(v, j, lanesEnd, state);
            tail(v, lanesEnd, end, state);   // empty but at the end
            j = end;
        }
    }

    /**
     * Values [from, to), a multiple of 2L, into the lanes: value from + 2L·k + q goes to chain
     * q / L, lane q % L, whose sum is at S0 + q + (q < L ? 0 : L) and compensation L slots on.
     */
    private static void lanes(Values v, int from, int to, double[] state) {
        if (from == to) return;
        for (int i = from; i < to; i += 2 * L) {
            for (int q = 0; q < 2 * L; q++) {
                int s = S0 + q + (q < L ? 0 : L), c = s + L;
                double x = v.at(i + q), sum = state[s], t = sum + x, bp = t - sum;
                state[c] = state[c] + ((sum - (t - bp)) + (x - bp));
                state[s] = t;
            }
        }
        CompensatedSum.used(state, CompensatedSum.VECTOR);
    }

    /** As {@link CompensatedSum#addTail}: values [from, to) one by one into the pair. */
    private static void tail(Values v, int from, int to, double[] state) {
        if (from == to) return;
        double s = state[0], c = state[1];
        for (int j = from; j < to; j++) {
            double x = v.at(j), t = s + x, bp = t - s;
            c += (s - (t - bp)) + (x - bp);
            s = t;
        }
        state[0] = s;
        state[1] = c;
    }
}
