package io.numfuse.ir;

import io.numfuse.core.DType;
import io.numfuse.core.NumfuseException;
import io.numfuse.core.AxisException;
import io.numfuse.core.ShapeMismatchException;
import io.numfuse.core.TypeException;
import io.numfuse.core.ValueException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * A generator of random, well-typed expression graphs for differential tests: leaves of every
 * dtype (contiguous buffers and strided views of them: slices with steps, negative steps,
 * integer indexing, transposes, new axes, broadcasts; several views of one buffer), weak and
 * strong scalars, iotas, and every op of {@link Op} through {@link Graph}, with shared
 * sub-expressions ({@code a + a}, {@code a * b + a}) and views of pending nodes.
 *
 * <p>All randomness comes from two {@link RandomGenerator}s: {@code structure} takes every
 * decision about the shape of the graph, {@code values} only fills buffers, picks scalar
 * values and buffer padding. Ill-typed choices are expected: a {@link TypeException},
 * {@link ShapeMismatchException}, {@link ValueException} or {@link AxisException} from
 * {@link Graph} makes the generator try another choice, and every attempt with its outcome is
 * recorded in {@link Built#trace()}. With {@link Config#bigDim()} set, every dimension is 1 or
 * {@code bigDim} and every slice is one of a few size-independent kinds, so that two builds
 * from one structure seed with different {@code bigDim}s and value seeds give the same graph
 * shape whenever their traces are equal (see {@code KernelKeyProperties}).
 *
 * <p>Use from jqwik with {@link #specs(int)}, or from anywhere with
 * {@code RandomGraphs.build(seed, Config.of(ops))}; a build is fresh on every call (graphs are
 * mutable: evaluation memoises their nodes).
 */
public final class RandomGraphs {
    /**
     * The seed of the random-graph properties. It is fixed so that a run of CI is repeatable:
     * a failing property fails every run until it is fixed, never by chance. To explore more
     * graphs, change it locally (or run with another value) and keep any failure as a test.
     */
    public static final String CI_SEED = "20261125";


    /**
     * @param ops            how many op applications to attempt to add
     * @param bigDim         0: random dims 0..4; otherwise every dim is 1 or bigDim (>= 5)
     * @param privateBuffers every leaf gets its own copy of the buffer it would have shared
     * @param valueSeed      seed of the value stream
     */
    public record Config(int ops, int bigDim, boolean privateBuffers, long valueSeed) {
        public static Config of(int ops) { return new Config(ops, 0, false, 0x9E3779B97F4A7C15L); }
        public Config withBigDim(int n) { return new Config(ops, n, privateBuffers, valueSeed); }
        public Config withValueSeed(long s) { return new Config(ops, bigDim, privateBuffers, s); }
        public Config withPrivateBuffers() { return new Config(ops, bigDim, true, valueSeed); }
    }

    /** A reproducible request for a graph: jqwik shrinks the seed and the op count. */
    public record Spec(long seed, int ops) {
        public Built build() { return RandomGraphs.build(seed, Config.of(ops)); }
        public Built build(Config c) { return RandomGraphs.build(seed, c); }
        @Override public String toString() { return "Spec(seed=" + seed + "L, ops=" + ops + ")"; }
    }

    /** Specs with up to {@code maxOps} op applications. */
    public static Arbitrary<Spec> specs(int maxOps) {
        return Combinators.combine(Arbitraries.longs(), Arbitraries.integers().between(0, maxOps)).as(Spec::new);
    }

    /**
     * A generated graph.
     *
     * @param root    the node to evaluate (the last op built, or a leaf when none succeeded)
     * @param nodes   every node generated, in order
     * @param buffers every buffer that leaves view
     * @param trace   the structural decisions, without any value
     * @param log     one line per node, for failure messages
     */
    public record Built(Node root, List<Node> nodes, List<Buffer> buffers, String trace, String log) {
        @Override public String toString() { return log + "root = " + root; }

        /** The plan of {@code root} under a body cap of {@code maxBody}, or null when numfuse refuses the graph (as NumPy would). */
        public Plan planOrNull(int maxBody) {
            try {
                return Fusion.plan(root, null, maxBody);
            } catch (NumfuseException e) {
                return null;
            }
        }
    }

    public static Built build(long seed, Config config) {
        return new RandomGraphs(new SplittableRandom(seed), new SplittableRandom(config.valueSeed() ^ seed), config).build();
    }

    // ---- state -------------------------------------------------------------------------------

    private static final DType[] TYPES = DType.values();
    private static final int MAX_RANK = RandomViews.MAX_RANK;
    private static final List<Op> UNARY = ops(Op.Kind.UNARY);
    private static final List<Op> BINARY = ops(Op.Kind.BINARY, Op.Kind.COMPARE);
    private static final List<Op> REDUCE = ops(Op.Kind.REDUCE);

    private final RandomGenerator structure;
    private final RandomGenerator values;
    private final Config config;
    private final List<Node> pool = new ArrayList<>();
    private final List<View> bases = new ArrayList<>();   // the contiguous parent view of each buffer
    private final List<Buffer> buffers = new ArrayList<>();
    private final StringBuilder trace = new StringBuilder();
    private final StringBuilder log = new StringBuilder();
    private final java.util.IdentityHashMap<Node, String> names = new java.util.IdentityHashMap<>();
    private final RandomViews views;

    public RandomGraphs(RandomGenerator structure, RandomGenerator values, Config config) {
        this.structure = structure;
        this.values = values;
        this.config = config;
        this.views = new RandomViews(structure, config, trace);
    }

    public Built build() {
        int leaves = 2 + structure.nextInt(3);
        for (int i = 0; i < leaves; i++) add(newLeaf(randomType()), "leaf");
        if (structure.nextInt(3) == 0) add(newScalar(), "scalar");
        if (structure.nextInt(4) == 0) add(newIota(), "iota");
        Node last = null;
        for (int i = 0; i < config.ops(); i++) {
            Node n = step();
            if (n != null && (last == null || !n.operands().isEmpty())) last = n;
        }
        Node root = last != null ? last : pool.get(structure.nextInt(pool.size()));
        return new Built(root, List.copyOf(pool), List.copyOf(buffers), trace.toString(), log.toString());
    }

    /** A random leaf view of dtype {@code t} (on a new buffer or one of this generator's earlier buffers). */
    public View randomView(DType t) { return ((Node.Leaf) newLeaf(t)).view(); }

    /** A random in-bounds index map onto an array of {@code shape}: a slice, index, transpose, new axis or broadcast. */
    public IndexMap randomMapOnto(int[] shape) { return views.randomMap(shape); }

    // ---- ops ---------------------------------------------------------------------------------

    @FunctionalInterface
    private interface Attempt { Node make(); }

    /** Adds one op application; returns null when every attempt was ill-typed. */
    private Node step() {
        for (int attempt = 0; attempt < 8; attempt++) {
            int w = structure.nextInt(100);
            String what;
            Attempt a;
            if (w < 18) { what = "unary"; a = this::unary; }
            else if (w < 48) { what = "binary"; a = this::binary; }
            else if (w < 54) { what = "where"; a = this::where; }
            else if (w < 61) { what = "cast"; a = this::cast; }
            else if (w < 69) { what = "reduce"; a = this::reduce; }
            else if (w < 73) { what = "mean"; a = this::mean; }
            else if (w < 78) { what = "dot"; a = this::dot; }
            else if (w < 89) { what = "reindex"; a = this::reindex; }
            else if (w < 94) { what = "pattern"; a = this::pattern; }
            else if (w < 97) { what = "leaf"; a = () -> newLeaf(randomType()); }
            else { what = "scalar"; a = this::newScalar; }
            try {
                Node n = a.make();
                add(n, what);
                return n;
            } catch (TypeException | ShapeMismatchException | ValueException | AxisException e) {
                trace.append("  ").append(what).append(" rejected: ").append(e.getClass().getSimpleName()).append('\n');
            }
        }
        return null;
    }

    private Node unary() { return Graph.unary(pick(UNARY), operand()); }

    private Node binary() {
        Node a = operand();
        int r = structure.nextInt(10);
        Node b = r < 2 ? a : compatible(a);
        return r == 2 ? Graph.binary(pick(BINARY), b, a) : Graph.binary(pick(BINARY), a, b);
    }

    /** {@code (a op1 b) op2 a} (a shared operand under two parents), or {@code v op w} for two views of one buffer. */
    private Node pattern() {
        if (structure.nextBoolean()) return twoViews();
        Node a = operand(), b = compatible(a);
        Node ab = Graph.binary(pick(BINARY), a, b);
        add(ab, "pattern-inner");
        return Graph.binary(pick(BINARY), ab, structure.nextBoolean() ? a : b);
    }

    /** {@code v op w} where w is v itself (a new leaf node), or v with an axis reversed or transposed, on the same buffer. */
    private Node twoViews() {
        List<Node.Leaf> leaves = new ArrayList<>();
        for (Node n : pool) if (n instanceof Node.Leaf l) leaves.add(l);
        Node.Leaf a = leaves.get(structure.nextInt(leaves.size()));
        View v = a.view();
        int[] s = v.shape();
        int r = structure.nextInt(3);
        trace.append("  two views ").append(pool.indexOf(a)).append(' ').append(r).append('\n');
        View w = v;
        if (r == 1 && s.length > 0) {
            int axis = structure.nextInt(s.length);
            w = v.slice(axis, Math.max(s[axis] - 1, 0), s[axis], -1);
        } else if (r == 2 && s.length > 1) {
            int[] p = views.permutation(s.length);
            boolean fits = true;
            for (int i = 0; i < s.length; i++) fits &= s[p[i]] == s[i] || s[i] == 1 || s[p[i]] == 1;
            if (fits) w = v.permute(p);
        }
        if (config.privateBuffers()) w = rebase(w);
        Node b = Graph.leaf(w);
        add(b, "second-view");
        return Graph.binary(pick(BINARY), a, b);
    }

    private Node where() {
        Node c = operand();
        Node a = compatible(c);
        Node b = structure.nextInt(4) == 0 ? a : compatible(a);
        return Graph.where(c, a, b);
    }

    private Node cast() { return Graph.cast(operand(), randomType()); }

    private Node reduce() {
        Node x = operand();
        return Graph.reduce(pick(REDUCE), x, axes(x.rank()), structure.nextInt(3) == 0);
    }

    private Node mean() {
        Node x = operand();
        return Graph.mean(x, axes(x.rank()), structure.nextBoolean());
    }

    /** null (all axes), or a random subset written with random signs, sometimes out of range or repeated. */
    private int[] axes(int rank) {
        if (structure.nextInt(3) == 0) return null;
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < rank; i++) {
            if (structure.nextBoolean()) out.add(structure.nextBoolean() ? i : i - rank);
        }
        if (structure.nextInt(12) == 0) out.add(rank + structure.nextInt(2));           // AxisException
        if (structure.nextInt(12) == 0 && !out.isEmpty()) out.add(out.get(0));          // duplicate
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    private Node dot() {
        Node a = operand();
        if (a.rank() < 1 || a.rank() > 2) a = operandOfRank(1 + structure.nextInt(2));
        int k = a.shape()[a.rank() - 1];
        List<Node> fits = new ArrayList<>();
        for (Node n : pool) if (n.rank() >= 1 && n.rank() <= 2 && n.shape()[0] == k && (a.rank() == 2 || n.rank() == 1)) fits.add(n);
        Node b;
        if (!fits.isEmpty() && structure.nextInt(4) != 0) {
            b = fits.get(structure.nextInt(fits.size()));
            trace.append("  dot operand ").append(pool.indexOf(b)).append('\n');
        } else {
            int[] shape = a.rank() == 2 && structure.nextBoolean() ? new int[] { k, views.dim() } : new int[] { k };
            b = leafOfShape(randomType(), shape);
            add(b, "leaf-for-dot");
        }
        return Graph.dot(a, b);
    }

    private Node reindex() {
        Node x = operand();
        return Graph.reindex(x, views.randomMap(x.shape()));
    }

    // ---- leaves ------------------------------------------------------------------------------

    private Node newLeaf(DType t) {
        View base;
        List<Integer> same = new ArrayList<>();
        for (int i = 0; i < bases.size(); i++) if (bases.get(i).dtype() == t) same.add(i);
        boolean reuse = !same.isEmpty() && structure.nextInt(10) < 4;
        trace.append("  buffer ").append(reuse ? "reused" : "new").append('\n');
        if (reuse) {
            base = bases.get(same.get(structure.nextInt(same.size())));
            if (config.privateBuffers()) base = rebase(base);
        } else {
            base = newBase(t, views.shape(structure.nextInt(MAX_RANK + 1)));
        }
        View v = base;
        int transforms = structure.nextInt(4);
        for (int i = 0; i < transforms; i++) {
            IndexMap m = views.randomMap(v.shape());
            if (structure.nextBoolean()) {
                v = m.apply(v);
                trace.append("  view via map\n");
            } else {
                View w = views.viewOp(v);
                if (w != null) v = w;
            }
        }
        if (v.rank() > MAX_RANK) v = base;
        return Graph.leaf(v);
    }

    private Node leafOfShape(DType t, int[] shape) {
        if (shape.length == 2 && structure.nextBoolean()) {   // a transposed view of a (b, a) buffer
            return Graph.leaf(newBase(t, new int[] { shape[1], shape[0] }).permute(new int[] { 1, 0 }));
        }
        return Graph.leaf(newBase(t, shape));
    }

    /** A new buffer holding a C-contiguous array of {@code shape} at a random offset. */
    private View newBase(DType t, int[] shape) {
        int size = Shapes.size(shape);
        int before = values.nextInt(3), after = values.nextInt(3);
        Buffer b = Buffer.allocate(t, before + size + after);
        for (int i = 0; i < b.length(); i++) fill(b, i);
        buffers.add(b);
        View v = new View(b, before, shape, Shapes.cStrides(shape));
        bases.add(v);
        trace.append("  base ").append(t).append(classes(shape)).append('\n');
        return v;
    }

    /** The same view on a private copy of its buffer. */
    private View rebase(View v) {
        Buffer copy = v.buffer().copy();
        buffers.add(copy);
        return new View(copy, v.offset(), v.shape(), v.strides());
    }

    private void fill(Buffer b, int i) {
        switch (b.dtype()) {
            case BOOL -> b.setLong(i, values.nextInt(2));
            case INT32 -> b.setLong(i, intValue(true));
            case INT64 -> b.setLong(i, intValue(false));
            case FLOAT32, FLOAT64 -> b.setDouble(i, floatValue(b.dtype()));
        }
    }

    private long intValue(boolean int32) {
        int r = values.nextInt(10);
        if (r < 4) return values.nextInt(-8, 9);
        if (r < 7) {
            long[] edge = int32
                    ? new long[] { 0, 1, -1, 2, Integer.MIN_VALUE, Integer.MAX_VALUE, Integer.MIN_VALUE + 1, 65536, 46341 }
                    : new long[] { 0, 1, -1, 2, Long.MIN_VALUE, Long.MAX_VALUE, Integer.MIN_VALUE, Integer.MAX_VALUE, 1L << 32, 3037000500L };
            return edge[values.nextInt(edge.length)];
        }
        return int32 ? values.nextInt() : values.nextLong();
    }

    private double floatValue(DType t) {
        boolean f32 = t == DType.FLOAT32;
        int r = values.nextInt(10);
        if (r < 3) return values.nextInt(-6, 7) * (values.nextBoolean() ? 1 : 0.5);
        if (r < 6) {
            double[] edge = {
                0.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1.0, -1.0, 0.5, -0.5, 2.5, -2.5, 1.5,
                f32 ? Float.MIN_VALUE : Double.MIN_VALUE, f32 ? -Float.MIN_VALUE : -Double.MIN_VALUE,
                f32 ? Float.MIN_NORMAL : Double.MIN_NORMAL, f32 ? Float.MAX_VALUE : Double.MAX_VALUE,
                f32 ? -Float.MAX_VALUE : -Double.MAX_VALUE, f32 ? 1e-40 : 1e-310, 2147483648.0, -9.3e18, 1e300, 710.0
            };
            return edge[values.nextInt(edge.length)];
        }
        double v = values.nextGaussian() * Math.pow(10, values.nextInt(-3, 4));
        return f32 ? (float) v : v;
    }

    private Node newScalar() {
        int r = structure.nextInt(7);
        trace.append("  scalar kind ").append(r).append('\n');
        return switch (r) {
            case 0, 1 -> Graph.weak(weakInt());
            case 2, 3 -> Graph.weak(new double[] { 0.5, 2.0, -1.5, -0.0, Double.NaN, Double.POSITIVE_INFINITY, 1e-300, 3.0, 1e10 }[values.nextInt(9)]);
            case 4 -> Graph.weak(values.nextBoolean());
            default -> {
                DType t = randomType();
                yield t.isFloat() ? Graph.scalar(t, floatValue(t)) : Graph.scalar(t, intValue(t != DType.INT64));
            }
        };
    }

    private long weakInt() {
        long[] v = { 0, 1, -1, 2, 3, -3, 7, 31, 64, Integer.MAX_VALUE, Integer.MIN_VALUE, 1L << 40 };
        return v[values.nextInt(v.length)];
    }

    private Node newIota() {
        int[] shape = views.shape(1 + structure.nextInt(MAX_RANK));
        return Graph.iota(shape, structure.nextInt(shape.length));
    }

    // ---- picking -------------------------------------------------------------------------------

    /** An operand: mostly one of the newest nodes (to grow depth), sometimes any node. */
    private Node operand() {
        int n = pool.size();
        int r = structure.nextInt(10);
        int i = r < 4 ? n - 1 : r < 7 ? n - 1 - structure.nextInt(Math.min(n, 4)) : structure.nextInt(n);
        trace.append("  operand ").append(i).append('\n');
        return pool.get(i);
    }

    private Node operandOfRank(int rank) {
        List<Node> c = new ArrayList<>();
        for (Node n : pool) if (n.rank() == rank) c.add(n);
        if (!c.isEmpty() && structure.nextInt(3) != 0) {
            Node pick = c.get(structure.nextInt(c.size()));
            trace.append("  of rank ").append(pool.indexOf(pick)).append('\n');
            return pick;
        }
        Node leaf = leafOfShape(randomType(), views.shape(rank));
        add(leaf, "leaf-of-rank");
        return leaf;
    }

    /** A node whose shape broadcasts with {@code a}'s, or a new leaf of such a shape. */
    private Node compatible(Node a) {
        List<Node> c = new ArrayList<>();
        for (Node n : pool) if (broadcasts(a.shape(), n.shape())) c.add(n);
        int r = structure.nextInt(10);
        Node pick;
        if (r == 0) {
            pick = pool.get(structure.nextInt(pool.size()));   // maybe incompatible
        } else if (r == 1 || c.isEmpty()) {
            pick = newScalar();
            add(pick, "scalar-operand");
        } else {
            pick = c.get(structure.nextInt(c.size()));
        }
        trace.append("  compatible ").append(pool.indexOf(pick)).append('\n');
        return pick;
    }

    /** A shape as size classes (0, 1, or N for anything larger): what a KernelKey may depend on. */
    private static String classes(int[] shape) {
        StringBuilder s = new StringBuilder("(");
        for (int d : shape) s.append(d > 1 ? 'N' : (char) ('0' + d));
        return s.append(')').toString();
    }

    private static boolean broadcasts(int[] a, int[] b) {
        try {
            Shapes.broadcast(a, b);
            return true;
        } catch (ShapeMismatchException e) {
            return false;
        }
    }

    private DType randomType() { return TYPES[structure.nextInt(TYPES.length)]; }

    private <T> T pick(List<T> l) { return l.get(structure.nextInt(l.size())); }

    private static List<Op> ops(Op.Kind... kinds) {
        Set<Op.Kind> k = new HashSet<>(Arrays.asList(kinds));
        return Arrays.stream(Op.values()).filter(o -> k.contains(o.kind())).toList();
    }

    private void add(Node n, String what) {
        pool.add(n);
        String name = "n" + (pool.size() - 1);
        names.putIfAbsent(n, name);
        trace.append(what).append(' ').append(n.getClass().getSimpleName()).append(' ').append(n.dtype())
                .append(classes(n.shapeRef())).append('\n');
        log.append(name).append(" = ").append(what).append(": ").append(describe(n)).append('\n');
    }

    private String describe(Node n) {
        if (n instanceof Node.Leaf l) {
            View v = l.view();
            return n.dtype().numpyName() + Shapes.format(n.shape()) + " buffer#" + buffers.indexOf(v.buffer())
                    + " offset " + v.offset() + " strides " + Arrays.toString(v.strides());
        }
        StringBuilder s = new StringBuilder(n instanceof Node.Const ? n.toString() : n.getClass().getSimpleName());
        switch (n) {
            case Node.Unary u -> s.append(' ').append(u.op());
            case Node.Binary b -> s.append(' ').append(b.op());
            case Node.Reduce r -> s.append(' ').append(r.op()).append(Arrays.toString(r.axes()));
            case Node.Reindex r -> s.append(' ').append(r.map());
            default -> { }
        }
        s.append(" (");
        for (Node o : n.operands()) s.append(names.getOrDefault(o, o.toString().length() > 40 ? o.getClass().getSimpleName() : o.toString())).append(", ");
        return s.append(") -> ").append(n.dtype().numpyName()).append(Shapes.format(n.shape())).toString();
    }
}
