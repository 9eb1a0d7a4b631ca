package com.example.spark;

import io.numfuse.spark.NumfuseSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * Issue 17's benchmark: over a cached DataFrame of 10^7 rows (a, b, c double, 4 partitions), the
 * time of {@code withColumn(out, EXPR)} followed by {@code sum(out)}, the column computed by
 * numfuse (on auto, its default, and on the JVM alone) and by Spark SQL's whole-stage generated code, for {@code sin(a)*cos(b) + sqrt(abs(c))}
 * and {@code a + b*c}, on {@code local[2]} and then {@code local[1]}; and numfuse's aggregate
 * {@code sum(EXPR)}, which makes no rows. Each case: warm-up runs, then the median, min and max of
 * the repeats; the load average before and after. Arguments: [rows] [repeats] [masters, comma-separated].
 */
public final class SparkBench {
    private SparkBench() {}

    public static void main(String[] args) throws Exception {
        long n = args.length > 0 ? Long.parseLong(args[0]) : 10_000_000L;
        int repeats = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        String[] masters = (args.length > 2 ? args[2] : "local[2],local[1]").split(",");
        List<String> exprs = List.of("sin(a)*cos(b) + sqrt(abs(c))", "a + b*c");
        System.out.printf("# %d rows, %d repeats after 2 warm-up runs, %d cores, JDK %s%n", n, repeats,
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        System.out.printf("%-9s %-30s %-18s %9s %9s %9s %14s%n", "master", "expression", "row", "median_s", "min_s", "max_s", "checksum");
        for (String master : masters) {
            SparkSession spark = SparkSession.builder().appName("numfuse-spark-bench").master(master)
                    .config("spark.ui.enabled", "false").config("spark.driver.memory", "6g").getOrCreate();
            try {
                Dataset<Row> df = App.data(spark, n, 4).cache();
                df.count();
                System.out.println("# " + master + ": load before " + load());
                for (String e : exprs) {
                    time(master, e, "spark-sql", repeats, () -> df.withColumn("out", functions.expr(e)).agg(functions.sum("out")).first().getDouble(0));
                    time(master, e, "numfuse", repeats, () -> NumfuseSpark.withColumn(df, "out", e).agg(functions.sum("out")).first().getDouble(0));
                    time(master, e, "numfuse-jvm", repeats, () -> NumfuseSpark.on(df).target("jvm").withColumn("out", e).apply()
                            .agg(functions.sum("out")).first().getDouble(0));
                    time(master, e, "numfuse-aggregate", repeats, () -> ((Number) NumfuseSpark.aggregate(df, "sum(" + e + ")")).doubleValue());
                }
                System.out.println("# " + master + ": load after " + load());
                df.unpersist(true);
            } finally {
                spark.stop();
            }
        }
    }

    private static void time(String master, String e, String row, int repeats, Supplier<Double> run) {
        double check = 0;
        for (int w = 0; w < 2; w++) check = run.get();
        double[] t = new double[repeats];
        for (int r = 0; r < repeats; r++) {
            long t0 = System.nanoTime();
            check = run.get();
            t[r] = (System.nanoTime() - t0) / 1e9;
        }
        Arrays.sort(t);
        System.out.printf("%-9s %-30s %-18s %9.3f %9.3f %9.3f %14.6g%n", master, e, row, t[repeats / 2], t[0], t[repeats - 1], check);
    }

    private static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (Exception e) {
            return "unknown";
        }
    }
}
