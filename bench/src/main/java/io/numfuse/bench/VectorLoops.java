package io.numfuse.bench;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The select suite's hand-written Vector API baselines: what a Java programmer who knows the
 * API writes (a comparison into a mask, a blend), on the machine's preferred vectors, with the
 * rest of each range done by {@link Loops}' branch-free loop. Same signatures as {@link Loops}.
 */
final class VectorLoops {
    private VectorLoops() {}

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> I = IntVector.SPECIES_PREFERRED;   // as many lanes as F

    /** where(a>b, a*b, a-b) */
    static void select(float[] a, float[] b, float[] o, int from, int to) {
        int i = from;
        for (int end = from + F.loopBound(to - from); i < end; i += F.length()) {
            FloatVector x = FloatVector.fromArray(F, a, i), y = FloatVector.fromArray(F, b, i);
            x.sub(y).blend(x.mul(y), x.compare(VectorOperators.GT, y)).intoArray(o, i);
        }
        Loops.selectBranchFree(a, b, o, i, to);
    }

    static void select(double[] a, double[] b, double[] o, int from, int to) {
        int i = from;
        for (int end = from + D.loopBound(to - from); i < end; i += D.length()) {
            DoubleVector x = DoubleVector.fromArray(D, a, i), y = DoubleVector.fromArray(D, b, i);
            x.sub(y).blend(x.mul(y), x.compare(VectorOperators.GT, y)).intoArray(o, i);
        }
        Loops.selectBranchFree(a, b, o, i, to);
    }

    /** {@link Loops#mandelbrotRows} with masks and blends, each row's tail by the scalar loop. */
    static void mandelbrotRows(float[] zr, float[] zi, int[] count, float[] cr, float[] ci, int s, int from, int to) {
        IntVector one = IntVector.broadcast(I, 1);
        int bound = F.loopBound(s);
        for (int r = from; r < to; r++) {
            FloatVector y0 = FloatVector.broadcast(F, ci[r]);
            int row = r * s;
            for (int c = 0; c < bound; c += F.length()) {
                int i = row + c;
                FloatVector x = FloatVector.fromArray(F, zr, i), y = FloatVector.fromArray(F, zi, i);
                FloatVector x2 = x.mul(x), y2 = y.mul(y);
                VectorMask<Float> inside = x2.add(y2).compare(VectorOperators.LE, 4f);
                x.blend(x2.sub(y2).add(FloatVector.fromArray(F, cr, c)), inside).intoArray(zr, i);
                y.blend(x.mul(y).mul(2f).add(y0), inside).intoArray(zi, i);
                IntVector.fromArray(I, count, i).add(one, inside.cast(I)).intoArray(count, i);
            }
            if (bound < s) Loops.mandelbrotRows(zr, zi, count, cr, ci, s, r, r + 1, bound);
        }
    }
}
