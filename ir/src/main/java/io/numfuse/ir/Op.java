package io.numfuse.ir;

import java.util.Locale;

/**
 * The single table of numfuse operations. Every backend renders each entry (an exhaustive
 * {@code switch} or an {@code EnumMap}); {@link Interpreter} is the executable definition of
 * each. Type rules live in {@link TypeRules}, keyed by the {@link Rule} each entry carries.
 */
public enum Op {
    // unary element-wise
    NEG(Kind.UNARY, Rule.SIGNED, "negative", 1),
    ABS(Kind.UNARY, Rule.SAME, "abs", 1),
    NOT(Kind.UNARY, Rule.LOGIC, "invert", 1),
    SQRT(Kind.UNARY, Rule.FLOAT, "sqrt", 4),
    EXP(Kind.UNARY, Rule.FLOAT, "exp", 20),
    EXPM1(Kind.UNARY, Rule.FLOAT, "expm1", 24),
    LOG(Kind.UNARY, Rule.FLOAT, "log", 20),
    LOG1P(Kind.UNARY, Rule.FLOAT, "log1p", 24),
    LOG10(Kind.UNARY, Rule.FLOAT, "log10", 22),
    LOG2(Kind.UNARY, Rule.FLOAT, "log2", 22),
    SIN(Kind.UNARY, Rule.FLOAT, "sin", 20),
    COS(Kind.UNARY, Rule.FLOAT, "cos", 20),
    TAN(Kind.UNARY, Rule.FLOAT, "tan", 24),
    ARCSIN(Kind.UNARY, Rule.FLOAT, "arcsin", 24),
    ARCCOS(Kind.UNARY, Rule.FLOAT, "arccos", 24),
    ARCTAN(Kind.UNARY, Rule.FLOAT, "arctan", 24),
    SINH(Kind.UNARY, Rule.FLOAT, "sinh", 28),
    COSH(Kind.UNARY, Rule.FLOAT, "cosh", 28),
    TANH(Kind.UNARY, Rule.FLOAT, "tanh", 28),
    FLOOR(Kind.UNARY, Rule.NUMERIC_OR_BOOL, "floor", 1),
    CEIL(Kind.UNARY, Rule.NUMERIC_OR_BOOL, "ceil", 1),
    ROUND(Kind.UNARY, Rule.NUMERIC, "round", 2),
    SIGN(Kind.UNARY, Rule.NUMERIC, "sign", 1),

    // binary element-wise
    ADD(Kind.BINARY, Rule.SAME, "add", 1),
    SUB(Kind.BINARY, Rule.SIGNED, "subtract", 1),
    MUL(Kind.BINARY, Rule.SAME, "multiply", 1),
    DIV(Kind.BINARY, Rule.TRUE_DIVIDE, "true_divide", 4),
    FLOOR_DIV(Kind.BINARY, Rule.NUMERIC, "floor_divide", 8),
    MOD(Kind.BINARY, Rule.NUMERIC, "remainder", 8),
    POW(Kind.BINARY, Rule.NUMERIC, "power", 24),
    MAXIMUM(Kind.BINARY, Rule.SAME, "maximum", 1),
    MINIMUM(Kind.BINARY, Rule.SAME, "minimum", 1),
    ARCTAN2(Kind.BINARY, Rule.FLOAT, "arctan2", 30),
    AND(Kind.BINARY, Rule.LOGIC, "bitwise_and", 1),
    OR(Kind.BINARY, Rule.LOGIC, "bitwise_or", 1),
    XOR(Kind.BINARY, Rule.LOGIC, "bitwise_xor", 1),

    // comparisons: operands promoted to one type, result bool
    EQ(Kind.COMPARE, Rule.SAME, "equal", 1),
    NE(Kind.COMPARE, Rule.SAME, "not_equal", 1),
    LT(Kind.COMPARE, Rule.SAME, "less", 1),
    LE(Kind.COMPARE, Rule.SAME, "less_equal", 1),
    GT(Kind.COMPARE, Rule.SAME, "greater", 1),
    GE(Kind.COMPARE, Rule.SAME, "greater_equal", 1),

    /** where(cond, a, b). */
    WHERE(Kind.SELECT, Rule.SAME, "where", 1),
    /** Conversion to another dtype (NumPy's astype with casting='unsafe'). */
    CAST(Kind.CAST, Rule.SAME, "astype", 1),

    // reductions, each with the binary op that combines partial results
    SUM(Kind.REDUCE, Rule.SAME, "sum", 1),
    PROD(Kind.REDUCE, Rule.SAME, "prod", 1),
    MAX(Kind.REDUCE, Rule.SAME, "max", 1),
    MIN(Kind.REDUCE, Rule.SAME, "min", 1);

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
        LOGIC
    }

    private final Kind kind;
    private final Rule rule;
    private final String numpyName;
    private final int cost;

    Op(Kind kind, Rule rule, String numpyName, int cost) {
        this.kind = kind;
        this.rule = rule;
        this.numpyName = numpyName;
        this.cost = cost;
    }

    public Kind kind() { return kind; }
    public Rule rule() { return rule; }

    /** NumPy's name for this operation, used in messages and explain output. */
    public String numpyName() { return numpyName; }

    /** Relative cost per element, in units of one add; used by the cost model. */
    public int cost() { return cost; }

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
    public Op combiner() {
        return switch (this) {
            case SUM -> ADD;
            case PROD -> MUL;
            case MAX -> MAXIMUM;
            case MIN -> MINIMUM;
            default -> throw new IllegalStateException(this + " is not a reduction");
        };
    }

    /** True when a reduction has an identity, so that it is defined on an empty array. */
    public boolean hasIdentity() { return this == SUM || this == PROD; }

    /** The identity of a reduction with an identity, as a double (0 or 1). */
    public double identity() {
        return switch (this) {
            case SUM -> 0;
            case PROD -> 1;
            default -> throw new IllegalStateException(this + " has no identity");
        };
    }

    /**
     * The value a reduction's accumulator starts from, for a float type: 0 or 1 for sum and
     * prod, -inf for max and +inf for min (the identities of their combining ops, so partial
     * results and empty chunks combine without a special case).
     */
    public double floatStart() {
        return switch (this) {
            case SUM -> 0.0;
            case PROD -> 1.0;
            case MAX -> Double.NEGATIVE_INFINITY;
            case MIN -> Double.POSITIVE_INFINITY;
            default -> throw new IllegalStateException(this + " is not a reduction");
        };
    }

    /** As {@link #floatStart()} for a bool or int type: the type's smallest or largest value for max and min. */
    public long intStart(DType t) {
        return switch (this) {
            case SUM -> 0;
            case PROD -> 1;
            case MAX -> t == DType.BOOL ? 0 : t == DType.INT32 ? Integer.MIN_VALUE : Long.MIN_VALUE;
            case MIN -> t == DType.BOOL ? 1 : t == DType.INT32 ? Integer.MAX_VALUE : Long.MAX_VALUE;
            default -> throw new IllegalStateException(this + " is not a reduction");
        };
    }

    /** Lower-case name as written in numfuse's expression language where it has one. */
    public String lowerName() { return name().toLowerCase(Locale.ROOT); }
}
