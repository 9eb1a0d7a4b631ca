package io.numfuse.ir;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Storage reuse within one plan, after the fusion pass: a map kernel stores a value in place of
 * an input that no later kernel of the plan reads, instead of into a new buffer. A deep loop cut
 * into kernels at its live state ({@link LevelCuts}) then updates one set of state arrays in
 * place, as the hand-written loop does, rather than writing a new set per kernel: on 10^6
 * float64 elements a kernel writing new arrays took 3.4 times as long as the same kernel in
 * place (the fresh arrays' pages, and a working set that outgrows the cache; docs/PERFORMANCE.md).
 *
 * <p>An input gives its storage to an output of kernel {@code k} when all of these hold:
 * <ul>
 *   <li>both are buffers the plan makes (not the target, not an array of the program's), of one
 *       dtype and length; the output is written by {@code k} alone, over all of its buffer;</li>
 *   <li>{@code k} is a plain map kernel (no reduction, scan, arg, parts or matmul kernel, and no
 *       gather), and reads the input only at the element it stores: the input's view is the
 *       output's, over the other buffer. Every backend loads an element's inputs before it stores
 *       that element's values, so the store never changes a value still to be read;</li>
 *   <li>no kernel after {@code k} reads or writes the input, and the plan's result is not it;</li>
 *   <li>what the input holds are values of deferred writes (the runtime's {@code DeferredWrites}: a loop's
 *       state, {@code x.assign(x.add(v.mul(dt)))}) that were replaced by later ones, and nothing
 *       outside the plan depends on them, through nodes the plan computes without storing them
 *       ({@link #dependedOnOutside}; an array's current deferred value counts as outside). Those
 *       values are gone after {@code k}, so the nodes stored there are not memoised. A program
 *       never holds such a node itself (an array made from one holds a copy, a user the walk
 *       sees), which is why only they are overwritten: a node the program may hold through an
 *       {@code NDArray} keeps its values.</li>
 * </ul>
 * Where no input can give its storage, a kernel's output (a map kernel's, or a concatenation's,
 * {@link Kernel#isParts}) takes that of any buffer the plan made before it that no kernel from it
 * on reads or writes, under the same rules for what that buffer holds ({@link #free}): the
 * steps of a loop of box writes ({@link BoxUpdate}: a Jacobi step, which reads its neighbours, so
 * never in place) then take turns in two arrays, as a hand-written double-buffered loop does.
 * {@code -Dnumfuse.reuseBuffers=false} turns the pass off (for comparisons).
 */
final class BufferReuse {
    private BufferReuse() {}

    static final boolean ENABLED = !"false".equals(System.getProperty("numfuse.reuseBuffers"));

    /**
     * The plan of {@code kernels} with storage reused where the rules above allow; {@code root}
     * is the node the plan computes (after any broadcast or cast to the target), {@code target}
     * where it is stored or null, {@code memo} the nodes the kernels compute and where.
     */
    static Plan apply(List<Kernel> kernels, View result, Map<Node, View> memo, Node root, View target) { return apply(kernels, result, memo, root, target, List.of()); }

    /**
     * {@link #apply(List, View, Map, Node, View)} for a plan after which the pending nodes
     * {@code later} will be computed (a loop's arrays, when the plan computes only its state:
     * {@link Fusion#planState}): what they read is depended on outside.
     */
    static Plan apply(List<Kernel> kernels, View result, Map<Node, View> memo, Node root, View target, List<Node> later) {
        if (!ENABLED || kernels.size() < 2) return new Plan(kernels, result, memo);
        Buffer written = target == null ? null : target.buffer();
        Map<Buffer, Integer> made = new IdentityHashMap<>(), lastRead = new IdentityHashMap<>(), lastWrite = new IdentityHashMap<>(),
                writes = new IdentityHashMap<>();
        for (int k = 0; k < kernels.size(); k++) {
            for (View v : kernels.get(k).inputs()) lastRead.put(v.buffer(), k);
            for (View o : kernels.get(k).outputs()) {
                if (o.buffer() == written) continue;
                made.putIfAbsent(o.buffer(), k);
                lastWrite.put(o.buffer(), k);
                writes.merge(o.buffer(), 1, Integer::sum);
            }
        }
        Map<Buffer, List<Node>> stored = new IdentityHashMap<>();
        memo.forEach((n, v) -> stored.computeIfAbsent(v.buffer(), b -> new ArrayList<>()).add(n));
        Set<Node> outside = null;   // made on the first candidate: most plans have none
        Map<Buffer, Buffer> moves = new IdentityHashMap<>();
        Set<Node> dropped = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Kernel> out = new ArrayList<>(kernels.size());
        for (int k = 0; k < kernels.size(); k++) {
            Kernel kk = kernels.get(k).withBuffers(moves);
            boolean plain = plainMap(kk);
            if (!plain && !kk.isParts()) {
                out.add(kk);
                continue;
            }
            Buffer resultBuffer = Kernel.moved(result, moves).buffer();
            Map<Buffer, Buffer> here = new IdentityHashMap<>();
            for (View o : kk.outputs()) {
                Buffer b = o.buffer();
                if (made.get(b) == null || made.get(b) != k || writes.get(b) != 1 || !o.coversBuffer()) continue;
                for (View in : plain ? kk.inputs() : List.<View>of()) {
                    Buffer i = in.buffer();
                    if (here.containsValue(i) || i == written || i == resultBuffer || made.get(i) == null || made.get(i) >= k
                            || lastRead.get(i) != k || lastWrite.get(i) >= k || i.dtype() != b.dtype() || i.length() != b.length()
                            || !in.equals(new View(i, o.offset(), o.shape(), o.strides())) || !readsOnlyAs(kk, in)) {
                        continue;
                    }
                    if (outside == null) outside = dependedOnOutside(root, memo, later);
                    if (!recyclable(stored.get(i), outside)) continue;
                    here.put(b, i);
                    break;
                }
                if (!here.containsKey(b)) {   // else the storage of an earlier value no kernel from here on reads: two arrays taking turns
                    for (Buffer i : made.keySet()) {
                        if (!free(i, b, k, made, lastRead, lastWrite, here, moves, written, resultBuffer)) continue;
                        if (outside == null) outside = dependedOnOutside(root, memo, later);   // a walk of the graph: only for a candidate
                        if (!recyclable(stored.get(i), outside)) continue;
                        here.put(b, i);
                        break;
                    }
                }
            }
            if (!here.isEmpty()) {
                moves.putAll(here);
                kk = kernels.get(k).withBuffers(moves);
                for (var e : here.entrySet()) {   // the donor now holds the output's values, read where the output was
                    Buffer b = e.getKey(), i = e.getValue();
                    List<Node> old = stored.remove(i);
                    if (old != null) dropped.addAll(old);
                    List<Node> now = stored.remove(b);
                    if (now != null) stored.put(i, now);
                    lastRead.put(i, lastRead.getOrDefault(b, k));
                    lastWrite.put(i, k);
                }
            }
            out.add(kk);
        }
        if (moves.isEmpty()) return new Plan(kernels, result, memo);
        Map<Node, View> kept = new IdentityHashMap<>();
        memo.forEach((n, v) -> {
            if (!dropped.contains(n)) kept.put(n, Kernel.moved(v, moves));
        });
        return new Plan(out, Kernel.moved(result, moves), kept);
    }

    /**
     * True when {@code i}, a buffer the plan made before kernel {@code k}, could hold {@code b}'s
     * values instead of new storage: of its dtype and length, not the target or the result, not
     * given already, and read or written by no kernel from {@code k} on (so any kernel may store
     * there, a Jacobi step's concatenation included). What it holds must also be
     * {@link #recyclable}, which the caller checks last (it needs the walk of the graph).
     */
    private static boolean free(Buffer i, Buffer b, int k, Map<Buffer, Integer> made, Map<Buffer, Integer> lastRead, Map<Buffer, Integer> lastWrite,
                                Map<Buffer, Buffer> here, Map<Buffer, Buffer> moves, Buffer written, Buffer resultBuffer) {
        return made.get(i) < k && i != written && i != resultBuffer && !here.containsValue(i) && !moves.containsKey(i)
                && i.dtype() == b.dtype() && i.length() == b.length()
                && lastRead.getOrDefault(i, -1) < k && lastWrite.getOrDefault(i, -1) < k;
    }

    /** True for a map kernel that reads each input at the element it stores, at most: no reduction, scan, arg, parts, matmul or gather. */
    private static boolean plainMap(Kernel k) {
        if (k.isReduction() || k.isScan() || k.isArg() || k.isParts() || k.isMatmul()) return false;
        for (Instr i : k.body()) if (i instanceof Instr.Gather) return false;
        return true;
    }

    /** True when every input of {@code k} over {@code in}'s buffer is {@code in} itself. */
    private static boolean readsOnlyAs(Kernel k, View in) {
        for (View v : k.inputs()) if (v.buffer() == in.buffer() && !v.equals(in)) return false;
        return true;
    }

    /**
     * True when the values of {@code nodes} (stored in one buffer) may be overwritten: each is a
     * deferred write's value that nothing outside the plan depends on. An array a program holds
     * is never such a value (it holds a copy of one: {@link Graph#ownNode}, which is a user the
     * walk sees), so no array of the program loses the values the plan computed for it.
     */
    private static boolean recyclable(List<Node> nodes, Set<Node> outside) {
        if (nodes == null) return true;
        for (Node n : nodes) if (!n.isDeferredValue() || outside.contains(n)) return false;
        return true;
    }

    /**
     * The pending nodes of the graph under {@code root} on whose values a pending node outside
     * that graph depends, through nodes of the graph that the plan does not store ({@code memo}'s
     * keys are stored: what depends on them reads their buffers). The root is among them when
     * anything outside uses it and the plan does not store it. With the graph under {@code later}
     * too (nodes computed after the plan), each of them outside unless the plan stores it.
     */
    static Set<Node> dependedOnOutside(Node root, Map<Node, View> memo, List<Node> later) {
        List<Node> order = new ArrayList<>();   // operands before their users
        Set<Node> graph = Collections.newSetFromMap(new IdentityHashMap<>());
        ArrayDeque<Node[]> stack = new ArrayDeque<>();
        ArrayDeque<Integer> next = new ArrayDeque<>();
        List<Node> roots = new ArrayList<>(later);
        roots.add(root);
        for (Node r : roots) {
            if (r.isPending() && graph.add(r)) {
                stack.push(new Node[] { r });
                next.push(0);
            }
            walk(stack, next, graph, order);
        }
        Set<Node> outside = Collections.newSetFromMap(new IdentityHashMap<>());
        Set<Node> after = Collections.newSetFromMap(new IdentityHashMap<>());
        after.addAll(later);
        for (int j = order.size() - 1; j >= 0; j--) {   // users before their operands
            Node n = order.get(j);
            if (n.isHeldByBuffer() || after.contains(n) && !memo.containsKey(n)) {   // an array's value (what its buffer's deferred write will store), or computed later
                outside.add(n);
                continue;
            }
            for (Node u : n.liveUsers()) {
                if (!graph.contains(u) || !memo.containsKey(u) && outside.contains(u)) {
                    outside.add(n);
                    break;
                }
            }
        }
        return outside;
    }

    /** The iterative post-order walk of the pending nodes on {@code stack} and under them, not in {@code graph} yet, into {@code order}. */
    private static void walk(ArrayDeque<Node[]> stack, ArrayDeque<Integer> next, Set<Node> graph, List<Node> order) {
        while (!stack.isEmpty()) {   // an iterative post-order walk: a loop's graph is thousands of nodes deep
            Node n = stack.peek()[0];
            int i = next.pop();
            List<Node> ops = n.operands();
            if (i < ops.size()) {
                next.push(i + 1);
                Node o = ops.get(i);
                if (o.isPending() && graph.add(o)) {
                    stack.push(new Node[] { o });
                    next.push(0);
                }
            } else {
                stack.pop();
                order.add(n);
            }
        }
    }
}
