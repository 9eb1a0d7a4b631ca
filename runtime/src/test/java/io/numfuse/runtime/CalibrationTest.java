package io.numfuse.runtime;

import static org.junit.jupiter.api.Assertions.*;

import io.numfuse.core.DType;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Calibration on this machine's targets: positive, plausible figures within the time budget (a
 * generous bound: the machine may be loaded), and nothing left behind on the device or on disk.
 */
class CalibrationTest {
    @TempDir Path programCache;

    /** Generous: the budget is 2 s for the JVM and opencl:0 together on an idle machine. */
    static final double SECONDS_ALLOWED = 10;

    static DeviceProfile timed(Target t) {
        long t0 = System.nanoTime();
        DeviceProfile p = Calibration.calibrate(t);
        double s = (System.nanoTime() - t0) / 1e9;
        System.out.printf("calibrated %s in %.2f s: %s%n", t.name(), s, p);
        assertTrue(s < SECONDS_ALLOWED, t.name() + " took " + s + " s");
        return p;
    }

    /** What every measured profile has: positive figures in plausible ranges for a computer of 2020s. */
    static void assertPlausible(DeviceProfile p) {
        assertTrue(p.launchSeconds() > 1e-8 && p.launchSeconds() < 0.01, "launch " + p.launchSeconds());
        assertTrue(p.memoryBytesPerSecond() > 1e8 && p.memoryBytesPerSecond() < 1e13, "memory " + p.memoryBytesPerSecond());
        for (OpClass c : OpClass.values()) {
            double r = p.rate(c, DType.FLOAT32);
            assertTrue(r > 1e6 && r < 1e14, c + " float32: " + r);
            if (p.fp64()) assertTrue(p.rate(c, DType.FLOAT64) > 1e6 && p.rate(c, DType.FLOAT64) < 1e14, c + " float64");
        }
        assertTrue(p.rate(OpClass.SIMPLE, DType.FLOAT32) > p.rate(OpClass.TRANSCENDENTAL, DType.FLOAT32),
                "a multiply or add is faster than a log or exp: " + p.rates());
        assertTrue(p.buildSeconds() > 0 && p.buildSeconds() < 5, "build " + p.buildSeconds());
        assertTrue(p.cachedBuildSeconds() > 0 && p.cachedBuildSeconds() <= p.buildSeconds(), "cached build " + p.cachedBuildSeconds());
        assertTrue(p.computeUnits() >= 1);
        assertTrue(p.memoryBytes() > 1 << 20);
        assertTrue(p.corrections().isEmpty());
    }

    /**
     * Calibration releases what it made, and the device's spare buffers: the device holds at most
     * the buffers and spares it held before, together. Other tests' copies may have been collected
     * meanwhile, and a collected copy becomes a spare: the spares alone grew from 7 to 69 in one
     * run of the whole module, as many buffers in use went.
     */
    static void assertNoDeviceMemoryAdded(int[] before) {
        int[] now = deviceMemory();
        assertTrue(now[0] <= before[0], "no device buffer left behind: " + before[0] + " before, " + now[0] + " after");
        assertTrue(now[0] + now[1] <= before[0] + before[1], "no spare buffer left behind: " + before[0] + " in use and "
                + before[1] + " spare before, " + now[0] + " and " + now[1] + " after");
    }

    /** Device buffers in use and spare, over every device. */
    static int[] deviceMemory() { return new int[] { OpenClTarget.transfers().liveMemObjects(), DeviceSpares.count.get() }; }

    /**
     * Before its first group the JVM's run calls each chain's kernel {@link CalibrationRun#JIT_CALLS}
     * times (calibration method 8), so that the JIT compiles it before it is timed; a device's
     * run makes no such calls.
     */
    @Test
    void theJvmsChainsAreCalledForTheJitBeforeTheyAreTimed() {
        java.util.Map<String, io.numfuse.ir.Buffer> inputs = new java.util.HashMap<>();
        var before = KernelRuns.snapshot();
        CalibrationRun jvm = new CalibrationRun(JvmTarget.INSTANCE, inputs);
        WorkerPool.withThreads(1, () -> { jvm.plan(); return null; });
        long chains = OpClass.values().length * 2L;   // float32 and float64
        assertEquals(chains * CalibrationRun.JIT_CALLS, KernelRuns.since(before).getOrDefault("jvm", 0L), "each chain's kernel, JIT_CALLS times");
        jvm.releaseBuffers();
    }

    /**
     * The calls for the JIT run a map kernel's generated loop directly ({@link JvmTarget#callLoop}):
     * its result is an evaluation's, each call counts as a run on the JVM, and a kernel that is
     * not a plain loop over its outputs (a reduction) is refused.
     */
    @Test
    void aMapKernelsLoopIsCalledDirectly() {
        io.numfuse.ir.Buffer a = io.numfuse.ir.Buffer.allocate(DType.FLOAT32, 40), out = io.numfuse.ir.Buffer.allocate(DType.FLOAT32, 40);
        for (int i = 0; i < 40; i++) a.setDouble(i, i * 0.5);
        io.numfuse.ir.Node leaf = io.numfuse.ir.Graph.leaf(io.numfuse.ir.View.contiguous(a, 40));
        io.numfuse.ir.Node plus = io.numfuse.ir.Graph.binary(io.numfuse.ir.Op.ADD, leaf, io.numfuse.ir.Graph.weak(1.0));
        io.numfuse.ir.Node sum = io.numfuse.ir.Graph.reduce(io.numfuse.ir.Op.SUM, leaf, new int[] { 0 }, false);
        List<io.numfuse.ir.Kernel> map = plan(plus, io.numfuse.ir.View.contiguous(out, 40)), reduction = plan(sum, null);
        var before = KernelRuns.snapshot();
        for (io.numfuse.ir.Kernel k : map) JvmTarget.INSTANCE.callLoop(k, 3);
        for (int i = 0; i < 40; i++) assertEquals(i * 0.5 + 1, out.getDouble(i), "element " + i);
        assertEquals(3L * map.size(), KernelRuns.since(before).get("jvm"));
        assertThrows(IllegalArgumentException.class, () -> JvmTarget.INSTANCE.callLoop(reduction.getLast(), 1));
    }

    private static List<io.numfuse.ir.Kernel> plan(io.numfuse.ir.Node root, io.numfuse.ir.View out) {
        io.numfuse.ir.GraphLock.lock();
        try {
            return io.numfuse.ir.Fusion.plan(root, out, JvmTarget.INSTANCE.kernelLimits()).kernels();
        } finally {
            io.numfuse.ir.GraphLock.unlock();
        }
    }

    @Test
    void theJvmsProfileIsPlausibleAndHasNoLink() {
        DeviceProfile p = timed(JvmTarget.INSTANCE);
        assertPlausible(p);
        assertEquals("jvm", p.target());
        assertEquals(DeviceProfile.Kind.JVM, p.kind());
        assertEquals(Calibration.identity(JvmTarget.INSTANCE), p.identity());
        assertEquals(Double.POSITIVE_INFINITY, p.uploadBytesPerSecond());
        assertEquals(Double.POSITIVE_INFINITY, p.downloadBytesPerSecond());
        assertEquals(0, p.transferLatencySeconds());
        assertTrue(p.fp64() && p.sharesHostCores());
        assertEquals(JvmTarget.threads(), p.computeUnits());
    }

    @Test
    void theJvmAndADeviceCalibratedTogetherGetTheirOwnPlausibleProfiles() throws Exception {
        OpenClTarget t = OpenClTests.first();
        try (AutoCloseable c = ProgramCacheTests.cacheIn(programCache)) {
            DeviceCopies.INSTANCE.dropSpares(t.device());
            int[] live = deviceMemory();
            long t0 = System.nanoTime();
            List<Calibration.Outcome> out = Calibration.calibrate(List.of(JvmTarget.INSTANCE, t));
            double s = (System.nanoTime() - t0) / 1e9;
            System.out.printf("calibrated jvm and %s together in %.2f s: %s%n", t.name(), s, out);
            assertTrue(s < SECONDS_ALLOWED, "took " + s + " s");
            DeviceProfile jvm = out.get(0).profileOrThrow(), device = out.get(1).profileOrThrow();
            assertPlausible(jvm);
            assertPlausible(device);
            assertEquals("jvm", jvm.target());
            assertEquals(t.name(), device.target());
            assertEquals(Double.POSITIVE_INFINITY, jvm.uploadBytesPerSecond());
            assertTrue(device.uploadBytesPerSecond() < 1e13, "the device has a link: " + device);
            assertNoDeviceMemoryAdded(live);
        }
    }

    /**
     * A calibration asked for by a thread that holds the graph lock finishes: {@code explain}
     * decides under it, and on first use (or a stale profile) that decision calibrates; the
     * device's build measurement made its kernel's key on its own thread, under the same lock,
     * and `numfuse eval --explain` hung for good (stop 59).
     */
    @Test
    @org.junit.jupiter.api.Timeout(60)
    void aCalibrationAskedUnderTheGraphLockFinishes() throws Exception {
        OpenClTarget t = OpenClTests.first();
        try (AutoCloseable c = ProgramCacheTests.cacheIn(programCache)) {
            io.numfuse.ir.GraphLock.lock();
            try {
                assertPlausible(Calibration.calibrate(t));
            } finally {
                io.numfuse.ir.GraphLock.unlock();
            }
        }
    }

    @Test
    void anOpenClDevicesProfileIsPlausibleAndLeavesNothingBehind() throws Exception {
        OpenClTarget t = OpenClTests.first();
        try (AutoCloseable c = ProgramCacheTests.cacheIn(programCache)) {
            DeviceCopies.INSTANCE.dropSpares(t.device());   // other tests' spares: calibration drops them too
            int[] live = deviceMemory();
            int programs = OpenClProgramCache.livePrograms.get();
            int cached = t.device().programCount();
            int fallbacks = t.fallbackCount(), built = OpenClProgramCache.compiled.get(), binaries = OpenClProgramCache.binariesAsked.get();
            DeviceProfile p = timed(t);
            assertPlausible(p);
            assertEquals(t.name(), p.target());
            assertEquals(t.kind(), p.kind());
            assertEquals(Calibration.identity(t), p.identity());
            assertTrue(p.identity().contains(t.info().name()) && p.identity().contains(t.info().driver()), p.identity());
            if (t.device().platformName.contains(OpenClProgramCache.POCL)) {   // pinned threads or not: a profile of each (README, "PoCL's threads")
                assertTrue(p.identity().contains("POCL_AFFINITY " + System.getenv("POCL_AFFINITY")), p.identity());
            }
            assertTrue(p.uploadBytesPerSecond() > 1e7 && p.uploadBytesPerSecond() < 1e13, "upload " + p.uploadBytesPerSecond());
            assertTrue(p.downloadBytesPerSecond() > 1e7 && p.downloadBytesPerSecond() < 1e13, "download " + p.downloadBytesPerSecond());
            assertTrue(p.transferLatencySeconds() < 0.01, "latency " + p.transferLatencySeconds());
            assertEquals(t.info().fp64(), p.fp64());
            assertEquals(t.info().computeUnits(), p.computeUnits());
            assertEquals(t.info().globalMemory(), p.memoryBytes());
            assertEquals(p.kind() == DeviceProfile.Kind.CPU, p.sharesHostCores());
            assertEquals(fallbacks, t.fallbackCount(), "every kernel ran on the device");
            assertTrue(OpenClProgramCache.compiled.get() > built, "the build time is a build from source");
            assertTrue(p.cachedBuildSeconds() < p.buildSeconds(), "loading a binary is faster than compiling: " + p);
            if (t.driverCachesPrograms()) {   // PoCL: a program seen before comes from its own cache, as numfuse builds it then (method 11)
                assertEquals(binaries, OpenClProgramCache.binariesAsked.get(), "no binary asked of a driver that caches its programs (PoCL compiles the program again for it)");
                assertTrue(p.cachedBuildSeconds() < p.buildSeconds() / 4, "a program the driver has cached is built again in a fraction of a new one's time: " + p);
            }
            assertNoDeviceMemoryAdded(live);
            assertEquals(programs + t.device().programCount() - cached, OpenClProgramCache.livePrograms.get(),
                    "no program left behind but the kernels the device caches (the build measurement's are released)");
            // again, with the calibration's programs on disk: only its unique build is new, and its entry goes
            var entries = ProgramCacheTests.entries(programCache);
            assertPlausible(timed(t));
            assertEquals(entries, ProgramCacheTests.entries(programCache), "the build measurement leaves no entry behind");
            assertNoDeviceMemoryAdded(live);
        }
    }
}
