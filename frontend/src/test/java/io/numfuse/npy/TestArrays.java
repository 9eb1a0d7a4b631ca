package io.numfuse.npy;

import io.numfuse.core.DType;

/** Small arrays with known contents for tests. */
final class TestArrays {
    private TestArrays() {}

    /** Elements 0, 1, 2, ... in C order (for bool: 0, 1, 0, 1, ...). */
    static NpyArray ramp(DType dtype, int... shape) {
        int n = (int) NpyArray.elementCount(shape);
        Object data = switch (dtype) {
            case BOOL -> {
                byte[] a = new byte[n];
                for (int i = 0; i < n; i++) a[i] = (byte) (i % 2);
                yield a;
            }
            case INT32 -> {
                int[] a = new int[n];
                for (int i = 0; i < n; i++) a[i] = i;
                yield a;
            }
            case INT64 -> {
                long[] a = new long[n];
                for (int i = 0; i < n; i++) a[i] = i;
                yield a;
            }
            case FLOAT32 -> {
                float[] a = new float[n];
                for (int i = 0; i < n; i++) a[i] = i;
                yield a;
            }
            case FLOAT64 -> {
                double[] a = new double[n];
                for (int i = 0; i < n; i++) a[i] = i;
                yield a;
            }
        };
        return new NpyArray(dtype, shape, data);
    }
}
