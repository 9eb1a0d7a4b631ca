package io.numfuse.runtime;

import io.numfuse.ir.Buffer;
import io.numfuse.ir.GraphLock;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Which operations use which buffers now: the readers-writer discipline that lets kernels run
 * outside the {@link GraphLock} while every operation stays atomic. An evaluation claims the
 * buffers its kernels read (shared) and write (exclusive) all at once, under the graph lock, or
 * none of them; an operation that holds claims never waits for anything, so claims cannot
 * deadlock. A writer that had to wait is remembered, and new readers of its buffer wait behind
 * it, so a stream of readers cannot starve a writer. Everything here is guarded by the graph
 * lock; a buffer's state lives on the buffer ({@link Buffer#claims()}), so a claim costs no
 * lookup in a shared table.
 */
final class Claims {
    private Claims() {}

    /** Per buffer: how many operations read it, which one writes it, how many writers wait for it. */
    private static final class Hold {
        int readers;
        Claim writer;
        int writersWaiting;

        boolean idle() { return readers == 0 && writer == null && writersWaiting == 0; }
    }

    private static Hold hold(Buffer b) {
        Hold h = (Hold) b.claims();
        if (h == null) b.claims(h = new Hold());
        return h;
    }

    /** Buffers claimed or waited for now (tests check that nothing is left behind). */
    private static int busy;

    /** The buffers one operation uses, and how: small arrays, as an operation touches a few buffers. */
    static final class Claim {
        private Buffer[] buffers = new Buffer[4];
        private boolean[] writes = new boolean[4];
        private int n;
        private Map<Buffer, Integer> index;       // made past 16 buffers, so that adding stays cheap
        private Buffer[] waitingFor = new Buffer[0];
        private int waiting;
        private boolean held;

        private int find(Buffer b) {
            if (index != null) return index.getOrDefault(b, -1);
            for (int i = 0; i < n; i++) if (buffers[i] == b) return i;
            return -1;
        }

        private Claim add(Buffer b, boolean write) {
            int i = find(b);
            if (i >= 0) {
                writes[i] |= write;
                return this;
            }
            if (n == buffers.length) {
                buffers = Arrays.copyOf(buffers, 2 * n);
                writes = Arrays.copyOf(writes, 2 * n);
            }
            buffers[n] = b;
            writes[n] = write;
            if (index == null && n == 16) {
                index = new IdentityHashMap<>();
                for (int k = 0; k < n; k++) index.put(buffers[k], k);
            }
            if (index != null) index.put(b, n);
            n++;
            return this;
        }

        /** The operation reads {@code b} (a write claim on it stays a write claim). */
        Claim read(Buffer b) { return add(b, false); }

        /** The operation writes {@code b}. */
        Claim write(Buffer b) { return add(b, true); }

        /**
         * Forgets the buffers wanted, to claim anew after a wait (the graph may have changed). A
         * writer's place in the queue is kept until the next {@link #tryAcquire}.
         */
        void reset() {
            if (held) throw new IllegalStateException("held");
            Arrays.fill(buffers, 0, n, null);
            n = 0;
            index = null;
        }

        /** Adds a buffer to a claim already held (a buffer that only this operation can reach yet, such as a new snapshot). */
        void addHeld(Buffer b, boolean write) {
            if (!held) throw new IllegalStateException("not held");
            if (find(b) >= 0) return;
            add(b, write);
            take(b, write);
        }

        /**
         * Takes every buffer of the claim, or none: returns false, having taken nothing, when one
         * of them is in use in a way that conflicts. Call with the graph lock held.
         */
        boolean tryAcquire() {
            forgetWaiting();
            boolean free = true;
            for (int i = 0; i < n; i++) {
                Hold h = (Hold) buffers[i].claims();
                if (h == null) continue;
                boolean conflict = writes[i] ? h.readers > 0 || h.writer != null : h.writer != null || h.writersWaiting > 0;
                if (!conflict) continue;
                free = false;
                if (writes[i]) {
                    if (waiting == waitingFor.length) waitingFor = Arrays.copyOf(waitingFor, Math.max(2, 2 * waiting));
                    waitingFor[waiting++] = buffers[i];
                }
            }
            if (!free) {
                for (int i = 0; i < waiting; i++) {
                    Hold h = hold(waitingFor[i]);
                    if (h.idle()) busy++;
                    h.writersWaiting++;
                }
                return false;
            }
            for (int i = 0; i < n; i++) take(buffers[i], writes[i]);
            held = true;
            return true;
        }

        private void take(Buffer b, boolean write) {
            Hold h = hold(b);
            if (h.idle()) busy++;
            if (write) h.writer = this; else h.readers++;
        }

        /** Takes the claim, waiting (without the graph lock) while it conflicts. Call with the graph lock held. */
        void acquire() {
            while (!tryAcquire()) GraphLock.awaitChange();
        }

        /**
         * Gives every buffer back and wakes waiting operations; a claim that is not held gives up its
         * place among the waiting writers. Call with the graph lock held.
         */
        void release() {
            if (!held) {
                forgetWaiting();
                return;
            }
            held = false;
            for (int i = 0; i < n; i++) {
                Hold h = (Hold) buffers[i].claims();
                if (writes[i]) h.writer = null; else h.readers--;
                if (h.idle()) busy--;
            }
            GraphLock.signalChange();
        }

        /** Forgets that this claim waits for its buffers (it tries again, or gives up). */
        private void forgetWaiting() {
            for (int i = 0; i < waiting; i++) {
                Hold h = (Hold) waitingFor[i].claims();
                h.writersWaiting--;
                if (h.idle()) busy--;
                waitingFor[i] = null;
            }
            waiting = 0;
        }

        boolean isHeld() { return held; }

        /** True when this claim includes every buffer of {@code other}, each at least as strongly. */
        boolean covers(Claim other) {
            for (int i = 0; i < other.n; i++) {
                int j = find(other.buffers[i]);
                if (j < 0 || other.writes[i] && !writes[j]) return false;
            }
            return true;
        }
    }

    /** Buffers claimed or waited for now (tests check that nothing is left behind). */
    static int claimedBuffers() {
        GraphLock.lock();
        try {
            return busy;
        } finally {
            GraphLock.unlock();
        }
    }
}
