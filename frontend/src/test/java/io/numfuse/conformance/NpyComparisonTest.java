package io.numfuse.conformance;

import io.numfuse.core.DType;
import io.numfuse.npy.NpyArray;
import org.junit.jupiter.api.Test;

import static io.numfuse.conformance.NpyComparison.compare;
import static io.numfuse.conformance.NpyComparison.parseTolerance;
import static io.numfuse.conformance.NpyComparison.ulpDistance;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The conformance harness's comparison rule (so a harness bug cannot hide numfuse bugs). */
class NpyComparisonTest {
    private static final NpyComparison.Tolerance EXACT = parseTolerance("exact");

    private static NpyArray f64(double... v) {
        return new NpyArray(DType.FLOAT64, new int[] {v.length}, v);
    }

    private static NpyArray f32(float... v) {
        return new NpyArray(DType.FLOAT32, new int[] {v.length}, v);
    }

    @Test
    void ulpDistanceCountsRepresentableValues() {
        assertEquals(0, ulpDistance(1.0, 1.0, false));
        assertEquals(1, ulpDistance(1.0, Math.nextUp(1.0), false));
        assertEquals(1, ulpDistance(1.0, Math.nextDown(1.0), false));
        assertEquals(0, ulpDistance(0.0, -0.0, false));
        assertEquals(2, ulpDistance(Double.MIN_VALUE, -Double.MIN_VALUE, false));
        assertEquals(1, ulpDistance(1.0f, Math.nextUp(1.0f), true));
        assertEquals(2, ulpDistance(Float.MIN_VALUE, -Float.MIN_VALUE, true));
        assertEquals(1L << 23, ulpDistance(1.0f, 2.0f, true));
        assertTrue(ulpDistance(-Double.MAX_VALUE, Double.MAX_VALUE, false) > 1L << 62);
    }

    @Test
    void exactTreatsSignedZerosAndNaNsAsEqual() {
        assertNull(compare(f64(0.0, Double.NaN, Double.NEGATIVE_INFINITY),
                f64(-0.0, Double.longBitsToDouble(0x7ff8000000000123L), Double.NEGATIVE_INFINITY),
                EXACT, null));
        assertNotNull(compare(f64(Double.NaN), f64(1.0), EXACT, null));
        assertNotNull(compare(f64(1.0), f64(Double.NaN), EXACT, null));
        assertNotNull(compare(f64(1.0), f64(Math.nextUp(1.0)), EXACT, null));
    }

    @Test
    void ulpToleranceAllowsNUnits() {
        NpyComparison.Tolerance ulp4 = parseTolerance("ulp:4");
        double x = 0.1;
        double up4 = x, up5;
        for (int i = 0; i < 4; i++) up4 = Math.nextUp(up4);
        up5 = Math.nextUp(up4);
        assertNull(compare(f64(x), f64(up4), ulp4, null));
        String message = compare(f64(x), f64(up5), ulp4, null);
        assertNotNull(message);
        assertTrue(message.contains("5 ulp apart"), message);
        assertNotNull(compare(f64(Double.POSITIVE_INFINITY), f64(Double.MAX_VALUE), ulp4, null));
        assertNull(compare(f32(1.0f), f32(Math.nextUp(1.0f)), parseTolerance("ulp:1"), null));
    }

    @Test
    void sumToleranceScalesWithTheErrorBound() {
        NpyComparison.Tolerance sum = parseTolerance("sum:1e-14");
        assertNull(compare(f64(0.0), f64(1e-13), sum, new double[] {100.0}));
        assertNotNull(compare(f64(0.0), f64(1e-11), sum, new double[] {100.0}));
        assertNull(compare(f64(Double.NaN), f64(Double.NaN), sum, new double[] {1.0}));
    }

    @Test
    void messagesNameTheDifference() {
        NpyArray expected = new NpyArray(DType.INT32, new int[] {2, 3}, new int[] {1, 2, 3, 4, 5, 6});
        NpyArray actual = new NpyArray(DType.INT32, new int[] {2, 3}, new int[] {1, 2, 3, 4, 7, 6});
        String message = compare(expected, actual, EXACT, null);
        assertNotNull(message);
        assertTrue(message.contains("[1, 1]") && message.contains("expected 5")
                && message.contains("actual 7") && message.contains("1 of 6"), message);

        NpyArray asLong = new NpyArray(DType.INT64, new int[] {2, 3}, new long[] {1, 2, 3, 4, 5, 6});
        message = compare(expected, asLong, EXACT, null);
        assertTrue(message.startsWith("dtype: expected int32 [2, 3], actual int64"), message);

        NpyArray flat = new NpyArray(DType.INT32, new int[] {6}, new int[] {1, 2, 3, 4, 5, 6});
        message = compare(expected, flat, EXACT, null);
        assertTrue(message.startsWith("shape: expected [2, 3], actual [6]"), message);

        NpyArray bools = new NpyArray(DType.BOOL, new int[] {}, new byte[] {1});
        assertNull(compare(bools, new NpyArray(DType.BOOL, new int[] {}, new byte[] {1}), EXACT, null));
        assertNotNull(compare(bools, new NpyArray(DType.BOOL, new int[] {}, new byte[] {0}), EXACT, null));
    }

    @Test
    void toleranceParsing() {
        assertEquals("ulp:16", parseTolerance("ulp:16").toString());
        assertEquals(1e-5, ((NpyComparison.Sum) parseTolerance("sum:1e-5")).r());
        assertThrows(IllegalArgumentException.class, () -> parseTolerance("rel:1e-3"));
    }
}
