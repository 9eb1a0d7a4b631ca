package io.numfuse.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** The spark.numfuse.* settings of the session: checked on the driver, before any job. */
class SettingsTest {
    /** Numeric columns only: the output is columnar unless spark.numfuse.columnarOutput says false. */
    private static final Dataset<Row> DF = SparkTestSession.random(43, 0, 20, 2, 0.1).drop("t");

    private static boolean columnar(Dataset<Row> d) { return d.queryExecution().executedPlan().toString().contains("ColumnarResult"); }

    @Test
    void aBooleanSettingIsTrueOrFalseAndNothingElse() throws Exception {
        var conf = SparkTestSession.get().conf();
        try {
            for (String key : new String[] { NumfuseSpark.COLUMNAR_OUTPUT, NumfuseSpark.DECODE_CACHE }) {
                for (String value : new String[] { "yes", " 1", "0", "off", "" }) {
                    conf.set(key, value);
                    assertEquals(key + " is '" + value.trim() + "', not true or false", PlanningErrorTest.fails(() -> NumfuseSpark.withColumn(DF, "x", "a * 2")));
                }
                conf.unset(key);
            }
            conf.set(NumfuseSpark.DECODE_CACHE, "no");
            assertEquals("spark.numfuse.decodeCache is 'no', not true or false", PlanningErrorTest.fails(() -> NumfuseSpark.aggregate(DF, "sum(a)")));
            conf.unset(NumfuseSpark.DECODE_CACHE);
            conf.set(NumfuseSpark.COLUMNAR_OUTPUT, " FALSE ");
            assertEquals(false, columnar(NumfuseSpark.withColumn(DF, "x", "a * 2")));
            conf.set(NumfuseSpark.COLUMNAR_OUTPUT, "True");
            assertEquals(true, columnar(NumfuseSpark.withColumn(DF, "x", "a * 2")));
            conf.set(NumfuseSpark.COLUMNAR_OUTPUT, "yes");   // the builder's own choice leaves the setting unread
            assertEquals(false, columnar(NumfuseSpark.on(DF).columnarOutput(false).withColumn("x", "a * 2").apply()));
        } finally {
            conf.unset(NumfuseSpark.COLUMNAR_OUTPUT);
            conf.unset(NumfuseSpark.DECODE_CACHE);
        }
    }
}
