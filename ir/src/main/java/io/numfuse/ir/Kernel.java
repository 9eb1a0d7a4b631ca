package io.numfuse.ir;

import java.util.List;

/**
 * One fused loop: an iteration space, the views it reads (each already mapped onto the
 * iteration space: broadcast axes have stride 0), an SSA body whose last instruction is the
 * value, scalar parameters, and where the value goes. A map kernel stores the value at each
 * index of {@link #output()}; a reduce kernel combines values with {@link #reduce()} over the
 * axes marked in {@link #reduceAxes()} ({@link #output()} then has stride 0 on them).
 *
 * @param params raw parameter values: {@code Double.doubleToRawLongBits} for float params,
 *               the value itself for bool and int params
 */
public record Kernel(int[] shape, List<View> inputs, List<Instr> body, long[] params,
                     View output, Op reduce, boolean[] reduceAxes) {

    public Kernel {
        inputs = List.copyOf(inputs);
        body = List.copyOf(body);
        if (body.isEmpty()) throw new IllegalArgumentException("empty kernel body");
    }

    public boolean isReduction() { return reduce != null; }

    /** The instruction whose value the kernel stores or reduces. */
    public Instr value() { return body.get(body.size() - 1); }

    public int size() { return Shapes.size(shape); }

    /** The canonical form of this kernel, for caches. */
    public KernelKey key() { return KernelKey.of(this); }

    /** Parameter {@code p} as a double (for float parameters). */
    public double doubleParam(int p) { return Double.longBitsToDouble(params[p]); }
}
