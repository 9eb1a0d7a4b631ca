package io.numfuse.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.*;
import org.openjdk.jmh.infra.Blackhole;

/** The reduce suite under JMH: numfuse against a plain loop, a hand-unrolled loop and eager, on the same threads. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(value = 1, jvmArgsAppend = { "-Xss8m", "-XX:+UseParallelGC" })
public class ReduceBenchmark {
    @Param({ "sum", "max", "dot" }) public String kase;
    @Param({ "10000000" }) public int n;
    @Param({ "float32", "float64" }) public String dtype;
    @Param({ "numfuse-alloc", "hand", "unrolled", "eager" }) public String row;
    @Param({ "jvm" }) public String target;

    private Row r;

    @Setup(Level.Trial)
    public void setup() {
        r = JmhRows.pick(Suites.rows(JmhRows.kase("reduce", kase), JmhRows.params(n, dtype, target)), row);
    }

    @Benchmark
    public void run(Blackhole bh) {
        r.call.run();
        bh.consume(r);
    }
}
