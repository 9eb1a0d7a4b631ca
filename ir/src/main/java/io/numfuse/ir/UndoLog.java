package io.numfuse.ir;

import io.numfuse.core.DType;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;

/**
 * Snapshots taken lazily for element writes on the host (laziness rule 2 at the cost of the
 * elements written, not of the array): Baker's persistent arrays, in their simplest form.
 *
 * <p>An element set on an array that pending nodes read ({@code a.set(v, i)} after
 * {@code a.mul(a).add(b).eval()}, whose interior node {@code a*a} stays a reader of {@code a}
 * until the collector finds it dead) used to give the readers a snapshot holding all of the
 * array's old values: a copy of the whole array (about 400 us for 10^6 float64) for one element.
 * Now the readers get a snapshot without storage, a {@link Mark} on this log, and the array is
 * written in place, the old value of each element written kept here. Such a snapshot's values
 * are the base's array with the log undone, newest first, back to its mark; they are made (a
 * copy of the array and a few stores) only if one of its readers is ever evaluated.
 *
 * <p>While a log is the base's, every change of the base's array is an element write through
 * {@link #write}: every other write of the buffer takes a snapshot first
 * ({@link WriteSnapshot#before}), which takes the array, and the log moves with it to that
 * snapshot ({@link #rebase}), which nothing writes. A base is never released
 * ({@link Buffer#release}) while it has a log, and only {@link Buffer#owned} buffers whose
 * values are on the host get one. Past {@link #limit} entries a write takes the copying path
 * again, after which the log has a base of its own, so a log holds at most about a sixteenth of
 * its array's elements. Thread-safe: the writes, the rebase and the making of a snapshot's values
 * hold this log's monitor.
 */
final class UndoLog {
    private Buffer base;
    private final DType dtype;
    private final int length;
    private int[] index = new int[8];
    private long[] old = new long[8];
    private int size;
    /** The snapshots that depend on this log, weakly (a dead one needs nothing). */
    private final List<WeakReference<Buffer>> dependents = new ArrayList<>(2);
    private int pruneAt = 16;

    UndoLog(Buffer base) {
        this.base = base;
        this.dtype = base.dtype();
        this.length = base.length();
    }

    /** Where a lazily taken snapshot's values are: this log, undone back to {@code position}. */
    record Mark(UndoLog log, int position) {}

    /** Snapshots taken lazily, and those whose values were then made (read at last): {@link Buffer#lazySnapshots}. */
    static final java.util.concurrent.atomic.AtomicLong TAKEN = new java.util.concurrent.atomic.AtomicLong(), MADE = new java.util.concurrent.atomic.AtomicLong();

    /** A mark for {@code snapshot}, whose values are the base's now. */
    synchronized Mark mark(Buffer snapshot) {
        if (dependents.size() >= pruneAt) {
            dependents.removeIf(r -> r.get() == null);
            pruneAt = Math.max(16, 2 * dependents.size());
        }
        dependents.add(new WeakReference<>(snapshot));
        TAKEN.incrementAndGet();
        return new Mark(this, size);
    }

    /** The most entries this log takes before a write copies the array instead ({@link #full}). */
    int limit() { return Math.max(64, length / 16); }

    /**
     * True when a write should not add to this log: it holds {@link #limit} entries and some
     * snapshot still depends on them. A log no live snapshot depends on starts afresh here.
     */
    synchronized boolean full() {
        if (size < limit()) return false;
        if (live()) return true;
        size = 0;
        return false;
    }

    /** True while a snapshot that was not collected depends on this log. */
    synchronized boolean live() {
        dependents.removeIf(r -> r.get() == null);
        return !dependents.isEmpty();
    }

    /**
     * Writes element {@code i} of the base's array (current on the host, its device copies
     * dropped by the caller), keeping its old value: the store is {@code bits} as
     * {@link #store} reads them.
     */
    synchronized void write(int i, long bits) {
        Object a = base.array();
        if (size == index.length) {
            index = java.util.Arrays.copyOf(index, 2 * size);
            old = java.util.Arrays.copyOf(old, 2 * size);
        }
        index[size] = i;
        old[size] = load(dtype, a, i);
        size++;
        store(dtype, a, i, bits);
    }

    /** The values of the snapshot marked at {@code position}: a new array. */
    synchronized Object values(int position) {
        MADE.incrementAndGet();
        Object a = HostSpares.storage(dtype, length, false);   // written whole below: a spare will do
        System.arraycopy(base.array(), 0, a, 0, length);   // current on the host: see the class comment
        for (int k = size - 1; k >= position; k--) store(dtype, a, index[k], old[k]);
        return a;
    }

    /** The base's array went to {@code to}, which nothing writes: the log's snapshots read it there. */
    synchronized void rebase(Buffer to) { base = to; }

    /** Constant {@code c} (of {@code dtype}) as bits, the form {@link #load} gives and {@link #store} takes. */
    static long bits(Node.Const c, DType dtype) {
        return switch (dtype) {
            case FLOAT64 -> Double.doubleToRawLongBits(c.doubleValue());
            case FLOAT32 -> Float.floatToRawIntBits((float) c.doubleValue());
            case BOOL -> c.longValue() != 0 ? 1 : 0;
            default -> c.longValue();
        };
    }

    /** Element {@code i} of {@code a} as bits: a float's raw bits, an integer's value. */
    static long load(DType dtype, Object a, int i) {
        return switch (dtype) {
            case BOOL -> ((byte[]) a)[i];
            case INT32 -> ((int[]) a)[i];
            case INT64 -> ((long[]) a)[i];
            case FLOAT32 -> Float.floatToRawIntBits(((float[]) a)[i]);
            case FLOAT64 -> Double.doubleToRawLongBits(((double[]) a)[i]);
        };
    }

    /** Stores {@code bits} ({@link #load}'s form) as element {@code i} of {@code a}. */
    static void store(DType dtype, Object a, int i, long bits) {
        switch (dtype) {
            case BOOL -> ((byte[]) a)[i] = (byte) bits;
            case INT32 -> ((int[]) a)[i] = (int) bits;
            case INT64 -> ((long[]) a)[i] = bits;
            case FLOAT32 -> ((float[]) a)[i] = Float.intBitsToFloat((int) bits);
            case FLOAT64 -> ((double[]) a)[i] = Double.longBitsToDouble(bits);
        }
    }
}
