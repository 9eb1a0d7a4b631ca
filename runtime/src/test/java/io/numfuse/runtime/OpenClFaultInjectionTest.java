package io.numfuse.runtime;

import static org.junit.jupiter.api.Assertions.*;

import io.numfuse.ir.Buffer;
import io.numfuse.core.DType;
import io.numfuse.ir.Graph;
import io.numfuse.ir.Node;
import io.numfuse.ir.Op;
import io.numfuse.ir.View;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import org.junit.jupiter.api.Test;

/**
 * Injected failures (OpenClDevice.fault, a package-private hook): a build error, an allocation
 * failure, a failing launch and a kernel whose execution fails each give the correct result through the JVM, with exactly one
 * warning on stderr per target however many evaluations fail; with no device at all, the same.
 */
class OpenClFaultInjectionTest {
    static Node graph(int salt) {
        Buffer a = Buffer.allocate(DType.INT64, 100), b = Buffer.allocate(DType.INT64, 100);
        for (int i = 0; i < 100; i++) { a.setLong(i, i * 31 - 700); b.setLong(i, i % 7 - 3); }
        Node x = Graph.leaf(View.contiguous(a, 100)), y = Graph.leaf(View.contiguous(b, 100));
        // a chain of two kernels (the sum feeds more work), with an op mix distinct per fault
        Node s = Graph.reduce(Op.SUM, Graph.binary(Op.MOD, x, y), null, false);
        return Graph.binary(Op.ADD, Graph.binary(Op.FLOOR_DIV, x, Graph.binary(Op.ADD, y, Graph.scalar(DType.INT64, (long) salt))), s);
    }

    static long[] values(View v) {
        long[] r = new long[v.size()];
        for (int i = 0; i < r.length; i++) r[i] = v.buffer().getLong(v.offset() + i);
        return r;
    }

    static String stderrOf(Runnable r) {
        PrintStream saved = System.err;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setErr(new PrintStream(bytes, true));
        try {
            r.run();
        } finally {
            System.setErr(saved);
        }
        return bytes.toString();
    }

    /** A target on a device of its own (empty program cache, its own fallback count), that has run once (its context and flags made). */
    static OpenClTarget freshTarget() {
        OpenClDevice d = OpenClTests.first().deviceForTests();
        OpenClTarget t = new OpenClTarget(new OpenClDevice(d.index, d.platform, d.platformName, d.id));
        Buffer a = Buffer.allocate(DType.FLOAT32, 16);
        Executor.evaluate(Graph.reduce(Op.SUM, Graph.unary(Op.NEG, Graph.leaf(View.contiguous(a, 16))), null, false), null, t);   // and its reduction buffers
        t.releaseCopies();
        return t;
    }

    /** Device memory objects held now, once the copies of buffers that died are released (polled after a collection). */
    static int liveDeviceObjects() {
        int last = -1;
        for (int i = 0; i < 20; i++) {
            System.gc();
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            int now = OpenClTarget.transfers().liveMemObjects();
            if (now == last) return now;
            last = now;
        }
        return last;
    }

    /** Device memory objects and programs held by numfuse before a test's fault (with {@code t}'s programs dropped). */
    record Held(int memObjects, int programs) {
        static Held now(OpenClTarget t) {
            t.dropProgramsFromMemory();
            return new Held(liveDeviceObjects(), OpenClProgramCache.livePrograms.get());
        }
    }

    /**
     * After a fault: later evaluations on {@code t} are right and run on the device (a failed
     * build is remembered, so that kernel stays on the JVM without a new warning), and nothing
     * was leaked.
     */
    static void recovers(OpenClTarget t, int salt, Held before, boolean buildFailed) {
        long[] want = values(Executor.evaluate(graph(salt), null, InterpreterTarget.INSTANCE));
        int fallbacks = t.fallbackCount();
        for (int i = 0; i < 3; i++) assertArrayEquals(want, values(Executor.evaluate(graph(salt), null, t)), "after the fault, run " + i);
        if (!buildFailed) assertEquals(fallbacks, t.fallbackCount(), "later evaluations ran on the device");
        t.releaseCopies();
        assertEquals(before.memObjects(), liveDeviceObjects(), "device memory objects leaked");
        t.dropProgramsFromMemory();
        assertEquals(before.programs(), OpenClProgramCache.livePrograms.get(), "cl_program objects leaked");
    }

    void check(OpenClDevice.Fault fault, int salt, String expect) {
        OpenClTarget t = freshTarget();
        OpenClDevice d = t.deviceForTests();
        Held held = Held.now(t);
        long[] want = values(Executor.evaluate(graph(salt), null, InterpreterTarget.INSTANCE));
        OpenClDevice.fault = fault;
        String err;
        try {
            err = stderrOf(() -> {
                for (int i = 0; i < 3; i++) assertArrayEquals(want, values(Executor.evaluate(graph(salt), null, t)), fault + " run " + i);
            });
        } finally {
            OpenClDevice.fault = OpenClDevice.Fault.NONE;
        }
        assertEquals(3, t.fallbackCount(), fault + ": every evaluation fell back");
        assertEquals(1, err.split("numfuse: warning:", -1).length - 1, fault + ": one warning, got:\n" + err);
        assertTrue(err.contains(expect), fault + ": the warning names the failure:\n" + err);
        assertTrue(err.contains("opencl:" + d.index), fault + ": the warning names the device:\n" + err);
        recovers(t, salt, held, fault == OpenClDevice.Fault.BUILD);
    }

    @Test
    void aDeviceLostBetweenTwoKernelsGivesTheRightResultThroughTheJvm() {
        OpenClTarget t = freshTarget();
        Held held = Held.now(t);
        long[] want = values(Executor.evaluate(graph(16), null, InterpreterTarget.INSTANCE));
        String err;
        OpenClSession.loseDevice.set(2);          // the sum's launch runs, then the device is gone
        try {
            err = stderrOf(() -> assertArrayEquals(want, values(Executor.evaluate(graph(16), null, t))));
        } finally {
            OpenClSession.loseDevice.set(0);
            OpenClDevice.fault = OpenClDevice.Fault.NONE;
        }
        assertEquals(1, t.fallbackCount());
        assertEquals(1, err.split("numfuse: warning:", -1).length - 1, err);
        assertTrue(err.contains("CL_DEVICE_NOT_AVAILABLE"), err);
        recovers(t, 16, held, false);
    }

    @Test
    void aDeviceLostWithTheOnlyValuesOfAnArrayIsOneClearError() {
        OpenClTarget t = freshTarget();
        Held held = Held.now(t);
        View y = Executor.evaluate(graph(17), null, t);          // its values are on the device only
        OpenClDevice.fault = OpenClDevice.Fault.LOST;
        try {
            String err = stderrOf(() -> {
                var e = assertThrows(io.numfuse.core.NumfuseException.class,
                        () -> Executor.evaluate(Graph.binary(Op.MUL, Graph.leaf(y), Graph.scalar(DType.INT64, 2L)), null, t));
                assertTrue(e.getMessage().contains("only current values") && !e.getMessage().contains("\n"), e.getMessage());
                var read = assertThrows(io.numfuse.core.NumfuseException.class, () -> y.buffer().getLong(0));
                assertTrue(read.getMessage().contains("opencl:"), read.getMessage());
            });
            assertTrue(err.split("numfuse: warning:", -1).length - 1 <= 1, err);
        } finally {
            OpenClDevice.fault = OpenClDevice.Fault.NONE;
        }
        recovers(t, 17, held, false);
    }

    @Test
    void aBuildFailureFallsBackWithTheBuildLog() { check(OpenClDevice.Fault.BUILD, 11, "clBuildProgram"); }

    @Test
    void anAllocationFailureFallsBack() { check(OpenClDevice.Fault.ALLOCATE, 12, "CL_MEM_OBJECT_ALLOCATION_FAILURE"); }

    @Test
    void aDeviceErrorFallsBack() { check(OpenClDevice.Fault.LAUNCH, 13, "CL_OUT_OF_RESOURCES"); }

    @Test
    void aKernelWhoseExecutionFailsFallsBack() { check(OpenClDevice.Fault.EXECUTION, 14, "event status"); }

    @Test
    void aFallbackIsCountedWhereItRan() {
        OpenClDevice d = OpenClTests.first().deviceForTests();
        OpenClTarget t = new OpenClTarget(new OpenClDevice(d.index, d.platform, d.platformName, d.id));   // its own fallback count
        var before = KernelRuns.snapshot();
        OpenClDevice.fault = OpenClDevice.Fault.LAUNCH;
        try {
            stderrOf(() -> Executor.evaluate(graph(15), null, t));
        } finally {
            OpenClDevice.fault = OpenClDevice.Fault.NONE;
        }
        var ran = KernelRuns.since(before);
        assertEquals(1L, ran.get(KernelRuns.FELL_BACK + t.name()), ran.toString());
        assertTrue(ran.getOrDefault("jvm", 0L) > 0, ran.toString());
        assertNull(ran.get(t.name()), "no kernel counts on the device that failed: " + ran);
    }

    @Test
    void aDeviceThatDoesNotExistIsAnErrorNotAFallback() {
        var e = assertThrows(io.numfuse.core.NumfuseException.class, () -> Targets.parse("opencl:99"));
        assertTrue(e.getMessage().contains("opencl:99") || e.getMessage().contains("99"), e.getMessage());
    }

    @Test
    void resourcesAreReleasedOverManyEvaluations() {
        OpenClTarget t = OpenClTests.first();
        int before = t.fallbackCount();
        for (int i = 0; i < 300; i++) Executor.evaluate(graph(7), null, t);
        assertEquals(before, t.fallbackCount());
    }
}
