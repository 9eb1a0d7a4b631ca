package io.numfuse.ir;

import java.util.List;

/**
 * Flat storage of one dtype, identified by object identity. Backed by a Java array
 * ({@code byte[]} for bool, 0 or 1; {@code int[]}, {@code long[]}, {@code float[]},
 * {@code double[]}), which C2 vectorises.
 *
 * <p>A buffer also knows which pending (not yet evaluated) graph nodes read it directly, so
 * that a write can first preserve what those nodes will see (laziness rule 2).
 */
public final class Buffer {
    private final DType dtype;
    private final Object data;
    private final int length;
    private final PendingNodes readers = new PendingNodes();

    private Buffer(DType dtype, Object data, int length) {
        this.dtype = dtype;
        this.data = data;
        this.length = length;
    }

    /** A zero-filled buffer. */
    public static Buffer allocate(DType dtype, int length) {
        Object data = switch (dtype) {
            case BOOL -> new byte[length];
            case INT32 -> new int[length];
            case INT64 -> new long[length];
            case FLOAT32 -> new float[length];
            case FLOAT64 -> new double[length];
        };
        return new Buffer(dtype, data, length);
    }

    /** Wraps (does not copy) a Java array of the type {@code dtype} uses. */
    public static Buffer wrap(DType dtype, Object array) {
        int n = switch (dtype) {
            case BOOL -> ((byte[]) array).length;
            case INT32 -> ((int[]) array).length;
            case INT64 -> ((long[]) array).length;
            case FLOAT32 -> ((float[]) array).length;
            case FLOAT64 -> ((double[]) array).length;
        };
        return new Buffer(dtype, array, n);
    }

    public DType dtype() { return dtype; }
    public int length() { return length; }

    /** The backing array; its class depends on {@link #dtype()}. */
    public Object array() { return data; }

    /** Element {@code i} as a long (bool 0/1, ints); only for bool and int buffers. */
    public long getLong(int i) {
        return switch (dtype) {
            case BOOL -> ((byte[]) data)[i];
            case INT32 -> ((int[]) data)[i];
            case INT64 -> ((long[]) data)[i];
            default -> throw new IllegalStateException("not an integer buffer: " + dtype);
        };
    }

    /** Element {@code i} as a double; only for float buffers. */
    public double getDouble(int i) {
        return switch (dtype) {
            case FLOAT32 -> ((float[]) data)[i];
            case FLOAT64 -> ((double[]) data)[i];
            default -> throw new IllegalStateException("not a float buffer: " + dtype);
        };
    }

    public void setLong(int i, long v) {
        switch (dtype) {
            case BOOL -> ((byte[]) data)[i] = (byte) (v != 0 ? 1 : 0);
            case INT32 -> ((int[]) data)[i] = (int) v;
            case INT64 -> ((long[]) data)[i] = v;
            default -> throw new IllegalStateException("not an integer buffer: " + dtype);
        }
    }

    public void setDouble(int i, double v) {
        switch (dtype) {
            case FLOAT32 -> ((float[]) data)[i] = (float) v;
            case FLOAT64 -> ((double[]) data)[i] = v;
            default -> throw new IllegalStateException("not a float buffer: " + dtype);
        }
    }

    /** A new buffer with the same contents. */
    public Buffer copy() {
        Buffer b = allocate(dtype, length);
        System.arraycopy(data, 0, b.data, 0, length);
        return b;
    }

    /** Records that {@code node}, not yet evaluated, reads this buffer directly. */
    void addReader(Node node) { readers.add(node); }

    /** The nodes still alive and pending that read this buffer directly; forgets the others. */
    public List<Node> pendingReaders() { return readers.live(); }

    @Override
    public String toString() { return "Buffer@" + Integer.toHexString(System.identityHashCode(this)) + "(" + dtype.numpyName() + "[" + length + "])"; }
}
