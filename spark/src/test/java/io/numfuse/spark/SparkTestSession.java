package io.numfuse.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** The one local[2] SparkSession every test of the module shares (starting one takes seconds), and random DataFrames. */
final class SparkTestSession {
    private static SparkSession spark;

    private SparkTestSession() {}

    static synchronized SparkSession get() {
        if (spark == null) {
            spark = SparkSession.builder().master("local[2]").appName("numfuse-spark-tests")
                    .config("spark.ui.enabled", "false")
                    .config("spark.sql.shuffle.partitions", "4")
                    .config("spark.driver.host", "127.0.0.1")
                    .config("spark.sql.debug.maxToStringFields", "100")
                    .getOrCreate();
            Runtime.getRuntime().addShutdownHook(new Thread(spark::stop));
        }
        return spark;
    }

    /** The columns of {@link #random}: id, then a b (double), c (float), i (int), l (bigint), s (smallint), p (boolean), t (string). */
    static final StructType SCHEMA = new StructType()
            .add("id", DataTypes.IntegerType, false)
            .add("a", DataTypes.DoubleType, true)
            .add("b", DataTypes.DoubleType, true)
            .add("c", DataTypes.FloatType, true)
            .add("i", DataTypes.IntegerType, true)
            .add("l", DataTypes.LongType, true)
            .add("s", DataTypes.ShortType, true)
            .add("p", DataTypes.BooleanType, true)
            .add("t", DataTypes.StringType, true);

    /**
     * {@code n} random rows in {@code partitions} partitions (more partitions than rows leaves some
     * empty), ids from {@code firstId}, each value null with probability {@code nullRate}; ints small enough not to overflow.
     */
    static Dataset<Row> random(long seed, int firstId, int n, int partitions, double nullRate) {
        Random r = new Random(seed);
        List<Row> rows = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            rows.add(RowFactory.create(firstId + k,
                    maybe(r, nullRate, (r.nextDouble() - 0.5) * 20),
                    maybe(r, nullRate, r.nextGaussian() * 3),
                    maybe(r, nullRate, (float) (r.nextDouble() * 4 - 2)),
                    maybe(r, nullRate, r.nextInt(2001) - 1000),
                    maybe(r, nullRate, (long) r.nextInt(1 << 30) - (1 << 29)),
                    maybe(r, nullRate, (short) (r.nextInt(200) - 100)),
                    maybe(r, nullRate, r.nextBoolean()),
                    "row" + k));
        }
        SparkSession s = get();
        var rdd = new JavaSparkContext(s.sparkContext()).parallelize(rows, partitions);
        return s.createDataFrame(rdd, SCHEMA);
    }

    private static Object maybe(Random r, double nullRate, Object v) { return r.nextDouble() < nullRate ? null : v; }
}
