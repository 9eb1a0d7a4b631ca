package io.numfuse.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Function;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A columnar input's result as Spark's columnar batches ({@link ColumnarResultExec}): Spark reads
 * it through its generated {@code ColumnarToRow} loop, and every query over it gives what the same
 * query over Spark SQL's own column gives: aggregates, filters, joins (a self-join too), a cache
 * of it, with adaptive execution and whole-stage code generation on or off, over empty partitions
 * and nulls. ({@link ColumnDifferentialTest} compares the values row by row.)
 */
class ColumnarOutputTest {
    private static final String EXPR = "a + b*c";
    private static Dataset<Row> cached;   // 12 partitions for 1500 rows and 30 more: some empty, nulls in 1 value in 10

    @BeforeAll
    static void data() {
        cached = SparkTestSession.random(41, 0, 1500, 5, 0.1).union(SparkTestSession.random(42, 10_000, 30, 7, 0.1))
                .drop("t").cache();
        cached.count();
    }

    @AfterAll
    static void release() { cached.unpersist(); }

    @Test
    void sparkReadsTheBatchesThroughItsColumnarToRowLoop() {
        Dataset<Row> q = NumfuseSpark.withColumn(cached, "out", EXPR).agg(functions.sum("out"));
        q.collectAsList();
        String plan = executedPlan(q);
        assertTrue(plan.contains("ColumnarResult") && plan.contains("ColumnarToRow"), plan);
    }

    @Test
    void theRowOutputIsTheConfigurationsChoice() {
        var conf = SparkTestSession.get().conf();
        conf.set(NumfuseSpark.COLUMNAR_OUTPUT, "false");
        try {
            Dataset<Row> q = NumfuseSpark.withColumn(cached, "out", EXPR).agg(functions.sum("out"));
            assertSame(cached.withColumn("out", functions.expr(EXPR)).agg(functions.sum("out")).collectAsList(), q.collectAsList(), "rows");
            assertFalse(executedPlan(q).contains("ColumnarResult"), executedPlan(q));
        } finally {
            conf.unset(NumfuseSpark.COLUMNAR_OUTPUT);
        }
    }

    @Test
    void queriesOverTheColumnAgreeWithSparkSql() {
        queriesAgree(0, 1, 2, 3, 4);
        Dataset<Row> again = NumfuseSpark.withColumn(cached, "out", EXPR).cache();
        try {
            assertSame(QUERIES.get(0).apply(cached.withColumn("out", functions.expr(EXPR))).collectAsList(),
                    QUERIES.get(0).apply(again).collectAsList(), "a cache of the result");
        } finally {
            again.unpersist();
        }
    }

    @Test
    void withoutAdaptiveExecutionOrWholeStageCodegen() {
        var conf = SparkTestSession.get().conf();
        for (String key : List.of("spark.sql.adaptive.enabled", "spark.sql.codegen.wholeStage")) {
            conf.set(key, "false");
            try {
                queriesAgree(0, 3);   // the aggregate and the self-join
            } finally {
                conf.unset(key);
            }
        }
    }

    @Test
    void anEmptyDataFrameGivesNoRows() {
        Dataset<Row> empty = cached.filter("id < 0").cache();
        try {
            Dataset<Row> out = NumfuseSpark.withColumn(empty, "out", EXPR);
            assertEquals(0, out.count());
            assertTrue(out.agg(functions.sum("out")).first().isNullAt(0));
        } finally {
            empty.unpersist();
        }
    }

    @Test
    void planningErrorsStayOnTheDriver() {
        var e = assertThrows(NumfuseSparkException.class, () -> NumfuseSpark.withColumn(cached, "out", "a + x"));
        assertTrue(e.getMessage().contains("unknown column 'x'"), e.getMessage());
    }

    /** Queries over a DataFrame with the column {@code out}. */
    private static final List<Function<Dataset<Row>, Dataset<Row>>> QUERIES = List.of(
            df -> df.agg(functions.sum("out"), functions.count("out"), functions.count("*"), functions.max("out")),
            df -> df.filter("out > 1").select("id", "out").orderBy("id"),
            df -> df.groupBy(functions.expr("id % 7").as("k")).agg(functions.sum("out"), functions.count("out")).orderBy("k"),
            df -> df.as("x").join(df.as("y"), functions.expr("x.id = y.id + 1"))
                    .select(functions.col("x.id"), functions.col("x.out"), functions.col("y.out")).orderBy("x.id"),
            df -> df.select("id", "out").union(df.select("id", "out")).groupBy("id").agg(functions.sum("out")).orderBy("id"));

    /** Each of the {@link #QUERIES} {@code which} over numfuse's column {@code out} against the same over Spark SQL's. */
    private static void queriesAgree(int... which) {
        Dataset<Row> ours = NumfuseSpark.withColumn(cached, "out", EXPR);
        Dataset<Row> sparks = cached.withColumn("out", functions.expr(EXPR));
        for (int q : which) {
            assertSame(QUERIES.get(q).apply(sparks).collectAsList(), QUERIES.get(q).apply(ours).collectAsList(), "query " + q);
        }
    }

    private static String executedPlan(Dataset<Row> q) {
        return ((org.apache.spark.sql.classic.Dataset<Row>) q).queryExecution().executedPlan().toString();
    }

    /** Row by row, doubles within 1e-9 of the larger of 1 and the value (the sums add in another order). */
    private static void assertSame(List<Row> expected, List<Row> got, String what) {
        assertEquals(expected.size(), got.size(), what + ": rows");
        for (int r = 0; r < got.size(); r++) {
            Row e = expected.get(r), g = got.get(r);
            for (int f = 0; f < e.size(); f++) {
                if (e.get(f) instanceof Double x && g.get(f) instanceof Double y) {
                    assertEquals(x, y, 1e-9 * Math.max(1, Math.abs(x)), what + ", row " + r + ", field " + f);
                } else {
                    assertEquals(e.get(f), g.get(f), what + ", row " + r + ", field " + f);
                }
            }
        }
    }
}
