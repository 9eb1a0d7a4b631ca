package io.numfuse.runtime;

import static org.junit.jupiter.api.Assertions.*;

import io.numfuse.ir.Node;
import io.numfuse.ir.Graph;
import io.numfuse.ir.Op;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A program builds outside every lock (issue 11, part 2): a slow build holds up no other thread's
 * work on the device, and threads that need one new program at once wait for one build.
 */
@Timeout(120)
class OpenClBuildConcurrencyTest {
    @AfterEach
    void noHook() { OpenClDevice.beforeBuild = null; }

    /** {@link OpenClThreadsTest#expr} followed by a chain of sin and cos spelling {@code nonce}: a kernel no test built before. */
    static Node fresh(int n, long nonce) {
        Node e = OpenClThreadsTest.expr(n, 3, false);
        for (int bit = 0; bit < 24; bit++) e = Graph.unary((nonce >> bit & 1) == 0 ? Op.SIN : Op.COS, e);
        return e;
    }

    /**
     * A plan's new kernels are built as one program (a build's fixed cost once: on PoCL twelve
     * programs took 1.4-2.0 s with their first runs, one program of the twelve 0.5-0.6 s), and
     * each computes what it computes alone.
     */
    @Test
    void aPlansNewKernelsAreBuiltAsOneProgram() {
        OpenClTarget t = OpenClTests.first();
        long nonce = System.nanoTime();
        java.util.List<io.numfuse.ir.Kernel> kernels = new java.util.ArrayList<>();
        java.util.List<Node> roots = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {   // four new kernels with a sum among them (a reduction's two kernels)
            Node e = fresh(300, nonce + 7919L * i);
            roots.add(i == 3 ? Graph.reduce(Op.SUM, e, null, false) : e);
        }
        for (Node r : roots) {
            io.numfuse.ir.GraphLock.lock();
            try {
                kernels.addAll(io.numfuse.ir.Fusion.plan(r, null, t.kernelLimits()).kernels());
            } finally {
                io.numfuse.ir.GraphLock.unlock();
            }
        }
        int compiled = OpenClProgramCache.compiled.get(), loaded = OpenClProgramCache.loaded.get();
        t.prepare(kernels);
        assertEquals(1, OpenClProgramCache.compiled.get() + OpenClProgramCache.loaded.get() - compiled - loaded, "one program for the plan's new kernels");
        for (io.numfuse.ir.Kernel k : kernels) assertTrue(t.canRunNow(k, k.key()), "built: " + k.key());
        for (Node r : roots) {
            OpenClTests.assertClose(OpenClTests.doubles(Executor.evaluate(r, null, InterpreterTarget.INSTANCE)),
                    OpenClTests.doubles(Executor.evaluate(r, null, t)), "each kernel of the program computes its own");
        }
    }

    @Test
    void aSlowBuildHoldsUpNoOtherThreadsWork() throws Exception {
        OpenClTarget t = OpenClTests.first();
        Executor.evaluate(OpenClThreadsTest.expr(1000, 1, false), null, t);          // built now, cached from here
        CountDownLatch building = new CountDownLatch(1);
        OpenClDevice.beforeBuild = () -> {
            building.countDown();
            sleep(4_000);
        };
        Thread builder = new Thread(() -> Executor.evaluate(fresh(1000, System.nanoTime()), null, t));
        builder.start();
        assertTrue(building.await(30, java.util.concurrent.TimeUnit.SECONDS), "the build started");
        long t0 = System.nanoTime();
        for (int i = 0; i < 20; i++) {
            OpenClTests.assertClose(OpenClTests.doubles(Executor.evaluate(OpenClThreadsTest.expr(1000, i, false), null, InterpreterTarget.INSTANCE)),
                    OpenClTests.doubles(Executor.evaluate(OpenClThreadsTest.expr(1000, i, false), null, t)), "evaluation " + i);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertTrue(builder.isAlive(), "the slow build was still going on");
        assertTrue(seconds < 3, "20 evaluations of a built kernel took " + seconds + " s while another thread built a program");
        builder.join();
    }

    @Test
    void threadsNeedingOneNewProgramShareOneBuild() throws Exception {
        OpenClTarget t = OpenClTests.first();
        AtomicInteger builds = new AtomicInteger();
        OpenClDevice.beforeBuild = () -> {
            builds.incrementAndGet();
            sleep(500);
        };
        long nonce = System.nanoTime() ^ 0x5a5a5a;
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < 4; i++) {
            Thread th = new Thread(() -> {
                try {
                    Executor.evaluate(fresh(500, nonce), null, t);
                } catch (Throwable e) {
                    failures.add(e);
                }
            });
            threads.add(th);
            th.start();
        }
        for (Thread th : threads) th.join();
        assertEquals(List.of(), failures);
        assertEquals(1, builds.get(), "one build for four threads");
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
