package io.numfuse.runtime;

import io.numfuse.ir.Kernel;

/** A place kernels run: the JVM, or one OpenCL device. */
public interface Target {
    /** Stable name used on the command line: {@code interpreter}, {@code jvm}, {@code opencl:0}. */
    String name();

    /** One line for {@code numfuse devices}. */
    String description();

    /** Runs one kernel: reads its inputs, writes its output view. */
    void run(Kernel kernel);

    /** The largest kernel body (instructions) this target wants the fusion pass to build. */
    default int maxKernelBody() { return io.numfuse.ir.Fusion.MAX_BODY; }
}
