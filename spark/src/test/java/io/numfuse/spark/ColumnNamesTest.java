package io.numfuse.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;

/** New columns take the names, and expressions read the columns, that Spark's own withColumn would. */
class ColumnNamesTest {
    private static final SparkSession SPARK = SparkTestSession.get();

    /** A join's columns [k, a, k, b]: two named k. */
    private static Dataset<Row> joined() {
        Dataset<Row> x = SPARK.range(0, 4, 1, 2).selectExpr("id as k", "cast(id as double) as a");
        Dataset<Row> y = SPARK.range(0, 4, 1, 2).selectExpr("id as k", "cast(id * 10 as double) as b");
        return x.join(y, x.col("k").equalTo(y.col("k")));
    }

    /** The same columns, in the same order, and the same rows as Spark's. */
    static void sameAsSpark(Dataset<Row> sparks, Dataset<Row> ours) {
        assertEquals(Arrays.asList(sparks.columns()), Arrays.asList(ours.columns()));
        assertEquals(sorted(sparks), sorted(ours));
    }

    private static List<String> sorted(Dataset<Row> d) { return d.collectAsList().stream().map(Row::toString).sorted().toList(); }

    @Test
    void aNameTwoColumnsHaveIsReplacedInBothPlacesAsSparkDoes() {
        Dataset<Row> j = joined();
        sameAsSpark(j.withColumn("k", functions.expr("a + b")), NumfuseSpark.withColumn(j, "k", "a + b"));
        sameAsSpark(j.withColumn("a", functions.expr("a + b")), NumfuseSpark.withColumn(j, "a", "a + b"));
        sameAsSpark(j.withColumn("z", functions.expr("a + b")), NumfuseSpark.withColumn(j, "z", "a + b"));
    }

    @Test
    void readingANameTwoColumnsHaveIsRefused() throws Exception {
        assertEquals("column 'z': syntax error at column 1: column name 'k' is ambiguous: the DataFrame has 2 columns of that name (k, k); "
                + "rename or drop all but one first in 'k * 2'", PlanningErrorTest.fails(() -> NumfuseSpark.withColumn(joined(), "z", "k * 2")));
    }

    @Test
    void aColumnNamedLikeATemporaryOneIsNoClash() {
        Dataset<Row> d = SPARK.range(0, 4, 1, 2).selectExpr("id", "cast(id as double) as a", "id * 2 as __numfuse_0", "id * 3 as c0");
        sameAsSpark(d.withColumn("a", functions.expr("a * 2")), NumfuseSpark.withColumn(d, "a", "a * 2"));
        sameAsSpark(d.withColumn("c0", functions.expr("a * 2")), NumfuseSpark.withColumn(d, "c0", "a * 2"));
    }

    @Test
    void namesFollowTheSessionsCaseSensitivity() throws Exception {
        Dataset<Row> d = SPARK.range(0, 4, 1, 2).selectExpr("id", "cast(id as double) as a");
        sameAsSpark(d.withColumn("A", functions.expr("a * 2")), NumfuseSpark.withColumn(d, "A", "a * 2"));   // [id, A]
        sameAsSpark(d.withColumn("x", functions.expr("a")).withColumn("X", functions.expr("A * 2")),
                NumfuseSpark.on(d).withColumn("x", "a").withColumn("X", "A * 2").apply());   // [id, a, X]
        var conf = SPARK.conf();
        conf.set(ColumnNames.CASE_SENSITIVE, "true");
        try {
            sameAsSpark(d.withColumn("A", functions.expr("a * 2")), NumfuseSpark.withColumn(d, "A", "a * 2"));   // [id, a, A]
            sameAsSpark(d.withColumn("x", functions.expr("a")).withColumn("X", functions.expr("a * 2")),
                    NumfuseSpark.on(d).withColumn("x", "a").withColumn("X", "a * 2").apply());   // [id, a, x, X]
            assertEquals("column 'x': syntax error at column 1: unknown column 'A' (the DataFrame's columns are id, a) in 'A * 2'",
                    PlanningErrorTest.fails(() -> NumfuseSpark.withColumn(d, "x", "A * 2")));
        } finally {
            conf.unset(ColumnNames.CASE_SENSITIVE);
        }
    }
}
