package io.numfuse.runtime;

import static org.junit.jupiter.api.Assertions.*;

import io.numfuse.ir.Buffer;
import io.numfuse.ir.DType;
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

    void check(OpenClDevice.Fault fault, int salt, String expect) {
        OpenClDevice d = OpenClTests.first().deviceForTests();
        OpenClDevice fresh = new OpenClDevice(d.index, d.platform, d.platformName, d.id);   // empty program cache
        OpenClTarget t = new OpenClTarget(fresh);
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
        var e = assertThrows(io.numfuse.ir.NumfuseException.class, () -> Targets.parse("opencl:99"));
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
