package io.numfuse.jvm;

/**
 * A kernel compiled to bytecode by {@link JvmCodegen}: one hidden class per {@code KernelKey},
 * stateless and thread-safe. Accesses are numbered inputs first, output last.
 */
public abstract class JvmKernel {
    /**
     * Runs rows {@code [from, to)} of the outermost iteration axis (for a rank-0 kernel,
     * {@code from = 0, to = 1}).
     *
     * @param arrays  each access's backing Java array
     * @param offsets each access's offset, in elements
     * @param strides each access's strides, row-major: {@code strides[access * rank + axis]}
     * @param shape   the iteration space
     * @param params  raw scalar parameters ({@code Double.doubleToRawLongBits} for floats)
     */
    public abstract void run(Object[] arrays, int[] offsets, int[] strides, int[] shape, long[] params, int from, int to);
}
