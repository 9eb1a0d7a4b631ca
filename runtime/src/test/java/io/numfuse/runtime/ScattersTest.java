package io.numfuse.runtime;

import static org.junit.jupiter.api.Assertions.*;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link Scatters#lastWrites}: each position once, from its last write, as an in-order loop leaves it. */
class ScattersTest {
    @Test
    void keepsEachPositionsLastWrite() {
        SplittableRandom rnd = new SplittableRandom(16);
        for (int trial = 0; trial < 50; trial++) {
            int k = 1 + rnd.nextInt(300), span = 1 + rnd.nextInt(100), lo = rnd.nextInt(1000);
            int[] pos = new int[k], src = new int[k];
            Map<Integer, Integer> want = new HashMap<>();
            for (int j = 0; j < k; j++) {
                pos[j] = lo + rnd.nextInt(span);
                src[j] = j;
                want.put(pos[j], j);   // in order: the last write stays
            }
            int[][] u = Scatters.lastWrites(pos, src);
            assertEquals(want.size(), u[0].length);
            for (int t = 0; t < u[0].length; t++) assertEquals(want.get(u[0][t]), u[1][t]);
        }
    }
}
