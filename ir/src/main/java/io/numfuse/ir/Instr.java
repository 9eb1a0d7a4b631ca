package io.numfuse.ir;

import io.numfuse.core.DType;

/**
 * One instruction of a kernel body, in SSA form: operands are indices of earlier
 * instructions of the same body. Instructions are records of enums and ints, so a body
 * compares and hashes structurally: hash-consing makes equal sub-expressions one instruction,
 * and a body is part of the {@link KernelKey} as it is. Binary operands share one dtype (the
 * fusion pass inserts casts); {@link #type()} is the result type.
 */
public sealed interface Instr {
    DType type();

    /** The instructions this one reads (indices of earlier instructions of the body). */
    default int[] operands() {
        return switch (this) {
            case Unary u -> new int[] { u.x() };
            case Cast c -> new int[] { c.x() };
            case Binary b -> new int[] { b.a(), b.b() };
            case Select s -> new int[] { s.cond(), s.a(), s.b() };
            case Load l -> new int[0];
            case Param p -> new int[0];
            case Index x -> new int[0];
            case Gather g -> new int[] { g.offset() };
        };
    }

    /** The element of kernel input {@code input} at the current index. */
    record Load(int input, DType type) implements Instr {}

    /**
     * The element of kernel input {@code input} at the current index plus {@code offset} elements,
     * {@code offset} an int64 instruction (a gather, {@code take}: the input's view has stride 0
     * on the axes the index array spans, and the offset is the wrapped index times the gathered
     * axis's stride). The offset is in bounds: the frontend checks the indices before it builds one.
     */
    record Gather(int input, DType type, int offset) implements Instr {}

    /** Scalar parameter {@code index} (values are never part of generated code). */
    record Param(int index, DType type) implements Instr {}

    /** The current int64 index along iteration axis {@code axis}. */
    record Index(int axis) implements Instr {
        public DType type() { return DType.INT64; }
    }

    /** A unary op; {@code type} is its operand's, or BOOL for a test ({@link Op.Rule#TEST}: isnan). */
    record Unary(Op op, DType type, int x) implements Instr {
        public Unary {
            if (op.kind() != Op.Kind.UNARY) throw new IllegalArgumentException(op + " is not unary");
        }
    }

    /** A binary op or comparison (then {@code type} is BOOL). */
    record Binary(Op op, DType type, int a, int b) implements Instr {
        public Binary {
            if (op.kind() != Op.Kind.BINARY && op.kind() != Op.Kind.COMPARE) throw new IllegalArgumentException(op + " is not binary");
        }
    }

    /** where(cond, a, b). */
    record Select(DType type, int cond, int a, int b) implements Instr {}

    record Cast(DType type, int x) implements Instr {}
}
