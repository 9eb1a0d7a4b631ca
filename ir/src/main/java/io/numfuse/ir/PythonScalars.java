package io.numfuse.ir;

import io.numfuse.core.DType;
import io.numfuse.core.TypeException;
import io.numfuse.core.ValueException;
import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * Operators on two weak scalars are evaluated as Python evaluates them on Python numbers
 * (the reference semantics of an expression string): ints are unbounded ({@code 2**64} is not
 * 0), bools do arithmetic as ints ({@code True + True == 2}), {@code /} gives the float nearest
 * to the exact quotient, an int raised to a negative int is a float, an int and a float compare
 * exactly, and division by zero is an error. What such an int means where it meets an array is
 * decided by {@link Graph} (NEP 50).
 */
final class PythonScalars {
    private PythonScalars() {}

    /**
     * The largest folded int, in bits. Python would compute {@code 2**10**9} for minutes and
     * hold a 125 MB number; numfuse refuses results beyond this at once. Any int that can meet
     * an array (int64, or a float up to 2**1024) is far below it.
     */
    static final int MAX_BITS = 1 << 16;

    private static final int DBL_MANT_DIG = 53, DBL_MIN_EXP = -1021, DBL_MAX_EXP = 1024;

    static boolean isOperator(Op op) {
        return switch (op) {
            case ADD, SUB, MUL, DIV, FLOOR_DIV, MOD, POW, AND, OR, XOR, LEFT_SHIFT, RIGHT_SHIFT, EQ, NE, LT, LE, GT, GE -> true;
            default -> false;
        };
    }

    static Node.Const unary(Op op, Node.Const c) {
        if (c.dtype().isFloat()) {
            if (op == Op.NOT) throw new TypeException("bad operand type for unary ~: 'float'");
            return Graph.weak(-c.doubleValue());
        }
        BigInteger v = c.bigIntegerValue();
        return weakInt(op == Op.NEG ? v.negate() : v.not());   // ~x == -x - 1 for every Python int (and ~True == -2)
    }

    static Node.Const binary(Op op, Node.Const a, Node.Const b) {
        DType.Kind kind = a.dtype().kind().compareTo(b.dtype().kind()) >= 0 ? a.dtype().kind() : b.dtype().kind();
        if (op.kind() == Op.Kind.COMPARE) return Graph.weak(compare(op, a, b));
        if (op == Op.AND || op == Op.OR || op == Op.XOR) {
            if (kind == DType.Kind.FLOAT) throw new TypeException("unsupported operand types for " + op.numpyName() + ": 'float'");
            BigInteger x = a.bigIntegerValue(), y = b.bigIntegerValue();
            BigInteger r = op == Op.AND ? x.and(y) : op == Op.OR ? x.or(y) : x.xor(y);
            return kind == DType.Kind.BOOL ? Graph.weak(r.signum() != 0) : weakInt(r);
        }
        if (op == Op.LEFT_SHIFT || op == Op.RIGHT_SHIFT) {   // bools shift as the ints 0 and 1: True << 1 == 2
            if (kind == DType.Kind.FLOAT) throw new TypeException("unsupported operand types for " + op.symbol() + ": 'float'");
            return weakInt(shift(op, a.bigIntegerValue(), b.bigIntegerValue()));
        }
        if (kind == DType.Kind.FLOAT) return floatBinary(op, toFloat(a), toFloat(b));   // Python converts an int operand first
        BigInteger x = a.bigIntegerValue(), y = b.bigIntegerValue();
        return switch (op) {
            case ADD -> weakInt(x.add(y));
            case SUB -> weakInt(x.subtract(y));
            case MUL -> weakInt(x.multiply(y));   // operands are at most MAX_BITS each: quick, then checked
            case DIV -> Graph.weak(trueDivide(x, y));
            case FLOOR_DIV -> weakInt(divideFloor(x, y)[0]);
            case MOD -> weakInt(divideFloor(x, y)[1]);
            case POW -> y.signum() < 0 ? Graph.weak(floatPow(toFloat(x), toFloat(y))) : weakInt(pow(x, y));
            default -> throw new IllegalArgumentException(op + " is not a Python operator");
        };
    }

    /** A weak int, refused when it is beyond {@link #MAX_BITS}. */
    static Node.Const weakInt(BigInteger v) {
        if (v.bitLength() > MAX_BITS) {
            throw new ValueException("an integer of " + v.bitLength() + " bits in a constant expression: numfuse folds integer "
                    + "literals exactly, as Python does, up to " + MAX_BITS + " bits");
        }
        return Node.Const.weakInt(v);
    }

    private static Node.Const floatBinary(Op op, double x, double y) {
        if ((op == Op.DIV || op == Op.FLOOR_DIV || op == Op.MOD) && y == 0.0) {
            throw new ValueException("division by zero in a constant expression");
        }
        if (op == Op.POW) return Graph.weak(floatPow(x, y));
        return Graph.weak(Semantics.floatBinary(op, DType.FLOAT64, x, y));
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

    /** x ** y for y >= 0, refused before it is computed when the result would pass {@link #MAX_BITS}. */
    private static BigInteger pow(BigInteger x, BigInteger y) {
        if (x.abs().compareTo(BigInteger.ONE) <= 0) {   // 0, 1, -1: any exponent
            if (x.signum() == 0) return y.signum() == 0 ? BigInteger.ONE : BigInteger.ZERO;
            return x.signum() < 0 && y.testBit(0) ? x : BigInteger.ONE;
        }
        // |x| >= 2 has at least (bits(x) - 1) * y + 1 bits
        if (y.bitLength() > 31 || (long) (x.bitLength() - 1) * y.intValue() >= MAX_BITS) {
            throw new ValueException("the integer " + shortText(x) + " ** " + shortText(y) + " in a constant expression has more than "
                    + MAX_BITS + " bits: numfuse folds integer literals exactly, as Python does, up to that size");
        }
        return x.pow(y.intValue());
    }

    /** Python's {@code x << y} and {@code x >> y}: a negative count is an error; a result beyond {@link #MAX_BITS} is refused before it is computed. */
    private static BigInteger shift(Op op, BigInteger x, BigInteger y) {
        if (y.signum() < 0) throw new ValueException("negative shift count in a constant expression");
        if (op == Op.RIGHT_SHIFT) return y.bitLength() > 31 ? (x.signum() < 0 ? BigInteger.ONE.negate() : BigInteger.ZERO) : x.shiftRight(y.intValue());
        if (x.signum() == 0) return x;
        if (y.bitLength() > 31 || x.bitLength() + y.longValue() > MAX_BITS) {
            throw new ValueException("the integer " + shortText(x) + " << " + shortText(y) + " in a constant expression has more than "
                    + MAX_BITS + " bits: numfuse folds integer literals exactly, as Python does, up to that size");
        }
        return x.shiftLeft(y.intValue());
    }

    /** Python's divmod of ints: the quotient rounds toward minus infinity and the remainder has the divisor's sign. */
    private static BigInteger[] divideFloor(BigInteger x, BigInteger y) {
        if (y.signum() == 0) throw new ValueException("division by zero in a constant expression");
        BigInteger[] qr = x.divideAndRemainder(y);
        if (qr[1].signum() != 0 && qr[1].signum() != y.signum()) {
            qr[0] = qr[0].subtract(BigInteger.ONE);
            qr[1] = qr[1].add(y);
        }
        return qr;
    }

    /**
     * x / y for Python ints: the double nearest to the exact quotient, ties to even, as CPython's
     * long_true_divide computes it (a quotient of 55 or 56 bits, rounded with the remainder as a
     * sticky bit, then scaled exactly; in the subnormal range fewer bits are kept so that the
     * scaling stays exact). Converting both to double first would round twice: 2**64 + 1 would
     * lose its last bit.
     */
    static double trueDivide(BigInteger x, BigInteger y) {
        if (y.signum() == 0) throw new ValueException("division by zero in a constant expression");
        boolean negative = (x.signum() < 0) != (y.signum() < 0);
        BigInteger a = x.abs(), b = y.abs();
        double result;
        if (a.bitLength() <= DBL_MANT_DIG && b.bitLength() <= DBL_MANT_DIG) {
            result = a.doubleValue() / b.doubleValue();   // both exact: one correctly rounded division
        } else {
            int diff = a.bitLength() - b.bitLength();     // a / b lies in [2**(diff-1), 2**(diff+1))
            if (diff > DBL_MAX_EXP) throw tooLargeQuotient();
            if (diff < DBL_MIN_EXP - DBL_MANT_DIG - 1) return negative ? -0.0 : 0.0;
            int shift = Math.max(diff, DBL_MIN_EXP) - DBL_MANT_DIG - 2;
            BigInteger[] qr = shift >= 0 ? a.divideAndRemainder(b.shiftLeft(shift)) : a.shiftLeft(-shift).divideAndRemainder(b);
            BigInteger q = qr[0];
            int qBits = q.bitLength();
            int extraBits = Math.max(qBits, DBL_MIN_EXP - shift) - DBL_MANT_DIG;   // 2 or 3
            int mask = 1 << (extraBits - 1);
            int low = (q.intValue() & 0xF) | (qr[1].signum() != 0 ? 1 : 0);
            if ((low & mask) != 0 && (low & (3 * mask - 1)) != 0) q = q.add(BigInteger.valueOf(mask));
            q = q.andNot(BigInteger.valueOf(2L * mask - 1));
            double dq = q.doubleValue();   // exact: at most 53 significant bits (or a power of two)
            if (shift + qBits >= DBL_MAX_EXP && (shift + qBits > DBL_MAX_EXP || dq == Math.scalb(1.0, qBits))) throw tooLargeQuotient();
            result = Math.scalb(dq, shift);   // exact
        }
        return negative ? -result : result;
    }

    private static ValueException tooLargeQuotient() {
        return new ValueException("integer division result too large for a float");
    }

    /** The float an int converts to in Python (nearest, ties to even), or Python's OverflowError beyond the float range. */
    static double toFloat(BigInteger v) {
        double d = v.doubleValue();
        if (Double.isInfinite(d)) throw new ValueException("int too large to convert to float: " + shortText(v));
        return d;
    }

    private static double toFloat(Node.Const c) { return c.dtype().isFloat() ? c.doubleValue() : toFloat(c.bigIntegerValue()); }

    /** Python's comparison: ints compare exactly with ints and with floats (2**53 + 1 != 2.0**53); NaN is unequal to all. */
    private static boolean compare(Op op, Node.Const a, Node.Const b) {
        boolean af = a.dtype().isFloat(), bf = b.dtype().isFloat();
        if (af && bf) return Semantics.floatCompare(op, a.doubleValue(), b.doubleValue());
        int c;
        if (!af && !bf) {
            c = a.bigIntegerValue().compareTo(b.bigIntegerValue());
        } else {
            double f = af ? a.doubleValue() : b.doubleValue();
            BigInteger i = af ? b.bigIntegerValue() : a.bigIntegerValue();
            if (Double.isNaN(f)) return op == Op.NE;
            int intVsFloat = Double.isInfinite(f) ? (f > 0 ? -1 : 1) : new BigDecimal(i).compareTo(new BigDecimal(f));
            c = af ? -intVsFloat : intVsFloat;
        }
        return switch (op) {
            case EQ -> c == 0;
            case NE -> c != 0;
            case LT -> c < 0;
            case LE -> c <= 0;
            case GT -> c > 0;
            case GE -> c >= 0;
            default -> throw new IllegalArgumentException(op + " is not a comparison");
        };
    }

    /** An int as a message shows it: in full up to 40 digits, else its first digits and its length. */
    static String shortText(BigInteger v) {
        String s = v.toString();
        int digits = s.length() - (v.signum() < 0 ? 1 : 0);
        return digits <= 40 ? s : s.substring(0, 20 + s.length() - digits) + "... (" + digits + " digits)";
    }
}
