package com.example.spark;

// Run from examples/spark-app (copy it to src/main/java/com/example/spark/ first):
//   ./mvnw -q -f examples/spark-app/pom.xml -DskipTests verify exec:exec -Dapp.main=com.example.spark.RowsProbe -Dapp.args="ROWS ROUNDS"
// numfuse's column over row input (a cache read as rows: the vectorised cache reader off), local[1]:
// each query's time and the JVM's allocated bytes, medians of the last half of the rounds.

import io.numfuse.spark.NumfuseSpark;
import java.util.*;
import org.apache.spark.sql.*;

public final class RowsProbe {
    public static void main(String[] args) {
        long n = args.length > 0 ? Long.parseLong(args[0]) : 10_000_000L;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 16;
        var mx = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        SparkSession spark = SparkSession.builder().master("local[1]").config("spark.ui.enabled", "false")
                .config("spark.sql.inMemoryColumnarStorage.enableVectorizedReader", "false").getOrCreate();
        Dataset<Row> df = App.data(spark, n, 4).cache();
        df.count();
        if (df.queryExecution().executedPlan().supportsColumnar()) {
            throw new IllegalStateException("the input is columnar");
        }
        String e = "sin(a)*cos(b) + sqrt(abs(c))";
        Map<String, java.util.function.Supplier<Double>> cases = new LinkedHashMap<>();
        cases.put("numfuse-jvm", () -> NumfuseSpark.on(df).target("jvm").withColumn("out", e).apply().agg(functions.sum("out")).first().getDouble(0));
        cases.put("spark-sql", () -> df.withColumn("out", functions.expr(e)).agg(functions.sum("out")).first().getDouble(0));
        Map<String, List<Double>> ms = new LinkedHashMap<>(), mb = new LinkedHashMap<>();
        for (int r = 0; r < rounds; r++) {
            for (var c : cases.entrySet()) {
                long a0 = mx.getTotalThreadAllocatedBytes(), t0 = System.nanoTime();
                c.getValue().get();
                long t1 = System.nanoTime(), a1 = mx.getTotalThreadAllocatedBytes();
                if (r >= rounds / 2) {
                    ms.computeIfAbsent(c.getKey(), k -> new ArrayList<>()).add((t1 - t0) / 1e6);
                    mb.computeIfAbsent(c.getKey(), k -> new ArrayList<>()).add((a1 - a0) / 1e6);
                }
            }
        }
        for (String k : cases.keySet()) {
            List<Double> t = ms.get(k), a = mb.get(k);
            Collections.sort(t);
            Collections.sort(a);
            System.out.printf("rows input, %s, %d rows, local[1]: median %.0f ms (%.0f-%.0f), allocated %.0f MB a query (%.0f-%.0f)%n",
                    k, n, t.get(t.size() / 2), t.get(0), t.get(t.size() - 1), a.get(a.size() / 2), a.get(0), a.get(a.size() - 1));
        }
        spark.stop();
    }
}
