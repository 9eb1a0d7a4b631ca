package io.numfuse.runtime;

import static org.junit.jupiter.api.Assertions.*;

import io.numfuse.ir.Buffer;
import io.numfuse.core.DType;
import io.numfuse.ir.Graph;
import io.numfuse.ir.Kernel;
import io.numfuse.ir.Node;
import io.numfuse.ir.Op;
import io.numfuse.ir.Scope;
import io.numfuse.ir.View;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Writes that take snapshots (laziness rule 2) inside a {@link Scope}: the snapshot's storage is
 * freed when the scope closes, so a Jacobi loop swaps two arrays (and two device buffers); the
 * nodes built in a closed scope cannot be used; a snapshot that an outer node reads outlives the
 * scope; and a write that fails gives its buffer (and the nodes reading it) the old values back.
 */
class WriteScopeTest {
    static View slice(Buffer u, int n, int r0, int r1, int c0, int c1) {
        return new View(u, r0 * n + c0, new int[] { r1 - r0, c1 - c0 }, new int[] { n, 1 });
    }

    /** u[1:-1, 1:-1] = (u[:-2, 1:-1] + u[2:, 1:-1] + u[1:-1, :-2] + u[1:-1, 2:]) / 4, as NDArray.assign writes it. */
    static void jacobi(Buffer u, int n, Target t) {
        Node sum = Graph.binary(Op.ADD, Graph.binary(Op.ADD, Graph.leaf(slice(u, n, 0, n - 2, 1, n - 1)), Graph.leaf(slice(u, n, 2, n, 1, n - 1))),
                Graph.binary(Op.ADD, Graph.leaf(slice(u, n, 1, n - 1, 0, n - 2)), Graph.leaf(slice(u, n, 1, n - 1, 2, n))));
        Executor.write(Graph.binary(Op.MUL, sum, Graph.weak(0.25)), slice(u, n, 1, n - 1, 1, n - 1), t);
    }

    static Buffer grid(int n) {
        Buffer u = Buffer.allocate(DType.FLOAT64, n * n);
        for (int i = 0; i < n * n; i++) u.setDouble(i, (i * 37 % 101) / 7.0);
        return u;
    }

    static double[] values(Buffer b) {
        b.beforeHostRead();
        return ((double[]) b.array()).clone();
    }

    @Test
    void aJacobiLoopInScopesSwapsTwoArraysAndComputesWhatTheInterpreterDoes() {
        int n = 40;
        Buffer want = grid(n), u = grid(n);
        for (int k = 0; k < 30; k++) jacobi(want, n, InterpreterTarget.INSTANCE);
        Set<Object> arrays = Collections.newSetFromMap(new IdentityHashMap<>());
        for (int k = 0; k < 30; k++) {
            try (Scope _ = Scope.open()) {
                jacobi(u, n, JvmTarget.INSTANCE);
            }
            if (k >= 2) arrays.add(u.array());
        }
        assertEquals(2, arrays.size(), "the grid and its snapshot swap two arrays");
        assertArrayEquals(values(want), values(u));
    }

    /** Runs on {@code on} and counts the kernels (restore copies and the write's own). */
    static final class Counting implements Target {
        final Target on;
        int kernels;
        Counting(Target on) { this.on = on; }
        @Override public String name() { return on.name(); }
        @Override public String description() { return "counts kernels"; }
        @Override public void run(Kernel k) { kernels++; on.run(k); }
        @Override public void runAll(List<Kernel> ks) { kernels += ks.size(); on.runAll(ks); }
    }

    @Test
    void inScopesAStepRestoresNothingOnceItsPreviousSnapshotCameBack() {
        for (Target t : targets()) {
            int n = 24;
            Buffer u = grid(n);
            Counting c = new Counting(t);
            int[] perStep = new int[6];
            for (int k = 0; k < perStep.length; k++) {
                int before = c.kernels;
                try (Scope _ = Scope.open()) { jacobi(u, n, c); }
                perStep[k] = c.kernels - before;
            }
            assertArrayEquals(new int[] { 3, 1, 1, 1, 1, 1 }, perStep,
                    t.name() + ": the first step restores the frame (two copies); from the second on, the storage of the step before comes back, frame and all");
        }
    }

    /**
     * Scoped and plain Jacobi steps mixed with writes elsewhere (a row, one element on the host)
     * give what the interpreter gives: a write outside the step's box since the last snapshot
     * makes the next step restore the frame instead of trusting the storage that came back.
     */
    @Test
    void writesOutsideTheBoxBetweenScopedStepsAreNotLost() {
        for (Target t : targets()) {
            for (long seed = 1; seed <= 40; seed++) {
                java.util.SplittableRandom rnd = new java.util.SplittableRandom(seed);
                int n = 6 + rnd.nextInt(6);
                Buffer want = grid(n), u = grid(n);
                StringBuilder ops = new StringBuilder();
                for (int k = 0; k < 12; k++) {
                    int op = rnd.nextInt(5);
                    ops.append(op);
                    switch (op) {
                        case 0, 1 -> {
                            jacobi(want, n, InterpreterTarget.INSTANCE);
                            try (Scope _ = Scope.open()) { jacobi(u, n, t); }
                        }
                        case 2 -> {
                            jacobi(want, n, InterpreterTarget.INSTANCE);
                            jacobi(u, n, t);
                        }
                        case 3 -> {   // u[r, :] = u[r, :] + 1, no pending reader
                            int r = rnd.nextInt(n);
                            View row = new View(u, r * n, new int[] { n }, new int[] { 1 });
                            Executor.write(Graph.binary(Op.ADD, Graph.leaf(row), Graph.weak(1.0)), row, t);
                            View wrow = new View(want, r * n, new int[] { n }, new int[] { 1 });
                            Executor.write(Graph.binary(Op.ADD, Graph.leaf(wrow), Graph.weak(1.0)), wrow, InterpreterTarget.INSTANCE);
                        }
                        default -> {
                            int i = rnd.nextInt(n * n);
                            u.setDouble(i, -i);
                            want.setDouble(i, -i);
                        }
                    }
                }
                assertArrayEquals(values(want), values(u), t.name() + ", seed " + seed + ", ops " + ops);
            }
        }
    }

    @Test
    void aBufferWrittenOverAndOverAfterASnapshotKeepsNoGrowingRecord() {
        int n = 8;
        Buffer u = grid(n), want = grid(n);
        try (Scope _ = Scope.open()) { jacobi(u, n, JvmTarget.INSTANCE); }
        jacobi(want, n, InterpreterTarget.INSTANCE);
        for (int k = 0; k < 20_000; k++) {   // no pending reader: no snapshot, each write noted (or not)
            for (Buffer b : new Buffer[] { u, want }) {
                View row = new View(b, (k % n) * n, new int[] { n }, new int[] { 1 });
                Executor.write(Graph.binary(Op.ADD, Graph.leaf(row), Graph.weak(1.0)), row, b == u ? JvmTarget.INSTANCE : InterpreterTarget.INSTANCE);
            }
        }
        try (Scope _ = Scope.open()) { jacobi(u, n, JvmTarget.INSTANCE); }   // restores the frame: the record gave up
        jacobi(want, n, InterpreterTarget.INSTANCE);
        assertArrayEquals(values(want), values(u));
    }

    @Test
    void withoutAScopeEachStepTakesNewStorage() {
        int n = 20;
        Buffer u = grid(n);
        Set<Object> arrays = Collections.newSetFromMap(new IdentityHashMap<>());
        for (int k = 0; k < 10; k++) {
            jacobi(u, n, JvmTarget.INSTANCE);
            arrays.add(u.array());
        }
        assertEquals(10, arrays.size(), "the old arrays wait for the collector");
    }

    @Test
    void aJacobiLoopInScopesOnADeviceReusesTwoBuffersAndNeverAsksTheCollector() {
        OpenClTarget t = OpenClTests.first();
        int n = 64;
        Buffer want = grid(n), u = grid(n);
        for (int k = 0; k < 200; k++) jacobi(want, n, InterpreterTarget.INSTANCE);
        for (int k = 0; k < 3; k++) try (Scope _ = Scope.open()) { jacobi(u, n, t); }
        long collections = DeviceCopies.collections.get();
        int buffers = DeviceMemory.liveMemObjects.get() + DeviceSpares.count.get();
        var before = OpenClTarget.transfers();
        for (int k = 3; k < 200; k++) try (Scope _ = Scope.open()) { jacobi(u, n, t); }
        assertEquals(collections, DeviceCopies.collections.get(), "no collection was needed");
        assertEquals(buffers, DeviceMemory.liveMemObjects.get() + DeviceSpares.count.get(), "no new device buffer");
        var moved = OpenClTarget.transfers().since(before);
        assertEquals(0, moved.uploads() + moved.downloads(), moved.toString());
        assertArrayEquals(values(want), values(u));
    }

    @Test
    void aSnapshotThatANodeBuiltOutsideReadsOutlivesTheScope() {
        for (Target t : targets()) {
            int n = 12;
            Buffer u = grid(n);
            double[] old = values(u);
            Node outside = Graph.binary(Op.MUL, Graph.leaf(View.contiguous(u, n * n)), Graph.weak(2.0));
            try (Scope _ = Scope.open()) {
                jacobi(u, n, t);
                jacobi(u, n, t);
            }
            jacobi(u, n, t);
            View got = Executor.evaluate(outside, null, t);
            for (int i = 0; i < n * n; i++) assertEquals(2 * old[i], got.buffer().getDouble(i), t.name() + " element " + i);
        }
    }

    @Test
    void nodesBuiltInAClosedScopeCannotBeEvaluatedOrBuiltOnButTheirValuesStay() {
        Buffer a = grid(4);
        Node leaf = Graph.leaf(View.contiguous(a, 16));
        Node pending, evaluated;
        View value;
        try (Scope _ = Scope.open()) {
            pending = Graph.binary(Op.ADD, leaf, Graph.weak(1.0));
            evaluated = Graph.binary(Op.MUL, leaf, Graph.weak(3.0));
            value = Executor.evaluate(evaluated, null, JvmTarget.INSTANCE);
        }
        assertTrue(pending.isRetired());
        assertFalse(pending.isPending());
        var e = assertThrows(IllegalStateException.class, () -> Executor.evaluate(pending, null, JvmTarget.INSTANCE));
        assertTrue(e.getMessage().contains("Num.scope()"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> Graph.binary(Op.ADD, pending, leaf));
        assertFalse(evaluated.isRetired(), "an evaluated node keeps its value");
        View again = Executor.evaluate(Graph.binary(Op.ADD, evaluated, Graph.weak(0.0)), null, JvmTarget.INSTANCE);
        for (int i = 0; i < 16; i++) assertEquals(value.buffer().getDouble(i), again.buffer().getDouble(i));
        Node later = Graph.binary(Op.ADD, leaf, Graph.weak(1.0));
        assertEquals(a.getDouble(5) + 1, Executor.evaluate(later, null, JvmTarget.INSTANCE).buffer().getDouble(5), "leaves are not retired");
    }

    @Test
    void scopesNestAndCloseInnermostFirstOnTheirOwnThread() throws Exception {
        Node leaf = Graph.leaf(View.contiguous(grid(2), 4));
        try (Scope outer = Scope.open()) {
            Node o = Graph.binary(Op.ADD, leaf, leaf);
            Scope inner = Scope.open();
            Node i = Graph.binary(Op.MUL, leaf, leaf);
            assertThrows(IllegalStateException.class, outer::close, "the inner scope is open");
            var other = CompletableFuture.runAsync(inner::close);
            var e = assertThrows(java.util.concurrent.ExecutionException.class, other::get);
            assertInstanceOf(IllegalStateException.class, e.getCause());
            inner.close();
            inner.close();   // a second close does nothing
            assertTrue(i.isRetired());
            assertFalse(o.isRetired(), "the outer scope is open");
        }
    }

    /** A target that runs the kernels and then fails, as a device that dies after its last kernel would. */
    private static final Target FAILS_AFTER_RUNNING = new Target() {
        @Override public String name() { return "fails"; }
        @Override public String description() { return "runs on the JVM, then fails"; }
        @Override public void run(Kernel k) { JvmTarget.INSTANCE.run(k); }
        @Override public void runAll(List<Kernel> kernels) {
            JvmTarget.INSTANCE.runAll(kernels);
            throw new IllegalStateException("injected after the kernels ran");
        }
    };

    @Test
    void aWriteThatFailsGivesTheBufferAndItsReadersTheOldValuesBack() {
        for (boolean owned : new boolean[] { true, false }) {
            int n = 10;
            Buffer u = owned ? grid(n) : Buffer.wrap(DType.FLOAT64, values(grid(n)));
            double[] old = values(u);
            Node reader = Graph.binary(Op.ADD, Graph.leaf(View.contiguous(u, n * n)), Graph.weak(0.5));
            assertThrows(IllegalStateException.class, () -> jacobi(u, n, FAILS_AFTER_RUNNING));
            assertFalse(u.contentsUndefined());
            assertArrayEquals(old, values(u), owned ? "a snapshot took the array" : "a snapshot copied the array");
            View r = Executor.evaluate(reader, null, JvmTarget.INSTANCE);
            for (int i = 0; i < n * n; i++) assertEquals(old[i] + 0.5, r.buffer().getDouble(i));
            jacobi(u, n, JvmTarget.INSTANCE);   // the buffer works as before
            Buffer want = owned ? grid(n) : Buffer.wrap(DType.FLOAT64, old.clone());
            jacobi(want, n, InterpreterTarget.INSTANCE);
            assertArrayEquals(values(want), values(u));
        }
    }

    private static List<Target> targets() {
        List<Target> all = new java.util.ArrayList<>(List.of(JvmTarget.INSTANCE, InterpreterTarget.INSTANCE));
        if (!Targets.openCl().isEmpty()) all.add(OpenClTests.first());
        return all;
    }
}
