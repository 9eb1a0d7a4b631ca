package io.numfuse.ir;

import io.numfuse.core.DType;
import static io.numfuse.ir.CostClass.DIVISION;
import static io.numfuse.ir.CostClass.SIMPLE;
import static io.numfuse.ir.CostClass.TRANSCENDENTAL;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The single table of numfuse operations: what each op is (its kind and type rule), what it
 * costs, how NumPy and the expression language name it, whether the JVM backend computes it
 * with a vectorised math routine, and, for a reduction, its combining op, starting value and
 * accumulator type. {@link Semantics} is the executable definition of each entry and every
 * backend renders each one in one exhaustive {@code switch} (see docs/ARCHITECTURE.md, "The op
 * table"); type rules live in {@link TypeRules}, keyed by the {@link Rule} each entry carries.
 */
public enum Op {
    // unary element-wise
    //         type rule                 cost class      cost  vec    NumPy name      expression-language names
    NEG(Kind.UNARY, Rule.SIGNED,          SIMPLE,         1,    false, "negative",     "-", "negative"),
    ABS(Kind.UNARY, Rule.SAME,            SIMPLE,         1,    false, "abs",          "abs", "absolute"),
    NOT(Kind.UNARY, Rule.LOGIC,           SIMPLE,         1,    false, "invert",       "~", "invert"),
    SQUARE(Kind.UNARY, Rule.NUMERIC,      SIMPLE,         1,    false, "square",       "square"),
    RECIPROCAL(Kind.UNARY, Rule.NUMERIC,  DIVISION,       4,    false, "reciprocal",   "reciprocal"),
    SQRT(Kind.UNARY, Rule.FLOAT,          DIVISION,       4,    false, "sqrt",         "sqrt"),
    EXP(Kind.UNARY, Rule.FLOAT,           TRANSCENDENTAL, 20,   true,  "exp",          "exp"),
    EXP2(Kind.UNARY, Rule.FLOAT,          TRANSCENDENTAL, 20,   true,  "exp2",         "exp2"),
    EXPM1(Kind.UNARY, Rule.FLOAT,         TRANSCENDENTAL, 24,   true,  "expm1",        "expm1"),
    LOG(Kind.UNARY, Rule.FLOAT,           TRANSCENDENTAL, 20,   true,  "log",          "log"),
    LOG1P(Kind.UNARY, Rule.FLOAT,         TRANSCENDENTAL, 24,   true,  "log1p",        "log1p"),
    LOG10(Kind.UNARY, Rule.FLOAT,         TRANSCENDENTAL, 22,   true,  "log10",        "log10"),
    LOG2(Kind.UNARY, Rule.FLOAT,          TRANSCENDENTAL, 22,   false, "log2",         "log2"),
    SIN(Kind.UNARY, Rule.FLOAT,           TRANSCENDENTAL, 20,   true,  "sin",          "sin"),
    COS(Kind.UNARY, Rule.FLOAT,           TRANSCENDENTAL, 20,   true,  "cos",          "cos"),
    TAN(Kind.UNARY, Rule.FLOAT,           TRANSCENDENTAL, 24,   true,  "tan",          "tan"),
    ARCSIN(Kind.UNARY, Rule.FLOAT,        TRANSCENDENTAL, 24,   true,  "arcsin",       "arcsin"),
    ARCCOS(Kind.UNARY, Rule.FLOAT,        TRANSCENDENTAL, 24,   true,  "arccos",       "arccos"),
    ARCTAN(Kind.UNARY, Rule.FLOAT,        TRANSCENDENTAL, 24,   true,  "arctan",       "arctan"),
    SINH(Kind.UNARY, Rule.FLOAT,          TRANSCENDENTAL, 28,   true,  "sinh",         "sinh"),
    COSH(Kind.UNARY, Rule.FLOAT,          TRANSCENDENTAL, 28,   true,  "cosh",         "cosh"),
    TANH(Kind.UNARY, Rule.FLOAT,          TRANSCENDENTAL, 28,   true,  "tanh",         "tanh"),
    ARCSINH(Kind.UNARY, Rule.FLOAT,       TRANSCENDENTAL, 40,   false, "arcsinh",      "arcsinh"),
    ARCCOSH(Kind.UNARY, Rule.FLOAT,       TRANSCENDENTAL, 40,   false, "arccosh",      "arccosh"),
    ARCTANH(Kind.UNARY, Rule.FLOAT,       TRANSCENDENTAL, 36,   false, "arctanh",      "arctanh"),
    FLOOR(Kind.UNARY, Rule.NUMERIC_OR_BOOL, SIMPLE,       1,    false, "floor",        "floor"),
    CEIL(Kind.UNARY, Rule.NUMERIC_OR_BOOL, SIMPLE,        1,    false, "ceil",         "ceil"),
    ROUND(Kind.UNARY, Rule.NUMERIC,       SIMPLE,         2,    false, "round",        "round", "rint"),
    SIGN(Kind.UNARY, Rule.NUMERIC,        SIMPLE,         1,    false, "sign",         "sign"),
    ISNAN(Kind.UNARY, Rule.TEST,          SIMPLE,         1,    false, "isnan",        "isnan"),
    ISINF(Kind.UNARY, Rule.TEST,          SIMPLE,         1,    false, "isinf",        "isinf"),
    ISFINITE(Kind.UNARY, Rule.TEST,       SIMPLE,         1,    false, "isfinite",     "isfinite"),

    // binary element-wise
    ADD(Kind.BINARY, Rule.SAME,           SIMPLE,         1,    false, "add",          "+"),
    SUB(Kind.BINARY, Rule.SIGNED,         SIMPLE,         1,    false, "subtract",     "-"),
    MUL(Kind.BINARY, Rule.SAME,           SIMPLE,         1,    false, "multiply",     "*"),
    DIV(Kind.BINARY, Rule.TRUE_DIVIDE,    DIVISION,       4,    false, "true_divide",  "/"),
    FLOOR_DIV(Kind.BINARY, Rule.NUMERIC,  DIVISION,       8,    false, "floor_divide", "//"),
    MOD(Kind.BINARY, Rule.NUMERIC,        DIVISION,       8,    false, "remainder",    "%"),
    POW(Kind.BINARY, Rule.NUMERIC,        TRANSCENDENTAL, 24,   true,  "power",        "**", "power"),
    MAXIMUM(Kind.BINARY, Rule.SAME,       SIMPLE,         1,    false, "maximum",      "maximum"),
    MINIMUM(Kind.BINARY, Rule.SAME,       SIMPLE,         1,    false, "minimum",      "minimum"),
    ARCTAN2(Kind.BINARY, Rule.FLOAT,      TRANSCENDENTAL, 30,   true,  "arctan2",      "arctan2"),
    HYPOT(Kind.BINARY, Rule.FLOAT,        TRANSCENDENTAL, 20,   true,  "hypot",        "hypot"),
    AND(Kind.BINARY, Rule.LOGIC,          SIMPLE,         1,    false, "bitwise_and",  "&"),
    OR(Kind.BINARY, Rule.LOGIC,           SIMPLE,         1,    false, "bitwise_or",   "|"),
    XOR(Kind.BINARY, Rule.LOGIC,          SIMPLE,         1,    false, "bitwise_xor",  "^"),
    LEFT_SHIFT(Kind.BINARY, Rule.INTEGER, SIMPLE,         2,    false, "left_shift",   "<<"),
    RIGHT_SHIFT(Kind.BINARY, Rule.INTEGER, SIMPLE,        2,    false, "right_shift",  ">>"),

    // comparisons: operands promoted to one type, result bool
    EQ(Kind.COMPARE, Rule.SAME,           SIMPLE,         1,    false, "equal",        "=="),
    NE(Kind.COMPARE, Rule.SAME,           SIMPLE,         1,    false, "not_equal",    "!="),
    LT(Kind.COMPARE, Rule.SAME,           SIMPLE,         1,    false, "less",         "<"),
    LE(Kind.COMPARE, Rule.SAME,           SIMPLE,         1,    false, "less_equal",   "<="),
    GT(Kind.COMPARE, Rule.SAME,           SIMPLE,         1,    false, "greater",      ">"),
    GE(Kind.COMPARE, Rule.SAME,           SIMPLE,         1,    false, "greater_equal", ">="),

    /** where(cond, a, b). */
    WHERE(Kind.SELECT, Rule.SAME,         SIMPLE,         1,    false, "where",        "where"),
    /** Conversion to another dtype (NumPy's astype with casting='unsafe'); the expression language spells it with dtype names. */
    CAST(Kind.CAST, Rule.SAME,            SIMPLE,         1,    false, "astype"),

    // reductions:  combining op   starts at       accumulates     NumPy and expression-language name
    SUM(            ADD,           Start.ZERO,     Accumulator.WIDE_INT, "sum"),
    PROD(           MUL,           Start.ONE,      Accumulator.WIDE_INT, "prod"),
    MAX(            MAXIMUM,       Start.LOWEST,   Accumulator.SAME,     "max"),
    MIN(            MINIMUM,       Start.HIGHEST,  Accumulator.SAME,     "min");

    /** The shape of an op: how many operands and what it produces. */
    public enum Kind { UNARY, BINARY, COMPARE, SELECT, CAST, REDUCE }

    /** Which operand types an op accepts and what result type it gives; see {@link TypeRules}. */
    public enum Rule {
        /** Any type; the result has the promoted operand type. */
        SAME,
        /** Not bool (NumPy rejects negating or subtracting bools). */
        SIGNED,
        /** int or float, result the operand type; bool would give int8/float16 in NumPy, which numfuse lacks. */
        NUMERIC,
        /** Any type, result the operand type (floor and ceil keep ints and bools in NumPy 2). */
        NUMERIC_OR_BOOL,
        /** Computed in floating point: ints become float64, bool is rejected (NumPy gives float16). */
        FLOAT,
        /** As FLOAT, but bool operands are allowed and give float64 (NumPy's true_divide). */
        TRUE_DIVIDE,
        /** bool (logical) or int (bitwise); floats rejected. */
        LOGIC,
        /** int only, result the operand type (shifts): bool would give int8 in NumPy, floats are rejected. */
        INTEGER,
        /** Any type, result bool: a test of each value (isnan); an int or bool operand is never NaN or infinite. */
        TEST
    }

    /** Where a reduction's accumulator starts: its identity, or the extreme value of the type for max and min. */
    public enum Start { ZERO, ONE, LOWEST, HIGHEST }

    /** A reduction's result type from its operand type. */
    public enum Accumulator {
        /** bool and int32 accumulate in int64, as NumPy's sum and prod on 64-bit Linux. */
        WIDE_INT,
        /** The operand type. */
        SAME
    }

    private final Kind kind;
    private final Rule rule;
    private final CostClass costClass;
    private final int cost;
    private final boolean vectorMath;
    private final String numpyName;
    private final List<String> names;
    private final Op combiner;
    private final Start start;
    private final Accumulator accumulator;

    /** An element-wise op (or where, or a cast). */
    Op(Kind kind, Rule rule, CostClass costClass, int cost, boolean vectorMath, String numpyName, String... names) {
        this.kind = kind;
        this.rule = rule;
        this.costClass = Objects.requireNonNull(costClass);
        this.cost = cost;
        this.vectorMath = vectorMath;
        this.numpyName = numpyName;
        this.names = List.of(names);
        this.combiner = null;
        this.start = null;
        this.accumulator = null;
    }

    /** A reduction: it costs what its combining op costs, and NumPy and the expression language call it {@code name}. */
    Op(Op combiner, Start start, Accumulator accumulator, String name) {
        this.kind = Kind.REDUCE;
        this.rule = Rule.SAME;
        this.costClass = combiner.costClass;
        this.cost = combiner.cost;
        this.vectorMath = false;
        this.numpyName = name;
        this.names = List.of(name);
        this.combiner = combiner;
        this.start = start;
        this.accumulator = accumulator;
    }

    public Kind kind() { return kind; }
    public Rule rule() { return rule; }

    /** NumPy's name for this operation, used in messages and explain output. */
    public String numpyName() { return numpyName; }

    /**
     * How the expression language spells this op: its operator symbol ({@code "+"}, prefix for a
     * unary op, infix for a binary op or comparison) and its function names ({@code "round"},
     * {@code "rint"}), in that order. Empty for a cast, which is spelled with a dtype name.
     */
    public List<String> names() { return names; }

    /** The operator symbol of this op in the expression language, or null when it is only a function. */
    public String symbol() {
        return names.isEmpty() || isIdentifier(names.getFirst()) ? null : names.getFirst();
    }

    /** The function names of this op in the expression language (empty for a pure operator). */
    public List<String> functionNames() { return names.stream().filter(Op::isIdentifier).toList(); }

    /** The op that the expression language calls {@code name} as a function ({@code sqrt(x)}), or null. */
    public static Op function(String name) { return Names.FUNCTIONS.get(name); }

    /** The op spelled by operator {@code symbol} with {@code arity} operands (1: prefix, 2: infix), or null. */
    public static Op operator(String symbol, int arity) {
        return (arity == 1 ? Names.PREFIX : arity == 2 ? Names.INFIX : Map.<String, Op>of()).get(symbol);
    }

    /** Relative cost per element, in units of one add; the cost model's weight (and the JVM's thread threshold). */
    public int cost() { return cost; }

    /** The class of arithmetic this op costs on a device (a reduction: its combining op's). */
    public CostClass costClass() { return costClass; }

    /**
     * True when the JVM backend computes this op on float types a block at a time with a
     * vectorised math routine (the Vector API's operator; codegen-jvm's BlockMath), rather than
     * per element in the kernel's loop.
     */
    public boolean vectorMath() { return vectorMath; }

    /** Operand count (reductions count their one input). */
    public int arity() {
        return switch (kind) {
            case UNARY, CAST, REDUCE -> 1;
            case BINARY, COMPARE -> 2;
            case SELECT -> 3;
        };
    }

    public boolean isElementwise() { return kind != Kind.REDUCE; }

    /** True when this op can raise an error on operands of type {@code t}: an integer to a negative power. */
    public boolean mayRaise(DType t) { return this == POW && !t.isFloat(); }

    /** Associative and commutative: operands may be reordered and partial results combined. */
    public boolean isAssociative() {
        return switch (this) {
            case ADD, MUL, MAXIMUM, MINIMUM, AND, OR, XOR, SUM, PROD, MAX, MIN -> true;
            default -> false;
        };
    }

    /** For a reduction, the element-wise op that combines two partial results. */
    public Op combiner() { return reduction(combiner); }

    /** True when this is a reduction with an identity, so that it is defined on an empty array. */
    public boolean hasIdentity() { return start == Start.ZERO || start == Start.ONE; }

    /** The identity of a reduction with an identity, as a double (0 or 1). */
    public double identity() {
        if (!hasIdentity()) throw new IllegalStateException(this + " has no identity");
        return start == Start.ZERO ? 0 : 1;
    }

    /**
     * The value a reduction's accumulator starts from, for a float type: 0 or 1 for sum and
     * prod, -inf for max and +inf for min (the identities of their combining ops, so partial
     * results and empty chunks combine without a special case).
     */
    public double floatStart() {
        return switch (reduction(start)) {
            case ZERO -> 0.0;
            case ONE -> 1.0;
            case LOWEST -> Double.NEGATIVE_INFINITY;
            case HIGHEST -> Double.POSITIVE_INFINITY;
        };
    }

    /** As {@link #floatStart()} for a bool or int type: the type's smallest or largest value for max and min. */
    public long intStart(DType t) {
        return switch (reduction(start)) {
            case ZERO -> 0;
            case ONE -> 1;
            case LOWEST -> t == DType.BOOL ? 0 : t == DType.INT32 ? Integer.MIN_VALUE : Long.MIN_VALUE;
            case HIGHEST -> t == DType.BOOL ? 1 : t == DType.INT32 ? Integer.MAX_VALUE : Long.MAX_VALUE;
        };
    }

    /** The result type of this reduction over operands of type {@code t} (sums of bool and int32 are int64). */
    public DType accumulator(DType t) {
        return switch (reduction(accumulator)) {
            case WIDE_INT -> t == DType.BOOL || t == DType.INT32 ? DType.INT64 : t;
            case SAME -> t;
        };
    }

    /** Lower-case name of the constant ({@code floor_div}). */
    public String lowerName() { return name().toLowerCase(Locale.ROOT); }

    private <T> T reduction(T field) {
        if (kind != Kind.REDUCE) throw new IllegalStateException(this + " is not a reduction");
        return field;
    }

    private static boolean isIdentifier(String s) { return Character.isLetter(s.charAt(0)); }

    /** The expression language's lookup tables, built from the entries' names; a name given twice is an error at class initialisation. */
    private static final class Names {
        static final Map<String, Op> FUNCTIONS, PREFIX, INFIX;

        static {
            Map<String, Op> functions = new HashMap<>(), prefix = new HashMap<>(), infix = new HashMap<>();
            for (Op op : values()) {
                for (String name : op.names) {
                    Map<String, Op> table = isIdentifier(name) ? functions : op.kind == Kind.UNARY ? prefix : infix;
                    Op before = table.put(name, op);
                    if (before != null) throw new IllegalStateException("'" + name + "' names both " + before + " and " + op);
                }
            }
            FUNCTIONS = Map.copyOf(functions);
            PREFIX = Map.copyOf(prefix);
            INFIX = Map.copyOf(infix);
        }
    }
}
