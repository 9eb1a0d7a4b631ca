package io.numfuse.jvm;

import io.numfuse.ir.Kernel;
import io.numfuse.ir.KernelKey;
import io.numfuse.ir.Shapes;
import java.util.List;

/**
 * The first position of the extreme of a unit-stride range: what an arg kernel (argmax, argmin)
 * runs over each contiguous line, or part of one, on the JVM. NumPy's rule: the first of equal
 * extremes, and the first NaN when there is one (a NaN is more extreme than any number).
 *
 * <p>The range is taken a block of {@link #BLOCK} elements at a time: the block's extreme first,
 * a vector pass for floats ({@link ExtremeRange}, whose {@code Math.max} propagates NaN), and only
 * when it beats the extreme so far is the block read again, from L1, for the first position of
 * that value (or of a NaN). On data without order the extreme improves in few blocks, so the
 * cost is about one vectorised max pass, not a compare-and-branch per element. Equal values
 * compare equal ({@code -0.0 == 0.0}), so which zero a block's maximum is does not matter.
 */
public final class ArgRange {
    private ArgRange() {}

    /** Elements per block: 8 KiB of float32, in L1 when it is read a second time. */
    static final int BLOCK = 2048;

    /** The first position in {@code a[from, to)} (not empty) of its largest ({@code max}) or least value, or of its first NaN. */
    public static int first(float[] a, int from, int to, boolean max) {
        int best = -1;
        float m = 0;
        for (int s = from; s < to; s = end(s, to)) {
            int e = end(s, to);
            float b = max ? ExtremeRange.max(a[s], a, s, e) : ExtremeRange.min(a[s], a, s, e);
            if (best < 0 || b != b || (max ? b > m : b < m)) {
                m = b;
                best = s;
                if (b != b) { while (a[best] == a[best]) best++; return best; }
                while (a[best] != b) best++;
            }
        }
        return best;
    }

    /** {@link #first(float[], int, int, boolean)} for float64. */
    public static int first(double[] a, int from, int to, boolean max) {
        int best = -1;
        double m = 0;
        for (int s = from; s < to; s = end(s, to)) {
            int e = end(s, to);
            double b = max ? ExtremeRange.max(a[s], a, s, e) : ExtremeRange.min(a[s], a, s, e);
            if (best < 0 || b != b || (max ? b > m : b < m)) {
                m = b;
                best = s;
                if (b != b) { while (a[best] == a[best]) best++; return best; }
                while (a[best] != b) best++;
            }
        }
        return best;
    }

    /** {@link #first(float[], int, int, boolean)} for int32 (no NaN): C2 vectorises the block's {@code Math.max}. */
    public static int first(int[] a, int from, int to, boolean max) {
        int best = -1, m = 0;
        for (int s = from; s < to; s = end(s, to)) {
            int e = end(s, to), b = a[s];
            if (max) for (int i = s + 1; i < e; i++) b = Math.max(b, a[i]);
            else for (int i = s + 1; i < e; i++) b = Math.min(b, a[i]);
            if (best < 0 || (max ? b > m : b < m)) {
                m = b;
                for (best = s; a[best] != b; best++) { }
            }
        }
        return best;
    }

    /** {@link #first(float[], int, int, boolean)} for int64. */
    public static int first(long[] a, int from, int to, boolean max) {
        int best = -1;
        long m = 0;
        for (int s = from; s < to; s = end(s, to)) {
            int e = end(s, to);
            long b = a[s];
            if (max) for (int i = s + 1; i < e; i++) b = Math.max(b, a[i]);
            else for (int i = s + 1; i < e; i++) b = Math.min(b, a[i]);
            if (best < 0 || (max ? b > m : b < m)) {
                m = b;
                for (best = s; a[best] != b; best++) { }
            }
        }
        return best;
    }

    /** {@link #first(float[], int, int, boolean)} for bool (bytes 0 and 1): the first 1 (argmax) or 0 (argmin), else {@code from}. */
    public static int first(byte[] a, int from, int to, boolean max) {
        byte want = (byte) (max ? 1 : 0);
        for (int i = from; i < to; i++) if (a[i] == want) return i;
        return from;
    }

    /** {@link #first(float[], int, int, boolean)} on any of the arrays numfuse's buffers use. */
    public static int first(Object a, int from, int to, boolean max) {
        return switch (a) {
            case float[] f -> first(f, from, to, max);
            case double[] d -> first(d, from, to, max);
            case int[] i -> first(i, from, to, max);
            case long[] l -> first(l, from, to, max);
            case byte[] b -> first(b, from, to, max);
            default -> throw new IllegalArgumentException("no arg-reduction over " + a.getClass().getSimpleName());
        };
    }

    /**
     * The key of {@code k}'s producer as a map kernel: its body, stored into a new C-contiguous
     * array over its iteration space (the runtime binds scratch rows of it, a block at a time, and reduces them while they are in cache).
     */
    public static KernelKey valuesKey(Kernel k) {
        KernelKey key = k.key();
        int[] shape = k.shape(), strides = Shapes.cStrides(shape);
        char[] layout = new char[shape.length];
        for (int d = 0; d < shape.length; d++) layout[d] = shape[d] == 1 || strides[d] == 0 ? '0' : strides[d] == 1 ? '1' : 's';
        int alias = 0;
        for (KernelKey.Access a : key.inputs()) alias = Math.max(alias, a.alias() + 1);
        KernelKey.Access out = new KernelKey.Access(k.value().type(), new String(layout), alias);
        return new KernelKey(shape.length, key.body(), key.inputs(), out, null, List.of());
    }

    /** The end of the block that starts at {@code s}, without overflow. */
    private static int end(int s, int to) { return (int) Math.min(to, (long) s + BLOCK); }
}
