package com.example.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.numfuse.spark.NumfuseSpark;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;

class AppTest {
    @Test
    void theBenchSaysWhereNumfusesKernelsRan() {
        assertEquals("-", SparkBench.ranOn(java.util.Map.of()), "none ran in this JVM (Spark SQL's rows)");
        assertEquals("jvm 28, opencl:0 12", SparkBench.ranOn(new java.util.TreeMap<>(java.util.Map.of("opencl:0", 12L, "jvm", 28L))));
    }

    @Test
    void numfuseAgreesWithSparkSqlAndKeepsNulls() {
        SparkSession spark = SparkSession.builder().master("local[2]").config("spark.ui.enabled", "false").getOrCreate();
        try {
            Dataset<Row> df = App.data(spark, 10_000, 3);
            String e = "sin(a)*cos(b) + sqrt(abs(c))";
            Row r = NumfuseSpark.withColumn(df, "x", e).withColumn("y", functions.expr(e))
                    .agg(functions.max(functions.abs(functions.col("x").minus(functions.col("y")))), functions.count("x")).first();
            assertEquals(0.0, r.getDouble(0), 1e-12);
            assertEquals(10_000 - 10, r.getLong(1), "one c in 1000 is null, and so is x there");
        } finally {
            spark.stop();
        }
    }
}
