package io.numfuse.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.*;

/**
 * The STREAM triad a = b + 3c (the bandwidth floor: 3 arrays moved per element) and a+b*c
 * (4 arrays), numfuse against the hand loop on the same threads. GB/s = arrays * n * itemsize / time.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(value = 1, jvmArgsAppend = { "-Xss8m", "-XX:+UseParallelGC" })
public class StreamBenchmark {
    @Param({ "triad", "abc" }) public String kase;
    @Param({ "10000000" }) public int n;
    @Param({ "float32", "float64" }) public String dtype;
    @Param({ "numfuse-into", "numfuse-alloc", "hand" }) public String row;
    @Param({ "jvm" }) public String target;

    private Row r;

    @Setup(Level.Trial)
    public void setup() {
        r = JmhRows.pick(Suites.rows(JmhRows.kase("stream", kase), JmhRows.params(n, dtype, target)), row);
    }

    @Benchmark
    public void run() { r.call.run(); }
}
