package io.numfuse.spark;

import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.vectorized.ColumnVector;
import org.apache.spark.sql.vectorized.ColumnarArray;
import org.apache.spark.sql.vectorized.ColumnarMap;
import org.apache.spark.sql.types.Decimal;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * A column as Spark's column vector over a Java array of numfuse's: a result, over the array
 * numfuse evaluated into, or an input column gathered from rows (a tinyint or smallint column
 * held as int32): no copy into a vector of Spark's, and a row is null where the validity mask
 * says so. Read-only; the Spark code that reads it (the generated loop of a
 * {@code ColumnarToRow} conversion) calls only the getter of its type and {@link #isNullAt}.
 */
final class ResultVector extends ColumnVector {
    private final Object values;
    private final double[] doubles;
    private final float[] floats;
    private final long[] longs;
    private final int[] ints;
    private final byte[] bools;
    private final boolean[] valid;
    private final int nulls;

    /**
     * @param type   the Spark type of the result's numfuse dtype
     * @param values the result: double[], float[], long[], int[], or byte[] of 0 and 1 for bool
     * @param valid  which rows hold a value, or null when all do
     */
    ResultVector(DataType type, Object values, boolean[] valid) {
        super(type);
        this.values = values;
        this.doubles = values instanceof double[] a ? a : null;
        this.floats = values instanceof float[] a ? a : null;
        this.longs = values instanceof long[] a ? a : null;
        this.ints = values instanceof int[] a ? a : null;
        this.bools = values instanceof byte[] a ? a : null;
        this.valid = valid;
        int n = 0;
        if (valid != null) for (boolean v : valid) if (!v) n++;
        this.nulls = n;
    }

    @Override public void close() {}   // plain Java arrays: the collector frees them
    @Override public boolean hasNull() { return nulls > 0; }
    @Override public int numNulls() { return nulls; }
    @Override public boolean isNullAt(int rowId) { return valid != null && !valid[rowId]; }
    @Override public boolean getBoolean(int rowId) { return bools[rowId] != 0; }
    @Override public double getDouble(int rowId) { return doubles[rowId]; }
    @Override public float getFloat(int rowId) { return floats[rowId]; }
    @Override public long getLong(int rowId) { return longs[rowId]; }
    @Override public int getInt(int rowId) { return ints[rowId]; }
    @Override public byte getByte(int rowId) {   // a tinyint column, held as int32
        if (ints == null) throw unsupported("byte");
        return (byte) ints[rowId];
    }
    @Override public short getShort(int rowId) {   // a smallint column, held as int32
        if (ints == null) throw unsupported("short");
        return (short) ints[rowId];
    }
    @Override public ColumnarArray getArray(int rowId) { throw unsupported("array"); }
    @Override public ColumnarMap getMap(int rowId) { throw unsupported("map"); }
    @Override public Decimal getDecimal(int rowId, int precision, int scale) { throw unsupported("decimal"); }
    @Override public UTF8String getUTF8String(int rowId) { throw unsupported("string"); }
    @Override public byte[] getBinary(int rowId) { throw unsupported("binary"); }
    @Override public ColumnVector getChild(int ordinal) { throw unsupported("struct"); }

    private UnsupportedOperationException unsupported(String what) {
        return new UnsupportedOperationException("a numfuse result of " + values.getClass().getSimpleName()
                + " (Spark type " + dataType().simpleString() + ") read as " + what);
    }
}
