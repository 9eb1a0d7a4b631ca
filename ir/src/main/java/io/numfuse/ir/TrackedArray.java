package io.numfuse.ir;

import io.numfuse.core.DType;
import java.lang.ref.PhantomReference;
import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.SoftReference;
import java.lang.ref.WeakReference;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The large Java array of one buffer, watched so that it goes to {@link HostSpares} once the
 * collector finds the buffer dead: a result nobody holds any more then gives its storage to the
 * next result of its size, which neither the JVM zeroes nor the collector has to find room for.
 *
 * <p>Only arrays that never leave numfuse are watched: those {@link Buffer} makes for storage a
 * kernel writes whole (a kernel's output, a buffer's new storage after a write handed its array
 * to a snapshot, a snapshot's copy). Whatever reads or writes such an array holds its buffer
 * (views, nodes, snapshots, the kernels that bind it, until they are done: see
 * {@code JvmTarget.run}; device copies refer to the buffer, never to its array), so once the
 * buffer is phantom reachable nothing can read or write the array. An array moves between buffers (to a
 * snapshot, back from one): its watch moves with it ({@link #moveTo}), and whoever takes the
 * array out of a watch ({@link #unwatch}, or the collector's queue) is the only one to get it.
 * Arrays wrapped from the caller ({@link Buffer#wrap}) and the zero-filled ones of
 * {@link Buffer#allocate} (whose array a caller may be given) are never watched.
 */
final class TrackedArray extends PhantomReference<Buffer> {
    /** Arrays from this size (bytes) may be watched; a smaller one costs the JVM little to allocate and zero. */
    static final long MIN_BYTES = 1L << 20;

    /**
     * Arrays from this size (bytes) are watched: {@link #MIN_BYTES}, or on G1 at least half a heap
     * region, from which G1 allocates an array as a humongous object, which it never copies. A
     * smaller array lives in the young generation, and a dead one held (softly) here until it is
     * offered would be copied by the young collection that finds its buffer dead: it costs the
     * collector more than the JVM's zeroing of a new array saves, and the arrays the spares cannot
     * keep fill the old generation. A plain Jacobi step over a 500x500 float64 grid (2 MB, 4 MiB
     * regions) spent more time in the collector than in its kernels (docs/PERFORMANCE.md, issue 13).
     * The region size is read on a thread of its own when the first large array is made (the
     * management API takes 40-150 ms to start, which a first call should not wait for); until
     * then {@link #MIN_BYTES}.
     */
    private static volatile long watchBytes = MIN_BYTES;
    private static final java.util.concurrent.atomic.AtomicBoolean ASKED = new java.util.concurrent.atomic.AtomicBoolean();

    /** The size from which arrays are watched now (see {@link #watchBytes}); the first call asks for G1's region size in the background. */
    static long watchBytes() {
        if (!ASKED.get() && ASKED.compareAndSet(false, true)) {
            Thread.ofPlatform().daemon().name("numfuse-collector-regions")
                    .start(() -> watchBytes = Math.max(MIN_BYTES, CollectorRegions.neverCopiedBytes()));
        }
        return watchBytes;
    }

    private static final ReferenceQueue<Buffer> DEAD = new ReferenceQueue<>();
    /** The watches in force: a reference must stay reachable to be enqueued. */
    private static final Set<TrackedArray> WATCHED = ConcurrentHashMap.newKeySet();

    private final DType dtype;
    private final int length;
    /**
     * Softly: while the buffer lives its array is strongly reachable through it; once it dies, a
     * collector short of memory may take the array back before it is offered (a strong reference
     * here would keep a dead result's storage until numfuse next allocates).
     */
    private SoftReference<Object> array;   // guarded by this

    private TrackedArray(Buffer owner, Object array) {
        super(owner, DEAD);
        this.dtype = owner.dtype();
        this.length = owner.length();
        this.array = new SoftReference<>(array);
    }

    /** True when an array of {@code bytes} numfuse makes is watched, so that it becomes a spare once its buffer dies. */
    static boolean watches(long bytes) { return bytes >= MIN_BYTES && bytes >= watchBytes() && HostSpares.MAX_BYTES > 0; }

    /** Watches {@code array}, the storage of {@code owner}, when it is large enough; else null. */
    static TrackedArray watch(Buffer owner, Object array) {
        if (!watches((long) owner.length() * owner.dtype().itemSize())) return null;
        TrackedArray t = new TrackedArray(owner, array);
        WATCHED.add(t);
        Reference.reachabilityFence(owner);
        return t;
    }

    /** The array leaves its buffer (given away or dropped): stops watching it. Returns it, or null when it was gone already. */
    Object unwatch() {
        WATCHED.remove(this);
        clear();
        return takeArray();
    }

    /** The array moves to {@code owner}: the watch moves with it. */
    TrackedArray moveTo(Buffer owner) {
        Object a = unwatch();
        return a == null ? null : watch(owner, a);
    }

    private synchronized Object takeArray() {
        Object a = array == null ? null : array.get();
        array = null;
        return a;
    }

    /** Gives the arrays of the buffers the collector found dead since the last call to the spares; returns their bytes. */
    static long offerDead() {
        long bytes = 0;
        for (Reference<? extends Buffer> r; (r = DEAD.poll()) != null;) bytes += offer((TrackedArray) r);
        return bytes;
    }

    private static long offer(TrackedArray t) {
        WATCHED.remove(t);
        Object a = t.takeArray();
        if (a == null) return 0;
        HostSpares.offer(t.dtype, t.length, a);
        return (long) t.length * t.dtype.itemSize();
    }

    /**
     * Asks the collector for dead buffers and offers their arrays to the spares (the first may take
     * up to 100 ms to be handed over after the collection: the reference handler thread waits for a
     * core on a busy machine); returns their bytes, or -1 when the JVM
     * ignored the request ({@code -XX:+DisableExplicitGC}).
     */
    static long collect() {
        WeakReference<Object> probe = new WeakReference<>(new Object());
        REQUESTS.incrementAndGet();
        System.gc();
        if (probe.get() != null) return -1;
        try {
            Reference<? extends Buffer> r = DEAD.remove(100);
            return (r == null ? 0 : offer((TrackedArray) r)) + offerDead();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return offerDead();
        }
    }

    /** Requests to the collector made here ({@link #collect}), counted before each is made: {@link Buffer#collectorRequests}. */
    static final java.util.concurrent.atomic.AtomicLong REQUESTS = new java.util.concurrent.atomic.AtomicLong();

    /** Watches in force (for tests). */
    static int watched() { return WATCHED.size(); }
}
