package io.numfuse.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.*;

/**
 * The cost of a kernel never seen before: its codegen + define (JvmCodegen.generate and
 * JvmKernels.define of a fresh KernelKey), and a first evaluation through the Java API (fusion,
 * codegen, define, run at n = 1000). Each invocation handles 20 fresh kernels, made untimed.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = { "-Xss8m", "-XX:+UseParallelGC" })
public class NewKernelBenchmark {
    @Param({ "new kernel: codegen+define", "new kernel: first eval" }) public String what;

    private Row r;

    @Setup(Level.Trial)
    public void setup() {
        for (Row x : Suites.dispatch(JmhRows.params(1000, "float32", "jvm"))) if (x.caseName.equals(what)) r = x;
        r.prepare.accept(1);
    }

    @Setup(Level.Invocation)
    public void prepare() { r.prepare.accept(Suites.NEW_KERNELS_PER_SAMPLE); }

    @Benchmark
    @OperationsPerInvocation(Suites.NEW_KERNELS_PER_SAMPLE)
    public void run() { for (int i = 0; i < Suites.NEW_KERNELS_PER_SAMPLE; i++) r.call.run(); }
}
