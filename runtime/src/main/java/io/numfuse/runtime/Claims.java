package io.numfuse.runtime;

import io.numfuse.ir.Buffer;
import io.numfuse.ir.GraphLock;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which operations use which buffers now: the readers-writer discipline that lets kernels run
 * outside the {@link GraphLock} while every operation stays atomic. An evaluation claims the
 * buffers its kernels read (shared) and write (exclusive) all at once, under the graph lock, or
 * none of them; an operation that holds claims never waits for anything, so claims cannot
 * deadlock. A writer that had to wait is remembered, and new readers of its buffer wait behind
 * it, so a stream of readers cannot starve a writer. Everything here is guarded by the graph lock.
 */
final class Claims {
    private Claims() {}

    /** Per claimed buffer: how many operations read it, which one writes it, how many writers wait for it. */
    private static final class Hold {
        int readers;
        Claim writer;
        int writersWaiting;
    }

    private static final Map<Buffer, Hold> HOLDS = new IdentityHashMap<>();

    /** The buffers one operation uses, and how. */
    static final class Claim {
        private final Map<Buffer, Boolean> wants = new IdentityHashMap<>(8);   // true: written
        private final List<Buffer> waitingFor = new ArrayList<>(1);
        private boolean held;

        /** The operation reads {@code b} (a write claim on it stays a write claim). */
        Claim read(Buffer b) {
            wants.putIfAbsent(b, Boolean.FALSE);
            return this;
        }

        /** The operation writes {@code b}. */
        Claim write(Buffer b) {
            wants.put(b, Boolean.TRUE);
            return this;
        }

        /**
         * Forgets the buffers wanted, to claim anew after a wait (the graph may have changed). A
         * writer's place in the queue is kept until the next {@link #tryAcquire}.
         */
        void reset() {
            if (held) throw new IllegalStateException("held");
            wants.clear();
        }

        /** Adds a buffer to a claim already held (a buffer that only this operation can reach yet, such as a new snapshot). */
        void addHeld(Buffer b, boolean write) {
            if (!held) throw new IllegalStateException("not held");
            if (wants.containsKey(b)) return;
            wants.put(b, write);
            take(b, write);
        }

        /**
         * Takes every buffer of the claim, or none: returns false, having taken nothing, when one
         * of them is in use in a way that conflicts. Call with the graph lock held.
         */
        boolean tryAcquire() {
            forgetWaiting();
            boolean free = true;
            for (var e : wants.entrySet()) {
                Hold h = HOLDS.get(e.getKey());
                if (h == null) continue;
                boolean conflict = e.getValue() ? h.readers > 0 || h.writer != null : h.writer != null || h.writersWaiting > 0;
                if (!conflict) continue;
                free = false;
                if (e.getValue()) waitingFor.add(e.getKey());
            }
            if (!free) {
                for (Buffer b : waitingFor) HOLDS.computeIfAbsent(b, x -> new Hold()).writersWaiting++;
                return false;
            }
            wants.forEach(this::take);
            held = true;
            return true;
        }

        private void take(Buffer b, boolean write) {
            Hold h = HOLDS.computeIfAbsent(b, x -> new Hold());
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
            for (var e : wants.entrySet()) {
                Hold h = HOLDS.get(e.getKey());
                if (h == null) continue;
                if (e.getValue()) h.writer = null; else h.readers--;
                if (h.readers == 0 && h.writer == null && h.writersWaiting == 0) HOLDS.remove(e.getKey());
            }
            GraphLock.signalChange();
        }

        /** Forgets that this claim waits for its buffers (it tries again, or gives up). */
        private void forgetWaiting() {
            for (Buffer b : waitingFor) {
                Hold h = HOLDS.get(b);
                if (h != null && --h.writersWaiting == 0 && h.readers == 0 && h.writer == null) HOLDS.remove(b);
            }
            waitingFor.clear();
        }

        boolean isHeld() { return held; }

        /** True when this claim includes every buffer of {@code other}, each at least as strongly. */
        boolean covers(Claim other) {
            for (var e : other.wants.entrySet()) {
                Boolean mine = wants.get(e.getKey());
                if (mine == null || e.getValue() && !mine) return false;
            }
            return true;
        }
    }

    /** Buffers claimed or waited for now (tests check that nothing is left behind). */
    static int claimedBuffers() {
        GraphLock.lock();
        try {
            return HOLDS.size();
        } finally {
            GraphLock.unlock();
        }
    }
}
