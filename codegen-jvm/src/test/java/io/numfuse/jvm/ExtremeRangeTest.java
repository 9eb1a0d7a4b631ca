package io.numfuse.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link ExtremeRange} (the row call of a float {@code max(a)}/{@code min(a)} kernel) gives what a
 * loop over {@code Math.max}/{@code Math.min} gives, bit for bit, on every range of random
 * arrays with NaN, infinities and signed zeros, from any running value.
 */
class ExtremeRangeTest {
    @Test
    void agreesWithTheMathLoopOnEveryRange() {
        SplittableRandom r = new SplittableRandom(7);
        float[] specialsF = { Float.NaN, -0.0f, 0.0f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY };
        for (int trial = 0; trial < 400; trial++) {
            int n = r.nextInt(200);
            float[] f = new float[n];
            double[] d = new double[n];
            for (int i = 0; i < n; i++) {
                f[i] = r.nextInt(20) == 0 ? specialsF[r.nextInt(specialsF.length)] : (float) (r.nextDouble() * 8 - 4);
                d[i] = r.nextInt(20) == 0 ? specialsF[r.nextInt(specialsF.length)] : r.nextDouble() * 8 - 4;
            }
            int from = n == 0 ? 0 : r.nextInt(n + 1), to = from + r.nextInt(n - from + 1);
            float accF = r.nextBoolean() ? Float.NEGATIVE_INFINITY : specialsF[r.nextInt(specialsF.length)];
            double accD = accF;
            float maxF = accF, minF = accF;
            double maxD = accD, minD = accD;
            for (int i = from; i < to; i++) {
                maxF = Math.max(maxF, f[i]);
                minF = Math.min(minF, f[i]);
                maxD = Math.max(maxD, d[i]);
                minD = Math.min(minD, d[i]);
            }
            String at = "trial " + trial + " [" + from + ", " + to + ")";
            assertEquals(Float.floatToRawIntBits(maxF), Float.floatToRawIntBits(ExtremeRange.max(accF, f, from, to)), at);
            assertEquals(Float.floatToRawIntBits(minF), Float.floatToRawIntBits(ExtremeRange.min(accF, f, from, to)), at);
            assertEquals(Double.doubleToRawLongBits(maxD), Double.doubleToRawLongBits(ExtremeRange.max(accD, d, from, to)), at);
            assertEquals(Double.doubleToRawLongBits(minD), Double.doubleToRawLongBits(ExtremeRange.min(accD, d, from, to)), at);
        }
    }
}
