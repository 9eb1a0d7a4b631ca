package io.numfuse.runtime;

import static org.jocl.CL.*;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_event;

/**
 * How an evaluation waits for its last kernel on a device: poll, then block.
 *
 * <p>{@code clFinish} blocks in the driver, and on a CPU device a blocked host thread is woken
 * by the worker that ran the kernel, which costs a thread wake-up per launch. On this 2-core VM
 * (PoCL) a small launch took 47-58 us (median of three runs) with {@code clFinish} and 16-19 us
 * polling its event, with 3 us of host work between launches (scripts/LaunchWait.java). So the
 * last launch of an evaluation carries an event, and the wait polls its status, yielding the
 * core between polls, before it blocks in {@code clFinish} (CUDA's "yield" wait): when the
 * kernel's last run took at most {@code numfuse.opencl.pollMicros} (default 250), for up to
 * twice that. A longer kernel is waited for by blocking at once: a wake-up is then at most a few
 * percent of its time. The 250 us cover a 500x500 Jacobi step on PoCL here (100-150 us), which
 * polling brought from 1.14-1.17x of the raw {@code clFinish} loop to about 0.9x
 * (docs/PERFORMANCE.md, "What changed"). {@code clFinish} always follows (it returns
 * at once when the queue is empty), so the errors of the other commands still surface there,
 * and a failed kernel's event status surfaces as an {@link OpenClException}.
 *
 * <p>One per device; callers hold the {@link DeviceCopies} monitor, as every evaluation on a
 * device does. The event object is reused, and a launch releases the event of the one before,
 * so no more than one event is held per device.
 */
final class OpenClWait {
    /** Kernels whose last run took at most this long are waited for by polling (for up to twice as long). */
    static final long POLL_NANOS = 1000L * Long.getLong("numfuse.opencl.pollMicros", 250);

    private final String device;
    private final cl_event event = new cl_event();
    private final ByteBuffer status = ByteBuffer.allocateDirect(Sizeof.cl_int).order(ByteOrder.nativeOrder());
    private final Pointer statusPointer = Pointer.to(status);
    private boolean held;            // `event` holds an event this class must release
    private OpenClKernel kernel;     // the kernel `event` belongs to, while it is the last command
    private long launchedAt;
    private long polls, caught;      // waits that polled, and those of them that saw the kernel complete
    private long lastNanos;          // the last awaited launch's time, launch to completion

    OpenClWait(String device) { this.device = device; }

    /** The event object for the next launch (the one before, if held, released first). */
    cl_event next() {
        release();
        return event;
    }

    /** A launch of {@code k} enqueued with the event from {@link #next()}: it is the last command now. */
    void launched(OpenClKernel k) {
        held = true;
        kernel = k;
        launchedAt = System.nanoTime();
    }

    /** Another command was enqueued after the last launch: the wait blocks. */
    void commandAfter() { kernel = null; }

    /** Waits for every command on {@code queue}; throws the first error found. */
    void await(org.jocl.cl_command_queue queue) {
        OpenClKernel k = kernel;
        kernel = null;
        try {
            if (k != null) {                     // set only while its event is held
                int s = k.lastNanos <= POLL_NANOS ? poll() : CL_QUEUED;
                OpenClException.check(clFinish(queue), "clFinish", device);
                if (s > CL_COMPLETE) s = status();
                if (OpenClDevice.fault == OpenClDevice.Fault.EXECUTION) s = CL_OUT_OF_RESOURCES;   // test hook
                if (s < 0) throw new OpenClException("the kernel's execution (event status)", device, s, null);
                k.lastNanos = lastNanos = System.nanoTime() - launchedAt;
            } else {
                OpenClException.check(clFinish(queue), "clFinish", device);
            }
        } finally {
            release();
        }
    }

    /**
     * Polls the event until it completes or the budget runs out; its last status. Between polls
     * the thread yields its core: on a CPU device the kernel's own threads may be waiting for it.
     */
    private int poll() {
        polls++;
        long deadline = launchedAt + 2 * POLL_NANOS;
        int s;
        while ((s = status()) > CL_COMPLETE && System.nanoTime() < deadline) Thread.yield();
        if (s <= CL_COMPLETE) caught++;
        return s;
    }

    private int status() {
        int err = clGetEventInfo(event, CL_EVENT_COMMAND_EXECUTION_STATUS, Sizeof.cl_int, statusPointer, null);
        OpenClException.check(err, "clGetEventInfo", device);
        return status.getInt(0);
    }

    private void release() {
        if (!held) return;
        held = false;
        kernel = null;
        clReleaseEvent(event);
    }

    /** The last awaited launch's time, launch to completion (tests). */
    long lastNanos() { return lastNanos; }

    /** Waits that polled (tests). */
    long polls() { return polls; }

    /** Waits that saw their kernel complete while polling (tests). */
    long caught() { return caught; }
}
