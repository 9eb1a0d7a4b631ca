package io.numfuse.jvm;

/**
 * Compensated float sums, the way generated kernels call them. A running sum is a pair in
 * double: {@code state[0]} the sum, {@code state[1]} the compensation, the sum of the exact
 * rounding errors of the additions that made {@code state[0]} (Knuth's TwoSum gives each
 * error exactly); its value is {@link #total}. Generated code hands over a range of an input
 * array, or a block of body values computed into a scratch array, and one call adds them all.
 *
 * <p>Between {@link #begin} and {@link #end} the state also holds independent chains (vector
 * lanes with {@code jdk.incubator.vector}, {@link VectorSum}; sixteen scalar chains without
 * the module), each a (sum, compensation) pair, so that a loop of blocks does not fold them
 * into the pair after every block; {@link #end} adds them to the pair in order. Every addition
 * is a TwoSum whose error goes to a compensation, which is what the bound in
 * {@code Interpreter}'s documentation needs.
 */
public final class CompensatedSum {
    private CompensatedSum() {}

    /**
     * Where the chains start in a state array, and how many scalar chains the fallback keeps
     * (their sums at {@code [CHAINS, CHAINS + 16)}, their compensations after them).
     */
    static final int CHAINS = 2, SCALAR_CHAINS = 16;
    /** The slot that says which chains hold values: 0 none, {@link #SCALAR} or {@link #VECTOR}. */
    private static final int USED = CHAINS + Math.max(2 * SCALAR_CHAINS, BlockMath.VECTOR ? VectorSum.CHAIN_SLOTS : 0);
    static final double SCALAR = 1, VECTOR = 2;

    /** A fresh state: the pair (0, 0) and empty chains. */
    public static double[] newState() { return new double[USED + 1]; }

    /** Starts a running sum at the pair {@code (sum, comp)}. */
    public static void begin(double[] state, double sum, double comp) {
        state[0] = sum;
        state[1] = comp;
    }

    /** Adds {@code a[from..to)} to the running sum {@code state}. */
    public static void add(double[] a, int from, int to, double[] state) {
        if (BlockMath.VECTOR) VectorSum.add(a, from, to, state); else addScalar(a, from, to, state);
    }

    /** Adds {@code a[from..to)}, each widened exactly to double, to the running sum {@code state}. */
    public static void add(float[] a, int from, int to, double[] state) {
        if (BlockMath.VECTOR) VectorSum.add(a, from, to, state); else addScalar(a, from, to, state);
    }

    /** Adds the products {@code a[ia + j] * b[ib + j]} (in double), {@code j < n}, to the running sum {@code state}. */
    public static void addProducts(double[] a, int ia, double[] b, int ib, int n, double[] state) {
        if (BlockMath.VECTOR) VectorSum.addProducts(a, ia, b, ib, n, state); else addProductsScalar(a, ia, b, ib, n, state);
    }

    /** Adds the products {@code a[ia + j] * b[ib + j]}, each rounded to float as the body does, to {@code state}. */
    public static void addProducts(float[] a, int ia, float[] b, int ib, int n, double[] state) {
        if (BlockMath.VECTOR) VectorSum.addProducts(a, ia, b, ib, n, state); else addProductsScalar(a, ia, b, ib, n, state);
    }

    /** Folds the chains into the pair {@code state[0], state[1]} (chain 0 first) and empties them. */
    public static void end(double[] state) {
        if (state[USED] == VECTOR) VectorSum.fold(state);
        else if (state[USED] == SCALAR) fold(state, CHAINS, SCALAR_CHAINS);
        state[USED] = 0;
    }

    /** Adds the pairs of {@code width} chains whose sums start at {@code at} (their compensations follow), and empties them. */
    static void fold(double[] state, int at, int width) {
        for (int j = 0; j < width; j++) {
            addPair(state, state[at + j], state[at + width + j]);
            state[at + j] = 0;
            state[at + width + j] = 0;
        }
    }

    /** Marks which chains hold values. */
    static void used(double[] state, double which) { state[USED] = which; }

    /** Adds {@code x} to the pair at index {@code i} of {@code sums} and {@code comps}. */
    public static void addAt(double[] sums, double[] comps, int i, double x) {
        double s = sums[i], t = s + x, bp = t - s;
        sums[i] = t;
        comps[i] += (s - (t - bp)) + (x - bp);
    }

    /** Adds the pair {@code (sum, comp)} to the pair {@code state[0], state[1]}. */
    public static void addPair(double[] state, double sum, double comp) {
        double s = state[0], t = s + sum, bp = t - s;
        state[0] = t;
        state[1] += comp + ((s - (t - bp)) + (sum - bp));
    }

    /**
     * The value of a pair: {@code sum + comp}, or {@code sum} alone when it is not finite (an
     * infinity or NaN makes the compensation NaN, and the sum is then the answer, as IEEE
     * addition in any order would give).
     */
    public static double total(double sum, double comp) {
        return Double.isFinite(sum) ? sum + comp : sum;
    }

    /** Adds {@code a[from..to)} to the pair {@code state[0], state[1]} one by one: for short ranges and tails. */
    static void addTail(double[] a, int from, int to, double[] state) {
        double s = state[0], c = state[1];
        for (int i = from; i < to; i++) {
            double x = a[i], t = s + x, bp = t - s;
            c += (s - (t - bp)) + (x - bp);
            s = t;
        }
        state[0] = s;
        state[1] = c;
    }

    static void addTail(float[] a, int from, int to, double[] state) {
        double s = state[0], c = state[1];
        for (int i = from; i < to; i++) {
            double x = a[i], t = s + x, bp = t - s;
            c += (s - (t - bp)) + (x - bp);
            s = t;
        }
        state[0] = s;
        state[1] = c;
    }

    /** Products one by one into the pair: for short ranges and tails. */
    static void addProductsTail(double[] a, int ia, double[] b, int ib, int n, double[] state) {
        double s = state[0], c = state[1];
        for (int j = 0; j < n; j++) {
            double x = a[ia + j] * b[ib + j], t = s + x, bp = t - s;
            c += (s - (t - bp)) + (x - bp);
            s = t;
        }
        state[0] = s;
        state[1] = c;
    }

    static void addProductsTail(float[] a, int ia, float[] b, int ib, int n, double[] state) {
        double s = state[0], c = state[1];
        for (int j = 0; j < n; j++) {
            double x = a[ia + j] * b[ib + j], t = s + x, bp = t - s;
            c += (s - (t - bp)) + (x - bp);
            s = t;
        }
        state[0] = s;
        state[1] = c;
    }

    /** The scalar path for products: as {@link #addScalar}, each value a product. */
    static void addProductsScalar(double[] a, int ia, double[] b, int ib, int n, double[] state) {
        int j = 0, c = CHAINS + SCALAR_CHAINS;
        if (n >= SCALAR_CHAINS && n <= Integer.MAX_VALUE - SCALAR_CHAINS) {
            for (; j + SCALAR_CHAINS <= n; j += SCALAR_CHAINS) {
                for (int q = 0; q < SCALAR_CHAINS; q++) {
                    double x = a[ia + j + q] * b[ib + j + q], sum = state[CHAINS + q], t = sum + x, bp = t - sum;
                    state[c + q] += (sum - (t - bp)) + (x - bp);
                    state[CHAINS + q] = t;
                }
            }
            used(state, SCALAR);
        }
        if (j < n) addProductsTail(a, ia + j, b, ib + j, n - j, state);
    }

    static void addProductsScalar(float[] a, int ia, float[] b, int ib, int n, double[] state) {
        int j = 0, c = CHAINS + SCALAR_CHAINS;
        if (n >= SCALAR_CHAINS && n <= Integer.MAX_VALUE - SCALAR_CHAINS) {
            for (; j + SCALAR_CHAINS <= n; j += SCALAR_CHAINS) {
                for (int q = 0; q < SCALAR_CHAINS; q++) {
                    double x = a[ia + j + q] * b[ib + j + q], sum = state[CHAINS + q], t = sum + x, bp = t - sum;
                    state[c + q] += (sum - (t - bp)) + (x - bp);
                    state[CHAINS + q] = t;
                }
            }
            used(state, SCALAR);
        }
        if (j < n) addProductsTail(a, ia + j, b, ib + j, n - j, state);
    }

    /**
     * The scalar path: {@value #SCALAR_CHAINS} TwoSum chains kept in the state, value i of each
     * group of {@value #SCALAR_CHAINS} to chain i (a loop over the chains' slots, which C2
     * compiles twice as fast as four chains in locals); the rest to the pair one by one.
     */
    static void addScalar(double[] a, int from, int to, double[] state) {
        int i = from, c = CHAINS + SCALAR_CHAINS;
        if (to - from >= SCALAR_CHAINS && to <= Integer.MAX_VALUE - SCALAR_CHAINS) {
            for (; i + SCALAR_CHAINS <= to; i += SCALAR_CHAINS) {
                for (int q = 0; q < SCALAR_CHAINS; q++) {
                    double x = a[i + q], sum = state[CHAINS + q], t = sum + x, bp = t - sum;
                    state[c + q] += (sum - (t - bp)) + (x - bp);
                    state[CHAINS + q] = t;
                }
            }
            used(state, SCALAR);
        }
        if (i < to) addTail(a, i, to, state);
    }

    static void addScalar(float[] a, int from, int to, double[] state) {
        int i = from, c = CHAINS + SCALAR_CHAINS;
        if (to - from >= SCALAR_CHAINS && to <= Integer.MAX_VALUE - SCALAR_CHAINS) {
            for (; i + SCALAR_CHAINS <= to; i += SCALAR_CHAINS) {
                for (int q = 0; q < SCALAR_CHAINS; q++) {
                    double x = a[i + q], sum = state[CHAINS + q], t = sum + x, bp = t - sum;
                    state[c + q] += (sum - (t - bp)) + (x - bp);
                    state[CHAINS + q] = t;
                }
            }
            used(state, SCALAR);
        }
        if (i < to) addTail(a, i, to, state);
    }
}
