package io.numfuse;

import io.numfuse.core.DType;
import io.numfuse.core.ShapeMismatchException;
import io.numfuse.core.TypeException;
import io.numfuse.core.ValueException;
import io.numfuse.ir.Buffer;
import io.numfuse.ir.Graph;
import io.numfuse.ir.Shapes;
import io.numfuse.ir.View;
import java.util.SplittableRandom;

/**
 * How {@link Num}'s factories make their arrays: from Java arrays (copied or wrapped), ranges,
 * random numbers and the identity matrix. The public, documented entry points are {@code Num}'s.
 */
final class Creation {
    private Creation() {}

    /** An array over a Java array numfuse made (a copy): no one else holds it, so numfuse may hand it to a snapshot or defer writes of it. */
    static NDArray own(DType dtype, Object data, int... shape) {
        checkWrappable(dtype, data, shape);
        return NDArray.of(View.contiguous(Buffer.adopt(dtype, data), shape));
    }

    /** {@link Num#array(boolean...)}: one byte per element, 0 or 1. */
    static NDArray bools(boolean[] values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < b.length; i++) b[i] = (byte) (values[i] ? 1 : 0);
        return own(DType.BOOL, b, b.length);
    }

    /** {@link Num#array(double[][])}: the rows copied into one C-ordered array. */
    static NDArray rows(double[][] rows) {
        int m = rows.length, n = m == 0 ? 0 : rows[0].length;
        double[] flat = new double[m * n];
        for (int i = 0; i < m; i++) {
            if (rows[i].length != n) throw new ShapeMismatchException("row " + i + " has " + rows[i].length + " elements, row 0 has " + n);
            System.arraycopy(rows[i], 0, flat, i * n, n);
        }
        return own(DType.FLOAT64, flat, m, n);
    }

    /** {@link Num#wrap}: {@code data} itself, checked. */
    static NDArray wrap(DType dtype, Object data, int... shape) {
        checkWrappable(dtype, data, shape);
        return NDArray.of(View.contiguous(Buffer.wrap(dtype, data), shape));
    }

    /** The checks of {@link Num#wrap}: a Java array of the dtype's element type, as many elements as the shape holds. */
    private static void checkWrappable(DType dtype, Object data, int[] shape) {
        if (dtype == null) throw new TypeException("wrap: the dtype is null");
        Class<?> expected = switch (dtype) {
            case BOOL -> byte[].class;   // one byte per element, 0 or 1
            case INT32 -> int[].class;
            case INT64 -> long[].class;
            case FLOAT32 -> float[].class;
            case FLOAT64 -> double[].class;
        };
        if (data == null || data.getClass() != expected) {
            throw new TypeException("wrap: dtype " + dtype.numpyName() + " wraps a Java " + expected.getSimpleName() + ", not "
                    + (data == null ? "null" : data.getClass().getSimpleName()));
        }
        if (shape == null) throw new TypeException("wrap: the shape is null");
        int length = java.lang.reflect.Array.getLength(data);
        int size = Shapes.size(shape);
        if (size != length) {
            throw new ShapeMismatchException("wrap: shape " + Shapes.format(shape) + " has " + size + " elements, the "
                    + expected.getSimpleName() + " given has " + length);
        }
    }

    /**
     * {@link Num#arange(double, double, double)}: lazy, NumPy's values bit for bit: its fill loop
     * stores {@code start} and {@code start + step}, then {@code start + i*delta} with
     * {@code delta = (start + step) - start}, which may differ from {@code step} in the last bits.
     */
    static NDArray arange(double start, double stop, double step) {
        if (step == 0) throw new ValueException("arange: step cannot be zero");
        double len = Math.ceil((stop - start) / step);
        if (Double.isNaN(len)) throw new ValueException("arange: cannot compute length");
        int n = checkLength(Math.max(0, (long) len));
        double second = start + step, delta = second - start;
        NDArray i = new NDArray(Graph.iota(new int[] { n }, 0));
        NDArray v = i.astype(DType.FLOAT64).mul(delta).add(start);
        return delta == step || n < 2 ? v : Num.where(i.eq(1L), second, v);   // start + delta may not be start + step
    }

    /** {@link Num#linspace}: the last element exactly {@code stop}. */
    static NDArray linspace(double start, double stop, int num) {
        checkLength(num);
        double[] v = new double[num];
        double step = num > 1 ? (stop - start) / (num - 1) : 0;
        for (int i = 0; i < num; i++) v[i] = start + i * step;
        if (num > 1) v[num - 1] = stop;
        return Num.array(v);
    }

    /** {@code n} as an array's length: 0 to {@link Shapes#MAX_SIZE}, else a {@link ValueException}. */
    static int checkLength(long n) {
        if (n < 0 || n > Shapes.MAX_SIZE) throw new ValueException("array length " + n + " is out of range 0.." + Shapes.MAX_SIZE);
        return (int) n;
    }

    /** {@link Num#random}: uniform in [0, 1) for floats, 0..99 for integers, 0 or 1 for bool. */
    static NDArray random(long seed, DType dtype, int... shape) {
        SplittableRandom r = new SplittableRandom(seed);
        int n = Shapes.size(shape);
        Buffer b = Buffer.allocate(dtype, n);
        for (int i = 0; i < n; i++) {
            if (dtype.isFloat()) b.setDouble(i, r.nextDouble());
            else b.setLong(i, r.nextLong(dtype == DType.BOOL ? 2 : 100));
        }
        return NDArray.of(View.contiguous(b, shape));
    }

    /** {@link Num#randint}: uniform integers in [lo, hi). */
    static NDArray randint(long seed, long lo, long hi, DType dtype, int... shape) {
        if (hi <= lo) throw new ValueException("randint: high (" + hi + ") must be greater than low (" + lo + ")");
        // NumPy's bounds on the values an int dtype holds (they were stored wrapped): [lo, hi) within [min, max + 1)
        long min = dtype == DType.INT32 ? Integer.MIN_VALUE : dtype.isBool() ? 0 : Long.MIN_VALUE;
        long max = dtype == DType.INT32 ? Integer.MAX_VALUE : dtype.isBool() ? 1 : Long.MAX_VALUE;
        if (lo < min) throw new ValueException("randint: low (" + lo + ") is out of bounds for " + dtype.numpyName());
        if (hi - 1 > max) throw new ValueException("randint: high (" + hi + ") is out of bounds for " + dtype.numpyName());
        SplittableRandom r = new SplittableRandom(seed);
        int n = Shapes.size(shape);
        Buffer b = Buffer.allocate(dtype, n);
        for (int i = 0; i < n; i++) {
            long v = r.nextLong(lo, hi);
            if (dtype.isFloat()) b.setDouble(i, v); else b.setLong(i, v);
        }
        return NDArray.of(View.contiguous(b, shape));
    }

    /** {@link Num#eye(int, int, int, DType)}: lazy, row index plus {@code k} equal to the column index. */
    static NDArray eye(int n, int m, int k, DType dtype) {
        int[] shape = { n, m };
        NDArray rows = new NDArray(Graph.iota(shape, 0)), cols = new NDArray(Graph.iota(shape, 1));
        return rows.add((long) k).eq(cols).cast(dtype);
    }
}
