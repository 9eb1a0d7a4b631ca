package io.numfuse.runtime;

import static org.jocl.CL.*;

import io.numfuse.ir.Buffer;
import io.numfuse.ir.DType;
import io.numfuse.ir.Kernel;
import io.numfuse.ir.Semantics;
import io.numfuse.ir.View;
import io.numfuse.opencl.OpenClSource;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_kernel;
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
    /** Buffers written in this session, with their copies, and whether the copy was newer than the host before. */
    private final Map<Buffer, DeviceCopies.Copy> written = new IdentityHashMap<>();
    private final Map<Buffer, Boolean> newerBefore = new IdentityHashMap<>();
    private final Map<Buffer, DeviceCopies.Copy> bound = new IdentityHashMap<>();   // the current kernel's copies
    /** True once the current kernel has written its output (a later failure must not run it again). */
    boolean lastKernelWrote;

    /** Test hook: split every reduction into this many parts (0: the runtime chooses). */
    static volatile int forcedParts = 0;

    /** Test hook: when positive, counts launches down and fails the one that brings it to 0. */
    static final java.util.concurrent.atomic.AtomicInteger failLaunch = new java.util.concurrent.atomic.AtomicInteger();

    OpenClSession(OpenClDevice dev) { this.dev = dev; }

    /** Runs {@code k} on the device; its output stays there. */
    void run(Kernel k) {
        lastKernelWrote = false;
        io.numfuse.ir.KernelKey key = k.key();
        OpenClDevice.Program program = dev.program(key);
        Map<Buffer, Integer> aliasOf = new IdentityHashMap<>();
        List<Buffer> byAlias = new ArrayList<>();
        List<View> accesses = new ArrayList<>(k.inputs());
        accesses.add(k.output());
        for (View v : accesses) aliasOf.computeIfAbsent(v.buffer(), b -> { byAlias.add(b); return byAlias.size() - 1; });
        long kept = 1, reduced = 1;
        for (int d = 0; d < k.shape().length; d++) {
            if (k.isReduction() && k.reduceAxes()[d]) reduced *= k.shape()[d]; else kept *= k.shape()[d];
        }
        if (kept == 0) return;                                // nothing to store
        if (!k.isReduction() && k.size() == 0) return;
        Buffer out = k.output().buffer();
        DeviceCopies copies = DeviceCopies.INSTANCE;
        bound.clear();
        copies.pinFromNow();
        cl_mem partials = null;
        try {
            for (Buffer b : byAlias) {
                boolean read = false;
                for (View v : k.inputs()) read |= v.buffer() == b;
                bound.put(b, copies.acquire(b, dev, read || (b != out || !overwritesAll(k)) && !b.contentsUndefined()));
            }
            long parts = 1;
            if (k.isReduction()) {
                int forced = forcedParts;
                parts = forced > 0 ? forced : choosePartCount(kept, reduced);
            }
            if (parts > 1) partials = copies.allocate(dev, kept * parts * valueBytes(program.source().accumulator()));
            boolean flag = program.source().mainArgs().contains(new OpenClSource.Arg.ErrorFlag());
            bind(program.main(), program.source().mainArgs(), k, byAlias, parts, partials);
            if (flag) clearErrorFlag();
            int dims = io.numfuse.opencl.OpenClCodegen.workDims(key);
            if (dims > 1) {
                long[] global = new long[dims];
                for (int d = 0; d < dims; d++) global[d] = k.shape()[dims - 1 - d];
                launch(program.main(), global);
            } else {
                launch(program.main(), new long[] { k.isReduction() ? kept * parts : k.size() });
            }
            if (parts > 1) {
                bind(program.finish(), program.source().finishArgs(), k, byAlias, parts, partials);
                launch(program.finish(), new long[] { kept });
            }
            DeviceCopies.Copy c = bound.get(out);
            if (!written.containsKey(out)) {
                written.put(out, c);
                newerBefore.put(out, out.residency() == Buffer.Residency.DEVICE && c.newer);
            }
            copies.wrote(out, c);
            lastKernelWrote = true;
            if (flag) checkErrorFlag();
        } finally {
            copies.unpin();
            if (partials != null) DeviceCopies.releaseMem(partials);
            if (!lastKernelWrote) {
                DeviceCopies.Copy c = bound.get(out);
                if (c != null) copies.discard(c);      // made without contents and never written
            }
        }
    }

    /** Waits for the device to finish this session's kernels (their errors surface here). */
    void finish() {
        OpenClException.check(clFinish(dev.queue()), "clFinish", dev.label());
    }

    /**
     * After a failure the device's copies of what this session wrote are of unknown contents:
     * forgets them. Returns false when one of them held the only current values of its buffer.
     */
    boolean abandon() {
        boolean ok = true;
        for (var e : written.entrySet()) ok &= DeviceCopies.INSTANCE.forget(e.getKey(), e.getValue(), newerBefore.get(e.getKey()));
        written.clear();
        return ok;
    }

    /** Bytes of a value (not an element of a buffer: a bool value is an int in OpenCL C). */
    static int valueBytes(DType t) { return t == DType.BOOL ? Sizeof.cl_int : t.itemSize(); }

    /** A kernel that writes every element of its (whole, C-contiguous) output buffer need not upload it. */
    private static boolean overwritesAll(Kernel k) {
        View o = k.output();
        if (k.isReduction()) {   // every kept element gets its whole value (the reduction starts from its identity)
            int kept = 0;
            for (boolean r : k.reduceAxes()) if (!r) kept++;
            int[] shape = new int[kept], strides = new int[kept];
            for (int d = 0, j = 0; d < k.shape().length; d++) {
                if (k.reduceAxes()[d]) continue;
                shape[j] = k.shape()[d];
                strides[j++] = o.stride(d);
            }
            o = new View(o.buffer(), o.offset(), shape, strides);
        }
        return o.offset() == 0 && o.size() == o.buffer().length() && o.isCContiguous();
    }

    /** About 4096 work-items in all, and at least 256 elements per part. */
    static long choosePartCount(long kept, long reduced) {
        if (kept >= 4096 || reduced < 512) return 1;
        return Math.max(1, Math.min((4096 + kept - 1) / kept, reduced / 256));
    }

    private void launch(cl_kernel kernel, long[] global) {
        if (OpenClDevice.fault == OpenClDevice.Fault.LAUNCH || failLaunch.get() > 0 && failLaunch.decrementAndGet() == 0) {
            throw new OpenClException("clEnqueueNDRangeKernel", dev.label(), CL_OUT_OF_RESOURCES, "injected by a test");
        }
        int err = clEnqueueNDRangeKernel(dev.queue(), kernel, global.length, null, global, null, 0, null, null);
        // devices that allocate lazily run out of memory at the launch: make room and try once more
        if (err == CL_MEM_OBJECT_ALLOCATION_FAILURE && DeviceCopies.INSTANCE.evictAll(dev)) {
            err = clEnqueueNDRangeKernel(dev.queue(), kernel, global.length, null, global, null, 0, null, null);
        }
        OpenClException.check(err, "clEnqueueNDRangeKernel", dev.label());
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
    }

    private void bind(cl_kernel kernel, List<OpenClSource.Arg> args, Kernel k, List<Buffer> byAlias, long parts, cl_mem partials) {
        List<View> accesses = new ArrayList<>(k.inputs());
        accesses.add(k.output());
        long bytes = 0;
        for (int i = 0; i < args.size(); i++) {
            long size;
            Pointer p;
            switch (args.get(i)) {
                case OpenClSource.Arg.Buffer b -> { size = Sizeof.cl_mem; p = Pointer.to(bound.get(byAlias.get(b.alias())).mem); }
                case OpenClSource.Arg.ErrorFlag f -> { size = Sizeof.cl_mem; p = Pointer.to(dev.errorFlag()); }
                case OpenClSource.Arg.Offset o -> { size = Sizeof.cl_int; p = Pointer.to(new int[] { accesses.get(o.access()).offset() }); }
                case OpenClSource.Arg.Stride s -> { size = Sizeof.cl_int; p = Pointer.to(new int[] { accesses.get(s.access()).stride(s.axis()) }); }
                case OpenClSource.Arg.Dim d -> { size = Sizeof.cl_int; p = Pointer.to(new int[] { k.shape()[d.axis()] }); }
                case OpenClSource.Arg.Param q -> {
                    long raw = k.params()[q.index()];
                    switch (q.dtype()) {
                        case BOOL, INT32 -> { size = Sizeof.cl_int; p = Pointer.to(new int[] { (int) raw }); }
                        case INT64 -> { size = Sizeof.cl_long; p = Pointer.to(new long[] { raw }); }
                        case FLOAT32 -> { size = Sizeof.cl_float; p = Pointer.to(new float[] { (float) Double.longBitsToDouble(raw) }); }
                        default -> { size = Sizeof.cl_double; p = Pointer.to(new double[] { Double.longBitsToDouble(raw) }); }
                    }
                }
                case OpenClSource.Arg.Parts n -> { size = Sizeof.cl_long; p = Pointer.to(new long[] { parts }); }
                case OpenClSource.Arg.Partials x -> {
                    size = Sizeof.cl_mem; p = Pointer.to(partials != null ? partials : dev.dummy());
                }
            }
            bytes += size;
            OpenClException.check(clSetKernelArg(kernel, i, size, p), "clSetKernelArg(" + i + ")", dev.label());
        }
        if (dev.maxParameterBytes > 0 && bytes > dev.maxParameterBytes) {
            throw new OpenClException("clSetKernelArg", dev.label(), CL_INVALID_KERNEL_ARGS,
                    "the kernel takes " + bytes + " bytes of arguments; the device allows " + dev.maxParameterBytes);
        }
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
