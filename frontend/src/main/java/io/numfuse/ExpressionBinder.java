package io.numfuse;

import io.numfuse.expr.Ast;
import io.numfuse.expr.ExprParser;
import io.numfuse.expr.ExpressionSyntaxException;
import io.numfuse.core.DType;
import io.numfuse.ir.Graph;
import io.numfuse.ir.Node;
import io.numfuse.ir.Op;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Binds a parsed expression to arrays: names are looked up in the inputs, literals become weak
 * scalars (kernel parameters, never source text), operators and functions become graph nodes
 * through the same API a Java user calls. Operators and function names are the op table's
 * ({@link Op#names()}); dtype names are casts; dot, matmul, mean and clip are composed by the graph builder. Unknown names and functions, and wrong argument
 * counts, are {@link ExpressionSyntaxException}s that point at the offending token.
 */
final class ExpressionBinder {
    private final String source;
    private final Map<String, NDArray> inputs;

    private ExpressionBinder(String source, Map<String, NDArray> inputs) {
        this.source = source;
        this.inputs = java.util.Objects.requireNonNull(inputs, "inputs");
    }

    static NDArray bind(String source, Map<String, NDArray> inputs) {
        if (source == null) throw new ExpressionSyntaxException("no expression", 0, "");
        return bind(source, ExprParser.parse(source), inputs);
    }

    /** Binds {@code parsed}, the tree {@code ExprParser.parse(source)} returned ({@code source} is for error messages). */
    static NDArray bind(String source, Ast parsed, Map<String, NDArray> inputs) {
        NDArray result = new ExpressionBinder(source, inputs).bind(parsed);
        // +a and a cast to a's own dtype are new arrays in NumPy (np.positive, astype copy): a result that is
        // an input itself, other than a bare name (Python's eval("a") is a), is copied, so writing into it leaves the input
        if (!(parsed instanceof Ast.Name)) {
            for (NDArray in : inputs.values()) if (in != null && (in == result || in.node() == result.node())) return Num.copyOf(result);
        }
        // a result that is one Python int beyond int64 has no numfuse dtype (NumPy makes it an object array)
        if (result.node() instanceof Node.Const c && !c.fitsInt64()) Graph.cast(c, DType.INT64);   // raises NumPy's OverflowError
        return result;
    }

    private NDArray bind(Ast ast) {
        return switch (ast) {
            case Ast.Name n -> {
                NDArray a = inputs.get(n.name());
                if (a == null && inputs.containsKey(n.name())) throw error("input '" + n.name() + "' is null", n.position());
                if (a == null) throw error("unknown name '" + n.name() + "' (" + known() + ")", n.position());
                yield a;
            }
            case Ast.IntLiteral i -> new NDArray(Graph.weak(i.value()));
            case Ast.FloatLiteral f -> new NDArray(Graph.weak(f.value()));
            case Ast.BoolLiteral b -> new NDArray(Graph.weak(b.value()));
            case Ast.Unary u -> u.op().op() == null ? positive(bind(u.operand())) : bind(u.operand()).un(u.op().op());
            case Ast.Binary b -> bindChain(b);
            case Ast.Call c -> call(c);
        };
    }

    /**
     * A left-associative chain ({@code a0 + a1 + ... + a999}) is a tree as tall as the chain is
     * long (the parser allows 1,000 levels): it is bound along its left spine in a loop, so that
     * binding it costs no more stack than binding one operator, on any thread. The operands are
     * bound in the order the recursion would bind them: the leftmost first.
     */
    private NDArray bindChain(Ast.Binary top) {
        java.util.ArrayDeque<Ast.Binary> spine = new java.util.ArrayDeque<>();
        Ast n = top;
        for (; n instanceof Ast.Binary b; n = b.left()) spine.push(b);
        NDArray acc = bind(n);
        while (!spine.isEmpty()) {
            Ast.Binary b = spine.pop();
            acc = acc.bin(b.op().op(), bind(b.right()));
        }
        return acc;
    }

    /**
     * Unary plus: Python's {@code +True} is the int 1; NumPy's positive has no bool loop; any
     * other operand is unchanged.
     */
    private static NDArray positive(NDArray x) {
        if (x.node() instanceof Node.Const c && c.weak()) {
            return c.dtype().isBool() ? new NDArray(Graph.weak(c.longValue())) : x;
        }
        if (x.dtype() == DType.BOOL) {
            throw new io.numfuse.core.TypeException("numpy boolean positive (unary +) is not supported: cast to int first");
        }
        return x;
    }

    /** A function: an op of the op table by its expression-language name, a dtype name (a cast), or dot, mean or clip. */
    private NDArray call(Ast.Call c) {
        String f = c.function();
        List<Ast> args = c.args();
        Op op = Op.function(f);
        if (op != null) {
            switch (op.kind()) {
                case UNARY -> {
                    arity(c, 1, Set.of());
                    return bind(args.get(0)).un(op);
                }
                case BINARY, COMPARE -> {
                    arity(c, 2, Set.of());
                    return bind(args.get(0)).bin(op, bind(args.get(1)));
                }
                case SELECT -> {
                    arity(c, 3, Set.of());
                    return new NDArray(Graph.where(bind(args.get(0)).node(), bind(args.get(1)).node(), bind(args.get(2)).node()));
                }
                case REDUCE -> { return reduction(c, op); }
                case CAST -> throw new IllegalStateException(op + " has no function name");
            }
        }
        for (DType t : DType.values()) {
            if (t.numpyName().equals(f)) {
                arity(c, 1, Set.of());
                return bind(args.get(0)).cast(t);
            }
        }
        switch (f) {
            case "dot" -> {
                arity(c, 2, Set.of());
                return bind(args.get(0)).dot(bind(args.get(1)));
            }
            case "matmul" -> {
                arity(c, 2, Set.of());
                return bind(args.get(0)).matmul(bind(args.get(1)));
            }
            case "mean" -> { return reduction(c, null); }
            case "clip" -> {
                arity(c, 3, Set.of());
                return new NDArray(Graph.clip(bind(args.get(0)).node(), bind(args.get(1)).node(), bind(args.get(2)).node()));
            }
            default -> throw error("unknown function '" + f + "'", c.position());
        }
    }

    /** {@code op} (null: mean) of an array, over an optional axis given second or as axis=. */
    private NDArray reduction(Ast.Call c, Op op) {
        String f = c.function();
        List<Ast> args = c.args();
        if (args.isEmpty() || args.size() > 2) throw error(f + "() takes an array and an optional axis", c.position());
        for (String k : c.keywords().keySet()) {
            if (!k.equals("axis")) throw error(f + "() got an unexpected keyword argument '" + k + "' (only axis= is supported)", c.position());
        }
        Ast axisAst = args.size() == 2 ? args.get(1) : c.keywords().get("axis");
        if (args.size() == 2 && c.keywords().containsKey("axis")) throw error(f + "() got multiple values for argument 'axis'", c.position());
        int[] axes = axisAst == null ? null : new int[] { axis(axisAst) };
        NDArray x = bind(args.get(0));
        return op == null ? x.mean(axes, false) : x.reduce(op, axes, false);
    }

    private int axis(Ast a) {
        // an axis beyond int is out of range all the same: clamped, it gets the usual axis error
        if (a instanceof Ast.IntLiteral i) return clampToInt(i.value());
        if (a instanceof Ast.Unary u && u.op() == io.numfuse.expr.UnaryOp.NEG && u.operand() instanceof Ast.IntLiteral i) {
            return clampToInt(i.value().negate());
        }
        throw error("axis must be an integer literal", a.position());
    }

    private static int clampToInt(BigInteger v) {
        return v.bitLength() < Integer.SIZE ? v.intValue() : v.signum() > 0 ? Integer.MAX_VALUE : Integer.MIN_VALUE;
    }

    private void arity(Ast.Call c, int n, Set<String> keywords) {
        if (c.args().size() != n) {
            throw error(c.function() + "() takes " + n + (n == 1 ? " argument" : " arguments") + ", got " + c.args().size(), c.position());
        }
        for (String k : c.keywords().keySet()) {
            if (!keywords.contains(k)) throw error(c.function() + "() got an unexpected keyword argument '" + k + "'", c.position());
        }
    }

    private String known() {
        if (inputs.isEmpty()) return "no inputs are defined";
        return "inputs are " + String.join(", ", new TreeSet<>(inputs.keySet()));
    }

    private ExpressionSyntaxException error(String what, int position) {
        return new ExpressionSyntaxException(what, position, source);
    }
}
