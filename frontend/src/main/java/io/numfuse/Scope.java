package io.numfuse;

/**
 * A block of code whose lazy expressions are not used after it ends, in exchange for storage
 * that is freed when it ends instead of when the collector finds it dead: what
 * {@link Num#scope()} opens, for try-with-resources.
 *
 * <p>A write takes a snapshot of its array for the pending expressions that read it (laziness
 * rule 2). Java cannot tell when the last of them dies, so without a scope a snapshot's storage
 * (its array, its device copies) goes back only after a garbage collection. A loop such as a
 * Jacobi step {@code u[1:-1, 1:-1] = f(u)} takes a snapshot per step: on a device each step then
 * needs a new device buffer until the collector runs. In a scope, the expressions built inside it
 * are retired when it closes (evaluating or building on one afterwards fails with an
 * {@link IllegalStateException}), and a snapshot taken inside it that no other pending expression
 * reads is freed at once, as a hand-written loop swaps two buffers. Arrays (evaluated results,
 * views of them) are not affected.
 *
 * <p>A scope belongs to the thread that opened it; scopes nest and close innermost first. A
 * snapshot that an outer expression still reads passes to the enclosing scope (or to the
 * collector).
 */
public final class Scope implements AutoCloseable {
    private final io.numfuse.ir.Scope inner;
    /** The enclosing scope's deferred writes ({@code DeferredWrites.scopeOpened}). */
    private final Object outerWrites;
    private boolean closed;

    Scope(io.numfuse.ir.Scope inner, Object outerWrites) {
        this.inner = inner;
        this.outerWrites = outerWrites;
    }

    /**
     * Runs the writes of whole arrays made in this scope that still wait (together, as one
     * evaluation on the current target), then retires the expressions built in it that are still
     * pending and frees the storage of the snapshots taken in it that no pending expression reads
     * any more. Closing it again does nothing.
     *
     * @throws IllegalStateException if another thread closes it, or an inner scope is still open
     */
    @Override
    public void close() {
        if (!closed && inner.isOpenHere()) {   // a close out of turn fails in the inner scope, before any write runs
            closed = true;
            try {
                io.numfuse.runtime.DeferredWrites.scopeClosing(outerWrites, Num.currentTarget());
            } finally {
                inner.close();
            }
            return;
        }
        inner.close();
    }
}
