package io.numfuse.runtime;

import static org.junit.jupiter.api.Assertions.*;

import io.numfuse.ir.Buffer;
import io.numfuse.core.DType;
import io.numfuse.ir.Fusion;
import io.numfuse.ir.Graph;
import io.numfuse.ir.Kernel;
import io.numfuse.ir.KernelKey;
import io.numfuse.ir.Node;
import io.numfuse.ir.Op;
import io.numfuse.ir.View;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code auto} on this machine's OpenCL device, with profiles a test gives (so that the choices do
 * not depend on this machine's load): the first result of a new kernel never waits for a build
 * (it runs on the JVM while the program builds in the background), later evaluations move to the
 * device the model prefers, small work stays on the JVM, policies and kinds, and explain.
 */
class SchedulerTest extends AutoTests {
    /** A JVM slower than the device at everything: the model sends large work to the device. */
    static final DeviceProfile SLOW_JVM = CostModelTest.JVM.toBuilder().rates(new DeviceProfile.Rates(1e9, 5e8, 2e8, 1e8, 1e7, 5e6)).build();

    static DeviceProfile fastDevice(String name) {
        return CostModelTest.GPU.toBuilder().target(name).kind(DeviceProfile.Kind.CPU).link(50e9, 50e9, 5e-6).build();
    }

    /** sin(x) * cos(x) + x * {@code salt} over n float32 values, with an op chain spelling {@code nonce} (a kernel new to the device). */
    static Node heavy(int n, long nonce, double salt) {
        Buffer b = Buffer.allocate(DType.FLOAT32, n);
        for (int i = 0; i < n; i++) b.setDouble(i, i * 1e-4);
        return heavyOver(b, n, nonce, salt);
    }

    /** {@link #heavy}'s expression over the first {@code n} values of float32 buffer {@code b} (wherever they are). */
    static Node heavyOver(Buffer b, int n, long nonce, double salt) {
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
        assertTrue(LastPlacement.last().describe().contains(d.name()), LastPlacement.last().describe());
    }

    /**
     * A JVM that its corrections alone price far beyond {@link Learning#FAR_LIMIT} (taught 64
     * times its price, as runs while the JIT compiled a kernel can teach), with nothing to copy,
     * is still measured now and then: before, auto never ran it again.
     */
    @Test
    void aJvmFarOnlyByItsLessonsIsStillMeasuredNowAndThen() throws InterruptedException {
        OpenClTarget d = OpenClTests.first();
        Profiles.forTests = Map.of("jvm", SLOW_JVM, d.name(), fastDevice(d.name()).toBuilder().launchSeconds(LAUNCH).build());   // the JVM about 2.4x slower
        long nonce = System.nanoTime() ^ 0x5f;
        int n = 1 << 14;
        Executor.evaluate(heavy(n, nonce, 0.5), null, AutoTarget.FASTEST);   // on the JVM: the device's program builds
        Background.drain();
        io.numfuse.ir.KernelKey key = Fusion.plan(heavy(n, nonce, 0.5)).kernels().getFirst().key();
        for (int i = 0; i < Learning.RATIOS + Learning.WARM_UP; i++) {
            Placement.LEARNING.observe("jvm", key, n, "map.memory32", 1e-3, 64e-3, false);
            if (i == 0) Thread.sleep(Learning.JIT_SETTLE_NANOS / 1_000_000 + 50);   // the JVM's runs teach once its code has settled
        }
        assertEquals(64, Placement.LEARNING.factor("jvm", key, n, "map.memory32"), 1e-9);
        long onJvm = 0;
        for (int i = 0; i < 4000 && onJvm == 0; i++) {
            Decisions.forget();                              // each evaluation decides afresh
            onJvm = ran(() -> Executor.evaluate(heavy(n, nonce, 0.5), null, AutoTarget.FASTEST)).getOrDefault("jvm", 0L);
        }
        assertTrue(onJvm > 0, "the JVM was measured: " + LastPlacement.last().describe());
    }

    @Test
    void smallWorkStaysOnTheJvmAndBuildsNothing() {
        OpenClTarget d = OpenClTests.first();
        Profiles.forTests = Map.of("jvm", SLOW_JVM, d.name(), fastDevice(d.name()).toBuilder().launchSeconds(200e-6).build());
        long nonce = System.nanoTime() ^ 0x33;
        Background.drain();                                  // earlier tests' builds
        int programs = d.deviceForTests().programCount();   // (a key of heavy() may have been built before: its nonce has 12 bits)
        for (int i = 0; i < 3; i++) assertEquals(Map.of("jvm", 1L), ran(() -> Executor.evaluate(heavy(64, nonce, 1), null, AutoTarget.FASTEST)));
        Background.drain();
        assertEquals(programs, d.deviceForTests().programCount(), "no program was built for work the device would not get");
    }

    /** x - sum(x) over heavy(64): a reduction, then a map that reads it. */
    private static Node centred(long nonce) {
        Node x = heavy(64, nonce, 1);
        return Graph.binary(Op.SUB, x, Graph.reduce(Op.SUM, x, new int[] { 0 }, false));
    }

    @Test
    void aSmallPlanOfSeveralKernelsStaysOnTheJvmWithoutThePlacement() {
        OpenClTarget d = OpenClTests.first();
        Profiles.forTests = Map.of("jvm", SLOW_JVM, d.name(), fastDevice(d.name()).toBuilder().launchSeconds(200e-6).build());
        long nonce = System.nanoTime() ^ 0x4d;
        int kernels = Fusion.plan(centred(nonce)).kernels().size();
        assertTrue(kernels >= 2, kernels + " kernels");
        Executor.evaluate(heavy(1 << 16, nonce, 3), null, AutoTarget.FASTEST);   // an evaluation the model placed (its build asked for)
        Background.drain();
        int programs = d.deviceForTests().programCount();
        assertEquals(Map.of("jvm", (long) kernels), ran(() -> Executor.evaluate(centred(nonce), null, AutoTarget.FASTEST)));
        // every kernel small work on the host: no placement was made, and what explain shows of the
        // last evaluation is this one (it showed the one before)
        String last = Executor.lastPlacement();
        assertEquals(kernels, last.split("small work on the host", -1).length - 1, last);
        assertEquals(kernels, last.split("; ran in ", -1).length - 1, last);
        Background.drain();
        assertEquals(programs, d.deviceForTests().programCount(), "no program was built for work the device would not get");
    }

    @Test
    void aKernelTheJvmRunsFarSlowerThanItsClassLeavesTheSmallWorkShortcut() throws Exception {
        // the crossover is worked out at the kernel's size and at twice it: both must take the
        // correction learnt at the kernel's size (at twice it, another size class, the JVM looked
        // as fast as its class, and a select 7x slower than predicted stayed on the JVM for good)
        OpenClTarget d = OpenClTests.first();
        Profiles.forTests = Map.of("jvm", CostModelTest.JVM, d.name(), fastDevice(d.name()).toBuilder().launchSeconds(2e-3).build());
        Kernel k = Fusion.plan(heavy(1 << 15, System.nanoTime() ^ 0x5a, 3)).kernels().getFirst();   // 2^15 and 2^16: two size classes
        KernelKey key = k.key();
        assertTrue(SmallWork.onJvm(AutoTarget.FASTEST, k, key), "small work at first: a 2 ms launch against a fast JVM");
        KernelWork w = KernelWork.of(k);
        String cls = Learning.classOf(w, CostModelTest.JVM);
        for (int i = 0; i < Learning.WARM_UP; i++) Placement.LEARNING.observe("jvm", key, k.size(), cls, 1e-3, 1e-3, false);
        Thread.sleep(Learning.JIT_SETTLE_NANOS / 1_000_000 + 50);
        long weighed = SmallWork.weighings();
        for (int i = 0; i < 5; i++) Placement.LEARNING.observe("jvm", key, k.size(), cls, 1e-3, 60e-3, false);   // 60x slower than predicted, run after run
        assertFalse(SmallWork.onJvm(AutoTarget.FASTEST, k, key), "no longer small work once the JVM is known to be 60x slower at it");
        assertEquals(weighed, SmallWork.weighings(), "a new correction enters the crossover without the kernel being weighed again");
    }

    /**
     * A kernel's short runs on the JVM through the small-work shortcut correct a price its first,
     * slow runs taught (the JIT compiling): runs under {@link SmallWork#LEARN_FROM_SECONDS} teach
     * only while the model prices the kernel at that or more. Before, such a price stayed, and a
     * Mandelbrot step over 316x316 float32 priced at 79.5 us on the JVM (27-30 us a run) was moved
     * to PoCL by {@link Migration} and never back.
     */
    @Test
    void shortJvmRunsCorrectAPriceThatSaysTheyAreLong() throws Exception {
        OpenClTarget d = OpenClTests.first();
        Profiles.forTests = Map.of("jvm", CostModelTest.JVM, d.name(), fastDevice(d.name()).toBuilder().launchSeconds(2e-3).build());
        Kernel k = Fusion.plan(heavy(1 << 12, System.nanoTime() ^ 0x77, 5)).kernels().getFirst();
        KernelKey key = k.key();
        SmallWork.Weighed w = SmallWork.smallOnHost(AutoTarget.FASTEST, java.util.List.of(k));
        assertNotNull(w, "small work: a 2 ms launch on the device");
        SmallWork.ran(w, 0, k, 400e-6);
        Thread.sleep(Learning.JIT_SETTLE_NANOS / 1_000_000 + 50);   // runs in the JIT's first quarter second teach nothing
        for (int i = 0; i < 40; i++) {   // its first runs: slow
            w = SmallWork.smallOnHost(AutoTarget.FASTEST, java.util.List.of(k));
            assertNotNull(w);
            SmallWork.ran(w, 0, k, 400e-6);
        }
        double slow = SmallWork.costs(AutoTarget.FASTEST, k, key, d.name()).jvm();
        assertTrue(slow >= SmallWork.LEARN_FROM_SECONDS, "priced from its slow runs: " + slow);
        for (int i = 0; i < 400; i++) {   // then fast, run after run
            w = SmallWork.smallOnHost(AutoTarget.FASTEST, java.util.List.of(k));
            assertNotNull(w);
            SmallWork.ran(w, 0, k, 20e-6);
        }
        double fast = SmallWork.costs(AutoTarget.FASTEST, k, key, d.name()).jvm();
        assertTrue(fast < SmallWork.LEARN_FROM_SECONDS, "priced from its fast runs now: " + fast + " (was " + slow + ")");
        long taken = Placement.LEARNING.taken();
        for (int i = 0; i < 100; i++) SmallWork.ran(SmallWork.smallOnHost(AutoTarget.FASTEST, java.util.List.of(k)), 0, k, 20e-6);
        assertEquals(taken, Placement.LEARNING.taken(), "a short run priced short teaches nothing");
    }

    /**
     * A small JVM kernel whose correction slow runs inflated (its barely compiled vector class, a
     * busy machine) wins its work back from the device once it is measured again as the runner-up:
     * a run far faster than the correction says teaches it, however short. Tiny runs taught nothing, and poly3 over
     * 10^4 float32, predicted at 185 us on the JVM where it ran in 8 us, stayed on PoCL at 28 times
     * the JVM's time.
     */
    @Test
    void aSmallJvmKernelThatSlowRunsMadeLookSlowWinsItsWorkBack() throws Exception {
        OpenClTarget d = OpenClTests.first();
        // a device slower to launch: the JVM, once its correction is inflated, is a runner-up within reach
        Profiles.forTests = Map.of("jvm", CostModelTest.JVM, d.name(), fastDevice(d.name()).toBuilder().launchSeconds(100e-6).build());
        int n = 10_000;
        Node x = CostModelTest.input(DType.FLOAT32, n), y = CostModelTest.input(DType.FLOAT32, n);
        double salt = System.nanoTime() % 1000 + 0.5;   // a kernel new to this JVM
        java.util.function.Supplier<Node> sum = () -> Graph.binary(Op.ADD, x, Graph.binary(Op.MUL, y, Graph.scalar(DType.FLOAT32, salt)));
        Kernel k = Fusion.plan(sum.get()).kernels().getFirst();
        String cls = Learning.classOf(KernelWork.of(k), CostModelTest.JVM);
        d.prepare(java.util.List.of(k));   // built: the device can take the work at once
        for (int i = 0; i < 20; i++) Executor.evaluate(sum.get(), null, JvmTarget.INSTANCE);   // compiled on the JVM, as a kernel the JVM ran before
        for (int i = 0; i < Learning.WARM_UP; i++) Placement.LEARNING.observe("jvm", k.key(), n, cls, 1e-5, 1e-5, false);
        Thread.sleep(Learning.JIT_SETTLE_NANOS / 1_000_000 + 50);
        for (int i = 0; i < 5; i++) Placement.LEARNING.observe("jvm", k.key(), n, cls, 1e-5, 4e-4, false);   // 40 times its prediction
        assertEquals(40.0, Placement.LEARNING.factor("jvm", k.key(), n, cls), 1e-6);
        long end = System.nanoTime() + 5_000_000_000L;
        while (Placement.LEARNING.factor("jvm", k.key(), n, cls) > 20 && System.nanoTime() < end) {
            Background.drain();
            Decisions.forget();   // each evaluation decides afresh: the JVM is measured now and then as the runner-up
            Executor.evaluate(sum.get(), null, AutoTarget.FASTEST);   // a new node: an evaluated one is kept
        }
        assertTrue(Placement.LEARNING.factor("jvm", k.key(), n, cls) <= 20, "the JVM's correction now " + Placement.LEARNING.factor("jvm", k.key(), n, cls));
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
        assertThrows(io.numfuse.core.NumfuseException.class, () -> Targets.parse(kind + ":9"));
        assertThrows(io.numfuse.core.NumfuseException.class, () -> Targets.parse("auto:quickest"));
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

    /** An n x n float32 grid of values that differ everywhere. */
    static Buffer grid(int n) {
        Buffer b = Buffer.allocate(DType.FLOAT32, n * n);
        for (int i = 0; i < n * n; i++) b.setDouble(i, 1 + (i % 977) * 1e-3);
        return b;
    }

    /** The grid's interior, written from its four neighbours: sin(up) + cos(down) + left * right. */
    static void stencil(Buffer g, int n, Target on) {
        int[] shape = { n - 2, n - 2 }, strides = { n, 1 };
        java.util.function.IntFunction<Node> at = off -> Graph.leaf(new View(g, off, shape, strides));
        Node value = Graph.binary(Op.ADD, Graph.binary(Op.ADD, Graph.unary(Op.SIN, at.apply(1)), Graph.unary(Op.COS, at.apply(2 * n + 1))),
                Graph.binary(Op.MUL, at.apply(n), at.apply(n + 2)));
        Executor.write(value, new View(g, n + 1, shape, strides), on);
    }

    /**
     * A write whose value reads its target takes a snapshot, and the target's storage holds no
     * defined values until the restore copies and the value's kernel have run. When auto runs the
     * copies on the JVM and the value on a device, the device must start from what the JVM wrote:
     * it once took the buffer as empty, and the grid's border came back as zeros.
     */
    @Test
    void aWriteSplitBetweenTheJvmAndADeviceKeepsWhatEachWrote() {
        OpenClTarget d = OpenClTests.first();
        Profiles.forTests = Map.of("jvm", SLOW_JVM, d.name(), fastDevice(d.name()).toBuilder().launchSeconds(50e-6).build());
        int n = 256;
        Buffer want = grid(n);
        stencil(want, n, InterpreterTarget.INSTANCE);
        stencil(grid(n), n, AutoTarget.FASTEST);            // the first asks for the value's program
        Background.drain();
        Map<String, Long> ran = null;
        for (int attempt = 0; attempt < 8; attempt++) {      // exploration may try a runner-up now and then
            Buffer g = grid(n);
            ran = ran(() -> stencil(g, n, AutoTarget.FASTEST));
            close(OpenClTests.doubles(View.contiguous(want, n * n)), View.contiguous(g, n * n), "auto " + ran);
            if (ran.size() == 2) break;
        }
        assertEquals(java.util.Set.of("jvm", d.name()), ran.keySet(), "the copies on the JVM and the value on the device: " + LastPlacement.last().describe());
    }

    /**
     * A JVM run whose time was mostly copies back from a device teaches that device's link: the
     * profile says a copy takes 100 ms (the device is slower still, so auto keeps the JVM), the
     * copies of a few floats take microseconds (milliseconds on a loaded machine: with a profile
     * of 10 ms, a run beside two other test JVMs learnt only 0.63), and the link factor falls. Before, such runs
     * taught nothing, and resident work stayed on a JVM predicted faster than it ran.
     */
    @Test
    void aJvmRunThatWasMostlyCopiesTeachesTheDevicesLink() {
        OpenClTarget d = OpenClTests.first();
        Profiles.forTests = Map.of("jvm", CostModelTest.JVM, d.name(),
                fastDevice(d.name()).toBuilder().launchSeconds(1.0).link(50e9, 50e9, 100e-3).build());
        int n = 1000;
        long nonce = System.nanoTime();
        Node onHost = heavy(n, nonce, 0.25);
        for (int i = 0; i < 3; i++) Executor.evaluate(Graph.binary(Op.ADD, onHost, onHost), null, JvmTarget.INSTANCE);   // x+x compiled on the JVM first
        assertEquals(1.0, Placement.LEARNING.linkFactor(d.name(), 4.0 * n));
        // each run copies a new device result back (a run whose inputs are on the host already teaches the link nothing)
        for (int i = 0; i < 12 && Placement.LEARNING.linkFactor(d.name(), 4.0 * n) >= 0.5; i++) {
            Buffer onDevice = Executor.evaluate(heavy(n, nonce, 0.25), null, d).buffer();   // the result stays on the device
            org.jocl.CL.clFinish(d.device().queue());   // computed: the JVM's run times the copy, not the device's kernel
            Node x = Graph.leaf(View.contiguous(onDevice, n));
            Background.drain();   // a run while a build goes on teaches nothing (the cores were shared)
            Decisions.forget();
            assertEquals(Map.of("jvm", 1L), ran(() -> Executor.evaluate(Graph.binary(Op.ADD, x, x), null, AutoTarget.FASTEST)));
        }
        assertTrue(Placement.LEARNING.linkFactor(d.name(), 4.0 * n) < 0.5, "learnt " + Placement.LEARNING.linkFactor(d.name(), 4.0 * n));
    }

    /**
     * A JVM run of device-resident data whose copies weigh against its execution times the copies
     * apart ({@link Placement#copiesApart}): the kernel's correction learns from its own time, so
     * the copies' error never inflates it (the link learns from the copies' own time:
     * {@link #copiesFarSlowerThanTheirPriceTeachTheLinkThoughTheFloorPricedThem}). Taken whole by
     * the kernel, the copies' error inflated it, and the link, learnt as
     * a run's time less that inflated execution, shrank (a resident a+b's 80 MB priced at 0.7 ms to
     * copy back); taught nothing, a JVM runner-up of a Mandelbrot step whose state was on PoCL
     * kept a correction its runs had taught with the copies in them.
     */
    @Test
    void aJvmRunWithCopiesOfWeightTeachesTheKernelItsOwnTime() throws InterruptedException {
        OpenClTarget d = OpenClTests.first();
        int n = 1 << 20;                                          // 4 MB: about 1 ms to add on the JVM, about as long to copy
        Profiles.forTests = Map.of("jvm", CostModelTest.JVM, d.name(),
                fastDevice(d.name()).toBuilder().launchSeconds(1.0).link(20e9, 20e9, 5e-6).build());   // its launch keeps auto on the JVM; its copies priced at half the JVM's add
        long nonce = System.nanoTime();
        Node onHost = heavy(n, nonce, 0.25);
        for (int i = 0; i < 3; i++) Executor.evaluate(Graph.binary(Op.ADD, onHost, onHost), null, JvmTarget.INSTANCE);   // x+x compiled on the JVM first
        KernelKey key = null;
        double linkBefore = Placement.LEARNING.linkFactor(d.name(), 4.0 * n);
        double[] whole = new double[10];
        for (int i = -Learning.WARM_UP - 1; i < whole.length; i++) {
            // its first runs teach nothing (compilation; on the JVM the JIT's first quarter second)
            if (i == 0) Thread.sleep(Learning.JIT_SETTLE_NANOS / 1_000_000 + 50);
            Buffer onDevice = Executor.evaluate(heavy(n, nonce, 0.25), null, d).buffer();   // the input stays on the device
            org.jocl.CL.clFinish(d.device().queue());
            Node x = Graph.leaf(View.contiguous(onDevice, n));
            Node sum = Graph.binary(Op.ADD, x, x);
            key = Fusion.plan(sum).kernels().get(0).key();
            Background.drain();
            Decisions.forget();
            long t0 = System.nanoTime();
            assertEquals(Map.of("jvm", 1L), ran(() -> Executor.evaluate(sum, null, AutoTarget.FASTEST)));
            CostModel.Prediction p = LastPlacement.last().predictionOfChosen(0);
            double price = p.execute() / Placement.LEARNING.factor("jvm", key, n, "map.memory32");   // the profile's, uncorrected
            if (i >= 0) whole[i] = (System.nanoTime() - t0) / 1e9 / price;
            // the premise, on the profiles' prices (a correction learnt from runs slowed by a busy
            // machine priced the add at 4.6 ms in a loaded CI run, its copies still at 0.42 ms)
            assertTrue(p.transfers() >= 0.25 * price, "copies of weight: " + LastPlacement.last().describe());
        }
        assertTrue(Placement.LEARNING.runsOf("jvm", key, n) >= 10, "each run counted");
        java.util.Arrays.sort(whole);
        double learnt = Placement.LEARNING.factor("jvm", key, n, "map.memory32");
        assertNotEquals(1.0, learnt, "the kernel learnt from its runs (before, runs with copies of weight taught it nothing)");
        assertTrue(learnt < 0.8 * whole[whole.length / 2], "the kernel learnt its own time (" + learnt + "), not its runs' with the copies ("
                + whole[whole.length / 2] + " times its uncorrected price)");
    }

    /**
     * A JVM run's copies back from a device, timed apart, that took more than twice their price
     * teach the device's link their own time, though they were under the kernel's execution and
     * the host memory's floor priced them ({@link PlacementRuns#UNDERPRICED}). Left out, a factor
     * that one bad lesson had set under the floor was never taught again: in a suite run a
     * resident poly3 over 10^5 float32 ran on the JVM at 1.96 times PoCL's time, its copies
     * priced at the floor's 23 us and taking about 80. Here the profile prices copying 4 MB
     * across the link at 26 us and the host's memory at 84 us (the floor, under the JVM's add at
     * 120 us); no copy here is that fast (about 0.4 ms).
     */
    @Test
    void copiesFarSlowerThanTheirPriceTeachTheLinkThoughTheFloorPricedThem() {
        OpenClTarget d = OpenClTests.first();
        int n = 1 << 20;
        Profiles.forTests = Map.of("jvm", CostModelTest.JVM.toBuilder().memoryBytesPerSecond(100e9).build(), d.name(),
                fastDevice(d.name()).toBuilder().launchSeconds(1.0).link(200e9, 200e9, 5e-6).build());   // its launch keeps auto on the JVM
        long nonce = System.nanoTime();
        Node onHost = heavy(n, nonce, 0.75);
        for (int i = 0; i < 3; i++) Executor.evaluate(Graph.binary(Op.ADD, onHost, onHost), null, JvmTarget.INSTANCE);   // x+x compiled on the JVM first
        double before = Placement.LEARNING.linkFactor(d.name(), 4.0 * n);
        for (int i = 0; i < 12; i++) {
            Buffer onDevice = Executor.evaluate(heavy(n, nonce, 0.75), null, d).buffer();   // the input stays on the device
            org.jocl.CL.clFinish(d.device().queue());
            Node x = Graph.leaf(View.contiguous(onDevice, n));
            Background.drain();
            Decisions.forget();
            assertEquals(Map.of("jvm", 1L), ran(() -> Executor.evaluate(Graph.binary(Op.ADD, x, x), null, AutoTarget.FASTEST)));
            CostModel.Prediction p = LastPlacement.last().predictionOfChosen(0);
            if (i == 0) {   // the premise: copies under the execution, priced at the floor, not by the link
                assertTrue(p.transfers() < p.execute(), LastPlacement.last().describe());
                assertEquals(0, p.linked().profile(), "the floor priced them: " + LastPlacement.last().describe());
            }
        }
        double after = Placement.LEARNING.linkFactor(d.name(), 4.0 * n);
        assertTrue(after >= 4 * before, "the link learnt from copies far slower than their price: " + before + " -> " + after);
    }

    /**
     * Kernels placed together on the JVM are timed each on its own. Their segment's time shared by
     * the predictions gave each kernel the same error, so the kernels' corrections relative to each
     * other never moved: a resident Jacobi step's stencil was priced at 26 us on the JVM, its share
     * of the step, where it runs in about 300 us. Here the JVM's profile takes sin and cos for
     * free, so the model prices the transcendental kernel far below what it takes.
     */
    @Test
    void kernelsPlacedTogetherOnTheJvmAreTimedEachOnItsOwn() {
        OpenClTarget d = OpenClTests.first();
        int n = 1 << 20;
        Profiles.forTests = Map.of("jvm", CostModelTest.JVM.withRates(new DeviceProfile.Rates(1e10, 5e9, 2e9, 1.5e9, 1e13, 1e13)),
                d.name(), fastDevice(d.name()).toBuilder().launchSeconds(1.0).build());   // its launch keeps auto on the JVM
        long nonce = System.nanoTime();
        Buffer onDevice = Executor.evaluate(heavy(n, nonce, 0.25), null, d).buffer();   // on the device: auto weighs the targets
        org.jocl.CL.clFinish(d.device().queue());
        Node x = Graph.leaf(View.contiguous(onDevice, n));
        java.util.function.Supplier<Node> step = () -> {
            Node sines = x;
            for (int i = 0; i < 8; i++) sines = Graph.unary(i % 2 == 0 ? Op.SIN : Op.COS, sines);
            return Graph.binary(Op.ADD, sines, Graph.reduce(Op.SUM, x, null, false));   // two kernels: the sum, then the sines
        };
        // compiled on the JVM first, and run until the JIT has compiled both: five runs just after the
        // first put the sum's error anywhere from 3.7 to 38 (interpreted or compiling), after thirty 1.0-1.9
        for (int i = 0; i < 30; i++) Executor.evaluate(step.get(), null, JvmTarget.INSTANCE);
        // each kernel's error, the least of ten runs (accidents only slow a run; in a CI run of five,
        // a busy spell left the sum's least at 2.57; a run beside a build has no time): timed apart they
        // differ by the sines' mispricing (the sines' error 6.7-13 against the sum's 1.0-1.9 here);
        // shared by the predictions they were equal in every run
        double[] error = { Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY };
        Placement p = null;
        for (int run = 0; run < 10; run++) {
            Decisions.forget();
            assertEquals(Map.of("jvm", 2L), ran(() -> Executor.evaluate(step.get(), null, AutoTarget.FASTEST)));
            p = LastPlacement.last();
            for (int i = 0; i < 2; i++) {
                double e = p.measured[i] / p.predictionOfChosen(i).seconds();   // NaN for a run beside a build
                if (!Double.isNaN(e)) error[i] = Math.min(error[i], e);
            }
        }
        double apart = Math.max(error[0], error[1]) / Math.min(error[0], error[1]);
        assertTrue(apart > 2, "each kernel's own time against its prediction: " + java.util.Arrays.toString(error) + "\n" + p.describe());
    }

    /**
     * Kernels timed together on a device, whose copies weigh, teach no kernel correction: each
     * one's time is a share of the segment's by the predictions, and the copies' error went to
     * every kernel (an upload the first kernel of a resident Jacobi step paid for priced its
     * stencil at 405 us on PoCL, where it runs in about 85 us). Here the sum of sines uploads a new
     * host array at each evaluation, and the product after it has no copies of its own.
     */
    @Test
    void kernelsTimedTogetherWithCopiesOfWeightTeachNoKernel() {
        OpenClTarget d = OpenClTests.first();
        int n = 1 << 22;
        Profiles.forTests = Map.of("jvm", SLOW_JVM, d.name(), fastDevice(d.name()));   // sines far faster on the device, with their copies
        long nonce = System.nanoTime();
        Node x = Graph.leaf(View.contiguous(Executor.evaluate(heavy(n, nonce, 0.25), null, d).buffer(), n));   // on the device
        View out = Executor.evaluate(heavy(n, nonce, 0.5), null, d);                                           // the target, on the device
        java.util.function.Supplier<Node> step = () -> Graph.binary(Op.MUL, x, Graph.reduce(Op.SUM, Graph.unary(Op.SIN, CostModelTest.input(DType.FLOAT32, n)), null, false));
        java.util.List<Kernel> plan = Fusion.plan(step.get()).kernels();
        assertEquals(2, plan.size(), "the sum of the sines of a new host array, then the product");
        KernelKey product = plan.get(1).key();
        Executor.evaluate(step.get(), out, AutoTarget.FASTEST);   // the device's program builds meanwhile
        Background.drain();
        // no request to the collector for dead device copies among the runs: a run timed across one
        // is not counted (Background.stillQuiet), and the runs here allocate 16 MB each on the device
        DeviceSpares.garbageBytes = Long.MAX_VALUE / 4;
        DeviceCopies.INSTANCE.resetCollectionPolicy();
        try {
            for (int i = 0; i < 10; i++) {
                Decisions.forget();
                Executor.evaluate(step.get(), out, AutoTarget.FASTEST);
            }
        } finally {
            DeviceSpares.garbageBytes = Long.getLong("numfuse.opencl.garbageBytes", -1);
            DeviceCopies.INSTANCE.resetCollectionPolicy();
        }
        assertTrue(Placement.LEARNING.runsOf(d.name(), product, n) >= 10, "each run on the device counted: " + LastPlacement.last().describe());
        assertEquals(1.0, Placement.LEARNING.factor(d.name(), product, n, "map.memory32"), "the product learnt nothing from its share: " + LastPlacement.last().describe());
    }

    /**
     * A device run whose result took new memory teaches what storage costs, not the memory's cost
     * to the kernel's correction: the pages' cost beyond the storage term's guess is not the
     * kernel's work. A resident a+b over 10^7 float32 whose PoCL runs each took 40 MB of new pages
     * was corrected to 86 ms on PoCL (it ran in 4.6 ms from spare buffers) and stayed on the JVM.
     * (Here the new memory is most of each run: what its price leaves teaches nothing either,
     * {@link NewMemoryLessonsTest}.)
     */
    @Test
    void aDeviceRunThatTookNewMemoryTeachesItsStorageNotItsKernel() {
        OpenClTarget d = OpenClTests.first();
        // 40 GB/s: a prediction the device's runs exceed several times (learnt, they would correct it),
        // and a JVM far slower still, so that the work stays on the device
        DeviceProfile device = fastDevice(d.name()).toBuilder().memoryBytesPerSecond(40e9).build();
        Profiles.forTests = Map.of("jvm", SLOW_JVM.toBuilder().memoryBytesPerSecond(1e9).build(), d.name(), device);
        int n = 1_000_003;   // 4 MB results (past the smallest the storage term learns from) of a size no other test's dead buffers have
        Node x = CostModelTest.input(DType.FLOAT32, n);
        Buffer resident = Executor.evaluate(Graph.binary(Op.MUL, x, Graph.scalar(DType.FLOAT32, 2)), null, d).buffer();
        Node y = Graph.leaf(View.contiguous(resident, n));
        Kernel k = Fusion.plan(Graph.binary(Op.ADD, y, y)).kernels().get(0);
        String cls = Learning.classOf(KernelWork.of(k), device);
        java.util.List<Buffer> kept = new java.util.ArrayList<>();   // every result kept alive: each run takes new device memory
        d.prepare(java.util.List.of(k));   // built: auto has no reason to run it on the JVM meanwhile
        long onDevice = 0, fresh = DeviceCopies.freshOutputBytes();
        for (int i = 0; i < 12; i++) {
            Background.drain();   // a run while a build goes on teaches nothing (the cores were shared)
            Decisions.forget();
            onDevice += ran(() -> kept.add(Executor.evaluate(Graph.binary(Op.ADD, y, y), null, AutoTarget.FASTEST).buffer())).getOrDefault(d.name(), 0L);
        }
        assertTrue(onDevice > Learning.WARM_UP + 2, "resident work on its device: " + onDevice + " of 12 runs");
        assertEquals(onDevice * 4L * n, DeviceCopies.freshOutputBytes() - fresh, "every device run took new memory");
        assertEquals(1.0, Placement.LEARNING.factor(d.name(), k.key(), n, cls), "no correction learnt from runs that took new memory");
        assertEquals(12, kept.size());
    }

    /** A device's launch under which {@link #SLOW_JVM} is predicted about 2.4x slower than the device: a far runner-up, measured one fresh decision in about 10. */
    static final double LAUNCH = 1.5e-3;

    @Test
    void withoutProfilesAutoRunsOnTheJvm() {
        Profiles.forTests = Map.of();
        assertEquals(Map.of("jvm", 1L), ran(() -> Executor.evaluate(heavy(1 << 20, 5, 3), null, AutoTarget.FASTEST)));
    }

    /**
     * A Jacobi step {@code u[1:-1, 1:-1] = f(u)} of a grid on the device: its write moves the grid's
     * storage to a snapshot, which left the array with no copy anywhere, and auto took it for an
     * array on the host, pricing the device's run with a copy of the grid back that never
     * happened (as much as the run itself). Where the array was before the write decides.
     */
    @Test
    void aStepOfAGridOnTheDeviceIsNotPricedWithACopyBack() {
        OpenClTarget d = OpenClTests.first();
        Profiles.forTests = Map.of("jvm", SLOW_JVM, d.name(), fastDevice(d.name()));
        int n = 256;
        Buffer onHost = Buffer.allocate(DType.FLOAT64, n * n);
        for (int i = 0; i < n * n; i++) onHost.setDouble(i, i % 7);
        View grid = Executor.evaluate(Graph.binary(Op.ADD, Graph.leaf(View.contiguous(onHost, n * n)), Graph.weak(1.0)), null, d);
        assertEquals(DeviceCopies.Residency.DEVICE, DeviceCopies.residencyOf(grid.buffer()), "the grid is on the device only");
        jacobiStep(grid.buffer(), n);
        assertFalse(LastPlacement.last().resultToHost, "the grid stays on the device: its step owes no copy back");
        jacobiStep(onHost, n);
        assertTrue(LastPlacement.last().resultToHost, "a grid on the host comes back there");
    }

    /** {@code u[1:-1, 1:-1] = (u[:-2, 1:-1] + u[2:, 1:-1] + u[1:-1, :-2] + u[1:-1, 2:]) / 4} under auto, over the n x n grid in {@code u}. */
    private static void jacobiStep(Buffer u, int n) {
        int m = n - 2;
        java.util.function.IntFunction<Node> at = offset -> Graph.leaf(new View(u, offset, new int[] { m, m }, new int[] { n, 1 }));
        Node sum = Graph.binary(Op.ADD, Graph.binary(Op.ADD, at.apply(1), at.apply(2 * n + 1)), Graph.binary(Op.ADD, at.apply(n), at.apply(n + 2)));
        LastPlacement.record(null);
        Executor.write(Graph.binary(Op.MUL, sum, Graph.weak(0.25)), new View(u, n + 1, new int[] { m, m }, new int[] { n, 1 }), AutoTarget.FASTEST);
        assertNotNull(LastPlacement.last(), "auto placed the step's kernels");
    }
}
