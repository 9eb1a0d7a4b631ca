package io.numfuse.bench;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.*;

/**
 * The dispatch suite under JMH: one cached evaluation of a+b at n = 1000 from the Java API
 * (a.add(b).eval(), o.assign(a.add(b))) against the hand loop. New kernels: {@link NewKernelBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(value = 1, jvmArgsAppend = { "-Xss8m", "-XX:+UseParallelGC" })
public class DispatchBenchmark {
    @Param({ "1000" }) public int n;
    @Param({ "float32" }) public String dtype;
    @Param({ "numfuse-alloc", "numfuse-into", "hand" }) public String row;

    private Row r;

    @Setup(Level.Trial)
    public void setup() { r = JmhRows.pick(Suites.rows(Suites.ADD, JmhRows.params(n, dtype, "jvm")), row); }

    @Benchmark
    public void run() { r.call.run(); }
}
