package io.numfuse.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** Bad input fails on the driver, while the job is planned, with numfuse's one-line message, and starts no Spark job. */
class PlanningErrorTest {
    private static final Dataset<Row> DF = SparkTestSession.random(31, 0, 50, 3, 0.1);

    /** The message of the {@link NumfuseSparkException} {@code planning} throws, checked one line and thrown before any job. */
    static String fails(java.util.function.Supplier<?> planning) throws Exception {
        AtomicInteger jobs = new AtomicInteger();
        SparkListener listener = new SparkListener() {
            @Override public void onJobStart(SparkListenerJobStart e) { jobs.incrementAndGet(); }
        };
        var sc = SparkTestSession.get().sparkContext();
        sc.addSparkListener(listener);
        try {
            String m = assertThrows(NumfuseSparkException.class, planning::get).getMessage();
            assertFalse(m.contains("\n"), "one line: " + m);
            sc.listenerBus().waitUntilEmpty();
            assertEquals(0, jobs.get(), "no job ran: " + m);
            return m;
        } finally {
            sc.removeSparkListener(listener);
        }
    }

    @Test
    void anUnknownColumnIsNamedWithTheColumnsThereAre() throws Exception {
        assertEquals("column 'out': syntax error at column 10: unknown column 'x' (the DataFrame's columns are id, a, b, c, i, l, s, p, t) in 'sin(a) + x'",
                fails(() -> NumfuseSpark.withColumn(DF, "out", "sin(a) + x")));
        assertEquals("aggregate: syntax error at column 5: unknown column 'q' (the DataFrame's columns are id, a, b, c, i, l, s, p, t) in 'sum(q*a)'",
                fails(() -> NumfuseSpark.aggregate(DF, "sum(q*a)")));
    }

    @Test
    void aNonNumericColumnIsRefused() throws Exception {
        assertEquals("column 'out': syntax error at column 5: column 't' is string, not numeric: numfuse reads boolean, tinyint, smallint, "
                + "int, bigint, float and double columns (cast it first) in 'a + t'", fails(() -> NumfuseSpark.withColumn(DF, "out", "a + t")));
    }

    @Test
    void expressionErrorsAreNumfusesOwn() throws Exception {
        String syntax = fails(() -> NumfuseSpark.withColumn(DF, "y", "sin(a +"));
        assertEquals(true, syntax.startsWith("column 'y': syntax error at column ") && syntax.endsWith(" in 'sin(a +'"), syntax);
        String typeError = fails(() -> NumfuseSpark.withColumn(DF, "y", "a << 2"));
        assertEquals(true, typeError.startsWith("column 'y': ") && typeError.endsWith(" (in 'a << 2')"), typeError);
        assertEquals("column 'y' 'sum(a)': 'sum(a)' reduces the column to one value; a column needs an element-wise expression "
                + "(NumfuseSpark.aggregate computes reductions)", fails(() -> NumfuseSpark.withColumn(DF, "y", "sum(a)")));
        assertEquals(true, fails(() -> NumfuseSpark.aggregate(DF, "a + b")).startsWith("aggregate 'a + b': an aggregate is sum(x)"));
        assertEquals(true, fails(() -> NumfuseSpark.withColumn(DF, "y", "1 + 2")).contains("names no column"));
    }

    /** Each batch would compute the reduction over its own rows (and its nulls' placeholders): the result would depend on batchRows. */
    @Test
    void aReductionInsideAColumnOrAnAggregatesArgumentIsRefused() throws Exception {
        assertEquals("column 'y' 'a - mean(a)': a reduction (sum, prod, min, max, mean, dot, matmul) inside a column's expression would be "
                + "computed over each batch of rows alone; compute it with NumfuseSpark.aggregate and write its value into the expression",
                fails(() -> NumfuseSpark.withColumn(DF, "y", "a - mean(a)")));
        assertEquals(true, fails(() -> NumfuseSpark.on(DF).batchRows(7).withColumn("y", "a * dot(a, b)").apply())
                .startsWith("column 'y' 'a * dot(a, b)': a reduction "));
        assertEquals("aggregate 'sum(a * max(a))': a reduction (sum, prod, min, max, mean, dot, matmul) inside an aggregate's argument would "
                + "be computed over each batch of rows alone; the expression inside an aggregate must be element-wise",
                fails(() -> NumfuseSpark.aggregate(DF, "sum(a * max(a))")));
        assertEquals(true, fails(() -> NumfuseSpark.aggregate(DF, "dot(a, b - min(b))")).startsWith("aggregate 'dot(a, b - min(b))': a reduction "));
    }

    @Test
    void aStreamingDataFrameIsRefused() throws Exception {
        Dataset<Row> stream = SparkTestSession.get().readStream().format("rate").load();
        String message = "streaming DataFrames are not supported: apply numfuse to each micro-batch's DataFrame, in writeStream().foreachBatch(...)";
        assertEquals(message, fails(() -> NumfuseSpark.withColumn(stream, "x", "value * 2")));
        assertEquals(message, fails(() -> NumfuseSpark.aggregate(stream, "sum(value)")));
    }

    /** NumPy refuses an integer to a negative integer power whatever the values: on the driver, not in every task. */
    @Test
    void anIntegerToANegativeLiteralPowerIsRefused() throws Exception {
        assertEquals("column 'y': Integers to negative integer powers are not allowed: cast the base to float first (in 'i ** -1')",
                fails(() -> NumfuseSpark.withColumn(DF, "y", "i ** -1")));
        assertEquals("aggregate: Integers to negative integer powers are not allowed: cast the base to float first (in 'sum(1 + l ** -2)')",
                fails(() -> NumfuseSpark.aggregate(DF, "sum(1 + l ** -2)")));
        NumfuseSpark.withColumn(DF, "y", "i ** 2 + a ** -1 + float64(i) ** -1 + i ** l");   // planned: no literal, or not an integer base
    }
}
