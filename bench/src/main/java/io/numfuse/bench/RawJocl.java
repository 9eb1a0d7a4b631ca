package io.numfuse.bench;

import static org.jocl.CL.*;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_command_queue;
import org.jocl.cl_context;
import org.jocl.cl_device_id;
import org.jocl.cl_event;
import org.jocl.cl_kernel;
import org.jocl.cl_mem;
import org.jocl.cl_platform_id;
import org.jocl.cl_program;

/**
 * The {@code baseline:raw-jocl} rows: hand-written OpenCL C kernels launched directly through
 * JOCL on the device numfuse calls {@code opencl:N} (found in the same order: platforms, then
 * their devices), with their own context and in-order queue, data uploaded once (resident), and
 * a launch followed by {@code clFinish} per call.
 */
final class RawJocl {
    final cl_device_id device;
    final cl_context context;
    final cl_command_queue queue;
    final String name;

    private RawJocl(cl_device_id device, String name) {
        this.device = device;
        this.name = name;
        int[] err = new int[1];
        context = clCreateContext(null, 1, new cl_device_id[] { device }, null, null, err);
        check(err[0], "clCreateContext");
        queue = legacyQueue(err);
        check(err[0], "clCreateCommandQueue");
    }

    @SuppressWarnings("deprecation")
    private cl_command_queue legacyQueue(int[] err) { return clCreateCommandQueue(context, device, 0, err); }

    /** Device {@code index} in numfuse's numbering. */
    static RawJocl open(int index) {
        setExceptionsEnabled(false);
        int[] n = new int[1];
        check(clGetPlatformIDs(0, null, n), "clGetPlatformIDs");
        cl_platform_id[] platforms = new cl_platform_id[n[0]];
        check(clGetPlatformIDs(n[0], platforms, null), "clGetPlatformIDs");
        List<cl_device_id> all = new ArrayList<>();
        for (cl_platform_id p : platforms) {
            int[] count = new int[1];
            if (clGetDeviceIDs(p, CL_DEVICE_TYPE_ALL, 0, null, count) != CL_SUCCESS || count[0] == 0) continue;
            cl_device_id[] ids = new cl_device_id[count[0]];
            if (clGetDeviceIDs(p, CL_DEVICE_TYPE_ALL, count[0], ids, null) != CL_SUCCESS) continue;
            all.addAll(List.of(ids));
        }
        if (index >= all.size()) throw new IllegalStateException("no OpenCL device " + index);
        cl_device_id d = all.get(index);
        long[] size = new long[1];
        clGetDeviceInfo(d, CL_DEVICE_NAME, 0, null, size);
        byte[] b = new byte[(int) size[0]];
        clGetDeviceInfo(d, CL_DEVICE_NAME, b.length, Pointer.to(b), null);
        return new RawJocl(d, new String(b, 0, Math.max(0, b.length - 1), StandardCharsets.UTF_8));
    }

    cl_kernel kernel(String source, String kernelName) {
        int[] err = new int[1];
        cl_program p = clCreateProgramWithSource(context, 1, new String[] { source }, null, err);
        check(err[0], "clCreateProgramWithSource");
        int code = clBuildProgram(p, 0, null, "", null, null);
        if (code != CL_SUCCESS) {
            long[] size = new long[1];
            clGetProgramBuildInfo(p, device, CL_PROGRAM_BUILD_LOG, 0, null, size);
            byte[] log = new byte[(int) Math.max(1, size[0])];
            clGetProgramBuildInfo(p, device, CL_PROGRAM_BUILD_LOG, log.length, Pointer.to(log), null);
            throw new IllegalStateException("clBuildProgram: " + code + "\n" + new String(log, StandardCharsets.UTF_8));
        }
        cl_kernel k = clCreateKernel(p, kernelName, err);
        check(err[0], "clCreateKernel");
        return k;
    }

    cl_mem buffer(long bytes) {
        int[] err = new int[1];
        cl_mem m = clCreateBuffer(context, CL_MEM_READ_WRITE, Math.max(8, bytes), null, err);
        check(err[0], "clCreateBuffer");
        return m;
    }

    /** A device buffer holding {@code array} (float[], double[] or int[]). */
    cl_mem upload(Object array) {
        long bytes = bytes(array);
        cl_mem m = buffer(bytes);
        check(clEnqueueWriteBuffer(queue, m, CL_TRUE, 0, bytes, pointer(array), 0, null, null), "clEnqueueWriteBuffer");
        return m;
    }

    void write(cl_mem m, Object array) {
        check(clEnqueueWriteBuffer(queue, m, CL_TRUE, 0, bytes(array), pointer(array), 0, null, null), "clEnqueueWriteBuffer");
    }

    void read(cl_mem m, Object array) {
        check(clEnqueueReadBuffer(queue, m, CL_TRUE, 0, bytes(array), pointer(array), 0, null, null), "clEnqueueReadBuffer");
    }

    static void arg(cl_kernel k, int i, cl_mem m) { check(clSetKernelArg(k, i, Sizeof.cl_mem, Pointer.to(m)), "clSetKernelArg"); }
    static void arg(cl_kernel k, int i, int v) { check(clSetKernelArg(k, i, Sizeof.cl_int, Pointer.to(new int[] { v })), "clSetKernelArg"); }
    static void arg(cl_kernel k, int i, double v) { check(clSetKernelArg(k, i, Sizeof.cl_double, Pointer.to(new double[] { v })), "clSetKernelArg"); }

    /** Enqueues {@code k} over {@code global} work-items (1-D or 2-D) without waiting. */
    void enqueue(cl_kernel k, long... global) {
        check(clEnqueueNDRangeKernel(queue, k, global.length, null, global, null, 0, null, null), "clEnqueueNDRangeKernel");
    }

    void finish() { check(clFinish(queue), "clFinish"); }

    private final cl_event event = new cl_event();
    private final int[] status = new int[1];
    private final Pointer statusPointer = Pointer.to(status);
    private long lastNanos;

    /**
     * Enqueues {@code k} and waits as numfuse waits (its OpenClWait, default settings): when the
     * last such wait took at most 250 us, polls the launch's event for up to 500 us, yielding the
     * core between polls; then calls {@code clFinish} (at once when the kernel is done), and
     * reads the final status only when polling did not see it.
     */
    void enqueueAndPoll(cl_kernel k, long... global) {
        check(clEnqueueNDRangeKernel(queue, k, global.length, null, global, null, 0, null, event), "clEnqueueNDRangeKernel");
        long t0 = System.nanoTime();
        status[0] = CL_QUEUED;
        if (lastNanos <= 250_000) {
            while (status() > CL_COMPLETE && System.nanoTime() - t0 < 500_000) Thread.yield();
        }
        finish();
        if (status[0] > CL_COMPLETE) status();   // not seen complete while polling: its final status
        lastNanos = System.nanoTime() - t0;
        clReleaseEvent(event);
        if (status[0] < 0) check(status[0], "the kernel's execution");
    }

    private int status() {
        check(clGetEventInfo(event, CL_EVENT_COMMAND_EXECUTION_STATUS, Sizeof.cl_int, statusPointer, null), "clGetEventInfo");
        return status[0];
    }

    private static long bytes(Object array) {
        if (array instanceof float[] f) return (long) f.length * Sizeof.cl_float;
        if (array instanceof int[] i) return (long) i.length * Sizeof.cl_int;
        return (long) ((double[]) array).length * Sizeof.cl_double;
    }

    private static Pointer pointer(Object array) {
        if (array instanceof float[] f) return Pointer.to(f);
        if (array instanceof int[] i) return Pointer.to(i);
        return Pointer.to((double[]) array);
    }

    static void check(int code, String call) {
        if (code != CL_SUCCESS) throw new IllegalStateException(call + " failed: " + stringFor_errorCode(code));
    }
}
