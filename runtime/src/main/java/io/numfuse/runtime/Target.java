package io.numfuse.runtime;

import io.numfuse.ir.Kernel;

/** A place kernels run: the JVM, or one OpenCL device. */
public interface Target {
    /** Stable name used on the command line: {@code interpreter}, {@code jvm}, {@code opencl:0}. */
    String name();

    /** One line for {@code numfuse devices}. */
    String description();

    /**
     * Runs one kernel: reads its inputs, writes its output view. A host target makes the Java
     * arrays current first (copying back what a device holds newer values of) and drops the
     * device copies of what it writes.
     */
    void run(Kernel kernel);

    /**
     * Runs the kernels of one evaluation in order. A device target keeps the data of the chain
     * on the device, and leaves what it wrote there (DeviceCopies records that):
     * the host copies it back when it reads it ({@code Buffer.beforeHostRead}).
     */
    default void runAll(java.util.List<Kernel> kernels) { for (Kernel k : kernels) run(k); }

    /**
     * Compiles what {@code kernels} need that is not compiled yet, before {@link #runAll}: called
     * without the graph lock, so that a slow compilation holds up only the operations that wait
     * for its arrays. Threads that need one program at once wait for one compilation. A failure
     * is not thrown here: the target remembers it and reports it when it runs the kernel.
     */
    default void prepare(java.util.List<Kernel> kernels) {}

    /** The largest kernel body (instructions) this target wants the fusion pass to build. */
    default int maxKernelBody() { return io.numfuse.ir.Fusion.MAX_BODY; }

    /** What this target's kernels may be, for the fusion pass: its body cap, and its argument space where it has one. */
    default io.numfuse.ir.KernelLimits kernelLimits() { return io.numfuse.ir.KernelLimits.of(maxKernelBody()); }
}
