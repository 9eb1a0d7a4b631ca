package io.numfuse.jvm;

/**
 * Compensated float sums, the way generated kernels call them. A running sum is a pair in
 * double: {@code state[0]} the sum, {@code state[1]} the compensation, the sum of the exact
 * rounding errors of the additions that made {@code state[0]} (Knuth's TwoSum gives each
 * error exactly); its value is {@link #total}. Generated code hands over a range of an input
 * array, or a block of body values computed into a scratch array, and one call adds them all.
 * With {@code jdk.incubator.vector} present the ranges are summed lane-wise ({@link VectorSum});
 * without it by four scalar chains. Either way every addition is a TwoSum whose error goes to
 * the compensation, which is what the bound in {@code Interpreter}'s documentation needs.
 */
public final class CompensatedSum {
    private CompensatedSum() {}

    /** Adds {@code a[from..to)} to the pair {@code state}. */
    public static void add(double[] a, int from, int to, double[] state) {
        if (BlockMath.VECTOR) VectorSum.add(a, from, to, state); else addScalar(a, from, to, state);
    }

    /** Adds {@code a[from..to)}, each widened exactly to double, to the pair {@code state}. */
    public static void add(float[] a, int from, int to, double[] state) {
        if (BlockMath.VECTOR) VectorSum.add(a, from, to, state); else addScalar(a, from, to, state);
    }

    /** Adds {@code x} to the pair at index {@code i} of {@code sums} and {@code comps}. */
    public static void addAt(double[] sums, double[] comps, int i, double x) {
        double s = sums[i], t = s + x, bp = t - s;
        sums[i] = t;
        comps[i] += (s - (t - bp)) + (x - bp);
    }

    /** Adds the pair {@code (sum, comp)} to the pair {@code state}. */
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

    /** The scalar path: four independent TwoSum chains, merged in order. */
    static void addScalar(double[] a, int from, int to, double[] state) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0, c0 = 0, c1 = 0, c2 = 0, c3 = 0;
        int i = from;
        for (; i + 4 <= to; i += 4) {
            double x, t, bp;
            x = a[i];     t = s0 + x; bp = t - s0; c0 += (s0 - (t - bp)) + (x - bp); s0 = t;
            x = a[i + 1]; t = s1 + x; bp = t - s1; c1 += (s1 - (t - bp)) + (x - bp); s1 = t;
            x = a[i + 2]; t = s2 + x; bp = t - s2; c2 += (s2 - (t - bp)) + (x - bp); s2 = t;
            x = a[i + 3]; t = s3 + x; bp = t - s3; c3 += (s3 - (t - bp)) + (x - bp); s3 = t;
        }
        for (; i < to; i++) { double x = a[i], t = s0 + x, bp = t - s0; c0 += (s0 - (t - bp)) + (x - bp); s0 = t; }
        addPair(state, s0, c0);
        addPair(state, s1, c1);
        addPair(state, s2, c2);
        addPair(state, s3, c3);
    }

    static void addScalar(float[] a, int from, int to, double[] state) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0, c0 = 0, c1 = 0, c2 = 0, c3 = 0;
        int i = from;
        for (; i + 4 <= to; i += 4) {
            double x, t, bp;
            x = a[i];     t = s0 + x; bp = t - s0; c0 += (s0 - (t - bp)) + (x - bp); s0 = t;
            x = a[i + 1]; t = s1 + x; bp = t - s1; c1 += (s1 - (t - bp)) + (x - bp); s1 = t;
            x = a[i + 2]; t = s2 + x; bp = t - s2; c2 += (s2 - (t - bp)) + (x - bp); s2 = t;
            x = a[i + 3]; t = s3 + x; bp = t - s3; c3 += (s3 - (t - bp)) + (x - bp); s3 = t;
        }
        for (; i < to; i++) { double x = a[i], t = s0 + x, bp = t - s0; c0 += (s0 - (t - bp)) + (x - bp); s0 = t; }
        addPair(state, s0, c0);
        addPair(state, s1, c1);
        addPair(state, s2, c2);
        addPair(state, s3, c3);
    }
}
