package io.numfuse.runtime;

import static org.jocl.CL.*;

import io.numfuse.ir.Buffer;
import io.numfuse.core.DType;
import io.numfuse.ir.Kernel;
import io.numfuse.ir.KernelKey;
import io.numfuse.ir.Semantics;
import io.numfuse.ir.View;
import io.numfuse.opencl.OpenClCodegen;
import io.numfuse.opencl.OpenClMatmul;
import io.numfuse.opencl.OpenClSource;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_mem;

/**
 * One evaluation's kernels on a device. The device copies of the buffers they touch come from
 * {@link DeviceCopies} (the registry that keeps them across evaluations): a buffer the device
 * holds current values of is not uploaded again, one it lacks is uploaded once when a kernel
 * needs its contents, and a kernel's output stays on the device as the current copy of its
 * buffer (nothing is copied back here: the host copies it back when it reads it). The session
 * remembers what it wrote, so that {@link #abandon()} can undo that after a failure.
 */
final class OpenClSession {
    private final OpenClDevice dev;
    /** Buffers written in this session: their copies, and whether the copy was newer than the host before. */
    private final Map<Buffer, Written> written = new IdentityHashMap<>(4);
    /** True once the current kernel has written its output (a later failure must not run it again). */
    boolean lastKernelWrote;

    /** Test hook: split every reduction into this many parts (0: the runtime chooses). */
    static volatile int forcedParts = 0;

    /** Test hook: when positive, counts launches down and fails the one that brings it to 0. */
    static final java.util.concurrent.atomic.AtomicInteger failLaunch = new java.util.concurrent.atomic.AtomicInteger();

    /** Test hook: when positive, counts launches down and loses the device (Fault.LOST) at the one that brings it to 0. */
    static final java.util.concurrent.atomic.AtomicInteger loseDevice = new java.util.concurrent.atomic.AtomicInteger();

    private record Written(DeviceCopies.Copy copy, boolean newerBefore) {}

    OpenClSession(OpenClDevice dev) { this.dev = dev; }

    /** Runs {@code k}, whose key is {@code key}, on the device; its output stays there. */
    void run(Kernel k, KernelKey key) {
        lastKernelWrote = false;
        List<OpenClRect.Rect> rects = OpenClRect.of(k);    // a plain copy needs no program
        OpenClDevice.Program program = rects == null ? dev.program(key) : null;
        long kept = 1, reduced = 1;
        for (int d = 0; d < k.shape().length; d++) {
            boolean along = k.isReduction() ? k.reduceAxes()[d] : k.isScan() ? d >= k.scan().from() && d < k.scan().to()
                    : k.isArg() && d >= k.arg().from() && d < k.arg().to();
            if (along) reduced *= k.shape()[d]; else kept *= k.shape()[d];
        }
        if (kept == 0) return;                                // nothing to store
        if (!k.isReduction() && k.size() == 0) return;   // (an arg kernel's lines are never empty: NumPy refuses them)
        // the buffers by alias group, numbered as the key numbers them (inputs first, then the outputs)
        List<View> outs = k.outputs();
        int ins = k.inputs().size(), groups = 0;
        Buffer[] buffers = new Buffer[ins + outs.size()];
        boolean[] read = new boolean[buffers.length];
        for (int i = 0; i < ins; i++) {
            int a = key.inputs().get(i).alias();
            buffers[a] = k.inputs().get(i).buffer();
            read[a] = true;
            groups = Math.max(groups, a + 1);
        }
        List<KernelKey.Access> accesses = outs.size() == 1 ? List.of(key.output()) : key.accesses().subList(ins, ins + outs.size());
        int[] outAlias = new int[outs.size()];
        boolean[] overwritten = new boolean[buffers.length];
        for (int j = 0; j < outs.size(); j++) {
            int a = outAlias[j] = accesses.get(j).alias();
            buffers[a] = outs.get(j).buffer();
            overwritten[a] = k.overwritesAll(outs.get(j));
            groups = Math.max(groups, a + 1);
        }
        DeviceCopies copies = DeviceCopies.INSTANCE;
        DeviceCopies.Copy[] bound = new DeviceCopies.Copy[groups];
        copies.pinFromNow();
        cl_mem partials = null;
        try {
            for (int a = 0; a < groups; a++) {
                Buffer b = buffers[a];
                bound[a] = copies.acquire(b, dev, read[a] || !overwritten[a] && !b.contentsUndefined());
            }
            long parts = 1;
            int forced = forcedParts;
            boolean cpu = dev.kind() == DeviceProfile.Kind.CPU;
            if (k.isReduction() && !k.isMatmul() || k.isArg()) {
                parts = forced > 0 ? forced : choosePartCount(kept, reduced, cpu, dev.computeUnits);
            } else if (k.isScan()) {
                parts = forced > 0 ? forced : chooseScanParts(kept, reduced, cpu, dev.computeUnits);
            }
            if (parts > 1) partials = copies.allocate(dev, kept * parts * program.source().valuesPerPartial() * valueBytes(program.source().accumulator()));
            if (rects != null) {
                copy(bound[key.inputs().get(0).alias()], bound[outAlias[0]], rects);
            } else {
                launchMain(program, k, key, bound, parts, partials, kept);
            }
            for (int j = 0; j < outs.size(); j++) {
                Buffer out = outs.get(j).buffer();
                DeviceCopies.Copy c = bound[outAlias[j]];
                written.putIfAbsent(out, new Written(c, DeviceCopies.residencyOf(out) == DeviceCopies.Residency.DEVICE && c.newer));
                copies.wrote(out, c);
            }
            lastKernelWrote = true;
            KernelRuns.ran(dev.targetName, 1);
            if (program != null && program.errorFlag()) checkErrorFlag();
        } finally {
            copies.unpin();
            if (partials != null) DeviceMemory.releaseMem(partials);
            if (!lastKernelWrote) {   // made without contents and never written
                for (int a : outAlias) if (bound[a] != null) copies.discard(bound[a]);
            }
        }
    }

    /** The kernel of {@code k}: bound, launched, and (a reduction in parts) finished. */
    private void launchMain(OpenClDevice.Program program, Kernel k, KernelKey key, DeviceCopies.Copy[] bound, long parts, cl_mem partials, long kept) {
        bind(program.main(), k, bound, parts, partials);
        if (program.errorFlag()) {
            if (dev.errorFlagMayBeSet) clearErrorFlag();
            dev.errorFlagMayBeSet = true;                  // until it is read back as 0 after the launch
        }
        int dims = OpenClCodegen.workDims(key);
        if (key.matmul()) {                                  // tiles of a GEMM, in work-groups of a fixed size
            launch(program.main(), OpenClMatmul.globalSize(k.shape()), OpenClMatmul.localSize());
        } else if (k.isParts()) {                            // a chunk of one part per work-item
            long items = 0;
            for (Kernel p : k.parts()) items += Math.ceilDiv(p.size(), OpenClCodegen.PART_CHUNK);
            launch(program.main(), new long[] { items });
        } else if (dims > 1) {
            long[] global = new long[dims];
            for (int d = 0; d < dims; d++) global[d] = k.shape()[dims - 1 - d];
            global[0] = Math.ceilDiv(global[0], program.source().vectorWidth());   // a map in vector types: that many elements a work-item
            launch(program.main(), global);
        } else {
            launch(program.main(), new long[] { k.isReduction() || k.isScan() || k.isArg() ? kept * parts : Math.ceilDiv(k.size(), program.source().vectorWidth()) });
        }
        if (parts > 1 && k.isScan()) {   // the chunks' totals scanned per line, then combined into the chunks
            bind(program.finish(), k, bound, parts, partials, 0);
            launch(program.finish(), new long[] { kept });
            bind(program.finish(), k, bound, parts, partials, 1);
            launch(program.finish(), new long[] { kept * parts });
        } else if (parts > 1) {
            bind(program.finish(), k, bound, parts, partials);
            launch(program.finish(), new long[] { kept });
        }
    }

    /** A copy kernel as rect copies between the device copies of its input and output. */
    private void copy(DeviceCopies.Copy from, DeviceCopies.Copy to, List<OpenClRect.Rect> rects) {
        injectedFault("clEnqueueCopyBufferRect");
        dev.wait.commandAfter();
        for (OpenClRect.Rect r : rects) {
            OpenClException.check(clEnqueueCopyBufferRect(dev.queue(), from.mem, to.mem, r.srcOrigin(), r.dstOrigin(), r.region(),
                    r.srcRow(), r.srcSlice(), r.dstRow(), r.dstSlice(), 0, null, null), "clEnqueueCopyBufferRect", dev.label());
        }
    }

    /** Waits for the device to finish this session's kernels (their errors surface here): {@link OpenClWait}. */
    void finish() { dev.wait.await(dev.queue()); }

    /**
     * After a failure the device's copies of what this session wrote are of unknown contents:
     * forgets them. Returns false when one of them held the only current values of its buffer.
     */
    boolean abandon() {
        boolean ok = true;
        for (var e : written.entrySet()) ok &= DeviceCopies.INSTANCE.forget(e.getKey(), e.getValue().copy(), e.getValue().newerBefore());
        written.clear();
        return ok;
    }

    /** Bytes of a value (not an element of a buffer: a bool value is an int in OpenCL C). */
    static int valueBytes(DType t) { return t == DType.BOOL ? Sizeof.cl_int : t.itemSize(); }

    /**
     * A scan's chunks per line: one (a work-item per line) when there are lines enough to fill
     * the device or they are short; else, on a GPU, about 8192 work-items in all (the per-line
     * scan of the totals then runs over at most 8192 of them), on a CPU device one chunk below
     * {@link #CPU_ONE_SCAN_PART} elements in all, else as a reduction's parts ({@link #chunks}).
     * PoCL here, `cumsum(a)` over resident float64 (float32 alike): 10^4 elements 53 us in one
     * chunk against 83 us in the 39 before, 10^5 103 us in 64 against 176 in 390, 10^6 729 us in
     * 64 against 1.21 ms in 3,906, 10^7 21.5 ms either way.
     */
    static long chooseScanParts(long lines, long length, boolean cpu, int computeUnits) {
        return chunks(lines, length, 8192, CPU_ONE_SCAN_PART, cpu, computeUnits);
    }

    /** Elements a CPU device's scan takes in one chunk per line at most ({@link #chooseScanParts}). */
    static final long CPU_ONE_SCAN_PART = 1 << 15;

    /**
     * A reduction's parts per kept value (each a work-item; more than one adds a finishing
     * kernel): on a GPU about 4096 work-items in all, on a CPU device one part below
     * {@link #CPU_ONE_PART} elements in all ({@link #chunks}). PoCL here, `sum(a)` over resident
     * float64 (float32 alike): 10^5 elements 40 us in one part against 68 us in the 390 parts
     * before, 10^6 140 us in 64 parts against 215 in 3,906, 10^7 1.39 ms either way (one part:
     * 2.15 ms).
     */
    static long choosePartCount(long kept, long reduced, boolean cpu, int computeUnits) {
        return chunks(kept, reduced, 4096, CPU_ONE_PART, cpu, computeUnits);
    }

    /** Elements a CPU device's reduction takes in one part at most ({@link #choosePartCount}). */
    static final long CPU_ONE_PART = 1 << 19;

    /**
     * Chunks per line of {@code lines} lines of {@code length} elements, each at least 256 long:
     * one when the lines alone fill the device (4096 or more) or are short; on a GPU about
     * {@code gpuItems} work-items in all; on a CPU device one below {@code cpuOnePart} elements in
     * all, else about 32 work-items per compute unit: a CPU's work-item walks its chunk in vector
     * types ({@code OpenClVectorReduce}) at memory speed, and more launches and thousands of short
     * work-items cost more than the other cores save.
     */
    private static long chunks(long lines, long length, long gpuItems, long cpuOnePart, boolean cpu, int computeUnits) {
        if (lines >= 4096 || length < 512 || cpu && lines * length < cpuOnePart) return 1;
        long items = cpu ? 32L * Math.max(1, computeUnits) : gpuItems;
        return Math.max(1, Math.min((items + lines - 1) / lines, length / 256));
    }

    /** The fault-injection hook of tests: a launch (or a copy in its place) fails as if the device ran out of resources. */
    private void injectedFault(String call) {
        if (loseDevice.get() > 0 && loseDevice.decrementAndGet() == 0) OpenClDevice.fault = OpenClDevice.Fault.LOST;
        if (OpenClDevice.fault == OpenClDevice.Fault.LAUNCH || failLaunch.get() > 0 && failLaunch.decrementAndGet() == 0) {
            throw new OpenClException(call, dev.label(), CL_OUT_OF_RESOURCES, "injected by a test");
        }
        DeviceMemory.lostDeviceFault(call, dev);
    }

    private void launch(OpenClKernel kernel, long[] global) { launch(kernel, global, null); }

    /** Launches {@code kernel} over {@code global}, in work-groups of {@code local} (null: the driver's choice). */
    private void launch(OpenClKernel kernel, long[] global, long[] local) {
        injectedFault("clEnqueueNDRangeKernel");
        int err = clEnqueueNDRangeKernel(dev.queue(), kernel.handle, global.length, null, global, local, 0, null, dev.wait.next());
        // devices that allocate lazily run out of memory at the launch: make room and try once more
        if (err == CL_MEM_OBJECT_ALLOCATION_FAILURE && DeviceCopies.INSTANCE.evictAll(dev)) {
            err = clEnqueueNDRangeKernel(dev.queue(), kernel.handle, global.length, null, global, local, 0, null, dev.wait.next());
        }
        OpenClException.check(err, "clEnqueueNDRangeKernel", dev.label());
        dev.wait.launched(kernel);
    }

    private void clearErrorFlag() {
        OpenClException.check(clEnqueueWriteBuffer(dev.queue(), dev.errorFlag(), CL_TRUE, 0, Sizeof.cl_int, Pointer.to(new int[1]), 0, null, null),
                "clEnqueueWriteBuffer", dev.label());
    }

    /** An integer raised to a negative power: the same error as the interpreter's. */
    private void checkErrorFlag() {
        int[] flag = new int[1];
        OpenClException.check(clEnqueueReadBuffer(dev.queue(), dev.errorFlag(), CL_TRUE, 0, Sizeof.cl_int, Pointer.to(flag), 0, null, null),
                "clEnqueueReadBuffer", dev.label());
        if (flag[0] != 0) Semantics.intPow(DType.INT64, 2, -1);   // throws ValueException
        dev.errorFlagMayBeSet = false;
    }

    /** Sets the arguments of {@code kernel} for {@code k} (those that changed since its last launch). */
    private void bind(OpenClKernel kernel, Kernel k, DeviceCopies.Copy[] bound, long parts, cl_mem partials) {
        bind(kernel, k, bound, parts, partials, 0);
    }

    /** As above, with a scan's {@code nf_scan_fix} phase. */
    private void bind(OpenClKernel kernel, Kernel k, DeviceCopies.Copy[] bound, long parts, cl_mem partials, int phase) {
        if (dev.maxParameterBytes > 0 && kernel.argBytes > dev.maxParameterBytes) {
            throw new OpenClException("clSetKernelArg", dev.label(), CL_INVALID_KERNEL_ARGS,
                    "the kernel takes " + kernel.argBytes + " bytes of arguments; the device allows " + dev.maxParameterBytes);
        }
        List<OpenClSource.Arg> args = kernel.args;
        for (int i = 0; i < args.size(); i++) bind(kernel, i, args.get(i), k, bound, parts, partials, phase);
    }

    /** Sets argument {@code i}, {@code arg}, of {@code kernel} for {@code k} (a part's argument for that part of it). */
    private void bind(OpenClKernel kernel, int i, OpenClSource.Arg arg, Kernel k, DeviceCopies.Copy[] bound, long parts, cl_mem partials, int phase) {
        switch (arg) {
            case OpenClSource.Arg.Buffer b -> kernel.mem(i, bound[b.alias()].mem);
            case OpenClSource.Arg.ErrorFlag f -> kernel.mem(i, dev.errorFlag());
            case OpenClSource.Arg.Offset o -> kernel.scalar(i, access(k, o.access()).offset());
            case OpenClSource.Arg.Stride s -> kernel.scalar(i, access(k, s.access()).stride(s.axis()));
            case OpenClSource.Arg.Dim d -> kernel.scalar(i, k.shape()[d.axis()]);
            case OpenClSource.Arg.Param q -> kernel.scalar(i, q.dtype() == DType.FLOAT32
                    ? Float.floatToRawIntBits((float) k.doubleParam(q.index())) : k.params()[q.index()]);
            case OpenClSource.Arg.Parts n -> kernel.scalar(i, parts);
            case OpenClSource.Arg.Partials x -> kernel.mem(i, partials != null ? partials : dev.dummy());
            case OpenClSource.Arg.Phase p -> kernel.scalar(i, phase);
            case OpenClSource.Arg.OfPart p -> bind(kernel, i, p.arg(), k.parts().get(p.part()), bound, parts, partials, phase);
        }
    }

    /** Access {@code a} of {@code k}: its inputs, then its output, then its extras'. */
    private static View access(Kernel k, int a) {
        int ins = k.inputs().size();
        return a < ins ? k.inputs().get(a) : a == ins ? k.output() : k.extras().get(a - ins - 1).view();
    }

    static Pointer pointer(Object array) {
        return switch (array) {
            case byte[] a -> Pointer.to(a);
            case int[] a -> Pointer.to(a);
            case long[] a -> Pointer.to(a);
            case float[] a -> Pointer.to(a);
            case double[] a -> Pointer.to(a);
            default -> throw new IllegalArgumentException("not a buffer array: " + array.getClass());
        };
    }
}
