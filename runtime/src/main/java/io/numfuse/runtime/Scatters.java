package io.numfuse.runtime;

import io.numfuse.ir.Buffer;
import io.numfuse.ir.Graph;
import io.numfuse.ir.GraphLock;
import io.numfuse.ir.Kernel;
import io.numfuse.ir.Plan;
import io.numfuse.ir.View;
import io.numfuse.ir.WriteSnapshot;
import java.util.ArrayList;
import java.util.List;

/**
 * NumPy's {@code put} as a scatter: {@code target.flat[at[j]] = values.flat[from[j]]} for each j
 * in order, so that of repeated positions the last write wins, on every target. The write is
 * one atomic operation, as {@link Executor#update} is: it claims the target's buffer (a write)
 * and the values' (a read) under the graph lock, moves the pending readers of the target to a
 * snapshot first (laziness rule 2, {@link WriteSnapshot}), and writes only the positions named.
 *
 * <p>Where it runs: on the host (the interpreter and the JVM: a loop in order, O(positions), the
 * last write landing last), or on an OpenCL device (the target's device, or under {@code auto}
 * the device holding the target's or the values' current values), where work-items run in no
 * order: there the positions are made unique on the host first, keeping each one's last write
 * (the indices are on the host already: {@code put} reads them to check them), and
 * {@code nf_put} ({@link io.numfuse.opencl.OpenClScatter}) writes each once. A device that fails
 * hands the write to the host (a partial device write is harmless: the host writes every
 * position again).
 */
public final class Scatters {
    private Scatters() {}

    /**
     * Writes {@code values.flat[from[j]]} at {@code target.flat[at[j]]} (flat C-order indices, in
     * range; {@code values} of the target's dtype, not of its buffer) for each j in order, on
     * {@code on}.
     */
    public static void put(View target, int[] at, View values, int[] from, Target on) {
        if (values.buffer() == target.buffer()) throw new IllegalArgumentException("put reads the values from a copy of its target");
        DeferredWrites.flush(target.buffer(), on);   // a deferred write of the whole buffer runs first
        int[] pos = offsets(target, at), src = offsets(values, from);
        Claims.Claim claim = new Claims.Claim();
        WriteSnapshot w;
        List<Kernel> kernels = new ArrayList<>();
        Plan plan = null;
        GraphLock.lock();
        try {
            while (true) {
                claim.reset();
                claim.write(target.buffer());
                claim.read(values.buffer());
                if (claim.tryAcquire()) break;
                GraphLock.awaitChange();
            }
            try {
                w = WriteSnapshot.before(target, Graph.leaf(target));
                if (w.snapshot() != null) {   // the buffer's readers read the snapshot now: its values come back first
                    claim.addHeld(w.snapshot(), true);
                    kernels.addAll(Executor.restoring(w, on));
                    plan = io.numfuse.ir.Fusion.plan(w.value(), target, on.kernelLimits());
                    kernels.addAll(plan.kernels());
                }
            } catch (RuntimeException | Error e) {
                claim.release();
                throw e;
            }
        } finally {
            GraphLock.unlock();
        }
        boolean wrote = false;
        try {
            Scheduler.run(kernels, on, false);
            scatter(target.buffer(), pos, values.buffer(), src, on);
            wrote = true;
        } finally {
            GraphLock.lock();
            try {
                if (wrote && plan != null) plan.memoiseAll();
                if (!wrote) w.undo();
                w.done();
                claim.release();
            } finally {
                GraphLock.unlock();
            }
        }
    }

    /** The scatter itself, by buffer offsets: on a device, or on the host. */
    private static void scatter(Buffer target, int[] pos, Buffer values, int[] src, Target on) {
        OpenClTarget device = OpenClCompaction.deviceFor(on, target, values);
        if (device != null && pos.length > 0) {
            int[][] unique = lastWrites(pos, src);
            try {
                OpenClCompaction.put(device.device(), target, unique[0], values, unique[1]);
                return;
            } catch (OpenClException e) {
                device.fellBack("numfuse: a put failed on " + device.name() + ": " + e.getMessage());
            }
        }
        values.beforeHostRead();
        target.beforeHostWrite();
        KernelRuns.ran(on == InterpreterTarget.INSTANCE ? "interpreter" : "jvm", 1);
        Object t = target.array(), v = values.array();
        switch (t) {
            case float[] a -> { float[] s = (float[]) v; for (int j = 0; j < pos.length; j++) a[pos[j]] = s[src[j]]; }
            case double[] a -> { double[] s = (double[]) v; for (int j = 0; j < pos.length; j++) a[pos[j]] = s[src[j]]; }
            case long[] a -> { long[] s = (long[]) v; for (int j = 0; j < pos.length; j++) a[pos[j]] = s[src[j]]; }
            case int[] a -> { int[] s = (int[]) v; for (int j = 0; j < pos.length; j++) a[pos[j]] = s[src[j]]; }
            case byte[] a -> { byte[] s = (byte[]) v; for (int j = 0; j < pos.length; j++) a[pos[j]] = s[src[j]]; }
            default -> throw new IllegalStateException("not a buffer array: " + t.getClass());
        }
    }

    /**
     * The pairs (position, source) with each position once, from its last write: a walk from the
     * end that keeps a position the first time it is seen. Package-private for tests.
     */
    static int[][] lastWrites(int[] pos, int[] src) {
        int lo = Integer.MAX_VALUE, hi = Integer.MIN_VALUE;
        for (int p : pos) {
            lo = Math.min(lo, p);
            hi = Math.max(hi, p);
        }
        java.util.BitSet seen = new java.util.BitSet(hi - lo + 1);
        int[] p = new int[pos.length], s = new int[pos.length];
        int n = 0;
        for (int j = pos.length - 1; j >= 0; j--) {
            if (seen.get(pos[j] - lo)) continue;
            seen.set(pos[j] - lo);
            p[n] = pos[j];
            s[n++] = src[j];
        }
        return n == pos.length ? new int[][] { p, s } : new int[][] { java.util.Arrays.copyOf(p, n), java.util.Arrays.copyOf(s, n) };
    }

    /** The buffer offsets of flat (C-order) indices of {@code v}. */
    private static int[] offsets(View v, int[] flat) {
        int[] out = new int[flat.length];
        if (v.isCContiguous()) {
            for (int j = 0; j < flat.length; j++) out[j] = v.offset() + flat[j];
            return out;
        }
        int rank = v.rank();
        for (int j = 0; j < flat.length; j++) {
            int rest = flat[j], off = v.offset();
            for (int d = rank - 1; d >= 0; d--) {
                int n = v.dim(d);
                off += rest % n * v.stride(d);
                rest /= n;
            }
            out[j] = off;
        }
        return out;
    }
}
