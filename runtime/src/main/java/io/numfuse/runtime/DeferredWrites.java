package io.numfuse.runtime;

import io.numfuse.ir.BoxUpdate;
import io.numfuse.ir.Buffer;
import io.numfuse.ir.Graph;
import io.numfuse.ir.GraphLock;
import io.numfuse.ir.IndexMap;
import io.numfuse.ir.Node;
import io.numfuse.ir.Scope;
import io.numfuse.ir.View;
import io.numfuse.ir.WriteSnapshot;
import java.lang.ref.WeakReference;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Writes of a whole array that wait to run, as the expressions do: {@code x.assign(x.add(v.mul(dt)))}
 * records that {@code x}'s buffer is to hold the value, and what reads {@code x} afterwards reads
 * that value, lazily. A loop of such writes ({@code x += dt*v; v -= dt*x}) is then one lazy
 * graph, which the evaluation cuts at its live state and fuses, many steps a kernel, as it does a
 * loop written with new arrays; the write itself runs when anything observes the buffer
 * ({@link #flush}): a host read, a write of part of it that does not wait itself, or
 * {@code eval()}. A view of the buffer reads the waiting value lazily ({@link #valueOf}).
 *
 * <p>A write of a box of the array ({@code u[1:-1, 1:-1] = f(u)}, a Jacobi step written plainly)
 * waits too, outside scopes and pinned blocks: as the whole array's value after it, the box
 * replaced ({@link BoxUpdate}), so that the next step reads it and a loop of steps is one lazy
 * graph whose plans store the steps in two arrays taking turns. Only one thread's box writes of
 * an array wait ({@link Buffer#boxWritesMayWait}): a waiting box write holds the other boxes as
 * they were, and threads writing disjoint parts of one array lost each other's writes.
 *
 * <p>Only updates of an array from its own values wait ({@link #reads}), and only those that
 * nothing outside numfuse can observe: into an array numfuse
 * allocated (not a wrapped Java array, which its owner may read at any time), of every element
 * through a C-contiguous view, of a pending value (not an array's values, which a later write
 * could change under it) of the array's shape and dtype that cannot raise part way. In a scope
 * opened by {@code Num.scope()} the writes still waiting when it closes run then, together, before
 * its nodes retire ({@link #scopeClosing}): a Mandelbrot step's three writes are one kernel (a
 * scope opened otherwise runs them at once). Laziness rule 2 holds as
 * for any write: arrays defined before it read the buffer's old values, which it keeps until the
 * write runs (and then moves to a snapshot if they are still pending).
 *
 * <p>The state lives on the {@link Buffer} (its deferred value and target), guarded by the
 * {@link GraphLock}; running a deferred write takes it in the same hold of the lock that claims
 * the buffer ({@link Executor#write(Node, View, Target, Buffer)}), so a thread that reads the
 * buffer afterwards waits for the write and sees its values.
 */
public final class DeferredWrites {
    private DeferredWrites() {}

    /** The buffers whose writes were deferred in the innermost pinned block open on this thread ({@link #inBlock}). */
    private static final ThreadLocal<List<WeakReference<Buffer>>> BLOCK = new ThreadLocal<>();

    /**
     * Runs {@code work} as a block pinned to {@code on} ({@code Num.on}): the writes it defers run
     * on {@code on} when it ends (those still waiting, together: {@link Executor#writeDeferred}),
     * so that a block's work is done where the program asked, as it would be with writes that ran
     * at once.
     */
    public static <T> T inBlock(Target on, Supplier<T> work) {
        List<WeakReference<Buffer>> outer = BLOCK.get(), mine = new ArrayList<>();
        BLOCK.set(mine);
        T result;
        try {
            result = work.get();
        } finally {   // after a failure the block's writes still wait, and run when observed
            if (outer == null) BLOCK.remove(); else BLOCK.set(outer);
        }
        runTogether(mine, on);   // together, as a scope's
        return result;
    }

    /** Runs the writes of {@code buffers} that still wait, on {@code on}, as one evaluation ({@link Executor#writeDeferred}). */
    private static void runTogether(List<WeakReference<Buffer>> buffers, Target on) {
        List<Buffer> waiting = new ArrayList<>(buffers.size());
        for (var r : buffers) {
            Buffer b = r.get();
            if (b != null && b.hasDeferredWrite()) waiting.add(b);
        }
        if (!waiting.isEmpty()) Executor.writeDeferred(waiting, on);
    }

    /**
     * The buffers whose writes were deferred in the innermost scope open on this thread that
     * {@link #scopeOpened} opened (null when none is): they run together when it closes.
     */
    private static final ThreadLocal<List<WeakReference<Buffer>>> SCOPE = new ThreadLocal<>();

    /**
     * A {@link Scope} opens on this thread ({@code Num.scope()}): the writes deferred until it
     * closes run then, together ({@link #scopeClosing}). Returns what {@link #scopeClosing} takes
     * back: the enclosing scope's writes.
     */
    public static Object scopeOpened() {
        List<WeakReference<Buffer>> outer = SCOPE.get();
        SCOPE.set(new ArrayList<>(4));
        return outer;
    }

    /**
     * The scope {@link #scopeOpened} opened closes (before its nodes retire): the writes deferred
     * in it that still wait run on {@code on} as one evaluation ({@link Executor#writeDeferred}),
     * as a loop's step written with writes that ran at once would have run them, one each.
     */
    @SuppressWarnings("unchecked")
    public static void scopeClosing(Object outer, Target on) {
        List<WeakReference<Buffer>> mine = SCOPE.get();
        if (outer == null) SCOPE.remove(); else SCOPE.set((List<WeakReference<Buffer>>) outer);
        if (mine != null) runTogether(mine, on);
    }

    /** True when {@code list} names {@code b}. */
    private static boolean holds(List<WeakReference<Buffer>> list, Buffer b) {
        for (var r : list) if (r.get() == b) return true;
        return false;
    }

    /** {@code -Dnumfuse.deferWrites=false} runs every write at once (for comparisons). */
    static final boolean ENABLED = !"false".equals(System.getProperty("numfuse.deferWrites"));

    /** {@code -Dnumfuse.deferBoxWrites=false} runs a write of a box of an array at once, as before (for comparisons). */
    static final boolean BOXES = !"false".equals(System.getProperty("numfuse.deferBoxWrites"));

    /**
     * Defers writing {@code value} into {@code target}, a write that would run on {@code on}, when
     * nothing outside numfuse can see the difference (see the class comment); returns false,
     * having done nothing, otherwise. A write of a box waits only where its steps would run on the
     * host: on an OpenCL device the concatenation that is the step's value is a parts kernel whose
     * work-items each compute a chunk of 4,096 elements, and a plain Jacobi step over 500x500
     * float64 took 581-670 us a step on PoCL that way against 202-447 us run at once (a 2-D map and the frame's copies;
     * docs/PERFORMANCE.md, "A write of a box of an array waits").
     */
    public static boolean defer(Node value, View target, Target on) {
        Buffer b = target.buffer();
        var scope = SCOPE.get();
        if (!ENABLED || !b.owned() || Scope.isOpen() && scope == null || value instanceof Node.Const || value.dtype() != target.dtype()
                || !Arrays.equals(value.shape(), target.shape())) {
            return false;
        }
        boolean box = !target.coversBuffer();
        // a box of the array (a Jacobi step's u[1:-1, 1:-1]) waits only in plain code: a scope or a pinned block runs its writes when it ends anyway
        if (box && (!BOXES || scope != null || BLOCK.get() != null || on instanceof OpenClTarget)) return false;
        GraphLock.lock();
        try {
            // a pending value is a reader of what it reads (a later write of that keeps its old values for it); a leaf is not
            if (!value.isPending() || value.isRetired() || !reads(value, b) || Graph.mayRaise(value)) return false;
            if (box && !b.boxWritesMayWait(Thread.currentThread())) return false;   // another thread writes boxes of it too: at once (after its waiting write)
            Node deferred;
            View whole = target;
            if (box) {   // the whole array after the write: its values now (or its deferred value), the box replaced
                Node now = b.deferredValue();
                whole = now != null ? b.deferredTarget() : BoxUpdate.wholeOf(target);
                if (whole == null) return false;
                deferred = BoxUpdate.update(now != null ? now : Graph.leaf(whole), whole, target, value);
                if (deferred == null) return false;
            } else {
                deferred = Graph.deferredValue(value);
            }
            WriteSnapshot.resolvePendingViews(b);   // a lazy view of the array shows the write: it becomes a view of the buffer
            b.deferWrite(deferred, whole);
            var block = BLOCK.get();
            if (block != null && !holds(block, b)) block.add(new WeakReference<>(b));   // the block's work, whenever the write before it was made
            // always the scope's (its value was built in it, and retires with it), even when the
            // buffer's earlier deferred write was made before the scope: left waiting past the
            // close, the write's value could never run
            if (scope != null && !holds(scope, b)) scope.add(new WeakReference<>(b));
            return true;
        } finally {
            GraphLock.unlock();
        }
    }

    /**
     * The value an array over {@code v} has now: the deferred write's value when its buffer has one
     * and {@code v} is the view it writes, or that value seen through {@code v} when {@code v} is
     * another view of its grid ({@link BoxUpdate#within}); null when the buffer has none, or after
     * running it when {@code v} is no such view (its values are then the buffer's).
     */
    public static Node valueOf(View v, Target on) {
        Buffer b = v.buffer();
        if (!b.hasDeferredWrite()) return null;
        GraphLock.lock();
        try {
            Node value = b.deferredValue();
            if (value == null) return null;
            View whole = b.deferredTarget();
            if (whole.equals(v)) return value;
            // another view of the buffer (a slice the next step reads): that part of the value, lazily
            IndexMap map = BoxUpdate.within(v, whole);
            if (map != null) return Graph.reindex(value, map);
        } finally {
            GraphLock.unlock();
        }
        flush(b, on);
        return null;
    }

    /**
     * A write of {@code b} that runs at once is about to flush and make it, on this thread: it
     * counts as this thread's writing of {@code b} ({@link Buffer#boxWritesMayWait}), before the
     * flush, so that no box write of another thread waits from then on. Counted only when a
     * thread tried to defer one, a thread whose writes never tried (a box write that ran at once
     * for another reason) lost its writes to the other's waiting whole-array value in one of some
     * five runs of {@code ThreadModelTest} under auto:random.
     */
    static void writing(Buffer b) {
        if (!b.owned()) return;   // never deferred: nothing to guard
        GraphLock.lock();
        try {
            b.boxWritesMayWait(Thread.currentThread());
        } finally {
            GraphLock.unlock();
        }
    }

    /** Runs the deferred write of {@code b} on {@code on}, if it has one: its buffer is about to be observed. */
    public static void flush(Buffer b, Target on) {
        if (b.hasDeferredWrite()) Executor.write(null, null, on, b);
    }

    /** Pending nodes {@link #reads} visits at most before it answers yes. */
    static final int READS_WALK = 4096;

    /**
     * True when {@code value} reads {@code b} (a leaf or a computed node over it, or its deferred
     * value), or is too large to tell within {@link #READS_WALK} nodes: an update of an array from
     * its own values, as a loop's step is. Only such a write waits: the next step reads it, and
     * fuses with it. A write of values that do not read the array (an {@code out=} buffer filled
     * again and again) runs at once, as it did, since nothing of it would fuse.
     */
    static boolean reads(Node value, Buffer b) {
        Node deferred = b.deferredValue();
        ArrayDeque<Node> todo = new ArrayDeque<>();
        Set<Node> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        todo.push(value);
        while (!todo.isEmpty()) {
            Node n = todo.pop();
            if (isOrHolds(n, b, deferred)) return true;
            if (n.result() != null || n instanceof Node.Leaf) continue;
            for (Node o : n.operands()) {   // operands first: a step's update reads its array at once
                if (isOrHolds(o, b, deferred)) return true;
                if (seen.add(o)) todo.push(o);
            }
            if (seen.size() > READS_WALK) return true;
        }
        return false;
    }

    /** True when {@code n} is {@code b}'s deferred value, or has its values in {@code b}. */
    private static boolean isOrHolds(Node n, Buffer b, Node deferred) {
        if (n == deferred) return true;
        View v = n instanceof Node.Leaf l ? l.view() : n.result();
        return v != null && v.buffer() == b;
    }
}
