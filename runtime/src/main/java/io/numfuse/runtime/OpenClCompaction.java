package io.numfuse.runtime;

import static org.jocl.CL.*;

import io.numfuse.ir.Buffer;
import io.numfuse.ir.View;
import io.numfuse.opencl.OpenClScatter;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_kernel;
import org.jocl.cl_mem;

/**
 * Mask compaction and {@code put} on an OpenCL device ({@link OpenClScatter}'s kernels), the data
 * left there: the mask's chunks counted, the counts scanned, one int (the result's length) read
 * back to size the result, and the selected rows copied into a new buffer whose current values
 * stay on the device ({@link DeviceCopies#wrote}). Everything runs under the {@link DeviceCopies}
 * monitor, as a device chain does; the callers hold the claims ({@link Executor#read}, or the
 * write's claim in {@link Scatters}).
 */
final class OpenClCompaction {
    private OpenClCompaction() {}

    /** The kernels of one device's program for one element size. */
    private record Kernels(cl_kernel count, cl_kernel offsets, cl_kernel compact, cl_kernel put) {}

    private static final Map<OpenClDevice, Map<Integer, Kernels>> PROGRAMS = new ConcurrentHashMap<>();

    /**
     * {@code -Dnumfuse.opencl.compaction=host}: compactions and puts run on the host, whatever
     * the target (the device copies come back first): for measuring the device's kernels against
     * the host's (docs/PERFORMANCE.md).
     */
    static final boolean ON_HOST = "host".equals(System.getProperty("numfuse.opencl.compaction"));

    /**
     * The device a compaction or a put reading {@code buffers} runs on: {@code on} when it is an
     * OpenCL target; under {@code auto}, the device that holds newer values of the first of them
     * a device holds (the data is there: moving the work costs less than moving the data);
     * otherwise none (the host).
     */
    static OpenClTarget deviceFor(Target on, Buffer... buffers) {
        if (ON_HOST) return null;
        if (on instanceof OpenClTarget t) return t;
        if (!(on instanceof AutoTarget)) return null;
        for (Buffer b : buffers) {
            if (DeviceCopies.residencyOf(b) != DeviceCopies.Residency.DEVICE) continue;
            var at = DeviceCopies.currentAt(b);
            for (OpenClTarget t : OpenClTarget.all()) if (at.contains(t.name())) return t;
        }
        return null;
    }

    /** Chunks of the mask: about 8192 work-items, each at least 1024 rows. */
    static int parts(int rows) { return Math.max(1, Math.min(8192, rows / 1024)); }

    private static Kernels kernels(OpenClDevice dev, int itemBytes) {
        return PROGRAMS.computeIfAbsent(dev, d -> new ConcurrentHashMap<>()).computeIfAbsent(itemBytes, b -> {
            var program = OpenClProgramCache.build(dev, OpenClScatter.source(b), dev.buildOptions());
            return new Kernels(dev.kernel(program, "nf_mask_count"), dev.kernel(program, "nf_mask_offsets"),
                    dev.kernel(program, "nf_mask_compact"), dev.kernel(program, "nf_put"));
        });
    }

    /** {@link Compaction#compact} on {@code dev}: the result's buffer holds its values on the device. */
    static Compaction.Result compact(OpenClDevice dev, View a, View mask, int inner) {
        int rows = mask.size(), parts = parts(rows), chunk = (rows + parts - 1) / Math.max(1, parts);
        Kernels k = kernels(dev, a.dtype().itemSize());   // built outside the monitor: other work on the device goes on
        DeviceCopies copies = DeviceCopies.INSTANCE;
        synchronized (copies) {
            copies.pinFromNow();
            cl_mem counts = null;
            DeviceCopies.Copy out = null;
            boolean wrote = false;
            try {
                DeviceCopies.Copy ac = copies.acquire(a.buffer(), dev, true), mc = copies.acquire(mask.buffer(), dev, true);
                counts = copies.allocate(dev, (parts + 1L) * Sizeof.cl_int);
                args(dev, k.count(), mc.mem, mask.offset(), rows, chunk, counts);
                launch(dev, k.count(), parts);
                args(dev, k.offsets(), counts, parts);
                launch(dev, k.offsets(), 1);
                int[] total = new int[1];
                OpenClException.check(clEnqueueReadBuffer(dev.queue(), counts, CL_TRUE, (long) parts * Sizeof.cl_int, Sizeof.cl_int,
                        Pointer.to(total), 0, null, null), "clEnqueueReadBuffer", dev.label());
                Buffer result = Buffer.forOutput(a.dtype(), Math.multiplyExact(total[0], inner));
                if (result.length() == 0) return new Compaction.Result(result, total[0]);
                out = copies.acquire(result, dev, false);
                args(dev, k.compact(), ac.mem, a.offset(), mc.mem, mask.offset(), rows, chunk, inner, counts, out.mem);
                launch(dev, k.compact(), parts);
                OpenClException.check(clFinish(dev.queue()), "clFinish", dev.label());
                copies.wrote(result, out);
                wrote = true;
                KernelRuns.ran(dev.targetName, 3);
                return new Compaction.Result(result, total[0]);
            } finally {
                copies.unpin();
                if (counts != null) DeviceMemory.releaseMem(counts);
                if (out != null && !wrote) copies.discard(out);
            }
        }
    }

    /**
     * {@code target[pos[t]] = values[src[t]]} on {@code dev} (buffer offsets, each position once):
     * the target's copy there becomes its current values.
     */
    static void put(OpenClDevice dev, Buffer target, int[] pos, Buffer values, int[] src) {
        Kernels k = kernels(dev, target.dtype().itemSize());
        DeviceCopies copies = DeviceCopies.INSTANCE;
        synchronized (copies) {
            copies.pinFromNow();
            cl_mem p = null, s = null;
            try {
                DeviceCopies.Copy tc = copies.acquire(target, dev, true), vc = copies.acquire(values, dev, true);
                p = upload(dev, pos);
                s = upload(dev, src);
                args(dev, k.put(), tc.mem, p, vc.mem, s);
                launch(dev, k.put(), pos.length);
                OpenClException.check(clFinish(dev.queue()), "clFinish", dev.label());
                copies.wrote(target, tc);
                KernelRuns.ran(dev.targetName, 1);
            } finally {
                copies.unpin();
                if (p != null) DeviceMemory.releaseMem(p);
                if (s != null) DeviceMemory.releaseMem(s);
            }
        }
    }

    private static cl_mem upload(OpenClDevice dev, int[] data) {
        cl_mem m = DeviceCopies.INSTANCE.allocate(dev, (long) data.length * Sizeof.cl_int);
        int err = clEnqueueWriteBuffer(dev.queue(), m, CL_TRUE, 0, (long) data.length * Sizeof.cl_int, Pointer.to(data), 0, null, null);
        if (err != CL_SUCCESS) {
            DeviceMemory.releaseMem(m);
            OpenClException.check(err, "clEnqueueWriteBuffer", dev.label());
        }
        return m;
    }

    /** Sets every argument of {@code kernel}: a {@code cl_mem}, or an int. */
    private static void args(OpenClDevice dev, cl_kernel kernel, Object... values) {
        for (int i = 0; i < values.length; i++) {
            int err = values[i] instanceof cl_mem m
                    ? clSetKernelArg(kernel, i, Sizeof.cl_mem, Pointer.to(m))
                    : clSetKernelArg(kernel, i, Sizeof.cl_int, Pointer.to(new int[] { (Integer) values[i] }));
            OpenClException.check(err, "clSetKernelArg(" + i + ")", dev.label());
        }
    }

    private static void launch(OpenClDevice dev, cl_kernel kernel, long items) {
        OpenClException.check(clEnqueueNDRangeKernel(dev.queue(), kernel, 1, null, new long[] { items }, null, 0, null, null),
                "clEnqueueNDRangeKernel", dev.label());
    }
}
