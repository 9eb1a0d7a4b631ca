package com.example.spark;

import io.numfuse.runtime.KernelRuns;
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
 * {@code sum(EXPR)}, which makes no rows. Every master is warmed up in a session of its own
 * before any is timed; then, in a new session per master, each case: warm-up rounds until the JIT
 * has settled, then the median, min and max of the repeats, and each case's time over Spark SQL's in the same round (the cases take turns, so
 * that they meet the same load), and where numfuse's kernels ran in the timed queries (its
 * auto's choice on the executors); the load average before and after. Arguments: [rows] [repeats] [masters, comma-separated]
 * [sink: sum (default) or noop, {@link Sink}].
 */
public final class SparkBench {
    private SparkBench() {}

    /** The arguments, as {@code numfuse bench spark --help} prints them. */
    static final String USAGE = "usage: numfuse bench spark [ROWS (10000000)] [REPEATS (7)] [MASTERS (local[2],local[1])] [SINK: sum (default) or noop]";

    public static void main(String[] args) {
        if (args.length > 0 && (args[0].equals("-h") || args[0].equals("--help"))) {
            System.out.println(USAGE);
            return;
        }
        long n;
        int repeats;
        String[] masters;
        Sink sink;
        try {
            if (args.length > 4) throw new IllegalArgumentException("at most 4 arguments, got " + args.length);
            n = args.length > 0 ? positive("ROWS", args[0], Integer.MAX_VALUE) : 10_000_000L;
            repeats = args.length > 1 ? (int) positive("REPEATS", args[1], 1000) : 7;
            masters = (args.length > 2 ? args[2] : "local[2],local[1]").split(",");
            for (String m : masters) if (m.isBlank()) throw new IllegalArgumentException("MASTERS: an empty master in '" + args[2] + "'");
            sink = args.length > 3 ? Sink.parse(args[3]) : Sink.SUM;
        } catch (IllegalArgumentException e) {
            System.err.println("numfuse bench spark: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        List<String> exprs = List.of("sin(a)*cos(b) + sqrt(abs(c))", "a + b*c");
        System.out.printf("# %d rows, %d repeats after warm-up rounds until the JIT settles, %d cores, JDK %s, each column %s%n", n, repeats,
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), sink.what);
        System.out.printf("%-9s %-30s %-18s %9s %9s %9s %7s %11s %14s  %s%n", "master", "expression", "row", "median_s", "min_s", "max_s",
                "ratio", "ratio_range", "checksum", "kernels_ran_on");
        // every master is warmed up once before any is timed, so that the one timed first does not
        // pay the JIT's work on Spark's and numfuse's code that the later ones find done
        for (String master : masters) run(master, n, exprs, 0, sink);
        for (String master : masters) run(master, n, exprs, repeats, sink);
    }

    /** {@code text} as a whole number from 1 to {@code most}, or an error naming {@code what}. */
    static long positive(String what, String text, long most) {
        long v;
        try {
            v = Long.parseLong(text.strip().replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + ": a whole number, not '" + text + "'");
        }
        if (v < 1 || v > most) throw new IllegalArgumentException(what + ": from 1 to " + most + ", not " + v);
        return v;
    }

    /** A session on {@code master} over {@code n} cached rows: each expression's cases warmed up, then timed {@code repeats} times (0: only warmed up). */
    private static void run(String master, long n, List<String> exprs, int repeats, Sink sink) {
        SparkSession spark = SparkSession.builder().appName("numfuse-spark-bench").master(master)
                .config("spark.ui.enabled", "false").config("spark.driver.memory", "6g").getOrCreate();
        try {
            Dataset<Row> df = App.data(spark, n, 4).cache();
            df.count();
            System.out.println("# " + master + (repeats == 0 ? ", warming up" : "") + ": load before " + load());
            for (String e : exprs) {
                Map<String, Supplier<Double>> cases = new LinkedHashMap<>();
                cases.put("spark-sql", () -> sink.consume(df.withColumn("out", functions.expr(e))));
                cases.put("numfuse", () -> sink.consume(NumfuseSpark.withColumn(df, "out", e)));
                cases.put("numfuse-jvm", () -> sink.consume(NumfuseSpark.on(df).target("jvm").withColumn("out", e).apply()));
                cases.put("numfuse-rows", () -> sink.consume(withRowOutput(spark, () -> NumfuseSpark.withColumn(df, "out", e))));
                cases.put("numfuse-aggregate", () -> ((Number) NumfuseSpark.aggregate(df, "sum(" + e + ")")).doubleValue());
                time(master, e, cases, repeats);
            }
            System.out.println("# " + master + ": load after " + load());
            df.unpersist(true);
        } finally {
            spark.stop();
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
        warmUp(master, e, names, cases, check);
        if (repeats == 0) return;
        double[][] t = new double[names.size()][repeats];
        List<Map<String, Long>> ranOn = new ArrayList<>();
        for (int k = 0; k < names.size(); k++) ranOn.add(new java.util.TreeMap<>());
        for (int r = 0; r < repeats; r++) {
            for (int k = 0; k < names.size(); k++) {
                Map<String, Long> before = KernelRuns.snapshot();
                long t0 = System.nanoTime();
                check[k] = cases.get(names.get(k)).get();
                t[k][r] = (System.nanoTime() - t0) / 1e9;
                Map<String, Long> caseRanOn = ranOn.get(k);
                KernelRuns.since(before).forEach((target, n) -> caseRanOn.merge(target, n, Long::sum));
            }
        }
        for (int k = 0; k < names.size(); k++) {
            double[] ratio = new double[repeats];
            for (int r = 0; r < repeats; r++) ratio[r] = t[k][r] / t[0][r];
            Arrays.sort(ratio);
            Arrays.sort(t[k]);
            System.out.printf("%-9s %-30s %-18s %9.3f %9.3f %9.3f %7.2f %11s %14.6g  %s%n", master, e, names.get(k), t[k][repeats / 2],
                    t[k][0], t[k][repeats - 1], ratio[repeats / 2], String.format("%.2f-%.2f", ratio[0], ratio[repeats - 1]), check[k],
                    ranOn(ranOn.get(k)));
        }
    }

    /**
     * Where numfuse's kernels ran during a case's timed queries ({@link KernelRuns}, counted in this
     * JVM: the executors of a {@code local} master), as "target count" pairs; "-" when none ran here
     * (Spark SQL's rows, or executors in other JVMs).
     */
    static String ranOn(Map<String, Long> counts) {
        if (counts.isEmpty()) return "-";
        return String.join(", ", counts.entrySet().stream().map(c -> c.getKey() + " " + c.getValue()).toList());
    }

    /** The most warm-up rounds; and the share of a round's time the JIT's compilers may take in the last. */
    private static final int MOST_WARM_UP_ROUNDS = 30;
    private static final double SETTLED = 0.02;

    /**
     * Rounds of every case until the JIT has settled: at least 2, and then until the compilers'
     * time over a round is under {@value #SETTLED} of the round's (or {@value #MOST_WARM_UP_ROUNDS}
     * rounds). Two fixed rounds left the C2 compilers working for seconds more (about 4.5 s of
     * compilation in the next seven queries of a numfuse column over 4x10^7 rows, on two cores),
     * so that the master timed first paid the warm-up the second did not: local[1] over local[2],
     * numfuse's transcendental column, 1.34 with local[2] first and 1.83 with local[1] first.
     */
    private static void warmUp(String master, String e, List<String> names, Map<String, Supplier<Double>> cases, double[] check) {
        java.lang.management.CompilationMXBean jit = java.lang.management.ManagementFactory.getCompilationMXBean();
        boolean timed = jit != null && jit.isCompilationTimeMonitoringSupported();
        int rounds = 0;
        double share = Double.NaN;
        while (rounds < MOST_WARM_UP_ROUNDS) {
            long c0 = timed ? jit.getTotalCompilationTime() : 0, t0 = System.nanoTime();
            for (int k = 0; k < names.size(); k++) check[k] = cases.get(names.get(k)).get();
            rounds++;
            if (timed) share = (jit.getTotalCompilationTime() - c0) / ((System.nanoTime() - t0) / 1e6);
            if (rounds >= 2 && !(share >= SETTLED)) break;   // NaN, no JIT to time: two rounds
        }
        System.out.printf("# %s, %s: %d warm-up rounds, the JIT's compilers %.1f%% of the last one's time%n", master, e, rounds, 100 * share);
    }

    /**
     * What each case does with its column: {@code sum}, the query {@code agg(sum(out))} (its
     * checksum the sum; two stages, the second after a shuffle, and a row to the driver); or
     * {@code noop}, a write to Spark's {@code noop} data source (one stage, every row consumed
     * and dropped: what Spark's own benchmarks time an expression with; the checksum NaN).
     */
    enum Sink {
        SUM("summed: agg(sum(out))"), NOOP("written to Spark's noop source");

        final String what;

        Sink(String what) { this.what = what; }

        static Sink parse(String s) {
            return switch (s) {
                case "sum" -> SUM;
                case "noop" -> NOOP;
                default -> throw new IllegalArgumentException("SINK: sum or noop, not '" + s + "'");
            };
        }

        double consume(Dataset<Row> withOut) {
            if (this == SUM) return withOut.agg(functions.sum("out")).first().getDouble(0);
            withOut.write().format("noop").mode("overwrite").save();
            return Double.NaN;
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
