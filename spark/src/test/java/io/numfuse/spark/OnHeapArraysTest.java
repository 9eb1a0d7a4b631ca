package io.numfuse.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.execution.vectorized.Dictionary;
import org.apache.spark.sql.execution.vectorized.OnHeapColumnVector;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.Test;

/**
 * A columnar batch's inputs are the column vectors' own arrays where Spark's on-heap vectors hold
 * exactly the batch's values ({@link OnHeapArrays}), else copies: a dictionary-encoded vector, a
 * vector longer than the batch, a type with no array of its own in numfuse.
 */
class OnHeapArraysTest {
    private static OnHeapColumnVector doubles(int capacity, double... values) {
        OnHeapColumnVector v = new OnHeapColumnVector(capacity, DataTypes.DoubleType);
        for (int i = 0; i < values.length; i++) v.putDouble(i, values[i]);
        return v;
    }

    @Test
    void aVectorExactlyTheBatchsLengthIsReadAsItIs() {
        OnHeapColumnVector v = doubles(3, 1.5, -2, 7);
        try {
            Object a = OnHeapArrays.of(v, DataTypes.DoubleType, 3);
            assertArrayEquals(new double[] { 1.5, -2, 7 }, (double[]) a);
            assertSame(a, OnHeapArrays.of(v, DataTypes.DoubleType, 3), "the vector's array, not a copy");
        } finally {
            v.close();
        }
        OnHeapColumnVector f = new OnHeapColumnVector(2, DataTypes.FloatType), l = new OnHeapColumnVector(2, DataTypes.LongType),
                i = new OnHeapColumnVector(2, DataTypes.IntegerType);
        try {
            f.putFloat(1, 3f);
            l.putLong(1, 1L << 40);
            i.putInt(1, -9);
            assertArrayEquals(new float[] { 0, 3f }, (float[]) OnHeapArrays.of(f, DataTypes.FloatType, 2));
            assertArrayEquals(new long[] { 0, 1L << 40 }, (long[]) OnHeapArrays.of(l, DataTypes.LongType, 2));
            assertArrayEquals(new int[] { 0, -9 }, (int[]) OnHeapArrays.of(i, DataTypes.IntegerType, 2));
        } finally {
            f.close();
            l.close();
            i.close();
        }
    }

    @Test
    void otherVectorsAreCopied() {
        OnHeapColumnVector longer = doubles(8, 1, 2, 3);
        OnHeapColumnVector coded = new OnHeapColumnVector(2, DataTypes.DoubleType);
        OnHeapColumnVector shorts = new OnHeapColumnVector(2, DataTypes.ShortType);
        try {
            assertNull(OnHeapArrays.of(longer, DataTypes.DoubleType, 3), "longer than the batch");
            coded.reserveDictionaryIds(2);
            coded.setDictionary(new Dictionary() {
                @Override public int decodeToInt(int id) { return id; }
                @Override public long decodeToLong(int id) { return id; }
                @Override public float decodeToFloat(int id) { return id; }
                @Override public double decodeToDouble(int id) { return 10 * id; }
                @Override public byte[] decodeToBinary(int id) { return new byte[0]; }
            });
            assertNull(OnHeapArrays.of(coded, DataTypes.DoubleType, 2), "dictionary ids, not values");
            assertNull(OnHeapArrays.of(shorts, DataTypes.ShortType, 2), "numfuse widens shorts");
        } finally {
            longer.close();
            coded.close();
            shorts.close();
        }
    }

    /** A cached DataFrame's batches come as on-heap vectors: read without a copy, and the column equals Spark SQL's. */
    @Test
    void aCachedDataFramesColumnsAreReadWithoutACopy() {
        Dataset<Row> df = SparkTestSession.random(7, 0, 3000, 3, 0.1).select("id", "a", "b", "c", "i", "l").cache();
        try {
            df.count();
            long before = OnHeapArrays.TAKEN.get();
            String e = "a * b + c - i + l";
            List<Row> ours = NumfuseSpark.withColumn(df, "out", e).orderBy("id").select("out").collectAsList();
            List<Row> theirs = df.withColumn("out", functions.expr(e)).orderBy("id").select("out").collectAsList();
            assertTrue(OnHeapArrays.TAKEN.get() > before, "no column was read without a copy");
            assertEquals(theirs.size(), ours.size());
            for (int r = 0; r < ours.size(); r++) {
                if (theirs.get(r).isNullAt(0)) {
                    assertTrue(ours.get(r).isNullAt(0), "row " + r);
                } else {
                    double x = theirs.get(r).getDouble(0), y = ours.get(r).getDouble(0);
                    assertEquals(x, y, 1e-9 * Math.max(1, Math.abs(x)), "row " + r);
                }
            }
        } finally {
            df.unpersist();
        }
    }
}
