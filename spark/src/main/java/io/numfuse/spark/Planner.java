package io.numfuse.spark;

import io.numfuse.NDArray;
import io.numfuse.Num;
import io.numfuse.core.DType;
import io.numfuse.core.NumfuseException;
import io.numfuse.expr.Ast;
import io.numfuse.expr.BinaryOp;
import io.numfuse.expr.ExprParser;
import io.numfuse.expr.ExpressionSyntaxException;
import io.numfuse.internal.Internals;
import io.numfuse.ir.Graph;
import io.numfuse.ir.Node;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Plans expressions over a DataFrame's schema on the driver: parses each once, resolves its
 * names to columns, and binds it over one-element arrays of the columns' dtypes, which runs
 * numfuse's whole type check (promotion, the ops' dtypes, literals that do not fit) without
 * computing anything. Every failure is a {@link NumfuseSparkException} with numfuse's message.
 * The input slots are shared by the expressions planned together: a column read by two of them
 * is read once per batch.
 */
final class Planner {
    private final StructType schema;
    private final ColumnNames names;
    private final List<InputSlot> slots = new ArrayList<>();

    Planner(StructType schema, ColumnNames names) {
        this.schema = schema;
        this.names = names;
    }

    /** A slot for every column of {@code schema}, in order; null when numfuse cannot read one of them (a string, a decimal...). */
    static InputSlot[] everyColumn(StructType schema) {
        InputSlot[] all = new InputSlot[schema.size()];
        for (int i = 0; i < all.length; i++) {
            StructField f = schema.fields()[i];
            DType dtype = SparkTypes.dtypeOf(f.dataType());
            if (dtype == null) return null;
            all[i] = new InputSlot(f.name(), i, f.dataType(), dtype);
        }
        return all;
    }

    /** The input slots of everything planned so far. */
    InputSlot[] slots() { return slots.toArray(InputSlot[]::new); }

    /** Plans {@code expression} as a new column {@code out}: it must be element-wise. */
    ExpressionPlan column(String out, String expression) {
        String label = "column '" + out + "'";
        Ast ast = parse(label, expression);
        return plan(label, expression, ast, expression, null);
    }

    /** Plans {@code expression} as an aggregate: {@code sum, mean, min, max} of an element-wise expression, or {@code dot(x, y)}. */
    ExpressionPlan aggregate(String expression) {
        String label = "aggregate";
        Ast ast = parse(label, expression);
        if (!(ast instanceof Ast.Call call) || !call.keywords().isEmpty()) throw notAReduction(label, expression);
        ExpressionPlan.Reduction reduction;
        Ast inner;
        switch (call.function()) {
            case "sum", "mean", "min", "max" -> {
                if (call.args().size() != 1) throw notAReduction(label, expression);
                reduction = ExpressionPlan.Reduction.valueOf(call.function().toUpperCase(Locale.ROOT));
                inner = call.args().get(0);
            }
            case "dot" -> {
                if (call.args().size() != 2) throw notAReduction(label, expression);
                reduction = ExpressionPlan.Reduction.SUM;
                inner = new Ast.Binary(BinaryOp.MUL, call.args().get(0), call.args().get(1), call.position());
            }
            default -> throw notAReduction(label, expression);
        }
        return plan(label, expression, inner, inner.render(), reduction);
    }

    private static NumfuseSparkException notAReduction(String label, String expression) {
        return new NumfuseSparkException(label + " '" + expression + "': an aggregate is sum(x), mean(x), min(x), max(x) or dot(x, y) of an "
                + "element-wise expression x over the columns, without an axis; '" + expression + "' is not one");
    }

    private static Ast parse(String label, String expression) {
        if (expression == null) throw new NumfuseSparkException(label + ": the expression is null");
        try {
            return ExprParser.parse(expression);
        } catch (NumfuseException e) {
            throw failed(label, expression, e);
        }
    }

    /** numfuse's message, with the expression when the message does not quote it (a syntax error's does). */
    private static NumfuseSparkException failed(String label, String expression, NumfuseException e) {
        return new NumfuseSparkException(label + ": " + e.getMessage()
                + (e instanceof ExpressionSyntaxException ? "" : " (in '" + expression + "')"));
    }

    /**
     * Plans {@code ast}, a tree of {@code text} (all of it, or its inside for an aggregate), whose
     * offsets the messages point at; the executors evaluate {@code evaluated}, the tree's source.
     */
    private ExpressionPlan plan(String label, String text, Ast ast, String evaluated, ExpressionPlan.Reduction reduction) {
        String source = text;
        Map<String, Integer> positions = new LinkedHashMap<>();
        names(ast, positions);
        if (positions.isEmpty()) {
            throw new NumfuseSparkException(label + " '" + text + "': the expression names no column (the DataFrame's columns are "
                    + String.join(", ", schema.fieldNames()) + ")");
        }
        String[] names = positions.keySet().toArray(String[]::new);
        int[] slotOf = new int[names.length];
        Map<String, NDArray> probes = new LinkedHashMap<>();
        for (int i = 0; i < names.length; i++) {
            InputSlot slot = slotFor(label, source, names[i], positions.get(names[i]));
            slotOf[i] = slots.indexOf(slot);
            probes.put(names[i], Num.wrap(slot.dtype(), SparkTypes.newArray(slot.dtype(), 1), 1));
        }
        NDArray probe;
        try {
            probe = Num.eval(source, ast, probes);   // lazy: the type check, nothing is computed
        } catch (NumfuseException e) {
            throw failed(label, text, e);
        }
        if (probe.ndim() != 1) {
            throw new NumfuseSparkException(label + " '" + text + "': '" + evaluated + "' reduces the column to one value; "
                    + (reduction == null ? "a column needs an element-wise expression (NumfuseSpark.aggregate computes reductions)"
                                         : "the expression inside an aggregate must be element-wise"));
        }
        Node root = Internals.node(probe);
        if (Graph.any(root, n -> true, Planner::negativeIntegerPower)) {   // NumPy's ValueError, which every task would raise at its first batch
            throw new NumfuseSparkException(label + ": Integers to negative integer powers are not allowed: cast the base to float first (in '"
                    + text + "')");
        }
        if (Graph.any(root, n -> true, Planner::reduces)) {
            throw new NumfuseSparkException(label + " '" + text + "': a reduction (sum, prod, min, max, mean, dot, matmul) inside "
                    + (reduction == null ? "a column's expression would be computed over each batch of rows alone; compute it with "
                                           + "NumfuseSpark.aggregate and write its value into the expression"
                                         : "an aggregate's argument would be computed over each batch of rows alone; the expression "
                                           + "inside an aggregate must be element-wise"));
        }
        return new ExpressionPlan(label, evaluated, names, slotOf, probe.dtype(), reduction);
    }

    /**
     * True for a node that combines rows (a reduction, a scan, an argmax): the executors evaluate
     * an expression over one batch of rows at a time, so such a node would see only its batch
     * (and the placeholders of its nulls), and {@code a - mean(a)} would change with
     * {@code batchRows}. A 0-d result is refused before this, with its own message.
     */
    private static boolean reduces(Node n) { return n instanceof Node.Reduce || n instanceof Node.Scan || n instanceof Node.ArgReduce; }

    /**
     * True for an integer (or bool) raised to a negative integer literal ({@code i ** -1}), which
     * NumPy refuses whatever the values: refused here rather than by every task. A negative
     * exponent that is a column's value ({@code i ** j}) is known only there: that task fails.
     */
    private static boolean negativeIntegerPower(Node n) {
        return n instanceof Node.Binary b && b.op().mayRaise(b.a().dtype()) && b.b() instanceof Node.Const c && c.bigIntegerValue().signum() < 0;
    }

    /** The slot of column {@code name} (the one column Spark resolves it to: two of that name are ambiguous), added if new. */
    private InputSlot slotFor(String label, String source, String name, int position) {
        int[] ordinals = names.ordinals(schema, name);
        String[] fields = schema.fieldNames();
        if (ordinals.length == 0) {
            throw error(label, source, "unknown column '" + name + "' (the DataFrame's columns are " + String.join(", ", fields) + ")", position);
        }
        if (ordinals.length > 1) {
            List<String> which = new ArrayList<>();
            for (int o : ordinals) which.add(fields[o]);
            throw error(label, source, "column name '" + name + "' is ambiguous: the DataFrame has " + ordinals.length + " columns of that name ("
                    + String.join(", ", which) + "); rename or drop all but one first", position);
        }
        int ordinal = ordinals[0];
        StructField field = schema.fields()[ordinal];
        DType dtype = SparkTypes.dtypeOf(field.dataType());
        if (dtype == null) {
            throw error(label, source, "column '" + field.name() + "' is " + field.dataType().simpleString()
                    + ", not numeric: numfuse reads boolean, tinyint, smallint, int, bigint, float and double columns (cast it first)", position);
        }
        for (InputSlot s : slots) if (s.ordinal() == ordinal) return s;
        InputSlot slot = new InputSlot(field.name(), ordinal, field.dataType(), dtype);
        slots.add(slot);
        return slot;
    }

    private static NumfuseSparkException error(String label, String source, String reason, int position) {
        return new NumfuseSparkException(label + ": " + new ExpressionSyntaxException(reason, position, source).getMessage());
    }

    /** Every name in {@code ast}, first occurrence first, with the offset of that occurrence. */
    private static void names(Ast ast, Map<String, Integer> out) {
        switch (ast) {
            case Ast.Name n -> out.putIfAbsent(n.name(), n.position());
            case Ast.IntLiteral _, Ast.FloatLiteral _, Ast.BoolLiteral _ -> { }
            case Ast.Unary u -> names(u.operand(), out);
            case Ast.Binary b -> {
                // a long chain a0 + a1 + ... is deep on its left: walk the spine in a loop
                List<Ast> rights = new ArrayList<>();
                Ast n = b;
                for (; n instanceof Ast.Binary c; n = c.left()) rights.add(c.right());
                names(n, out);
                for (int i = rights.size() - 1; i >= 0; i--) names(rights.get(i), out);
            }
            case Ast.Call c -> {
                for (Ast a : c.args()) names(a, out);
                for (Ast a : c.keywords().values()) names(a, out);
            }
        }
    }
}
