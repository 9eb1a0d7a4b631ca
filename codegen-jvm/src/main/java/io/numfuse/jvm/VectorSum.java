package io.numfuse.jvm;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API (jdk.incubator.vector) versions of {@link CompensatedSum}'s range sums: two
 * vectors of lane-wise TwoSum chains (two, so that consecutive adds do not wait on each
 * other), whose lanes are then added to the caller's pair with TwoSum, and a scalar tail. A
 * float32 range is widened lane for lane (half a preferred vector of floats becomes one vector
 * of doubles, exactly). Loaded only when the module is present.
 */
final class VectorSum {
    private VectorSum() {}

    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    /** As many float lanes as {@link #D} has double lanes. */
    private static final VectorSpecies<Float> F = VectorSpecies.of(float.class, VectorShape.forBitSize(D.vectorBitSize() / 2));
    private static final int L = D.length();

    static void add(double[] a, int from, int to, double[] state) {
        int i = from;
        if (to - from >= 2 * L) {
            DoubleVector s0 = DoubleVector.zero(D), c0 = s0, s1 = s0, c1 = s0;
            for (int upper = from + (to - from) / (2 * L) * (2 * L); i < upper; i += 2 * L) {   // a canonical counted loop
                DoubleVector x = DoubleVector.fromArray(D, a, i), t = s0.add(x), bp = t.sub(s0);
                c0 = c0.add(s0.sub(t.sub(bp)).add(x.sub(bp)));
                s0 = t;
                x = DoubleVector.fromArray(D, a, i + L);
                t = s1.add(x);
                bp = t.sub(s1);
                c1 = c1.add(s1.sub(t.sub(bp)).add(x.sub(bp)));
                s1 = t;
            }
            addLanes(s0, c0, state);
            addLanes(s1, c1, state);
        }
        if (i < to) CompensatedSum.addScalar(a, i, to, state);
    }

    static void add(float[] a, int from, int to, double[] state) {
        int i = from;
        if (to - from >= 2 * L) {
            DoubleVector s0 = DoubleVector.zero(D), c0 = s0, s1 = s0, c1 = s0;
            for (int upper = from + (to - from) / (2 * L) * (2 * L); i < upper; i += 2 * L) {   // a canonical counted loop
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
            addLanes(s0, c0, state);
            addLanes(s1, c1, state);
        }
        if (i < to) CompensatedSum.addScalar(a, i, to, state);
    }

    /** Adds each lane's pair to {@code state}, lane 0 first. */
    private static void addLanes(DoubleVector s, DoubleVector c, double[] state) {
        for (int k = 0; k < L; k++) CompensatedSum.addPair(state, s.lane(k), c.lane(k));
    }
}
