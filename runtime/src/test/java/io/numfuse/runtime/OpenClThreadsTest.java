package io.numfuse.runtime;

import static org.junit.jupiter.api.Assertions.*;

import io.numfuse.ir.Buffer;
import io.numfuse.core.DType;
import io.numfuse.ir.Graph;
import io.numfuse.ir.Node;
import io.numfuse.ir.Op;
import io.numfuse.ir.View;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Threads evaluating on one device at once: each gets its own correct results (evaluations on a
 * device take turns, and the device's wait, one event per device, is not shared between them),
 * with short kernels that are polled and long ones that block mixed.
 */
class OpenClThreadsTest {
    /** {@code x * s + sqrt(x)} over n float64 values {@code i * 1e-3 + salt}, or its sum when {@code reduce}. */
    static Node expr(int n, int salt, boolean reduce) {
        Buffer b = Buffer.allocate(DType.FLOAT64, n);
        for (int i = 0; i < n; i++) b.setDouble(i, i * 1e-3 + salt);
        Node x = Graph.leaf(View.contiguous(b, n));
        Node e = Graph.binary(Op.ADD, Graph.binary(Op.MUL, x, Graph.scalar(DType.FLOAT64, salt * 0.5)), Graph.unary(Op.SQRT, x));
        return reduce ? Graph.reduce(Op.SUM, e, null, false) : e;
    }

    @Test
    void threadsOnOneDeviceEachGetTheirOwnResults() throws Exception {
        OpenClTarget t = OpenClTests.first();
        int threads = 4, rounds = 60, fallbacks = t.fallbackCount();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int th = 0; th < threads; th++) {
                int id = th;
                done.add(pool.submit(() -> {
                    for (int r = 0; r < rounds; r++) {
                        int salt = id * 1000 + r, n = r % 10 == 0 ? 1_000_000 : 200 + r;   // now and then a long kernel
                        boolean reduce = r % 3 == 1;
                        OpenClTests.assertClose(OpenClTests.doubles(Executor.evaluate(expr(n, salt, reduce), null, InterpreterTarget.INSTANCE)),
                                OpenClTests.doubles(Executor.evaluate(expr(n, salt, reduce), null, t)), "thread " + id + ", round " + r);
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) f.get();
        } finally {
            pool.shutdownNow();
        }
        assertEquals(fallbacks, t.fallbackCount(), "no evaluation fell back to the JVM");
    }
}
