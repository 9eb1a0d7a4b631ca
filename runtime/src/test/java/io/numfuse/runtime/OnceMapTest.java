package io.numfuse.runtime;

import static org.junit.jupiter.api.Assertions.*;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** OnceMap computes a key once, and with a bound forgets finished entries past it (a forgotten key is computed again). */
class OnceMapTest {
    @Test
    void aBoundedMapStaysWithinItsBoundAndComputesAForgottenKeyAgain() {
        AtomicInteger computed = new AtomicInteger();
        OnceMap<Integer, String> m = new OnceMap<>(16);
        for (int i = 0; i < 1000; i++) assertEquals("v" + i, m.get(i, k -> { computed.incrementAndGet(); return "v" + k; }));
        assertTrue(m.size() <= 16, "size " + m.size());
        assertEquals(1000, computed.get());
        m.get(999, k -> { computed.incrementAndGet(); return "v" + k; });   // the newest stays
        assertEquals(1000, computed.get());
        int forgotten = 0;
        for (int i = 0; i < 1000; i++) if (m.peek(i) == null) forgotten++;
        assertTrue(forgotten >= 1000 - 16);
        assertEquals("v0", m.get(0, k -> { computed.incrementAndGet(); return "v" + k; }));
        assertEquals(1001, computed.get(), "a forgotten key is computed again");
    }

    @Test
    void anUnboundedMapKeepsEverything() {
        OnceMap<Integer, Integer> m = new OnceMap<>();
        for (int i = 0; i < 10_000; i++) m.get(i, k -> k);
        assertEquals(10_000, m.size());
    }
}
