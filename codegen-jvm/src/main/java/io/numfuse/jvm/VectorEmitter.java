package io.numfuse.jvm;

import static org.objectweb.asm.Opcodes.*;

import io.numfuse.core.DType;
import io.numfuse.ir.Op;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Type;

/**
 * Bytecode for vector values (the Vector API), for {@link VectorLoop}: each value of a numeric
 * type is a {@code FloatVector}, {@code DoubleVector}, {@code IntVector} or {@code LongVector} of
 * the loop's lane count, and each bool a {@code VectorMask} of one of those species (its
 * "home": the species of the values it compares, or {@code ByteVector}'s for a bool loaded from
 * memory), cast to another species where it meets one. {@link #form} is the op table for
 * vectors: one exhaustive switch, null where an op has no vector form (its kernels stay scalar).
 * Loaded only when {@code jdk.incubator.vector} is present.
 */
final class VectorEmitter {
    private static final String PKG = "jdk/incubator/vector/", VECTOR = PKG + "Vector", MASK = PKG + "VectorMask",
            SPECIES = PKG + "VectorSpecies", OPERATORS = PKG + "VectorOperators", BOOL_LANES = "io/numfuse/jvm/BoolLanes";
    private static final String SPECIES_D = "L" + SPECIES + ";", MASK_D = "L" + MASK + ";", VECTOR_D = "L" + VECTOR + ";";

    /** The widest vectors the machine has (512 bits with AVX-512, 256 with AVX2). */
    static final int PREFERRED_BITS = FloatVector.SPECIES_PREFERRED.vectorBitSize();

    /** How an op computes on vectors (or masks, for bool). */
    enum Kind { UNARY, BINARY, COMPARE, TEST, SAME, SQUARE, RECIPROCAL, MASK_NOT, MASK_BINARY, ALL }

    /**
     * An op's vector form: a {@code VectorOperators} token for {@code lanewise}, {@code compare}
     * or {@code test}; for masks a {@code VectorMask} method applied to the operands (swapped
     * first when {@code swap}) and negated after when {@code negate}; for {@link Kind#ALL} a
     * mask of every lane {@code negate ? true : false} (isnan of an int is never true).
     */
    record Form(Kind kind, String operator, boolean swap, boolean negate) {
        static Form of(Kind kind, String operator) { return new Form(kind, operator, false, false); }
    }

    private static final Form SAME = Form.of(Kind.SAME, null), MASK_AND = Form.of(Kind.MASK_BINARY, "and"),
            MASK_OR = Form.of(Kind.MASK_BINARY, "or"), MASK_XOR = Form.of(Kind.MASK_BINARY, "xor");

    /**
     * The vector form of {@code op} on operands of type {@code t}, or null when it has none: the
     * rules that are not lane-wise arithmetic ({@code //}, {@code %}, integer powers, NumPy's
     * shifts, floor/ceil/round/sign of floats) and the transcendental functions, which
     * {@link BlockLoop} computes. Semantics are Java's, as the scalar rendering's: comparisons
     * with NaN are false except {@code !=}, {@code MAX}/{@code MIN} are {@code Math.max}/{@code min}
     * (NaN wins, -0 < +0), conversions are Java's casts.
     */
    static Form form(Op op, DType t) {
        boolean bool = t == DType.BOOL, flt = t.isFloat();
        boolean wideInts = PREFERRED_BITS >= 512;   // 64-bit lane multiplies need AVX-512 (else the API's slow fallback)
        return switch (op) {
            case NEG -> bool ? null : Form.of(Kind.UNARY, "NEG");
            case ABS -> bool ? SAME : Form.of(Kind.UNARY, "ABS");
            case NOT -> bool ? Form.of(Kind.MASK_NOT, null) : flt ? null : Form.of(Kind.UNARY, "NOT");
            case SQUARE -> t == DType.INT64 && !wideInts ? null : Form.of(Kind.SQUARE, "MUL");
            case RECIPROCAL -> flt ? Form.of(Kind.RECIPROCAL, "DIV") : null;
            case SQRT -> flt ? Form.of(Kind.UNARY, "SQRT") : null;
            case EXP, EXP2, EXPM1, LOG, LOG1P, LOG10, LOG2, SIN, COS, TAN, ARCSIN, ARCCOS, ARCTAN, SINH, COSH, TANH,
                 ARCSINH, ARCCOSH, ARCTANH -> null;
            case FLOOR, CEIL, ROUND -> flt ? null : SAME;
            case SIGN -> null;
            case ISNAN, ISINF -> flt ? Form.of(Kind.TEST, op == Op.ISNAN ? "IS_NAN" : "IS_INFINITE") : new Form(Kind.ALL, null, false, false);
            case ISFINITE -> flt ? Form.of(Kind.TEST, "IS_FINITE") : new Form(Kind.ALL, null, false, true);
            case ADD -> bool ? MASK_OR : Form.of(Kind.BINARY, "ADD");
            case SUB -> bool ? null : Form.of(Kind.BINARY, "SUB");
            case MUL -> bool ? MASK_AND : t == DType.INT64 && !wideInts ? null : Form.of(Kind.BINARY, "MUL");
            case DIV -> flt ? Form.of(Kind.BINARY, "DIV") : null;
            case FLOOR_DIV, MOD, POW, ARCTAN2, HYPOT, LEFT_SHIFT, RIGHT_SHIFT -> null;
            case MAXIMUM -> bool ? MASK_OR : Form.of(Kind.BINARY, "MAX");
            case MINIMUM -> bool ? MASK_AND : Form.of(Kind.BINARY, "MIN");
            case AND -> bool ? MASK_AND : flt ? null : Form.of(Kind.BINARY, "AND");
            case OR -> bool ? MASK_OR : flt ? null : Form.of(Kind.BINARY, "OR");
            case XOR -> bool ? MASK_XOR : flt ? null : Form.of(Kind.BINARY, "XOR");
            case EQ, NE, LT, LE, GT, GE -> bool ? maskCompare(op) : Form.of(Kind.COMPARE, op.name());
            case SUM, PROD, MAX, MIN -> form(op.combiner(), t);
            case WHERE, CAST -> throw new IllegalArgumentException(op + " has an instruction of its own (Select, Cast)");
        };
    }

    /** Comparisons of bools as mask logic: a < b is b & !a, a <= b is !(a & !b), ... */
    private static Form maskCompare(Op op) {
        return switch (op) {
            case EQ -> Form.of(Kind.MASK_BINARY, "eq");
            case NE -> MASK_XOR;
            case LT -> new Form(Kind.MASK_BINARY, "andNot", true, false);
            case GT -> new Form(Kind.MASK_BINARY, "andNot", false, false);
            case LE -> new Form(Kind.MASK_BINARY, "andNot", false, true);
            case GE -> new Form(Kind.MASK_BINARY, "andNot", true, true);
            default -> throw new IllegalArgumentException(op + " is not a comparison");
        };
    }

    /** True when a conversion between these types has a vector form (long <-> float ones need AVX-512). */
    static boolean converts(DType from, DType to) {
        boolean longFloat = (from == DType.INT64 && to.isFloat()) || (from.isFloat() && to == DType.INT64);
        return !longFloat || PREFERRED_BITS >= 512;
    }

    private final MethodVisitor mv;
    private final int lanes;

    VectorEmitter(MethodVisitor mv, int lanes) {
        this.mv = mv;
        this.lanes = lanes;
    }

    /** Elements per vector. */
    int lanes() { return lanes; }

    /** True when the machine has a vector of {@code lanes} values of type {@code t} (a bool: a byte). */
    static boolean hasSpecies(DType t, int lanes) {
        int bits = lanes * t.itemSize() * 8;
        return bits >= 64 && bits <= PREFERRED_BITS && Integer.bitCount(bits) == 1;
    }

    /** The Vector API class of values of type {@code t} (bool: {@code ByteVector}, for loads and stores of 0/1). */
    static String vectorClass(DType t) {
        return PKG + switch (t) {
            case BOOL -> "ByteVector";
            case INT32 -> "IntVector";
            case INT64 -> "LongVector";
            case FLOAT32 -> "FloatVector";
            case FLOAT64 -> "DoubleVector";
        };
    }

    private static String classD(DType t) { return "L" + vectorClass(t) + ";"; }

    private static char primitive(DType t) {
        return switch (t) { case BOOL -> 'B'; case INT32 -> 'I'; case INT64 -> 'J'; case FLOAT32 -> 'F'; case FLOAT64 -> 'D'; };
    }

    /** {@code XVector.SPECIES_n} for {@code lanes} values of type {@code t}. */
    void pushSpecies(DType t) {
        mv.visitFieldInsn(GETSTATIC, vectorClass(t), "SPECIES_" + lanes * t.itemSize() * 8, SPECIES_D);
    }

    /** A {@code VectorOperators} token. */
    private void pushOperator(String name) {
        try {
            mv.visitFieldInsn(GETSTATIC, OPERATORS, name, Type.getDescriptor(VectorOperators.class.getField(name).getType()));
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException("VectorOperators has no " + name, e);
        }
    }

    private void virtual(String owner, String name, String desc) { mv.visitMethodInsn(INVOKEVIRTUAL, owner, name, desc, false); }

    /** Species, array and index on the stack: the vector at the index (a bool: the mask of its non-zero bytes, home BOOL). */
    void fromArray(DType t) {
        mv.visitMethodInsn(INVOKESTATIC, vectorClass(t), "fromArray", "(" + SPECIES_D + "[" + primitive(t) + "I)" + classD(t), false);
        if (t == DType.BOOL) nonZero(t);
    }

    /**
     * The mask of species {@code home} of the non-zero bools at the array and index that
     * {@code arrayAndIndex} pushes, for a lane count without a byte vector ({@link BoolLanes}).
     */
    void loadBools(DType home, Runnable arrayAndIndex) {
        pushSpecies(home);
        arrayAndIndex.run();
        mv.visitIntInsn(BIPUSH, lanes);
        mv.visitMethodInsn(INVOKESTATIC, BOOL_LANES, "load", "([BII)J", false);
        mv.visitMethodInsn(INVOKESTATIC, MASK, "fromLong", "(" + SPECIES_D + "J)" + MASK_D, false);
    }

    /** Stores the mask {@code mask} pushes as bools (0/1) at the array and index {@code arrayAndIndex} pushes, for a lane count without a byte vector. */
    void storeBools(Runnable mask, Runnable arrayAndIndex) {
        mask.run();
        virtual(MASK, "toLong", "()J");
        arrayAndIndex.run();
        mv.visitIntInsn(BIPUSH, lanes);
        mv.visitMethodInsn(INVOKESTATIC, BOOL_LANES, "store", "(J[BII)V", false);
    }

    /** Vector, array, index on the stack: stores the vector (a bool must be made 0/1 bytes first, {@link #ofMask}). */
    void intoArray(DType t) {
        virtual(vectorClass(t), "intoArray", "([" + primitive(t) + "I)V");
    }

    /** The scalar of type {@code t} that {@code value} pushes in every lane (a bool: a mask of species {@code home}). */
    void broadcast(DType t, DType home, Runnable value) {
        if (t == DType.BOOL) {
            pushSpecies(home);
            value.run();
            mv.visitMethodInsn(INVOKEINTERFACE, SPECIES, "maskAll", "(Z)" + MASK_D, true);
        } else {
            pushSpecies(t);
            value.run();
            mv.visitMethodInsn(INVOKESTATIC, vectorClass(t), "broadcast", "(" + SPECIES_D + primitive(t) + ")" + classD(t), false);
        }
    }

    /** The vector index, index + 1, ... of the int index {@code index} pushes (an int64 Index instruction). */
    void iota(Runnable index) {
        broadcast(DType.INT64, null, () -> { index.run(); mv.visitInsn(I2L); });
        mv.visitInsn(ICONST_1);
        virtual(vectorClass(DType.INT64), "addIndex", "(I)" + classD(DType.INT64));
    }

    /** A vector of type {@code t} on the stack: the mask of its non-zero lanes (NaN is non-zero), home {@code t}. */
    void nonZero(DType t) {
        pushOperator("NE");
        mv.visitInsn(LCONST_0);
        virtual(vectorClass(t), "compare", "(L" + OPERATORS + "$Comparison;J)" + MASK_D);
    }

    /** The vector of type {@code t} with 1 where the mask (of home {@code t}) that {@code mask} pushes is set, else 0. */
    void ofMask(DType t, Runnable mask) {
        pushSpecies(t);
        mv.visitMethodInsn(INVOKESTATIC, vectorClass(t), "zero", "(" + SPECIES_D + ")" + classD(t), false);
        mv.visitInsn(LCONST_1);
        mask.run();
        virtual(vectorClass(t), "blend", "(J" + MASK_D + ")" + classD(t));
    }

    /** A mask on the stack becomes a mask of species {@code to} (same lanes). */
    void castMask(DType to) {
        pushSpecies(to);
        virtual(MASK, "cast", "(" + SPECIES_D + ")" + MASK_D);
    }

    /** A vector of type {@code from} on the stack becomes one of type {@code to} (both numeric), as Java casts. */
    void convert(DType from, DType to) {
        pushOperator(letter(from) + "2" + letter(to));
        pushSpecies(to);
        mv.visitInsn(ICONST_0);
        virtual(VECTOR, "convertShape", "(L" + OPERATORS + "$Conversion;" + SPECIES_D + "I)" + VECTOR_D);
        mv.visitTypeInsn(CHECKCAST, vectorClass(to));
    }

    private static String letter(DType t) {
        return switch (t) { case INT32 -> "I"; case INT64 -> "L"; case FLOAT32 -> "F"; case FLOAT64 -> "D"; case BOOL -> "B"; };
    }

    /** Vectors b, a of type {@code t} and a mask of home {@code t} on the stack: a where the mask is set, else b. */
    void blend(DType t) {
        virtual(vectorClass(t), "blend", "(" + VECTOR_D + MASK_D + ")" + classD(t));
    }

    /** Loads operands and applies a form; {@code load(o)} pushes operand o as a vector, or as a mask of the given home. */
    interface Operands {
        void vector(int i);
        void mask(int i, DType home);
    }

    /**
     * {@code form} of operands of type {@code t}: pushes the result (a vector of type t, or a mask of
     * species {@code home} for a comparison, a test or bool logic).
     */
    void apply(Form form, DType t, DType home, Operands in) {
        String cls = vectorClass(t), self = classD(t);
        switch (form.kind()) {
            case SAME -> in.vector(0);
            case UNARY -> {
                in.vector(0);
                pushOperator(form.operator());
                virtual(cls, "lanewise", "(L" + OPERATORS + "$Unary;)" + self);
            }
            case BINARY, SQUARE -> {
                in.vector(0);
                pushOperator(form.operator());
                in.vector(form.kind() == Kind.SQUARE ? 0 : 1);
                virtual(cls, "lanewise", "(L" + OPERATORS + "$Binary;" + VECTOR_D + ")" + self);
            }
            case RECIPROCAL -> {
                pushSpecies(t);
                if (t == DType.FLOAT32) mv.visitInsn(FCONST_1); else mv.visitInsn(DCONST_1);
                mv.visitMethodInsn(INVOKESTATIC, cls, "broadcast", "(" + SPECIES_D + primitive(t) + ")" + self, false);
                pushOperator(form.operator());
                in.vector(0);
                virtual(cls, "lanewise", "(L" + OPERATORS + "$Binary;" + VECTOR_D + ")" + self);
            }
            case COMPARE -> {
                in.vector(0);
                pushOperator(form.operator());
                in.vector(1);
                virtual(cls, "compare", "(L" + OPERATORS + "$Comparison;" + VECTOR_D + ")" + MASK_D);
            }
            case TEST -> {
                in.vector(0);
                pushOperator(form.operator());
                virtual(cls, "test", "(L" + OPERATORS + "$Test;)" + MASK_D);
            }
            case ALL -> {
                pushSpecies(home);
                mv.visitInsn(form.negate() ? ICONST_1 : ICONST_0);
                mv.visitMethodInsn(INVOKEINTERFACE, SPECIES, "maskAll", "(Z)" + MASK_D, true);
            }
            case MASK_NOT -> {
                in.mask(0, home);
                virtual(MASK, "not", "()" + MASK_D);
            }
            case MASK_BINARY -> {
                in.mask(form.swap() ? 1 : 0, home);
                in.mask(form.swap() ? 0 : 1, home);
                virtual(MASK, form.operator(), "(" + MASK_D + ")" + MASK_D);
                if (form.negate()) virtual(MASK, "not", "()" + MASK_D);
            }
        }
    }

    /** Masks on the stack: {@code op} of them ("and", "or", "andNot"), or {@code not} of one. */
    void maskOp(String op) {
        virtual(MASK, op, op.equals("not") ? "()" + MASK_D : "(" + MASK_D + ")" + MASK_D);
    }
}
