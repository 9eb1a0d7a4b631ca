package io.numfuse.ir;

/**
 * What a target can run, which the fusion pass plans for: the largest kernel body (the JVM
 * does not compile a method past 8000 bytes of bytecode), the bytes of arguments a kernel may
 * take (OpenCL's {@code CL_DEVICE_MAX_PARAMETER_SIZE}, 1024 on many devices, which a sum of a
 * hundred arrays outgrows), and the most elements one kernel iterates over (its loops count in
 * ints; a reduction over more, such as the {@code m x k x p} products of a large dot, is split
 * into kernels over parts of its iteration space), and how deep a kernel of a deep graph that
 * shares much may be ({@link LevelCuts}: on a CPU that compiles a kernel's body straight, a long
 * run of dependent operations per element is latency-bound).
 *
 * @param maxBody          the largest body, in instructions, the pass builds before it cuts
 * @param maxArgumentBytes the largest {@link #argumentBytes} of a kernel (Long.MAX_VALUE: no limit)
 * @param maxElements      the largest iteration space of one kernel, at most {@link Shapes#MAX_SIZE}
 * @param maxLevels        the deepest graph that shares much computed by one kernel, in levels
 *                         (Integer.MAX_VALUE: as deep as {@code maxBody} allows)
 */
public record KernelLimits(int maxBody, long maxArgumentBytes, int maxElements, int maxLevels) {
    /** The fusion pass's own cap and no other limit. */
    public static final KernelLimits DEFAULT = of(Fusion.MAX_BODY);

    public KernelLimits {
        if (maxBody < 8) throw new IllegalArgumentException("a kernel body cap of " + maxBody + " is too small");
        if (maxArgumentBytes < 1) throw new IllegalArgumentException("an argument space of " + maxArgumentBytes + " bytes");
        if (maxElements < 1 || maxElements > Shapes.MAX_SIZE) throw new IllegalArgumentException("a kernel of at most " + maxElements + " elements");
        if (maxLevels < 2 * LevelCuts.LEVELS) throw new IllegalArgumentException("a kernel of at most " + maxLevels + " levels");
    }

    /** A body cap and no other limit. */
    public static KernelLimits of(int maxBody) { return new KernelLimits(maxBody, Long.MAX_VALUE, Shapes.MAX_SIZE, Integer.MAX_VALUE); }

    public KernelLimits withArgumentBytes(long bytes) { return new KernelLimits(maxBody, bytes, maxElements, maxLevels); }

    public KernelLimits withMaxElements(int elements) { return new KernelLimits(maxBody, maxArgumentBytes, elements, maxLevels); }

    /** These limits with kernels of deep, much-shared graphs {@link LevelCuts#LEVELS} x 2 levels deep at most. */
    public KernelLimits withShallowKernels() { return new KernelLimits(maxBody, maxArgumentBytes, maxElements, 2 * LevelCuts.LEVELS); }

    /**
     * An upper bound on the bytes of arguments a backend passes to a kernel over {@code rank}
     * axes with {@code accesses} views (its inputs and its output) and {@code params} scalar
     * parameters: per view a buffer handle (8 bytes), an offset and a stride per axis (4 each);
     * a size per axis (4); per parameter at most 8; and 32 for what a reduction or an error flag
     * adds. OpenCL's kernels take no more (OpenClArgumentBoundTest checks it).
     */
    public static long argumentBytes(int rank, int accesses, int params) {
        return accesses * (8L + 4L + 4L * rank) + 4L * rank + 8L * params + 32;
    }

    /** True when a kernel of that many views and parameters fits the argument space. */
    public boolean fitsArguments(int rank, int accesses, int params) {
        return argumentBytes(rank, accesses, params) <= maxArgumentBytes;
    }
}
