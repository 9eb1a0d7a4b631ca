package io.numfuse.ir;

/**
 * Copies of a buffer's values that live outside its Java array (on OpenCL devices), kept by the
 * runtime. The runtime attaches one to each buffer it has copied ({@link Buffer#attach}); ir knows
 * nothing of devices and calls it only where the host is about to use the array or where storage
 * changes hands between buffers. A buffer with nothing attached lives on the host only.
 */
public interface ExternalCopies {
    /** Makes the Java array of {@code b} current (copies back a newer copy). */
    void beforeHostRead(Buffer b);

    /** Makes the Java array of {@code b} current and forgets every other copy: the host is about to write it. */
    void beforeHostWrite(Buffer b);

    /** {@code to} (new, without copies) takes {@code from}'s copies, as it takes its array ({@link Buffer#detachSnapshot}). */
    void moveTo(Buffer from, Buffer to);

    /** Forgets {@code b}'s copies without copying them back: its values are no longer needed. */
    void release(Buffer b);

    /**
     * Makes {@code to} (new, same dtype and length) a copy of {@code from} where the current
     * values are. Returns false when the Java arrays are to be copied instead (after making
     * {@code from}'s current).
     */
    boolean copyTo(Buffer from, Buffer to);
}
