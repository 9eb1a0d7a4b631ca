package io.numfuse.spark;

import java.io.Serializable;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.util.TaskCompletionListener;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.catalyst.expressions.Attribute;
import org.apache.spark.sql.columnar.CachedBatch;
import org.apache.spark.sql.execution.columnar.ColumnAccessor$;
import org.apache.spark.sql.execution.columnar.DefaultCachedBatch;
import org.apache.spark.sql.execution.columnar.DefaultCachedBatchSerializer;
import org.apache.spark.sql.execution.columnar.InMemoryTableScanExec;
import org.apache.spark.sql.execution.vectorized.OnHeapColumnVector;
import org.apache.spark.sql.execution.vectorized.WritableColumnVector;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.vectorized.ColumnarBatch;
import scala.jdk.javaapi.CollectionConverters;

/**
 * A cached DataFrame's columnar batches, decoded into the same column vectors batch after batch.
 * Spark's own columnar read of its cache ({@code InMemoryTableScanExec.executeColumnar}) decodes
 * each cached batch into new vectors: over a cached frame of three double columns, 240 MB of new
 * arrays for each query of 10^7 rows, and collections that stop every task (a numfuse query
 * allocated 343 MB where Spark SQL's own, which reads the cache as rows, allocated 29). Here each
 * task decodes every batch of its partition into vectors of its own, reset between batches, as
 * Spark's Parquet reader reuses its vectors: Spark reads a batch before it asks for the next.
 *
 * <p>Only for Spark's default cache format, a scan with no filter of its own, and columns of the
 * types numfuse reads; otherwise {@link #of} answers null and the caller reads Spark's batches.
 * The scan's row count in Spark's UI is not updated by this read.
 */
final class CachedBatches {
    private CachedBatches() {}

    /** Batches decoded here, for tests. */
    static final java.util.concurrent.atomic.AtomicLong DECODED = new java.util.concurrent.atomic.AtomicLong();

    /**
     * True when this Spark has the internals the decoding calls, as numfuse was built against
     * (Spark 4.2): another Spark's cache is read by Spark (checked on the driver; executors run
     * the driver's Spark).
     */
    private static final boolean AVAILABLE = available();

    private static boolean available() {
        try {
            ColumnAccessor$.class.getMethod("decompress", byte[].class, WritableColumnVector.class, DataType.class, int.class);
            DefaultCachedBatch.class.getMethod("buffers");
            DefaultCachedBatch.class.getMethod("numRows");
            return true;
        } catch (ReflectiveOperationException | LinkageError e) {
            return false;
        }
    }

    /** The batches of {@code scan} decoded into reused vectors, or null when Spark's own read must be used. */
    static RDD<ColumnarBatch> of(InMemoryTableScanExec scan) {
        try {
            return AVAILABLE ? decoded(scan) : null;
        } catch (LinkageError e) {   // a Spark whose cache classes differ from 4.2's
            return null;
        }
    }

    private static RDD<ColumnarBatch> decoded(InMemoryTableScanExec scan) {
        if (!scan.predicates().isEmpty()) return null;
        var builder = scan.relation().cacheBuilder();
        if (builder.serializer().getClass() != DefaultCachedBatchSerializer.class) return null;
        List<Attribute> cached = CollectionConverters.asJava(scan.relation().output());
        List<Attribute> selected = CollectionConverters.asJava(scan.attributes());
        int[] columns = new int[selected.size()];
        DataType[] types = new DataType[selected.size()];
        for (int i = 0; i < columns.length; i++) {
            Attribute a = selected.get(i);
            types[i] = a.dataType();
            if (SparkTypes.dtypeOf(types[i]) == null) return null;   // a string, a decimal...: Spark decodes it
            columns[i] = -1;
            for (int j = 0; j < cached.size(); j++) if (cached.get(j).exprId().equals(a.exprId())) columns[i] = j;
            if (columns[i] < 0) return null;
        }
        return builder.cachedColumnBuffers().toJavaRDD().mapPartitions(new Decode(columns, types)).rdd();
    }

    /**
     * One task's decoding: its vectors, made for the first batch and reset for each next one.
     *
     * @param columns each decoded column's index among the cache's columns
     * @param types   each decoded column's Spark type
     */
    private record Decode(int[] columns, DataType[] types) implements FlatMapFunction<Iterator<CachedBatch>, ColumnarBatch>, Serializable {
        @Override public Iterator<ColumnarBatch> call(Iterator<CachedBatch> input) {
            return new Iterator<>() {
                OnHeapColumnVector[] vectors;
                ColumnarBatch batch;
                int capacity = -1;

                @Override public boolean hasNext() { return input.hasNext(); }

                @Override public ColumnarBatch next() {
                    DefaultCachedBatch cb = (DefaultCachedBatch) input.next();
                    int n = cb.numRows();
                    if (n > capacity) allocate(n);
                    for (int i = 0; i < columns.length; i++) {
                        OnHeapColumnVector v = vectors[i];
                        v.reset();
                        v.setDictionary(null);   // a dictionary-encoded batch sets one; the next batch may be plain
                        ColumnAccessor$.MODULE$.decompress(cb.buffers()[columns[i]], v, types[i], n);
                    }
                    batch.setNumRows(n);
                    DECODED.incrementAndGet();
                    return batch;
                }

                private void allocate(int n) {
                    if (batch != null) batch.close();
                    capacity = n;
                    vectors = new OnHeapColumnVector[columns.length];
                    for (int i = 0; i < columns.length; i++) vectors[i] = new OnHeapColumnVector(n, types[i]);
                    batch = new ColumnarBatch(vectors.clone());
                    ColumnarBatch made = batch;
                    TaskContext task = TaskContext.get();
                    if (task != null) task.addTaskCompletionListener((TaskCompletionListener) t -> made.close());
                }
            };
        }
    }
}
