package io.numfuse.jvm;

import static org.objectweb.asm.Opcodes.*;

import io.numfuse.core.DType;
import io.numfuse.ir.Op;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;

/**
 * Bytecode for single values and ops. Values live in JVM locals of their computational type:
 * bool (0 or 1) and int32 as int, int64 as long, float32 as float, float64 as double. Every
 * {@link Op} has a rendering here ({@link #apply}, an exhaustive switch); the rules that are not
 * a Java primitive call {@link JvmOps}, which shares {@code Semantics} with the interpreter.
 */
final class InstrEmitter {
    private static final String OPS = "io/numfuse/jvm/JvmOps", MATH = "java/lang/Math";
    private final MethodVisitor mv;

    InstrEmitter(MethodVisitor mv) { this.mv = mv; }

    static String arrayDescriptor(DType t) {
        return switch (t) {
            case BOOL -> "[B";
            case INT32 -> "[I";
            case INT64 -> "[J";
            case FLOAT32 -> "[F";
            case FLOAT64 -> "[D";
        };
    }

    private static char jvm(DType t) {
        return switch (t) {
            case BOOL, INT32 -> 'I';
            case INT64 -> 'J';
            case FLOAT32 -> 'F';
            case FLOAT64 -> 'D';
        };
    }

    void pushInt(int v) {
        if (v >= -1 && v <= 5) mv.visitInsn(ICONST_0 + v);
        else if (v >= Byte.MIN_VALUE && v <= Byte.MAX_VALUE) mv.visitIntInsn(BIPUSH, v);
        else if (v >= Short.MIN_VALUE && v <= Short.MAX_VALUE) mv.visitIntInsn(SIPUSH, v);
        else mv.visitLdcInsn(v);
    }

    void load(DType t, int slot) {
        mv.visitVarInsn(switch (jvm(t)) { case 'I' -> ILOAD; case 'J' -> LLOAD; case 'F' -> FLOAD; default -> DLOAD; }, slot);
    }

    void store(DType t, int slot) {
        mv.visitVarInsn(switch (jvm(t)) { case 'I' -> ISTORE; case 'J' -> LSTORE; case 'F' -> FSTORE; default -> DSTORE; }, slot);
    }

    void arrayLoad(DType t) {
        mv.visitInsn(switch (t) { case BOOL -> BALOAD; case INT32 -> IALOAD; case INT64 -> LALOAD; case FLOAT32 -> FALOAD; case FLOAT64 -> DALOAD; });
    }

    void arrayStore(DType t) {
        mv.visitInsn(switch (t) { case BOOL -> BASTORE; case INT32 -> IASTORE; case INT64 -> LASTORE; case FLOAT32 -> FASTORE; case FLOAT64 -> DASTORE; });
    }

    /** A raw long parameter on the stack becomes a value of type {@code t}. */
    void decodeParam(DType t) {
        switch (t) {
            case BOOL, INT32 -> mv.visitInsn(L2I);
            case INT64 -> { }
            case FLOAT32 -> {
                mv.visitMethodInsn(INVOKESTATIC, "java/lang/Double", "longBitsToDouble", "(J)D", false);
                mv.visitInsn(D2F);
            }
            case FLOAT64 -> mv.visitMethodInsn(INVOKESTATIC, "java/lang/Double", "longBitsToDouble", "(J)D", false);
        }
    }

    /**
     * The operands of type {@code t} on the stack (one, or two for a binary op or comparison) are
     * replaced by {@code op} of them: a value of type {@code t}, or 0/1 for a comparison or a test
     * such as isnan. A reduction emits its combining op. One exhaustive switch over the op table,
     * each op once: a new op does not compile until it has its line here.
     */
    void apply(Op op, DType t) {
        boolean bool = t == DType.BOOL;
        switch (op) {
            case NEG -> mv.visitInsn(typed(t, INEG, LNEG, FNEG, DNEG));
            case ABS -> { if (!bool) call(MATH, "abs", t, 1); }
            case NOT -> {
                if (t == DType.INT64) { mv.visitLdcInsn(-1L); mv.visitInsn(LXOR); }
                else { mv.visitInsn(bool ? ICONST_1 : ICONST_M1); mv.visitInsn(IXOR); }
            }
            case SQUARE -> { mv.visitInsn(t == DType.INT64 || t == DType.FLOAT64 ? DUP2 : DUP); mv.visitInsn(typed(t, IMUL, LMUL, FMUL, DMUL)); }
            case RECIPROCAL -> call(OPS, "reciprocal", t, 1);
            case SQRT -> math("sqrt", t);
            case EXP -> math("exp", t);
            case EXP2 -> { widen(t); mv.visitMethodInsn(INVOKESTATIC, OPS, "exp2", "(D)D", false); narrow(t); }
            case EXPM1 -> math("expm1", t);
            case LOG -> math("log", t);
            case LOG1P -> math("log1p", t);
            case LOG10 -> math("log10", t);
            case LOG2 -> { widen(t); mv.visitMethodInsn(INVOKESTATIC, OPS, "log2", "(D)D", false); narrow(t); }
            case SIN -> math("sin", t);
            case COS -> math("cos", t);
            case TAN -> math("tan", t);
            case ARCSIN -> math("asin", t);
            case ARCCOS -> math("acos", t);
            case ARCTAN -> math("atan", t);
            case SINH -> math("sinh", t);
            case COSH -> math("cosh", t);
            case TANH -> math("tanh", t);
            case ARCSINH -> { widen(t); mv.visitMethodInsn(INVOKESTATIC, OPS, "arcsinh", "(D)D", false); narrow(t); }
            case ARCCOSH -> { widen(t); mv.visitMethodInsn(INVOKESTATIC, OPS, "arccosh", "(D)D", false); narrow(t); }
            case ARCTANH -> { widen(t); mv.visitMethodInsn(INVOKESTATIC, OPS, "arctanh", "(D)D", false); narrow(t); }
            case FLOOR -> { if (t.isFloat()) math("floor", t); }
            case CEIL -> { if (t.isFloat()) math("ceil", t); }
            case ROUND -> { if (t.isFloat()) math("rint", t); }
            case SIGN -> {
                switch (t) {
                    case INT32 -> mv.visitMethodInsn(INVOKESTATIC, "java/lang/Integer", "signum", "(I)I", false);
                    case INT64 -> { mv.visitMethodInsn(INVOKESTATIC, "java/lang/Long", "signum", "(J)I", false); mv.visitInsn(I2L); }
                    default -> call(OPS, "sign", t, 1);
                }
            }
            case ISNAN -> test(t, "isNaN", ICONST_0);
            case ISINF -> test(t, "isInfinite", ICONST_0);
            case ISFINITE -> test(t, "isFinite", ICONST_1);
            case ADD -> mv.visitInsn(bool ? IOR : typed(t, IADD, LADD, FADD, DADD));
            case SUB -> mv.visitInsn(typed(t, ISUB, LSUB, FSUB, DSUB));
            case MUL -> mv.visitInsn(bool ? IAND : typed(t, IMUL, LMUL, FMUL, DMUL));
            case DIV -> mv.visitInsn(typed(t, IDIV, LDIV, FDIV, DDIV));
            case FLOOR_DIV -> call(OPS, "floorDiv", t, 2);
            case MOD -> call(OPS, "mod", t, 2);
            case POW -> call(OPS, "pow", t, 2);
            case MAXIMUM -> { if (bool) mv.visitInsn(IOR); else call(MATH, "max", t, 2); }
            case MINIMUM -> { if (bool) mv.visitInsn(IAND); else call(MATH, "min", t, 2); }
            case ARCTAN2 -> { if (t == DType.FLOAT64) call(MATH, "atan2", t, 2); else call(OPS, "atan2", t, 2); }
            case HYPOT -> { if (t == DType.FLOAT64) call(MATH, "hypot", t, 2); else call(OPS, "hypot", t, 2); }
            case AND -> mv.visitInsn(t == DType.INT64 ? LAND : IAND);
            case OR -> mv.visitInsn(t == DType.INT64 ? LOR : IOR);
            case XOR -> mv.visitInsn(t == DType.INT64 ? LXOR : IXOR);
            case LEFT_SHIFT -> call(OPS, "leftShift", t, 2);
            case RIGHT_SHIFT -> call(OPS, "rightShift", t, 2);
            case EQ, NE, LT, LE, GT, GE -> compare(op, t);
            case SUM, PROD, MAX, MIN -> apply(op.combiner(), t);
            case WHERE, CAST -> throw new IllegalArgumentException(op + " has an instruction of its own (Select, Cast)");
        }
    }

    /**
     * A test of a float value by {@code Float}/{@code Double}'s method {@code name}; on a bool or
     * int value, which is never NaN or infinite, the constant {@code intResult}.
     */
    private void test(DType t, String name, int intResult) {
        switch (t) {
            case FLOAT32 -> mv.visitMethodInsn(INVOKESTATIC, "java/lang/Float", name, "(F)Z", false);
            case FLOAT64 -> mv.visitMethodInsn(INVOKESTATIC, "java/lang/Double", name, "(D)Z", false);
            default -> {
                mv.visitInsn(t == DType.INT64 ? POP2 : POP);
                mv.visitInsn(intResult);
            }
        }
    }

    /**
     * A comparison leaving 0 or 1. Floats compare with the NaN-aware instruction javac uses:
     * {@code fcmpg} for {@code < <=} and {@code fcmpl} otherwise, so NaN compares false
     * (and unequal).
     */
    private void compare(Op op, DType t) {
        Label no = new Label(), end = new Label();
        char j = jvm(t);
        if (j == 'I') {
            mv.visitJumpInsn(switch (op) { case LT -> IF_ICMPGE; case LE -> IF_ICMPGT; case GT -> IF_ICMPLE; case GE -> IF_ICMPLT;
                case EQ -> IF_ICMPNE; default -> IF_ICMPEQ; }, no);
        } else {
            boolean below = op == Op.LT || op == Op.LE;
            mv.visitInsn(j == 'J' ? LCMP : j == 'F' ? (below ? FCMPG : FCMPL) : (below ? DCMPG : DCMPL));
            mv.visitJumpInsn(switch (op) { case LT -> IFGE; case LE -> IFGT; case GT -> IFLE; case GE -> IFLT;
                case EQ -> IFNE; default -> IFEQ; }, no);
        }
        mv.visitInsn(ICONST_1);
        mv.visitJumpInsn(GOTO, end);
        mv.visitLabel(no);
        mv.visitInsn(ICONST_0);
        mv.visitLabel(end);
    }

    /** The value of type {@code from} on the stack becomes type {@code to}, as {@code Semantics} casts. */
    void cast(DType from, DType to) {
        if (from == to) return;
        if (to == DType.BOOL) {   // x != 0 (NaN is true)
            switch (jvm(from)) {
                case 'I' -> { }
                case 'J' -> { mv.visitInsn(LCONST_0); mv.visitInsn(LCMP); }
                case 'F' -> { mv.visitInsn(FCONST_0); mv.visitInsn(FCMPL); }
                default -> { mv.visitInsn(DCONST_0); mv.visitInsn(DCMPL); }
            }
            Label zero = new Label(), end = new Label();
            mv.visitJumpInsn(IFEQ, zero);
            mv.visitInsn(ICONST_1);
            mv.visitJumpInsn(GOTO, end);
            mv.visitLabel(zero);
            mv.visitInsn(ICONST_0);
            mv.visitLabel(end);
            return;
        }
        char f = jvm(from), t = jvm(to);
        if (f == t) return;   // bool -> int32
        int insn = switch ("" + f + t) {
            case "IJ" -> I2L; case "IF" -> I2F; case "ID" -> I2D;
            case "JI" -> L2I; case "JF" -> L2F; case "JD" -> L2D;
            case "FI" -> F2I; case "FJ" -> F2L; case "FD" -> F2D;
            case "DI" -> D2I; case "DJ" -> D2L; case "DF" -> D2F;
            default -> throw new IllegalStateException(from + " -> " + to);
        };
        mv.visitInsn(insn);
    }

    private static int typed(DType t, int i, int l, int f, int d) {
        return switch (jvm(t)) { case 'I' -> i; case 'J' -> l; case 'F' -> f; default -> d; };
    }

    private void call(String owner, String name, DType t, int arity) {
        String d = String.valueOf(jvm(t));
        mv.visitMethodInsn(INVOKESTATIC, owner, name, "(" + d.repeat(arity) + ")" + d, false);
    }

    /** java.lang.Math on doubles; a float32 operand is widened and the result rounded back. */
    private void math(String name, DType t) {
        widen(t);
        mv.visitMethodInsn(INVOKESTATIC, MATH, name, "(D)D", false);
        narrow(t);
    }

    private void widen(DType t) { if (t == DType.FLOAT32) mv.visitInsn(F2D); }
    private void narrow(DType t) { if (t == DType.FLOAT32) mv.visitInsn(D2F); }
}
