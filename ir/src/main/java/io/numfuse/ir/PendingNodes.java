package io.numfuse.ir;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;

/**
 * Weakly held nodes that are still pending: the readers of a buffer, or the users of a node.
 * Entries are pruned (evaluated nodes, and nodes the collector took) when the list has doubled
 * since the last prune, so adding is amortised constant time however many lazy expressions read
 * one array; and, so that dead entries cannot pile up in a list that grew large once, as soon as
 * the collector has cleared more entries than half the list holds (counted through a reference
 * queue): after a collection a list holds about twice its live entries at most, and its storage
 * shrinks with it.
 */
final class PendingNodes {
    private ArrayList<WeakReference<Node>> refs = new ArrayList<>(2);
    private ReferenceQueue<Node> cleared;   // made with the first entry: most lists stay empty
    private int pruneAt = 16, clearedSinceAdd;

    synchronized void add(Node n) {
        if (cleared == null) cleared = new ReferenceQueue<>();
        while (cleared.poll() != null) clearedSinceAdd++;
        if (refs.size() >= pruneAt || clearedSinceAdd > refs.size() / 2 && refs.size() >= 16) {
            prune(null);
            pruneAt = Math.max(16, 2 * refs.size());
        }
        refs.add(new WeakReference<>(n, cleared));
    }

    /** The live pending nodes; forgets the others. */
    synchronized List<Node> live() {
        List<Node> out = new ArrayList<>();
        prune(out);
        return out;
    }

    /** The live pending nodes, forgetting them all: they are about to stop reading what this list belongs to. */
    synchronized List<Node> drain() {
        List<Node> out = live();
        refs = new ArrayList<>(2);
        pruneAt = 16;
        return out;
    }

    /** Entries held now, live or not (for tests). */
    synchronized int entries() { return refs.size(); }

    private void prune(List<Node> out) {
        refs.removeIf(r -> {
            Node n = r.get();
            if (n == null || !n.isPending()) return true;
            if (out != null) out.add(n);
            return false;
        });
        if (cleared != null) while (cleared.poll() != null) { /* counted by the prune */ }
        clearedSinceAdd = 0;
        refs.trimToSize();   // a list that was large gives its storage back (a prune costs as much as the copy)
    }
}
