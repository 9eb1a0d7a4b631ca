package io.numfuse.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.*;

/**
 * A case of the selection suite under JMH: {@code a+b*c} allocating its result on each target and
 * under {@code auto}, at a size where the JVM should win (10^3) and one where a device may
 * (10^6); auto should be within 10% of the fastest target at each size.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(value = 1, jvmArgsAppend = { "-Xss8m", "-XX:+UseParallelGC" })
public class SelectionBenchmark {
    @Param({ "1000", "1000000" }) public int n;
    @Param({ "float32" }) public String dtype;
    /** jvm, opencl:N or auto (auto calibrates the devices first unless -Dnumfuse.calibration=off) */
    @Param({ "jvm", "auto" }) public String target;

    private Row r;

    @Setup(Level.Trial)
    public void setup() {
        r = JmhRows.pick(Suites.rows(Suites.ABC, JmhRows.params(n, dtype, target)), "numfuse-alloc");
        if (target.startsWith("auto")) {
            for (int i = 0; i < 50; i++) r.call.run();        // its first calls run on the JVM while its programs build
            io.numfuse.runtime.AutoTarget.awaitBackgroundWork();
        }
    }

    @Benchmark
    public void run() { r.call.run(); }
}
