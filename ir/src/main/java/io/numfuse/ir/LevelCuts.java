package io.numfuse.ir;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Where a deep expression whose nodes are shared a lot is cut before it is fused: across the
 * graph every {@link #LEVELS} levels of depth, at the values that cross that level (computed
 * below it, read above it). A loop written plainly builds such a graph: each step of a
 * Mandelbrot iteration reads both coordinates and the count of the step before, so the graph is
 * a lattice whose tree is exponentially larger than itself. Fused greedily from the root, each
 * cut materialised whatever operand was being lowered when the kernel filled up, and the kernels
 * recomputed the history between cuts they shared: 100 plain steps ran 905 kernels. Cut at
 * levels, the live state of every few steps (the coordinates and the count) is computed once,
 * as the demo's checkpoints did by hand, and each kernel computes a few steps from the state
 * before them.
 */
final class LevelCuts {
    private LevelCuts() {}

    /** Levels of depth between two cuts (about eight Mandelbrot steps). */
    static final int LEVELS = 32;

    /** The tree over the graph (its weight) must be this many times the graph for cuts to pay: a plain chain has no sharing. */
    static final int SHARING = 4;

    /**
     * The nodes to compute first, in groups in an order in which each comes after the groups it
     * reads: the element-wise nodes under {@code root} that cross a cut level, grouped by the
     * level band they lie in and their shape (a group is computed by one multi-output kernel).
     * Empty when the graph is shallow, fits one kernel of the {@code limits} (its body and its
     * depth: {@link KernelLimits#maxLevels}; computed
     * once each there, which no cut betters), or shares little ({@code treeWeight}: a node's size
     * as a tree, capped; asked only of a graph that does not fit).
     * {@code known}: the nodes the fusion pass already has values for (computed or planned).
     */
    static List<List<Node>> of(Node root, java.util.function.ToLongFunction<Node> treeWeight, KernelLimits limits, Predicate<Node> known) {
        return of(root, treeWeight, limits, known, Integer.MAX_VALUE, null);
    }

    /**
     * The live state of the loop {@code root} belongs to, which laziness rule 4 computes when it
     * stops a loop part way ({@link Fusion#planState}): the groups of the pending graph connected to
     * {@code root} (under it, and the pending nodes that read it, and so on: a Mandelbrot's counts
     * read its coordinates, and the rule may fall on a coordinate), at the levels up to
     * {@code root}'s depth less {@link #LEVELS}, whose readers are all built already as they are at
     * every level below (the level just under a loop's newest step lacks the values the next step
     * will read). {@code heads}: filled with the connected nodes no pending node reads (the
     * loop's arrays the program holds), which read the state after it is computed.
     */
    static List<List<Node>> settled(Node root, java.util.function.ToLongFunction<Node> treeWeight, KernelLimits limits, Predicate<Node> known, List<Node> heads) {
        return of(root, treeWeight, limits, known, Math.floorDiv(root.depth() - LEVELS, LEVELS), heads);
    }

    /** The groups of bands up to {@code topBand}; {@code heads} not null: of the graph connected to {@code root}, its nodes no pending node reads put there. */
    private static List<List<Node>> of(Node root, java.util.function.ToLongFunction<Node> treeWeight, KernelLimits limits, Predicate<Node> known, int topBand,
            List<Node> heads) {
        // a reduction of a plain loop's result (its sum of counts): the loop's graph under it is cut
        // as the loop's own would be (greedily, the sum of a 100-step Mandelbrot was 99 kernels)
        if (root instanceof Node.Reduce r && !r.isMatmul() && r.x() != null && r.x().isPending() && !known.test(r.x())) root = r.x();
        if (root instanceof Node.Scan s && s.x() != null && s.x().isPending() && !known.test(s.x())) root = s.x();
        if (root instanceof Node.ArgReduce a && a.x() != null && a.x().isPending() && !known.test(a.x())) root = a.x();
        if (root.depth() <= 2 * LEVELS) return List.of();
        // the pending graph under root, with each node's users among it
        Map<Node, Boolean> seen = new IdentityHashMap<>();
        List<Node> nodes = new ArrayList<>();
        ArrayDeque<Node> todo = new ArrayDeque<>();
        todo.push(root);
        seen.put(root, true);
        walk(todo, nodes, seen, known, null);
        boolean fits = nodes.size() <= limits.maxBody() && root.depth() <= limits.maxLevels();
        if (fits || treeWeight.applyAsLong(root) < (long) SHARING * nodes.size()) return List.of();
        if (heads != null) {   // the pending nodes that read the graph belong to the loop too, and what they read
            for (Node n : List.copyOf(nodes)) readers(n, todo, seen, known, heads);
            walk(todo, nodes, seen, known, heads);
        }
        List<Node> cut = new ArrayList<>();
        Map<Node, Boolean> chosen = new IdentityHashMap<>();
        for (Node user : nodes) {
            if (user instanceof Node.Reduce || user instanceof Node.Scan || user instanceof Node.ArgReduce || known.test(user)) continue;
            int above = user.depth();
            for (Node o : user.operands()) {
                if (!elementWise(o) || known.test(o) || !seen.containsKey(o)) continue;
                if (crosses(o.depth(), above) && chosen.put(o, true) == null) cut.add(o);
            }
        }
        cut.sort(java.util.Comparator.comparingInt(Node::depth));   // a node's operands are shallower: they come first
        // a cheap node of values that are cut anyway is computed again above the level, not stored and read back
        cut.removeIf(n -> recomputable(n, chosen, known) && chosen.remove(n) != null);
        // one group per level band and shape: computed by one kernel, their shared history once
        List<List<Node>> groups = new ArrayList<>();
        Map<List<Object>, List<Node>> byBand = new java.util.HashMap<>();
        for (Node n : cut) {
            if (Math.ceilDiv(n.depth(), LEVELS) > topBand) continue;
            List<Object> band = List.of(Math.ceilDiv(n.depth(), LEVELS), java.util.Arrays.stream(n.shapeRef()).boxed().toList());
            byBand.computeIfAbsent(band, b -> {
                List<Node> g = new ArrayList<>();
                groups.add(g);
                return g;
            }).add(n);
        }
        return groups;
    }

    /** Takes the nodes on {@code todo} and the pending nodes under them not {@code seen} yet into {@code nodes}; {@code heads} not null: their pending readers too. */
    private static void walk(ArrayDeque<Node> todo, List<Node> nodes, Map<Node, Boolean> seen, Predicate<Node> known, List<Node> heads) {
        while (!todo.isEmpty()) {
            Node n = todo.pop();
            nodes.add(n);
            if (heads != null) readers(n, todo, seen, known, heads);
            if (n instanceof Node.Reduce || n instanceof Node.Scan || n instanceof Node.ArgReduce || known.test(n)) continue;   // a reduction is computed on its own anyway
            for (Node o : n.operands()) {
                if (o instanceof Node.Leaf || o instanceof Node.Const || o.result() != null || seen.put(o, true) != null) continue;
                todo.push(o);
            }
        }
    }

    /** Puts the pending readers of pending {@code n} not seen yet on {@code todo}; {@code n} goes to {@code heads} when no pending node reads it. */
    private static void readers(Node n, ArrayDeque<Node> todo, Map<Node, Boolean> seen, Predicate<Node> known, List<Node> heads) {
        if (!n.isPending() || known.test(n)) return;
        boolean read = false;
        for (Node u : n.liveUsers()) {
            if (!u.isPending() || known.test(u)) continue;
            read = true;
            if (seen.put(u, true) == null) todo.push(u);
        }
        if (!read) heads.add(n);
    }

    /** True when a level {@code k * LEVELS} lies between {@code below} (included) and {@code above} (excluded). */
    private static boolean crosses(int below, int above) { return Math.ceilDiv(below, LEVELS) <= Math.floorDiv(above - 1, LEVELS); }

    /**
     * True when {@code n} is one simple op ({@link CostClass#SIMPLE}: an add, a multiply, a cast, a
     * select) whose operands are all computed, constants or cut: computing it again where it is
     * read costs an op per element, storing it a write and a read of its array. A step of
     * {@code x += dt*v; v -= dt*x} cut at a level stored {@code dt*v} beside {@code x} and
     * {@code v} when the level fell between it and its user.
     */
    private static boolean recomputable(Node n, Map<Node, Boolean> cut, Predicate<Node> known) {
        boolean simple = switch (n) {
            case Node.Unary u -> u.op().costClass() == CostClass.SIMPLE;
            case Node.Binary b -> b.op().costClass() == CostClass.SIMPLE;
            case Node.Cast c -> true;
            case Node.Where w -> true;
            default -> false;
        };
        if (!simple) return false;
        for (Node o : n.operands()) {
            if (!(o instanceof Node.Leaf || o instanceof Node.Const || o.result() != null || known.test(o) || cut.containsKey(o))) return false;
        }
        return true;
    }

    private static boolean elementWise(Node n) {
        return n instanceof Node.Unary || n instanceof Node.Binary || n instanceof Node.Where || n instanceof Node.Cast;
    }
}
