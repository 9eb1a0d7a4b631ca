package com.example.spark;

import io.numfuse.spark.NumfuseSpark;
import java.util.*;
import org.apache.spark.sql.*;

public final class PlanProbe {
    public static void main(String[] args) {
        SparkSession spark = SparkSession.builder().master("local[1]").config("spark.ui.enabled", "false").getOrCreate();
        Dataset<Row> df = App.data(spark, 100_000, 4).cache();
        df.count();
        String e = "sin(a)*cos(b) + sqrt(abs(c))";
        for (int round = 0; round < 6; round++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < 200; i++) NumfuseSpark.on(df).target("jvm").withColumn("out", e).apply();
            long t1 = System.nanoTime();
            for (int i = 0; i < 200; i++) df.withColumn("out", functions.expr(e));
            long t2 = System.nanoTime();
            for (int i = 0; i < 50; i++) NumfuseSpark.on(df).target("jvm").withColumn("out", e).apply().agg(functions.sum("out")).first();
            long t3 = System.nanoTime();
            for (int i = 0; i < 50; i++) df.withColumn("out", functions.expr(e)).agg(functions.sum("out")).first();
            long t4 = System.nanoTime();
            System.out.printf("apply %.2f ms, spark withColumn %.2f ms; whole query over 10^5 rows: numfuse %.1f ms, spark-sql %.1f ms%n",
                    (t1 - t0) / 200e6, (t2 - t1) / 200e6, (t3 - t2) / 50e6, (t4 - t3) / 50e6);
        }
        spark.stop();
    }
}
