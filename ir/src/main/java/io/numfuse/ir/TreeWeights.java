package io.numfuse.ir;

import java.util.ArrayDeque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The size of an expression as a tree, {instructions, loads and parameters}, for the fusion
 * pass: a kernel's worth of it, or more when shared nodes are counted again (capped). It only
 * tells a cut where a large operand is, and {@link LevelCuts} how much a graph shares; each
 * node's is computed once, without recursion. Nodes {@code known} (computed or planned when
 * first weighed) weigh one load.
 */
final class TreeWeights {
    private static final long MAX_WEIGHT = 1L << 40;

    private final Map<Node, long[]> weights = new IdentityHashMap<>();
    private final Predicate<Node> known;

    TreeWeights(Predicate<Node> known) { this.known = known; }

    long[] of(Node root) {
        ArrayDeque<Node> todo = new ArrayDeque<>();
        todo.push(root);
        while (!todo.isEmpty()) {
            Node n = todo.peek();
            if (weights.containsKey(n)) {
                todo.pop();
                continue;
            }
            List<Node> operands = n instanceof Node.Reduce || n instanceof Node.Scan || n instanceof Node.ArgReduce || n instanceof Node.Concat || known.test(n) ? List.of()
                    : n instanceof Node.Gather g && g.indices() != null ? List.of(g.indices()) : n.operands();   // a gather's array is computed aside
            boolean ready = true;
            for (Node o : operands) {
                if (!weights.containsKey(o)) {
                    todo.push(o);
                    ready = false;
                }
            }
            if (!ready) continue;
            long instructions = 1, arguments = operands.isEmpty() && !(n instanceof Node.Iota) ? 1 : 0;
            for (Node o : operands) {
                long[] w = weights.get(o);
                instructions = Math.min(MAX_WEIGHT, instructions + w[0]);
                arguments = Math.min(MAX_WEIGHT, arguments + w[1]);
            }
            weights.put(todo.pop(), new long[] { instructions, arguments });
        }
        return weights.get(root);
    }
}
