package io.numfuse.fuzz;

import io.numfuse.NDArray;
import io.numfuse.Num;
import io.numfuse.core.DType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The named arrays expressions are bound against: every dtype, shapes that broadcast with each
 * other and one that does not, an empty array and a 0-d one, values at the edges (NaN, ±inf,
 * -0.0, subnormals, the int extremes), and arrays that are not plain leaves: a strided slice
 * ({@code v}), a transposed view ({@code t}) and a pending lazy expression ({@code p}). Each call
 * wraps fresh copies, and {@link #assertUnchanged} checks afterwards that the Java arrays the
 * caller holds still have their values: an expression only reads its inputs, so a change would
 * be lost data.
 */
public final class FuzzArrays {
    /** A named array: its dtype, shape and the values it must keep. */
    private record Input(DType dtype, int[] shape, Object values, UnaryOperator<NDArray> derive) {
        Input(DType dtype, int[] shape, Object values) { this(dtype, shape, values, x -> x); }
    }

    private static final Map<String, Input> INPUTS = inputs();

    /** The bound names, in a fixed order. */
    public static final List<String> NAMES = List.copyOf(INPUTS.keySet());

    private final Map<String, NDArray> arrays = new LinkedHashMap<>();
    private final Map<String, Object> wrapped = new LinkedHashMap<>();

    private FuzzArrays() {}

    /** Fresh arrays with the usual values, to bind one expression against. */
    public static FuzzArrays fresh() {
        FuzzArrays f = new FuzzArrays();
        INPUTS.forEach((name, in) -> {
            Object copy = copy(in.values());
            f.wrapped.put(name, copy);
            f.arrays.put(name, in.derive().apply(Num.wrap(in.dtype(), copy, in.shape())));
        });
        return f;
    }

    public Map<String, NDArray> arrays() { return arrays; }

    /** @throws AssertionError naming {@code input} when an array no longer holds its values */
    public void assertUnchanged(String input) {
        INPUTS.forEach((name, in) -> {
            if (!java.util.Objects.deepEquals(new Object[] {in.values()}, new Object[] {wrapped.get(name)})) {
                throw WrongOutcome.dataLost("input '" + name + "' changed while evaluating " + input);
            }
        });
    }

    private static Map<String, Input> inputs() {
        Map<String, Input> m = new LinkedHashMap<>();
        double inf = Double.POSITIVE_INFINITY;
        m.put("a", new Input(DType.FLOAT64, new int[] {3, 4},
                new double[] {Double.NaN, inf, -inf, -0.0, 0.0, 1, -1, 0.5, 1e308, Double.MIN_VALUE, 2.5, -7}));
        m.put("b", new Input(DType.FLOAT32, new int[] {4}, new float[] {1.5f, -0f, Float.NaN, 3e38f}));
        m.put("c", new Input(DType.INT32, new int[] {3, 1}, new int[] {Integer.MIN_VALUE, -1, Integer.MAX_VALUE}));
        m.put("d", new Input(DType.INT64, new int[] {2, 1, 4},
                new long[] {Long.MIN_VALUE, -1, 0, 1, 7, -8, Long.MAX_VALUE, 3}));
        m.put("m", new Input(DType.BOOL, new int[] {3, 4}, new byte[] {1, 0, 0, 1, 1, 1, 0, 0, 0, 1, 0, 1}));
        m.put("e", new Input(DType.FLOAT64, new int[] {0, 4}, new double[0]));
        m.put("s", new Input(DType.INT64, new int[] {}, new long[] {0}));
        m.put("z", new Input(DType.INT32, new int[] {5}, new int[] {0, 1, 2, -3, 4}));
        m.put("f", new Input(DType.FLOAT32, new int[] {3, 4},
                new float[] {0, -3.5f, 65504, 1e-45f, -0f, Float.NEGATIVE_INFINITY, 7, 0.1f, -1, 2, Float.MAX_VALUE, 16777217}));
        // (3, 4) views: every other row and column of a 6x8 grid, and a 4x3 array transposed
        double[] grid = new double[48];
        for (int i = 0; i < grid.length; i++) grid[i] = i % 7 == 0 ? Double.NaN : (i - 20) * 0.25;
        m.put("v", new Input(DType.FLOAT64, new int[] {6, 8}, grid, x -> x.slice("::2, 1::2")));
        m.put("t", new Input(DType.INT32, new int[] {4, 3}, new int[] {5, -5, 0, 1, 2, 3, Integer.MAX_VALUE, 9, -9, 4, 0, -1},
                NDArray::transpose));
        // (4,): not yet computed, so the expression fuses with it
        m.put("p", new Input(DType.FLOAT32, new int[] {4}, new float[] {1, -2, 0.5f, Float.NaN}, x -> x.mul(3.0).sub(1.0)));
        // eight axes that broadcast against each other without merging: h + k is a kernel of rank 8
        m.put("h", new Input(DType.FLOAT64, new int[] {2, 1, 2, 1, 2, 1, 2, 1},
                new double[] {0, -1.5, Double.NaN, 3, 1e300, -0.0, 7, 8, 0.5, -2, 1, 0, Double.NEGATIVE_INFINITY, 4, -4, 9}));
        m.put("k", new Input(DType.INT64, new int[] {1, 2, 1, 2, 1, 2, 1, 2},
                new long[] {5, -5, 0, 1, Long.MAX_VALUE, 9, -9, 4, 0, -1, 2, 3, 4, 5, 6, 7}));
        return m;
    }

    private static Object copy(Object values) {
        return switch (values) {
            case double[] v -> v.clone();
            case float[] v -> v.clone();
            case int[] v -> v.clone();
            case long[] v -> v.clone();
            case byte[] v -> v.clone();
            default -> throw new AssertionError(values.getClass());
        };
    }
}
