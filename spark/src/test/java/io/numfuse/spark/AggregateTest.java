package io.numfuse.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.numfuse.NDArray;
import io.numfuse.Num;
import io.numfuse.core.DType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Aggregates against numfuse on one machine over the same rows (those where every column the
 * expression reads is non-null): integer results exactly, float64 within 1e-12 and float32
 * within 1e-5 of the larger of 1 and the result (the partitions' partial sums add in another
 * order than numfuse's pairwise sum of one array).
 */
class AggregateTest {
    private static Dataset<Row> rows;
    private static Dataset<Row> cached;
    private static List<Row> local;

    @BeforeAll
    static void data() {
        rows = SparkTestSession.random(23, 0, 4000, 5, 0.05);
        cached = SparkTestSession.random(24, 0, 3000, 6, 0.05).union(SparkTestSession.random(25, 5000, 20, 8, 0.1)).drop("t").cache();
        cached.count();
        local = new ArrayList<>(rows.collectAsList());
    }

    private static final List<String> AGGREGATES = List.of(
            "mean(a)", "min(b)", "sum(a*b)", "dot(a, b)", "sum(sin(a)*cos(b) + sqrt(abs(c)))",
            "max(c*2)", "mean(c)", "sum(l*i)", "min(i)", "mean(i)", "sum(p)", "max(a > b)");

    @Test
    void aggregatesOfRowsAgreeWithNumfuseOnOneMachine() {
        for (String a : AGGREGATES) check(a, NumfuseSpark.on(rows).batchRows(100).aggregate(a), local);
    }

    @Test
    void aggregatesOfColumnarBatchesAgreeWithNumfuseOnOneMachine() {
        List<Row> all = cached.collectAsList();
        for (String a : List.of("sum(a*b)", "mean(c)", "max(i)", "sum(l)", "min(sin(a))")) check(a, NumfuseSpark.aggregate(cached, a), all);
    }

    @Test
    void aShuffledDataFrameIsReadAsRows() {
        // a shuffle puts Spark's adaptive execution at the top of the plan: numfuse reads its rows
        Dataset<Row> shuffled = rows.repartition(3);
        assertEquals(NumfuseSpark.aggregate(rows, "sum(l*i)"), NumfuseSpark.aggregate(shuffled, "sum(l*i)"));
        assertEquals(rows.count(), NumfuseSpark.withColumn(shuffled, "x", "l*i").count());
    }

    @Test
    void noRowsSumToZeroAndHaveNoExtreme() {
        Dataset<Row> none = rows.filter("id < 0");
        assertEquals(0L, NumfuseSpark.aggregate(none, "sum(i)"));
        assertEquals(0.0, NumfuseSpark.aggregate(none, "sum(a)"));
        assertNull(NumfuseSpark.aggregate(none, "max(a)"));
        assertNull(NumfuseSpark.aggregate(none, "mean(a)"));
    }

    /** {@code aggregate} of the rows of {@code all} where its columns are non-null, by numfuse on one machine. */
    private static void check(String aggregate, Object got, List<Row> all) {
        int n;
        List<String> names = List.of("a", "b", "c", "i", "l", "p");
        List<String> used = names.stream().filter(c -> aggregate.matches(".*\\b" + c + "\\b.*")).toList();
        List<Row> valid = all.stream().filter(r -> used.stream().noneMatch(c -> r.isNullAt(r.fieldIndex(c)))).toList();
        n = valid.size();
        double[] a = new double[n], b = new double[n];
        float[] c = new float[n];
        int[] i = new int[n];
        long[] l = new long[n];
        byte[] p = new byte[n];
        for (int k = 0; k < n; k++) {
            Row r = valid.get(k);
            if (used.contains("a")) a[k] = r.getDouble(r.fieldIndex("a"));
            if (used.contains("b")) b[k] = r.getDouble(r.fieldIndex("b"));
            if (used.contains("c")) c[k] = r.getFloat(r.fieldIndex("c"));
            if (used.contains("i")) i[k] = r.getInt(r.fieldIndex("i"));
            if (used.contains("l")) l[k] = r.getLong(r.fieldIndex("l"));
            if (used.contains("p")) p[k] = r.getBoolean(r.fieldIndex("p")) ? (byte) 1 : 0;
        }
        Map<String, NDArray> in = Map.of("a", Num.wrap(DType.FLOAT64, a, n), "b", Num.wrap(DType.FLOAT64, b, n),
                "c", Num.wrap(DType.FLOAT32, c, n), "i", Num.wrap(DType.INT32, i, n), "l", Num.wrap(DType.INT64, l, n),
                "p", Num.wrap(DType.BOOL, p, n));
        NDArray want = Num.eval(aggregate, in);
        switch (want.dtype()) {
            case INT64 -> assertEquals(want.itemLong(), got, aggregate);
            case INT32 -> assertEquals((int) want.itemLong(), got, aggregate);
            case BOOL -> assertEquals(want.getBoolean(), got, aggregate);
            case FLOAT64, FLOAT32 -> {
                assertInstanceOf((Class<?>) (want.dtype() == DType.FLOAT64 ? Double.class : Float.class), got, aggregate + ": numfuse's dtype");
                double x = ((Number) got).doubleValue(), y = want.item();
                double tol = (want.dtype() == DType.FLOAT64 ? 1e-12 : 1e-5) * Math.max(1, Math.abs(y));
                assertTrue(Math.abs(x - y) <= tol, aggregate + ": numfuse-spark " + x + ", numfuse " + y);
            }
        }
    }
}
