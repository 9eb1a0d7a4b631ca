package io.numfuse.runtime;

import io.numfuse.ir.Buffer;
import io.numfuse.core.DType;
import io.numfuse.ir.Instr;
import io.numfuse.ir.Kernel;
import io.numfuse.ir.View;
import java.util.List;

/**
 * What a kernel asks of any target, before a target is chosen: how many elements it computes,
 * the bytes it reads and writes, and its arithmetic per element by {@link OpClass} and width. The
 * {@link CostModel} turns this and a {@link DeviceProfile} into a predicted time.
 *
 * @param elements      the iteration space's size
 * @param bytesRead     the distinct bytes of its inputs it reads (a broadcast input counts once, and
 *                      the views of one buffer read its bytes once at most)
 * @param bytesWritten  the bytes of its output it writes
 * @param ops           ops per element, indexed by {@link #slot}: op class times narrow (float32 and
 *                      smaller) or wide (64-bit)
 * @param needsFp64     the kernel computes in float64 (a device without fp64 cannot run it)
 * @param buffersRead   the buffers it reads (for residency), without repeats
 * @param written       the buffer it writes
 * @param inputBytes    per buffer of {@code buffersRead}, the bytes a transfer of it moves (the whole buffer)
 * @param reduction     the kernel reduces (its speed on a target follows its own law: learnt apart)
 * @param matmul        the kernel is a matmul ({@link Kernel#isMatmul}): its elements are its
 *                      multiply-adds, one fused op each, at a GEMM's speed (learnt apart again)
 */
public record KernelWork(long elements, double bytesRead, double bytesWritten, double[] ops, boolean needsFp64,
                         List<Buffer> buffersRead, Buffer written, long[] inputBytes, boolean reduction, boolean matmul) {

    /** The work of a kernel that is not a matmul. */
    public KernelWork(long elements, double bytesRead, double bytesWritten, double[] ops, boolean needsFp64,
                      List<Buffer> buffersRead, Buffer written, long[] inputBytes, boolean reduction) {
        this(elements, bytesRead, bytesWritten, ops, needsFp64, buffersRead, written, inputBytes, reduction, false);
    }

    /** The index of an op class and width in {@link #ops}. */
    static int slot(OpClass c, boolean wide) { return c.ordinal() * 2 + (wide ? 1 : 0); }

    /** Ops per element of class {@code c} at the given width. */
    public double ops(OpClass c, boolean wide) { return ops[slot(c, wide)]; }

    /** The summary of {@code k}. */
    public static KernelWork of(Kernel k) {
        if (k.isParts()) return ofParts(k);
        double[] ops = new double[OpClass.values().length * 2];
        boolean fp64 = false;
        for (Instr in : k.body()) {
            DType t = switch (in) {
                case Instr.Binary b -> k.body().get(b.a()).type();   // a comparison computes in its operands' type
                default -> in.type();
            };
            if (t == DType.FLOAT64) fp64 = true;
            OpClass c = switch (in) {
                case Instr.Unary u -> OpClass.of(u.op());
                case Instr.Binary b -> OpClass.of(b.op());
                case Instr.Select s -> OpClass.SIMPLE;
                case Instr.Cast c2 -> OpClass.SIMPLE;
                case Instr.Load l -> null;                       // memory traffic, counted in bytes
                case Instr.Gather g -> null;                     // so is a gather's: an element per iteration (below)
                case Instr.Param p -> null;
                case Instr.Index x -> null;
            };
            if (c != null) ops[slot(c, t.itemSize() == 8)]++;
        }
        if (k.isMatmul()) {   // a GEMM: one fused multiply-add per element of its space (batch*m*n*k), operands read once
            java.util.Arrays.fill(ops, 0);
            ops[slot(OpClass.SIMPLE, k.output().dtype().itemSize() == 8)] = 1;
        } else if (k.isReduction() || k.isScan() || k.isArg()) {   // an arg-reduction: a compare per element
            // the combining op; a scan combines twice where its lines are split (its chunks, then their offsets),
            // and reads its output back once more: the model weighs it as a reduction of the same size plus that pass
            ops[slot(OpClass.SIMPLE, k.output().dtype().itemSize() == 8)] += k.isScan() ? 2 : 1;
        }
        if (k.output().dtype() == DType.FLOAT64) fp64 = true;
        double read = 0;
        for (Instr in : k.body()) if (in instanceof Instr.Gather g) read += (double) k.size() * g.type().itemSize();
        List<View> ins = k.inputs();
        java.util.ArrayList<Buffer> buffers = new java.util.ArrayList<>(ins.size());
        java.util.ArrayList<Long> bytes = new java.util.ArrayList<>(ins.size());
        double[] viewed = new double[ins.size()];   // per buffer: the bytes its views read
        for (View v : ins) {
            int b = buffers.indexOf(v.buffer());
            if (b < 0) {
                b = buffers.size();
                buffers.add(v.buffer());
                bytes.add((long) v.buffer().length() * v.dtype().itemSize());
            }
            viewed[b] += (double) distinct(v, k.shape()) * v.dtype().itemSize();
        }
        // views of one buffer read its memory once at most, as caches serve the rest: the five
        // shifted views of a Laplace step's grid had a 2000x2000 float64 step read 5 times its
        // 32 MB, and priced it on the JVM at 13.7 ms (it ran in 3.7)
        for (int b = 0; b < buffers.size(); b++) read += Math.min(viewed[b], bytes.get(b));
        View out = k.output();
        double written = 0;
        for (View o : k.outputs()) {   // a multi-output kernel stores each of its values
            written += (double) distinct(o, k.shape()) * o.dtype().itemSize() * (k.isScan() ? 2 : 1);
            if (o.dtype() == DType.FLOAT64) fp64 = true;
        }
        long[] inputBytes = new long[bytes.size()];
        for (int i = 0; i < inputBytes.length; i++) inputBytes[i] = bytes.get(i);
        // a scan is learnt with the reductions (its chunks and passes are theirs), not with the maps it would distort
        return new KernelWork(k.size(), read, written, ops, fp64, List.copyOf(buffers), out.buffer(), inputBytes, k.isReduction() || k.isScan() || k.isArg(), k.isMatmul());
    }

    /** A parts kernel's work: its parts' together, their ops per element weighed by their elements. */
    private static KernelWork ofParts(Kernel k) {
        long elements = 0;
        double read = 0, written = 0;
        double[] ops = new double[OpClass.values().length * 2];
        boolean fp64 = false;
        java.util.ArrayList<Buffer> buffers = new java.util.ArrayList<>();
        java.util.ArrayList<Long> bytes = new java.util.ArrayList<>();
        for (Kernel p : k.parts()) {
            KernelWork w = of(p);
            elements += w.elements();
            read += w.bytesRead();
            written += w.bytesWritten();
            for (int i = 0; i < ops.length; i++) ops[i] += w.ops()[i] * w.elements();
            fp64 |= w.needsFp64();
            for (int b = 0; b < w.buffersRead().size(); b++) {
                if (buffers.contains(w.buffersRead().get(b))) continue;
                buffers.add(w.buffersRead().get(b));
                bytes.add(w.inputBytes()[b]);
            }
        }
        for (int i = 0; i < ops.length; i++) ops[i] /= Math.max(1, elements);
        long[] inputBytes = new long[bytes.size()];
        for (int i = 0; i < inputBytes.length; i++) inputBytes[i] = bytes.get(i);
        return new KernelWork(elements, read, written, ops, fp64, List.copyOf(buffers), k.output().buffer(), inputBytes, false);
    }

    /**
     * This work without its buffers ({@code buffersRead} empty, {@code written} null): its sizes
     * and arithmetic, as a kept decision needs them, without keeping the arrays alive. Not to be
     * priced ({@link CostModel#predict} reads where the buffers are).
     */
    KernelWork withoutBuffers() {
        return new KernelWork(elements, bytesRead, bytesWritten, ops, needsFp64, List.of(), null, new long[0], reduction, matmul);
    }

    /** The elements of {@code v} the iteration space touches: the product of the axes it does not broadcast. */
    private static long distinct(View v, int[] space) {
        long n = 1;
        for (int d = 0; d < space.length; d++) if (v.stride(d) != 0) n *= space[d];
        return n;
    }
}
