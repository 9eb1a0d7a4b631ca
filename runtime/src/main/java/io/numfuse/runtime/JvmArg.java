package io.numfuse.runtime;

import io.numfuse.core.DType;
import io.numfuse.ir.Buffer;
import io.numfuse.ir.Instr;
import io.numfuse.ir.Kernel;
import io.numfuse.ir.KernelKey;
import io.numfuse.ir.Shapes;
import io.numfuse.ir.View;
import io.numfuse.jvm.ArgRange;
import io.numfuse.jvm.JvmKernel;
import java.util.List;
import java.util.function.Function;

/**
 * An arg kernel on the JVM ({@link Kernel#arg}: argmax, argmin). Its values come straight from
 * its input when its body is one C-contiguous load (a plain {@code argmax(a)}); otherwise the
 * producer's map code (the kernel's body stored into a scratch array: {@link ArgRange#valuesKey}, an
 * ordinary map kernel of {@link io.numfuse.jvm.JvmCodegen}) computes them a block of rows at a
 * time, and the block is reduced while it is in cache, so a fused producer reads its inputs
 * once. A contiguous line (or part of one) is reduced by {@link ArgRange} (a vector extreme per
 * block, then its first position); lines whose elements are {@code inner} apart are reduced
 * element by element.
 *
 * <p>In parallel on {@link WorkerPool}'s threads by rows of the first axis: when that axis is
 * not reduced, each thread reduces whole lines; when it is (the flattened array, or argmax along
 * axis 0), each thread reduces its rows into a running extreme and position per output element,
 * and those are combined in order (an earlier part wins a tie), so the result is NumPy's.
 */
final class JvmArg {
    private JvmArg() {}

    /** Elements computed into the scratch array and reduced at once, per thread. */
    private static final int BLOCK = 1 << 14;
    /** An arg kernel over fewer elements runs on the calling thread. */
    private static final int PARALLEL = 1 << 16;

    /** Runs arg kernel {@code k}, compiling its producer's map with {@code compile} when it needs one. */
    static void run(Kernel k, Function<KernelKey, JvmKernel> compile) {
        int[] shape = k.shape();
        long[] lines = k.argLines();
        int len = (int) lines[1], inner = (int) lines[2];
        if (k.size() == 0) return;
        View out = k.output();
        if (out.offset() != 0 || !k.overwritesAll(out)) throw new IllegalStateException("an arg kernel writes a new C-contiguous array");
        long[] index = (long[]) out.buffer().array();
        if (len == 1) {   // one element per line (a 0-d array, or a length-1 axis)
            java.util.Arrays.fill(index, 0, (int) (lines[0] * inner), 0L);
            return;
        }
        int rows = shape.length == 0 ? 1 : shape[0];
        int rowSize = k.size() / rows;
        int threads = k.size() >= PARALLEL ? Math.min(WorkerPool.threads(), rows) : 1;
        Values values = values(k, compile);
        boolean max = k.arg().max(), longs = k.value().type() == DType.INT64;
        int blockRows = Math.max(1, BLOCK / Math.max(1, rowSize));
        if (k.arg().from() > 0) {   // each row of the first axis holds whole lines: independent rows
            int groupsPerRow = (int) (lines[0] / rows);
            WorkerPool.split(rows, threads, (from, to) -> {
                Values.Block block = values.block(blockRows * rowSize);
                Best best = new Best(inner, max, longs);
                for (int r = from; r < to; r += blockRows) {
                    int end = Math.min(to, r + blockRows);
                    int base = block.compute(r, end, rowSize);
                    for (int g = r * groupsPerRow; g < end * groupsPerRow; g++) {
                        best.reset();
                        best.feed(block.array, base + (g - r * groupsPerRow) * len * inner, 0, len);
                        best.storeTo(index, g * inner);
                    }
                }
            });
            return;
        }
        int rowLen = rowSize / inner;   // positions along the reduced axes per row
        Best[] parts = new Best[threads];
        WorkerPool.splitIndexed(rows, threads, (p, from, to) -> {
            Best best = parts[p] = new Best(inner, max, longs);
            if (values.direct != null) {   // the whole part at once: ArgRange blocks it itself
                best.feed(values.direct, values.offset + from * rowSize, (long) from * rowLen, (to - from) * rowLen);
                return;
            }
            Values.Block block = values.block(blockRows * rowSize);
            for (int r = from; r < to; r += blockRows) {
                int end = Math.min(to, r + blockRows);
                best.feed(block.array, block.compute(r, end, rowSize), (long) r * rowLen, (end - r) * rowLen);
            }
        });
        for (int p = 1; p < threads; p++) parts[0].combine(parts[p]);
        parts[0].storeTo(index, 0);
    }

    private static Values values(Kernel k, Function<KernelKey, JvmKernel> compile) {
        List<View> in = k.inputs();
        if (k.body().size() == 1 && k.body().get(0) instanceof Instr.Load && in.get(0).isCContiguous()) {
            return new Values(k, null, in.get(0).buffer().array(), in.get(0).offset());
        }
        return new Values(k, compile.apply(ArgRange.valuesKey(k)), null, 0);
    }

    /** Where a kernel's values come from: its input's array ({@code direct}, from {@code offset}), or its map code into scratch blocks. */
    private record Values(Kernel k, JvmKernel code, Object direct, int offset) {
        /** A thread's scratch block of {@code elements} (the input itself when the values are direct). */
        Block block(int elements) {
            if (direct != null) return new Block(this, direct);
            return new Block(this, Buffer.allocate(k.value().type(), elements).array());
        }

        /** Rows of values: computed into {@code array}, or read where they are. */
        private static final class Block {
            final Values values;
            final Object array;
            final Object[] arrays;
            final int[] offsets, strides;

            Block(Values values, Object array) {
                this.values = values;
                this.array = array;
                Kernel k = values.k;
                List<View> in = k.inputs();
                int rank = k.shape().length, slot = in.size();
                arrays = new Object[slot + 1];
                offsets = new int[slot + 1];
                strides = new int[(slot + 1) * rank];
                for (int a = 0; a < slot; a++) {
                    View v = in.get(a);
                    arrays[a] = v.buffer().array();
                    offsets[a] = v.offset();
                    for (int d = 0; d < rank; d++) strides[a * rank + d] = v.stride(d);
                }
                arrays[slot] = array;
                System.arraycopy(Shapes.cStrides(k.shape()), 0, strides, slot * rank, rank);
            }

            /** Rows {@code [from, to)}'s values (each {@code rowSize} elements); returns where row {@code from} starts in {@link #array}. */
            int compute(int from, int to, int rowSize) {
                if (values.direct != null) return values.offset + from * rowSize;
                Kernel k = values.k;
                offsets[offsets.length - 1] = -from * rowSize;   // row `from` lands at the start of the scratch array
                values.code.run(arrays, offsets, strides, k.shape(), k.params(), from, to);
                return 0;
            }
        }
    }

    /**
     * The running extreme and its position of {@code inner} lines that advance together (element
     * {@code (j, i)} of a block is {@code inner} apart from {@code (j + 1, i)}). Values compare as
     * doubles (exact for float32, int32 and bool) or, for int64, as longs; a value replaces the
     * extreme when strictly more extreme, or when it is the first NaN.
     */
    private static final class Best {
        final int inner;
        final boolean max, longs;
        final long[] position, longValue;
        final double[] value;
        boolean started;

        Best(int inner, boolean max, boolean longs) {
            this.inner = inner;
            this.max = max;
            this.longs = longs;
            position = new long[inner];
            longValue = longs ? new long[inner] : null;
            value = longs ? null : new double[inner];
        }

        void reset() { started = false; }

        /** Positions {@code first} to {@code first + count - 1}, whose values start at {@code base} of {@code a}. */
        void feed(Object a, int base, long first, int count) {
            if (count <= 0) return;
            if (inner == 1) {
                int at = ArgRange.first(a, base, base + count, max);
                if (started) offer(0, a, at, first + (at - base)); else take(0, a, at, first + (at - base));
                started = true;
                return;
            }
            int j0 = 0;
            if (!started) {
                for (int i = 0; i < inner; i++) take(i, a, base + i, first);
                started = true;
                j0 = 1;
            }
            for (int j = j0; j < count; j++) {
                for (int i = 0, at = base + j * inner; i < inner; i++, at++) offer(i, a, at, first + j);
            }
        }

        /** Position {@code pos}, whose value is {@code a[at]}, for line {@code i}: taken when it is more extreme. */
        private void offer(int i, Object a, int at, long pos) {
            boolean better = longs ? better(((long[]) a)[at], longValue[i]) : better(asDouble(a, at), value[i]);
            if (better) take(i, a, at, pos);
        }

        private boolean better(double v, double m) { return v != v ? m == m : max ? v > m : v < m; }

        private boolean better(long v, long m) { return max ? v > m : v < m; }

        private void take(int i, Object a, int at, long pos) {
            position[i] = pos;
            if (longs) longValue[i] = ((long[]) a)[at]; else value[i] = asDouble(a, at);
        }

        /** Takes {@code later}'s extremes where they are more extreme (its positions all come after this one's). */
        void combine(Best later) {
            if (!later.started) return;
            for (int i = 0; i < inner; i++) {
                boolean better = !started || (longs ? better(later.longValue[i], longValue[i]) : better(later.value[i], value[i]));
                if (!better) continue;
                position[i] = later.position[i];
                if (longs) longValue[i] = later.longValue[i]; else value[i] = later.value[i];
            }
            started = true;
        }

        void storeTo(long[] index, int at) { System.arraycopy(position, 0, index, at, inner); }

        private static double asDouble(Object a, int at) {
            return switch (a) {
                case float[] f -> f[at];
                case double[] d -> d[at];
                case int[] n -> n[at];
                case byte[] b -> b[at];
                default -> throw new IllegalStateException("no arg-reduction over " + a.getClass().getSimpleName());
            };
        }
    }
}
