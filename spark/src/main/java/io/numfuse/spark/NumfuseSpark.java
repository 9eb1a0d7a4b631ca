package io.numfuse.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.execution.ColumnarToRowExec;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.execution.WholeStageCodegenExec;
import org.apache.spark.sql.execution.adaptive.AdaptiveSparkPlanExec;
import org.apache.spark.sql.execution.columnar.InMemoryTableScanExec;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.vectorized.ColumnarBatch;

/**
 * numfuse expressions over the numeric columns of Spark DataFrames, evaluated partition by
 * partition inside the executors, one fused numfuse evaluation per batch of rows:
 *
 * <pre>{@code
 * Dataset<Row> out = NumfuseSpark.withColumn(df, "out", "sin(a)*cos(b) + sqrt(abs(c))");
 * Object total = NumfuseSpark.aggregate(df, "sum(a*b)");
 * Dataset<Row> more = NumfuseSpark.on(df).target("jvm").batchRows(8192)
 *         .withColumn("x", "a + b*c").withColumn("y", "where(a > 0, a, 0)").apply();
 * }</pre>
 *
 * <p><b>Planning.</b> Each expression is parsed and type-checked once, on the driver, against the
 * DataFrame's schema, before any task runs: an unknown column, a column that is not numeric or an
 * expression numfuse refuses is a {@link NumfuseSparkException} with numfuse's one-line message.
 * Names are resolved as Spark resolves them, case-insensitively unless
 * {@code spark.sql.caseSensitive} is true: a name two columns have (after a join) is ambiguous,
 * and a new column replaces every column of its name. A column's expression, and an aggregate's
 * argument, may contain no reduction ({@code a - mean(a)}): the executors evaluate it one batch
 * of rows at a time, so the reduction would be over each batch alone. An integer to a negative
 * integer literal power ({@code i ** -1}) is refused too, as NumPy refuses it; a negative value in
 * an integer exponent column ({@code i ** j}) is found only by the task that reads it, which then
 * fails, numfuse's message the root cause of Spark's error (cast the base to float to avoid it).
 *
 * <p><b>Batches.</b> When the DataFrame's physical plan produces Spark's columnar batches (a cached
 * DataFrame, a Parquet or ORC scan), each columnar batch is one numfuse batch, read from its
 * column vectors without making rows (a cache read whole is decoded by numfuse, each task's
 * batches into the same vectors: {@code CachedBatches}); otherwise rows are gathered
 * {@code batchRows} at a time ({@value #BATCH_ROWS}, default {@value #DEFAULT_BATCH_ROWS}).
 *
 * <p><b>Output.</b> From columnar input the new DataFrame is columnar too: each batch's own column
 * vectors and a vector per new column over the array numfuse evaluated into, which Spark reads
 * with its generated {@code ColumnarToRow} loop, only the columns a query uses. From rows whose
 * every column numfuse reads, columnar batches too: each batch's columns gathered into arrays,
 * and the results after them. From other rows, each row with the new values after it.
 *
 * <p><b>Types.</b> boolean, tinyint, smallint, int, bigint, float and double columns are read as
 * numfuse's bool, int32 (the three integers below 64 bits), int64, float32 and float64; the
 * result's type is numfuse's (NumPy's promotion: {@code a*b} over two float columns is float, a
 * literal does not widen a column), mapped back to the Spark type of the same name.
 *
 * <p><b>Nulls.</b> A null in any column an expression reads makes its result null in that row,
 * as Spark's arithmetic and math functions do: the batch is evaluated with a placeholder in the
 * null rows and the result is then nulled by the rows' validity mask. Aggregates skip such rows,
 * as Spark's do.
 *
 * <p><b>Where it runs.</b> Each executor evaluates on numfuse's target {@code auto} (its own
 * scheduler, over its own devices), or on the target named by the Spark configuration
 * {@value #TARGET}, or by {@link Columns#target}. numfuse compiles each kernel once per executor
 * JVM; OpenCL programs are kept in numfuse's disk cache, which executors of one user on one host
 * share.
 *
 * <p><b>Threads.</b> Spark runs one task per {@code spark.task.cpus} cores, so each task splits its
 * JVM kernels across at most that many threads (1 by default: each kernel runs on the task's
 * thread), or across {@value #THREADS_PER_TASK} threads when that is set ({@link Columns#threadsPerTask}),
 * instead of across every core of the executor as numfuse does elsewhere.
 */
public final class NumfuseSpark {
    /** The Spark configuration key of the numfuse target the executors use ({@code auto} when unset). */
    public static final String TARGET = "spark.numfuse.target";
    /** The Spark configuration key of the rows per batch when the input comes as rows. */
    public static final String BATCH_ROWS = "spark.numfuse.batchRows";
    /**
     * The Spark configuration key that turns the columnar output off ({@code false}: each row goes
     * on as a row, the input's row joined to its new values from rows); {@code true} when unset:
     * columnar batches from a columnar input, and from rows whose every column numfuse reads.
     * Either word in any case; another value is a {@link NumfuseSparkException}.
     */
    public static final String COLUMNAR_OUTPUT = "spark.numfuse.columnarOutput";
    /**
     * The Spark configuration key that leaves the read of a cached DataFrame to Spark
     * ({@code false}: Spark decodes each cached batch into new column vectors); {@code true} when
     * unset: numfuse decodes a cache it reads whole into the same vectors batch after batch.
     * Either word in any case; another value is a {@link NumfuseSparkException}.
     */
    public static final String DECODE_CACHE = "spark.numfuse.decodeCache";
    /**
     * The Spark configuration key of the most threads a task's JVM kernels are split across
     * (unset: the task's {@code spark.task.cpus}).
     */
    public static final String THREADS_PER_TASK = "spark.numfuse.threadsPerTask";
    /** Rows per batch when the input comes as rows and {@value #BATCH_ROWS} is not set. */
    public static final int DEFAULT_BATCH_ROWS = 65536;

    private NumfuseSpark() {}

    /**
     * {@code df} with one more column, {@code out}, the element-wise value of {@code expression}
     * over {@code df}'s columns (a column of that name is replaced in place, as
     * {@link Dataset#withColumn(String, Column)} does: every column of that name, both {@code k}s of
     * a join's {@code [k, a, k, b]}). Lazy, as a Spark transformation is.
     *
     * @param df         the DataFrame
     * @param out        the new column's name
     * @param expression a numfuse expression over {@code df}'s numeric columns, such as
     *                   {@code "sin(a)*cos(b) + sqrt(abs(c))"}
     * @return the new DataFrame
     * @throws NumfuseSparkException if a name is not a column, a column is not numeric, the expression
     *                               has a reduction inside, numfuse refuses the expression, or
     *                               {@code df} is a streaming DataFrame
     */
    public static Dataset<Row> withColumn(Dataset<Row> df, String out, String expression) {
        return on(df).withColumn(out, expression).apply();
    }

    /**
     * The value of an aggregate over every row of {@code df}: {@code sum(x)}, {@code mean(x)},
     * {@code min(x)}, {@code max(x)} or {@code dot(x, y)} (that is {@code sum(x*y)}) of element-wise
     * expressions over the columns. Each partition's partial result is computed with one fused
     * numfuse reduction per batch and Spark combines them. Rows where a column the expression
     * reads is null are skipped. Runs a Spark job.
     *
     * @param df         the DataFrame
     * @param expression the aggregate, such as {@code "sum(a*b)"}
     * @return the value, typed as numfuse types it: a Long for sums of bool and int columns, a Double
     *         for float64 results and means of ints, a Float for float32 results, an Integer or
     *         Long for the min or max of int32 or int64, a Boolean for that of bool; a sum of no rows
     *         is 0, and a mean, min or max of no rows is null
     * @throws NumfuseSparkException if the expression is not such an aggregate, or as {@link #withColumn}
     */
    public static Object aggregate(Dataset<Row> df, String expression) { return on(df).aggregate(expression); }

    /**
     * A builder of numfuse columns and aggregates over {@code df}, for more than one column in one
     * pass and for settings that differ from the Spark configuration's.
     *
     * @param df the DataFrame, not a streaming one
     * @return a builder with no columns, whose target, batch size, threads and output, unless set
     *         on it, are those of {@value #TARGET} ({@code auto} when unset), {@value #BATCH_ROWS},
     *         {@value #THREADS_PER_TASK} and {@value #COLUMNAR_OUTPUT}, read and checked when it
     *         applies or aggregates
     */
    public static Columns on(Dataset<Row> df) { return new Columns(df); }

    /**
     * New columns over one DataFrame, evaluated together: one pass over each partition, each column
     * read once per batch. Not thread-safe; {@link #apply()} may be called more than once.
     */
    public static final class Columns {
        private final Dataset<Row> df;
        private final List<ColumnNames.Added> columns = new ArrayList<>();
        private String target;            // null: spark.numfuse.target's
        private int batchRows;            // 0: spark.numfuse.batchRows's
        private int threadsPerTask;       // 0: spark.numfuse.threadsPerTask's, else each task's spark.task.cpus
        private Boolean columnarOutput;   // null: spark.numfuse.columnarOutput's

        private Columns(Dataset<Row> df) {
            if (df == null) throw new NumfuseSparkException("the DataFrame is null");
            if (df.isStreaming()) {   // Spark plans a stream only when it starts: its partitions cannot be read here
                throw new NumfuseSparkException("streaming DataFrames are not supported: apply numfuse to each micro-batch's DataFrame, "
                        + "in writeStream().foreachBatch(...)");
            }
            this.df = df;
        }

        /**
         * The job that computes {@code plans} over the input {@code slots}: the builder's settings,
         * and the session's where it set none, read (and checked) now, on the driver, so that a bad
         * setting the builder overrides is never read.
         */
        private PartitionJob job(InputSlot[] slots, ExpressionPlan[] plans) {
            var conf = df.sparkSession().conf();
            String t = target != null ? target : checkedTarget(conf.get(TARGET, "auto"), TARGET + " is ");
            int rows = batchRows > 0 ? batchRows
                    : atLeastOne(whole(conf.get(BATCH_ROWS, Integer.toString(DEFAULT_BATCH_ROWS)), BATCH_ROWS, "rows (default " + DEFAULT_BATCH_ROWS + ")"),
                                 BATCH_ROWS, "rows");
            int threads = threadsPerTask;
            String configured = conf.get(THREADS_PER_TASK, "");
            if (threads == 0 && !configured.isBlank()) {
                threads = atLeastOne(whole(configured, THREADS_PER_TASK, "threads (default: spark.task.cpus)"), THREADS_PER_TASK, "threads");
            }
            return new PartitionJob(slots, plans, t, rows, threads);
        }

        /**
         * Adds a column (a later one of the same name replaces it in its place, as a second
         * {@link Dataset#withColumn(String, Column)} would).
         *
         * @param out        the column's name
         * @param expression its numfuse expression over the DataFrame's columns
         * @return this builder
         */
        public Columns withColumn(String out, String expression) {
            if (out == null || out.isEmpty()) throw new NumfuseSparkException("a new column needs a name, not '" + out + "'");
            columns.add(new ColumnNames.Added(out, expression));
            return this;
        }

        /**
         * Sets the numfuse target the executors evaluate on.
         *
         * @param target a numfuse target name: {@code auto}, {@code jvm}, {@code opencl:N},
         *               {@code gpu}, {@code auto:jvm}...; each executor resolves it against its
         *               own devices, so a device it lacks fails its tasks
         * @return this builder
         * @throws NumfuseSparkException if {@code target} is not a numfuse target name
         */
        public Columns target(String target) {
            this.target = checkedTarget(target, "the target is ");
            return this;
        }

        /**
         * Sets the rows per batch when the input comes as rows (columnar input keeps Spark's batches).
         *
         * @param rows rows per batch, 1 or more
         * @return this builder
         */
        public Columns batchRows(int rows) {
            this.batchRows = atLeastOne(rows, BATCH_ROWS, "rows");
            return this;
        }

        /**
         * Sets the most threads each task splits its JVM kernels across, instead of the task's
         * {@code spark.task.cpus}.
         *
         * @param threads threads per task, 1 or more
         * @return this builder
         */
        public Columns threadsPerTask(int threads) {
            this.threadsPerTask = atLeastOne(threads, THREADS_PER_TASK, "threads");
            return this;
        }

        /**
         * Sets whether the result goes on as columnar batches (the default; from a columnar input,
         * and from rows whose every column numfuse reads, gathered into columns), or as rows: from
         * a columnar input each read through Spark's view of a row of a batch, from rows each input
         * row joined to its new values.
         *
         * @param columnar true for columnar batches
         * @return this builder
         */
        public Columns columnarOutput(boolean columnar) {
            this.columnarOutput = columnar;
            return this;
        }

        /**
         * The DataFrame with the new columns after its own (a new column whose name columns already
         * have takes their places). Plans on the driver; lazy otherwise.
         *
         * @return the new DataFrame
         * @throws NumfuseSparkException if there is no column to add, or as {@link NumfuseSpark#withColumn}
         */
        public Dataset<Row> apply() {
            if (columns.isEmpty()) throw new NumfuseSparkException("no column to add: call withColumn first");
            boolean columnar = columnarOutput != null ? columnarOutput
                    : truth(df.sparkSession().conf().get(COLUMNAR_OUTPUT, "true"), COLUMNAR_OUTPUT);
            StructType schema = df.schema();
            ColumnNames resolver = ColumnNames.of(df.sparkSession());
            List<ColumnNames.Added> added = resolver.merged(columns);
            Planner planner = new Planner(schema, resolver);
            List<ExpressionPlan> plans = new ArrayList<>();
            for (ColumnNames.Added a : added) plans.add(planner.column(a.name(), a.expression()));
            InputSlot[] slots = planner.slots();
            StructType out = schema;
            for (int k = 0; k < plans.size(); k++) {
                boolean nullable = false;
                for (int s : plans.get(k).slots()) nullable |= schema.fields()[slots[s].ordinal()].nullable();
                out = out.add(new StructField(added.get(k).name(), SparkTypes.sparkTypeOf(plans.get(k).result()), nullable,
                        org.apache.spark.sql.types.Metadata.empty()));
            }
            PartitionJob job = job(slots, plans.toArray(ExpressionPlan[]::new));
            Execution input = Execution.of(df);
            InputSlot[] all = columnar ? Planner.everyColumn(schema) : null;
            Dataset<Row> result;
            if (input.columnar() != null) {
                result = ColumnarResultExec.dataFrame(input.session(), input.columnar().toJavaRDD().mapPartitions(job::overColumns).rdd(), out, columnar);
            } else if (all != null) {   // rows whose every column numfuse reads: gathered into columns, no row copied
                result = ColumnarResultExec.dataFrame(input.session(),
                        input.rows().toJavaRDD().mapPartitions(rows -> job.overRowsAsColumns(rows, all)).rdd(), out, true);
            } else {
                result = input.session().internalCreateDataFrame(input.rows().toJavaRDD().mapPartitions(job::overRows).rdd(), out, false);
            }
            return resolver.replaces(schema, added) ? resolver.replaced(result, schema, added) : result;
        }

        /**
         * The value of an aggregate over every row (see {@link NumfuseSpark#aggregate}), on this
         * builder's target, batch size and threads. Runs a Spark job.
         *
         * @param expression the aggregate, such as {@code "max(abs(a - b))"}
         * @return the value, typed as {@link NumfuseSpark#aggregate} says
         * @throws NumfuseSparkException if the expression is not an aggregate numfuse can compute over the columns
         */
        public Object aggregate(String expression) {
            Planner planner = new Planner(df.schema(), ColumnNames.of(df.sparkSession()));
            ExpressionPlan plan = planner.aggregate(expression);
            PartitionJob job = job(planner.slots(), new ExpressionPlan[] { plan });
            Execution input = Execution.of(df);
            JavaRDD<Partial> partials = input.columnar() != null
                    ? input.columnar().toJavaRDD().mapPartitions(it -> job.partial(Batch.fromColumns(it, job.slots())))
                    : input.rows().toJavaRDD().mapPartitions(it -> job.partial(Batch.fromRows(it, job.slots(), job.batchRows(), false)));
            return partials.fold(Partial.empty(plan), Partial::combine).value();
        }
    }

    /** {@code value}, the setting {@code key}, as a whole number; {@code what}: its unit and default, for the error. */
    private static int whole(String value, String key, String what) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new NumfuseSparkException(key + " is '" + value.trim() + "', not a whole number of " + what);
        }
    }

    /** {@code n}, the setting {@code key} in {@code unit}s, when it is 1 or more. */
    private static int atLeastOne(int n, String key, String unit) {
        if (n < 1) throw new NumfuseSparkException(key + " must be 1 or more " + unit + ", not " + n);
        return n;
    }

    /**
     * {@code value}, the boolean setting {@code key}: true or false, in any case, spaces around
     * ignored. Anything else ({@code yes}, {@code 1}) is refused, as Spark refuses it for its own
     * boolean settings, rather than read as false.
     */
    private static boolean truth(String value, String key) {
        String v = value.trim();
        if (v.equalsIgnoreCase("true")) return true;
        if (v.equalsIgnoreCase("false")) return false;
        throw new NumfuseSparkException(key + " is '" + v + "', not true or false");
    }

    /** numfuse's target names ({@code io.numfuse.runtime.Targets}), checked on the driver; whether the device exists, each executor finds out. */
    private static final java.util.regex.Pattern TARGET_NAMES = java.util.regex.Pattern.compile(
            "auto(:(fastest|jvm|prefer-device|random))?(:(gpu|cpu|accelerator))?|jvm|interpreter|(opencl|gpu|cpu|accelerator)(:\\d+)?");

    private static String checkedTarget(String target, String what) {
        String t = target == null ? "" : target.trim();
        if (!TARGET_NAMES.matcher(t.toLowerCase(Locale.ROOT)).matches()) {
            throw new NumfuseSparkException(what + "'" + t + "', not a numfuse target: use auto[:fastest|jvm|prefer-device|random]"
                    + "[:gpu|cpu|accelerator], jvm, interpreter, opencl[:N], gpu[:N], cpu[:N] or accelerator[:N]");
        }
        return t;
    }

    /**
     * How a DataFrame's rows reach numfuse: the columnar batches of its physical plan when the plan
     * makes them (its top makes them, or is Spark's conversion of them to rows), else its rows.
     * Package-private for the tests.
     */
    record Execution(org.apache.spark.sql.classic.SparkSession session, RDD<ColumnarBatch> columnar, RDD<InternalRow> rows) {
        static Execution of(Dataset<Row> df) {
            if (!(df instanceof org.apache.spark.sql.classic.Dataset<Row> classic)) {
                throw new NumfuseSparkException("numfuse runs inside Spark's executors, which needs a classic SparkSession's DataFrame, "
                        + "not a Spark Connect one (" + df.getClass().getName() + ")");
            }
            boolean decode = truth(classic.sparkSession().conf().get(DECODE_CACHE, "true"), DECODE_CACHE);
            var qe = classic.queryExecution();
            SparkPlan plan = qe.executedPlan();
            // a cache with an exchange inside: adaptive execution wraps the scan, with nothing to adapt above it
            if (plan instanceof AdaptiveSparkPlanExec a && a.inputPlan() instanceof InMemoryTableScanExec scan) plan = scan;
            if (plan instanceof WholeStageCodegenExec w) plan = w.child();
            if (plan instanceof ColumnarToRowExec c) plan = c.child();
            if (plan.supportsColumnar()) {   // a scan that makes both (a cache) is not below a conversion
                RDD<ColumnarBatch> reused = decode && plan instanceof InMemoryTableScanExec scan ? CachedBatches.of(scan) : null;
                return new Execution(classic.sparkSession(), reused != null ? reused : plan.executeColumnar(), null);
            }
            return new Execution(classic.sparkSession(), null, qe.toRdd());
        }
    }
}
