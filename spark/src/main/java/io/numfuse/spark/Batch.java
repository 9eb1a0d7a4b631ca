package io.numfuse.spark;

import io.numfuse.core.DType;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.vectorized.ColumnVector;
import org.apache.spark.sql.vectorized.ColumnarBatch;

/**
 * Some rows of a partition with the input columns as Java arrays of their dtypes, ready to wrap
 * as numfuse arrays, and each column's nulls. A null element holds a placeholder (0, or whatever
 * a columnar vector holds there), which the expression sees and the result then hides.
 * Built from Spark's columnar batches when the input is columnar (no row is materialised), else
 * from rows, {@code batchRows} at a time (copied when the output must carry them on).
 */
final class Batch {
    /** The number of rows. */
    final int n;
    /**
     * Per input slot: a Java array of the slot's dtype, {@code n} long, which numfuse only reads:
     * for rows, the arrays of the batch before when the batch is full; for a columnar batch, the
     * column vector's own array where it can be ({@link OnHeapArrays}); either way the batch is
     * evaluated before the next one is read.
     */
    final Object[] values;
    /** Per input slot: which rows are null, or null when none is. */
    final boolean[][] nulls;
    /** The rows themselves (copies), when read from rows for a new column; else null. */
    final InternalRow[] rows;
    /** The columnar batch it was read from, else null. */
    final ColumnarBatch columns;

    private Batch(int n, Object[] values, boolean[][] nulls, InternalRow[] rows, ColumnarBatch columns) {
        this.n = n;
        this.values = values;
        this.nulls = nulls;
        this.rows = rows;
        this.columns = columns;
    }

    /** The rows where every one of {@code slots} is non-null, or null when that is every row. */
    boolean[] valid(int[] slots) {
        boolean[] valid = null;
        for (int s : slots) {
            boolean[] isNull = nulls[s];
            if (isNull == null) continue;
            if (valid == null) {
                valid = new boolean[n];
                java.util.Arrays.fill(valid, true);
            }
            for (int i = 0; i < n; i++) if (isNull[i]) valid[i] = false;
        }
        return valid;
    }

    /**
     * The batch of the columns {@code slots} of this batch (one read from every column of the
     * input, in order): the arrays and masks themselves, no copy.
     */
    Batch columns(InputSlot[] slots) {
        Object[] v = new Object[slots.length];
        boolean[][] m = new boolean[slots.length][];
        for (int s = 0; s < slots.length; s++) {
            v[s] = values[slots[s].ordinal()];
            m[s] = nulls[slots[s].ordinal()];
        }
        return new Batch(n, v, m, null, null);
    }

    /** One batch per columnar batch of {@code input}. */
    static Iterator<Batch> fromColumns(Iterator<ColumnarBatch> input, InputSlot[] slots) {
        return new Iterator<>() {
            @Override public boolean hasNext() { return input.hasNext(); }
            @Override public Batch next() {
                ColumnarBatch cb = input.next();
                int n = cb.numRows();
                Object[] values = new Object[slots.length];
                boolean[][] nulls = new boolean[slots.length][];
                for (int s = 0; s < slots.length; s++) {
                    ColumnVector v = cb.column(slots[s].ordinal());
                    values[s] = read(v, slots[s].sparkType(), n);
                    if (v.hasNull()) {
                        boolean[] isNull = new boolean[n];
                        for (int i = 0; i < n; i++) isNull[i] = v.isNullAt(i);
                        nulls[s] = isNull;
                    }
                }
                return new Batch(n, values, nulls, null, cb);
            }
        };
    }

    private static Object read(ColumnVector v, DataType t, int n) {
        if (n == 0) return SparkTypes.newArray(SparkTypes.dtypeOf(t), 0);
        Object backing = OnHeapArrays.of(v, t, n);   // the vector's own array, when numfuse may read it as it is
        if (backing != null) return backing;
        if (t.equals(DataTypes.DoubleType)) return v.getDoubles(0, n);
        if (t.equals(DataTypes.FloatType)) return v.getFloats(0, n);
        if (t.equals(DataTypes.LongType)) return v.getLongs(0, n);
        if (t.equals(DataTypes.IntegerType)) return v.getInts(0, n);
        int[] ints = new int[n];
        if (t.equals(DataTypes.ShortType)) {
            short[] a = v.getShorts(0, n);
            for (int i = 0; i < n; i++) ints[i] = a[i];
            return ints;
        }
        if (t.equals(DataTypes.ByteType)) {
            byte[] a = v.getBytes(0, n);
            for (int i = 0; i < n; i++) ints[i] = a[i];
            return ints;
        }
        boolean[] a = v.getBooleans(0, n);   // BooleanType, the last the planner lets through
        byte[] bytes = new byte[n];
        for (int i = 0; i < n; i++) bytes[i] = a[i] ? (byte) 1 : 0;
        return bytes;
    }

    /** The rows a batch read from rows has room for at first: its arrays grow with the rows read, up to {@code batchRows}. */
    static final int FIRST_CAPACITY = 4096;

    /**
     * Batches of at most {@code batchRows} rows of {@code input}; {@code keepRows}: each batch
     * carries copies of its rows. A full batch's arrays, null masks and rows are those of the
     * batch before (each batch is evaluated and its rows passed on before the next is read).
     * The arrays start with room for {@value #FIRST_CAPACITY} rows (or {@code batchRows}) and
     * double as rows come, so that a large {@code batchRows} over a small partition allocates for
     * the rows there are, not for {@code batchRows} (300,000,000 made each task allocate 2.4 GB per
     * double column before reading a row). Once a batch is full they keep their size: the copies
     * made while growing are once per partition, less than the full arrays' size in all.
     */
    static Iterator<Batch> fromRows(Iterator<InternalRow> input, InputSlot[] slots, int batchRows, boolean keepRows) {
        return new Iterator<>() {
            /** The arrays of every full batch, each slot's null mask (made at its first null), the rows; all {@code capacity} long. */
            final Object[] arrays = new Object[slots.length];
            final boolean[][] masks = new boolean[slots.length][];
            InternalRow[] kept;
            int capacity = Math.min(batchRows, FIRST_CAPACITY);

            @Override public boolean hasNext() { return input.hasNext(); }
            @Override public Batch next() {
                if (!input.hasNext()) throw new NoSuchElementException();
                Object[] values = new Object[slots.length];
                boolean[][] nulls = new boolean[slots.length][];
                for (int s = 0; s < slots.length; s++) {
                    if (arrays[s] == null) arrays[s] = SparkTypes.newArray(slots[s].dtype(), capacity);
                    values[s] = arrays[s];
                }
                if (keepRows && kept == null) kept = new InternalRow[capacity];
                int n = 0;
                for (; n < batchRows && input.hasNext(); n++) {
                    if (n == capacity) grow(values, nulls);
                    InternalRow row = input.next();   // Spark reuses the object: copied when kept
                    if (keepRows) kept[n] = row.copy();
                    for (int s = 0; s < slots.length; s++) {
                        InputSlot slot = slots[s];
                        int o = slot.ordinal();
                        if (row.isNullAt(o)) {
                            if (nulls[s] == null) nulls[s] = clearedMask(s);
                            nulls[s][n] = true;
                            continue;
                        }
                        store(values[s], slot, row, o, n);
                    }
                }
                InternalRow[] rows = keepRows ? kept : null;
                return n == capacity ? new Batch(n, values, nulls, rows, null) : trimmed(n, values, nulls, rows);
            }

            /** Doubles the room of the arrays (up to {@code batchRows}), those of this batch ({@code values}, {@code nulls}) with them. */
            private void grow(Object[] values, boolean[][] nulls) {
                capacity = (int) Math.min(batchRows, 2L * capacity);
                for (int s = 0; s < slots.length; s++) {
                    arrays[s] = values[s] = copyOf(values[s], capacity);
                    masks[s] = nulls[s] = nulls[s] == null ? null : java.util.Arrays.copyOf(nulls[s], capacity);
                }
                if (kept != null) kept = java.util.Arrays.copyOf(kept, capacity);
            }

            private boolean[] clearedMask(int s) {
                if (masks[s] == null) masks[s] = new boolean[capacity];
                else java.util.Arrays.fill(masks[s], false);
                return masks[s];
            }
        };
    }

    private static void store(Object array, InputSlot slot, InternalRow row, int o, int i) {
        DataType t = slot.sparkType();
        switch (slot.dtype()) {
            case FLOAT64 -> ((double[]) array)[i] = row.getDouble(o);
            case FLOAT32 -> ((float[]) array)[i] = row.getFloat(o);
            case INT64 -> ((long[]) array)[i] = row.getLong(o);
            case INT32 -> ((int[]) array)[i] = t.equals(DataTypes.IntegerType) ? row.getInt(o)
                    : t.equals(DataTypes.ShortType) ? row.getShort(o) : row.getByte(o);
            case BOOL -> ((byte[]) array)[i] = row.getBoolean(o) ? (byte) 1 : 0;
        }
    }

    private static Batch trimmed(int n, Object[] values, boolean[][] nulls, InternalRow[] rows) {
        for (int s = 0; s < values.length; s++) {
            values[s] = copyOf(values[s], n);
            if (nulls[s] != null) nulls[s] = java.util.Arrays.copyOf(nulls[s], n);
        }
        return new Batch(n, values, nulls, rows == null ? null : java.util.Arrays.copyOf(rows, n), null);
    }

    private static Object copyOf(Object array, int n) {
        return switch (array) {
            case double[] a -> java.util.Arrays.copyOf(a, n);
            case float[] a -> java.util.Arrays.copyOf(a, n);
            case long[] a -> java.util.Arrays.copyOf(a, n);
            case int[] a -> java.util.Arrays.copyOf(a, n);
            case byte[] a -> java.util.Arrays.copyOf(a, n);
            default -> throw new IllegalStateException(array.getClass().toString());
        };
    }

    /** The dtype of slot {@code s}'s array. */
    static DType dtypeOf(Object array) {
        return switch (array) {
            case double[] _ -> DType.FLOAT64;
            case float[] _ -> DType.FLOAT32;
            case long[] _ -> DType.INT64;
            case int[] _ -> DType.INT32;
            case byte[] _ -> DType.BOOL;
            default -> throw new IllegalStateException(array.getClass().toString());
        };
    }
}
