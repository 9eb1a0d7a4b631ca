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
 * The device side of one evaluation (residency): each buffer a kernel touches gets a device
 * copy, uploaded once when the kernels need its contents; a kernel's output stays on the device
 * for the next kernel of the chain, and every buffer written there is copied back once, by
 * {@link #finish()}. Which copy is current is tracked per buffer: a write on the host (a kernel
 * the device cannot run) makes the device copy stale, and the host copy is made current first.
 * The host arrays are not touched before {@link #finish()}, so a failed session can simply be
 * redone on the JVM. {@link #close()} releases every device buffer.
 */
final class OpenClSession implements AutoCloseable {
    private final OpenClDevice dev;
    private final Map<Buffer, Copy> copies = new IdentityHashMap<>();
    private cl_mem errorFlag, dummy;

    /** A device copy of a buffer; {@code newer}: written on the device since the host copy was current. */
    private static final class Copy {
        final cl_mem mem;
        boolean newer;
        Copy(cl_mem mem) { this.mem = mem; }
    }

    /** Buffers copied host to device and device to host, over all sessions (for tests and stats). */
    static final java.util.concurrent.atomic.AtomicLong uploads = new java.util.concurrent.atomic.AtomicLong(),
            downloads = new java.util.concurrent.atomic.AtomicLong();

    /** Test hook: split every reduction into this many parts (0: the runtime chooses). */
    static volatile int forcedParts = 0;

    OpenClSession(OpenClDevice dev) { this.dev = dev; }

    /** Runs {@code k} on the device; its output stays there until {@link #finish()}. */
    void run(Kernel k) {
        OpenClDevice.Program program = dev.program(k.key());
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
        for (Buffer b : byAlias) {
            boolean read = false;
            for (View v : k.inputs()) read |= v.buffer() == b;
            acquire(b, read || b != out || !overwritesAll(k));
        }
        long parts = 1;
        if (k.isReduction()) {
            int forced = forcedParts;
            parts = forced > 0 ? forced : choosePartCount(kept, reduced);
        }
        cl_mem partials = null;
        try {
            if (parts > 1) partials = allocate(kept * parts * valueBytes(program.source().accumulator()));
            bind(program.main(), program.source().mainArgs(), k, byAlias, parts, partials);
            if (program.source().mainArgs().contains(new OpenClSource.Arg.ErrorFlag())) clearErrorFlag();
            launch(program.main(), k.isReduction() ? kept * parts : k.size());
            if (parts > 1) {
                bind(program.finish(), program.source().finishArgs(), k, byAlias, parts, partials);
                launch(program.finish(), kept);
            }
            copies.get(out).newer = true;
            if (errorFlag != null && program.source().mainArgs().contains(new OpenClSource.Arg.ErrorFlag())) checkErrorFlag();
        } finally {
            if (partials != null) clReleaseMemObject(partials);
        }
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

    /** Makes the host copy of {@code b} current (before the host reads it). */
    void syncToHost(Buffer b) {
        Copy c = copies.get(b);
        if (c == null || !c.newer) return;
        read(c.mem, b.array(), b.dtype(), b.length());
        c.newer = false;
    }

    /** The host wrote {@code b} (a kernel run elsewhere): the device copy is stale. */
    void hostWrote(Buffer b) {
        Copy c = copies.remove(b);
        if (c != null) clReleaseMemObject(c.mem);
    }

    /**
     * Copies every buffer written on the device back to the host, once. All are read into
     * temporaries first, so that a failure leaves the host arrays as they were.
     */
    void finish() {
        OpenClException.check(clFinish(dev.queue()), "clFinish", dev.label());
        List<Buffer> written = new ArrayList<>();
        List<Object> data = new ArrayList<>();
        for (var e : copies.entrySet()) {
            if (!e.getValue().newer) continue;
            Buffer b = e.getKey();
            Object tmp = Buffer.allocate(b.dtype(), b.length()).array();
            read(e.getValue().mem, tmp, b.dtype(), b.length());
            written.add(b);
            data.add(tmp);
        }
        for (int i = 0; i < written.size(); i++) {
            Buffer b = written.get(i);
            System.arraycopy(data.get(i), 0, b.array(), 0, b.length());
            copies.get(b).newer = false;
        }
    }

    @Override
    public void close() {
        for (Copy c : copies.values()) clReleaseMemObject(c.mem);
        copies.clear();
        if (errorFlag != null) clReleaseMemObject(errorFlag);
        if (dummy != null) clReleaseMemObject(dummy);
        errorFlag = dummy = null;
    }

    private void acquire(Buffer b, boolean needContents) {
        if (copies.containsKey(b)) return;
        cl_mem m = allocate((long) b.length() * b.dtype().itemSize());
        copies.put(b, new Copy(m));
        if (needContents && b.length() > 0) {
            uploads.incrementAndGet();
            OpenClException.check(clEnqueueWriteBuffer(dev.queue(), m, CL_TRUE, 0, (long) b.length() * b.dtype().itemSize(),
                    pointer(b.array()), 0, null, null), "clEnqueueWriteBuffer", dev.label());
        }
    }

    private cl_mem allocate(long bytes) {
        if (OpenClDevice.fault == OpenClDevice.Fault.ALLOCATE) {
            throw new OpenClException("clCreateBuffer", dev.label(), CL_MEM_OBJECT_ALLOCATION_FAILURE, "injected by a test");
        }
        int[] err = new int[1];
        cl_mem m = clCreateBuffer(dev.context(), CL_MEM_READ_WRITE, Math.max(8, bytes), null, err);
        OpenClException.check(err[0], "clCreateBuffer(" + bytes + " bytes)", dev.label());
        return m;
    }

    private void read(cl_mem m, Object array, DType t, int length) {
        if (length == 0) return;
        downloads.incrementAndGet();
        OpenClException.check(clEnqueueReadBuffer(dev.queue(), m, CL_TRUE, 0, (long) length * t.itemSize(), pointer(array), 0, null, null),
                "clEnqueueReadBuffer", dev.label());
    }

    private void launch(cl_kernel kernel, long global) {
        if (OpenClDevice.fault == OpenClDevice.Fault.LAUNCH) {
            throw new OpenClException("clEnqueueNDRangeKernel", dev.label(), CL_OUT_OF_RESOURCES, "injected by a test");
        }
        OpenClException.check(clEnqueueNDRangeKernel(dev.queue(), kernel, 1, null, new long[] { global }, null, 0, null, null),
                "clEnqueueNDRangeKernel", dev.label());
    }

    private void clearErrorFlag() {
        if (errorFlag == null) errorFlag = allocate(Sizeof.cl_int);
        OpenClException.check(clEnqueueWriteBuffer(dev.queue(), errorFlag, CL_TRUE, 0, Sizeof.cl_int, Pointer.to(new int[1]), 0, null, null),
                "clEnqueueWriteBuffer", dev.label());
    }

    /** An integer raised to a negative power: the same error as the interpreter's. */
    private void checkErrorFlag() {
        int[] flag = new int[1];
        OpenClException.check(clEnqueueReadBuffer(dev.queue(), errorFlag, CL_TRUE, 0, Sizeof.cl_int, Pointer.to(flag), 0, null, null),
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
                case OpenClSource.Arg.Buffer b -> { size = Sizeof.cl_mem; p = Pointer.to(copies.get(byAlias.get(b.alias())).mem); }
                case OpenClSource.Arg.ErrorFlag f -> {
                    if (errorFlag == null) errorFlag = allocate(Sizeof.cl_int);
                    size = Sizeof.cl_mem; p = Pointer.to(errorFlag);
                }
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
                    if (partials == null && dummy == null) dummy = allocate(8);
                    size = Sizeof.cl_mem; p = Pointer.to(partials != null ? partials : dummy);
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
