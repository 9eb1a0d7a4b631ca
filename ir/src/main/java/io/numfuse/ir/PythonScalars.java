package io.numfuse.ir;

/**
 * Operators on two weak scalars are evaluated as Python evaluates them on Python numbers
 * (the reference semantics of an expression string): the result stays weak, bools do
 * arithmetic as ints ({@code True + True == 2}), {@code /} gives a float, an int raised to a
 * negative int is a float, and division by zero is an error. Python ints are unbounded;
 * numfuse's are int64 and wrap.
 */
final class PythonScalars {
    private PythonScalars() {}

    static boolean isOperator(Op op) {
        return switch (op) {
            case ADD, SUB, MUL, DIV, FLOOR_DIV, MOD, POW, AND, OR, XOR, EQ, NE, LT, LE, GT, GE -> true;
            default -> false;
        };
    }

    static Node.Const unary(Op op, Node.Const c) {
        if (c.dtype().isFloat()) {
            if (op == Op.NOT) throw new TypeException("bad operand type for unary ~: 'float'");
            return Graph.weak(-c.doubleValue());
        }
        return Graph.weak(op == Op.NEG ? -c.longValue() : ~c.longValue());
    }

    static Node.Const binary(Op op, Node.Const a, Node.Const b) {
        DType.Kind kind = a.dtype().kind().compareTo(b.dtype().kind()) >= 0 ? a.dtype().kind() : b.dtype().kind();
        if (op.kind() == Op.Kind.COMPARE) {
            boolean r = kind == DType.Kind.FLOAT ? Semantics.floatCompare(op, d(a), d(b))
                    : Semantics.intBinary(op, DType.INT64, a.longValue(), b.longValue()) != 0;
            return Graph.weak(r);
        }
        if (op == Op.AND || op == Op.OR || op == Op.XOR) {
            if (kind == DType.Kind.FLOAT) throw new TypeException("unsupported operand types for " + op.numpyName() + ": 'float'");
            long r = Semantics.intBinary(op, DType.INT64, a.longValue(), b.longValue());
            return kind == DType.Kind.BOOL ? Graph.weak(r != 0) : Graph.weak(r);
        }
        if ((op == Op.FLOOR_DIV || op == Op.MOD || op == Op.DIV) && (kind == DType.Kind.FLOAT ? d(b) == 0.0 : b.longValue() == 0)) {
            throw new ValueException("division by zero in a constant expression");
        }
        if (op == Op.POW && kind != DType.Kind.FLOAT && b.longValue() < 0) kind = DType.Kind.FLOAT;
        if (op == Op.POW && kind == DType.Kind.FLOAT) return Graph.weak(floatPow(d(a), d(b)));
        if (op == Op.DIV || kind == DType.Kind.FLOAT) {
            return Graph.weak(Semantics.floatBinary(op, DType.FLOAT64, d(a), d(b)));
        }
        return Graph.weak(Semantics.intBinary(op, DType.INT64, a.longValue(), b.longValue()));
    }

    /** Python's float **: 0.0 to a negative power and overflow raise; a negative base to a fractional power is complex. */
    private static double floatPow(double x, double y) {
        boolean finite = Double.isFinite(x) && Double.isFinite(y);
        if (x == 0.0 && y < 0 && finite) throw new ValueException("0.0 cannot be raised to a negative power");
        if (x < 0 && finite && y != Math.rint(y)) {
            throw new TypeException("a negative number to a fractional power is complex in Python, which numfuse does not have");
        }
        double r = Semantics.floatBinary(Op.POW, DType.FLOAT64, x, y);
        if (Double.isInfinite(r) && finite) throw new ValueException("(34, 'Numerical result out of range'): Python float ** overflowed");
        return r;
    }

    private static double d(Node.Const c) { return c.dtype().isFloat() ? c.doubleValue() : (double) c.longValue(); }
}
