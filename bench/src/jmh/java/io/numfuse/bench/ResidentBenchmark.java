package io.numfuse.bench;

import io.numfuse.runtime.Targets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.*;

/**
 * The resident suite under JMH (issue 5's targets): numfuse on an OpenCL device with its data
 * resident against {@code baseline:raw-jocl}, hand-written OpenCL C launched through JOCL on the
 * same device. {@code abc}: a+b*c at 10^7 float32 written into an existing array; {@code launch}:
 * the same at n = 1000 (the cost of launching a cached kernel); {@code laplace}: one 500x500
 * float64 Jacobi step (an invocation runs 100 from the initial grid, reset untimed), numfuse's in
 * a {@code Num.scope()} ({@code numfuse}; {@code -p row=numfuse-assign}: without one). The raw
 * kernel comes twice: {@code raw}, a {@code clFinish} after each launch (issue 5's reference),
 * and {@code raw-poll}, waited for as numfuse waits (polling its event, then {@code clFinish}).
 * Start the JVM with
 * {@code --enable-native-access=ALL-UNNAMED --add-modules jdk.incubator.vector}; the fork inherits it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(value = 1, jvmArgsAppend = { "-Xss8m", "-XX:+UseParallelGC" })
public class ResidentBenchmark {
    @Param({ "abc", "launch", "laplace" }) public String kase;
    @Param({ "numfuse", "raw", "raw-poll" }) public String row;
    @Param({ "opencl:0" }) public String target;

    private Row r;
    private boolean laplace;

    @Setup(Level.Trial)
    public void setup() {
        if (Targets.openCl().isEmpty()) throw new IllegalStateException("no OpenCL device: " + Targets.openClUnavailableReason());
        laplace = kase.equals("laplace");
        List<Row> rows = switch (kase) {
            case "abc" -> ResidentSuite.abc(JmhRows.params(10_000_000, "float32", target));
            case "launch" -> ResidentSuite.abc(JmhRows.params(1000, "float32", target));
            case "laplace" -> ResidentSuite.laplace(500, List.of(target));
            default -> throw new IllegalArgumentException("unknown case '" + kase + "'");
        };
        String pick = row.equals("numfuse") && !laplace ? "numfuse-into" : row;
        r = JmhRows.pick(rows, pick);
        if (r.hostWarmUp != null) for (int i = 0; i < Measure.HOST_WARMUP_CALLS; i++) r.hostWarmUp.run();
    }

    @Setup(Level.Invocation)
    public void reset() { if (laplace) r.prepare.accept(Suites.LAPLACE_ITERATIONS); }

    /** 100 calls an invocation (the score is per call): 100 Jacobi steps from the initial grid. */
    @Benchmark
    @OperationsPerInvocation(Suites.LAPLACE_ITERATIONS)
    public void run() { for (int i = 0; i < Suites.LAPLACE_ITERATIONS; i++) r.call.run(); }
}
