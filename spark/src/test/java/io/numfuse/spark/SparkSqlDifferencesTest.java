package io.numfuse.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * The README's table of where numfuse's columns differ from Spark SQL's defaults (ANSI mode, on in
 * Spark 4): each row of it, numfuse's value and Spark SQL's, over the same two rows.
 */
class SparkSqlDifferencesTest {
    private static final SparkSession SPARK = SparkTestSession.get();
    private static final StructType SCHEMA = new StructType()
            .add("i", DataTypes.IntegerType).add("j", DataTypes.IntegerType).add("z", DataTypes.IntegerType)
            .add("l", DataTypes.LongType).add("s", DataTypes.ShortType).add("b", DataTypes.ByteType).add("d", DataTypes.DoubleType);
    private static final Dataset<Row> DF = SPARK.createDataFrame(new JavaSparkContext(SPARK.sparkContext()).parallelize(List.of(
            RowFactory.create(Integer.MAX_VALUE, -3, 0, Long.MAX_VALUE, Short.MAX_VALUE, Byte.MAX_VALUE, Double.NaN),
            RowFactory.create(-8, 3, 0, 1L, (short) 1, (byte) 1, 1.0)), 1), SCHEMA);

    private static List<Object> numfuse(String expression) {
        return NumfuseSpark.withColumn(DF, "x", expression).select("x").collectAsList().stream().map(r -> r.get(0)).toList();
    }

    private static List<Object> spark(String expression) {
        return DF.select(functions.expr(expression)).collectAsList().stream().map(r -> r.get(0)).toList();
    }

    /** Spark SQL's query fails with its error condition {@code condition}. */
    private static void sparkFails(String condition, String expression) {
        Throwable t = assertThrows(Exception.class, () -> spark(expression));
        String messages = "";
        for (; t != null; t = t.getCause()) messages += t.getMessage();
        assertTrue(messages.contains(condition), expression + ": " + messages);
    }

    @Test
    void integerOverflowWraps() {
        assertEquals(List.of(Integer.MIN_VALUE, -7), numfuse("i + 1"));
        sparkFails("ARITHMETIC_OVERFLOW", "i + 1");
        assertEquals(Long.MIN_VALUE, NumfuseSpark.aggregate(DF, "sum(l)"));
        assertThrows(Exception.class, () -> DF.agg(functions.sum("l")).collectAsList());   // ARITHMETIC_OVERFLOW, in the aggregate's own words
    }

    @Test
    void divisionByZeroIsAValue() {
        assertEquals(List.of(0, 0), numfuse("i // z"));
        assertEquals(List.of(0, 0), numfuse("i % z"));
        assertEquals(List.of(Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY), numfuse("i / z"));
        assertEquals(List.of(Double.NaN, Double.NaN), numfuse("z / z"));
        for (String e : List.of("div(i, z)", "i / z", "d / 0.0")) sparkFails("DIVIDE_BY_ZERO", e);
        sparkFails("REMAINDER_BY_ZERO", "i % z");
    }

    @Test
    void floorDivisionAndRemainderFloorAsNumPys() {
        assertEquals(List.of(-2, 1), numfuse("i % j"));                 // the sign of the divisor
        assertEquals(List.of(1, -2), spark("i % j"));                  // the sign of the dividend
        assertEquals(List.of(-715827883, -3), numfuse("i // j"));      // toward -inf
        assertEquals(List.of(-715827882L, -2L), spark("div(i, j)"));   // toward 0
    }

    @Test
    void smallIntegersAreInt32() {
        assertEquals("int", NumfuseSpark.withColumn(DF, "x", "s * s").schema().apply("x").dataType().simpleString());
        assertEquals(List.of(1073676289, 1), numfuse("s * s"));
        assertEquals(List.of(16129, 1), numfuse("b * b"));
        sparkFails("ARITHMETIC_OVERFLOW", "s * s");   // smallint * smallint is smallint
        sparkFails("ARITHMETIC_OVERFLOW", "b * b");
    }

    @Test
    void nanIsNotEqualToItselfAndMinMaxPropagateIt() {
        assertEquals(List.of(false, true), numfuse("d == d"));
        assertEquals(List.of(true, true), spark("d = d"));
        assertEquals(Double.NaN, NumfuseSpark.aggregate(DF, "min(d)"));
        assertEquals(Double.NaN, NumfuseSpark.aggregate(DF, "max(d)"));
        assertEquals(1.0, DF.agg(functions.min("d")).first().get(0));   // NaN is larger than any number
        assertEquals(Double.NaN, DF.agg(functions.max("d")).first().get(0));
    }

    @Test
    void logOfZeroIsMinusInfinity() {
        assertEquals(List.of(Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY), numfuse("log(z)"));
        assertEquals(java.util.Arrays.asList(null, null), spark("ln(z)"));
    }
}
