package io.numfuse.jvm;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/**
 * {@link BoolLanes}: the bits of a few bools and back, at an offset, for every pattern of 2 and 4
 * lanes (the lane counts without a byte vector); any non-zero byte is true, and a store writes 0
 * or 1 and nothing past its lanes.
 */
class BoolLanesTest {
    @Test
    void everyPatternRoundTrips() {
        for (int lanes : new int[] { 2, 4 }) {
            for (long bits = 0; bits < 1L << lanes; bits++) {
                byte[] a = new byte[lanes + 4];
                java.util.Arrays.fill(a, (byte) 7);
                BoolLanes.store(bits, a, 2, lanes);
                for (int j = 0; j < lanes; j++) assertEquals(bits >>> j & 1, a[2 + j], "lane " + j + " of " + bits);
                assertEquals(7, a[1], "before the lanes");
                assertEquals(7, a[2 + lanes], "after the lanes");
                assertEquals(bits, BoolLanes.load(a, 2, lanes));
            }
        }
        assertEquals(0b101, BoolLanes.load(new byte[] { -1, 0, 42, 0 }, 0, 4), "any non-zero byte is true");
    }
}
