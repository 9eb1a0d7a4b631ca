package io.numfuse.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * A cached DataFrame read by numfuse's own decoding into reused vectors ({@link CachedBatches}):
 * every batch of a partition decoded into the same vectors must come out right, whatever each
 * batch's encoding in the cache (Spark compresses each column of each batch on its own: a
 * dictionary, runs, or the values as they are) and wherever a batch has nulls.
 */
class CachedBatchesTest {
    /**
     * 64-row batches whose int and long columns alternate between a few distinct values (a
     * dictionary in the cache) and all distinct ones (the values as they are), with nulls
     * in some batches only; two partitions, several batches each, the last ones shorter.
     */
    private static Dataset<Row> mixedEncodings() {
        StructType schema = new StructType().add("id", DataTypes.IntegerType, false).add("i", DataTypes.IntegerType, true)
                .add("l", DataTypes.LongType, true).add("a", DataTypes.DoubleType, true);
        List<Row> rows = new ArrayList<>();
        for (int k = 0; k < 1000; k++) {
            int batch = (k % 500) / 64;
            boolean few = batch % 2 == 0, nulls = batch % 3 == 1;
            // three values far apart, in turn: no runs, no small steps, so the cache keeps a dictionary
            Integer i = nulls && k % 7 == 0 ? null : few ? (k % 3 - 1) * 1_000_000 : k * 31 - 7000;
            Long l = nulls && k % 5 == 0 ? null : few ? (k % 3 - 1) * (1L << 40) : (long) k * k - 123_456L;
            rows.add(RowFactory.create(k, i, l, k / 8.0));
        }
        return SparkTestSession.get().createDataFrame(rows, schema).repartition(2, functions.col("id").geq(500));
    }

    @Test
    void batchesOfEveryEncodingDecodedIntoTheSameVectorsAreRight() {
        var conf = SparkTestSession.get().conf();
        conf.set("spark.sql.inMemoryColumnarStorage.batchSize", "64");
        Dataset<Row> cached = mixedEncodings().cache();
        try {
            cached.count();
            long before = CachedBatches.DECODED.get();
            Dataset<Row> ours = NumfuseSpark.on(cached).withColumn("x", "i*3 + l").withColumn("y", "a - i").apply();
            Map<Integer, Row> expected = new HashMap<>();
            for (Row r : cached.withColumn("x", functions.expr("i*3 + l")).withColumn("y", functions.expr("a - i")).collectAsList()) {
                expected.put(r.getInt(0), r);
            }
            List<Row> got = ours.collectAsList();
            assertTrue(CachedBatches.DECODED.get() - before >= 16, "the cache's batches were decoded by numfuse: "
                    + (CachedBatches.DECODED.get() - before));
            assertEquals(1000, got.size(), "every row, once");
            for (Row r : got) {
                Row e = expected.get(r.getInt(0));
                for (int f = 0; f < 4; f++) assertEquals(e.get(f), r.get(f), "column " + f + " carried over at row " + r.getInt(0));
                for (int f = 4; f < 6; f++) {
                    if (e.isNullAt(f)) assertNull(r.get(f), "null in, null out at row " + r.getInt(0));
                    else assertEquals(((Number) e.get(f)).doubleValue(), ((Number) r.get(f)).doubleValue(), "column " + f + " at row " + r.getInt(0));
                }
            }
            Object sum = NumfuseSpark.aggregate(cached, "sum(i)");
            long want = cached.agg(functions.sum("i")).first().getLong(0);
            assertEquals(want, ((Number) sum).longValue(), "an aggregate over the same batches");
        } finally {
            cached.unpersist();
            conf.unset("spark.sql.inMemoryColumnarStorage.batchSize");
        }
    }

    @Test
    void decodeCacheFalseLeavesTheReadToSpark() {
        var conf = SparkTestSession.get().conf();
        Dataset<Row> cached = mixedEncodings().cache();
        conf.set(NumfuseSpark.DECODE_CACHE, "false");
        try {
            cached.count();
            long before = CachedBatches.DECODED.get();
            Object sum = NumfuseSpark.aggregate(cached, "sum(i*3 + l)");
            assertEquals(before, CachedBatches.DECODED.get(), "Spark's own read of its cache");
            long want = cached.agg(functions.sum(functions.expr("i*3 + l"))).first().getLong(0);
            assertEquals(want, ((Number) sum).longValue());
        } finally {
            conf.unset(NumfuseSpark.DECODE_CACHE);
            cached.unpersist();
        }
    }

    @Test
    void aFilteredOrUncachedFrameIsNotReadThisWay() {
        assertNull(NumfuseSpark.Execution.of(mixedEncodings()).columnar(), "not cached: rows");
        Dataset<Row> cached = mixedEncodings().cache();   // (an equal plan made later is read from this cache)
        try {
            cached.count();
            assertNull(NumfuseSpark.Execution.of(cached.filter("id > 10")).columnar(), "a filter above the cache makes rows");
        } finally {
            cached.unpersist();
        }
    }
}
