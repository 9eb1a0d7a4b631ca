package io.numfuse.jvm;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API (jdk.incubator.vector) versions of {@link CompensatedSum}'s range sums (of
 * values, or of products of two ranges: a dot product): two
 * vectors of lane-wise TwoSum chains (two, so that consecutive adds do not wait on each
 * other), kept in the state between calls (sums of chain 0, its compensations, then chain 1's)
 * and folded into the pair by {@link #fold}; a range shorter than two vectors, and the tail of
 * a longer one, goes to the pair directly. A float32 range is widened lane for lane (half a
 * preferred vector of floats becomes one vector of doubles, exactly). Loaded only when the
 * module is present.
 */
final class VectorSum {
    private VectorSum() {}

    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    /** As many float lanes as {@link #D} has double lanes. */
    private static final VectorSpecies<Float> F = VectorSpecies.of(float.class, VectorShape.forBitSize(D.vectorBitSize() / 2));
    private static final int L = D.length();
    /** State slots the chains take from {@link CompensatedSum#CHAINS} on. */
    static final int CHAIN_SLOTS = 4 * L;
    private static final int S0 = CompensatedSum.CHAINS, C0 = S0 + L, S1 = C0 + L, C1 = S1 + L;

    static void add(double[] a, int from, int to, double[] state) {
        int i = from;
        if (to - from >= 2 * L && to <= Integer.MAX_VALUE - 2 * L) {   // (i + 2L cannot overflow)
            DoubleVector s0 = DoubleVector.fromArray(D, state, S0), c0 = DoubleVector.fromArray(D, state, C0);
            DoubleVector s1 = DoubleVector.fromArray(D, state, S1), c1 = DoubleVector.fromArray(D, state, C1);
            for (; i + 2 * L <= to; i += 2 * L) {   // this form, not i < upper: C2 compiles it twice as fast
                DoubleVector x = DoubleVector.fromArray(D, a, i), t = s0.add(x), bp = t.sub(s0);
                c0 = c0.add(s0.sub(t.sub(bp)).add(x.sub(bp)));
                s0 = t;
                x = DoubleVector.fromArray(D, a, i + L);
                t = s1.add(x);
                bp = t.sub(s1);
                c1 = c1.add(s1.sub(t.sub(bp)).add(x.sub(bp)));
                s1 = t;
            }
            s0.intoArray(state, S0);
            c0.intoArray(state, C0);
            s1.intoArray(state, S1);
            c1.intoArray(state, C1);
            CompensatedSum.used(state, CompensatedSum.VECTOR);
        }
        if (i < to) CompensatedSum.addTail(a, i, to, state);
    }

    static void add(float[] a, int from, int to, double[] state) {
        int i = from;
        if (to - from >= 2 * L && to <= Integer.MAX_VALUE - 2 * L) {   // (i + 2L cannot overflow)
            DoubleVector s0 = DoubleVector.fromArray(D, state, S0), c0 = DoubleVector.fromArray(D, state, C0);
            DoubleVector s1 = DoubleVector.fromArray(D, state, S1), c1 = DoubleVector.fromArray(D, state, C1);
            for (; i + 2 * L <= to; i += 2 * L) {
                DoubleVector x = (DoubleVector) FloatVector.fromArray(F, a, i).convertShape(VectorOperators.F2D, D, 0);
                DoubleVector t = s0.add(x), bp = t.sub(s0);
                c0 = c0.add(s0.sub(t.sub(bp)).add(x.sub(bp)));
                s0 = t;
                x = (DoubleVector) FloatVector.fromArray(F, a, i + L).convertShape(VectorOperators.F2D, D, 0);
                t = s1.add(x);
                bp = t.sub(s1);
                c1 = c1.add(s1.sub(t.sub(bp)).add(x.sub(bp)));
                s1 = t;
            }
            s0.intoArray(state, S0);
            c0.intoArray(state, C0);
            s1.intoArray(state, S1);
            c1.intoArray(state, C1);
            CompensatedSum.used(state, CompensatedSum.VECTOR);
        }
        if (i < to) CompensatedSum.addTail(a, i, to, state);
    }

    static void addProducts(double[] a, int ia, double[] b, int ib, int n, double[] state) {
        int j = 0;
        if (n >= 2 * L && n <= Integer.MAX_VALUE - 2 * L) {
            DoubleVector s0 = DoubleVector.fromArray(D, state, S0), c0 = DoubleVector.fromArray(D, state, C0);
            DoubleVector s1 = DoubleVector.fromArray(D, state, S1), c1 = DoubleVector.fromArray(D, state, C1);
            for (; j + 2 * L <= n; j += 2 * L) {
                DoubleVector x = DoubleVector.fromArray(D, a, ia + j).mul(DoubleVector.fromArray(D, b, ib + j));
                DoubleVector t = s0.add(x), bp = t.sub(s0);
                c0 = c0.add(s0.sub(t.sub(bp)).add(x.sub(bp)));
                s0 = t;
                x = DoubleVector.fromArray(D, a, ia + j + L).mul(DoubleVector.fromArray(D, b, ib + j + L));
                t = s1.add(x);
                bp = t.sub(s1);
                c1 = c1.add(s1.sub(t.sub(bp)).add(x.sub(bp)));
                s1 = t;
            }
            s0.intoArray(state, S0);
            c0.intoArray(state, C0);
            s1.intoArray(state, S1);
            c1.intoArray(state, C1);
            CompensatedSum.used(state, CompensatedSum.VECTOR);
        }
        if (j < n) CompensatedSum.addProductsTail(a, ia + j, b, ib + j, n - j, state);
    }

    /** Each product is rounded to float (as the body computes it), then widened exactly. */
    static void addProducts(float[] a, int ia, float[] b, int ib, int n, double[] state) {
        int j = 0;
        if (n >= 2 * L && n <= Integer.MAX_VALUE - 2 * L) {
            DoubleVector s0 = DoubleVector.fromArray(D, state, S0), c0 = DoubleVector.fromArray(D, state, C0);
            DoubleVector s1 = DoubleVector.fromArray(D, state, S1), c1 = DoubleVector.fromArray(D, state, C1);
            for (; j + 2 * L <= n; j += 2 * L) {
                DoubleVector x = (DoubleVector) FloatVector.fromArray(F, a, ia + j).mul(FloatVector.fromArray(F, b, ib + j))
                        .convertShape(VectorOperators.F2D, D, 0);
                DoubleVector t = s0.add(x), bp = t.sub(s0);
                c0 = c0.add(s0.sub(t.sub(bp)).add(x.sub(bp)));
                s0 = t;
                x = (DoubleVector) FloatVector.fromArray(F, a, ia + j + L).mul(FloatVector.fromArray(F, b, ib + j + L))
                        .convertShape(VectorOperators.F2D, D, 0);
                t = s1.add(x);
                bp = t.sub(s1);
                c1 = c1.add(s1.sub(t.sub(bp)).add(x.sub(bp)));
                s1 = t;
            }
            s0.intoArray(state, S0);
            c0.intoArray(state, C0);
            s1.intoArray(state, S1);
            c1.intoArray(state, C1);
            CompensatedSum.used(state, CompensatedSum.VECTOR);
        }
        if (j < n) CompensatedSum.addProductsTail(a, ia + j, b, ib + j, n - j, state);
    }

    /** Adds the chains' pairs to the state's pair, chain 0's lanes first, and empties them. */
    static void fold(double[] state) {
        CompensatedSum.fold(state, S0, L);
        CompensatedSum.fold(state, S1, L);
    }
}
