package com.example.spark;

import io.numfuse.spark.NumfuseSpark;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * A Spark job with numfuse: a column {@code sin(a)*cos(b) + sqrt(abs(c))} over a DataFrame of
 * random numbers (some null), computed by numfuse inside the executors, next to Spark SQL's own
 * evaluation of it, and aggregates. Runs on {@code local[2]} unless a master is set (spark-submit
 * sets one).
 */
public final class App {
    private App() {}

    /** A DataFrame of {@code n} rows, columns a, b, c (double; one c in 1000 is null), in {@code partitions} partitions. */
    static Dataset<Row> data(SparkSession spark, long n, int partitions) {
        return spark.range(0, n, 1, partitions).select(
                functions.rand(1).multiply(20).minus(10).as("a"),
                functions.randn(2).as("b"),
                functions.when(functions.col("id").mod(1000).equalTo(7), null).otherwise(functions.rand(3).minus(0.5)).as("c"));
    }

    /** Computes the column both ways and prints a few rows, the largest difference and aggregates. */
    public static void main(String[] args) {
        long n = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
        SparkSession spark = SparkSession.builder().appName("numfuse-spark-app")
                .master(System.getProperty("spark.master", "local[2]")).config("spark.ui.enabled", "false").getOrCreate();
        try {
            Dataset<Row> df = data(spark, n, 4).cache();
            String e = "sin(a)*cos(b) + sqrt(abs(c))";
            Dataset<Row> out = NumfuseSpark.withColumn(df, "numfuse", e).withColumn("spark_sql", functions.expr(e));
            out.show(5);
            Row diff = out.agg(functions.max(functions.abs(functions.col("numfuse").minus(functions.col("spark_sql")))),
                    functions.count(functions.col("numfuse")), functions.count("*")).first();
            System.out.printf("%s over %d rows on %s: largest difference from Spark SQL %.3g; %d non-null, %d rows%n",
                    e, n, spark.sparkContext().master(), diff.getDouble(0), diff.getLong(1), diff.getLong(2));
            System.out.printf("sum(a*b) = %s, mean(c) = %s, max(abs(a - b)) = %s%n", NumfuseSpark.aggregate(df, "sum(a*b)"),
                    NumfuseSpark.aggregate(df, "mean(c)"), NumfuseSpark.aggregate(df, "max(abs(a - b))"));
        } finally {
            spark.stop();
        }
    }
}
