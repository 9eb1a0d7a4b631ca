package io.numfuse.jvm;

/**
 * The maximum or minimum of a unit-stride range, combined into a running value: what a float
 * {@code max(a)}/{@code min(a)} kernel calls for each row of its innermost reduced axis (see
 * {@link JvmCodegen}), as {@code sum(a)} calls {@link CompensatedSum#add}. With the
 * Vector API lane-wise ({@link VectorExtreme}), else a plain loop. {@code Math.max}'s semantics
 * either way (NaN wins, -0.0 below 0.0), so the result does not depend on the order.
 */
public final class ExtremeRange {
    private ExtremeRange() {}

    /** {@code acc} and the largest of {@code a[from, to)}: NaN when any is. */
    public static float max(float acc, float[] a, int from, int to) {
        if (BlockMath.VECTOR) return VectorExtreme.max(acc, a, from, to);
        for (int i = from; i < to; i++) acc = Math.max(acc, a[i]);
        return acc;
    }

    /** {@code acc} and the least of {@code a[from, to)}: NaN when any is. */
    public static float min(float acc, float[] a, int from, int to) {
        if (BlockMath.VECTOR) return VectorExtreme.min(acc, a, from, to);
        for (int i = from; i < to; i++) acc = Math.min(acc, a[i]);
        return acc;
    }

    /** {@code acc} and the largest of {@code a[from, to)}: NaN when any is. */
    public static double max(double acc, double[] a, int from, int to) {
        if (BlockMath.VECTOR) return VectorExtreme.max(acc, a, from, to);
        for (int i = from; i < to; i++) acc = Math.max(acc, a[i]);
        return acc;
    }

    /** {@code acc} and the least of {@code a[from, to)}: NaN when any is. */
    public static double min(double acc, double[] a, int from, int to) {
        if (BlockMath.VECTOR) return VectorExtreme.min(acc, a, from, to);
        for (int i = from; i < to; i++) acc = Math.min(acc, a[i]);
        return acc;
    }
}
