package io.numfuse.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.spark.SparkException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** The executors' numfuse target: spark.numfuse.target, or the builder's; the rows per batch: spark.numfuse.batchRows. */
class TargetTest {
    private static final Dataset<Row> DF = SparkTestSession.random(41, 0, 300, 3, 0.1);

    private static List<Row> column(NumfuseSpark.Columns c) { return c.withColumn("x", "a*2 + i").apply().sort("id").collectAsList(); }

    /** Results computed on a device come back whole (numfuse writes them into the task's arrays). */
    @Test
    void anOpenClDeviceGivesTheJvmsValues() {
        org.junit.jupiter.api.Assumptions.assumeFalse(io.numfuse.runtime.Targets.openCl().isEmpty(), "no OpenCL device");
        var jvm = NumfuseSpark.on(DF).target("jvm").withColumn("x", "sqrt(abs(a))*2 + i").withColumn("y", "i*3 - l")
                .withColumn("z", "a > b").apply().sort("id").collectAsList();
        var device = NumfuseSpark.on(DF).target("opencl:0").withColumn("x", "sqrt(abs(a))*2 + i").withColumn("y", "i*3 - l")
                .withColumn("z", "a > b").apply().sort("id").collectAsList();
        assertEquals(jvm.size(), device.size());
        for (int r = 0; r < jvm.size(); r++) {
            Row j = jvm.get(r), d = device.get(r);
            assertEquals(j.get(10), d.get(10), "int64 exactly");
            assertEquals(j.get(11), d.get(11), "bool exactly");
            if (!j.isNullAt(9)) assertEquals(j.getDouble(9), d.getDouble(9), 1e-12 * Math.max(1, Math.abs(j.getDouble(9))));
            else assertTrue(d.isNullAt(9));
        }
    }

    @Test
    void theConfiguredTargetAndBatchSizeAreTheDefaults() throws Exception {
        var conf = SparkTestSession.get().conf();
        List<Row> jvm = column(NumfuseSpark.on(DF).target("jvm"));
        conf.set(NumfuseSpark.TARGET, "interpreter");   // the reference interpreter: slow, and the same values
        conf.set(NumfuseSpark.BATCH_ROWS, "16");
        try {
            assertEquals(jvm, column(NumfuseSpark.on(DF)));
            conf.set(NumfuseSpark.TARGET, "no-such-target");
            assertTrue(PlanningErrorTest.fails(() -> column(NumfuseSpark.on(DF))).startsWith("spark.numfuse.target is 'no-such-target', not a numfuse target: use auto"));
            conf.set(NumfuseSpark.TARGET, "opencl:99");   // a name, checked by each executor against its devices
            SparkException e = assertThrows(SparkException.class, () -> column(NumfuseSpark.on(DF)));
            assertTrue(e.getMessage().contains("there is no OpenCL device 99"), e.getMessage());
            conf.set(NumfuseSpark.BATCH_ROWS, "many");
            assertEquals("spark.numfuse.batchRows is 'many', not a whole number of rows (default 65536)",
                    PlanningErrorTest.fails(() -> column(NumfuseSpark.on(DF).target("jvm"))));
        } finally {
            conf.unset(NumfuseSpark.TARGET);
            conf.unset(NumfuseSpark.BATCH_ROWS);
        }
    }

    /** A setting the builder overrides is not read: a bad one in the session spoils only the builders that use it. */
    @Test
    void theBuildersOwnSettingsLeaveTheSessionsUnread() throws Exception {
        var conf = SparkTestSession.get().conf();
        List<Row> jvm = column(NumfuseSpark.on(DF).target("jvm"));
        conf.set(NumfuseSpark.TARGET, "no-such-target");
        conf.set(NumfuseSpark.BATCH_ROWS, "0");
        conf.set(NumfuseSpark.THREADS_PER_TASK, "none");
        try {
            assertEquals(jvm, column(NumfuseSpark.on(DF).target("jvm").batchRows(16).threadsPerTask(1)));
            assertEquals("spark.numfuse.batchRows must be 1 or more rows, not 0",
                    PlanningErrorTest.fails(() -> NumfuseSpark.on(DF).target("jvm").threadsPerTask(1).aggregate("sum(a)")));
            assertEquals("spark.numfuse.threadsPerTask is 'none', not a whole number of threads (default: spark.task.cpus)",
                    PlanningErrorTest.fails(() -> column(NumfuseSpark.on(DF).target("jvm").batchRows(16))));
        } finally {
            conf.unset(NumfuseSpark.TARGET);
            conf.unset(NumfuseSpark.BATCH_ROWS);
            conf.unset(NumfuseSpark.THREADS_PER_TASK);
        }
    }
}
