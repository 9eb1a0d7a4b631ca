package io.numfuse.runtime;

import static org.jocl.CL.*;

import io.numfuse.core.DType;
import io.numfuse.ir.Buffer;
import io.numfuse.ir.ExternalCopies;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jocl.cl_mem;

/**
 * Residency across evaluations: the runtime's registry of the device copies of buffers.
 *
 * <p>A buffer has at most one copy per device. Each copy is either equal to the Java array
 * ({@link Residency#SHARED}) or newer than it ({@link Residency#DEVICE}: written by
 * a kernel on that device; then no other device holds a copy). A copy that exists is never
 * stale: a write through the host ({@link #beforeHostWrite}) or through another device
 * ({@link #wrote}) drops the others. Data moves only when it must: an upload when a kernel on a
 * device needs a buffer that device has no copy of, a download when the host reads a buffer a
 * device holds newer values of (a JVM or interpreter kernel's input, an element read, a
 * snapshot that cannot be taken on the device).
 *
 * <p>The keys are weak: when a buffer is collected its copies are released (the queue is polled
 * on every allocation, every evaluation on a device, and every lookup). A device keeps at most
 * {@code numfuse.opencl.residentBytes} bytes (default: half its global memory) in at most
 * {@code numfuse.opencl.residentCopies} copies (default 16384: results of evaluations are released when the GC finds them dead, which may take thousands of evaluations); past that, and whenever an
 * allocation fails for want of memory, the least recently used copies are copied back (when
 * newer) and released. Copies that the kernel being prepared uses are pinned.
 *
 * <p>Everything here runs under this object's monitor (evaluations on devices take it too).
 */
final class DeviceCopies {
    static final DeviceCopies INSTANCE = new DeviceCopies();

    /** Where a buffer's current values are. */
    enum Residency {
        /** Only the Java array: no device holds a copy. */
        HOST,
        /** The Java array and one or more device copies, all equal. */
        SHARED,
        /** A device copy is newer than the Java array (which is stale until the host reads it). */
        DEVICE
    }

    static final java.util.Set<String> ON_HOST = java.util.Set.of("jvm");

    /**
     * True when {@code b}'s current values are on the host alone (no device holds a copy), without
     * the monitor (a device chain holds it while it runs): an entry is detached as its last copy
     * goes, and its residency is volatile.
     */
    static boolean onHostOnly(Buffer b) {
        return !(b.externalCopies() instanceof Entry e) || e.residency == Residency.HOST;
    }

    /** True when {@code b}'s current values are exactly where {@code at} says ({@link #currentAt}), without making a set. */
    static boolean currentAt(Buffer b, java.util.Set<?> at) {
        if (!(b.externalCopies() instanceof Entry e)) return at.equals(ON_HOST);
        synchronized (INSTANCE) {   // as currentAt(b).equals(at), without making the set (a kept decision asks it of each input)
            int n = 0;
            if (e.residency != Residency.DEVICE) {
                if (!at.contains("jvm")) return false;
                n++;
            }
            for (Copy c : e.copies) {
                if (!at.contains(c.dev.targetName)) return false;
                n++;
            }
            return n == at.size();
        }
    }

    /** The targets holding {@code b}'s current values: {@code jvm} for the host, and each device with a copy (copies are never stale). */
    static java.util.Set<String> currentAt(Buffer b) {
        if (!(b.externalCopies() instanceof Entry e)) return new java.util.HashSet<>(ON_HOST);
        java.util.Set<String> at = new java.util.HashSet<>(2);
        synchronized (INSTANCE) {
            if (e.residency != Residency.DEVICE) at.add("jvm");
            for (Copy c : e.copies) at.add(c.dev.targetName);
        }
        return at;
    }

    /** Where {@code b}'s current values are. */
    static Residency residencyOf(Buffer b) {
        return b.externalCopies() instanceof Entry e ? e.residency : Residency.HOST;
    }

    /** Buffers copied host to device, device to host, and device to device (snapshots), over all devices. */
    static final AtomicLong uploads = new AtomicLong(), downloads = new AtomicLong(), deviceToDevice = new AtomicLong(),
            evictions = new AtomicLong();
    /** Requests to the collector ({@link #collectDead}), for tests. */
    static final AtomicLong collections = new AtomicLong();

    /** The per-device byte budget when not negative (the system property; tests set it). */
    static volatile long budgetBytes = Long.getLong("numfuse.opencl.residentBytes", -1);
    static volatile int maxCopies = Integer.getInteger("numfuse.opencl.residentCopies", 16384);

    /** One device copy of one buffer. */
    static final class Copy {
        final OpenClDevice dev;
        final cl_mem mem;
        final long bytes;
        boolean newer;          // written on the device since the Java array was current
        long lastUse;
        boolean released;

        Copy(OpenClDevice dev, cl_mem mem, long bytes) {
            this.dev = dev;
            this.mem = mem;
            this.bytes = bytes;
        }
    }

    /**
     * The copies of one buffer, attached to it ({@link Buffer#attach}) while it has any: the
     * buffer's host accesses call in here, and the entry refers to its buffer weakly, so that a
     * buffer that dies has its copies released (the entry comes back through the reference
     * queue; {@link #lru} holds it until then).
     */
    private static final class Entry extends WeakReference<Buffer> implements ExternalCopies {
        final List<Copy> copies = new ArrayList<>(1);
        volatile Residency residency = Residency.HOST;

        Entry(Buffer b, ReferenceQueue<Buffer> q) { super(b, q); }

        @Override public void beforeHostRead(Buffer b) { if (residency == Residency.DEVICE) INSTANCE.beforeHostRead(b); }
        @Override public void beforeHostWrite(Buffer b) { INSTANCE.beforeHostWrite(b); }
        @Override public void moveTo(Buffer from, Buffer to) { INSTANCE.move(from, to); }
        @Override public void release(Buffer b) { INSTANCE.release(b); }
        @Override public boolean copyTo(Buffer from, Buffer to) { return INSTANCE.copy(from, to); }
    }

    private final ReferenceQueue<Buffer> queue = new ReferenceQueue<>();
    /** Every copy, least recently used first. */
    private final LinkedHashMap<Copy, Entry> lru = new LinkedHashMap<>(64, 0.75f, true);
    private final Map<OpenClDevice, long[]> held = new HashMap<>();   // per device: bytes, copies
    private final DeviceSpares spares = new DeviceSpares();
    private long clock, pinFrom = Long.MAX_VALUE;

    private DeviceCopies() {}

    // ---- lookups ---------------------------------------------------------------------------

    private static Entry entry(Buffer b) { return b.externalCopies() instanceof Entry e && e.get() == b ? e : null; }

    /** Forgets {@code e}, which holds no copy any more: its buffer's values are on the host only. */
    private static void detach(Entry e) {
        Buffer b = e.get();
        if (b != null && b.externalCopies() == e) b.attach(null);
        e.residency = Residency.HOST;
        e.clear();                                   // never polled
    }

    /** The copy of {@code b} on {@code dev}, or null; marks it used. */
    synchronized Copy find(Buffer b, OpenClDevice dev) {
        poll();
        Entry e = entry(b);
        if (e == null) return null;
        for (Copy c : e.copies) {
            if (c.dev == dev) {
                touch(c);
                return c;
            }
        }
        return null;
    }

    private void touch(Copy c) {
        c.lastUse = ++clock;
        lru.get(c);
    }

    /** From now until {@link #unpin()}, copies used are not evicted (the kernel being prepared needs them). */
    synchronized void pinFromNow() { pinFrom = clock + 1; }

    synchronized void unpin() { pinFrom = Long.MAX_VALUE; }

    // ---- device side -----------------------------------------------------------------------

    /**
     * The copy of {@code b} on {@code dev} for a kernel: the one there, or a new one, uploaded
     * when {@code needContents} (after the Java array is made current). A new copy made without
     * contents is not registered: {@link #wrote} registers it once a kernel has written it, and
     * {@link #discard} releases it otherwise.
     */
    synchronized Copy acquire(Buffer b, OpenClDevice dev, boolean needContents) {
        Copy c = find(b, dev);
        if (c != null) return c;
        long bytes = (long) b.length() * b.dtype().itemSize();
        if (needContents) beforeHostRead(b);
        long raw = rawAllocations;
        c = new Copy(dev, allocate(dev, bytes), bytes);
        if (!needContents && rawAllocations != raw) FRESH_OUTPUTS.get()[0] += bytes;
        c.lastUse = ++clock;
        if (!needContents) return c;
        if (b.length() > 0) {
            uploads.incrementAndGet();
            int err = clEnqueueWriteBuffer(dev.queue(), c.mem, CL_TRUE, 0, bytes, OpenClSession.pointer(b.array()), 0, null, null);
            if (err != CL_SUCCESS) {
                release(c);
                OpenClException.check(err, "clEnqueueWriteBuffer", dev.label());
            }
        }
        register(b, c);
        Entry e = entry(b);
        if (e.residency == Residency.HOST) e.residency = Residency.SHARED;
        return c;
    }

    private void register(Buffer b, Copy c) {
        Entry e = entry(b);
        if (e == null) {
            e = new Entry(b, queue);
            b.attach(e);
        }
        e.copies.add(c);
        lru.put(c, e);
        long[] h = held.computeIfAbsent(c.dev, d -> new long[2]);
        h[0] += c.bytes;
        h[1]++;
    }

    /** A kernel on {@code c.dev} wrote {@code b} through {@code c}: that copy is now the current one, the others go. */
    synchronized void wrote(Buffer b, Copy c) {
        Entry e = entry(b);
        if (e == null || !e.copies.contains(c)) {
            if (e != null) dropCopies(e, c);
            register(b, c);
        } else {
            dropCopies(e, c);
        }
        c.newer = true;
        entry(b).residency = Residency.DEVICE;
    }

    /** Releases a copy that {@link #acquire} made without contents and no kernel wrote. */
    synchronized void discard(Copy c) {
        if (!lru.containsKey(c)) release(c);
    }

    private void dropCopies(Entry e, Copy keep) {
        for (Iterator<Copy> it = e.copies.iterator(); it.hasNext();) {
            Copy o = it.next();
            if (o == keep) continue;
            it.remove();
            unregisterAndRelease(o);
        }
    }

    /**
     * A failed evaluation on {@code dev}: forgets the copy of {@code b} there (its contents are
     * unknown). Returns false when that copy held the only current values (they are lost).
     */
    synchronized boolean forget(Buffer b, Copy c, boolean wasNewerBefore) {
        Entry e = entry(b);
        if (e != null && e.copies.remove(c)) unregisterAndRelease(c);
        else if (!lru.containsKey(c)) release(c);
        if (e != null && e.copies.isEmpty()) detach(e);
        return !wasNewerBefore;
    }

    /**
     * A device buffer on {@code dev}: a spare one of that size, or a new one, making room first
     * (and again on an allocation failure).
     */
    /** Buffers made new (not spares) by {@link #allocate}, under the monitor. */
    private long rawAllocations;

    /** Per thread, the bytes of new device buffers (not spares) kernel outputs took: {@link #freshOutputBytes}. */
    private static final ThreadLocal<long[]> FRESH_OUTPUTS = ThreadLocal.withInitial(() -> new long[1]);

    /**
     * The bytes of new device buffers this thread's kernel outputs took because no spare fitted,
     * since the thread started. A new buffer costs its pages at its first use, inside the kernel's
     * time (on PoCL about 25 ms for 80 MB): the scheduler learns that apart ({@link Learning#observeStorage}).
     */
    static long freshOutputBytes() { return FRESH_OUTPUTS.get()[0]; }

    /**
     * True when a new copy of {@code b} on {@code dev} would take a spare buffer now (dead copies
     * the collector found become spares first): the cost model prices no new memory for it.
     */
    synchronized boolean hasSpareFor(Buffer b, OpenClDevice dev) {
        poll();
        return spares.has(dev, (long) b.length() * b.dtype().itemSize());
    }

    synchronized cl_mem allocate(OpenClDevice dev, long bytes) {
        poll();
        long budget = budget(dev);
        if (spares.collectionDue(bytes, budget, System.nanoTime() - lastCollection, lastCollectionTook)) {
            long before = heldBytes();                       // past the allowance: let the collector find the dead
            collectDead(0);
            spares.collected(before - heldBytes(), budget);
        }
        cl_mem m = spares.take(dev, bytes);
        if (m != null) return m;
        long[] h = held.computeIfAbsent(dev, d -> new long[2]);
        boolean collected = false;
        while (!fits(dev, h, bytes, budget) || h[1] >= maxCopies) {
            if (dropSpares(dev)) continue;
            if (!collected) {   // copies of buffers no one can reach are freed, not copied back
                collected = true;
                if (collectDead(collectInterval())) {
                    if ((m = spares.take(dev, bytes)) != null) return m;
                    continue;
                }
            }
            // past the cap on copies but within the bytes, when the last request found most copies
            // dead: these die young too, and the next request (soon) finds them; evicted, each
            // would be a dead result copied back. Twice the cap at most.
            if (lastCollectionFruitful && h[1] < 2L * maxCopies && fits(dev, h, bytes, budget)) break;
            if (!evictOne(dev)) break;
        }
        while (true) {
            try {
                cl_mem fresh = DeviceMemory.rawAllocate(dev, bytes);
                rawAllocations++;
                return fresh;
            } catch (OpenClException e) {
                if (e.code() != CL_MEM_OBJECT_ALLOCATION_FAILURE && e.code() != CL_OUT_OF_RESOURCES || !dropSpares(dev) && !evictOne(dev)) throw e;
            }
        }
    }

    /** True when {@code bytes} more on {@code dev} (its copies {@code h}, its spares) stay within {@code budget}. */
    private boolean fits(OpenClDevice dev, long[] h, long bytes, long budget) { return h[0] + spares.bytesOn(dev) + bytes <= budget; }

    private long budget(OpenClDevice dev) { return budgetBytes >= 0 ? budgetBytes : dev.globalMemory / 2; }

    /** Keeps a released buffer for reuse (see {@link DeviceSpares}). */
    private void recycle(OpenClDevice dev, cl_mem m, long bytes) { spares.offer(dev, m, bytes, DeviceSpares.cap(budget(dev))); }

    /** Releases the spare buffers of {@code dev}; returns true when there were any. */
    synchronized boolean dropSpares(OpenClDevice dev) { return spares.drop(dev); }

    /** After a launch failed for want of memory: evicts every copy on {@code dev} not pinned. Returns true when any went. */
    synchronized boolean evictAll(OpenClDevice dev) {
        boolean any = false;
        while (evictOne(dev)) any = true;
        return any;
    }

    /** Copies the least recently used unpinned copy on {@code dev} back (when newer) and releases it. */
    private boolean evictOne(OpenClDevice dev) {
        for (var it = lru.entrySet().iterator(); it.hasNext();) {
            var me = it.next();
            Copy c = me.getKey();
            if (c.dev != dev || c.lastUse >= pinFrom) continue;
            Entry e = me.getValue();
            Buffer b = e.get();
            if (b != null && c.newer) download(b, c);
            it.remove();
            e.copies.remove(c);
            unheld(c);
            release(c);
            evictions.incrementAndGet();
            if (e.copies.isEmpty()) detach(e);
            return true;
        }
        return false;
    }

    // ---- host side (what a buffer's Entry does for it: ExternalCopies) ---------------------------

    /** Makes {@code b}'s Java array current: copies back the newer device copy, if any. */
    synchronized void beforeHostRead(Buffer b) {
        Entry e = entry(b);
        if (e == null) return;
        for (Copy c : e.copies) {
            if (c.newer) {
                download(b, c);
                break;
            }
        }
        e.residency = Residency.SHARED;
    }

    /** Makes {@code b}'s Java array current and forgets its device copies: the host is about to write it. */
    synchronized void beforeHostWrite(Buffer b) {
        beforeHostRead(b);
        release(b);
    }

    /** A released snapshot, or the new storage of a failed write: its copies become spares, nothing is copied back. */
    synchronized void release(Buffer b) {
        Entry e = entry(b);
        if (e == null) return;
        for (Copy c : e.copies) unregisterAndRelease(c);
        e.copies.clear();
        detach(e);
    }

    /** A snapshot that takes a buffer's array takes its device copies too. */
    synchronized void move(Buffer from, Buffer to) {
        Entry e = entry(from);
        if (e == null) return;
        Entry t = new Entry(to, queue);
        t.copies.addAll(e.copies);
        t.residency = e.residency;
        e.copies.clear();
        detach(e);
        to.attach(t);
        for (Copy c : t.copies) lru.put(c, t);
    }

    /** A snapshot of a buffer whose current values are on a device is taken there. */
    synchronized boolean copy(Buffer from, Buffer to) {
        Entry e = entry(from);
        Copy src = null;
        if (e != null) for (Copy c : e.copies) if (c.newer) src = c;
        if (src != null) {
            try {
                pinFromNow();
                touch(src);
                cl_mem m = allocate(src.dev, src.bytes);
                Copy c = new Copy(src.dev, m, src.bytes);
                c.lastUse = ++clock;
                if (src.bytes > 0) {
                    deviceToDevice.incrementAndGet();
                    int err = clEnqueueCopyBuffer(src.dev.queue(), src.mem, m, 0, 0, src.bytes, 0, null, null);
                    if (err != CL_SUCCESS) {
                        release(c);
                        OpenClException.check(err, "clEnqueueCopyBuffer", src.dev.label());
                    }
                }
                register(to, c);
                c.newer = true;
                entry(to).residency = Residency.DEVICE;
                return true;
            } catch (OpenClException x) {
                // no room or a failing device: copy on the host instead (below)
            } finally {
                unpin();
            }
        }
        beforeHostRead(from);
        return false;
    }

    // ---- housekeeping ----------------------------------------------------------------------

    /** The least time between two requests to the collector ({@link #collectDead}); tests set 0. */
    static volatile long collectIntervalNanos = 1_000_000_000L;
    private long lastCollection = System.nanoTime() - 2 * collectIntervalNanos, lastCollectionTook;
    /** Whether the last request to the collector released at least a quarter of the device buffers. */
    private boolean lastCollectionFruitful;

    /**
     * How long after the last request to the collector the cap on copies may ask again: what that
     * request took when it released at least a quarter of the device's buffers (the collector then
     * takes at most half the time), else {@link #collectIntervalNanos}. A program whose small
     * results die young reaches the cap again within the second (the bench's device row makes
     * 30-60 thousand a second), and each copy evicted meanwhile is a dead result copied back: a
     * cap's worth of them (16,384 downloads) costs more than the collection (here 8-60 ms).
     */
    private long collectInterval() {
        return lastCollectionFruitful ? Math.min(collectIntervalNanos, lastCollectionTook) : collectIntervalNanos;
    }

    /**
     * Asks the collector for the buffers no one can reach (not within {@code interval} of the last
     * request: see {@link #collectInterval}), as the JDK does before it gives up on direct memory,
     * and releases their copies: a dead buffer's copy would otherwise be evicted like a live one,
     * and copied back when it is newer. Returns true when any copy went.
     */
    private boolean collectDead(long interval) {
        long now = System.nanoTime();
        if (now - lastCollection < interval) return false;
        lastCollection = now;
        long before = DeviceMemory.liveMemObjects.get();
        collections.incrementAndGet();
        // a buffer no one can reach: it comes back through the queue once the reference handler
        // has handed over what this collection found (waiting for the first reference 20 ms at
        // most missed them on a busy machine, and the copies of dead results were evicted, copied
        // back, until the next collection a second later)
        Entry sentinel = new Entry(Buffer.allocate(DType.BOOL, 1), queue);
        System.gc();
        lastCollectionTook = System.nanoTime() - now;
        try {
            long deadline = System.nanoTime() + SENTINEL_WAIT_NANOS;
            for (long left; (left = deadline - System.nanoTime()) > 0; ) {
                Object r = queue.remove(Math.max(1, left / 1_000_000));
                if (r == sentinel) break;
                if (r != null) release((Entry) r);
            }
            // the handler hands the references over one by one, the sentinel among them: the rest
            // until none comes for 2 ms
            for (Object more; (more = queue.remove(2)) != null;) if (more != sentinel) release((Entry) more);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        long after = DeviceMemory.liveMemObjects.get();
        lastCollectionFruitful = before - after >= before / 4;
        return after < before;
    }

    /** How long {@link #collectDead} waits for the collector's references (without explicit collections, -XX:+DisableExplicitGC, all of it). */
    private static final long SENTINEL_WAIT_NANOS = 200_000_000L;

    /** Test hook: forgets what earlier collections taught the allowance and the cap on copies (when, how long they took, what they found). */
    synchronized void resetCollectionPolicy() {
        spares.reset();
        lastCollectionTook = 0;
        lastCollection = System.nanoTime() - 2 * collectIntervalNanos;
        lastCollectionFruitful = false;
    }

    private long heldBytes() {
        long sum = 0;
        for (long[] h : held.values()) sum += h[0];
        return sum;
    }

    /** The copies of a buffer that died. */
    private void release(Entry e) {
        for (Copy c : e.copies) unregisterAndRelease(c);
        e.copies.clear();
    }

    /** For tests: the device bytes handed out after which the next request to the collector comes (its allowance). */
    synchronized long allowanceForTests() { return spares.allowance(); }

    /** Releases the copies of collected buffers. */
    synchronized void poll() {
        for (Object r; (r = queue.poll()) != null;) release((Entry) r);
    }

    /** Releases every copy on {@code dev} (copying newer ones back first). For tests and shutdown. */
    synchronized void evacuate(OpenClDevice dev) {
        long saved = pinFrom;
        pinFrom = Long.MAX_VALUE;
        try {
            while (evictOne(dev)) { /* next */ }
            dropSpares(dev);
        } finally {
            pinFrom = saved;
        }
    }

    /** Copies on {@code dev} now (after releasing those of collected buffers). */
    synchronized int copiesOn(OpenClDevice dev) {
        poll();
        long[] h = held.get(dev);
        return h == null ? 0 : (int) h[1];
    }

    synchronized long bytesOn(OpenClDevice dev) {
        poll();
        long[] h = held.get(dev);
        return h == null ? 0 : h[0];
    }

    private void download(Buffer b, Copy c) {
        DeviceMemory.lostDeviceFault("clEnqueueReadBuffer", c.dev);
        if (b.length() > 0) {
            downloads.incrementAndGet();
            OpenClException.check(clEnqueueReadBuffer(c.dev.queue(), c.mem, CL_TRUE, 0, c.bytes, OpenClSession.pointer(b.array()), 0, null, null),
                    "clEnqueueReadBuffer", c.dev.label());
            java.lang.ref.Reference.reachabilityFence(b);   // its array may go to HostSpares once b is dead
        }
        c.newer = false;
    }

    private void unregisterAndRelease(Copy c) {
        if (lru.remove(c) != null) unheld(c);
        release(c);
    }

    private void unheld(Copy c) {
        long[] h = held.get(c.dev);
        h[0] -= c.bytes;
        h[1]--;
    }

    private void release(Copy c) {
        if (c.released) return;
        c.released = true;
        recycle(c.dev, c.mem, c.bytes);
        spares.cameBack(c.bytes);   // whatever freed it (a collection of the JVM's, a request, the host's write): GarbageAllowance
    }
}
