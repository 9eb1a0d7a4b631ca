package com.example.spark;

import io.numfuse.spark.NumfuseSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * Issue 17's benchmark: over a cached DataFrame of 10^7 rows (a, b, c double, 4 partitions), the
 * time of {@code withColumn(out, EXPR)} followed by {@code sum(out)}, the column computed by
 * numfuse (on auto, its default, and on the JVM alone; and with its result as rows rather than
 * columnar batches, numfuse-rows) and by Spark SQL's whole-stage generated code, for {@code sin(a)*cos(b) + sqrt(abs(c))}
 * and {@code a + b*c}, on {@code local[2]} and then {@code local[1]}; and numfuse's aggregate
 * {@code sum(EXPR)}, which makes no rows. Each case: warm-up runs, then the median, min and max of
 * the repeats, and each case's time over Spark SQL's in the same round (the cases take turns, so
 * that they meet the same load); the load average before and after. Arguments: [rows] [repeats] [masters, comma-separated].
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
        System.out.printf("%-9s %-30s %-18s %9s %9s %9s %7s %11s %14s%n", "master", "expression", "row", "median_s", "min_s", "max_s",
                "ratio", "ratio_range", "checksum");
        for (String master : masters) {
            SparkSession spark = SparkSession.builder().appName("numfuse-spark-bench").master(master)
                    .config("spark.ui.enabled", "false").config("spark.driver.memory", "6g").getOrCreate();
            try {
                Dataset<Row> df = App.data(spark, n, 4).cache();
                df.count();
                System.out.println("# " + master + ": load before " + load());
                for (String e : exprs) {
                    Map<String, Supplier<Double>> cases = new LinkedHashMap<>();
                    cases.put("spark-sql", () -> df.withColumn("out", functions.expr(e)).agg(functions.sum("out")).first().getDouble(0));
                    cases.put("numfuse", () -> NumfuseSpark.withColumn(df, "out", e).agg(functions.sum("out")).first().getDouble(0));
                    cases.put("numfuse-jvm", () -> NumfuseSpark.on(df).target("jvm").withColumn("out", e).apply()
                            .agg(functions.sum("out")).first().getDouble(0));
                    cases.put("numfuse-rows", () -> withRowOutput(spark, () -> NumfuseSpark.withColumn(df, "out", e))
                            .agg(functions.sum("out")).first().getDouble(0));
                    cases.put("numfuse-aggregate", () -> ((Number) NumfuseSpark.aggregate(df, "sum(" + e + ")")).doubleValue());
                    time(master, e, cases, repeats);
                }
                System.out.println("# " + master + ": load after " + load());
                df.unpersist(true);
            } finally {
                spark.stop();
            }
        }
    }

    /**
     * Times the cases in rounds, each round every case once in turn, so that each case meets the
     * same load; prints each case's median, min and max, and the median, min and max over the
     * rounds of its time over the first case's time in the same round.
     */
    private static void time(String master, String e, Map<String, Supplier<Double>> cases, int repeats) {
        List<String> names = new ArrayList<>(cases.keySet());
        double[] check = new double[names.size()];
        for (int w = 0; w < 2; w++) for (int k = 0; k < names.size(); k++) check[k] = cases.get(names.get(k)).get();
        double[][] t = new double[names.size()][repeats];
        for (int r = 0; r < repeats; r++) {
            for (int k = 0; k < names.size(); k++) {
                long t0 = System.nanoTime();
                check[k] = cases.get(names.get(k)).get();
                t[k][r] = (System.nanoTime() - t0) / 1e9;
            }
        }
        for (int k = 0; k < names.size(); k++) {
            double[] ratio = new double[repeats];
            for (int r = 0; r < repeats; r++) ratio[r] = t[k][r] / t[0][r];
            Arrays.sort(ratio);
            Arrays.sort(t[k]);
            System.out.printf("%-9s %-30s %-18s %9.3f %9.3f %9.3f %7.2f %11s %14.6g%n", master, e, names.get(k), t[k][repeats / 2],
                    t[k][0], t[k][repeats - 1], ratio[repeats / 2], String.format("%.2f-%.2f", ratio[0], ratio[repeats - 1]), check[k]);
        }
    }

    /** {@code make}'s DataFrame with the result as rows, not columnar batches ({@code spark.numfuse.columnarOutput=false}). */
    private static Dataset<Row> withRowOutput(SparkSession spark, Supplier<Dataset<Row>> make) {
        spark.conf().set("spark.numfuse.columnarOutput", "false");
        try {
            return make.get();
        } finally {
            spark.conf().unset("spark.numfuse.columnarOutput");
        }
    }

    private static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (Exception e) {
            return "unknown";
        }
    }
}
