package com.example.spark;

// Run from examples/spark-app (copy it to src/main/java/com/example/spark/ first):
//   ./mvnw -q -f examples/spark-app/pom.xml -DskipTests verify exec:exec -Dapp.main=com.example.spark.TaskTimes -Dapp.args="4"
// Each query's wall time on local[2] and local[1], and each of its tasks' times (SparkListener).

import io.numfuse.spark.NumfuseSpark;
import java.util.*;
import java.util.function.Supplier;
import org.apache.spark.scheduler.*;
import org.apache.spark.sql.*;

public final class TaskTimes {
    static final List<String> tasks = Collections.synchronizedList(new ArrayList<>());
    public static void main(String[] args) throws Exception {
        long n = 10_000_000L;
        int parts = Integer.parseInt(args.length > 0 ? args[0] : "4");
        for (String master : (args.length > 1 ? args[1] : "local[2],local[1]").split(",")) {
            SparkSession spark = SparkSession.builder().master(master).config("spark.ui.enabled", "false").config("spark.driver.memory", "6g").getOrCreate();
            spark.sparkContext().addSparkListener(new SparkListener() {
                @Override public void onTaskEnd(SparkListenerTaskEnd e) {
                    var m = e.taskMetrics(); var i = e.taskInfo();
                    tasks.add(String.format("stage %d task %d: wall %d ms, run %d ms, cpu %d ms, gc %d ms, deser %d ms", e.stageId(), i.index(), i.duration(),
                        m.executorRunTime(), m.executorCpuTime() / 1000000, m.jvmGCTime(), m.executorDeserializeTime()));
                }
            });
            Dataset<Row> df = App.data(spark, n, parts).cache();
            df.count();
            String e = "sin(a)*cos(b) + sqrt(abs(c))";
            Map<String, Supplier<Double>> cases = new LinkedHashMap<>();
            cases.put("spark-sql", () -> df.withColumn("out", functions.expr(e)).agg(functions.sum("out")).first().getDouble(0));
            cases.put("numfuse-jvm", () -> NumfuseSpark.on(df).target("jvm").withColumn("out", e).apply().agg(functions.sum("out")).first().getDouble(0));
            cases.put("count", () -> (double) df.filter("a > 100").count());
            for (int r = 0; r < 6; r++) for (var c : cases.entrySet()) {
                Thread.sleep(200); tasks.clear();
                long t0 = System.nanoTime(); c.getValue().get(); long dt = System.nanoTime() - t0;
                Thread.sleep(100);
                if (r >= 3) { System.out.printf("%s %s: %.0f ms%n", master, c.getKey(), dt / 1e6); synchronized (tasks) { for (String s : tasks) System.out.println("   " + s); } }
            }
            df.unpersist(true);
            spark.stop();
        }
    }
}
