package io.numfuse.runtime;

import static org.junit.jupiter.api.Assertions.*;

import io.numfuse.ir.Buffer;
import io.numfuse.core.DType;
import io.numfuse.ir.Graph;
import io.numfuse.ir.Node;
import io.numfuse.ir.Op;
import io.numfuse.ir.View;
import io.numfuse.ir.WriteSnapshot;
import org.junit.jupiter.api.AfterEach;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Residency across evaluations ({@link DeviceCopies}): data stays on the device from one
 * evaluation to the next and moves only when the host (or another device) needs it; a write
 * anywhere invalidates the other copies; snapshots of device-current buffers are taken on the
 * device; device memory is released when buffers die and evicted when it runs short.
 */
class OpenClResidencyAcrossEvaluationsTest {
    @AfterEach
    void restore() {
        DeviceCopies.budgetBytes = Long.getLong("numfuse.opencl.residentBytes", -1);
        DeviceCopies.maxCopies = Integer.getInteger("numfuse.opencl.residentCopies", 16384);
        DeviceMemory.failAllocations.set(0);
        DeviceCopies.collectIntervalNanos = 1_000_000_000L;
    }

    static OpenClTarget.Transfers now() { return OpenClTarget.transfers(); }

    static Buffer filled(int n, int salt) {
        Buffer b = Buffer.allocate(DType.FLOAT64, n);
        for (int i = 0; i < n; i++) b.setDouble(i, (i * 7 + salt) % 13 - 6);
        return b;
    }

    static Node leaf(Buffer b) { return Graph.leaf(View.contiguous(b, b.length())); }

    static double[] raw(Buffer b) { return (double[]) b.array(); }

    /** u[r0:r1, c0:c1] of an n x n grid. */
    static View slice(Buffer u, int n, int r0, int r1, int c0, int c1) {
        return new View(u, r0 * n + c0, new int[] { r1 - r0, c1 - c0 }, new int[] { n, 1 });
    }

    /** The Laplace demo through the graph API as NDArray builds it: u[0,:] = 4x(1-x), then iterations of u[1:-1,1:-1] = ... */
    static Buffer laplace(int n, int iterations, Target t) {
        double dx = 1.0 / (n - 1), dx2 = dx * dx, dy2 = dx2;
        Buffer u = Buffer.allocate(DType.FLOAT64, n * n);
        Node x = Graph.binary(Op.MUL, Graph.cast(Graph.iota(new int[] { n }, 0), DType.FLOAT64), Graph.weak(dx));
        Node row = Graph.binary(Op.MUL, Graph.binary(Op.MUL, x, Graph.binary(Op.SUB, Graph.weak(1.0), x)), Graph.weak(4.0));
        WriteSnapshot.copyForReaders(u);
        Executor.evaluate(row, new View(u, 0, new int[] { n }, new int[] { 1 }), t);
        for (int k = 0; k < iterations; k++) {
            Node up = Graph.leaf(slice(u, n, 0, n - 2, 1, n - 1)), down = Graph.leaf(slice(u, n, 2, n, 1, n - 1));
            Node left = Graph.leaf(slice(u, n, 1, n - 1, 0, n - 2)), right = Graph.leaf(slice(u, n, 1, n - 1, 2, n));
            Node rhs = Graph.binary(Op.DIV, Graph.binary(Op.ADD,
                    Graph.binary(Op.MUL, Graph.binary(Op.ADD, up, down), Graph.weak(dy2)),
                    Graph.binary(Op.MUL, Graph.binary(Op.ADD, left, right), Graph.weak(dx2))), Graph.weak(2 * (dx2 + dy2)));
            WriteSnapshot.copyForReaders(u);
            Executor.evaluate(rhs, slice(u, n, 1, n - 1, 1, n - 1), t);
        }
        return u;
    }

    @Test
    void laplaceUploadsNothingAndCopiesBackOnceWhenRead() {
        OpenClTarget t = OpenClTests.first();
        int n = 64;
        Buffer want = laplace(n, 100, InterpreterTarget.INSTANCE);
        var before = now();
        int falls = t.fallbackCount();
        Buffer u = laplace(n, 100, t);
        var moved = now().since(before);
        assertEquals(falls, t.fallbackCount(), "no fallback");
        assertEquals(1, moved.uploads(), "u is uploaded once (its first, partial, write needs its zeros): " + moved);
        assertEquals(0, moved.downloads(), "nothing comes back before it is read: " + moved);
        assertEquals(100, moved.deviceToDevice(), "each iteration's snapshot of u is taken on the device: " + moved);
        assertEquals(DeviceCopies.Residency.DEVICE, DeviceCopies.residencyOf(u));
        for (int i = 0; i < n * n; i++) assertEquals(want.getDouble(i), u.getDouble(i), 1e-12, "element " + i);
        assertEquals(1, now().since(before).downloads(), "reading u copies it back once");
        assertEquals(DeviceCopies.Residency.SHARED, DeviceCopies.residencyOf(u));
    }

    @Test
    void aHostObservationBetweenDeviceEvaluationsDownloadsOnce() {
        OpenClTarget t = OpenClTests.first();
        Buffer a = filled(1000, 1);
        View y = Executor.evaluate(Graph.binary(Op.ADD, leaf(a), Graph.weak(1.0)), null, t);
        var before = now();
        double s = 0;
        for (int i = 0; i < 1000; i++) s += y.buffer().getDouble(i);      // many reads, one copy
        assertEquals(1, now().since(before).downloads());
        double want = 0;
        for (int i = 0; i < 1000; i++) want += a.getDouble(i) + 1;
        assertEquals(want, s);
        // the device copy is still current: the next evaluation reuses it (and a's)
        View z = Executor.evaluate(Graph.binary(Op.MUL, Graph.leaf(y), leaf(a)), null, t);
        var moved = now().since(before);
        assertEquals(0, moved.uploads(), "y and a are on the device already: " + moved);
        for (int i = 0; i < 1000; i++) assertEquals((a.getDouble(i) + 1) * a.getDouble(i), z.buffer().getDouble(i));
        assertEquals(2, now().since(before).downloads());
    }

    /**
     * A JVM kernel that writes all of a buffer whose newer values are on a device, reading none of
     * them, copies nothing back first; one that writes part of it, or reads it, does.
     */
    @Test
    void aJvmKernelOverwritingADeviceCurrentBufferCopiesNothingBack() {
        OpenClTarget t = OpenClTests.first();
        int n = 4000;
        Buffer a = filled(n, 3);
        Buffer o = Executor.evaluate(Graph.binary(Op.MUL, leaf(a), Graph.weak(3.0)), null, t).buffer();
        assertEquals(DeviceCopies.Residency.DEVICE, DeviceCopies.residencyOf(o));
        var before = now();
        Executor.write(Graph.binary(Op.ADD, leaf(a), Graph.weak(1.0)), View.contiguous(o, n), JvmTarget.INSTANCE);
        assertEquals(0, now().since(before).downloads(), "all of o overwritten: nothing to copy back");
        for (int i = 0; i < n; i++) assertEquals(a.getDouble(i) + 1, o.getDouble(i));
        assertEquals(DeviceCopies.Residency.HOST, DeviceCopies.residencyOf(o));
        // half of it: the other half's newer values must come back first
        Buffer p = Executor.evaluate(Graph.binary(Op.MUL, leaf(a), Graph.weak(5.0)), null, t).buffer();
        before = now();
        Executor.write(Graph.weak(7.0), new View(p, 0, new int[] { n / 2 }, new int[] { 1 }), JvmTarget.INSTANCE);
        assertEquals(1, now().since(before).downloads(), "the half not written comes back");
        for (int i = 0; i < n; i++) assertEquals(i < n / 2 ? 7.0 : a.getDouble(i) * 5, p.getDouble(i));
        // all of it, but reading it: it comes back
        Buffer q = Executor.evaluate(Graph.binary(Op.MUL, leaf(a), Graph.weak(2.0)), null, t).buffer();
        before = now();
        Executor.write(Graph.binary(Op.ADD, leaf(q), Graph.weak(1.0)), View.contiguous(q, n), JvmTarget.INSTANCE);
        assertEquals(1, now().since(before).downloads(), "q's own values are read");
        for (int i = 0; i < n; i++) assertEquals(a.getDouble(i) * 2 + 1, q.getDouble(i));
    }

    @Test
    void aJvmKernelReadingADeviceCurrentBufferSeesItsValues() {
        OpenClTarget t = OpenClTests.first();
        Buffer a = filled(5000, 2);
        View y = Executor.evaluate(Graph.binary(Op.MUL, leaf(a), Graph.weak(3.0)), null, t);
        assertEquals(DeviceCopies.Residency.DEVICE, DeviceCopies.residencyOf(y.buffer()));
        double[] stale = raw(y.buffer()).clone();
        var before = now();
        View z = Executor.evaluate(Graph.binary(Op.ADD, Graph.leaf(y), Graph.weak(1.0)), null, JvmTarget.INSTANCE);
        assertEquals(1, now().since(before).downloads());
        for (int i = 0; i < 5000; i++) assertEquals(a.getDouble(i) * 3 + 1, z.buffer().getDouble(i));
        assertTrue(java.util.Arrays.stream(stale).allMatch(v -> v == 0), "the Java array was stale before the JVM kernel");
        // and the interpreter (element accessors) likewise
        View w = Executor.evaluate(Graph.binary(Op.SUB, Graph.leaf(Executor.evaluate(Graph.binary(Op.MUL, leaf(a), Graph.weak(2.0)), null, t)),
                Graph.weak(1.0)), null, InterpreterTarget.INSTANCE);
        for (int i = 0; i < 5000; i++) assertEquals(a.getDouble(i) * 2 - 1, w.buffer().getDouble(i));
    }

    @Test
    void aWriteThroughTheJvmInvalidatesTheDeviceCopy() {
        OpenClTarget t = OpenClTests.first();
        Buffer a = filled(300, 3);
        View y = Executor.evaluate(Graph.binary(Op.ADD, leaf(a), Graph.weak(0.5)), null, t);   // y on the device
        Executor.evaluate(Graph.binary(Op.MUL, leaf(a), leaf(a)), null, t);                       // a there too (shared)
        assertEquals(DeviceCopies.Residency.SHARED, DeviceCopies.residencyOf(a));
        // the JVM writes a[::2] = -1: the device copy of a goes
        WriteSnapshot.copyForReaders(a);
        Executor.evaluate(Graph.weak(-1.0), new View(a, 0, new int[] { 150 }, new int[] { 2 }), JvmTarget.INSTANCE);
        assertEquals(DeviceCopies.Residency.HOST, DeviceCopies.residencyOf(a));
        var before = now();
        View z = Executor.evaluate(Graph.binary(Op.ADD, Graph.leaf(y), leaf(a)), null, t);
        var moved = now().since(before);
        assertEquals(1, moved.uploads(), "a is uploaded again, y is not: " + moved);
        for (int i = 0; i < 300; i++) {
            double ai = i % 2 == 0 ? -1 : (i * 7 + 3) % 13 - 6;
            assertEquals(((i * 7 + 3) % 13 - 6) + 0.5 + ai, z.buffer().getDouble(i), "element " + i);
        }
        // a host write through the element accessors, likewise
        z.buffer().setDouble(0, 100);
        assertEquals(DeviceCopies.Residency.HOST, DeviceCopies.residencyOf(z.buffer()));
        View w = Executor.evaluate(Graph.binary(Op.MUL, Graph.leaf(z), Graph.weak(2.0)), null, t);
        assertEquals(200, w.buffer().getDouble(0));
    }

    @Test
    void aSnapshotOfADeviceCurrentBufferIsTakenOnTheDevice() {
        OpenClTarget t = OpenClTests.first();
        Buffer u0 = filled(400, 4);
        View u = Executor.evaluate(Graph.binary(Op.MUL, leaf(u0), Graph.weak(2.0)), null, t);   // u = 2*u0 on the device
        Buffer ub = u.buffer();
        Node pendingOnDevice = Graph.binary(Op.ADD, Graph.leaf(u), Graph.weak(1.0));   // defined before the writes: sees 2*u0
        Node pendingOnJvm = Graph.binary(Op.SUB, Graph.leaf(u), Graph.weak(1.0));
        var before = now();
        assertTrue(WriteSnapshot.copyForReaders(ub));
        var moved = now().since(before);
        assertEquals(1, moved.deviceToDevice(), moved.toString());
        assertEquals(0, moved.downloads(), moved.toString());
        // u[1:] = u[:-1] * 10 on the device
        Executor.evaluate(Graph.binary(Op.MUL, Graph.leaf(new View(ub, 0, new int[] { 399 }, new int[] { 1 })), Graph.weak(10.0)),
                new View(ub, 1, new int[] { 399 }, new int[] { 1 }), t);
        View a = Executor.evaluate(pendingOnDevice, null, t);
        View b = Executor.evaluate(pendingOnJvm, null, JvmTarget.INSTANCE);
        for (int i = 0; i < 400; i++) {
            double old = 2 * u0.getDouble(i);
            assertEquals(old + 1, a.buffer().getDouble(i), "device reader, element " + i);
            assertEquals(old - 1, b.buffer().getDouble(i), "JVM reader, element " + i);
            assertEquals(i == 0 ? old : 2 * u0.getDouble(i - 1) * 10, ub.getDouble(i), "written buffer, element " + i);
        }
        // a snapshot of a buffer the host holds current values of is taken on the host
        Buffer h = filled(10, 5);
        Node r = Graph.binary(Op.ADD, leaf(h), Graph.weak(1.0));
        before = now();
        WriteSnapshot.copyForReaders(h);
        h.setDouble(0, 99);
        assertEquals(0, now().since(before).deviceToDevice());
        assertEquals((5 % 13) - 6 + 1, Executor.evaluate(r, null, t).buffer().getDouble(0));
    }

    @Test
    void aWriteOnAnotherDeviceInvalidatesTheFirst() {
        OpenClTarget t1 = OpenClTests.first();
        OpenClDevice d = t1.deviceForTests();
        OpenClTarget t2 = new OpenClTarget(new OpenClDevice(d.index, d.platform, d.platformName, d.id));  // another context
        Buffer a = filled(200, 6);
        View y = Executor.evaluate(Graph.binary(Op.ADD, leaf(a), Graph.weak(1.0)), null, t1);
        var before = now();
        WriteSnapshot.copyForReaders(y.buffer());
        Executor.evaluate(Graph.binary(Op.MUL, Graph.leaf(y), Graph.weak(3.0)), y, t2);     // y = 3y on device 2
        var moved = now().since(before);
        assertEquals(1, moved.downloads(), "y comes back from device 1 to go to device 2: " + moved);
        assertFalse(hasCopy(t1, y.buffer()), "device 1 no longer holds y");
        assertTrue(hasCopy(t2, y.buffer()));
        View z = Executor.evaluate(Graph.binary(Op.SUB, Graph.leaf(y), Graph.weak(1.0)), null, t1);    // back on device 1
        for (int i = 0; i < 200; i++) assertEquals((a.getDouble(i) + 1) * 3 - 1, z.buffer().getDouble(i));
        assertEquals(0, t2.fallbackCount() + t1.fallbackCount());
        t2.releaseCopies();
    }

    static boolean hasCopy(OpenClTarget t, Buffer b) { return DeviceCopies.INSTANCE.find(b, t.deviceForTests()) != null; }

    @Test
    void copiesPastTheBudgetAreCopiedBackAndReleasedLeastRecentlyUsedFirst() {
        OpenClTarget t = OpenClTests.first();
        t.releaseCopies();
        DeviceCopies.budgetBytes = 5 * 8000;     // room for five buffers of 1000 doubles
        Buffer a = filled(1000, 7);
        View[] ys = new View[12];
        var before = now();
        for (int k = 0; k < ys.length; k++) ys[k] = Executor.evaluate(Graph.binary(Op.ADD, leaf(a), Graph.weak((double) k)), null, t);
        var moved = now().since(before);
        assertTrue(moved.evictions() >= 7, moved.toString());
        assertTrue(DeviceCopies.INSTANCE.bytesOn(t.deviceForTests()) <= 5 * 8000);
        assertEquals(DeviceCopies.Residency.DEVICE, DeviceCopies.residencyOf(ys[ys.length - 1].buffer()), "the newest result is still on the device");
        assertEquals(DeviceCopies.Residency.HOST, DeviceCopies.residencyOf(ys[0].buffer()), "the oldest was copied back and released");
        for (int k = 0; k < ys.length; k++) {
            for (int i = 0; i < 1000; i++) assertEquals(a.getDouble(i) + k, ys[k].buffer().getDouble(i));
        }
        assertEquals(0, t.fallbackCount());
    }

    @Test
    void deadResultsPastTheBudgetAreReleasedNotCopiedBack() {
        OpenClTarget t = OpenClTests.first();
        t.releaseCopies();
        DeviceCopies.budgetBytes = 5 * 8000;
        DeviceCopies.collectIntervalNanos = 0;
        Buffer a = filled(1000, 7);
        var before = now();
        double check = 0;
        for (int k = 0; k < 12; k++) {   // each result is dropped once read: dead, but not collected yet
            View y = Executor.evaluate(Graph.binary(Op.ADD, leaf(a), Graph.weak((double) k)), null, t);
            if (k == 11) check = y.buffer().getDouble(5);
        }
        var moved = now().since(before);
        assertEquals(a.getDouble(5) + 11, check);
        assertEquals(1, moved.downloads(), "only the element read came back: " + moved);
        assertTrue(DeviceCopies.INSTANCE.bytesOn(t.deviceForTests()) <= 5 * 8000);
    }

    @Test
    void liveResultsPastTheGarbageAllowanceDoNotMakeTheCollectorAskedOverAndOver() {
        OpenClTarget t = OpenClTests.first();
        t.releaseCopies();
        DeviceSpares.garbageBytes = 3 * 8000;
        DeviceCopies.INSTANCE.resetCollectionPolicy();
        try {
            Buffer a = filled(1000, 7);
            List<View> kept = new java.util.ArrayList<>();
            long before = DeviceCopies.collections.get();
            for (int k = 0; k < 24; k++) kept.add(Executor.evaluate(Graph.binary(Op.ADD, leaf(a), Graph.weak((double) k)), null, t));
            long asked = DeviceCopies.collections.get() - before;
            // 192 kB handed out against 24 kB: eight requests at a fixed allowance with no pause between
            // them; the allowance doubles when little was dead, and requests wait 10 times the last one's time
            assertTrue(asked >= 1 && asked <= 3, "requests to the collector: " + asked);
            for (int k = 0; k < kept.size(); k++) assertEquals(a.getDouble(9) + k, kept.get(k).buffer().getDouble(9));
        } finally {
            DeviceSpares.garbageBytes = Long.getLong("numfuse.opencl.garbageBytes", -1);
            DeviceCopies.INSTANCE.resetCollectionPolicy();
        }
    }

    /**
     * Copies the JVM's own collection found dead no longer count towards the allowance: the next
     * allocation does not ask the collector (which would find nothing, and double the allowance),
     * while results that die unseen still bring a request after the allowance. Counted, the
     * selection suite's host cases doubled the allowance to the budget, and the resident case
     * after them never asked again: every result a new buffer.
     */
    @Test
    void deadCopiesTheJvmFoundFirstDoNotCountTowardsTheAllowance() throws InterruptedException {
        OpenClTarget t = OpenClTests.first();
        t.releaseCopies();
        Buffer a = filled(1000, 7);
        View warm = Executor.evaluate(Graph.binary(Op.ADD, leaf(a), Graph.weak(0.0)), null, t);   // a's copy made before the count starts
        assertEquals(a.getDouble(3), warm.buffer().getDouble(3));
        DeviceSpares.garbageBytes = 3 * 8000;
        DeviceCopies.INSTANCE.resetCollectionPolicy();
        try {
            List<View> kept = new java.util.ArrayList<>();
            for (int k = 1; k <= 3; k++) kept.add(Executor.evaluate(Graph.binary(Op.ADD, leaf(a), Graph.weak((double) k)), null, t));
            int withThem = DeviceCopies.INSTANCE.copiesOn(t.deviceForTests());
            kept.clear();   // the three results die, and a collection of the JVM's finds them
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (DeviceCopies.INSTANCE.copiesOn(t.deviceForTests()) > withThem - 3 && System.nanoTime() < deadline) {
                System.gc();
                Thread.sleep(10);
            }
            assertEquals(withThem - 3, DeviceCopies.INSTANCE.copiesOn(t.deviceForTests()), "the dead results' copies were released");
            long before = DeviceCopies.collections.get();
            assertEquals(a.getDouble(3) + 4, Executor.evaluate(Graph.binary(Op.ADD, leaf(a), Graph.weak(4.0)), null, t).buffer().getDouble(3));
            assertEquals(before, DeviceCopies.collections.get(), "what came back does not count: no request");
            assertEquals(3 * 8000, DeviceCopies.INSTANCE.allowanceForTests(), "the allowance stays at its base");
            for (int k = 5; k <= 7; k++) Executor.evaluate(Graph.binary(Op.ADD, leaf(a), Graph.weak((double) k)), null, t);   // die unseen
            assertEquals(before + 1, DeviceCopies.collections.get(), "results that died unseen brought a request after the allowance");
            assertEquals(3 * 8000, DeviceCopies.INSTANCE.allowanceForTests(), "it found them dead: the allowance stays at its base");
        } finally {
            DeviceSpares.garbageBytes = Long.getLong("numfuse.opencl.garbageBytes", -1);
            DeviceCopies.INSTANCE.resetCollectionPolicy();
        }
    }

    @Test
    void aRunAcrossARequestToTheCollectorIsNotQuiet() {
        OpenClTarget t = OpenClTests.first();
        t.releaseCopies();
        DeviceCopies.budgetBytes = 5 * 8000;     // room for five buffers of 1000 doubles
        DeviceCopies.collectIntervalNanos = 0;
        Buffer a = filled(1000, 7);
        long mark = Background.quietMark();
        assertTrue(Background.stillQuiet(mark), "nothing happened yet");
        long before = DeviceCopies.collections.get();
        for (int k = 0; k < 12 && DeviceCopies.collections.get() == before; k++) {   // results dropped: past the budget, the collector is asked
            Executor.evaluate(Graph.binary(Op.ADD, leaf(a), Graph.weak((double) k)), null, t);
        }
        assertTrue(DeviceCopies.collections.get() > before, "the collector was asked for dead copies");
        assertFalse(Background.stillQuiet(mark), "a run timed across the request teaches the model nothing");
    }

    @Test
    void anAllocationFailureEvictsAndRetriesWithoutFallingBack() {
        OpenClTarget t = OpenClTests.first();
        Buffer a = filled(1000, 8);
        View y = Executor.evaluate(Graph.binary(Op.ADD, leaf(a), Graph.weak(1.0)), null, t);   // something to evict
        int falls = t.fallbackCount();
        var before = now();
        DeviceMemory.failAllocations.set(1);
        View z = Executor.evaluate(Graph.binary(Op.MUL, leaf(filled(1000, 9)), Graph.weak(2.0)), null, t);
        var moved = now().since(before);
        assertEquals(falls, t.fallbackCount(), "no fallback");
        assertTrue(moved.evictions() >= 1, moved.toString());
        for (int i = 0; i < 1000; i++) {
            assertEquals(a.getDouble(i) + 1, y.buffer().getDouble(i));
            assertEquals(((i * 7 + 9) % 13 - 6) * 2.0, z.buffer().getDouble(i));
        }
    }

    @Test
    void aFailureAfterSomeKernelsRanFinishesOnTheJvm() {
        OpenClDevice d = OpenClTests.first().deviceForTests();
        OpenClTarget t = new OpenClTarget(new OpenClDevice(d.index, d.platform, d.platformName, d.id));
        Buffer a = filled(100, 10), b = filled(100, 11);
        java.util.function.Supplier<Node> build = () -> {   // two kernels: a sum into a temporary, then a map
            Node x = leaf(a), y = leaf(b);
            return Graph.binary(Op.ADD, x, Graph.binary(Op.MUL, Graph.reduce(Op.SUM, Graph.binary(Op.MUL, x, y), null, false), y));
        };
        View want = Executor.evaluate(build.get(), null, InterpreterTarget.INSTANCE);
        var before = now();
        String err = OpenClFaultInjectionTest.stderrOf(() -> {
            OpenClSession.failLaunch.set(2);     // the sum (one launch at this size) runs; the map's launch fails
            try {
                View got = Executor.evaluate(build.get(), null, t);
                for (int i = 0; i < 100; i++) assertEquals(want.buffer().getDouble(i), got.buffer().getDouble(i), 1e-9);
            } finally {
                OpenClSession.failLaunch.set(0);
            }
        });
        var moved = now().since(before);
        assertEquals(1, t.fallbackCount());
        assertTrue(err.contains("CL_OUT_OF_RESOURCES"), err);
        assertEquals(1, moved.downloads(), "the JVM copied the sum back from the device (and recomputed nothing): " + moved);
        t.releaseCopies();
    }

    @Test
    void resultsMatchTheInterpreterAcrossTargetsInAnyOrder() {
        OpenClTarget t = OpenClTests.first();
        java.util.Random r = new java.util.Random(42);
        Target[] targets = { t, JvmTarget.INSTANCE, InterpreterTarget.INSTANCE };
        Buffer live = filled(257, 12), ref = filled(257, 12);
        for (int step = 0; step < 400; step++) {
            Target on = targets[r.nextInt(targets.length)];
            int op = r.nextInt(4);
            double c = r.nextInt(5) - 2;
            int at = r.nextInt(257);
            for (Object[] pair : new Object[][] { { live, on }, { ref, InterpreterTarget.INSTANCE } }) {
                Buffer b = (Buffer) pair[0];
                Target tt = (Target) pair[1];
                Node x = leaf(b);
                View all = View.contiguous(b, 257), half = new View(b, 1, new int[] { 128 }, new int[] { 2 });
                switch (op) {
                    case 0 -> { WriteSnapshot.copyForReaders(b); Executor.evaluate(Graph.binary(Op.ADD, x, Graph.weak(c)), all, tt); }
                    case 1 -> { WriteSnapshot.copyForReaders(b); Executor.evaluate(Graph.binary(Op.MUL, Graph.leaf(half), Graph.weak(0.5)), half, tt); }
                    case 2 -> { WriteSnapshot.copyForReaders(b); Executor.evaluate(Graph.leaf(new View(b, 256, new int[] { 128 }, new int[] { -2 })), half, tt); }
                    default -> b.setDouble(at, c);
                }
            }
            DeviceCopies.Residency res = DeviceCopies.residencyOf(live);
            if (r.nextInt(4) == 0) for (int i = 0; i < 257; i++) assertEquals(ref.getDouble(i), live.getDouble(i), "step " + step + " op " + op + " on " + on.name() + " (" + res + "), element " + i);
        }
        for (int i = 0; i < 257; i++) assertEquals(ref.getDouble(i), live.getDouble(i), "element " + i);
    }

    /**
     * Results dropped as soon as made, past the cap on copies: the collector finds them dead and
     * their copies are released, none evicted (copied back). Waiting 20 ms at most for the first
     * reference after asking the collector missed them on a busy machine (a CI run with a core
     * kept busy copied back 37% of a device row's results in the bench's selection test); the
     * wait now ends when a reference made dead before the collection comes back. Here with two
     * threads spinning beside it, on this machine's two cores.
     */
    @Test
    void deadResultsPastTheCopyCapAreReleasedNotCopiedBack() throws InterruptedException {
        OpenClTarget t = OpenClTests.first();
        Buffer a = filled(16, 17);
        // what the tests before taught the policy goes (a request that found nothing dead less
        // than a second before: in a clean-clone CI run this test's first reach of the cap evicted
        // 1,358 copies, as the policy should after such a request)
        DeviceCopies.INSTANCE.resetCollectionPolicy();
        var stop = new java.util.concurrent.atomic.AtomicBoolean();
        List<Thread> spinners = new java.util.ArrayList<>();
        for (int i = 0; i < 2; i++) spinners.add(Thread.ofPlatform().daemon().start(() -> { while (!stop.get()) Thread.onSpinWait(); }));
        try {
            Executor.evaluate(Graph.binary(Op.ADD, leaf(a), Graph.weak(1.0)), null, t);   // a's copy up
            var before = now();
            for (int k = 0; k < 3 * DeviceCopies.maxCopies; k++) Executor.evaluate(Graph.binary(Op.ADD, leaf(a), Graph.weak((double) k)), null, t);
            var moved = now().since(before);
            assertEquals(0, moved.evictions(), "dead results are released, not copied back: " + moved);
            assertEquals(0, moved.downloads(), moved.toString());
            assertEquals(0, t.fallbackCount());
        } finally {
            stop.set(true);
            for (Thread s : spinners) s.join();
        }
    }

    @Test
    void oneHundredThousandSmallEvaluationsDoNotGrowDeviceMemory() {
        OpenClTarget t = OpenClTests.first();
        Buffer a = filled(16, 13);
        System.gc();
        int base = now().liveMemObjects(), max = base;
        double check = 0;
        for (int k = 0; k < 100_000; k++) {
            View y = Executor.evaluate(Graph.binary(Op.ADD, leaf(a), Graph.weak((double) (k % 7))), null, t);
            if (k % 1000 == 0) check += y.buffer().getDouble(3);
            if (k % 1000 == 0) max = Math.max(max, now().liveMemObjects());
        }
        assertEquals(0, t.fallbackCount());
        double want = 0;
        for (int k = 0; k < 100_000; k += 1000) want += a.getDouble(3) + k % 7;
        assertEquals(want, check);
        // the cap on copies lets twice as many live while the collector finds most of them dead
        assertTrue(max - base <= 2 * DeviceCopies.maxCopies + 4, "live device buffers stay bounded: " + (max - base));
        System.out.println("soak: 100000 evaluations, at most " + (max - base) + " device buffers more than at the start; " + now());
        for (int i = 0; i < 5 && now().liveMemObjects() - base > 2; i++) {
            System.gc();
            try { Thread.sleep(20); } catch (InterruptedException e) { throw new AssertionError(e); }
        }
        assertTrue(now().liveMemObjects() - base <= 2, "after a GC only a's copy is left: " + (now().liveMemObjects() - base));
    }
}
