package io.numfuse.ir;

import io.numfuse.core.DType;
import io.numfuse.core.TypeException;

/**
 * NumPy's typing of each op, by its {@link Op.Rule}: which operand type the op computes in and
 * which result type it gives, or a {@link TypeException} naming the fix.
 */
public final class TypeRules {
    private TypeRules() {}

    /** The type an op computes in and the type it produces. */
    public record Typing(DType operand, DType result) {}

    /** Typing of a unary op on an operand of type {@code t}. */
    public static Typing unary(Op op, DType t) {
        DType in = operandType(op, t);
        return new Typing(in, op.rule() == Op.Rule.TEST ? DType.BOOL : in);
    }

    /** Typing of a binary op or comparison whose operands promote to {@code promoted}. */
    public static Typing binary(Op op, DType promoted) {
        DType in = operandType(op, promoted);
        return new Typing(in, op.kind() == Op.Kind.COMPARE ? DType.BOOL : in);
    }

    private static DType operandType(Op op, DType t) {
        return switch (op.rule()) {
            case SAME, NUMERIC_OR_BOOL, TEST -> t;
            case SIGNED -> {
                if (t == DType.BOOL) throw new TypeException("numpy boolean " + op.numpyName()
                        + " is not supported: use ^ (xor) or ~ (not) on bools, or cast to int first");
                yield t;
            }
            case NUMERIC -> {
                if (t == DType.BOOL) throw new TypeException(op.numpyName() + " of bool operands would be int8/float16 in NumPy, "
                        + "which numfuse does not have: cast to int32 or float32 first");
                yield t;
            }
            case FLOAT -> {
                if (t == DType.BOOL) throw new TypeException(op.numpyName() + " of a bool operand would be float16 in NumPy, "
                        + "which numfuse does not have: cast to float32 first");
                yield t.isFloat() ? t : DType.FLOAT64;
            }
            case TRUE_DIVIDE -> t.isFloat() ? t : DType.FLOAT64;
            case LOGIC -> {
                if (t.isFloat()) throw new TypeException(op.numpyName() + " is not defined on " + t.numpyName()
                        + ": & | ^ ~ take bool or integer operands");
                yield t;
            }
            case INTEGER -> {
                if (t == DType.BOOL) throw new TypeException(op.numpyName() + " of bool operands would be int8 in NumPy, "
                        + "which numfuse does not have: cast to int32 first");
                if (t.isFloat()) throw new TypeException(op.numpyName() + " is not defined on " + t.numpyName()
                        + ": << and >> take integer operands");
                yield t;
            }
        };
    }
}
