package com.example.spark;

// Run from examples/spark-app (copy it to src/main/java/com/example/spark/ first):
//   ./mvnw -q -f examples/spark-app/pom.xml -DskipTests verify exec:exec -Dapp.main=com.example.spark.TaskSched -Dapp.args="ROWS ROUNDS"
// Each query's CPU by thread group (Linux /proc/self/task/*/schedstat: time on a CPU, and time
// runnable but waiting for one), after warm-up rounds; the task threads' wall time too.

import io.numfuse.spark.NumfuseSpark;
import java.nio.file.*;
import java.util.*;
import java.util.function.Supplier;
import org.apache.spark.sql.*;

public final class TaskSched {
    record Stat(String group, long run, long queued) {}

    static String group(String comm) {
        if (comm.startsWith("Executor task")) return "task";
        if (comm.startsWith("C2 Compiler") || comm.startsWith("C1 Compiler")) return "jit";
        if (comm.startsWith("GC Thread") || comm.startsWith("G1 ")) return "gc";
        if (comm.startsWith("main")) return "main";
        return "other";
    }

    static Map<Long, Stat> snapshot() throws Exception {
        Map<Long, Stat> m = new HashMap<>();
        try (var dirs = Files.list(Path.of("/proc/self/task"))) {
            for (Path d : (Iterable<Path>) dirs::iterator) {
                try {
                    String comm = Files.readString(d.resolve("comm")).strip();
                    String[] s = Files.readString(d.resolve("schedstat")).strip().split(" ");
                    m.put(Long.parseLong(d.getFileName().toString()), new Stat(group(comm), Long.parseLong(s[0]), Long.parseLong(s[1])));
                } catch (java.io.IOException gone) { }
            }
        }
        return m;
    }

    static Map<String, long[]> delta(Map<Long, Stat> a, Map<Long, Stat> b) {
        Map<String, long[]> g = new TreeMap<>();
        for (var e : b.entrySet()) {
            Stat before = a.get(e.getKey());
            long run = e.getValue().run() - (before == null ? 0 : before.run()), wait = e.getValue().queued() - (before == null ? 0 : before.queued());
            long[] t = g.computeIfAbsent(e.getValue().group(), k -> new long[2]);
            t[0] += run;
            t[1] += wait;
        }
        return g;
    }

    static final com.sun.management.ThreadMXBean MX = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();

    /** Bytes allocated so far: by the task threads, and by every thread. */
    static long[] allocated() {
        long tasks = 0;
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("Executor task launch worker")) tasks += Math.max(0, MX.getThreadAllocatedBytes(t.threadId()));
        }
        return new long[] { tasks, MX.getTotalThreadAllocatedBytes() };
    }

    public static void main(String[] args) throws Exception {
        long n = args.length > 0 ? Long.parseLong(args[0]) : 10_000_000L;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 12;
        for (String master : List.of("local[2]", "local[1]")) {
            SparkSession spark = SparkSession.builder().master(master).config("spark.ui.enabled", "false").config("spark.driver.memory", "6g").getOrCreate();
            Dataset<Row> df = App.data(spark, n, 4).cache();
            df.count();
            String e = "sin(a)*cos(b) + sqrt(abs(c))";
            Map<String, Supplier<Double>> cases = new LinkedHashMap<>();
            var conf = spark.conf();
            for (String x : List.of(e, "a + b*c")) {
                String k = x.equals(e) ? "transc" : "a+b*c";
                cases.put(k + " spark-sql", () -> df.withColumn("out", functions.expr(x)).agg(functions.sum("out")).first().getDouble(0));
                cases.put(k + " numfuse-jvm", () -> {
                    conf.set(NumfuseSpark.DECODE_CACHE, "true");
                    return NumfuseSpark.on(df).target("jvm").withColumn("out", x).apply().agg(functions.sum("out")).first().getDouble(0);
                });
                cases.put(k + " numfuse-jvm-sparkread", () -> {
                    conf.set(NumfuseSpark.DECODE_CACHE, "false");
                    return NumfuseSpark.on(df).target("jvm").withColumn("out", x).apply().agg(functions.sum("out")).first().getDouble(0);
                });
            }
            Map<String, List<Double>> walls = new TreeMap<>();
            for (int r = 0; r < rounds; r++) for (var c : cases.entrySet()) {
                Thread.sleep(100);
                var s0 = snapshot();
                long[] a0 = allocated();
                long t0 = System.nanoTime();
                c.getValue().get();
                long dt = System.nanoTime() - t0;
                long[] a1 = allocated();
                var d = delta(s0, snapshot());
                if (r >= rounds / 2) walls.computeIfAbsent(master + " " + c.getKey(), k -> new ArrayList<>()).add(dt / 1e6);
                if (r >= rounds - 4) {
                    StringBuilder sb = new StringBuilder(String.format("%s %-32s %4.0f ms:", master, c.getKey(), dt / 1e6));
                    for (var g : d.entrySet()) sb.append(String.format("  %s %.0f+%.0f", g.getKey(), g.getValue()[0] / 1e6, g.getValue()[1] / 1e6));
                    sb.append(String.format("  allocated: tasks %.0f MB (threads alive at both ends), all %.0f MB", (a1[0] - a0[0]) / 1e6, (a1[1] - a0[1]) / 1e6));
                    System.out.println(sb);
                }
            }
            for (var w : walls.entrySet()) {
                List<Double> l = w.getValue();
                Collections.sort(l);
                System.out.printf("MEDIAN %-40s %6.1f ms (%.1f-%.1f, %d queries)%n", w.getKey(), l.get(l.size() / 2), l.get(0), l.get(l.size() - 1), l.size());
            }
            df.unpersist(true);
            spark.stop();
        }
    }
}
