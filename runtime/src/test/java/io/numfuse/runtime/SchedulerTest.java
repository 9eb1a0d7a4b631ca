package io.numfuse.runtime;

import static org.junit.jupiter.api.Assertions.*;

import io.numfuse.ir.Buffer;
import io.numfuse.ir.DType;
import io.numfuse.ir.Graph;
import io.numfuse.ir.Node;
import io.numfuse.ir.Op;
import io.numfuse.ir.View;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code auto} on this machine's OpenCL device, with profiles a test gives (so that the choices do
 * not depend on this machine's load): the first result of a new kernel never waits for a build
 * (it runs on the JVM while the program builds in the background), later evaluations move to the
 * device the model prefers, small work stays on the JVM, policies and kinds, and explain.
 */
class SchedulerTest {
    /** A JVM slower than the device at everything: the model sends large work to the device. */
    static final DeviceProfile SLOW_JVM = CostModelTest.JVM.toBuilder().rates(new DeviceProfile.Rates(1e9, 5e8, 2e8, 1e8, 1e7, 5e6)).build();

    static DeviceProfile fastDevice(String name) {
        return CostModelTest.GPU.toBuilder().target(name).kind(DeviceProfile.Kind.CPU).link(50e9, 50e9, 5e-6).build();
    }

    @AfterEach
    void clear() { Profiles.forTests = null; }

    /** sin(x) * cos(x) + x * {@code salt} over n float32 values, with an op chain spelling {@code nonce} (a kernel new to the device). */
    static Node heavy(int n, long nonce, double salt) {
        Buffer b = Buffer.allocate(DType.FLOAT32, n);
        for (int i = 0; i < n; i++) b.setDouble(i, i * 1e-4);
        Node x = Graph.leaf(View.contiguous(b, n));
        Node e = Graph.binary(Op.ADD, Graph.binary(Op.MUL, Graph.unary(Op.SIN, x), Graph.unary(Op.COS, x)), Graph.binary(Op.MUL, x, Graph.scalar(DType.FLOAT32, salt)));
        for (int bit = 0; bit < 12; bit++) e = Graph.unary((nonce >> bit & 1) == 0 ? Op.ABS : Op.NEG, e);
        return e;
    }

    /** float32 transcendentals agree across targets within a few ulps. */
    static void close(double[] want, View got, String what) {
        double[] g = OpenClTests.doubles(got);
        for (int i = 0; i < want.length; i++) assertEquals(want[i], g[i], 1e-6 * Math.max(1, Math.abs(want[i])), what + ", element " + i);
    }

    static Map<String, Long> ran(Runnable r) {
        var before = KernelRuns.snapshot();
        r.run();
        return KernelRuns.since(before);
    }

    @Test
    void theFirstResultNeverWaitsForABuildAndLaterOnesMoveToTheDevice() {
        OpenClTarget d = OpenClTests.first();
        Profiles.forTests = Map.of("jvm", SLOW_JVM, d.name(), fastDevice(d.name()));
        long nonce = System.nanoTime();
        int n = 1 << 20;
        double[] want = OpenClTests.doubles(Executor.evaluate(heavy(n, nonce, 0.5), null, InterpreterTarget.INSTANCE));
        var first = ran(() -> close(want, Executor.evaluate(heavy(n, nonce, 0.5), null, AutoTarget.FASTEST), "first"));
        assertEquals(Map.of("jvm", 1L), first, "the first evaluation ran on the JVM: the program was not built");
        Background.drain();                                  // the build the model asked for
        var later = ran(() -> close(want, Executor.evaluate(heavy(n, nonce, 0.5), null, AutoTarget.FASTEST), "later"));
        assertEquals(Map.of(d.name(), 1L), later, "then on the device");
        assertTrue(Placement.last().describe().contains(d.name()), Placement.last().describe());
    }

    @Test
    void smallWorkStaysOnTheJvmAndBuildsNothing() {
        OpenClTarget d = OpenClTests.first();
        Profiles.forTests = Map.of("jvm", SLOW_JVM, d.name(), fastDevice(d.name()).toBuilder().launchSeconds(200e-6).build());
        long nonce = System.nanoTime() ^ 0x33;
        for (int i = 0; i < 3; i++) assertEquals(Map.of("jvm", 1L), ran(() -> Executor.evaluate(heavy(64, nonce, 1), null, AutoTarget.FASTEST)));
        Background.drain();
        assertFalse(d.deviceForTests().hasProgram(heavy(64, nonce, 1) instanceof Node x ? io.numfuse.ir.Fusion.plan(x).kernels().get(0).key() : null),
                "no program was built for work the device would not get");
    }

    @Test
    void policiesAndKinds() {
        OpenClTarget d = OpenClTests.first();
        Profiles.forTests = Map.of("jvm", SLOW_JVM, d.name(), fastDevice(d.name()));
        long nonce = System.nanoTime() ^ 0x77;
        AutoTarget jvmOnly = (AutoTarget) Targets.parse("auto:jvm");
        assertEquals(Map.of("jvm", 1L), ran(() -> Executor.evaluate(heavy(1 << 20, nonce, 2), null, jvmOnly)));
        AutoTarget prefer = (AutoTarget) Targets.parse("auto:prefer-device");
        Executor.evaluate(heavy(16, nonce, 2), null, AutoTarget.FASTEST);      // small: the JVM; the program is not asked for
        Executor.evaluate(heavy(1 << 20, nonce, 2), null, AutoTarget.FASTEST); // large: asks for the build
        Background.drain();
        assertEquals(Map.of(d.name(), 1L), ran(() -> Executor.evaluate(heavy(16, nonce, 2), null, prefer)), "prefer-device takes small work too");
        String kind = d.kind().name().toLowerCase(java.util.Locale.ROOT);
        assertSame(d, Targets.parse(kind), "a device by its kind");
        assertEquals("auto:" + kind, Targets.parse("auto:" + kind).name());
        assertThrows(io.numfuse.ir.NumfuseException.class, () -> Targets.parse(kind + ":9"));
        assertThrows(io.numfuse.ir.NumfuseException.class, () -> Targets.parse("auto:quickest"));
    }

    @Test
    void aSlowCompilerNeverHoldsUpAutosResults() throws Exception {
        OpenClTarget d = OpenClTests.first();
        Profiles.forTests = Map.of("jvm", SLOW_JVM, d.name(), fastDevice(d.name()).withBuild(5, 0.005));
        OpenClDevice.beforeBuild = () -> {
            try {
                Thread.sleep(3_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        try {
            long nonce = System.nanoTime() ^ 0x5105;
            int n = 1 << 20;
            long t0 = System.nanoTime();
            for (int i = 0; i < 3; i++) assertEquals(Map.of("jvm", 1L), ran(() -> Executor.evaluate(heavy(n, nonce, 4), null, AutoTarget.FASTEST)));
            double s = (System.nanoTime() - t0) / 1e9;
            assertTrue(s < 2.5, "three results while a 3 s build went on took " + s + " s");
            Background.drain();
            assertEquals(Map.of(d.name(), 1L), ran(() -> Executor.evaluate(heavy(n, nonce, 4), null, AutoTarget.FASTEST)), "once built");
        } finally {
            OpenClDevice.beforeBuild = null;
        }
    }

    @Test
    void withoutProfilesAutoRunsOnTheJvm() {
        Profiles.forTests = Map.of();
        assertEquals(Map.of("jvm", 1L), ran(() -> Executor.evaluate(heavy(1 << 20, 5, 3), null, AutoTarget.FASTEST)));
    }
}
