package io.numfuse.ir;

import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The lock under which numfuse's shared graph state changes: nodes are built and registered as
 * readers of buffers ({@link Graph}), memoised ({@link Plan#memoiseAll}), moved to snapshots
 * ({@link WriteSnapshot}), retired ({@link Scope}); and under which the runtime plans an
 * evaluation and claims the buffers it reads and writes. It is held for host work of a few
 * microseconds, never while a kernel runs or a program compiles, so threads that work on
 * different arrays run their kernels in parallel while each operation stays atomic with respect
 * to the others (NumPy's guarantee under the GIL).
 *
 * <p>A thread that cannot go on (a buffer it needs is claimed by another thread's kernel, a node
 * it needs is being computed by another thread) waits in {@link #awaitChange()}, which releases
 * the lock; the runtime calls {@link #signalChange()} whenever it releases a claim.
 */
public final class GraphLock {
    private GraphLock() {}

    private static final ReentrantLock LOCK = new ReentrantLock();
    private static final Condition CHANGED = LOCK.newCondition();

    public static void lock() { LOCK.lock(); }

    public static void unlock() { LOCK.unlock(); }

    public static boolean isHeldByCurrentThread() { return LOCK.isHeldByCurrentThread(); }

    /** Releases the lock until another thread calls {@link #signalChange()} (or a short time passes), then takes it again. */
    public static void awaitChange() {
        try {
            CHANGED.await(10, java.util.concurrent.TimeUnit.MILLISECONDS);   // a bounded wait: a missed signal costs 10 ms, never a hang
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Wakes the threads in {@link #awaitChange()}; call with the lock held. */
    public static void signalChange() { CHANGED.signalAll(); }
}
