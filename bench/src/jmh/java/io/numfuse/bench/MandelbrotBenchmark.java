package io.numfuse.bench;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.*;

/**
 * The mandelbrot suite under JMH: the plain array-code Mandelbrot ({@link MandelbrotDemo#plain},
 * PyCUDA's window, 100 iterations, counts read on the host) on a target, against the hand loop on
 * Par's threads that exits early per pixel, and (on an OpenCL target) the raw JOCL kernel.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(value = 1, jvmArgsAppend = { "-Xss8m", "-XX:+UseParallelGC" })
public class MandelbrotBenchmark {
    @Param({ "1024" }) public int side;
    /** numfuse (the plain code), hand (baseline:java-loop), raw (baseline:raw-jocl: an OpenCL target only) */
    @Param({ "numfuse", "hand" }) public String row;
    @Param({ "jvm" }) public String target;

    private Row r;

    @Setup(Level.Trial)
    public void setup() { r = JmhRows.pick(LoopsSuite.mandelbrot(side, List.of(target)), row); }

    @Benchmark
    public void run() { r.call.run(); }
}
