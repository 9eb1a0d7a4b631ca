package io.numfuse.jvm;

import static org.objectweb.asm.Opcodes.*;

import io.numfuse.ir.DType;
import io.numfuse.ir.Op;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;

/**
 * Bytecode for single values and ops. Values live in JVM locals of their computational type:
 * bool (0 or 1) and int32 as int, int64 as long, float32 as float, float64 as double. Every
 * {@link Op} has a rendering here (an exhaustive switch); the rules that are not a Java
 * primitive call {@link JvmOps}, which shares {@code Semantics} with the interpreter.
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

    /** The operand of type {@code t} on the stack is replaced by {@code op} of it. */
    void unary(Op op, DType t) {
        switch (op) {
            case NEG -> mv.visitInsn(switch (jvm(t)) { case 'I' -> INEG; case 'J' -> LNEG; case 'F' -> FNEG; default -> DNEG; });
            case ABS -> { if (t != DType.BOOL) call(MATH, "abs", t, 1); }
            case NOT -> {
                if (t == DType.INT64) { mv.visitLdcInsn(-1L); mv.visitInsn(LXOR); }
                else { mv.visitInsn(t == DType.BOOL ? ICONST_1 : ICONST_M1); mv.visitInsn(IXOR); }
            }
            case SQRT -> math("sqrt", t);
            case EXP -> math("exp", t);
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
            case ADD, SUB, MUL, DIV, FLOOR_DIV, MOD, POW, MAXIMUM, MINIMUM, ARCTAN2, AND, OR, XOR,
                 EQ, NE, LT, LE, GT, GE, WHERE, CAST, SUM, PROD, MAX, MIN ->
                    throw new IllegalArgumentException(op + " is not unary");
        }
    }

    /** Two operands of type {@code t} on the stack are replaced by {@code op} of them. */
    void binary(Op op, DType t) {
        boolean bool = t == DType.BOOL;
        switch (op) {
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
            case AND -> mv.visitInsn(t == DType.INT64 ? LAND : IAND);
            case OR -> mv.visitInsn(t == DType.INT64 ? LOR : IOR);
            case XOR -> mv.visitInsn(t == DType.INT64 ? LXOR : IXOR);
            case EQ, NE, LT, LE, GT, GE -> compare(op, t);
            case NEG, ABS, NOT, SQRT, EXP, EXPM1, LOG, LOG1P, LOG10, LOG2, SIN, COS, TAN, ARCSIN, ARCCOS, ARCTAN,
                 SINH, COSH, TANH, FLOOR, CEIL, ROUND, SIGN, WHERE, CAST, SUM, PROD, MAX, MIN ->
                    throw new IllegalArgumentException(op + " is not binary");
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
