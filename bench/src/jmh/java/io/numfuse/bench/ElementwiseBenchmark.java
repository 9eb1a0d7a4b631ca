package io.numfuse.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.*;

/**
 * The elementwise suite under JMH: numfuse (allocating its result, or writing into an existing
 * array) against the hand-written loop (java-loop; java-math-loop for exp and sin+cos) and the
 * eager one-temporary-per-op evaluation, on the same threads.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(value = 1, jvmArgsAppend = { "-Xss8m", "-XX:+UseParallelGC" })
public class ElementwiseBenchmark {
    /** abc (a+b*c), poly ((a*x+b)*x+c)*x+d, chain10, exp, sincos */
    @Param({ "abc", "poly", "chain10", "exp", "sincos" }) public String kase;
    @Param({ "10000000" }) public int n;
    @Param({ "float32", "float64" }) public String dtype;
    @Param({ "numfuse-alloc", "numfuse-into", "hand", "eager" }) public String row;
    @Param({ "jvm" }) public String target;

    private Row r;

    @Setup(Level.Trial)
    public void setup() {
        r = JmhRows.pick(Suites.rows(JmhRows.kase("elementwise", kase), JmhRows.params(n, dtype, target)), row);
    }

    @Benchmark
    public void run() { r.call.run(); }
}
