package io.numfuse.ir;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;

/**
 * Weakly held nodes that are still pending: the readers of a buffer, or the users of a node.
 * Evaluated and collected entries are pruned when the list has doubled since the last prune,
 * so adding is amortised constant time however many lazy expressions read one array.
 */
final class PendingNodes {
    private final List<WeakReference<Node>> refs = new ArrayList<>(2);
    private int pruneAt = 16;

    synchronized void add(Node n) {
        if (refs.size() >= pruneAt) {
            prune(null);
            pruneAt = Math.max(16, 2 * refs.size());
        }
        refs.add(new WeakReference<>(n));
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
        refs.clear();
        pruneAt = 16;
        return out;
    }

    private void prune(List<Node> out) {
        refs.removeIf(r -> {
            Node n = r.get();
            if (n == null || !n.isPending()) return true;
            if (out != null) out.add(n);
            return false;
        });
    }
}
