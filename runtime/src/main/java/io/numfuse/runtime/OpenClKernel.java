package io.numfuse.runtime;

import static org.jocl.CL.*;

import io.numfuse.opencl.OpenClSource;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_kernel;
import org.jocl.cl_mem;

/**
 * One {@code cl_kernel} of a program, with its declared arguments and the values they hold on
 * the device now. OpenCL keeps a kernel's arguments between launches, so a launch sets only
 * those whose value changed: a cached kernel launched again over the same buffers, offsets and
 * sizes makes no {@code clSetKernelArg} call at all (each is a JNI call of a few hundred ns).
 * A scalar goes through one direct buffer, so setting one allocates nothing.
 *
 * <p>Not thread-safe: callers hold the {@link DeviceCopies} monitor, as every evaluation on a
 * device does.
 */
final class OpenClKernel {
    final cl_kernel handle;
    final List<OpenClSource.Arg> args;
    /** Bytes of all arguments (checked against the device's {@code CL_DEVICE_MAX_PARAMETER_SIZE}). */
    final long argBytes;
    /** How long its last awaited launch took, launch to completion (0: not yet known); {@link OpenClWait} reads it. */
    long lastNanos;

    private final String device;       // the device's label, for errors
    private final int[] sizes;         // bytes of each argument
    private final cl_mem[] mems;       // the buffer each buffer argument holds, or null
    private final long[] bits;         // the raw bits each scalar argument holds
    private final boolean[] known;     // whether the device holds the value recorded here
    private final ByteBuffer scratch = ByteBuffer.allocateDirect(Sizeof.cl_long).order(ByteOrder.nativeOrder());
    private final Pointer scratchPointer = Pointer.to(scratch);

    OpenClKernel(cl_kernel handle, List<OpenClSource.Arg> args, String device) {
        this.handle = handle;
        this.device = device;
        this.args = args;
        sizes = new int[args.size()];
        for (int i = 0; i < sizes.length; i++) sizes[i] = size(args.get(i));
        this.argBytes = argumentBytes(args);
        mems = new cl_mem[args.size()];
        bits = new long[args.size()];
        known = new boolean[args.size()];
    }

    /** Bytes of all of {@code args} (the fusion pass keeps them within the device's limit: {@code KernelLimits.argumentBytes}). */
    static long argumentBytes(List<OpenClSource.Arg> args) {
        long bytes = 0;
        for (OpenClSource.Arg a : args) bytes += size(a);
        return bytes;
    }

    /** The size in bytes of an argument of this kind. */
    private static int size(OpenClSource.Arg a) {
        return switch (a) {
            case OpenClSource.Arg.Buffer b -> Sizeof.cl_mem;
            case OpenClSource.Arg.ErrorFlag f -> Sizeof.cl_mem;
            case OpenClSource.Arg.Partials p -> Sizeof.cl_mem;
            case OpenClSource.Arg.Offset o -> Sizeof.cl_int;
            case OpenClSource.Arg.Stride s -> Sizeof.cl_int;
            case OpenClSource.Arg.Dim d -> Sizeof.cl_int;
            case OpenClSource.Arg.Phase p -> Sizeof.cl_int;
            case OpenClSource.Arg.Parts n -> Sizeof.cl_long;
            case OpenClSource.Arg.OfPart p -> size(p.arg());
            case OpenClSource.Arg.Param q -> switch (q.dtype()) {
                case BOOL, INT32 -> Sizeof.cl_int;
                case INT64 -> Sizeof.cl_long;
                case FLOAT32 -> Sizeof.cl_float;
                case FLOAT64 -> Sizeof.cl_double;
            };
        };
    }

    /** Sets buffer argument {@code i} to {@code m} unless it holds it already. */
    void mem(int i, cl_mem m) {
        if (known[i] && mems[i] == m) return;
        known[i] = false;
        check(clSetKernelArg(handle, i, Sizeof.cl_mem, Pointer.to(m)), i);
        mems[i] = m;
        known[i] = true;
    }

    /**
     * Sets scalar argument {@code i} to {@code raw} unless it holds it already: for a 4-byte
     * argument its low 4 bytes (an int, or a float's raw bits), else all 8 (a long, or a
     * double's raw bits).
     */
    void scalar(int i, long raw) {
        int size = sizes[i];
        if (size == Sizeof.cl_int) raw = (int) raw;
        if (known[i] && bits[i] == raw) return;
        known[i] = false;
        if (size == Sizeof.cl_int) scratch.putInt(0, (int) raw); else scratch.putLong(0, raw);
        check(clSetKernelArg(handle, i, size, scratchPointer), i);   // OpenCL copies the value here
        bits[i] = raw;
        known[i] = true;
    }

    private void check(int err, int i) {
        if (err != CL_SUCCESS) throw new OpenClException("clSetKernelArg(" + i + ")", device, err, null);
    }
}
