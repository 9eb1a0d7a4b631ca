package io.numfuse.ir;

import io.numfuse.core.DType;
import io.numfuse.core.TypeException;
import io.numfuse.core.ValueException;
import static io.numfuse.ir.InterpreterSemanticsTest.ints;
import static io.numfuse.ir.InterpreterSemanticsTest.longs;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

/**
 * {@code <<} and {@code >>}: NumPy's rule for counts outside the bit width (C's and Java's differ:
 * undefined, and taken modulo the width), the dtypes, and the folding of two weak ints as Python
 * shifts them. Expected values from NumPy 2.4.
 */
class ShiftSemanticsTest {
    private static final long I32_MIN = Integer.MIN_VALUE;

    @Test
    void countsOutsideTheBitWidthShiftEveryBitOut() {
        Node a = ints(DType.INT32, 1, -1, 5, -8, 1 << 30, I32_MIN, 7), b = ints(DType.INT32, 0, 1, 31, 32, 33, -1, -32);
        assertArrayEquals(new long[] { 1, -2, I32_MIN, 0, 0, 0, 0 }, longs(Graph.binary(Op.LEFT_SHIFT, a, b)));
        assertArrayEquals(new long[] { 1, -1, 0, -1, 0, -1, 0 }, longs(Graph.binary(Op.RIGHT_SHIFT, a, b)));
        Node a64 = ints(DType.INT64, 1, -1, 5, -8, 1 << 30, I32_MIN, 7), b64 = ints(DType.INT64, 0, 1, 63, 64, 65, -1, -64);
        assertArrayEquals(new long[] { 1, -2, Long.MIN_VALUE, 0, 0, 0, 0 }, longs(Graph.binary(Op.LEFT_SHIFT, a64, b64)));
        assertArrayEquals(new long[] { 1, -1, 0, -1, 0, -1, 0 }, longs(Graph.binary(Op.RIGHT_SHIFT, a64, b64)));
        assertArrayEquals(new long[] { -40 }, longs(Graph.binary(Op.LEFT_SHIFT, ints(DType.INT32, -5), ints(DType.INT32, 3))));
        assertArrayEquals(new long[] { 0, 0 }, longs(Graph.binary(Op.LEFT_SHIFT, ints(DType.INT32, 1, -1), Graph.weak(40L))), "40 fits int32");
    }

    @Test
    void shiftsTakeIntegersAsNumPyTypesThem() {
        Node i32 = ints(DType.INT32, 1, 2), i64 = ints(DType.INT64, 1, 2), bool = ints(DType.BOOL, 1, 0);
        assertEquals(DType.INT32, Graph.binary(Op.LEFT_SHIFT, i32, Graph.weak(1L)).dtype());
        assertEquals(DType.INT32, Graph.binary(Op.RIGHT_SHIFT, Graph.weak(1L), i32).dtype());
        assertEquals(DType.INT64, Graph.binary(Op.LEFT_SHIFT, i32, i64).dtype());
        Node boolShift = Graph.binary(Op.LEFT_SHIFT, bool, Graph.weak(1L));
        assertEquals(DType.INT64, boolShift.dtype(), "a bool array and a Python int: int64");
        assertArrayEquals(new long[] { 2, 0 }, longs(boolShift));
        TypeException int8 = assertThrows(TypeException.class, () -> Graph.binary(Op.LEFT_SHIFT, bool, bool));
        assertTrue(int8.getMessage().contains("int8"), int8.getMessage());
        Node f = InterpreterSemanticsTest.arr(DType.FLOAT64, 1.5);
        assertThrows(TypeException.class, () -> Graph.binary(Op.RIGHT_SHIFT, f, Graph.weak(1L)));
        assertThrows(ValueException.class, () -> Graph.binary(Op.LEFT_SHIFT, i32, Graph.weak(1L << 40)), "NumPy's OverflowError");
    }

    private static Node.Const fold(Op op, Node.Const a, Node.Const b) { return (Node.Const) Graph.binary(op, a, b); }

    @Test
    void weakIntsShiftAsPythonInts() {
        assertEquals(8L, fold(Op.LEFT_SHIFT, Graph.weak(1L), Graph.weak(3L)).longValue());
        assertEquals(BigInteger.ONE.shiftLeft(100), fold(Op.LEFT_SHIFT, Graph.weak(1L), Graph.weak(100L)).bigIntegerValue());
        assertEquals(-4L, fold(Op.RIGHT_SHIFT, Graph.weak(-8L), Graph.weak(1L)).longValue());
        assertEquals(-1L, fold(Op.RIGHT_SHIFT, Graph.weak(-1L), Graph.weak(BigInteger.ONE.shiftLeft(80))).longValue());
        assertEquals(0L, fold(Op.LEFT_SHIFT, Graph.weak(0L), Graph.weak(BigInteger.ONE.shiftLeft(80))).longValue());
        Node.Const trueShifted = fold(Op.LEFT_SHIFT, Graph.weak(true), Graph.weak(true));
        assertEquals(DType.INT64, trueShifted.dtype(), "True << True is the int 2");
        assertEquals(2L, trueShifted.longValue());
        assertThrows(ValueException.class, () -> fold(Op.LEFT_SHIFT, Graph.weak(1L), Graph.weak(-1L)), "negative shift count");
        assertThrows(TypeException.class, () -> fold(Op.LEFT_SHIFT, Graph.weak(1.0), Graph.weak(1L)));
        assertThrows(ValueException.class, () -> fold(Op.LEFT_SHIFT, Graph.weak(1L), Graph.weak(1L << 20)), "beyond the folding limit");
    }
}
