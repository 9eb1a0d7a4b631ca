package io.numfuse.ir;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The canonical form of a {@link Kernel}, the key of every kernel cache. It keeps what
 * generated code depends on — the body (ops, dtypes, which loads are shared), the rank, each
 * access's dtype and layout class, which accesses share a buffer, the reduction — and drops
 * what it does not: buffer identities, sizes, offsets, stride values and scalar values.
 *
 * @param inputs  each input's access
 * @param output  the output's access (over the iteration space: stride 0 on reduced axes)
 * @param reduce  the reduction, or null for a map kernel
 */
public record KernelKey(int rank, List<Instr> body, List<Access> inputs, Access output, Op reduce, List<Boolean> reduceAxes) {

    /**
     * How one access walks memory. {@code layout} has one letter per iteration axis: {@code 0}
     * (stride 0: broadcast or reduced), {@code 1} (unit stride), {@code s} (any other stride);
     * {@code alias} numbers the distinct buffers, so accesses with the same number read or
     * write the same buffer.
     */
    public record Access(DType dtype, String layout, int alias) {}

    public static KernelKey of(Kernel k) {
        Map<Buffer, Integer> buffers = new IdentityHashMap<>();
        List<Access> in = new ArrayList<>();
        for (View v : k.inputs()) in.add(access(v, buffers, k.shape()));
        Access out = access(k.output(), buffers, k.shape());
        List<Boolean> axes = new ArrayList<>();
        if (k.reduceAxes() != null) for (boolean b : k.reduceAxes()) axes.add(b);
        return new KernelKey(k.shape().length, k.body(), in, out, k.reduce(), axes);
    }

    private static Access access(View v, Map<Buffer, Integer> buffers, int[] space) {
        StringBuilder layout = new StringBuilder(space.length);
        for (int i = 0; i < space.length; i++) {
            int s = space[i] == 1 ? 0 : v.stride(i);
            layout.append(s == 0 ? '0' : s == 1 ? '1' : 's');
        }
        int alias = buffers.computeIfAbsent(v.buffer(), b -> buffers.size());
        return new Access(v.dtype(), layout.toString(), alias);
    }

    /** A short, stable hex digest, for names of generated classes and explain output. */
    public String digest() {
        return String.format("%08x", hashCode());
    }

    @Override
    public String toString() {
        return "KernelKey[rank=" + rank + ", body=" + body + ", inputs=" + inputs + ", output=" + output
                + (reduce != null ? ", reduce=" + reduce + Arrays.toString(reduceAxes.toArray()) : "") + "]";
    }
}
