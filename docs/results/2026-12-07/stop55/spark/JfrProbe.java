package com.example.spark;

// Run from examples/spark-app (copy it to src/main/java/com/example/spark/ first), once per master:
//   FL="<the pom's jvm.flags>"
//   ./mvnw -q -f examples/spark-app/pom.xml -DskipTests verify exec:exec -Dapp.main=com.example.spark.JfrProbe \
//       "-Dapp.args=40000000 local[1] a+b*c nf" "-Djvm.flags=$FL -XX:StartFlightRecording=filename=nf-local[1].jfr,settings=cpu.jfc"
// then: python3 categories.py (samples of the task threads by the top frame's owner).

import io.numfuse.spark.NumfuseSpark;
import org.apache.spark.sql.*;

public final class JfrProbe {
    public static void main(String[] args) throws Exception {
        long n = Long.parseLong(args[0]);
        String master = args[1], e = args[2], which = args[3];
        SparkSession spark = SparkSession.builder().master(master).config("spark.ui.enabled", "false").getOrCreate();
        Dataset<Row> df = App.data(spark, n, 4).cache();
        df.count();
        for (int r = 0; r < 10; r++) {
            long t0 = System.nanoTime();
            double s = which.equals("sql") ? df.withColumn("out", functions.expr(e)).agg(functions.sum("out")).first().getDouble(0)
                    : NumfuseSpark.on(df).target("jvm").withColumn("out", e).apply().agg(functions.sum("out")).first().getDouble(0);
            if (r >= 3) System.out.printf("PROBE %s %s %s: %.0f ms (%g)%n", master, which, e, (System.nanoTime() - t0) / 1e6, s);
            if (r == 2) System.out.println("PROBE-START " + System.currentTimeMillis());
        }
        spark.stop();
    }
}
