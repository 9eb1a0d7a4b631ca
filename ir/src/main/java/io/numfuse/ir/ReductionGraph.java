package io.numfuse.ir;

import io.numfuse.core.AxisException;
import io.numfuse.core.DType;
import io.numfuse.core.ShapeMismatchException;
import io.numfuse.core.ValueException;
import java.util.Arrays;

/**
 * How {@link Graph}'s reductions build their nodes, under the graph lock: sum/prod/max/min, the
 * scans, the arg-reductions, mean and dot, with NumPy's axis rules, result dtypes and errors.
 */
final class ReductionGraph {
    private ReductionGraph() {}

    /** {@link Graph#reduce}'s node. */
    static Node reduce(Op op, Node x, int[] axes, boolean keepdims) {
        if (op.kind() != Op.Kind.REDUCE) throw new IllegalArgumentException(op + " is not a reduction");
        x = Graph.strong(Graph.operand(x));
        // NumPy's ufunc reductions accept axis 0 or -1 on a 0-d array (np.sum(np.int64(5), axis=0) == 5)
        if (x.rank() == 0 && axes != null && axes.length == 1 && (axes[0] == 0 || axes[0] == -1)) axes = new int[0];
        return reduceAs(op, Graph.internal(x, Graph.cast(x, op.accumulator(x.dtype()))), axes, keepdims);
    }

    /** {@link Graph#scan}'s node. */
    static Node scan(Op op, Node x, Integer axis, DType dtype) {
        if (op != Op.SUM && op != Op.PROD) throw new IllegalArgumentException(op + " has no scan");
        x = Graph.strong(Graph.operand(x));
        int from = 0, to = x.rank();
        if (axis != null) {
            // NumPy treats a 0-d array as 1-D here: axis 0 or -1 is the flattened array
            from = Shapes.axis(axis, Math.max(x.rank(), 1));
            to = Math.min(from + 1, x.rank());
        }
        int[] shape = to - from == 1 || x.rank() == 1 ? x.shape() : new int[] { x.size() };
        DType t = dtype != null ? dtype : op.accumulator(x.dtype());
        if (t == DType.BOOL) throw new io.numfuse.core.TypeException("numfuse's cumsum and cumprod do not accumulate in bool: ask for an int dtype");
        return Graph.register(new Node.Scan(op, Graph.internal(x, Graph.cast(x, t)), from, to, shape));
    }

    /** {@link Graph#argReduce}'s node. */
    static Node argReduce(Op op, Node x, Integer axis, boolean keepdims) {
        if (op != Op.MAX && op != Op.MIN) throw new IllegalArgumentException(op + " has no arg-reduction");
        x = Graph.strong(Graph.operand(x));
        int rank = x.rank(), from = 0, to = rank;
        if (axis != null) {
            from = Shapes.axis(axis, Math.max(rank, 1));
            to = Math.min(from + 1, rank);
        }
        int[] in = x.shape(), shape = new int[keepdims ? rank : rank - (to - from)];
        for (int d = 0, j = 0; d < rank; d++) {
            boolean reduced = d >= from && d < to;
            if (!reduced) shape[j++] = in[d]; else if (keepdims) shape[j++] = 1;
        }
        return Graph.register(new Node.ArgReduce(op, x, from, to, shape));
    }

    /** {@link Graph#mean}'s node. */
    static Node mean(Node x, int[] axes, boolean keepdims) {
        x = Graph.strong(Graph.operand(x));
        DType dt = x.dtype().isFloat() ? x.dtype() : DType.FLOAT64;
        Node sum = reduceAs(Op.SUM, Graph.internal(x, Graph.cast(x, dt)), axes, keepdims);
        long count = countReduced(x.shapeRef(), mask(axes, x.rank()));
        return Graph.binary(Op.DIV, sum, Graph.scalar(dt, (double) count));
    }

    /** A reduction computed in the dtype of {@code x} as it is (dot uses this: int32 dots stay int32). */
    static Node reduceAs(Op op, Node x, int[] axes, boolean keepdims) {
        boolean[] m = mask(axes, x.rank());
        int[] shape = reducedShape(x.shapeRef(), m, keepdims);
        if (!op.hasIdentity() && countReduced(x.shapeRef(), m) == 0) {
            throw new ValueException("zero-size array to reduction operation " + (op == Op.MAX ? "maximum" : "minimum")
                    + " which has no identity");
        }
        if (keepdims) {
            Node r = Graph.register(new Node.Reduce(op, x, m, reducedShape(x.shapeRef(), m, false)));
            return reshapeKeepdims(r, shape, m);
        }
        return Graph.register(new Node.Reduce(op, x, m, shape));
    }

    /** The reduced node seen with its reduced axes kept as length-1 axes. */
    private static Node reshapeKeepdims(Node r, int[] shape, boolean[] reduced) {
        int[][] c = IndexMap.matrix(r.rank(), shape.length);
        for (int d = 0, k = 0; k < shape.length; k++) if (!reduced[k]) c[d++][k] = 1;
        return Graph.reindex(r, new IndexMap(shape, new int[r.rank()], c));
    }

    static boolean[] mask(int[] axes, int rank) {
        boolean[] m = new boolean[rank];
        if (axes == null) { Arrays.fill(m, true); return m; }
        for (int a : axes) {
            int n = Shapes.axis(a, rank);
            if (m[n]) throw new AxisException("duplicate value in 'axis': " + a);
            m[n] = true;
        }
        return m;
    }

    private static long countReduced(int[] shape, boolean[] m) {
        long n = 1;
        for (int i = 0; i < shape.length; i++) if (m[i]) n *= shape[i];
        return n;
    }

    private static int[] reducedShape(int[] shape, boolean[] m, boolean keepdims) {
        int n = 0;
        for (int i = 0; i < shape.length; i++) if (!m[i] || keepdims) n++;
        int[] r = new int[n];
        for (int i = 0, j = 0; i < shape.length; i++) {
            if (!m[i]) r[j++] = shape[i]; else if (keepdims) r[j++] = 1;
        }
        return r;
    }

    /** {@link Graph#dot}'s node. */
    static Node dot(Node a, Node b) {
        a = Graph.strong(Graph.operand(a));
        b = Graph.strong(Graph.operand(b));
        int ra = a.rank(), rb = b.rank();
        int[] sa = a.shapeRef(), sb = b.shapeRef();
        if (ra == 0 || rb == 0) return Graph.binary(Op.MUL, a, b);
        if (ra > 2 || rb > 2) {
            throw new ShapeMismatchException("dot supports operands of up to 2 dimensions, not shapes " + Shapes.format(sa) + " and " + Shapes.format(sb));
        }
        int ka = sa[ra - 1], kb = sb[0];
        if (ka != kb) {
            throw new ShapeMismatchException("shapes " + Shapes.format(sa) + " and " + Shapes.format(sb) + " not aligned: "
                    + ka + " (dim " + (ra - 1) + ") != " + kb + " (dim 0)");
        }
        if (ra == 2 && rb == 2) return MatmulGraph.build(a, b);   // a matrix product: matmul's GEMM kernels
        Node prod;
        int axis;
        if (rb == 1) {            // (k,)·(k,) or (m,k)·(k,): the vector broadcasts over rows
            prod = Graph.binary(Op.MUL, a, b);
            axis = ra - 1;
        } else if (ra == 1) {     // (k,)·(k,p): a[:, None] * b, summed over k
            Node a2 = Graph.reindex(a, new IndexMap(new int[] { ka, sb[1] }, new int[1], new int[][] { { 1, 0 } }));
            prod = Graph.binary(Op.MUL, a2, b);
            axis = 0;
        } else {                  // (m,k)·(k,p): a[:, :, None] * b[None, :, :], summed over k
            Node a3 = Graph.reindex(a, new IndexMap(new int[] { sa[0], ka, sb[1] }, new int[2], new int[][] { { 1, 0, 0 }, { 0, 1, 0 } }));
            prod = Graph.binary(Op.MUL, a3, b);
            axis = 1;
        }
        return reduceAs(Op.SUM, prod, new int[] { axis }, false);
    }
}
