package io.numfuse.runtime;

import static org.junit.jupiter.api.Assertions.*;

import io.numfuse.ir.Buffer;
import io.numfuse.core.DType;
import io.numfuse.ir.Fusion;
import io.numfuse.ir.Graph;
import io.numfuse.ir.Interpreter;
import io.numfuse.ir.Kernel;
import io.numfuse.ir.Node;
import io.numfuse.ir.Op;
import io.numfuse.ir.View;
import io.numfuse.jvm.JvmKernel;
import org.junit.jupiter.api.Test;

/**
 * A kernel with a Vector API loop runs its scalar class first, asks for its vector class once it
 * has run long enough, and gives the interpreter's values before and after it switches.
 */
class VectorWarmupTest {
    static final int N = 1000;

    static Kernel whereKernel() { return whereKernel(-1); }

    /** {@link #whereKernel()}, with a chain of 12 negations and absolute values spelling {@code nonce} after the select (none when negative): a key no other test has compiled. */
    static Kernel whereKernel(long nonce) {
        Buffer a = Buffer.allocate(DType.FLOAT32, N), b = Buffer.allocate(DType.FLOAT32, N);
        java.util.Random r = new java.util.Random(7);
        for (int i = 0; i < N; i++) {
            a.setDouble(i, i % 97 == 0 ? Double.NaN : r.nextGaussian());
            b.setDouble(i, i % 89 == 0 ? -0.0 : r.nextGaussian());
        }
        Node x = Graph.leaf(View.contiguous(a, N)), y = Graph.leaf(View.contiguous(b, N));
        Node root = Graph.where(Graph.binary(Op.GT, x, y), Graph.binary(Op.MUL, x, y), Graph.binary(Op.SUB, x, y));
        for (int bit = 0; nonce >= 0 && bit < 12; bit++) root = Graph.unary((nonce >> bit & 1) == 0 ? Op.ABS : Op.NEG, root);
        return Fusion.plan(root).kernels().get(0);
    }

    /** Runs {@code code} on {@code k}'s inputs into a fresh output; the float values, bit for bit. */
    static int[] run(JvmKernel code, Kernel k) {
        float[] out = new float[N];
        Object[] arrays = { k.inputs().get(0).buffer().array(), k.inputs().get(1).buffer().array(), out };
        code.run(arrays, new int[] { 0, 0, 0 }, new int[] { 1, 1, 1 }, k.shape(), k.params(), 0, N);
        int[] bits = new int[N];
        for (int i = 0; i < N; i++) bits[i] = Float.floatToIntBits(out[i]);
        return bits;
    }

    static int[] reference(Kernel k) {
        Interpreter.run(k);
        int[] bits = new int[N];
        for (int i = 0; i < N; i++) bits[i] = Float.floatToIntBits((float) k.output().buffer().getDouble(i));
        return bits;
    }

    @Test
    void aSelectKernelRunsItsScalarClassThenSwitchesToItsWarmVectorClass() throws InterruptedException {
        Kernel k = whereKernel();
        int[] want = reference(k);
        JvmKernel code = VectorWarmup.kernel(k.key());
        VectorWarmup.Switching s = assertInstanceOf(VectorWarmup.Switching.class, code, "a select kernel can switch");
        assertFalse(s.vectorised());
        assertArrayEquals(want, run(code, k), "scalar class");
        for (int i = 0; i < Learning.TRUSTED; i++) Placement.LEARNING.counted("jvm", k.key(), N);   // auto's runs of the scalar class
        assertEquals(Learning.TRUSTED, Placement.LEARNING.runsOf("jvm", k.key(), N));
        assertTrue(VectorWarmup.warm(s), "the vector class measured faster within " + VectorWarmup.BUDGET_SECONDS + " s");
        assertTrue(s.vectorised());
        assertEquals(Learning.TRUSTED, Placement.LEARNING.runsOf("jvm", k.key(), N),
                "the scalar class's runs still count towards trust (their corrections are scaled by the classes' ratio: CostModelTest)");
        assertArrayEquals(want, run(code, k), "vector class");
    }

    @Test
    void aKernelAsksForItsVectorClassOnlyAfterItHasRunLongEnough() {
        Kernel k = whereKernel();
        VectorWarmup.Switching s = (VectorWarmup.Switching) VectorWarmup.kernel(k.key());
        long start = System.nanoTime();
        for (int r = 0; r < 10; r++) run(s, k);
        if (System.nanoTime() - start < VectorWarmup.HOT_NANOS) assertFalse(s.asked(), "asked after 10 runs");
        while (!s.asked() && System.nanoTime() - start < 60_000_000_000L) run(s, k);
        assertTrue(s.asked(), "asked once its runs took " + VectorWarmup.HOT_NANOS / 1e9 + " s");
        assertTrue(System.nanoTime() - start >= VectorWarmup.HOT_NANOS, "not before");
        VectorWarmup.await(60);   // its warm-up must not run beside later tests that time things (CalibrationTest)
    }

    /**
     * Time a kernel spends on a device (auto placed it there) counts towards its JVM vector class's
     * warm-up, so that the JVM competes for hot work with its best code; a kernel the JVM never
     * compiled is left alone.
     */
    @Test
    void aKernelHotOnADeviceAsksForItsVectorClass() {
        Kernel k = whereKernel(System.nanoTime() & 0xfff), other = whereKernel((System.nanoTime() >> 12) & 0xfff);
        VectorWarmup.Switching s = assertInstanceOf(VectorWarmup.Switching.class, JvmTarget.INSTANCE.compile(k.key()));
        run(s, k);
        JvmTarget.INSTANCE.ranElsewhere(java.util.List.of(k), VectorWarmup.HOT_NANOS / 2);
        assertFalse(s.asked(), "half its time");
        JvmTarget.INSTANCE.ranElsewhere(java.util.List.of(k, other), VectorWarmup.HOT_NANOS / 2);
        assertTrue(s.asked(), "asked once its runs anywhere took " + VectorWarmup.HOT_NANOS / 1e9 + " s");
        VectorWarmup.await(60);
    }

    /**
     * A kernel's runs on a device stop mattering to its JVM class once that has asked for its
     * vector class (a kept decision then stops looking it up), and not before, nor while the JVM
     * has compiled nothing for it (it may yet).
     */
    @Test
    void runsElsewhereMatterUntilTheVectorClassIsAskedFor() {
        Kernel k = whereKernel(System.nanoTime() & 0xfff), never = whereKernel((System.nanoTime() >> 12) & 0xfff);
        assertFalse(JvmTarget.INSTANCE.ranElsewhere(never, VectorWarmup.HOT_NANOS), "nothing compiled for it on the JVM yet");
        VectorWarmup.Switching s = assertInstanceOf(VectorWarmup.Switching.class, JvmTarget.INSTANCE.compile(k.key()));
        assertFalse(JvmTarget.INSTANCE.ranElsewhere(k, VectorWarmup.HOT_NANOS / 2), "half its time: more matters");
        assertFalse(JvmTarget.INSTANCE.ranElsewhere(k, VectorWarmup.HOT_NANOS / 2), "the run that asks still counted");
        assertTrue(s.asked());
        assertTrue(JvmTarget.INSTANCE.ranElsewhere(k, 1), "asked: later runs elsewhere change nothing");
        VectorWarmup.await(60);
    }

    /**
     * A measurement of the steady state ({@code numfuse bench}) asks for the vector classes of the
     * kernels its warm-up ran, however briefly; a kernel that has not run yet does not ask.
     */
    @Test
    void aMeasurementAsksForTheVectorClassesOfTheKernelsThatRan() {
        Kernel k = whereKernel(System.nanoTime() & 0xfff);
        int[] want = reference(k);
        JvmKernel code = JvmTarget.INSTANCE.compile(k.key());
        VectorWarmup.Switching s = assertInstanceOf(VectorWarmup.Switching.class, code, "a select kernel can switch");
        JvmTarget.INSTANCE.warmVectorsNow();
        assertFalse(s.asked(), "a kernel that never ran does not ask");
        run(code, k);
        assertTrue(JvmTarget.INSTANCE.warmVectorsNow() >= 1, "the kernel that ran asked");
        assertTrue(s.asked());
        assertEquals(0, JvmTarget.INSTANCE.warmVectorsNow(), "and asks once");
        JvmTarget.awaitVectorWarmups();
        assertTrue(s.vectorised(), "it switched once its vector class was warm");
        assertArrayEquals(want, run(code, k), "vector class");
    }

    @Test
    void kernelsWithoutSelectsAndTheModesDoNotSwitch() {
        Kernel k = whereKernel();
        Node sum = Graph.binary(Op.ADD, Graph.leaf(k.inputs().get(0)), Graph.leaf(k.inputs().get(1)));
        assertFalse(VectorWarmup.kernel(Fusion.plan(sum).kernels().get(0).key()) instanceof VectorWarmup.Switching, "a+b has no vector loop");
        String before = System.getProperty("numfuse.jvm.vectors");
        try {
            for (String mode : new String[] { "never", "always" }) {
                System.setProperty("numfuse.jvm.vectors", mode);
                JvmKernel code = VectorWarmup.kernel(k.key());
                assertFalse(code instanceof VectorWarmup.Switching, mode);
                assertArrayEquals(reference(k), run(code, k), mode);
            }
        } finally {
            if (before == null) System.clearProperty("numfuse.jvm.vectors"); else System.setProperty("numfuse.jvm.vectors", before);
        }
    }
}
