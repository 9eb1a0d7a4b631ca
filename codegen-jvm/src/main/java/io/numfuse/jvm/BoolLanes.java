package io.numfuse.jvm;

/**
 * Bools (bytes 0/1) in and out of a vector loop whose lane count has no {@code ByteVector}
 * species: with 256-bit vectors (AVX2) a loop with a float64 or int64 value has 4 lanes, and
 * there is no byte vector of 32 bits. A mask of the loop's species goes through its lanes' bits
 * ({@code VectorMask.toLong}, {@code VectorMask.fromLong}): the generated code calls these.
 */
final class BoolLanes {
    private BoolLanes() {}

    /** The bits of the {@code lanes} bools from {@code a[i]}: bit j set when {@code a[i + j]} is non-zero. */
    static long load(byte[] a, int i, int lanes) {
        long bits = 0;
        for (int j = 0; j < lanes; j++) if (a[i + j] != 0) bits |= 1L << j;
        return bits;
    }

    /** Stores bit j of {@code bits} as {@code a[i + j]} (0 or 1), for {@code lanes} bools. */
    static void store(long bits, byte[] a, int i, int lanes) {
        for (int j = 0; j < lanes; j++) a[i + j] = (byte) (bits >>> j & 1);
    }
}
