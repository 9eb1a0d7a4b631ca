package io.numfuse.jvm;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link ExtremeRange} with the Vector API: two vectors of lane-wise maxima (minima) over the
 * range, then across lanes, then the tail; {@code VectorOperators.MAX} is {@code Math.max}
 * lane by lane. Loaded only when the module is present.
 */
final class VectorExtreme {
    private VectorExtreme() {}

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;

    static float max(float acc, float[] a, int from, int to) { return extreme(acc, a, from, to, VectorOperators.MAX); }
    static float min(float acc, float[] a, int from, int to) { return extreme(acc, a, from, to, VectorOperators.MIN); }
    static double max(double acc, double[] a, int from, int to) { return extreme(acc, a, from, to, VectorOperators.MAX); }
    static double min(double acc, double[] a, int from, int to) { return extreme(acc, a, from, to, VectorOperators.MIN); }

    private static float extreme(float acc, float[] a, int from, int to, VectorOperators.Associative op) {
        boolean max = op == VectorOperators.MAX;
        int l = F.length(), i = from;
        if (to - from >= 2 * l && to <= Integer.MAX_VALUE - 2 * l) {
            FloatVector m0 = FloatVector.fromArray(F, a, i), m1 = FloatVector.fromArray(F, a, i + l);
            for (i += 2 * l; i + 2 * l <= to; i += 2 * l) {
                m0 = m0.lanewise(op, FloatVector.fromArray(F, a, i));
                m1 = m1.lanewise(op, FloatVector.fromArray(F, a, i + l));
            }
            float lanes = m0.lanewise(op, m1).reduceLanes(op);
            acc = max ? Math.max(acc, lanes) : Math.min(acc, lanes);
        }
        for (; i < to; i++) acc = max ? Math.max(acc, a[i]) : Math.min(acc, a[i]);
        return acc;
    }

    private static double extreme(double acc, double[] a, int from, int to, VectorOperators.Associative op) {
        boolean max = op == VectorOperators.MAX;
        int l = D.length(), i = from;
        if (to - from >= 2 * l && to <= Integer.MAX_VALUE - 2 * l) {
            DoubleVector m0 = DoubleVector.fromArray(D, a, i), m1 = DoubleVector.fromArray(D, a, i + l);
            for (i += 2 * l; i + 2 * l <= to; i += 2 * l) {
                m0 = m0.lanewise(op, DoubleVector.fromArray(D, a, i));
                m1 = m1.lanewise(op, DoubleVector.fromArray(D, a, i + l));
            }
            double lanes = m0.lanewise(op, m1).reduceLanes(op);
            acc = max ? Math.max(acc, lanes) : Math.min(acc, lanes);
        }
        for (; i < to; i++) acc = max ? Math.max(acc, a[i]) : Math.min(acc, a[i]);
        return acc;
    }
}
