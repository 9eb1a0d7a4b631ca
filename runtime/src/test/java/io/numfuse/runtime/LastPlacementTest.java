package io.numfuse.runtime;

import static org.junit.jupiter.api.Assertions.*;

import io.numfuse.core.DType;
import io.numfuse.ir.Buffer;
import io.numfuse.ir.Graph;
import io.numfuse.ir.Node;
import io.numfuse.ir.Op;
import io.numfuse.ir.View;
import java.lang.ref.WeakReference;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What a thread remembers of its last evaluation under auto, for explain
 * ({@link Executor#lastPlacement}), holds no array: a result the caller dropped can be collected
 * at once, as under a named target. Held, a pool's idle thread kept its last 400 MB result alive.
 */
class LastPlacementTest extends AutoTests {
    @Test
    void smallWorkOnTheHostLeavesNoResultBehind() throws Exception {
        int n = 1 << 16;
        View r = Executor.evaluate(plusOne(n), null, AutoTarget.FASTEST);
        assertEquals(1.75, r.buffer().getDouble(3), 1e-12);
        WeakReference<Buffer> result = new WeakReference<>(r.buffer());
        r = null;
        assertTrue(collected(result), "the dropped result was collected: " + Executor.lastPlacement());
        String last = Executor.lastPlacement();
        assertTrue(last.startsWith("kernel 0: jvm"), "explain still shows the last evaluation: " + last);
    }

    @Test
    void aPlacedEvaluationLeavesNoResultBehind() throws Exception {
        OpenClTarget d = OpenClTests.first();
        Profiles.forTests = Map.of("jvm", SchedulerTest.SLOW_JVM, d.name(), SchedulerTest.fastDevice(d.name()));   // the model weighs and places it
        int n = 1 << 16;
        Executor.evaluate(plusOne(n), null, AutoTarget.FASTEST);
        Background.drain();                                  // its program built
        View r = Executor.evaluate(plusOne(n), null, AutoTarget.FASTEST);
        assertFalse(Executor.lastPlacement().contains("small work"), Executor.lastPlacement());
        WeakReference<Buffer> result = new WeakReference<>(r.buffer());
        r = null;
        assertTrue(collected(result), "the dropped result was collected: " + Executor.lastPlacement());
        assertTrue(Executor.lastPlacement().startsWith("kernel 0: "), Executor.lastPlacement());
    }

    /** in + 1 over n float64, in[i] = i / 4. */
    private static Node plusOne(int n) {
        Buffer in = Buffer.allocate(DType.FLOAT64, n);
        for (int i = 0; i < n; i++) in.setDouble(i, i * 0.25);
        return Graph.binary(Op.ADD, Graph.leaf(View.contiguous(in, n)), Graph.weak(1.0));
    }

    private static boolean collected(WeakReference<?> ref) throws InterruptedException {
        for (int i = 0; i < 50 && ref.get() != null; i++) {
            System.gc();
            Thread.sleep(10);
        }
        return ref.get() == null;
    }
}
