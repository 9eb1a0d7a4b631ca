package io.numfuse.bench;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.*;

/**
 * The laplace suite under JMH: one invocation runs 100 Jacobi iterations from the initial grid
 * (reset before each invocation, untimed), so the score is the time per iteration.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(value = 1, jvmArgsAppend = { "-Xss8m", "-XX:+UseParallelGC" })
public class LaplaceBenchmark {
    @Param({ "500" }) public int side;
    @Param({ "numfuse", "hand", "eager" }) public String row;
    @Param({ "jvm" }) public String target;

    private Row r;

    @Setup(Level.Trial)
    public void setup() { r = JmhRows.pick(Suites.laplace(side, List.of(target)), row); }

    @Setup(Level.Invocation)
    public void reset() { r.prepare.accept(Suites.LAPLACE_ITERATIONS); }

    @Benchmark
    @OperationsPerInvocation(Suites.LAPLACE_ITERATIONS)
    public void run() { for (int i = 0; i < Suites.LAPLACE_ITERATIONS; i++) r.call.run(); }
}
