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
    void keysComputedTogetherAreComputedOnceAndOthersWaitForThem() throws Exception {
        OnceMap<Integer, String> m = new OnceMap<>();
        assertEquals("v1", m.get(1, k -> "v" + k));
        java.util.List<java.util.List<Integer>> batches = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.concurrent.CountDownLatch computing = new java.util.concurrent.CountDownLatch(1), release = new java.util.concurrent.CountDownLatch(1);
        Thread t = new Thread(() -> m.computeTogether(java.util.List.of(1, 2, 3), ks -> {
            batches.add(ks);
            computing.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return ks.stream().map(k -> "b" + k).toList();
        }));
        t.start();
        computing.await();
        assertFalse(m.isDone(2), "being computed");
        java.util.concurrent.CompletableFuture<String> waiter = java.util.concurrent.CompletableFuture.supplyAsync(() -> m.get(3, k -> "single" + k));
        Thread.sleep(50);
        assertFalse(waiter.isDone(), "a thread asking for a key of the batch waits for it");
        release.countDown();
        t.join();
        assertEquals("b3", waiter.get());
        assertEquals(java.util.List.of(java.util.List.of(2, 3)), batches, "only the keys nobody computed");
        assertEquals("v1", m.peek(1));
        assertEquals("b2", m.peek(2));
        m.computeTogether(java.util.List.of(2, 3), ks -> { throw new AssertionError("computed again: " + ks); });
        assertThrows(IllegalStateException.class, () -> m.computeTogether(java.util.List.of(4, 5), ks -> { throw new IllegalStateException("failed"); }));
        assertThrows(IllegalStateException.class, () -> m.get(5, k -> "again"), "a failure is remembered for each key");
    }

    @Test
    void anUnboundedMapKeepsEverything() {
        OnceMap<Integer, Integer> m = new OnceMap<>();
        for (int i = 0; i < 10_000; i++) m.get(i, k -> k);
        assertEquals(10_000, m.size());
    }
}
