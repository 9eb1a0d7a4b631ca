package io.numfuse.ir;

import io.numfuse.core.DType;
import io.numfuse.core.TypeException;
import io.numfuse.core.ValueException;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;

/**
 * Builds typed expression graphs: applies NumPy's promotion (with weak scalars, NEP 50) and
 * each op's type rule, inserts casts, checks broadcasting and axes, folds operators on two
 * weak scalars as Python would, and records which pending nodes read which buffers.
 */
public final class Graph {
    private Graph() {}

    // ---- leaves -------------------------------------------------------------------------

    public static Node leaf(View view) { return new Node.Leaf(view); }

    /** A weak (Python-like) scalar: it takes the other operand's type where its kind allows. */
    public static Node.Const weak(long value) { return new Node.Const(DType.INT64, true, value, 0); }
    public static Node.Const weak(double value) { return new Node.Const(DType.FLOAT64, true, 0, value); }
    public static Node.Const weak(boolean value) { return new Node.Const(DType.BOOL, true, value ? 1 : 0, 0); }

    /**
     * A weak int of any size, as a Python int: an expression's literals and what they fold to
     * ({@code 2**64}). Where it meets an int array it must fit the array's dtype (comparisons
     * excepted, see {@link #binary}); a float array converts it.
     *
     * @throws ValueException beyond {@link #MAX_INT_BITS} bits
     */
    public static Node.Const weak(BigInteger value) { return PythonScalars.weakInt(value); }

    /** The largest weak int, in bits ({@link #weak(BigInteger)}). */
    public static final int MAX_INT_BITS = PythonScalars.MAX_BITS;

    /** A strong 0-d scalar of {@code dtype}; the value is converted as a cast would. */
    public static Node.Const scalar(DType dtype, double value) {
        return dtype.isFloat() ? new Node.Const(dtype, false, 0, Semantics.round(dtype, value))
                : new Node.Const(dtype, false, Semantics.castFloatToInt(dtype, value), 0);
    }

    public static Node.Const scalar(DType dtype, long value) {
        return dtype.isFloat() ? new Node.Const(dtype, false, 0, Semantics.castIntToFloat(dtype, value))
                : new Node.Const(dtype, false, Semantics.wrap(dtype, value), 0);
    }

    /** int64 indices along {@code axis} of an array of {@code shape}. */
    public static Node iota(int[] shape, int axis) {
        Shapes.size(shape);
        return new Node.Iota(shape.clone(), Shapes.axis(axis, shape.length));
    }

    // ---- element-wise ---------------------------------------------------------------------

    public static Node unary(Op op, Node x) { return locked(() -> unaryLocked(op, x)); }

    private static Node unaryLocked(Op op, Node x) {
        if (op.kind() != Op.Kind.UNARY) throw new IllegalArgumentException(op + " is not unary");
        x = operand(x);
        if (x instanceof Node.Const c && c.weak() && (op == Op.NEG || op == Op.NOT)) return PythonScalars.unary(op, c);
        boolean onValue = op.rule() == Op.Rule.FLOAT || op.rule() == Op.Rule.TEST;
        x = isUint64Literal(x) && onValue ? convertConst((Node.Const) x, DType.FLOAT64) : strong(x);
        TypeRules.Typing t = TypeRules.unary(op, x.dtype());
        return register(new Node.Unary(op, t.result(), cast(x, t.operand())));
    }

    public static Node binary(Op op, Node a, Node b) { return locked(() -> binaryLocked(op, a, b)); }

    private static Node binaryLocked(Op op, Node a, Node b) {
        if (op.kind() != Op.Kind.BINARY && op.kind() != Op.Kind.COMPARE) throw new IllegalArgumentException(op + " is not binary");
        a = operand(a);
        b = operand(b);
        boolean aw = isWeak(a), bw = isWeak(b);
        if (aw && bw && PythonScalars.isOperator(op)) return PythonScalars.binary(op, (Node.Const) a, (Node.Const) b);
        DType promoted = DType.promote(a.dtype(), aw, b.dtype(), bw);
        if (op.kind() == Op.Kind.COMPARE && aw != bw) {
            Node byValue = compareBeyondDtype(op, a, b, promoted);
            if (byValue != null) return byValue;
        }
        TypeRules.Typing t = TypeRules.binary(op, promoted);
        // NumPy uses np.square for a scalar exponent 2, which makes a bool array ** 2 int8
        if (op == Op.POW && a.dtype() == DType.BOOL && b instanceof Node.Const c && c.weak() && c.dtype().isInt()
                && c.fitsInt64() && c.longValue() == 2 && (a.rank() > 0 || a instanceof Node.Leaf)) {
            throw new TypeException("bool ** 2 would be int8 in NumPy (it squares), which numfuse does not have: cast to int32 first");
        }
        int[] shape = Shapes.broadcast(a.shapeRef(), b.shapeRef());
        Node ca = coerce(a, t.operand()), cb = coerce(b, t.operand());
        if (op == Op.POW && t.operand().isFloat() && cb instanceof Node.Const e) {
            Node fast = scalarPower(ca, e, shape);
            if (fast != null) return fast;
        }
        return register(new Node.Binary(op, t.result(), shape, ca, cb));
    }

    /**
     * NumPy 2 compares an int array with a Python int by value, even one its dtype cannot hold:
     * {@code i32 < 2**31} and {@code i64 < 2**63} are all True, {@code i64 == 2**64} all False
     * (a bool array has no such loop: NumPy raises, and so does the conversion here). Such a
     * comparison becomes one against the dtype's bound that has the same value for every
     * element ({@code x <= MAX} is always true, {@code x > MAX} always false), so the result
     * stays a bool array in the fused kernel. Returns null when the constant fits.
     */
    private static Node compareBeyondDtype(Op op, Node a, Node b, DType promoted) {
        boolean constFirst = isWeak(a);
        Node.Const c = (Node.Const) (constFirst ? a : b);
        Node x = constFirst ? b : a;
        if (!c.dtype().isInt() || !x.dtype().isInt() || fits(c.bigIntegerValue(), promoted)) return null;
        Op o = !constFirst ? op : switch (op) {   // 2**63 > x is x < 2**63
            case LT -> Op.GT;
            case LE -> Op.GE;
            case GT -> Op.LT;
            case GE -> Op.LE;
            default -> op;
        };
        boolean above = c.bigIntegerValue().signum() > 0;   // above the dtype's maximum, else below its minimum
        boolean always = switch (o) {
            case EQ -> false;
            case NE -> true;
            case LT, LE -> above;
            case GT, GE -> !above;
            default -> throw new IllegalArgumentException(op + " is not a comparison");
        };
        long bound = above ? (promoted == DType.INT32 ? Integer.MAX_VALUE : Long.MAX_VALUE)
                : (promoted == DType.INT32 ? Integer.MIN_VALUE : Long.MIN_VALUE);
        Op test = above ? (always ? Op.LE : Op.GT) : (always ? Op.GE : Op.LT);
        return binary(test, x, scalar(promoted, bound));
    }

    /**
     * NumPy makes a Python int in [2**63, 2**64) that stands alone (a function's argument) a uint64
     * array. numfuse has no uint64, but a function computed in float64 ({@code tanh(2**63)}) or a
     * test ({@code isnan(2**63)}) only needs the value; anywhere else such an int is NumPy's
     * OverflowError for int64.
     */
    private static boolean isUint64Literal(Node n) {
        return n instanceof Node.Const c && c.weak() && !c.fitsInt64() && c.bigIntegerValue().signum() > 0
                && c.bigIntegerValue().bitLength() <= Long.SIZE;
    }

    /** True when the int {@code v} is a value of the int dtype {@code dt}. */
    private static boolean fits(BigInteger v, DType dt) {
        return dt == DType.INT32 ? v.bitLength() < Integer.SIZE : v.bitLength() < Long.SIZE;
    }

    /**
     * NumPy's OverflowError for an integer scalar that does not fit {@code dtype}, in words for
     * Java callers too (NumPy says "Python integer N out of bounds for int32", and for int64
     * "Python int too large to convert to C long").
     */
    static ValueException outOfBounds(BigInteger v, DType dtype) {
        return new ValueException("integer " + PythonScalars.shortText(v) + " out of bounds for " + dtype.numpyName());
    }

    /** where(cond, a, b); a non-bool condition means {@code cond != 0}, as NumPy. */
    public static Node where(Node cond, Node a, Node b) { return locked(() -> whereLocked(cond, a, b)); }

    private static Node whereLocked(Node cond, Node a, Node b) {
        cond = cast(operand(cond), DType.BOOL);   // a weak int of any size is a bool by its value, as Python's bool()
        a = operand(a);
        b = operand(b);
        DType dt = DType.promote(a.dtype(), isWeak(a), b.dtype(), isWeak(b));
        int[] shape = Shapes.broadcast(cond.shapeRef(), Shapes.broadcast(a.shapeRef(), b.shapeRef()));
        return register(new Node.Where(dt, shape, cond, whereOperand(a, dt), whereOperand(b, dt)));
    }

    /** np.where casts a weak int that does not fit an int32 result with wrap-around, where a ufunc raises. */
    private static Node whereOperand(Node n, DType dt) {
        if (n instanceof Node.Const c && c.weak() && c.dtype().isInt() && dt == DType.INT32) {
            return new Node.Const(dt, false, Semantics.wrap(dt, c.longValue()), 0);
        }
        return coerce(n, dt);
    }

    /**
     * NumPy's {@code clip(a, lo, hi)}: {@code minimum(maximum(a, lo), hi)}, whose promotion is the
     * three operands' and whose values are np.clip's: NaN in any operand gives NaN (maximum and
     * minimum propagate it), and where lo > hi every element is hi. (np.clip keeps the sign of a
     * zero element equal to a zero bound; maximum and minimum here may give the other zero.) A
     * Python scalar {@code a} is an array first, as np.clip makes it; on an int array a Python int
     * bound at or beyond the dtype's range leaves that side open (NumPy drops it, where maximum and
     * minimum would raise), and one beyond the range on the wrong side raises as they do.
     */
    public static Node clip(Node a, Node lo, Node hi) { return locked(() -> clipLocked(a, lo, hi)); }

    private static Node clipLocked(Node a, Node lo, Node hi) {
        a = strong(operand(a));
        DType t = a.dtype();
        if (t.isInt()) {
            BigInteger min = BigInteger.valueOf(t == DType.INT32 ? Integer.MIN_VALUE : Long.MIN_VALUE);
            BigInteger max = BigInteger.valueOf(t == DType.INT32 ? Integer.MAX_VALUE : Long.MAX_VALUE);
            // such a bound becomes the dtype's extreme rather than nothing: maximum(a, MIN) is still a new array
            if (isWeakInt(lo) && ((Node.Const) lo).bigIntegerValue().compareTo(min) <= 0) lo = scalar(t, min.longValue());
            if (isWeakInt(hi) && ((Node.Const) hi).bigIntegerValue().compareTo(max) >= 0) hi = scalar(t, max.longValue());
        }
        return binaryLocked(Op.MINIMUM, binaryLocked(Op.MAXIMUM, a, lo), hi);
    }

    private static boolean isWeakInt(Node n) { return n instanceof Node.Const c && c.weak() && c.dtype().isInt(); }

    /** Conversion to {@code dtype} (NumPy's astype, unsafe casting). */
    public static Node cast(Node x, DType dtype) { return locked(() -> castLocked(x, dtype)); }

    private static Node castLocked(Node x, DType dtype) {
        x = operand(x);
        if (x instanceof Node.Const c && (c.weak() || c.dtype() != dtype)) return convertConst(c, dtype);
        if (x.dtype() == dtype) return x;
        return register(new Node.Cast(dtype, x));
    }

    /**
     * NumPy's float power with a scalar exponent of 0.5, -1 or 2 is sqrt, reciprocal or square
     * (which differ from C's pow on -inf and -0.0).
     */
    private static Node scalarPower(Node x, Node.Const e, int[] shape) {
        if (!java.util.Arrays.equals(x.shapeRef(), shape)) return null;
        if (x.rank() == 0 && !(x instanceof Node.Leaf)) return null;   // a NumPy scalar base (np.max(x) ** 0.5) uses pow
        double v = e.doubleValue();
        if (v == 0.5) return register(new Node.Unary(Op.SQRT, x.dtype(), x));
        if (v == 2.0) return register(new Node.Binary(Op.MUL, x.dtype(), shape, x, x));
        if (v == -1.0) return register(new Node.Binary(Op.DIV, x.dtype(), shape, scalar(x.dtype(), 1.0), x));
        return null;
    }

    // ---- reductions -----------------------------------------------------------------------

    /**
     * sum/prod/max/min over {@code axes} (null: all axes), with NumPy's result dtype
     * (sums of bool and int32 are int64) and NumPy's errors (an axis out of range, a repeated
     * axis, max/min of an empty array).
     */
    public static Node reduce(Op op, Node x, int[] axes, boolean keepdims) { return locked(() -> ReductionGraph.reduce(op, x, axes, keepdims)); }

    /**
     * cumsum ({@code op} SUM) or cumprod (PROD) along {@code axis}, or over the flattened array
     * (C order) when {@code axis} is null, with NumPy's result dtype (bool and int32 give int64)
     * or {@code dtype} when it is not null, and NumPy's errors (an axis out of range). A 0-d
     * array scans as a 1-element 1-D array, as NumPy's does.
     */
    public static Node scan(Op op, Node x, Integer axis, DType dtype) { return locked(() -> ReductionGraph.scan(op, x, axis, dtype)); }

    /**
     * argmax ({@code op} MAX) or argmin (MIN) along {@code axis}, or over the flattened array (C
     * order) when {@code axis} is null, int64, with NumPy's keepdims and its errors (an axis out of
     * range; a 0-d array is 1-D here, as for a scan). One node, one kernel: the producer's values
     * and their positions are reduced together ({@link Kernel#arg}). The caller refuses an empty
     * line (NumPy's ValueError).
     */
    public static Node argReduce(Op op, Node x, Integer axis, boolean keepdims) { return locked(() -> ReductionGraph.argReduce(op, x, axis, keepdims)); }

    /**
     * NumPy's concatenate of {@code xs} along {@code axis}, as {@code dtype} (each operand cast to
     * it): one lazy node ({@link Node.Concat}), computed by one kernel that writes each operand's
     * part. The caller has checked NumPy's rules (the ranks, the lengths off the axis) and chosen
     * the promoted dtype; at least one operand, of rank 1 or more.
     */
    public static Node concat(List<Node> xs, int axis, DType dtype) { return locked(() -> concatLocked(xs, axis, dtype)); }

    static Node concatLocked(List<Node> xs, int axis, DType dtype) {
        Node[] cast = new Node[xs.size()];
        int[] shape = null;
        for (int i = 0; i < cast.length; i++) {
            Node x = strong(operand(xs.get(i)));
            cast[i] = internal(x, cast(x, dtype));
            if (shape == null) {
                shape = x.shape();
                if (axis < 0 || axis >= shape.length) throw new IllegalArgumentException("no axis " + axis + " to concatenate along: " + xs);
                shape[axis] = 0;
            }
            int[] s = x.shapeRef();
            boolean fits = s.length == shape.length;
            for (int d = 0; d < s.length && fits; d++) fits = d == axis || s[d] == shape[d];
            if (!fits) throw new IllegalArgumentException("operands do not concatenate along axis " + axis + ": " + xs);
            shape[axis] = Math.addExact(shape[axis], s[axis]);
        }
        if (shape == null) throw new IllegalArgumentException("nothing to concatenate");
        return register(new Node.Concat(dtype, shape, cast, axis));
    }

    /** mean over {@code axes}: the sum in float (float64 for bool and int inputs) divided by the count. */
    public static Node mean(Node x, int[] axes, boolean keepdims) { return locked(() -> ReductionGraph.mean(x, axes, keepdims)); }

    /**
     * NumPy's dot for a 0-d operand (a product), 1-D·1-D (a 0-d result), 2-D·1-D
     * (matrix-vector), 1-D·2-D and 2-D·2-D (a {@link #matmul}: its GEMM kernels, and their
     * accuracy, BLAS's; the others are compensated sums as any sum). The result has the promoted
     * dtype (an int32 dot stays int32, a bool dot is bool). Higher ranks are refused with a clear
     * message.
     */
    public static Node dot(Node a, Node b) { return locked(() -> ReductionGraph.dot(a, b)); }

    // ---- gathers ----------------------------------------------------------------------------

    /**
     * NumPy's {@code take(x, indices, axis)} ({@link Node.Gather}): the caller has checked that
     * {@code indices} are int32 or int64 and each in {@code [-n, n)}, n the length of {@code axis}
     * (kernels trust them).
     */
    public static Node gather(Node x, Node indices, int axis) {
        return locked(() -> {
            Node a = operand(x), i = operand(indices);
            if (axis < 0 || axis >= a.rank()) throw new IllegalArgumentException("axis " + axis + " of a node of rank " + a.rank());
            if (i.dtype() != DType.INT32 && i.dtype() != DType.INT64) throw new IllegalArgumentException("indices of dtype " + i.dtype());
            int[] xs = a.shapeRef(), is = i.shapeRef();
            int[] shape = new int[xs.length - 1 + is.length];
            System.arraycopy(xs, 0, shape, 0, axis);
            System.arraycopy(is, 0, shape, axis, is.length);
            System.arraycopy(xs, axis + 1, shape, axis + is.length, xs.length - axis - 1);
            Shapes.size(shape);   // refused here when no buffer could hold it
            return register(new Node.Gather(shape, a, i, axis));
        });
    }

    /**
     * NumPy's {@code matmul} ({@code a @ b}): a 1-D {@code a} is a row (a 1 prepended), a 1-D
     * {@code b} a column (a 1 appended), and those axes are removed from the result; the batch
     * axes (all but the last two) broadcast. The result has the promoted dtype (an int32 matmul
     * stays int32 and wraps, a bool matmul is bool: any of the ands). 0-d operands, a mismatch of
     * the contracted lengths and batch axes that do not broadcast are NumPy's errors. The node is
     * a sum reduction marked as a matmul ({@link Node.Reduce#isMatmul}): the fusion pass computes
     * its operands first and runs it as a kernel of its own ({@link Kernel#matmul}).
     */
    public static Node matmul(Node a, Node b) { return locked(() -> MatmulGraph.build(a, b)); }

    // ---- views of pending nodes -----------------------------------------------------------

    /** {@code x} seen through {@code map}: a new view for a leaf, a {@link Node.Reindex} otherwise. */
    public static Node reindex(Node x, IndexMap map) { return locked(() -> reindexLocked(x, map)); }

    static Node reindexLocked(Node x, IndexMap map) {
        x = operand(x);
        if (map.rows() != x.rank()) throw new IllegalArgumentException("index map of rank " + map.rows() + " for a node of rank " + x.rank());
        if (Arrays.equals(map.shape(), x.shapeRef()) && map.isIdentity()) return x;
        // a view larger than any buffer (a broadcast to a huge shape) stays a node: it can be
        // reduced (Fusion splits the reduction), not materialised
        boolean fits = Shapes.fits(map.shapeRef());
        if (x instanceof Node.Leaf l && fits) return leaf(map.apply(l.view()));
        if (x instanceof Node.Reindex r) {   // a view of a view is one view of the array; an array computed since is read through its value
            Node base = operand(r.x());
            IndexMap m = r.map().after(map);
            return fits && base instanceof Node.Leaf l ? leaf(m.apply(l.view())) : register(new Node.Reindex(base, m));
        }
        return register(new Node.Reindex(x, map));
    }

    /**
     * {@code x} seen through {@code map}, for the fusion pass's own use (a right-hand side
     * broadcast to its target): the node is not registered as a reader of anything, since it is
     * never evaluated on its own, so it cannot make a later write take a snapshot for nothing.
     */
    static Node internalView(Node x, IndexMap map) {
        x = operand(x);
        if (Arrays.equals(map.shape(), x.shapeRef()) && map.isIdentity()) return x;
        if (x instanceof Node.Leaf l) return leaf(map.apply(l.view()));
        if (x instanceof Node.Reindex r) {
            Node base = operand(r.x());
            IndexMap m = r.map().after(map);
            return base instanceof Node.Leaf l ? leaf(m.apply(l.view())) : new Node.Reindex(base, m);
        }
        return new Node.Reindex(x, map);
    }

    /** {@code x} converted to {@code dtype}, for the fusion pass's own use (see {@link #internalView}). */
    static Node internalCast(Node x, DType dtype) {
        x = operand(x);
        if (x instanceof Node.Const c && (c.weak() || c.dtype() != dtype)) return convertConst(c, dtype);
        return x.dtype() == dtype ? x : new Node.Cast(dtype, x);
    }

    /**
     * True when evaluating {@code root} can raise an error part way through (an integer to a
     * negative power): a write of it is then computed aside first, so that a failure leaves the
     * target unchanged, as NumPy's evaluation of the right-hand side before the store does.
     */
    public static boolean mayRaise(Node root) {
        if (!root.raisable) return false;   // nothing in its tree can (a deferred write's check, each step of a loop: O(1))
        return any(root, Node::isPending, n -> n instanceof Node.Binary b && b.raisesItself());
    }

    /**
     * True when {@code test} accepts a node of the graph below {@code root} (itself included),
     * walking only through nodes {@code within} accepts (the others, and what is below them, are
     * not looked at); each node is looked at once, however many readers it has.
     */
    public static boolean any(Node root, java.util.function.Predicate<Node> within, java.util.function.Predicate<Node> test) {
        java.util.ArrayDeque<Node> todo = new java.util.ArrayDeque<>();
        java.util.Set<Node> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        todo.push(root);
        while (!todo.isEmpty()) {
            Node n = todo.pop();
            if (!within.test(n) || !seen.add(n)) continue;
            if (test.test(n)) return true;
            for (Node o : n.operands()) todo.push(o);
        }
        return false;
    }

    // ---- helpers --------------------------------------------------------------------------

    /**
     * Builds under the {@link GraphLock}: an operand cannot be memoised (or moved to a snapshot)
     * between the moment it is looked at and the moment the new node is registered as its reader.
     */
    /**
     * The value of a write that waits (the runtime's deferred writes): a pending copy of
     * {@code value}, so that the write keeps the values {@code value} has now even when the array
     * it belongs to is written later (the copy reads it, so that write keeps them for it: rule 2),
     * marked so that no array is ever made of the copy itself ({@link #ownNode}). It costs nothing
     * in a kernel: a copy lowers to its operand.
     */
    public static Node deferredValue(Node value) {
        return locked(() -> {
            Node n = copyOf(operand(value));
            n.markDeferredValue();
            return n;
        });
    }

    /**
     * The node an array is made of: {@code n}, or a pending copy of it when it is a deferred
     * write's value, which must never become an array's own (evaluated, it would be that array's
     * buffer, which a write through the array would change under the deferred write).
     */
    public static Node ownNode(Node n) {
        return n.isDeferredValue() ? locked(() -> copyOf(n)) : n;
    }

    /** A pending copy of {@code x}: a cast to its own dtype, which lowers to its operand. */
    private static Node copyOf(Node x) { return register(new Node.Cast(x.dtype(), x)); }

    static Node locked(java.util.function.Supplier<Node> build) {
        GraphLock.lock();
        try {
            return build.get();
        } finally {
            GraphLock.unlock();
        }
    }

    /** A memoised node is used through its value. */
    static Node operand(Node n) {
        View v = n.result();
        return v != null ? leaf(v) : n;
    }

    private static boolean isWeak(Node n) { return n instanceof Node.Const c && c.weak(); }

    /** A weak scalar used where NumPy would make it a NumPy scalar (a function's argument alone). */
    static Node strong(Node n) {
        return n instanceof Node.Const c && c.weak() ? convertConst(c, c.dtype()) : n;
    }

    private static Node coerce(Node n, DType dtype) {
        if (n instanceof Node.Const c) return convertConst(c, dtype);
        return cast(n, dtype);
    }

    /**
     * A constant converted to a strong constant of {@code dtype}. A weak int that does not fit
     * an int dtype is an error (NumPy 2's OverflowError); to a float it converts as Python's
     * float() does, an error beyond the float64 range; to bool it is {@code != 0}.
     */
    static Node.Const convertConst(Node.Const c, DType dtype) {
        if (c.dtype().isFloat()) return scalar(dtype, c.doubleValue());
        if (c.weak() && c.dtype().isInt()) {
            BigInteger v = c.bigIntegerValue();
            if (dtype == DType.BOOL) return new Node.Const(dtype, false, v.signum() != 0 ? 1 : 0, 0);
            if (dtype.isInt() && !fits(v, dtype)) throw outOfBounds(v, dtype);
            if (!c.fitsInt64()) {   // to a float
                double d = PythonScalars.toFloat(v);
                return new Node.Const(dtype, false, 0, dtype == DType.FLOAT32 ? (double) v.floatValue() : d);
            }
        }
        if (dtype.isFloat()) return new Node.Const(dtype, false, 0, Semantics.castIntToFloat(dtype, c.longValue()));
        return new Node.Const(dtype, false, Semantics.wrap(dtype, c.longValue()), 0);
    }

    /** {@code made} from {@code x} for one node alone: marked so when it is a node of its own ({@link Node#markInternal}). */
    static Node internal(Node x, Node made) {
        if (made != x && made instanceof Node.Cast) made.markInternal();
        return made;
    }

    static Node register(Node n) {
        for (Node o : n.operands()) {
            if (o.isRetired()) throw Scope.usedAfterClose();
            if (o instanceof Node.Leaf l) l.view().buffer().addReader(n);
            else if (o.isPending()) o.addUser(n);   // becomes a reader of o's value when o is memoised
        }
        n.builtIn(Scope.current());
        return n;
    }
}
