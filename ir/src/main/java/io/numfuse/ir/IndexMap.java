package io.numfuse.ir;

import java.util.Arrays;

/**
 * An affine map from the index space of an array of {@link #shape()} to the index space of
 * another array of rank {@code rows}: {@code src[d] = base[d] + sum_k coef[d][k] * idx[k]}.
 * Slicing, integer indexing, transposing, broadcasting and new axes are all such maps, and
 * they compose, so a view of a pending expression is pushed down to its leaves at lowering.
 */
public final class IndexMap {
    private final int[] shape;
    private final int[] base;
    private final int[][] coef;

    public IndexMap(int[] shape, int[] base, int[][] coef) {
        this(shape.clone(), base.clone(), copy(coef), true);
    }

    /** Takes the arrays as they are: for the methods below, which build them fresh. */
    private IndexMap(int[] shape, int[] base, int[][] coef, boolean owned) {
        for (int[] row : coef) if (row.length != shape.length) throw new IllegalArgumentException("coefficient row of wrong rank");
        if (base.length != coef.length) throw new IllegalArgumentException("base and coefficients differ in rank");
        this.shape = shape;
        this.base = base;
        this.coef = coef;
    }

    private static int[][] copy(int[][] m) {
        int[][] c = new int[m.length][];
        for (int d = 0; d < m.length; d++) c[d] = m[d].clone();
        return c;
    }

    /**
     * A zero {@code rows x cols} matrix, row by row: C2 compiles {@code new int[r][c]} to a call
     * into the VM, which showed in the profile of a Jacobi step's host work.
     */
    public static int[][] matrix(int rows, int cols) {
        int[][] m = new int[rows][];
        for (int d = 0; d < rows; d++) m[d] = new int[cols];
        return m;
    }

    /** The identity on {@code shape}. */
    public static IndexMap identity(int[] shape) {
        int n = shape.length;
        int[][] c = matrix(n, n);
        for (int i = 0; i < n; i++) c[i][i] = 1;
        return new IndexMap(shape.clone(), new int[n], c, true);
    }

    /** The box of {@code len} elements along each axis starting at {@code start}: its indices to the array's (a slice of step 1 on every axis). */
    public static IndexMap box(int[] start, int[] len) {
        int n = len.length;
        int[][] c = matrix(n, n);
        for (int i = 0; i < n; i++) c[i][i] = 1;
        return new IndexMap(len.clone(), start.clone(), c, true);
    }

    /** NumPy broadcasting of an array of {@code from} to {@code to}, as the map from {@code to} indices to {@code from} indices. */
    public static IndexMap broadcast(int[] from, int[] to) {
        int off = to.length - from.length;
        int[][] c = matrix(from.length, to.length);
        for (int d = 0; d < from.length; d++) if (from[d] == to[d + off]) c[d][d + off] = 1;
        return new IndexMap(to.clone(), new int[from.length], c, true);
    }

    /** The map from a view's own indices to its buffer's linear index, as a 1-row map. */
    public static IndexMap of(View v) {
        int[][] c = { v.strides() };
        return new IndexMap(v.shape(), new int[] { v.offset() }, c, true);
    }

    /** The shape of the index space this map reads from (its domain). */
    public int[] shape() { return shape.clone(); }
    int[] shapeRef() { return shape; }
    public int rank() { return shape.length; }
    /** The rank of the index space it maps into. */
    public int rows() { return base.length; }
    public int base(int row) { return base[row]; }
    public int coef(int row, int k) { return coef[row][k]; }

    /** {@code this} after {@code inner}: first {@code inner} (from its domain), then this map. */
    public IndexMap after(IndexMap inner) {
        if (inner.rows() != rank()) throw new IllegalArgumentException("ranks do not compose");
        int[] b = new int[rows()];
        int[][] c = matrix(rows(), inner.rank());
        for (int d = 0; d < rows(); d++) {
            long acc = base[d];
            for (int j = 0; j < rank(); j++) {
                if (coef[d][j] == 0) continue;
                acc += (long) coef[d][j] * inner.base[j];
                for (int k = 0; k < inner.rank(); k++) c[d][k] += coef[d][j] * inner.coef[j][k];
            }
            b[d] = Math.toIntExact(acc);
        }
        return new IndexMap(inner.shape, b, c, true);
    }

    /** The view of {@code v} seen through this map (this map's rows index {@code v}). */
    public View apply(View v) {
        if (isIdentity() && java.util.Arrays.equals(shape, v.shape())) return v;
        IndexMap lin = of(v).after(this);
        int[] st = new int[rank()];
        for (int k = 0; k < rank(); k++) st[k] = lin.coef[0][k];
        return new View(v.buffer(), lin.base[0], shape, st);
    }

    public boolean isIdentity() {
        if (rows() != rank()) return false;
        for (int d = 0; d < rows(); d++) {
            if (base[d] != 0) return false;
            for (int k = 0; k < rank(); k++) if (coef[d][k] != (d == k ? 1 : 0)) return false;
        }
        return true;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IndexMap m && Arrays.equals(m.shape, shape) && Arrays.equals(m.base, base) && Arrays.deepEquals(m.coef, coef);
    }

    @Override
    public int hashCode() { return (Arrays.hashCode(shape) * 31 + Arrays.hashCode(base)) * 31 + Arrays.deepHashCode(coef); }

    @Override
    public String toString() { return "IndexMap" + Shapes.format(shape) + " base " + Arrays.toString(base) + " coef " + Arrays.deepToString(coef); }
}
