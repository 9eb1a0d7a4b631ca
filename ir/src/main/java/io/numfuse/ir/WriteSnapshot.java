package io.numfuse.ir;

import java.util.ArrayList;
import java.util.List;

/**
 * Laziness rule 2 for one write: before a buffer is written, the pending nodes that read it
 * (and a right-hand side that is the buffer itself) are moved to a snapshot of it, so that a
 * write never changes an array defined before it.
 *
 * <p>The snapshot is taken without copying when it can be ({@link Buffer#detachSnapshot}): the
 * snapshot takes the buffer's array, and the buffer gets a fresh one, which the write fills:
 * the part of the buffer the write does not cover ({@link Complement}) is copied back from the
 * snapshot by the same evaluation ({@link #restore}). A Jacobi step {@code u[1:-1, 1:-1] = f(u)}
 * then copies the grid's frame, not the grid. A wrapped array (shared with the caller) or a
 * write through a view that is not a box of its buffer is copied instead ({@link Buffer#copy}).
 * In a {@link Scope}, the storage of the buffer's previous snapshot comes back once nothing reads
 * it, frame and all: the next step of the loop then restores nothing.
 */
public final class WriteSnapshot {
    private final Buffer buffer;
    private final Node value;
    private final List<View[]> restore;
    /** The snapshot and the nodes moved to it (null and empty when none was taken), for {@link #undo}. */
    private final Buffer snapshot;
    private final List<Node> readers;

    private WriteSnapshot(Buffer buffer, Node value, List<View[]> restore, Buffer snapshot, List<Node> readers) {
        this.buffer = buffer;
        this.value = value;
        this.restore = restore;
        this.snapshot = snapshot;
        this.readers = readers;
    }

    /** Prepares writing {@code value} into {@code target}: takes a snapshot when anything pending reads the buffer. */
    public static WriteSnapshot before(View target, Node value) {
        Buffer b = target.buffer();
        List<Node> readers = drainReadersResolvingViews(b);   // all of them will read the snapshot
        View read = value instanceof Node.Leaf l ? l.view() : value.result();
        boolean valueReads = read != null && read.buffer() == b;
        if (readers.isEmpty() && !b.lazySnapshotsDepend()) {   // else the array goes to a snapshot, which the lazily taken ones then read
            b.noteWrite(target);
            return new WriteSnapshot(b, value, List.of(), null, readers);   // a leaf of b itself: rule 3 in Fusion
        }
        List<View> rest = b.owned() ? Complement.of(target) : null;
        Buffer snapshot = rest == null ? b.copy() : b.detachSnapshot(target);
        if (rest == null) b.moveLogTo(snapshot);   // b is written in place: the lazily taken snapshots read the copy
        if (rest != null && !b.contentsUndefined()) rest = List.of();   // its previous snapshot's storage came back, rest and all
        b.noteWrite(target);
        Scope.snapshotTaken(snapshot);
        redirect(readers, b, snapshot);
        Node v = valueReads ? Graph.leaf(on(snapshot, read)) : value;
        List<View[]> restore = new ArrayList<>();
        if (rest != null) for (View p : rest) restore.add(new View[] { on(snapshot, p), p });
        return new WriteSnapshot(b, v, restore, snapshot, readers);
    }

    /**
     * Laziness rule 2 for an element write on the host, {@code a[i] = v}, at the cost of the
     * element: the pending readers of the buffer get a snapshot taken lazily ({@link UndoLog}),
     * and the element is written in place, its old value kept in the log. Returns false, having
     * done nothing that matters, when the write should take the usual path (a kernel's, and a
     * snapshot that copies): a buffer shared with its caller (not {@link Buffer#owned}), a value
     * of another dtype, or a full log. With nothing pending that reads the buffer, the element is
     * simply stored (5-10 us a set, where a kernel's write took 50-85 us in a probe of 400 sets).
     * The caller holds the {@link GraphLock} and the buffer's claim, and knows its values are
     * current on the host.
     */
    public static boolean writeElement(View target, Node.Const value) {
        Buffer b = target.buffer();
        if (target.size() != 1 || value.dtype() != b.dtype() || !b.hasArray() || !b.elementWritableInPlace()) return false;
        if (b.dtype().isFloat() || value.fitsInt64()) {
            List<Node> readers = drainReadersResolvingViews(b);
            if (!readers.isEmpty()) {
                Buffer s = b.lazySnapshot();
                Scope.snapshotTaken(s);
                redirect(readers, b, s);
            }
            b.writeElement(target.offset(), UndoLog.bits(value, b.dtype()));
            return true;
        }
        return false;
    }

    /**
     * The pending readers of {@code b}, forgotten by it, after the views among them are resolved:
     * a pending view ({@link Node.Reindex}) of an array whose values are {@code b}'s is a view of
     * {@code b}, as NumPy's views are, so it must see the write rather than keep the old values.
     * It is memoised as that view of {@code b} before the write; the pending nodes built on it then
     * read {@code b} themselves, and are readers like the others.
     */
    private static List<Node> drainReadersResolvingViews(Buffer b) {
        List<Node> readers = new ArrayList<>();
        List<Node> todo = b.drainPendingReaders();
        while (!todo.isEmpty()) {
            boolean resolved = false;
            for (Node r : todo) {
                if (r instanceof Node.Reindex v && valueOf(v.x()) != null && valueOf(v.x()).buffer() == b) {
                    v.memoise(v.map().apply(valueOf(v.x())));   // its users become readers of b
                    resolved = true;
                } else {
                    readers.add(r);
                }
            }
            todo = resolved ? b.drainPendingReaders() : List.of();
        }
        return readers;
    }

    /**
     * Resolves the pending views of arrays whose values are {@code b}'s as views of {@code b}
     * (see {@link #drainReadersResolvingViews}), leaving the other readers be: for a write of
     * {@code b} that waits (the runtime's deferred writes), after which such a view must show it.
     */
    public static void resolvePendingViews(Buffer b) {
        boolean resolved = true;
        while (resolved) {
            resolved = false;
            for (Node r : b.pendingReaders()) {
                if (r instanceof Node.Reindex v && valueOf(v.x()) != null && valueOf(v.x()).buffer() == b) {
                    v.memoise(v.map().apply(valueOf(v.x())));
                    resolved = true;
                }
            }
        }
    }

    private static View valueOf(Node n) { return n instanceof Node.Leaf l ? l.view() : n.result(); }

    /**
     * Laziness rule 2 with a copy, for a caller that then writes {@code buffer} itself (IR-level
     * tests, which write through the interpreter): pending nodes that read it are moved to a
     * copy of it. Returns true when a copy was taken.
     */
    public static boolean copyForReaders(Buffer buffer) {
        List<Node> readers = buffer.drainPendingReaders();
        if (readers.isEmpty() && !buffer.lazySnapshotsDepend()) return false;
        Buffer copy = buffer.copy();
        buffer.moveLogTo(copy);
        redirect(readers, buffer, copy);
        return true;
    }

    /** The value to write: the one given, or the same view of the snapshot when it was a view of the buffer. */
    public Node value() { return value; }

    /** The snapshot this write took, or null when it took none. */
    public Buffer snapshot() { return snapshot; }

    /** Copies ({source on the snapshot, destination}) that restore what the write leaves alone; run them with it. */
    public List<View[]> restore() { return restore; }

    /** Call when the write (and its restore copies) ran, or failed (after {@link #undo}). */
    public void done() { buffer.contentsDefined(); }

    /**
     * After a failed write: the buffer gets back the values it had before it (from the snapshot)
     * and the pending nodes read it again, so that a failure loses nothing.
     */
    public void undo() {
        if (snapshot == null) return;
        if (buffer.contentsUndefined()) buffer.reattach(snapshot); else buffer.restoreFrom(snapshot);
        redirect(readers, snapshot, buffer);
    }

    private static void redirect(List<Node> readers, Buffer buffer, Buffer snapshot) {
        for (Node r : readers) {
            var ops = r.operands();
            for (int i = 0; i < ops.size(); i++) {
                Node o = ops.get(i);
                View v = o instanceof Node.Leaf l ? l.view() : o.result();   // a memoised operand reads its value
                if (v != null && v.buffer() == buffer) {
                    r.replaceOperand(i, Graph.leaf(on(snapshot, v)));
                    snapshot.addReader(r);
                }
            }
        }
    }

    private static View on(Buffer b, View v) { return new View(b, v.offset(), v.shape(), v.strides()); }
}
