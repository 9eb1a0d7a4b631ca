package io.numfuse.runtime;

import static org.junit.jupiter.api.Assertions.*;

import io.numfuse.core.DType;
import io.numfuse.ir.Graph;
import io.numfuse.ir.Node;
import io.numfuse.ir.Op;
import io.numfuse.ir.View;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@link JvmTarget#withThreads}: a cap on the JVM's splits for the calling thread alone, back to
 * what it was after the block (a failure included), that runs a capped kernel on the calling
 * thread at 1 and gives the same values; auto's model prices the JVM at the capped share.
 */
class JvmThreadCapTest {
    @Test
    void theCapIsTheCallingThreadsAndComesBackAfterItsBlock() throws Exception {
        int pool = WorkerPool.poolThreads();
        assertEquals(pool, JvmTarget.threads());
        CountDownLatch capped = new CountDownLatch(1), looked = new CountDownLatch(1);
        int[] other = new int[1];
        Thread t = new Thread(() -> {   // another thread, while this one is capped
            try {
                assertTrue(capped.await(10, TimeUnit.SECONDS));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            other[0] = JvmTarget.threads();
            looked.countDown();
        });
        t.start();
        int inside = JvmTarget.withThreads(1, () -> {
            capped.countDown();
            try {
                assertTrue(looked.await(10, TimeUnit.SECONDS));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return JvmTarget.threads();
        });
        t.join();
        assertEquals(1, inside);
        assertEquals(pool, other[0]);
        assertEquals(pool, JvmTarget.threads());

        assertEquals(Math.min(2, pool), JvmTarget.withThreads(1, () -> JvmTarget.withThreads(2, JvmTarget::threads)), "the inner block's cap");
        assertEquals(pool, JvmTarget.withThreads(pool + 5, JvmTarget::threads), "never above the pool's");
        assertEquals("in the block", assertThrows(IllegalStateException.class,
                () -> JvmTarget.withThreads(1, () -> { throw new IllegalStateException("in the block"); })).getMessage());
        assertEquals(pool, JvmTarget.threads(), "back after a failure");
        assertThrows(IllegalArgumentException.class, () -> JvmTarget.withThreads(0, () -> 1));
    }

    @Test
    void oneThreadRunsEveryPartOnTheCallingThread() {
        Set<Thread> ran = ConcurrentHashMap.newKeySet();
        int parts = Math.max(2, WorkerPool.poolThreads());   // more parts than the cap: they run here, one after another
        int[] covered = new int[1];
        JvmTarget.withThreads(1, () -> {
            WorkerPool.splitIndexed(1000, parts, (p, from, to) -> {
                ran.add(Thread.currentThread());
                covered[0] += to - from;
            });
            return null;
        });
        assertEquals(Set.of(Thread.currentThread()), ran);
        assertEquals(1000, covered[0]);
    }

    @Test
    void cappedKernelsGiveTheSameValues() {
        long saved = CostModel.parallelWork;
        CostModel.parallelWork = 1;   // every kernel splits, unless capped at 1
        try {
            for (DType t : new DType[] { DType.FLOAT64, DType.INT64 }) {
                Node a = Graph.leaf(JvmParallelTest.matrix(t, 300, 400, 1)), b = Graph.leaf(JvmParallelTest.matrix(t, 300, 400, 2));
                Node e = Graph.binary(Op.ADD, a, Graph.binary(Op.MUL, b, Graph.weak(3L)));
                for (Node n : new Node[] { e, Graph.reduce(Op.MAX, e, new int[] { 0 }, false), Graph.reduce(Op.SUM, e, new int[] { 1 }, false) }) {
                    View all = Executor.evaluate(n, null, JvmTarget.INSTANCE);
                    View one = JvmTarget.withThreads(1, () -> Executor.evaluate(n, null, JvmTarget.INSTANCE));
                    for (int i = 0; i < all.buffer().length(); i++) {
                        if (t.isFloat()) assertEquals(all.buffer().getDouble(i), one.buffer().getDouble(i), t + " at " + i);
                        else assertEquals(all.buffer().getLong(i), one.buffer().getLong(i), t + " at " + i);
                    }
                }
            }
        } finally {
            CostModel.parallelWork = saved;
        }
    }

    @Test
    void autoPricesACappedJvmAtItsShareOfTheRates() {
        int pool = WorkerPool.poolThreads();
        DeviceProfile jvm = Profiles.nominalJvm().toBuilder().computeUnits(pool).build();
        assertSame(jvm, Profiles.onThisThread(jvm), "uncapped: the profile itself");
        DeviceProfile capped = JvmTarget.withThreads(1, () -> Profiles.onThisThread(jvm));
        assertEquals(jvm.rates().transcendental64() / pool, capped.rates().transcendental64(), 1e-6 * jvm.rates().transcendental64());
        assertEquals(jvm.memoryBytesPerSecond(), capped.memoryBytesPerSecond());
        DeviceProfile device = DeviceProfile.builder("opencl:0", DeviceProfile.Kind.GPU).build();
        assertSame(device, JvmTarget.withThreads(1, () -> Profiles.onThisThread(device)), "a device's is not the JVM's to cap");
    }
}
