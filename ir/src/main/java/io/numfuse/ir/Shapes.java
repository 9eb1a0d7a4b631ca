package io.numfuse.ir;

import io.numfuse.core.AxisException;
import io.numfuse.core.ShapeMismatchException;
import io.numfuse.core.ValueException;
import java.util.Arrays;
import java.util.StringJoiner;

/** Shape arithmetic on {@code int[]} shapes: sizes, C strides, NumPy broadcasting, axis checks. */
public final class Shapes {
    private Shapes() {}

    /** The largest element count numfuse supports in one buffer (Java arrays are int-indexed). */
    public static final int MAX_SIZE = Integer.MAX_VALUE - 8;

    /**
     * Number of elements; throws when it is more than {@link #MAX_SIZE}. An empty shape is empty
     * whatever its other dimensions ({@code (65536, 65536, 0)} has 0 elements, as in NumPy).
     */
    public static int size(int[] shape) {
        long n = count(shape);
        if (n > MAX_SIZE) throw tooLarge(shape);
        return (int) n;
    }

    /** True when an array of {@code shape} fits one numfuse buffer ({@link #size} does not throw). */
    public static boolean fits(int[] shape) { return count(shape) <= MAX_SIZE; }

    /**
     * Number of elements, saturating at {@code Long.MAX_VALUE} (a product of int dimensions can
     * exceed a long from rank 3 on); throws for a negative dimension.
     */
    public static long count(int[] shape) {
        long n = 1;
        for (int d : shape) {
            if (d < 0) throw new ShapeMismatchException("negative dimension in shape " + format(shape));
            if (d == 0) n = 0;
        }
        for (int d : shape) n = Math.multiplyHigh(n, d) != 0 || n * d < 0 ? Long.MAX_VALUE : n * d;
        return n;
    }

    /** The error for an array of {@code shape} that no buffer can hold: its element count and the limit. */
    public static ValueException tooLarge(int[] shape) {
        java.math.BigInteger n = java.math.BigInteger.ONE;
        for (int d : shape) n = n.multiply(java.math.BigInteger.valueOf(d));
        return new ValueException("array of shape " + format(shape) + " has " + n + " elements; numfuse arrays hold at most "
                + MAX_SIZE + " (Java arrays are int-indexed)");
    }

    /** Row-major (C order) strides, in elements. */
    public static int[] cStrides(int[] shape) {
        int[] s = new int[shape.length];
        int acc = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            s[i] = acc;
            acc *= Math.max(shape[i], 1);
        }
        return s;
    }

    /** NumPy broadcasting of two shapes (right-aligned; a dimension of 1 stretches). */
    public static int[] broadcast(int[] a, int[] b) {
        int n = Math.max(a.length, b.length);
        int[] r = new int[n];
        for (int i = 0; i < n; i++) {
            int da = i < n - a.length ? 1 : a[i - (n - a.length)];
            int db = i < n - b.length ? 1 : b[i - (n - b.length)];
            if (da != db && da != 1 && db != 1) {
                throw new ShapeMismatchException("operands could not be broadcast together with shapes "
                        + format(a) + " " + format(b));
            }
            r[i] = da == 1 ? db : da;
        }
        return r;
    }

    /** True when {@code from} broadcasts to exactly {@code to}. */
    public static boolean broadcastsTo(int[] from, int[] to) {
        if (from.length > to.length) return false;
        int off = to.length - from.length;
        for (int i = 0; i < from.length; i++) {
            if (from[i] != 1 && from[i] != to[i + off]) return false;
        }
        return true;
    }

    /** Normalises a possibly negative axis; throws {@link AxisException} when out of range. */
    public static int axis(int axis, int rank) {
        if (axis < -rank || axis >= rank) {
            throw new AxisException("axis " + axis + " is out of bounds for array of dimension " + rank);
        }
        return axis < 0 ? axis + rank : axis;
    }

    /** NumPy's spelling of a shape: {@code ()}, {@code (5,)}, {@code (3, 4)}. */
    public static String format(int[] shape) {
        if (shape.length == 1) return "(" + shape[0] + ",)";
        StringJoiner j = new StringJoiner(", ", "(", ")");
        for (int d : shape) j.add(Integer.toString(d));
        return j.toString();
    }

    /** Advances {@code idx} to the next index of {@code shape} in C order (the last axis fastest). */
    public static void increment(int[] idx, int[] shape) {
        for (int d = shape.length - 1; d >= 0; d--) {
            if (++idx[d] < shape[d]) return;
            idx[d] = 0;
        }
    }

    public static int[] copy(int[] shape) { return Arrays.copyOf(shape, shape.length); }
}
