package io.numfuse.runtime;

import static org.junit.jupiter.api.Assertions.*;

import io.numfuse.ir.Buffer;
import io.numfuse.core.DType;
import io.numfuse.ir.Fusion;
import io.numfuse.ir.Graph;
import io.numfuse.ir.Kernel;
import io.numfuse.ir.Node;
import io.numfuse.ir.Op;
import io.numfuse.ir.View;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The cost model's choices on synthetic devices (issue 12): small arrays stay on the JVM, large
 * arithmetic-heavy work goes to a fast device, resident data pulls work to its device, float64
 * never goes to a device without fp64, a chain stays together, a fast GPU behind a slow link
 * loses memory-bound work that starts on the host, a slow CPU device loses to the JVM.
 */
class CostModelTest {
    /** The JVM on 2 cores, as calibrated here: 20 GB/s, 10^10 simple float32 ops/s, 10^8 transcendental ones, 2 µs a launch. */
    static final DeviceProfile JVM = DeviceProfileTest.JVM.withRates(new DeviceProfile.Rates(1e10, 5e9, 2e9, 1.5e9, 1e8, 5e7));
    /** A fast GPU on a PCIe-like link: 1 TB/s, 10^13 ops/s, 10 µs a launch, 12 GB/s each way. */
    static final DeviceProfile GPU = DeviceProfile.builder("opencl:1", DeviceProfile.Kind.GPU).launchSeconds(10e-6).memoryBytesPerSecond(1e12)
            .rates(DeviceProfile.Rates.uniform(1e13, 5e12)).link(12e9, 12e9, 10e-6).build();
    /** A slow CPU device sharing the JVM's cores: half its speed, 40 µs a launch, copies at 10 GB/s. */
    static final DeviceProfile SLOW_CPU = DeviceProfile.builder("opencl:0", DeviceProfile.Kind.CPU).launchSeconds(40e-6).memoryBytesPerSecond(10e9)
            .rates(new DeviceProfile.Rates(5e9, 2.5e9, 1e9, 7.5e8, 5e7, 2.5e7)).link(10e9, 10e9, 20e-6).sharesHostCores(true).build();

    static Node input(DType t, int n) { return Graph.leaf(View.contiguous(Buffer.allocate(t, n), n)); }

    /** {@code a + b*c} over n elements. */
    static Node abc(DType t, int n) { return Graph.binary(Op.ADD, input(t, n), Graph.binary(Op.MUL, input(t, n), input(t, n))); }

    /** sin(a)*cos(b) + sqrt(a*b): arithmetic-heavy. */
    static Node heavy(DType t, int n) {
        Node a = input(t, n), b = input(t, n);
        return Graph.binary(Op.ADD, Graph.binary(Op.MUL, Graph.unary(Op.SIN, a), Graph.unary(Op.COS, b)), Graph.unary(Op.SQRT, Graph.binary(Op.MUL, a, b)));
    }

    /** Where the model puts each kernel of {@code root}'s plan, given the devices and where buffers are. */
    static List<String> choose(Node root, Map<Buffer, Set<String>> resident, boolean resultToHost, DeviceProfile... devices) {
        return choose(root, resident, resultToHost, Map.of(), devices);
    }

    /** {@link #choose}, new results costing {@code storage} seconds per byte on each target named. */
    static List<String> choose(Node root, Map<Buffer, Set<String>> resident, boolean resultToHost, Map<String, Double> storage,
                               DeviceProfile... devices) {
        List<Kernel> kernels = Fusion.plan(root).kernels();
        CostModel.Choice choice = choice(kernels, resident, resultToHost, storage, devices);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < kernels.size(); i++) out.add(target(choice.targets()[i], devices));
        return out;
    }

    private static String target(int index, DeviceProfile... devices) { return index == 0 ? "jvm" : devices[index - 1].target(); }

    /** The model's choice for {@code kernels}, given the devices and where buffers are. */
    static CostModel.Choice choice(List<Kernel> kernels, Map<Buffer, Set<String>> resident, boolean resultToHost, Map<String, Double> storage,
                                   DeviceProfile... devices) {
        List<KernelWork> works = new ArrayList<>();
        List<List<CostModel.Candidate>> candidates = new ArrayList<>();
        java.util.Map<String, DeviceProfile> all = new java.util.HashMap<>(Map.of("jvm", JVM));
        for (DeviceProfile d : devices) all.put(d.target(), d);
        double[][] corrections = new double[kernels.size()][devices.length + 1];
        for (Kernel k : kernels) {
            KernelWork w = KernelWork.of(k);
            works.add(w);
            List<CostModel.Candidate> c = new ArrayList<>(List.of(new CostModel.Candidate("jvm", JVM, true)));
            for (DeviceProfile d : devices) c.add(new CostModel.Candidate(d.target(), d, d.fp64() || !w.needsFp64()));
            candidates.add(c);
        }
        for (double[] row : corrections) java.util.Arrays.fill(row, 1);
        CostModel.Locations at = new CostModel.Locations(b -> new java.util.HashSet<>(resident.getOrDefault(b, Set.of("jvm"))));
        return CostModel.choose(works, candidates, new CostModel.Profiles(all, Map.of(), storage), at, corrections, resultToHost);
    }

    @Test
    void smallArraysStayOnTheJvm() {
        assertEquals(List.of("jvm"), choose(abc(DType.FLOAT32, 1000), Map.of(), true, GPU));
        assertEquals(List.of("jvm"), choose(heavy(DType.FLOAT32, 200), Map.of(), true, GPU));
    }

    @Test
    void largeArithmeticHeavyWorkGoesToAFastDevice() {
        assertEquals(List.of("opencl:1"), choose(heavy(DType.FLOAT32, 10_000_000), Map.of(), true, GPU));
    }

    @Test
    void aFastGpuBehindASlowLinkLosesMemoryBoundWorkThatStartsOnTheHost() {
        assertEquals(List.of("jvm"), choose(abc(DType.FLOAT32, 10_000_000), Map.of(), true, GPU.withLink(1e9, 1e9, 50e-6)));
        assertEquals(List.of("opencl:1"), choose(heavy(DType.FLOAT32, 10_000_000), Map.of(), true, GPU.withLink(1e9, 1e9, 50e-6)),
                "compute-bound work still goes");
    }

    /** No learnt link factor prices a copy below what the host's memory takes to move its bytes. */
    @Test
    void aCopyNeverCostsLessThanTheHostsMemoryTakes() {
        Map<String, DeviceProfile> all = Map.of("jvm", JVM, "opencl:1", GPU);
        double bytes = 80e6;
        double plain = CostModel.copy(bytes, 10e-6, 12e9, "opencl:1", new CostModel.Profiles(all));
        assertEquals(10e-6 + bytes / 12e9, plain, 1e-12, "the profile's copy, at a factor of 1");
        double low = CostModel.copy(bytes, 10e-6, 12e9, "opencl:1", new CostModel.Profiles(all, Map.of("opencl:1", 1.0 / 64), Map.of()));
        assertEquals(bytes / JVM.memoryBytesPerSecond(), low, 1e-12, "a factor of 1/64: the host's memory bounds it");
        Map<String, DeviceProfile> cpu = Map.of("jvm", JVM, "opencl:0", SLOW_CPU);
        double shared = CostModel.copy(bytes, 10e-6, 12e9, "opencl:0", new CostModel.Profiles(cpu, Map.of("opencl:0", 1.0 / 64), Map.of()));
        assertEquals(2 * bytes / JVM.memoryBytesPerSecond(), shared, 1e-12, "a CPU device: the host's memory reads and writes them");
        double slow = CostModel.copy(bytes, 10e-6, 12e9, "opencl:1", new CostModel.Profiles(all, Map.of("opencl:1", 3.0), Map.of()));
        assertEquals(3 * plain, slow, 1e-12, "a factor above 1 applies as learnt");
    }

    /**
     * A prediction tells which of its copies the link factor priced ({@code linked}, at
     * the profile's rates): what a run's copies teach the link is measured against those alone.
     * Taken from the copies' price with the host memory's floor in it, a factor under the floor
     * made each lesson's profile price larger, and the factor fell at each lesson (0.14 in a suite
     * run, from copies that took what the floor said).
     */
    @Test
    void aPredictionKeepsTheCopiesTheLinkPricedApart() {
        Map<String, DeviceProfile> all = Map.of("jvm", JVM, "opencl:1", GPU);
        int n = 10_000_000;
        Node a = input(DType.FLOAT32, n);
        KernelWork w = KernelWork.of(Fusion.plan(Graph.binary(Op.ADD, a, a)).kernels().get(0));
        CostModel.Candidate jvm = new CostModel.Candidate("jvm", JVM, true);
        CostModel.Locations onGpu = new CostModel.Locations(b -> Set.of("opencl:1"));
        double profile = GPU.transferLatencySeconds() + 4.0 * n / GPU.downloadBytesPerSecond();
        int floored = 0;
        for (double factor : new double[] { 1, 3, 1.0 / 64 }) {
            CostModel.Profiles p = new CostModel.Profiles(all, Map.of("opencl:1", factor), Map.of());
            CostModel.Prediction pr = CostModel.predict(w, jvm, p, onGpu.copy(), 1.0, false);
            double floor = 4.0 * n / JVM.memoryBytesPerSecond();
            if (profile * factor >= floor) {
                assertEquals(profile * factor, pr.transfers(), 1e-12, "factor " + factor);
                assertEquals(profile, pr.linked().profile(), 1e-12, "the link priced it: at the profile's rates, factor " + factor);
            } else {
                assertEquals(floor, pr.transfers(), 1e-12, "factor " + factor + ": the floor");
                assertEquals(0, pr.linked().profile(), "the floor priced it, not the link");
                assertEquals(profile, pr.linked().flooredProfile(), 1e-12, "kept apart: across the link, at the profile's rates");
                assertEquals(floor, pr.linked().floored(), 1e-12, "and at the floor");
                assertEquals(profile, pr.linked().all().profile(), 1e-12, "every copy across the link");
                floored++;
            }
        }
        assertEquals(1, floored, "a factor of 1/64 takes the copy under the floor; 1 and 3 do not");
    }

    /** Each one-target plan's copies are known apart: a runner-up whose copies alone outlast the chosen plan is rarely worth measuring (Placement). */
    @Test
    void eachTargetsPlanCountsItsCopies() {
        Node a = input(DType.FLOAT32, 1_000_000), b = input(DType.FLOAT32, 1_000_000);
        Map<Buffer, Set<String>> onGpu = new java.util.HashMap<>();
        for (Node x : new Node[] { a, b }) onGpu.put(((Node.Leaf) x).view().buffer(), Set.of("opencl:1"));
        DeviceProfile gpu = GPU.withLink(1e9, 1e9, 50e-6);
        CostModel.Choice c = choice(Fusion.plan(Graph.binary(Op.ADD, a, b)).kernels(), onGpu, false, Map.of(), gpu);
        assertEquals(1, c.targets()[0], "resident data stays on its device");
        assertEquals(0, c.uniformCopies()[1], 0, "the device copies nothing");
        // the JVM copies both inputs back over the 1 GB/s link: 8 MB, about 8 ms, more than the device's whole plan
        assertTrue(c.uniformCopies()[0] > 7e-3 && c.uniformCopies()[0] > c.seconds(), c.uniformCopies()[0] + " s of copies, chosen plan " + c.seconds() + " s");
        assertTrue(c.uniform()[0] >= c.uniformCopies()[0], "a plan's time includes its copies");
    }

    @Test
    void residentDataPullsWorkToItsDevice() {
        Node a = input(DType.FLOAT32, 10_000_000), b = input(DType.FLOAT32, 10_000_000), c = input(DType.FLOAT32, 10_000_000);
        Node e = Graph.binary(Op.ADD, a, Graph.binary(Op.MUL, b, c));
        Map<Buffer, Set<String>> onGpu = new java.util.HashMap<>();
        for (Node x : new Node[] { a, b, c }) onGpu.put(((Node.Leaf) x).view().buffer(), Set.of("opencl:1"));
        assertEquals(List.of("opencl:1"), choose(e, onGpu, false, GPU.withLink(1e9, 1e9, 50e-6)));
        assertEquals(List.of("jvm"), choose(e, Map.of(), false, GPU.withLink(1e9, 1e9, 50e-6)), "the same on the host stays there");
    }

    /**
     * A new result costs its storage where it is made: on a device that takes new memory for each
     * (PoCL: its pages' first touch), resident work whose results are new may go to the JVM,
     * whose spares cost nothing; written into an existing array it stays on the device.
     */
    @Test
    void newResultsCostTheirStorageWhereTheyAreMade() {
        DeviceProfile cpu = SLOW_CPU.toBuilder().memoryBytesPerSecond(20e9).rates(JVM.rates()).build();
        Node a = input(DType.FLOAT32, 10_000_000), b = input(DType.FLOAT32, 10_000_000), c = input(DType.FLOAT32, 10_000_000);
        Node e = Graph.binary(Op.ADD, a, Graph.binary(Op.MUL, b, c));
        Map<Buffer, Set<String>> onDevice = new java.util.HashMap<>();
        for (Node x : new Node[] { a, b, c }) onDevice.put(((Node.Leaf) x).view().buffer(), Set.of("opencl:0"));
        assertEquals(List.of("opencl:0"), choose(e, onDevice, false, cpu), "no storage term: the data's device");
        Map<String, Double> storage = Map.of("jvm", 0.0, "opencl:0", 1e-9);   // 40 ms for 40 MB of new pages
        assertEquals(List.of("jvm"), choose(e, onDevice, false, storage, cpu), "new pages cost more than copying the inputs back");
        KernelWork w = KernelWork.of(Fusion.plan(e).kernels().get(0));
        assertTrue(CostModel.newResult(w));
        CostModel.Prediction p = CostModel.predict(w, new CostModel.Candidate("opencl:0", cpu, true),
                new CostModel.Profiles(Map.of("jvm", JVM, "opencl:0", cpu), Map.of(), storage), CostModel.Locations.allAt("opencl:0"), 1, false);
        assertEquals(0.04, p.storage(), 1e-9);
        // spare storage of the result's size there now (a dead result of the loop): no new pages
        CostModel.Prediction spare = CostModel.predict(w, new CostModel.Candidate("opencl:0", cpu, true),
                new CostModel.Profiles(Map.of("jvm", JVM, "opencl:0", cpu), (d, bytes) -> 1, storage, (t, r) -> t.equals("opencl:0") && r == w.written()),
                CostModel.Locations.allAt("opencl:0"), 1, false);
        assertEquals(0, spare.storage());
        assertEquals(p.seconds() - 0.04, spare.seconds(), 1e-9);
        // a spare on the JVM only (the loop runs there, its dead arrays recycled): the device is
        // priced at the loop's steady state too, which would recycle its own from its second step
        CostModel.Prediction steady = CostModel.predict(w, new CostModel.Candidate("opencl:0", cpu, true),
                new CostModel.Profiles(Map.of("jvm", JVM, "opencl:0", cpu), (d, bytes) -> 1, storage, (t, r) -> t.equals("jvm") && r == w.written()),
                CostModel.Locations.allAt("opencl:0"), 1, false);
        assertEquals(0, steady.storage(), "a spare on another target: the loop's steady state");
        Buffer existing = Buffer.allocate(DType.FLOAT32, 10_000_000);
        KernelWork into = new KernelWork(w.elements(), w.bytesRead(), w.bytesWritten(), new double[w.ops().length], false, w.buffersRead(), existing,
                w.inputBytes(), false);
        assertFalse(CostModel.newResult(into), "written into an existing array: no new storage");
    }

    /**
     * The model learns what new storage costs from results of a megabyte or more: a smaller new
     * result costs a device nothing (its runtime serves it from memory it holds), while the JVM
     * zeroes every new array whatever its size.
     */
    @Test
    void aSmallNewResultCostsADeviceNoStorage() {
        DeviceProfile cpu = SLOW_CPU.toBuilder().memoryBytesPerSecond(20e9).rates(JVM.rates()).build();
        Map<String, Double> storage = Map.of("jvm", 1e-10, "opencl:0", 1e-9);
        var all = new CostModel.Profiles(Map.of("jvm", JVM, "opencl:0", cpu), Map.of(), storage);
        for (int n : new int[] { 100_000, 1 << 18 }) {   // 400 KB, and exactly a megabyte
            KernelWork w = KernelWork.of(Fusion.plan(Graph.unary(Op.SQRT, input(DType.FLOAT32, n))).kernels().get(0));
            double bytes = 4.0 * n;
            CostModel.Prediction dev = CostModel.predict(w, new CostModel.Candidate("opencl:0", cpu, true), all, CostModel.Locations.allAt("opencl:0"), 1, false);
            CostModel.Prediction jvm = CostModel.predict(w, new CostModel.Candidate("jvm", JVM, true), all, CostModel.Locations.allAt("jvm"), 1, false);
            assertEquals(bytes >= StorageCosts.MIN_BYTES ? bytes * 1e-9 : 0, dev.storage(), 1e-12, "on the device at " + n);
            assertEquals(bytes * 1e-10, jvm.storage(), 1e-12, "on the JVM at " + n);
        }
    }

    /**
     * A spare on another target prices a new result at the loop's steady state only where the
     * target would recycle it too: the JVM leaves an array smaller than those it watches to the
     * collector and zeroes a new one each time, so PoCL's spare of a 400 KB result takes nothing
     * off the JVM's price, while a 40 MB one does.
     */
    @Test
    void aSpareElsewhereCountsOnlyWhereTheStorageWouldComeBack() {
        DeviceProfile cpu = SLOW_CPU.toBuilder().memoryBytesPerSecond(20e9).rates(JVM.rates()).build();
        Map<String, Double> storage = Map.of("jvm", 1e-10, "opencl:0", 1e-9);
        for (int n : new int[] { 100_000, 10_000_000 }) {
            KernelWork w = KernelWork.of(Fusion.plan(Graph.unary(Op.SQRT, input(DType.FLOAT32, n))).kernels().get(0));
            var sparesOnDevice = new CostModel.Profiles(Map.of("jvm", JVM, "opencl:0", cpu), (d, bytes) -> 1, storage,
                    (t, r) -> t.equals("opencl:0") && r == w.written());
            CostModel.Prediction jvm = CostModel.predict(w, new CostModel.Candidate("jvm", JVM, true), sparesOnDevice, CostModel.Locations.allAt("jvm"), 1, false);
            boolean recycled = Buffer.hostRecycles(w.written());
            assertEquals(n >= 10_000_000, recycled, "the host recycles 40 MB results, not 400 KB ones");
            assertEquals(recycled ? 0 : 4.0 * n * 1e-10, jvm.storage(), 1e-12, "on the JVM at " + n);
        }
    }

    /** What storage costs is learnt per target: the share of new bytes that took new memory, times what new memory cost. */
    @Test
    void theStorageTermIsLearntFromWhatNewResultsCost() {
        Learning l = new Learning(0);
        assertEquals(StorageCosts.NOMINAL_FRESH_SECONDS_PER_BYTE, l.storageSecondsPerByte("opencl:0"), 1e-18, "nominal until measured");
        for (int i = 0; i < 9; i++) l.observeStorage("opencl:0", 40e6, 40e6, 0.04);   // every result in new pages, 1 ns a byte
        assertEquals(1e-9, l.storageSecondsPerByte("opencl:0"), 1e-11);
        for (int i = 0; i < 12; i++) l.observeStorage("jvm", 40e6, 0, 0);             // every result a spare
        assertTrue(l.storageSecondsPerByte("jvm") < 0.01 * StorageCosts.NOMINAL_FRESH_SECONDS_PER_BYTE, "spares cost nothing: " + l.storageSecondsPerByte("jvm"));
        assertEquals(1.0, l.observeStorage("opencl:0", 1000, 1000, 1.0), "a small result teaches nothing");
        assertEquals(0.04, l.freshSeconds("opencl:0", 40e6), 1e-9, "what new memory is expected to cost");
    }

    /** What new storage costs stands on three votes or more, and a vote is bounded: one slow allocation (a collection beside it) is not the law. */
    @Test
    void whatNewStorageCostsNeedsThreeVotesAndIsBounded() {
        Learning l = new Learning(0);
        l.observeStorage("jvm", 80e6, 80e6, 2.4);   // 34 MB/s: a request to the collector beside the allocation
        assertEquals(StorageCosts.NOMINAL_FRESH_SECONDS_PER_BYTE, l.storageSecondsPerByte("jvm"), 1e-18, "one vote moves nothing");
        l.observeStorage("jvm", 80e6, 80e6, 2.4);
        l.observeStorage("jvm", 80e6, 80e6, 2.4);
        assertEquals(StorageCosts.MAX_FRESH_SECONDS_PER_BYTE, l.storageSecondsPerByte("jvm"), 1e-18, "three such votes: at most the bound");
        for (int i = 0; i < 6; i++) l.observeStorage("jvm", 80e6, 80e6, 0.02);   // 4 GB/s
        assertEquals(0.25e-9, l.storageSecondsPerByte("jvm"), 1e-12, "the median of the last nine");
    }

    /** One run is not a class's law: a class correction stands on three votes or more. */
    @Test
    void aClassCorrectionNeedsThreeVotes() {
        Learning l = new Learning(0);
        l.observe("opencl:0", null, "map.memory32", 1.0, 14.0);   // one outlier (it once kept resident work off PoCL)
        assertEquals(1.0, l.factor("opencl:0", null, "map.memory32"));
        assertTrue(l.classCorrections("opencl:0").isEmpty(), "nothing to store");
        l.observe("opencl:0", null, "map.memory32", 1.0, 1.1);
        l.observe("opencl:0", null, "map.memory32", 1.0, 1.2);
        assertEquals(1.2, l.factor("opencl:0", null, "map.memory32"), 1e-9, "the median of three");
    }

    @Test
    void float64NeverGoesToADeviceWithoutFp64() {
        assertEquals(List.of("jvm"), choose(heavy(DType.FLOAT64, 10_000_000), Map.of(), true, GPU.withoutFp64()));
        assertEquals(List.of("opencl:1"), choose(heavy(DType.FLOAT32, 10_000_000), Map.of(), true, GPU.withoutFp64()));
    }

    @Test
    void aSlowCpuDeviceLosesToTheJvm() {
        assertEquals(List.of("jvm"), choose(heavy(DType.FLOAT32, 10_000_000), Map.of(), true, SLOW_CPU));
        assertEquals(List.of("jvm"), choose(abc(DType.FLOAT64, 10_000_000), Map.of(), true, SLOW_CPU));
    }

    @Test
    void aChainStaysTogetherOnItsDevice() {
        // a reduction that feeds more work: two kernels; the sum is cheap, the map heavy; on the GPU
        // both, since bringing the sum's input back to the host would cost more than it saves
        Node a = input(DType.FLOAT32, 10_000_000), b = input(DType.FLOAT32, 10_000_000);
        Node s = Graph.reduce(Op.SUM, Graph.binary(Op.MUL, a, b), null, false);
        Node e = Graph.binary(Op.MUL, Graph.unary(Op.SIN, Graph.binary(Op.ADD, a, s)), Graph.unary(Op.COS, b));
        Map<Buffer, Set<String>> onGpu = new java.util.HashMap<>();
        for (Node x : new Node[] { a, b }) onGpu.put(((Node.Leaf) x).view().buffer(), Set.of("opencl:1"));
        assertEquals(List.of("opencl:1", "opencl:1"), choose(e, onGpu, false, GPU));
    }

    /** Reductions and maps are learnt apart, runs that were mostly copies teach no class, and stored classes of the old naming are dropped. */
    @Test
    void aSlowReductionDoesNotMakeMapsLookSlow() {
        Buffer in = Buffer.allocate(DType.FLOAT32, 1 << 20);
        Node x = Graph.leaf(View.contiguous(in, 1 << 20));
        KernelWork map = KernelWork.of(Fusion.plan(Graph.binary(Op.ADD, x, x)).kernels().get(0));
        KernelWork sum = KernelWork.of(Fusion.plan(Graph.reduce(Op.SUM, x, new int[] { 0 }, false)).kernels().get(0));
        assertEquals("map.memory32", Learning.classOf(map, GPU));
        assertTrue(Learning.classOf(sum, GPU).startsWith("reduce."), Learning.classOf(sum, GPU));
        Learning l = new Learning();
        for (int i = 0; i < 8; i++) l.observe("opencl:1", null, Learning.classOf(sum, GPU), 1.0, 20.0);
        assertEquals(1.0, l.factor("opencl:1", null, Learning.classOf(map, GPU)));
        for (int i = 0; i < 8; i++) l.observe("opencl:1", null, "map.memory32", 1.0, 20.0, false);
        assertEquals(1.0, l.factor("opencl:1", null, "map.memory32"), "copies' errors are not the class's");
        l.seed(GPU.toBuilder().corrections(Map.of("memory32", 26.8, "map.simple32", 2.0)).build());
        assertEquals(1.0, l.factor("opencl:1", null, "memory32"));
        assertEquals(2.0, l.factor("opencl:1", null, "map.simple32"), 1e-9);
    }

    /** A decade of sizes learns its own class correction, and falls back on the class's until it has voted. */
    @Test
    void eachDecadeOfSizesLearnsItsOwnClassCorrection() {
        Learning l = new Learning(0);
        for (int i = 0; i < 5; i++) l.observe("opencl:1", null, 100_000, "map.memory32", 1e-3, 4e-3, true);      // 10^5: 4x
        assertEquals(4.0, l.factor("opencl:1", null, 300_000, "map.memory32"), 1e-9, "its decade");
        assertEquals(4.0, l.factor("opencl:1", null, 10_000_000, "map.memory32"), 1e-9, "another decade: the class's until it votes");
        for (int i = 0; i < 2; i++) l.observe("opencl:1", null, 10_000_000, "map.memory32", 1e-2, 1.5e-2, true);
        assertEquals(4.0, l.factor("opencl:1", null, 10_000_000, "map.memory32"), 1e-9, "two votes are not a decade's law");
        l.observe("opencl:1", null, 10_000_000, "map.memory32", 1e-2, 1.5e-2, true);
        assertEquals(1.5, l.factor("opencl:1", null, 20_000_000, "map.memory32"), 1e-9, "10^7 on three votes of its own");
        assertEquals(4.0, l.factor("opencl:1", null, 100_000, "map.memory32"), 1e-9, "10^5 keeps its own");
        assertEquals(Map.of("map.memory32", 4.0, "map.memory32@5", 4.0, "map.memory32@7", 1.5).keySet(), l.classCorrections("opencl:1").keySet(),
                "stored with the profile, each decade apart");
    }

    /** A scan kernel is weighed as its producer's map with its combining op twice and a second pass over its output, and learnt with the reductions. */
    @Test
    void aScanIsWeighedAndLearntAsAReduction() {
        Buffer in = Buffer.allocate(DType.FLOAT32, 1 << 20);
        Node x = Graph.leaf(View.contiguous(in, 1 << 20));
        Node producer = Graph.binary(Op.ADD, x, x);
        KernelWork map = KernelWork.of(Fusion.plan(producer).kernels().get(0));
        KernelWork scan = KernelWork.of(Fusion.plan(Graph.scan(Op.SUM, producer, null, null)).kernels().get(0));
        assertTrue(Learning.classOf(scan, GPU).startsWith("reduce."), Learning.classOf(scan, GPU));
        assertEquals(2 * map.bytesWritten(), scan.bytesWritten(), 1e-9);
        assertEquals(map.bytesRead(), scan.bytesRead(), 1e-9);
        double mapOps = 0, scanOps = 0;
        for (double o : map.ops()) mapOps += o;
        for (double o : scan.ops()) scanOps += o;
        assertEquals(mapOps + 2, scanOps, 1e-9);
    }

    /**
     * A device's link factor is the median of its latest lessons: the copies a run teaches are its
     * time less the rest of its prediction, and a resident sin(a)+cos(b)'s runs taught 0.5 to 20
     * times the profile's price in turn (the ratios below: some of its lessons, in order), which a running
     * average followed, between 0.6 and 4.9.
     */
    @Test
    void aDevicesLinkFollowsItsLessonsAndNotABurstOfSlowOnes() {
        Learning l = new Learning(0);
        double[] ratios = { 20.1, 1.37, 3.30, 1.40, 0.68, 1.54, 1.61, 1.08, 1.28, 2.59, 3.05, 3.81, 1.55, 1.40, 1.47, 1.14, 1.25, 1.30, 1.71,
                            2.30, 2.78, 3.06, 3.28, 1.00, 1.15, 0.54 };
        double most = 0, least = Double.POSITIVE_INFINITY;
        for (int i = 0; i < ratios.length; i++) {
            l.observeLink("opencl:1", 1e6, 233e-6, 233e-6 * ratios[i]);
            if (i >= LinkFactors.VOTES) {   // once it has a full set of lessons
                most = Math.max(most, l.linkFactor("opencl:1", 1e6));
                least = Math.min(least, l.linkFactor("opencl:1", 1e6));
            }
        }
        assertTrue(least > 0.6 && most < 1.5, "the factor stayed among the lessons' low ones (0.54-1.4): " + least + " to " + most);
        // a noisy moment: six lessons of 11.7 times the profile's price among steady ones of 1.4
        // (the median of nine became 11.7)
        Learning b = new Learning(0);
        for (int i = 0; i < LinkFactors.VOTES; i++) b.observeLink("opencl:1", 1e6, 233e-6, 233e-6 * 1.4);
        for (int i = 0; i < 6; i++) b.observeLink("opencl:1", 1e6, 233e-6, 233e-6 * 11.7);
        assertEquals(1.4, b.linkFactor("opencl:1", 1e6), 1e-9, "a burst of slow copies leaves the factor");
        for (int i = 0; i < LinkFactors.VOTES - 1; i++) b.observeLink("opencl:1", 1e6, 233e-6, 233e-6 * 5.0);
        assertEquals(5.0, b.linkFactor("opencl:1", 1e6), 1e-9, "a link that became slower for good is followed");
    }

    /**
     * One slow copy is not a slow link: until a class has {@link LinkFactors#TRUSTED} lessons the
     * calibration counts as one of them. In a traced Laplace demo, a look at the JVM copied a 2 MB
     * grid back into a new host array in 813 us (priced 197): alone, it priced every later copy of
     * the grid at 4.14 times the profile, and the scoped loop waited 11 steps on the JVM each run.
     */
    @Test
    void oneSlowCopyLeavesTheLinkAsCalibratedUntilMoreAgree() {
        Learning l = new Learning(0);
        l.observeLink("opencl:1", 2e6, 197e-6, 813e-6);
        assertEquals(1.0, l.linkFactor("opencl:1", 2e6), 1e-9, "one slow lesson");
        l.observeLink("opencl:1", 2e6, 197e-6, 600e-6);
        assertEquals(1.0, l.linkFactor("opencl:1", 2e6), 1e-9, "two");
        l.observeLink("opencl:1", 2e6, 197e-6, 500e-6);
        assertEquals(500.0 / 197, l.linkFactor("opencl:1", 2e6), 1e-9, "three agree: the least slow of them");
        Learning fast = new Learning(0);
        fast.observeLink("opencl:1", 2e6, 197e-6, 98.5e-6);
        assertEquals(0.5, fast.linkFactor("opencl:1", 2e6), 1e-9, "a faster copy counts at once: accidents only slow copies");
    }

    /**
     * Copies of one size teach the factor of their size class (and stand for the classes near it
     * until those have lessons of their own): a resident poly3 over 10^5
     * float32, whose JVM runs' 400 KB copies back took 4-5 times the profile's price (they waited
     * for the kernel that wrote the input), taught it to every copy of the device while the factor
     * was one number, and a resident Laplace grid's 2 MB copy was priced with it.
     */
    @Test
    void aDevicesCopiesOfOneSizeTeachThatSizeAlone() {
        Learning l = new Learning(0);
        for (int i = 0; i < LinkFactors.VOTES; i++) l.observeLink("opencl:1", 400e3, 47e-6, 47e-6 * 4.5);
        assertEquals(4.5, l.linkFactor("opencl:1", 400e3), 1e-9);
        assertEquals(4.5, l.linkFactor("opencl:1", 300e3), 1e-9, "the same power of four");
        assertEquals(4.5, l.linkFactor("opencl:1", 40e6), 1e-9, "40 MB: nothing learnt of its size, the nearest class's factor");
        assertEquals(1.0, l.linkFactor("opencl:2", 400e3), "another device: nothing learnt");
        for (int i = 0; i < LinkFactors.VOTES; i++) l.observeLink("opencl:1", 2e6, 160e-6, 160e-6 * 1.2);
        assertEquals(1.2, l.linkFactor("opencl:1", 2e6), 1e-9);
        assertEquals(4.5, l.linkFactor("opencl:1", 400e3), 1e-9, "each class its own");
        assertEquals(1.2, l.linkFactor("opencl:1", 40e6), 1e-9, "the nearest class with lessons: 2 MB's");
        assertEquals(4.5, l.linkFactor("opencl:1", 1e3), 1e-9, "below every class: the smallest's");
    }

    /**
     * Views of one buffer read its memory once at most: a stencil's shifted views are served by
     * the caches. Counted once per view, the five views of a Laplace step's 2000x2000 float64 grid
     * priced the step on the JVM at 13.7 ms (it ran in 3.7).
     */
    @Test
    void shiftedViewsOfOneBufferReadItOnce() {
        int n = 1 << 16;
        Buffer u = Buffer.allocate(DType.FLOAT64, n + 2), other = Buffer.allocate(DType.FLOAT64, n);
        Node left = Graph.leaf(new View(u, 0, new int[] { n }, new int[] { 1 })), mid = Graph.leaf(new View(u, 1, new int[] { n }, new int[] { 1 })),
                right = Graph.leaf(new View(u, 2, new int[] { n }, new int[] { 1 })), o = Graph.leaf(View.contiguous(other, n));
        Node stencil = Graph.binary(Op.ADD, Graph.binary(Op.ADD, Graph.binary(Op.ADD, left, mid), right), o);
        KernelWork w = KernelWork.of(Fusion.plan(stencil).kernels().get(0));
        assertEquals(8.0 * (n + 2) + 8.0 * n, w.bytesRead(), "u's bytes once, and other's");
        Node half = Graph.leaf(new View(u, 0, new int[] { n / 2 }, new int[] { 1 }));
        assertEquals(8.0 * n / 2, KernelWork.of(Fusion.plan(Graph.binary(Op.ADD, half, half)).kernels().get(0)).bytesRead(),
                "a view of part of a buffer: that part");
    }

    /**
     * A far runner-up whose runs are too few to trust and that copies nothing is measured within
     * the close runner-up's share of the time (its price rests on other kernels' first runs); one
     * that copies (it would move the data) within the far one's, and one whose copies alone
     * outlast the chosen plan within the least.
     */
    @Test
    void anUntrustedFarRunnerUpIsMeasuredSooner() {
        assertEquals(RunnerUps.CLOSE_SHARE, RunnerUps.farShare(false, false, false));
        assertEquals(RunnerUps.FAR_SHARE, RunnerUps.farShare(false, false, true), "trusted");
        assertEquals(RunnerUps.FAR_SHARE, RunnerUps.farShare(false, true, false), "its copies would move the data");
        assertEquals(RunnerUps.FAR_COPIES_SHARE, RunnerUps.farShare(true, true, false));
        Learning l = new Learning(0);
        io.numfuse.ir.KernelKey key = Fusion.plan(abc(DType.FLOAT32, 8)).kernels().get(0).key();
        // its first measurement: predicted at 570 us, it may be measured again once the plan has
        // run 11.4 ms more (57 ms at 1%), whatever the wall clock says
        double share = RunnerUps.farShare(false, false, false);
        assertTrue(l.runnersUp.withinShare("opencl:1", key, 8, 570e-6, share, 2.0));
        assertFalse(l.runnersUp.withinShare("opencl:1", key, 8, 570e-6, share, 2.0 + 0.011), "the plan ran 11 ms since");
        assertTrue(l.runnersUp.withinShare("opencl:1", key, 8, 570e-6, share, 2.0 + 0.0115), "the plan ran 11.5 ms since");
    }

    /**
     * A runner-up's share is of the time spent on its plan, not of the wall clock's: a plan
     * evaluated a quarter of the time (a selection row among four) measured its runner-up four
     * times as often for its own work. A plan's clock is shared by every placement of it.
     */
    @Test
    void aRunnerUpsShareIsOfItsPlansTime() throws InterruptedException {
        Learning l = new Learning(0);
        io.numfuse.ir.KernelKey key = Fusion.plan(abc(DType.FLOAT32, 8)).kernels().get(0).key();
        RunnerUps.Clock clock = l.runnersUp.clockOf(key, 8);
        assertSame(clock, l.runnersUp.clockOf(key, 9), "one clock per plan and size class");
        assertTrue(l.runnersUp.withinShare("jvm", key, 8, 1e-3, RunnerUps.FAR_SHARE, clock.seconds()));
        Thread.sleep(150);   // 150 times the 1 ms measurement on the wall clock, none of it the plan's
        assertFalse(l.runnersUp.withinShare("jvm", key, 8, 1e-3, RunnerUps.FAR_SHARE, clock.seconds()), "the plan did not run meanwhile");
        clock.add(0.099);
        assertFalse(l.runnersUp.withinShare("jvm", key, 8, 1e-3, RunnerUps.FAR_SHARE, clock.seconds()), "99 ms of the plan's time: 1.01%");
        clock.add(0.002);
        assertTrue(l.runnersUp.withinShare("jvm", key, 8, 1e-3, RunnerUps.FAR_SHARE, clock.seconds()), "101 ms of the plan's time");
        l.runnersUp.clear();
        assertNotSame(clock, l.runnersUp.clockOf(key, 8), "forgotten with the runners-up");
    }

    @Test
    void newCodeForAKernelScalesItsCorrectionsOnThatTargetAlone() {
        // a JVM kernel that moved to its vector class runs in a fraction of the time its scalar
        // runs taught: the corrections follow, its runs still count towards trust, others stay
        Learning l = new Learning(0);
        io.numfuse.ir.KernelKey key = Fusion.plan(abc(DType.FLOAT32, 64)).kernels().get(0).key(),
                other = Fusion.plan(abc(DType.FLOAT64, 64)).kernels().get(0).key();
        for (int i = 0; i < Learning.WARM_UP + 5; i++) {
            for (long n : new long[] { 64, 1 << 20 }) {
                l.observe("jvm", key, n, "map.memory32", 1.0, 3.0, true);
                l.observe("opencl:1", key, n, "map.memory32", 1.0, 2.0, true);
                l.observe("jvm", other, n, "map.memory64", 1.0, 4.0, true);
            }
        }
        assertEquals(3.0, l.factor("jvm", key, 64, "map.memory32"), 1e-9);
        int runs = l.runsOf("jvm", key, 64);
        long lessons = l.lessons(), version = SmallWork.version();
        l.rescaleKernel("jvm", key, 0.25);
        assertEquals(0.75, l.factor("jvm", key, 64, "map.memory32"), 1e-9);
        assertEquals(0.75, l.factor("jvm", key, 1 << 20, "map.memory32"), 1e-9, "at every size");
        assertEquals(runs, l.runsOf("jvm", key, 64), "its runs still count towards trust");
        assertEquals(2.0, l.factor("opencl:1", key, 64, "map.memory32"), 1e-9, "another target's stays");
        assertEquals(4.0, l.factor("jvm", other, 64, "map.memory64"), 1e-9, "another kernel's stays");
        assertTrue(l.lessons() > lessons && SmallWork.version() > version, "what was worked out from it is worked out again");
        for (int i = 0; i < 2; i++) l.observe("jvm", key, 64, "map.memory32", 1.0, 0.7, true);   // the second smallest of the last eight
        assertEquals(0.7, l.factor("jvm", key, 64, "map.memory32"), 1e-9, "the new code's runs go on from the scaled ones");
    }

    @Test
    void runsThatTaughtNoCorrectionStillCountTowardsTrust() {
        // a JVM run of device-resident data is mostly copies: it teaches the link, not the
        // kernel; uncounted, the JVM stayed an untrusted runner-up, measured one evaluation in four
        Learning l = new Learning(0);
        io.numfuse.ir.KernelKey key = Fusion.plan(abc(DType.FLOAT32, 64)).kernels().get(0).key();
        for (int i = 0; i < Learning.TRUSTED; i++) l.counted("jvm", key, 64);
        assertEquals(Learning.TRUSTED, l.runsOf("jvm", key, 64));
        assertEquals(1.0, l.factor("jvm", key, 64, "map.memory32"), "counted, not learnt from");
        int explored = 0;
        for (int i = 0; i < 64; i++) if (l.explore("jvm", key, 64)) explored++;
        assertEquals(64 / Learning.RETRY, explored, "trusted: one evaluation in " + Learning.RETRY);
    }

    @Test
    void measuringAFarRunnerUpTakesAtMostItsShareOfTheTime() {
        Learning l = new Learning(0);
        io.numfuse.ir.KernelKey key = Fusion.plan(abc(DType.FLOAT32, 64)).kernels().get(0).key();
        int first = 0;
        double plan = 5.0;   // the plan's clock: it stands still here
        while (!l.exploreFar("jvm", key, 64, 2.0, 1e-3, plan)) assertTrue(++first < 10_000, "measured at last: one decision in 8 is drawn");
        l.runnersUp.measuredRunnerUp("jvm", key, 64, 10.0);   // that measurement took 10 s: the next may come 1000 s later
        for (int i = 0; i < 2000; i++) assertFalse(l.exploreFar("jvm", key, 64, 2.0, 1e-3, plan + 999), "measured again within its share of the time");
        assertTrue(java.util.stream.IntStream.range(0, 2000).anyMatch(i -> l.exploreFar("opencl:1", key, 64, 2.0, 1e-3, plan)), "another target has a share of its own");
        l.runnersUp.measuredRunnerUp("jvm", key, 64, 1e-12);  // a cheap measurement may come again at once
        assertTrue(java.util.stream.IntStream.range(0, 2000).anyMatch(i -> l.exploreFar("jvm", key, 64, 2.0, 1e-3, plan + 1e-6)), "a cheap one is drawn again");
    }

    /**
     * The JVM's code gets faster under the model (C1, C2, its vector class): with nothing to copy,
     * when only its corrections, learnt from its runs, put it beyond {@link Learning#FAR_LIMIT},
     * it is drawn as if just under the limit (and measured within its share of the time); a JVM
     * that far by its profile alone, a device, or the JVM with copies (its run would move a loop's
     * state) is drawn as far as it looks.
     */
    @Test
    void aJvmRunnerUpFarOnlyByItsLessonsIsStillDrawn() {
        Learning l = new Learning(0);
        assertEquals(Math.nextDown(Learning.FAR_LIMIT), Learning.drawnAs("jvm", false, 40.0, 40.0), "taught 40x: under the limit without its lessons");
        assertEquals(40.0, Learning.drawnAs("jvm", false, 40.0, 1.0), "its profile alone: as far as it looks");
        assertEquals(40.0, Learning.drawnAs("jvm", false, 40.0, 2.0), "beyond the limit even without its lessons");
        assertEquals(40.0, Learning.drawnAs("jvm", true, 40.0, 40.0), "copies: as far as it looks");
        assertEquals(40.0, Learning.drawnAs("opencl:1", false, 40.0, 40.0), "a device: as far as it looks");
        assertEquals(6.0, Learning.drawnAs("jvm", false, 6.0, 6.0), "nearer than the limit: as it looks");
        int drawn = 0;
        for (int i = 0; i < 12000; i++) if (l.exploreFar(Learning.drawnAs("jvm", false, 40.0, 40.0))) drawn++;
        assertTrue(drawn > 100 && drawn < 280, "one decision in 64: " + drawn + " of 12000");   // expected 187.5, within 6 standard deviations
    }

    @Test
    void aFarRunnerUpIsMeasuredRarelyInProportionToHowMuchSlowerItIsPredicted() {
        Learning l = new Learning(0);
        int near = 0, far = 0, hopeless = 0;
        for (int i = 0; i < 12000; i++) {   // drawn at random: expected 1500 and 500, each within 8 standard deviations
            if (l.exploreFar(2.0)) near++;
            if (l.exploreFar(6.0)) far++;
            if (l.exploreFar(Learning.FAR_LIMIT)) hopeless++;
        }
        assertTrue(near > 1200 && near < 1800, "2x slower: one decision in 8, " + near + " of 12000");
        assertTrue(far > 320 && far < 680, "6x slower: one decision in 24, " + far + " of 12000");
        assertEquals(0, hopeless, "a runner-up predicted " + Learning.FAR_LIMIT + "x slower is never run");
    }
}
