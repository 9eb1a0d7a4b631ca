package io.numfuse.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * numfuse's columns against Spark SQL's evaluation of the same expression ({@code functions.expr})
 * on random DataFrames with several partitions, empty partitions and nulls, through both inputs:
 * rows in small batches, and a cached DataFrame's columnar batches. Where a row has a null in a
 * column the expression reads, numfuse's value must be null; elsewhere Spark's value, within a
 * float tolerance, and of numfuse's result type.
 */
class ColumnDifferentialTest {
    /** numfuse expression, Spark SQL's spelling of it, numfuse's result type as a Spark type, columns read. */
    private record Case(String numfuse, String sql, DataType type, String... columns) {}

    private static final List<Case> CASES = List.of(
            new Case("sin(a)*cos(b) + sqrt(abs(c))", "sin(a)*cos(b) + sqrt(abs(c))", DataTypes.DoubleType, "a", "b", "c"),
            new Case("a + b*c", "a + b*c", DataTypes.DoubleType, "a", "b", "c"),
            new Case("c*c - 1.5", "c*c - 1.5", DataTypes.FloatType, "c"),
            new Case("exp(c) + sqrt(abs(c))", "exp(c) + sqrt(abs(c))", DataTypes.FloatType, "c"),
            new Case("i*3 + s", "i*3 + s", DataTypes.IntegerType, "i", "s"),
            new Case("l - i*7", "l - i*7", DataTypes.LongType, "l", "i"),
            new Case("a / (1 + abs(b))", "a / (1 + abs(b))", DataTypes.DoubleType, "a", "b"),
            new Case("(a > b) & p", "(a > b) and p", DataTypes.BooleanType, "a", "b", "p"),
            new Case("where(i > 0, a, b)", "if(i > 0, a, b)", DataTypes.DoubleType, "i", "a", "b"),
            new Case("maximum(a, c) + minimum(i, 3)", "greatest(a, c) + least(i, 3)", DataTypes.DoubleType, "a", "c", "i"));

    private static Dataset<Row> rows;     // not columnar: parallelised rows
    private static Dataset<Row> cached;   // columnar: the in-memory cache's batches

    @BeforeAll
    static void data() {
        rows = SparkTestSession.random(17, 0, 3000, 7, 0.05);
        // 40 rows over 12 partitions: several empty ones
        // Spark's cache makes columnar batches of primitive columns only: without the string column
        cached = SparkTestSession.random(18, 0, 2500, 5, 0.05).union(SparkTestSession.random(19, 10_000, 40, 12, 0.2))
                .drop("t").cache();
        cached.count();
    }

    @AfterAll
    static void release() { cached.unpersist(); }

    @Test
    void theInputsTakeTheirPaths() {
        assertNull(NumfuseSpark.Execution.of(rows).columnar(), "parallelised rows are read as rows");
        assertNotNull(NumfuseSpark.Execution.of(cached).columnar(), "a cached DataFrame is read from its columnar batches");
    }

    @Test
    void rowsInSmallBatchesAgreeWithSparkSql() {
        // 64-row batches: most batches are full, the last of each partition is not
        check(rows, NumfuseSpark.on(rows).batchRows(64));
    }

    /**
     * Rows whose every column numfuse reads (no string column) are gathered into columns and go on
     * as columnar batches (smallint and boolean columns included); with the columnar
     * output off they go on as rows, each joined to its new values.
     */
    @Test
    void numericRowsGoOnAsColumnarBatchesAndAgreeWithSparkSql() {
        Dataset<Row> numeric = rows.drop("t");
        assertNull(NumfuseSpark.Execution.of(numeric).columnar(), "parallelised rows are read as rows");
        String plan = NumfuseSpark.on(numeric).withColumn("x", "a").apply().queryExecution().executedPlan().toString();
        assertTrue(plan.contains("ColumnarResult"), plan);
        check(numeric, NumfuseSpark.on(numeric).batchRows(64));
        String rowPlan = NumfuseSpark.on(numeric).columnarOutput(false).withColumn("x", "a").apply().queryExecution().executedPlan().toString();
        assertTrue(!rowPlan.contains("ColumnarResult"), rowPlan);
        check(numeric, NumfuseSpark.on(numeric).batchRows(64).columnarOutput(false));
    }

    @Test
    void columnarBatchesAgreeWithSparkSql() { check(cached, NumfuseSpark.on(cached)); }

    @Test
    void columnarBatchesOutAsRowsAgreeWithSparkSql() { check(cached, NumfuseSpark.on(cached).columnarOutput(false)); }

    /** Parquet's vectorised reader reuses its column vectors from one batch to the next: every row must still come out right. */
    @Test
    void parquetBatchesAgreeWithSparkSql(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        String path = dir.resolve("random.parquet").toString();
        SparkTestSession.random(20, 0, 6000, 3, 0.05).write().parquet(path);
        var conf = SparkTestSession.get().conf();
        conf.set("spark.sql.parquet.columnarReaderBatchSize", "500");   // several batches per file
        try {
            Dataset<Row> parquet = SparkTestSession.get().read().parquet(path);
            assertNotNull(NumfuseSpark.Execution.of(parquet).columnar(), "a Parquet scan is read from its columnar batches");
            check(parquet, NumfuseSpark.on(parquet));
        } finally {
            conf.unset("spark.sql.parquet.columnarReaderBatchSize");
        }
    }

    /**
     * A task writes each batch's result into the array of the batch before (Spark reads a batch
     * before it asks for the next): where Spark keeps rows past their batch (a cache of the
     * result, a shuffle for a sort) it must have copied them, and every row comes out right.
     */
    @Test
    void resultsKeptPastTheirBatchAreRight() {
        var conf = SparkTestSession.get().conf();
        conf.set("spark.sql.inMemoryColumnarStorage.batchSize", "128");   // several batches of 128 rows per partition
        Dataset<Row> small = SparkTestSession.random(21, 0, 3000, 3, 0.05).drop("t").cache();
        Dataset<Row> ours = null;
        try {
            small.count();
            assertNotNull(NumfuseSpark.Execution.of(small).columnar(), "a cached DataFrame is read from its columnar batches");
            ours = NumfuseSpark.on(small).withColumn("out", "a + b*c").withColumn("f", "sin(a)").apply().cache();
            ours.count();
            Map<Integer, Row> expected = new HashMap<>();
            for (Row r : small.withColumn("out", functions.expr("a + b*c")).withColumn("f", functions.expr("sin(a)")).collectAsList()) {
                expected.put(r.getInt(0), r);
            }
            for (Dataset<Row> kept : List.of(ours, ours.orderBy(functions.desc("id")))) {
                List<Row> got = kept.collectAsList();
                assertEquals(expected.size(), got.size(), "every row, once");
                for (Row r : got) {
                    Row e = expected.get(r.getInt(0));
                    for (String col : List.of("out", "f")) {
                        int i = r.fieldIndex(col);
                        if (e.isNullAt(i)) assertNull(r.get(i), col + " at row " + r.getInt(0));
                        else assertEquals(e.getDouble(i), r.getDouble(i), 1e-12 * Math.max(1, Math.abs(e.getDouble(i))), col + " at row " + r.getInt(0));
                    }
                }
            }
        } finally {
            if (ours != null) ours.unpersist();
            small.unpersist();
            conf.unset("spark.sql.inMemoryColumnarStorage.batchSize");
        }
    }

    @Test
    void aColumnOfAnExistingNameTakesItsPlace() {
        Dataset<Row> small = rows.filter("id < 50");
        Dataset<Row> out = NumfuseSpark.on(small).withColumn("A", "a*2").withColumn("z", "i + 1").apply();
        List<String> names = new java.util.ArrayList<>(List.of(small.schema().fieldNames()));
        names.set(names.indexOf("a"), "A");
        names.add("z");
        assertEquals(names, List.of(out.schema().fieldNames()));
        Map<Integer, Row> before = new HashMap<>();
        for (Row r : small.collectAsList()) before.put(r.getInt(0), r);
        for (Row r : out.collectAsList()) {
            Row b = before.get(r.getInt(0));
            if (b.isNullAt(1)) assertNull(r.get(1));
            else assertEquals(b.getDouble(1) * 2, r.getDouble(1));
            assertEquals(b.get(2), r.get(2));
        }
    }

    private static void check(Dataset<Row> df, NumfuseSpark.Columns builder) {
        for (int k = 0; k < CASES.size(); k++) builder.withColumn("out" + k, CASES.get(k).numfuse());
        Dataset<Row> ours = builder.apply();
        Dataset<Row> sparks = df;
        for (int k = 0; k < CASES.size(); k++) sparks = sparks.withColumn("sql" + k, functions.expr(CASES.get(k).sql()));
        assertEquals(df.rdd().getNumPartitions(), ours.rdd().getNumPartitions(), "one task per partition");
        Map<Integer, Row> expected = new HashMap<>();
        for (Row r : sparks.collectAsList()) expected.put(r.getInt(0), r);
        List<Row> got = ours.collectAsList();
        assertEquals(expected.size(), got.size(), "every row, once");
        int width = df.schema().size();
        for (int k = 0; k < CASES.size(); k++) {
            Case c = CASES.get(k);
            assertEquals(c.type(), ours.schema().fields()[width + k].dataType(), c.numfuse() + ": numfuse's result type");
        }
        for (Row r : got) {
            Row e = expected.get(r.getInt(0));
            for (int f = 0; f < width; f++) assertEquals(e.get(f), r.get(f), "the input columns are carried over");
            for (int k = 0; k < CASES.size(); k++) {
                Case c = CASES.get(k);
                boolean anyNull = false;
                for (String col : c.columns()) anyNull |= e.isNullAt(e.fieldIndex(col));
                Object v = r.get(width + k);
                String where = c.numfuse() + " at row " + r.getInt(0);
                if (anyNull) {
                    assertNull(v, where + ": null in, null out");
                    continue;
                }
                Object w = e.get(width + k);
                if (v instanceof Boolean || v instanceof Integer || v instanceof Long) {
                    assertEquals(w.toString(), v.toString(), where);
                } else {
                    double x = ((Number) v).doubleValue(), y = ((Number) w).doubleValue();
                    // numfuse computes over a float column in float32 (NumPy's promotion), Spark SQL in double
                    boolean float32 = List.of(c.columns()).contains("c");
                    double tol = (float32 ? 1e-5 : 1e-12) * Math.max(1, Math.abs(y));
                    if (!(Math.abs(x - y) <= tol || Double.isNaN(x) && Double.isNaN(y))) fail(where + ": numfuse " + x + ", Spark SQL " + y);
                }
            }
        }
        assertTrue(got.stream().anyMatch(r -> r.isNullAt(width)), "the data has nulls");
    }
}
