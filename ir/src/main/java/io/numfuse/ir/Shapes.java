package io.numfuse.ir;

import java.util.Arrays;
import java.util.StringJoiner;

/** Shape arithmetic on {@code int[]} shapes: sizes, C strides, NumPy broadcasting, axis checks. */
public final class Shapes {
    private Shapes() {}

    /** The largest element count numfuse supports in one buffer (Java arrays are int-indexed). */
    public static final int MAX_SIZE = Integer.MAX_VALUE - 8;

    /**
     * Number of elements; throws when the product passes {@link #MAX_SIZE}. Only the whole product
     * counts: {@code (2147483647, 0)} is empty, as in NumPy. The running product is capped just past
     * the limit, so it cannot overflow a long.
     */
    public static int size(int[] shape) {
        long n = 1;
        for (int d : shape) {
            if (d < 0) throw new ShapeMismatchException("negative dimension in shape " + format(shape));
            n = Math.min(n * d, MAX_SIZE + 1L);
        }
        if (n > MAX_SIZE) throw new ValueException("array of shape " + format(shape) + " is too large: numfuse buffers hold at most " + MAX_SIZE + " elements");
        return (int) n;
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
