package io.numfuse.jvm;

import io.numfuse.core.DType;
import io.numfuse.ir.KernelKey;
import io.numfuse.ir.Op;
import io.numfuse.ir.Shapes;
import io.numfuse.ir.View;
import java.util.List;

/**
 * The running (sum, compensation) pairs of a compensated float sum ({@link CompensatedSum}),
 * one per output element, in double whatever the output's dtype: what a float-sum kernel
 * accumulates into when an output element is not finished within one pass of its innermost
 * loop (outer axes reduced, or several threads each reducing a part of the rows). The caller
 * binds the pairs in place of the output ({@link #bind}), runs the kernel, merges the pairs of
 * several threads in order ({@link #add}) and finally rounds each total into the output
 * ({@link #storeTo}).
 *
 * <p>Generated code sees the sums as the output's array (with this state's offsets and
 * strides) and the compensations as one more array after the last access, with the same
 * offsets and strides.
 */
public final class SumState {
    private final View out;              // the output over the iteration space (stride 0 on reduced axes)
    private final int[] shape;           // the iteration space
    private final boolean[] reduced;
    private final int[] strides;         // of the pairs over the iteration space
    private final double[] sums, comps;

    private SumState(View out, boolean[] reduced) {
        this.out = out;
        this.shape = out.shape();
        this.reduced = reduced.clone();
        int rank = shape.length;
        this.strides = new int[rank];
        // compact C order over the kept axes: generated code assumes a stride only on the
        // innermost axis (unit when the key says '1'), which, when kept, gets 1 here
        int count = 1;
        for (int d = rank - 1; d >= 0; d--) {
            if (reduced[d]) continue;
            strides[d] = count;
            count *= shape[d];
        }
        this.sums = new double[count];
        this.comps = new double[count];
    }

    /** True for a float sum: its kernels accumulate with compensation. */
    public static boolean compensates(KernelKey key) {
        return key.reduce() == Op.SUM && key.output().dtype().isFloat();
    }

    /**
     * True when a float sum's kernel needs pairs in memory: unless only the innermost axis
     * (of a kernel of rank 2 or more) is reduced, in which case each output element is reduced
     * by one pass of the innermost loop, and the kernel rounds its total into the output itself.
     * (Rank 1 reduces the only axis, which the runtime may split across threads.)
     */
    public static boolean needed(KernelKey key) {
        return compensates(key) && !finishesInKernel(key.rank(), key.reduceAxes());
    }

    static boolean finishesInKernel(int rank, List<Boolean> reduced) {
        if (rank < 2 || !reduced.get(rank - 1)) return false;
        for (int d = 0; d < rank - 1; d++) if (reduced.get(d)) return false;
        return true;
    }

    /** Zero pairs for the output {@code out} (over the iteration space) of a reduction over {@code reduced}. */
    public static SumState of(View out, boolean[] reduced) { return new SumState(out, reduced); }

    /**
     * Binds the pairs for a kernel run: the sums in place of the output access (the last one),
     * the compensations after it; {@code arrays} has one slot more than the kernel's accesses.
     */
    public void bind(Object[] arrays, int[] offsets, int[] strides) {
        int rank = shape.length, outAccess = arrays.length - 2;
        arrays[outAccess] = sums;
        arrays[outAccess + 1] = comps;
        offsets[outAccess] = 0;
        System.arraycopy(this.strides, 0, strides, outAccess * rank, rank);
    }

    /** Adds {@code other}'s pairs to these, pair by pair, with compensation. */
    public void add(SumState other) {
        double[] state = new double[2];
        for (int e = 0; e < sums.length; e++) {
            state[0] = sums[e];
            state[1] = comps[e];
            CompensatedSum.addPair(state, other.sums[e], other.comps[e]);
            sums[e] = state[0];
            comps[e] = state[1];
        }
    }

    /** Rounds each pair's total to the output's dtype and stores it into the output. */
    public void storeTo() {
        int rank = shape.length;
        int[] kept = shape.clone();
        for (int d = 0; d < rank; d++) if (reduced[d]) kept[d] = 1;
        int n = Shapes.size(kept);
        int[] idx = new int[rank];
        Object array = out.buffer().array();
        boolean f32 = out.dtype() == DType.FLOAT32;
        for (int e = 0; e < n; e++) {
            int o = out.elementOffset(idx), p = 0;
            for (int d = 0; d < rank; d++) p += idx[d] * strides[d];
            double v = CompensatedSum.total(sums[p], comps[p]);
            if (f32) ((float[]) array)[o] = (float) v; else ((double[]) array)[o] = v;
            Shapes.increment(idx, kept);
        }
    }
}
