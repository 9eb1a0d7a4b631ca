package io.numfuse.runtime;

import static org.jocl.CL.*;

import java.util.concurrent.atomic.AtomicInteger;
import org.jocl.cl_mem;

/**
 * Device memory objects as the runtime makes and releases them, counted (for leak tests), with
 * the fault-injection hooks of tests: {@link DeviceCopies} allocates its copies here, and the
 * sessions their partial results and flags.
 */
final class DeviceMemory {
    private DeviceMemory() {}

    /** Device memory objects this runtime holds now (copies, partials, flags), for leak tests. */
    static final AtomicInteger liveMemObjects = new AtomicInteger();
    /** Test hook: the next this-many allocations fail as if the device were out of memory. */
    static final AtomicInteger failAllocations = new AtomicInteger();
    /** A device buffer outside the registry (partials, flags): counted, released by {@link #releaseMem}. */
    static cl_mem rawAllocate(OpenClDevice dev, long bytes) {
        if (OpenClDevice.fault == OpenClDevice.Fault.ALLOCATE || failAllocations.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new OpenClException("clCreateBuffer", dev.label(), CL_MEM_OBJECT_ALLOCATION_FAILURE, "injected by a test");
        }
        lostDeviceFault("clCreateBuffer", dev);
        int[] err = new int[1];
        cl_mem m = clCreateBuffer(dev.context(), CL_MEM_READ_WRITE, Math.max(8, bytes), null, err);
        OpenClException.check(err[0], "clCreateBuffer(" + bytes + " bytes)", dev.label());
        liveMemObjects.incrementAndGet();
        return m;
    }

    static void releaseMem(cl_mem m) {
        clReleaseMemObject(m);
        liveMemObjects.decrementAndGet();
    }
    /** The test hook of a lost device (OpenClDevice.Fault.LOST): every call on it fails. */
    static void lostDeviceFault(String call, OpenClDevice dev) {
        if (OpenClDevice.fault == OpenClDevice.Fault.LOST) throw new OpenClException(call, dev.label(), CL_DEVICE_NOT_AVAILABLE, "injected by a test");
    }
}
