package io.numfuse.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.numfuse.runtime.JvmTarget;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Each task's JVM kernels use the task's cores (spark.task.cpus, 1 here) or spark.numfuse.threadsPerTask,
 * not every core of the executor; the driver keeps numfuse's own count.
 */
class TaskThreadsTest {
    private static final Dataset<Row> DF = SparkTestSession.random(43, 0, 400, 4, 0.1);
    private static final Set<Integer> SEEN = ConcurrentHashMap.newKeySet();

    @AfterEach
    void unhook() {
        BatchEvaluator.threadsSeen = null;
        SparkTestSession.get().conf().unset(NumfuseSpark.THREADS_PER_TASK);
    }

    /** The JVM threads each evaluation of {@code c}'s column and of an aggregate ran under. */
    private static Set<Integer> threadsOf(NumfuseSpark.Columns c, List<Row> want) {
        SEEN.clear();
        BatchEvaluator.threadsSeen = SEEN::add;
        assertEquals(want, c.withColumn("x", "sin(a)*cos(b) + sqrt(abs(c))").apply().sort("id").collectAsList());
        c.aggregate("sum(a*b)");
        BatchEvaluator.threadsSeen = null;
        return Set.copyOf(SEEN);
    }

    @Test
    void aTaskSplitsAcrossItsCpusOrTheConfiguredThreads() {
        int pool = JvmTarget.threads();
        List<Row> want = NumfuseSpark.on(DF).withColumn("x", "sin(a)*cos(b) + sqrt(abs(c))").apply().sort("id").collectAsList();
        assertEquals(Set.of(1), threadsOf(NumfuseSpark.on(DF), want), "spark.task.cpus is 1");
        assertEquals(Set.of(Math.min(2, pool)), threadsOf(NumfuseSpark.on(DF).threadsPerTask(2), want));
        SparkTestSession.get().conf().set(NumfuseSpark.THREADS_PER_TASK, "2");
        assertEquals(Set.of(Math.min(2, pool)), threadsOf(NumfuseSpark.on(DF), want), "from the configuration");
        assertEquals(pool, JvmTarget.threads(), "the driver's thread is not capped");
    }

    @Test
    void aBadThreadCountIsRefusedOnTheDriver() throws Exception {
        var conf = SparkTestSession.get().conf();
        conf.set(NumfuseSpark.THREADS_PER_TASK, "all");
        assertEquals("spark.numfuse.threadsPerTask is 'all', not a whole number of threads (default: spark.task.cpus)",
                PlanningErrorTest.fails(() -> NumfuseSpark.withColumn(DF, "x", "a * 2")));
        conf.set(NumfuseSpark.THREADS_PER_TASK, "0");
        assertEquals("spark.numfuse.threadsPerTask must be 1 or more threads, not 0",
                PlanningErrorTest.fails(() -> NumfuseSpark.aggregate(DF, "sum(a)")));
    }
}
