package io.numfuse.runtime;

import io.numfuse.ir.Buffer;
import io.numfuse.ir.Fusion;
import io.numfuse.ir.Graph;
import io.numfuse.ir.GraphLock;
import io.numfuse.ir.Kernel;
import io.numfuse.ir.Node;
import io.numfuse.ir.Plan;
import io.numfuse.ir.Scope;
import io.numfuse.ir.View;
import io.numfuse.ir.WriteSnapshot;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs fusion plans on a target and memoises what they computed, one operation at a time as far
 * as the arrays it touches are concerned. Each operation plans under the {@link GraphLock},
 * claims the buffers its kernels read and write ({@link Claims}), and then compiles and runs its
 * kernels without the lock, so that threads working on other arrays go on meanwhile; it takes the
 * lock again to memoise its results and give its claims back. A thread that needs a node another
 * thread is computing waits for that result instead of computing it again.
 */
public final class Executor {
    private Executor() {}

    /** Nodes being computed now, by the claim of the evaluation computing them. Guarded by the graph lock. */
    private static final Map<Node, Claims.Claim> COMPUTING = new IdentityHashMap<>();

    /**
     * Evaluates {@code root} (into {@code target} when not null) and returns the view holding it.
     * A view of a pending array (a slice, an index, a transpose...) is evaluated as NumPy has it:
     * the array is computed and the result is a view of it, so that a write through the view
     * changes the array.
     */
    public static View evaluate(Node root, View target, Target on) { return evaluate(root, target, on, false); }

    /**
     * {@link #evaluate(Node, View, Target)}, saying whether the host will read the result at once
     * (an observation, not an {@code eval()}): {@code auto} then counts copying it back.
     */
    public static View evaluate(Node root, View target, Target on, boolean hostReads) { return evaluate(root, target, on, hostReads, false); }

    /**
     * Computes the live state of the loop under {@code root} (its values at the level cuts below
     * it, {@link Fusion#planState}) and not {@code root}: laziness rule 4's evaluation of an array
     * whose pending chain grew too deep. False, computing nothing, when the graph has no level
     * cuts (the caller computes the root instead).
     */
    public static boolean settle(Node root, Target on) { return evaluate(root, null, on, false, true) != null; }

    /** {@code state}: the loop's state only ({@link #settle}), returning null when there is none to compute. */
    private static View evaluate(Node root, View target, Target on, boolean hostReads, boolean state) {
        Claims.Claim claim = new Claims.Claim();
        Plan plan;
        GraphLock.lock();
        try {
            while (true) {
                claim.reset();
                if (state && !root.isPending()) {
                    claim.release();
                    return null;
                }
                if (!state && target == null) {
                    View known = valueOf(root);
                    if (known != null) {
                        claim.release();
                        return known;
                    }
                    Node base = viewedArray(root);
                    if (base != null) {
                        View v = valueOf(base);
                        if (v == null) {   // compute the array first, without the lock (the evaluation takes it itself)
                            GraphLock.unlock();
                            try {
                                evaluate(base, null, on, hostReads);
                            } finally {
                                GraphLock.lock();
                            }
                            continue;
                        }
                        v = ((Node.Reindex) root).map().apply(v);
                        root.memoise(v);
                        claim.release();
                        return v;
                    }
                }
                plan = state ? Fusion.planState(root, on.kernelLimits()) : Fusion.plan(root, target, on.kernelLimits());
                if (plan == null) {   // the state only, and the graph has no level cuts
                    claim.release();
                    return null;
                }
                if (!computedElsewhere(plan)) {
                    claimBuffers(claim, plan.kernels(), target == null ? null : target.buffer());
                    if (claim.tryAcquire()) break;
                }
                GraphLock.awaitChange();
            }
            if (target != null) target.buffer().noteWrite(target);
            for (Node n : plan.memo().keySet()) COMPUTING.put(n, claim);
        } catch (RuntimeException | Error e) {
            claim.release();
            throw e;
        } finally {
            GraphLock.unlock();
        }
        boolean ran = false;
        try {
            Scheduler.run(plan.kernels(), on, hostReads, hostReads);
            ran = true;
        } finally {
            GraphLock.lock();
            try {
                for (Node n : plan.memo().keySet()) COMPUTING.remove(n);
                if (ran) plan.memoiseAll();
                claim.release();
            } finally {
                GraphLock.unlock();
            }
        }
        View r = target == null && !state ? root.result() : null;   // the memoised value, when another write computed it too
        return r != null ? r : plan.result();
    }

    /**
     * Writes {@code value} into {@code target} (laziness rule 2: what reads the target's buffer
     * first moves to a snapshot, see {@link WriteSnapshot}). The copies that restore the part of
     * the buffer the write leaves alone run with the write's kernels, as one evaluation. A value
     * that can raise part way through ({@link Graph#mayRaise}) is computed aside first. The write
     * is atomic: no other operation reads or writes the target's buffer while it runs.
     */
    public static void write(Node value, View target, Target on) {
        DeferredWrites.writing(target.buffer());
        DeferredWrites.flush(target.buffer(), on);   // a deferred write of the whole buffer runs first
        write(value, target, on, null);
    }

    /**
     * {@link #write(Node, View, Target)}; with {@code deferredOf} not null, the deferred write of
     * that buffer instead ({@link DeferredWrites#flush}): it is taken in the same hold of the lock
     * that claims its buffers, so that a thread that finds it gone waits for it to have run.
     */
    static void write(Node value, View target, Target on, Buffer deferredOf) { write(value, target, on, deferredOf, null); }

    /**
     * A write whose value reads the target as it is: {@code build} makes the value under the lock,
     * in the hold that claims the target's buffer (again after each wait for the claim), so that no
     * other write of that buffer falls between the values the write reads and its own (NumPy's
     * {@code put}, {@code a[m] = v}: one call, atomic as every call is). The value must not raise
     * part way through (a where, a gather, a cast).
     */
    public static void update(java.util.function.Supplier<Node> build, View target, Target on) {
        DeferredWrites.writing(target.buffer());
        DeferredWrites.flush(target.buffer(), on);   // a deferred write of the whole buffer runs first
        write(null, target, on, null, build);
    }

    private static void write(Node value, View target, Target on, Buffer deferredOf, java.util.function.Supplier<Node> build) {
        boolean mayRaise = false;
        if (deferredOf == null && build == null) {
            GraphLock.lock();
            try {
                mayRaise = Graph.mayRaise(value);
            } finally {
                GraphLock.unlock();
            }
        }
        if (mayRaise) value = Graph.leaf(evaluate(value, null, on));   // an error must leave the target as it was
        Claims.Claim claim = new Claims.Claim();
        WriteSnapshot w;
        boolean resultToHost;
        List<Kernel> kernels = new ArrayList<>();
        Plan plan;
        GraphLock.lock();
        try {
            while (true) {   // what the value reads may change while this waits (a node it reads gets computed)
                if (deferredOf != null) {
                    value = deferredOf.deferredValue();
                    target = deferredOf.deferredTarget();
                    if (value == null) {   // another thread took it: it holds the buffer's claim until it has run
                        claim.release();
                        return;
                    }
                }
                if (build != null) value = build.get();   // from the target's values now, under this hold
                claim.reset();
                claim.write(target.buffer());
                claimReads(claim, value);
                if (claim.tryAcquire()) break;
                GraphLock.awaitChange();
            }
            if (deferredOf != null) deferredOf.clearDeferredWrite();
            try {
                // where the array is before the write: a snapshot that takes its storage leaves it
                // nowhere, which read as the host, and auto then priced a device-resident Jacobi
                // step's device run with a copy back of the grid that never happened
                if (deferredOf == null && build == null && value instanceof Node.Const c && onHost(target.buffer(), on)
                        && WriteSnapshot.writeElement(target, c)) {   // an element set on the host: no copy of the array for its readers
                    claim.release();
                    return;
                }
                resultToHost = DeviceCopies.currentAt(target.buffer()).contains("jvm");
                w = WriteSnapshot.before(target, value);
                if (w.snapshot() != null) claim.addHeld(w.snapshot(), true);
                plan = Fusion.plan(w.value(), target, on.kernelLimits());
                kernels.addAll(restoring(w, on));
                kernels.addAll(plan.kernels());
                assert claimed(claim, kernels, target.buffer()) : "a write's kernels read a buffer it did not claim";
            } catch (RuntimeException | Error e) {
                claim.release();
                throw e;
            }
        } finally {
            GraphLock.unlock();
        }
        boolean wrote = false;
        try {
            Scheduler.run(kernels, on, resultToHost);   // an array on the host stays there
            wrote = true;
        } finally {
            GraphLock.lock();
            try {
                if (wrote) plan.memoiseAll(); else w.undo();   // after a failure the buffer's old values come back from the snapshot
                // a deferred write's value is private (Graph.deferredValue): it is the buffer now, and
                // what builds on it (the other arrays of the loop's step) reads the buffer, not computes it again
                if (wrote && deferredOf != null && value.result() == null && value == w.value()) value.memoise(target);
                if (!wrote && deferredOf != null && !deferredOf.hasDeferredWrite()) deferredOf.deferWrite(value, target);   // and a deferred write waits again
                w.done();
                claim.release();
            } finally {
                GraphLock.unlock();
            }
        }
    }

    /**
     * True when a write on {@code on} of {@code b} runs on the host anyway: the JVM's, or auto's
     * (which puts a write too small to move there), with {@code b}'s values current on the host.
     */
    private static boolean onHost(Buffer b, Target on) {
        return (on == JvmTarget.INSTANCE || on instanceof AutoTarget) && DeviceCopies.residencyOf(b) != DeviceCopies.Residency.DEVICE;
    }

    /**
     * Runs the deferred writes of {@code buffers} (those that still have one) as one evaluation
     * ({@link Fusion#planTogether}): the writes of a loop's step in a {@link io.numfuse.ir.Scope},
     * run when it closes, are one kernel where they are element-wise maps of one shape (a
     * Mandelbrot step's {@code zr}, {@code zi} and counts: three evaluations a step before, each
     * a launch on a device, and three plans that auto placed apart). Each write takes its snapshot
     * in turn, as written one after the other, so no value reads a target the evaluation stores.
     */
    static void writeDeferred(List<Buffer> buffers, Target on) {
        Claims.Claim claim = new Claims.Claim();
        List<Buffer> mine = new ArrayList<>();
        List<Node> values = new ArrayList<>();
        List<View> targets = new ArrayList<>();
        List<WriteSnapshot> snapshots = new ArrayList<>();
        List<Kernel> kernels = new ArrayList<>();
        Plan plan = null;
        boolean resultToHost = false;
        GraphLock.lock();
        try {
            while (true) {
                mine.clear();
                values.clear();
                targets.clear();
                claim.reset();
                for (Buffer b : buffers) {
                    Node value = b.deferredValue();
                    if (value == null || mine.contains(b)) continue;
                    mine.add(b);
                    values.add(value);
                    targets.add(b.deferredTarget());
                    claim.write(b);
                    claimReads(claim, value);
                }
                if (mine.size() < 2) break;
                if (claim.tryAcquire()) break;
                GraphLock.awaitChange();
            }
            if (mine.size() < 2) {
                claim.release();
            } else {
                try {
                    for (int i = 0; i < mine.size(); i++) {
                        mine.get(i).clearDeferredWrite();
                        resultToHost |= DeviceCopies.currentAt(mine.get(i)).contains("jvm");
                    }
                    List<Node> written = new ArrayList<>();
                    for (int i = 0; i < mine.size(); i++) {
                        WriteSnapshot w = WriteSnapshot.before(targets.get(i), values.get(i));
                        snapshots.add(w);
                        if (w.snapshot() != null) claim.addHeld(w.snapshot(), true);
                        kernels.addAll(restoring(w, on));
                        written.add(w.value());
                    }
                    plan = Fusion.planTogether(written, targets, on.kernelLimits());
                    kernels.addAll(plan.kernels());
                } catch (RuntimeException | Error e) {
                    undo(snapshots, mine, values, targets);
                    claim.release();
                    throw e;
                }
            }
        } finally {
            GraphLock.unlock();
        }
        if (mine.size() < 2) {   // one write, or none: as any flush
            for (Buffer b : mine) DeferredWrites.flush(b, on);
            return;
        }
        boolean wrote = false;
        try {
            Scheduler.run(kernels, on, resultToHost);
            wrote = true;
        } finally {
            GraphLock.lock();
            try {
                if (wrote) {
                    plan.memoiseAll();
                    for (int i = 0; i < mine.size(); i++) {   // each value is its buffer now, as after a write of its own
                        Node value = values.get(i);
                        if (value.result() == null && value == snapshots.get(i).value()) value.memoise(targets.get(i));
                        snapshots.get(i).done();
                    }
                } else {
                    undo(snapshots, mine, values, targets);
                }
                claim.release();
            } finally {
                GraphLock.unlock();
            }
        }
    }

    /** After a failed {@link #writeDeferred}: each buffer's old values come back, last write first, and its write waits again. */
    private static void undo(List<WriteSnapshot> snapshots, List<Buffer> buffers, List<Node> values, List<View> targets) {
        for (int i = snapshots.size() - 1; i >= 0; i--) {
            snapshots.get(i).undo();
            snapshots.get(i).done();
        }
        for (int i = 0; i < buffers.size(); i++) if (!buffers.get(i).hasDeferredWrite()) buffers.get(i).deferWrite(values.get(i), targets.get(i));
    }

    /** The kernels that copy back what write {@code w} leaves alone ({@link WriteSnapshot#restore}), for {@code on}: run with the write. */
    static List<Kernel> restoring(WriteSnapshot w, Target on) {
        if (w.restore().isEmpty()) return List.of();
        List<Kernel> kernels = new ArrayList<>();
        for (View[] copy : w.restore()) kernels.addAll(Fusion.plan(Graph.leaf(copy[0]), copy[1], on.kernelLimits()).kernels());
        return kernels;
    }

    /** Runs a plan made by the caller (tests, benchmarks) on {@code on} and memoises its nodes. */
    public static void run(Plan plan, Target on) {
        Scheduler.run(plan.kernels(), on, false);
        GraphLock.lock();
        try {
            plan.memoiseAll();
        } finally {
            GraphLock.unlock();
        }
    }

    /**
     * A read of {@code v}'s values on the host, for try-with-resources: while it is open no
     * operation writes the buffer, so the reader sees all of a write or none of it.
     */
    public static HostRead read(View v) { return read(new View[] { v }); }

    /**
     * A read of several views' values on the host, claimed together (one claim, so that a reader
     * of two arrays never holds one while it waits for the other).
     */
    public static HostRead read(View... views) {
        Claims.Claim c = new Claims.Claim();
        for (View v : views) c.read(v.buffer());
        GraphLock.lock();
        try {
            c.acquire();
        } finally {
            GraphLock.unlock();
        }
        return new HostRead(c);
    }

    /** An open host read ({@link #read}); closing it lets writers of the buffer go on. */
    public static final class HostRead implements AutoCloseable {
        private final Claims.Claim claim;

        private HostRead(Claims.Claim claim) { this.claim = claim; }

        @Override
        public void close() {
            GraphLock.lock();
            try {
                claim.release();
            } finally {
                GraphLock.unlock();
            }
        }
    }

    // ---- explain -----------------------------------------------------------------------------------

    /**
     * Where {@code on} would run each of {@code kernels} now, and why: for {@code auto} the cost
     * model's prediction on every target and where the inputs are; for a named target, that
     * target. Decides only: nothing runs and nothing is built.
     */
    public static String describePlacement(java.util.List<Kernel> kernels, Target on, boolean hostReads) {
        if (!(on instanceof AutoTarget auto)) return "every kernel on " + on.name() + " (named)\n";
        return Placement.decide(kernels, auto, hostReads, false).describe();
    }

    /** What the last evaluation under {@code auto} on this thread did: where each kernel ran and how long it took; empty if none. */
    public static String lastPlacement() {
        Placement p = LastPlacement.last();
        return p == null ? "" : p.describe();
    }

    // ---- helpers (called with the graph lock held) ------------------------------------------------

    /** The values of {@code n} when they exist: a leaf's view or a memoised result. */
    private static View valueOf(Node n) {
        if (n instanceof Node.Leaf l) return l.view();
        if (n.isRetired()) throw Scope.usedAfterClose();
        return n.result();
    }

    /** For a view of a computed or pending array (not of a leaf: that is a snapshot's), the array; else null. */
    private static Node viewedArray(Node root) {
        if (!(root instanceof Node.Reindex r)) return null;
        Node x = r.x();
        return x == null || x instanceof Node.Leaf || x instanceof Node.Const ? null : x;
    }

    private static boolean computedElsewhere(Plan plan) {
        if (COMPUTING.isEmpty()) return false;
        for (Node n : plan.memo().keySet()) if (COMPUTING.containsKey(n)) return true;
        return false;
    }

    /** Claims what the kernels read (the buffers they make themselves excepted) and {@code written}. */
    private static void claimBuffers(Claims.Claim claim, List<Kernel> kernels, Buffer written) {
        for (Kernel k : kernels) {
            for (View in : k.inputs()) if (!madeBy(kernels, in.buffer(), written)) claim.read(in.buffer());
        }
        if (written != null) claim.write(written);
    }

    /** True when {@code b} is the output of one of the kernels and not {@code written}: a buffer the plan makes. */
    private static boolean madeBy(List<Kernel> kernels, Buffer b, Buffer written) {
        if (b == written) return false;
        for (Kernel k : kernels) for (View o : k.outputs()) if (o.buffer() == b) return true;
        return false;
    }

    /** True when every buffer the kernels read is claimed, made by them, or {@code written}. */
    private static boolean claimed(Claims.Claim claim, List<Kernel> kernels, Buffer written) {
        Claims.Claim needed = new Claims.Claim();
        claimBuffers(needed, kernels, written);
        return claim.covers(needed);
    }

    /** Claims, for reading, every buffer that evaluating {@code value} reads: its leaves' and its computed nodes'. */
    private static void claimReads(Claims.Claim claim, Node value) {
        List<Node> todo = new ArrayList<>();
        Set<Node> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        todo.add(value);
        while (!todo.isEmpty()) {
            Node n = todo.removeLast();
            if (!seen.add(n)) continue;
            View v = n instanceof Node.Leaf l ? l.view() : n.result();
            if (v != null) claim.read(v.buffer()); else todo.addAll(n.operands());
        }
    }
}
