package io.numfuse.ir;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;

/**
 * A block of code whose lazy expressions are not used after it ends, in exchange for storage
 * that is freed when it ends instead of when the collector finds it dead.
 *
 * <p>A write takes a snapshot of its buffer for the pending expressions that read it (laziness
 * rule 2). Java cannot tell when the last of them dies, so without a scope a snapshot's storage
 * (its array, its device copies) goes back only after a garbage collection. A loop such as a
 * Jacobi step {@code u[1:-1, 1:-1] = f(u)} takes a snapshot per step: on a device each step then
 * needs a new device buffer until the collector runs. In a scope, the nodes built inside it are
 * retired when it closes (evaluating or building on one afterwards fails with an
 * {@link IllegalStateException}), and a snapshot taken inside it that no other pending node
 * reads is freed at once: its device buffer is reused by the next step, as a hand-written loop
 * swaps two buffers. Arrays (evaluated results, views of them) are not affected.
 *
 * <p>A scope belongs to the thread that opened it; scopes nest and close innermost first. A
 * snapshot that an outer node still reads passes to the enclosing scope (or to the collector).
 */
public final class Scope implements AutoCloseable {
    private static final ThreadLocal<Scope> CURRENT = new ThreadLocal<>();

    private final Scope outer;
    private final Thread owner = Thread.currentThread();
    /** Snapshots taken in this scope, weakly: a long scope must not keep them alive. */
    private final List<WeakReference<Buffer>> snapshots = new ArrayList<>(2);
    private int pruneAt = 16;
    private volatile boolean closed;

    private Scope(Scope outer) { this.outer = outer; }

    /**
     * Opens a scope on this thread, inside the one open now if there is one
     * ({@code io.numfuse.Num.scope()} calls this).
     *
     * @return the scope; close it (try-with-resources) on the same thread
     */
    public static Scope open() {
        Scope s = new Scope(CURRENT.get());
        CURRENT.set(s);
        return s;
    }

    /** The innermost scope open on this thread, or null. */
    static Scope current() { return CURRENT.get(); }

    /**
     * Whether a scope is open on this thread.
     *
     * @return true when one is
     */
    public static boolean isOpen() { return CURRENT.get() != null; }

    boolean isClosed() { return closed; }

    /**
     * Whether this scope is open and the innermost one of the thread calling: a close now would
     * succeed.
     *
     * @return true when it may be closed now
     */
    public boolean isOpenHere() { return !closed && Thread.currentThread() == owner && CURRENT.get() == this; }

    /** Records a snapshot taken on this thread (by {@link WriteSnapshot}), for the scope open now. */
    static void snapshotTaken(Buffer snapshot) {
        Scope s = CURRENT.get();
        if (s == null) return;
        if (s.snapshots.size() >= s.pruneAt) {   // a long scope: forget the snapshots the collector took
            s.snapshots.removeIf(r -> r.get() == null);
            s.pruneAt = Math.max(16, 2 * s.snapshots.size());
        }
        s.snapshots.add(new WeakReference<>(snapshot));
    }

    /**
     * The error for a node used after its scope closed.
     *
     * @return the exception to throw, with a message that says what to do instead
     */
    public static IllegalStateException usedAfterClose() {
        return new IllegalStateException("this lazy expression was built inside a Num.scope() that has closed: "
                + "evaluate it (eval()) inside the scope, or build it outside");
    }

    /**
     * Retires the nodes built in this scope that are still pending and frees the storage of the
     * snapshots taken in it that no pending node reads any more.
     */
    @Override
    public void close() {
        if (closed) return;
        if (Thread.currentThread() != owner) throw new IllegalStateException("a scope must be closed by the thread that opened it");
        if (CURRENT.get() != this) throw new IllegalStateException("an inner scope is still open: scopes close innermost first");
        if (outer == null) CURRENT.remove(); else CURRENT.set(outer);
        GraphLock.lock();   // a snapshot's storage changes hands, and another thread may be planning with its readers
        try {
            closed = true;                                 // from here the nodes built in it are retired
            for (WeakReference<Buffer> r : snapshots) {
                Buffer b = r.get();
                if (b == null) continue;
                if (b.pendingReaders().isEmpty()) b.release();
                else if (outer != null) outer.snapshots.add(r);
            }
        } finally {
            GraphLock.unlock();
        }
        snapshots.clear();
    }
}
