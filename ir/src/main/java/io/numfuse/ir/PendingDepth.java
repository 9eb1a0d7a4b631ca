package io.numfuse.ir;

import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The depth of what is left to compute under a node: its longest path of pending nodes, a
 * computed node or a leaf counting 0. {@link Node#depth()} is fixed when a node is built and
 * counts the whole history; once an evaluation has computed part of it (the live state at the
 * level cuts of a plain loop: {@link LevelCuts}), the pending depth of the nodes above is small
 * again, and the frontend's depth rule (laziness rule 4) looks at it instead, so that a loop is
 * not evaluated at every step once its graph has grown past the rule's limit.
 *
 * <p>Each node keeps its last figure with the memoisation epoch it was exact at: a walk goes down
 * only through nodes whose figure is older than the newest memoisation, so building a node on
 * fresh operands costs nothing. Figures only ever fall (nodes gain values, never lose them), so a
 * figure read in a race is an upper bound: at worst an array is evaluated a little early.
 */
final class PendingDepth {
    private PendingDepth() {}

    /** Bumped by every memoisation: figures stamped with an older epoch may have fallen since. */
    static final AtomicLong EPOCH = new AtomicLong();

    static int of(Node root) {
        long epoch = EPOCH.get();
        if (settled(root, epoch)) return figure(root);
        ArrayDeque<Node> todo = new ArrayDeque<>();
        todo.push(root);
        while (!todo.isEmpty()) {
            Node n = todo.peek();
            if (settled(n, epoch)) {
                todo.pop();
                continue;
            }
            boolean ready = true;
            for (Node o : n.operands()) {
                if (!settled(o, epoch)) {
                    todo.push(o);
                    ready = false;
                }
            }
            if (!ready) continue;
            int d = 0;
            for (Node o : n.operands()) d = Math.max(d, figure(o));
            n.pendingDepth = d + 1;
            n.pendingEpoch = epoch;
            todo.pop();
        }
        return figure(root);
    }

    private static boolean computed(Node n) {
        return n.result() != null || n instanceof Node.Leaf || n instanceof Node.Const || n instanceof Node.Iota;
    }

    private static boolean settled(Node n, long epoch) { return computed(n) || n.pendingEpoch == epoch; }

    private static int figure(Node n) { return computed(n) ? 0 : n.pendingDepth; }
}
