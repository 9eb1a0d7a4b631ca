package io.numfuse.npy;

import io.numfuse.core.DType;
import java.util.Arrays;
import java.util.Objects;
import java.util.StringJoiner;

/**
 * An array as read from or written to a .npy file: flat data in C (row-major) order.
 *
 * <p>{@code data} is a {@code byte[]} for {@link DType#BOOL} (each element 0 or 1), {@code int[]}
 * for INT32, {@code long[]} for INT64, {@code float[]} for FLOAT32 and {@code double[]} for
 * FLOAT64; its length is the product of {@code shape} (1 for the 0-d shape {@code ()}).
 *
 * <p>The shape is copied on the way in and out, since it is small and an int[] is mutable. The
 * data array is shared, not copied, because it may hold billions of bytes: do not change it
 * after building the record. Unlike a plain record, equality, hash code and toString look at the
 * contents of the arrays (floats compare by bits, as {@link Arrays#equals(double[], double[])}
 * does, so NaN equals NaN and 0.0 differs from -0.0).
 *
 * @param dtype the element type
 * @param shape the shape ({@code {}} for a 0-d array)
 * @param data  the elements in C order, in the Java array type of {@code dtype}
 */
public record NpyArray(DType dtype, int[] shape, Object data) {

    /** How many elements toString shows before it elides the rest. */
    private static final int SHOWN_ELEMENTS = 8;

    /**
     * Checks that the parts fit together, and copies the shape.
     *
     * @param dtype the element type
     * @param shape the shape ({@code {}} for a 0-d array); copied
     * @param data  the elements in C order, in the Java array type of {@code dtype}; not copied
     * @throws NullPointerException     if a part is null
     * @throws IllegalArgumentException if {@code data} is not the Java array of {@code dtype},
     *         its length is not the element count of {@code shape}, a dimension is negative, or
     *         bool data holds a value other than 0 or 1
     */
    public NpyArray {
        Objects.requireNonNull(dtype, "dtype");
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(data, "data");
        shape = shape.clone();
        long count = elementCount(shape);
        Class<?> expected = dataClass(dtype);
        if (data.getClass() != expected) {
            throw new IllegalArgumentException("data of a " + dtype.numpyName() + " array must be a "
                    + expected.getSimpleName() + ", not a " + data.getClass().getSimpleName());
        }
        int length = length(data);
        if (length != count) {
            throw new IllegalArgumentException("shape " + shapeString(shape) + " needs " + count
                    + " elements but data has " + length);
        }
        if (data instanceof byte[] bools) {
            for (int i = 0; i < bools.length; i++) {
                if (bools[i] != 0 && bools[i] != 1) {
                    throw new IllegalArgumentException(
                            "bool data must be 0 or 1, found " + bools[i] + " at index " + i);
                }
            }
        }
    }

    /**
     * The shape, copied: the record stays immutable as far as the shape goes.
     *
     * @return a new copy of the length of each axis
     */
    @Override
    public int[] shape() {
        return shape.clone();
    }

    /**
     * The number of dimensions.
     *
     * @return the rank, 0 for a scalar
     */
    public int ndim() {
        return shape.length;
    }

    /**
     * The number of elements.
     *
     * @return the product of the shape, 1 for a 0-d array
     */
    public int size() {
        return length(data);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) return true;
        if (!(o instanceof NpyArray other)) return false;
        return dtype == other.dtype && Arrays.equals(shape, other.shape) && dataEquals(data, other.data);
    }

    @Override
    public int hashCode() {
        int h = dtype.hashCode();
        h = 31 * h + Arrays.hashCode(shape);
        return 31 * h + switch (data) {
            case byte[] a -> Arrays.hashCode(a);
            case int[] a -> Arrays.hashCode(a);
            case long[] a -> Arrays.hashCode(a);
            case float[] a -> Arrays.hashCode(a);
            case double[] a -> Arrays.hashCode(a);
            default -> throw new AssertionError(data.getClass());
        };
    }

    /** Like {@code NpyArray[float64 (2, 3) [0.0, 1.0, ...]]}, with at most a few elements. */
    @Override
    public String toString() {
        int n = size();
        StringJoiner items = new StringJoiner(", ", "[", "]");
        for (int i = 0; i < Math.min(n, SHOWN_ELEMENTS); i++) items.add(element(i));
        if (n > SHOWN_ELEMENTS) items.add("... " + n + " elements");
        return "NpyArray[" + dtype.numpyName() + " " + shapeString(shape) + " " + items + "]";
    }

    private String element(int i) {
        return switch (data) {
            case byte[] a -> a[i] != 0 ? "True" : "False";
            case int[] a -> Integer.toString(a[i]);
            case long[] a -> Long.toString(a[i]);
            case float[] a -> Float.toString(a[i]);
            case double[] a -> Double.toString(a[i]);
            default -> throw new AssertionError(data.getClass());
        };
    }

    private static boolean dataEquals(Object a, Object b) {
        return switch (a) {
            case byte[] x -> b instanceof byte[] y && Arrays.equals(x, y);
            case int[] x -> b instanceof int[] y && Arrays.equals(x, y);
            case long[] x -> b instanceof long[] y && Arrays.equals(x, y);
            case float[] x -> b instanceof float[] y && Arrays.equals(x, y);
            case double[] x -> b instanceof double[] y && Arrays.equals(x, y);
            default -> throw new AssertionError(a.getClass());
        };
    }

    /** The Java array class that holds elements of {@code dtype}. */
    static Class<?> dataClass(DType dtype) {
        return switch (dtype) {
            case BOOL -> byte[].class;
            case INT32 -> int[].class;
            case INT64 -> long[].class;
            case FLOAT32 -> float[].class;
            case FLOAT64 -> double[].class;
        };
    }

    /** The length of a primitive data array of one of the five classes. */
    static int length(Object data) {
        return switch (data) {
            case byte[] a -> a.length;
            case int[] a -> a.length;
            case long[] a -> a.length;
            case float[] a -> a.length;
            case double[] a -> a.length;
            default -> throw new IllegalArgumentException(
                    "data must be a byte[], int[], long[], float[] or double[], not a "
                            + data.getClass().getSimpleName());
        };
    }

    /**
     * The product of the dimensions, checking that none is negative. The product is computed in
     * long and capped just past Integer.MAX_VALUE, so a huge shape cannot wrap around to a small
     * positive count.
     */
    static long elementCount(int[] shape) {
        long count = 1;
        for (int d : shape) {
            if (d < 0) throw new IllegalArgumentException("negative dimension in shape " + shapeString(shape));
            count = Math.min(count * d, (long) Integer.MAX_VALUE + 1);
        }
        return count;
    }

    /** A shape as NumPy prints a tuple: {@code ()}, {@code (5,)}, {@code (3, 4)}. */
    static String shapeString(int[] shape) {
        if (shape.length == 1) return "(" + shape[0] + ",)";
        StringJoiner j = new StringJoiner(", ", "(", ")");
        for (int d : shape) j.add(Integer.toString(d));
        return j.toString();
    }
}
