package io.numfuse.ir;

import io.numfuse.core.DType;
import java.lang.ref.Reference;
import java.lang.ref.SoftReference;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;

/**
 * Flat storage of one dtype, identified by object identity. Backed by a Java array
 * ({@code byte[]} for bool, 0 or 1; {@code int[]}, {@code long[]}, {@code float[]},
 * {@code double[]}), which C2 vectorises.
 *
 * <p>A buffer also knows which pending (not yet evaluated) graph nodes read it directly, so
 * that a write can first preserve what those nodes will see (laziness rule 2).
 *
 * <p><b>Copies on devices.</b> The runtime may keep copies of a buffer on devices (OpenCL
 * devices), which may be newer than the Java array; it attaches an {@link ExternalCopies} to the
 * buffer that owns them (this module knows nothing of devices, and keeps no global hook). The
 * element accessors ({@link #getDouble}, {@link #setLong}, ...) and {@link #copy()} make the
 * array current themselves. Code that uses {@link #array()} directly calls
 * {@link #beforeHostRead()} before reading it and {@link #beforeHostWrite()} before writing it. A Java array passed to {@link #wrap} and then changed behind numfuse's back is
 * not tracked: a device may keep using its older copy.
 */
public final class Buffer {
    private final DType dtype;
    /** The Java array; null until first needed after {@link #detachSnapshot} gave the old one away. */
    private volatile Object data;
    private final int length;
    /** Allocated by numfuse, so no one else holds the array: a write may give it to a snapshot. */
    private final boolean owned;
    /** Set by {@link #detachSnapshot} until {@link #contentsDefined}: every element is about to be written. */
    private volatile boolean undefined;
    /** Set by {@link #release}: the storage of a snapshot nothing reads any more is gone. */
    private volatile boolean released;
    private final PendingNodes readers = new PendingNodes();
    /** The watch that gives a large array numfuse made to {@link HostSpares} once this buffer dies; null for others. */
    private TrackedArray tracked;
    /** While lazily taken snapshots read this buffer's array ({@link UndoLog}): their log, which its element writes add to; else null. */
    private volatile UndoLog log;
    /** For a snapshot taken lazily: where its values are, until they are first needed; else null. */
    private volatile UndoLog.Mark lazy;

    // the storage of a released snapshot coming back (detachSnapshot, release): guarded by this buffer's monitor
    /** For a snapshot: the buffer whose storage it took (weakly: a snapshot must not keep it alive). */
    private WeakReference<Buffer> origin;
    /** The latest snapshot of this buffer, until it is released (weakly: it dies with its readers). */
    private WeakReference<Buffer> lastSnapshot;
    /**
     * The latest snapshot once released: its storage, kept for this buffer's next snapshot
     * (softly: under memory pressure the collector takes it back).
     */
    private SoftReference<Buffer> previous;
    /** The views written since the latest snapshot; null when unknown (or no snapshot was taken). */
    private List<View> written;

    /** Which operations use this buffer now: the runtime's bookkeeping (its {@code Claims}), guarded by the {@link GraphLock}. */
    private Object claims;

    /**
     * When the host last put values here that it will put again ({@link System#nanoTime}; 0:
     * never): a caller's array wrapped or adopted, or a write the runtime knows stays on the
     * host. A hint for the runtime's choices, written without synchronisation.
     */
    private long hostWrittenAt;

    /** The copies of this buffer outside its Java array, kept by the runtime; null while there are none. */
    private volatile ExternalCopies copies;

    /**
     * A write of the whole buffer that has not run yet (the runtime's {@code DeferredWrites}): the
     * value the buffer is to hold, and the view it is written through; null when none. Guarded by
     * the {@link GraphLock} (read without it only to learn whether there is one).
     */
    private volatile Node deferredValue;
    private View deferredTarget;

    private Buffer(DType dtype, Object data, int length, boolean owned) {
        this.dtype = dtype;
        this.data = data;
        this.length = length;
        this.owned = owned;
    }

    /** A zero-filled buffer. */
    public static Buffer allocate(DType dtype, int length) {
        return new Buffer(dtype, newArray(dtype, length), length, true);
    }

    /**
     * A buffer for a kernel's output, which the kernel writes whole before anything reads it: its
     * array is made on first use, from {@link HostSpares} when one fits (the storage of released
     * snapshots and of dead results), so that a result that lives on a device gets no host array
     * until the host reads it. A large array made here goes back to the spares when the buffer
     * dies ({@link TrackedArray}).
     */
    public static Buffer forOutput(DType dtype, int length) {
        return new Buffer(dtype, null, length, true);
    }

    /** A new zero-filled Java array of the type {@code dtype} uses. */
    static Object newArray(DType dtype, int length) {
        return switch (dtype) {
            case BOOL -> new byte[length];
            case INT32 -> new int[length];
            case INT64 -> new long[length];
            case FLOAT32 -> new float[length];
            case FLOAT64 -> new double[length];
        };
    }

    /**
     * For tests and measurements: {snapshots taken lazily for element writes ({@link UndoLog}),
     * those of them whose values were then made because a reader of theirs ran}.
     */
    public static long[] lazySnapshots() { return new long[] { UndoLog.TAKEN.get(), UndoLog.MADE.get() }; }

    /** How many times new storage was a spare array (of a released snapshot or a dead result) instead of a new one: for tests and measurements. */
    public static long sparesTaken() { return HostSpares.stats()[2]; }

    /**
     * How many times numfuse's new host storage asked the collector for dead buffers so far
     * (each a full collection, {@code System.gc()}, of 8-18 ms here), counted as each request
     * starts: a run timed across one measured the collector, not the kernel (the runtime learns
     * nothing from it).
     */
    public static long collectorRequests() { return TrackedArray.REQUESTS.get(); }

    /** True when new storage for {@code b} on the host would be a spare array now, not a new one (the cost model then prices none). */
    public static boolean hostSpareFor(Buffer b) { return HostSpares.has(b.dtype(), b.length()); }

    /**
     * True when a result of {@code b}'s size made on the host comes back as a spare once dead,
     * wherever it dies (it is watched: {@link TrackedArray}), so that a loop of such results stops
     * taking new storage; a smaller array comes back only when a {@link Scope} releases it, and
     * outside one is left to the collector and zeroed anew each time.
     */
    public static boolean hostRecycles(Buffer b) { return TrackedArray.watches((long) b.length() * b.dtype().itemSize()); }

    /**
     * The bytes of new Java arrays this thread's buffers took for kernel outputs because no spare
     * fitted, since the thread started: the scheduler's measure of what a result's storage cost.
     */
    public static long freshBytesOnThisThread() { return HostSpares.FRESH.get()[0]; }

    /** True when the buffer has its Java array (a new kernel output gets it when first written). */
    public boolean hasArray() { return data != null || lazy != null; }

    /** Wraps (does not copy) a Java array of the type {@code dtype} uses. */
    public static Buffer wrap(DType dtype, Object array) { return hostWritten(new Buffer(dtype, array, lengthOf(dtype, array), false)); }

    /** A buffer over a Java array that no one else holds (numfuse's copy of a caller's values): {@link #owned()}. */
    public static Buffer adopt(DType dtype, Object array) { return hostWritten(new Buffer(dtype, array, lengthOf(dtype, array), true)); }

    private static Buffer hostWritten(Buffer b) {
        b.hostWrote();
        return b;
    }

    private static int lengthOf(DType dtype, Object array) {
        int n = switch (dtype) {
            case BOOL -> ((byte[]) array).length;
            case INT32 -> ((int[]) array).length;
            case INT64 -> ((long[]) array).length;
            case FLOAT32 -> ((float[]) array).length;
            case FLOAT64 -> ((double[]) array).length;
        };
        return n;
    }

    public DType dtype() { return dtype; }
    public int length() { return length; }

    /**
     * The backing array; its class depends on {@link #dtype()}. It may be stale while a device
     * holds a newer copy: call {@link #beforeHostRead()} or {@link #beforeHostWrite()} first.
     */
    public Object array() {
        Object d = data;
        return d != null ? d : newData(false);
    }

    /**
     * {@link #array()} for a kernel about to write this buffer, called without any lock held (a
     * backend's run, not the planning under the {@link GraphLock}): when the array is yet to be
     * made, numfuse may first ask the collector for the storage of dead buffers
     * ({@link HostSpares#storage}), which takes tens of milliseconds now and then.
     */
    public Object arrayForKernel() {
        Object d = data;
        return d != null ? d : newData(!GraphLock.isHeldByCurrentThread());
    }

    private synchronized Object newData(boolean mayCollect) {
        if (released) throw new IllegalStateException("numfuse bug: the storage of a released snapshot was used");
        UndoLog.Mark m = lazy;
        if (data == null && m != null) {   // a snapshot taken lazily, read at last: its values are made now
            Object d = m.log().values(m.position());
            tracked = TrackedArray.watch(this, d);
            data = d;
            lazy = null;
        }
        if (data == null) {   // a kernel's output, or after detachSnapshot: every element is about to be written, so a spare will do
            Object d = HostSpares.storage(dtype, length, mayCollect);
            tracked = TrackedArray.watch(this, d);
            data = d;
        }
        return data;
    }

    /**
     * True when numfuse allocated the array, so that nothing outside numfuse holds it: a write
     * may then hand the array to a snapshot ({@link #detachSnapshot}) instead of copying it.
     */
    public boolean owned() { return owned; }

    /**
     * Laziness rule 2 without a copy, for a write of {@code target}: returns a new buffer that
     * takes this one's array and device copies (the values pending readers must see), and leaves
     * this buffer with no defined contents until {@link #contentsDefined()}: the caller writes
     * every element of it before anything reads it (the part the write does not cover is copied
     * back from the snapshot). Only for {@link #owned()} buffers.
     *
     * <p>When the storage of this buffer's previous snapshot came back ({@link #release}, at the
     * end of a {@link Scope}) and every write since that snapshot lies inside {@code target},
     * this buffer takes that storage instead: its values outside {@code target} are this
     * buffer's already, so nothing needs restoring and {@link #contentsUndefined()} stays false.
     * A Jacobi loop in scopes then swaps two arrays (and device buffers) and copies nothing.
     */
    public Buffer detachSnapshot(View target) {
        if (!owned) throw new IllegalStateException("a wrapped array is shared with its caller: copy it instead");
        Buffer s = new Buffer(dtype, data, length, true);
        s.hostWrittenAt = hostWrittenAt;   // the values the host put here, read by the plans that read the snapshot
        ExternalCopies c = copies;
        if (c != null) c.moveTo(this, s);
        s.tracked = moveTracked(s);
        moveLogTo(s);   // the snapshots taken lazily read the array where it goes, where nothing writes it
        data = null;
        undefined = true;
        Buffer p;
        List<View> since;
        synchronized (this) {
            p = previous == null ? null : previous.get();
            previous = null;
            since = written;
            written = new ArrayList<>(2);
            lastSnapshot = new WeakReference<>(s);
        }
        s.origin = new WeakReference<>(this);
        if (p != null) {
            if (since != null && within(since, target) && (p.data != null || p.copies != null)) {
                takeStorage(p);
                undefined = false;
            } else {
                p.release();
            }
        }
        return s;
    }

    /** True when every view in {@code writes} is {@code target} (views of one buffer compare by offset, shape and strides). */
    private static boolean within(List<View> writes, View target) {
        for (View w : writes) if (!w.equals(target)) return false;
        return true;
    }

    /**
     * Records a write of {@code target} (this buffer's view) about to run: see
     * {@link #detachSnapshot}. A view already noted is not noted again, and past a few different
     * views the record gives up (the next snapshot restores what its write leaves alone).
     */
    public void noteWrite(View target) {
        boolean giveUp;
        synchronized (this) {
            if (written == null) return;
            for (View w : written) if (w.equals(target)) return;
            written.add(target);
            giveUp = written.size() > MAX_NOTED;
        }
        if (giveUp) unknownWrite();
    }

    static final int MAX_NOTED = 8;

    /** For tests: the views noted since the last snapshot, or -1 when the record gave up. */
    synchronized int notedWrites() { return written == null ? -1 : written.size(); }

    /** A write that is not a view's (an element set on the host, an undone write): forgets what the writes since the last snapshot were. */
    private void unknownWrite() {
        Buffer p;
        synchronized (this) {
            written = null;
            p = previous == null ? null : previous.get();
            previous = null;
        }
        if (p != null) p.release();
    }

    /** This buffer takes the array and device copies of {@code from}, whose own storage is then gone. */
    private void takeStorage(Buffer from) {
        dropTracked();
        tracked = from.moveTracked(this);
        data = from.data;
        from.data = null;
        from.released = true;
        ExternalCopies c = from.copies;
        if (c != null) c.moveTo(from, this);
        Reference.reachabilityFence(from);
    }

    /** This buffer's array goes to {@code to}: returns the watch for {@code to} (null when the array is not watched). */
    private TrackedArray moveTracked(Buffer to) {
        TrackedArray t = tracked;
        tracked = null;
        TrackedArray moved = t == null ? null : t.moveTo(to);
        Reference.reachabilityFence(this);
        return moved;
    }

    /** This buffer's array is given away or dropped: no longer watched. */
    private void dropTracked() {
        TrackedArray t = tracked;
        tracked = null;
        if (t != null) t.unwatch();
        Reference.reachabilityFence(this);
    }

    /**
     * Undoes {@link #detachSnapshot} after a failed write: this buffer takes back the array and
     * device copies of {@code snapshot}, and what the write left in its new storage is dropped.
     */
    public void reattach(Buffer snapshot) {
        ExternalCopies c = copies;
        if (c != null) c.release(this);
        snapshot.moveLogTo(this);   // the array comes back, and the lazily taken snapshots read it here again
        takeStorage(snapshot);
        undefined = false;
        unknownWrite();
    }

    /** After a failed write to a buffer whose old values are in {@code copy}: they come back from it. */
    public void restoreFrom(Buffer copy) {
        beforeHostWrite();
        copy.beforeHostRead();
        System.arraycopy(copy.array(), 0, array(), 0, length);
        unknownWrite();
    }

    /**
     * Frees the storage of a snapshot that no pending node reads any more ({@link Scope}). The
     * latest snapshot of a buffer gives its storage back to that buffer (see
     * {@link #detachSnapshot}); any other's device copies go to the runtime's spares, its array to
     * the spares of new storage.
     */
    void release() {
        if (released || log != null) return;   // lazily taken snapshots read a log's base: the collector frees it with them
        Buffer o = origin == null ? null : origin.get();
        if (o != null) {
            Buffer old = null;
            boolean kept = false;
            synchronized (o) {
                if (o.lastSnapshot != null && o.lastSnapshot.get() == this) {
                    o.lastSnapshot = null;
                    old = o.previous == null ? null : o.previous.get();
                    o.previous = new SoftReference<>(this);
                    kept = true;
                }
            }
            if (kept) {
                if (old != null) old.release();
                return;
            }
        }
        ExternalCopies c = copies;
        if (c != null) c.release(this);
        dropTracked();
        Object d = data;
        data = null;
        released = true;
        if (d != null && owned) HostSpares.offer(dtype, length, d);
    }

    /**
     * True between {@link #detachSnapshot} and {@link #contentsDefined()}: every element is
     * about to be written, so a device need not upload the (meaningless) current contents.
     */
    public boolean contentsUndefined() { return undefined; }

    /** Ends {@link #contentsUndefined()}: the write after a {@link #detachSnapshot} is done. */
    public void contentsDefined() { undefined = false; }

    /** The copies of this buffer outside its Java array ({@link ExternalCopies}), or null when it lives on the host only. */
    public ExternalCopies externalCopies() { return copies; }

    /** For the runtime: attaches the keeper of this buffer's copies elsewhere, or detaches it (null). */
    public void attach(ExternalCopies c) { copies = c; }

    /** The runtime's record of the operations that use this buffer now, or null; call with the {@link GraphLock} held. */
    public Object claims() { return claims; }

    /** Sets {@link #claims()}; call with the {@link GraphLock} held. */
    public void claims(Object c) { claims = c; }

    /** When the host last put values here that it will put again ({@link System#nanoTime}); 0 when never. */
    public long hostWrittenAt() { return hostWrittenAt; }

    /**
     * Notes that the host puts values here now, as it will again: a caller's array, or a write
     * the runtime runs on the host and never moves (a target named for it, work too small to move).
     */
    public void hostWrote() { hostWrittenAt = System.nanoTime(); }

    /** Makes the Java array current before the host reads it (a no-op unless a device holds a newer copy). */
    public void beforeHostRead() {
        ExternalCopies c = copies;
        if (c != null) c.beforeHostRead(this);
    }

    /** Makes the Java array current and drops device copies before the host writes it. */
    public void beforeHostWrite() {
        ExternalCopies c = copies;
        if (c != null) c.beforeHostWrite(this);
    }

    /**
     * The host is about to write every element, reading none: the copies elsewhere are forgotten
     * without being copied back (a device's newer values would be overwritten anyway).
     */
    public void beforeHostOverwrite() {
        ExternalCopies c = copies;
        if (c != null) c.release(this);
    }

    /** Element {@code i} as a long (bool 0/1, ints); only for bool and int buffers. */
    public long getLong(int i) {
        beforeHostRead();
        return switch (dtype) {
            case BOOL -> ((byte[]) array())[i];
            case INT32 -> ((int[]) array())[i];
            case INT64 -> ((long[]) array())[i];
            default -> throw new IllegalStateException("not an integer buffer: " + dtype);
        };
    }

    /** Element {@code i} as a double; only for float buffers. */
    public double getDouble(int i) {
        beforeHostRead();
        return switch (dtype) {
            case FLOAT32 -> ((float[]) array())[i];
            case FLOAT64 -> ((double[]) array())[i];
            default -> throw new IllegalStateException("not a float buffer: " + dtype);
        };
    }

    /** Sets element {@code i} on the host: a write that is no view's, so no storage comes back for it (see {@link #detachSnapshot}). */
    public void setLong(int i, long v) {
        if (written != null || previous != null) unknownWrite();
        storeLong(i, v);
    }

    public void setDouble(int i, double v) {
        if (written != null || previous != null) unknownWrite();
        storeDouble(i, v);
    }

    // ---- element writes that keep lazily taken snapshots ({@link UndoLog}) ------------------------

    /** True while snapshots taken lazily (and not collected) read this buffer's array: a write other than an element's must take a snapshot first. */
    boolean lazySnapshotsDepend() {
        UndoLog l = log;
        return l != null && l.live();
    }

    /** True when an element write may go through this buffer's log ({@link #writeElement}): its log, if any, is not full. */
    boolean elementWritableInPlace() {
        UndoLog l = log;
        return owned && (l == null || !l.full());
    }

    /**
     * {@code to} holds the values this buffer's undo log starts from (this buffer's array, handed
     * over, or a copy of it), and nothing writes it: the lazily taken snapshots read it there from
     * now on, and this buffer may be written as any other.
     */
    void moveLogTo(Buffer to) {
        UndoLog l = log;
        if (l == null) return;
        log = null;
        to.log = l;
        l.rebase(to);
    }

    /** A snapshot of this buffer's values now, without storage: they are made from the log if it is ever read. */
    Buffer lazySnapshot() {
        UndoLog l = log;
        if (l == null) log = l = new UndoLog(this);
        Buffer s = new Buffer(dtype, null, length, true);
        s.hostWrittenAt = hostWrittenAt;
        s.lazy = l.mark(s);
        return s;
    }

    /** Writes element {@code i} ({@code bits} in {@link UndoLog#load}'s form) on the host, keeping its old value for the lazily taken snapshots. */
    void writeElement(int i, long bits) {
        if (written != null || previous != null) unknownWrite();
        beforeHostWrite();
        UndoLog l = log;
        if (l != null) l.write(i, bits); else UndoLog.store(dtype, array(), i, bits);
        hostWrote();
    }

    /** Element {@code i} of a kernel's output (the interpreter's): part of a write its caller noted. */
    void storeLong(int i, long v) {
        beforeHostWrite();
        switch (dtype) {
            case BOOL -> ((byte[]) array())[i] = (byte) (v != 0 ? 1 : 0);
            case INT32 -> ((int[]) array())[i] = (int) v;
            case INT64 -> ((long[]) array())[i] = v;
            default -> throw new IllegalStateException("not an integer buffer: " + dtype);
        }
    }

    void storeDouble(int i, double v) {
        beforeHostWrite();
        switch (dtype) {
            case FLOAT32 -> ((float[]) array())[i] = (float) v;
            case FLOAT64 -> ((double[]) array())[i] = v;
            default -> throw new IllegalStateException("not a float buffer: " + dtype);
        }
    }

    /**
     * A new buffer with the same contents. When a device holds the current values the runtime
     * may copy them there (the new buffer's values are then on that device too).
     */
    public Buffer copy() {
        Buffer b = forOutput(dtype, length);   // written whole below: a spare will do
        b.hostWrittenAt = hostWrittenAt;        // the same values, put there by the same hand
        ExternalCopies c = copies;
        if (c != null && c.copyTo(this, b)) return b;
        System.arraycopy(array(), 0, b.array(), 0, length);
        Reference.reachabilityFence(this);
        return b;
    }

    // ---- a deferred whole write (called with the GraphLock held) -----------------------------

    /** True when a write of the whole buffer waits to run; a hint without the {@link GraphLock}. */
    public boolean hasDeferredWrite() { return deferredValue != null; }

    /** The value of the deferred write, or null. */
    public Node deferredValue() { return deferredValue; }

    /** The view the deferred write writes (the whole buffer), or null. */
    public View deferredTarget() { return deferredTarget; }

    /** Defers writing {@code value} through {@code target}, which covers the whole buffer; replaces a deferred write. */
    public void deferWrite(Node value, View target) {
        if (target.buffer() != this) throw new IllegalArgumentException("a view of another buffer");
        deferredTarget = target;
        deferredValue = value;
        value.deferredIn(this);
    }

    private long boxWriter;        // the id of the one thread whose box writes of this buffer may wait, 0 until one did (graph lock)
    private boolean boxesShared;   // another thread tried: none may

    /**
     * Whether a write of a box of this buffer by {@code writer} may wait (runtime's
     * {@code DeferredWrites}): a waiting box write holds the other boxes as they were, and threads
     * writing disjoint boxes lost each other's writes. Only the first thread's. Under the graph lock.
     */
    public boolean boxWritesMayWait(Thread writer) {
        if (boxWriter == 0) boxWriter = writer.threadId();   // its id: the buffer does not keep a finished thread alive
        boxesShared |= boxWriter != writer.threadId();
        return !boxesShared;
    }

    /** The deferred write is running (or was dropped): the buffer has none any more. */
    public void clearDeferredWrite() {
        deferredValue = null;
        deferredTarget = null;
    }

    /** Records that {@code node}, not yet evaluated, reads this buffer directly. */
    void addReader(Node node) { readers.add(node); }

    /** The pending readers, forgotten here: a write is about to move them all to a snapshot. */
    List<Node> drainPendingReaders() { return readers.drain(); }

    /** The list of this buffer's readers (for tests). */
    PendingNodes readersForTests() { return readers; }

    /** The nodes still alive and pending that read this buffer directly; forgets the others. */
    public List<Node> pendingReaders() { return readers.live(); }

    @Override
    public String toString() { return "Buffer@" + Integer.toHexString(System.identityHashCode(this)) + "(" + dtype.numpyName() + "[" + length + "])"; }
}
