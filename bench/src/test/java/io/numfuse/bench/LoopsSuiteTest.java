package io.numfuse.bench;

import static org.junit.jupiter.api.Assertions.*;

import io.numfuse.NDArray;
import io.numfuse.Num;
import io.numfuse.core.DType;
import io.numfuse.runtime.Targets;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * {@code numfuse bench loops} at tiny sizes: every group's rows are produced and verified
 * against their hand loops (no timing is asserted); the hand loops compute what the plain code
 * does (PyCUDA's sum at full size); a wrong result fails the command.
 */
class LoopsSuiteTest {
    @Test
    void everyGroupRunsAtATinySizeAndEveryNumfuseRowIsVerified() {
        CliTest.Result r = BenchCommandTest.bench("loops", "--size", "32", "--targets", "jvm", "--json", "-");
        Map<String, Object> j = BenchCommandTest.json(r);
        BenchCommandTest.checkShape(j, "bench loops", 2);
        List<Map<String, Object>> results = BenchCommandTest.results(j);
        Map<String, Set<String>> rows = results.stream().collect(Collectors.groupingBy(x -> x.get("case") + " " + x.get("n") + " " + x.get("dtype"),
                Collectors.mapping(x -> x.get("target") + (x.containsKey("mode") ? "/" + x.get("mode") : ""), Collectors.toSet())));
        LoopsSuite.Sizes z = LoopsSuite.Sizes.of(32);
        assertEquals(Map.of(
                "mandelbrot 32.0 float32", Set.of("jvm/plain", "baseline:java-loop"),
                "laplace " + (double) z.laplace() + " float64", Set.of("jvm/plain", "jvm/scoped", "baseline:java-loop"),
                "time integration " + (double) z.timeN() + " float64", Set.of("jvm/plain", "baseline:java-loop"),
                "a+b*c " + (double) z.allocN() + " float32", Set.of("jvm/alloc", "jvm/into", "baseline:java-loop"),
                "a+b*c " + (double) z.allocN() + " float64", Set.of("jvm/alloc", "jvm/into", "baseline:java-loop")), rows);
        for (Map<String, Object> x : results) {
            if (!x.get("target").equals("jvm")) continue;
            assertEquals(Boolean.TRUE, x.get("verified"), "checked against its hand loop: " + x);
            assertEquals(List.of("jvm"), x.get("ran_on"), x.toString());
            if (x.get("case").equals("time integration")) {   // its writes wait: several steps a kernel
                assertTrue((Double) x.get("kernels_run_per_call") > 0 && (Double) x.get("kernels_run_per_call") < 1, x.toString());
            } else if (x.get("case").equals("laplace") && "plain".equals(x.get("mode"))) {   // its box writes wait: at most a kernel a step
                assertTrue((Double) x.get("kernels_run_per_call") > 0 && (Double) x.get("kernels_run_per_call") <= 1, x.toString());
            } else {
                assertTrue((Double) x.get("kernels_run_per_call") >= 1, x.toString());
            }
            if (!"scoped".equals(x.get("mode")) && !"into".equals(x.get("mode"))) assertTrue(x.containsKey("goal_ratio"), "a goal of issue 13: " + x);
        }
        Set<Object> sums = results.stream().filter(x -> x.get("case").equals("mandelbrot")).map(x -> x.get("count_sum")).collect(Collectors.toSet());
        assertEquals(1, sums.size(), "the plain code and the hand loop count alike: " + sums);
        assertTrue((Double) sums.iterator().next() > 0, sums.toString());
        Map<String, Object> alloc = results.stream().filter(x -> "alloc".equals(x.get("mode")) && x.get("dtype").equals("float64")).findFirst().orElseThrow();
        assertEquals("jvm/into", alloc.get("ratio_to"));
        assertEquals((Double) alloc.get("max_s") / (Double) results.stream()
                .filter(x -> "into".equals(x.get("mode")) && x.get("dtype").equals("float64")).findFirst().orElseThrow().get("max_s"),
                (Double) alloc.get("worst_ratio"), 1e-12);
        assertTrue(results.stream().filter(x -> x.get("case").equals("time integration")).allMatch(x -> x.get("steps").equals(1000.0)));
        assertTrue(r.err().contains("issue 13's goals"), "the table (on stderr with --json -) ends with the goals: " + r.err());
        assertTrue(r.err().contains("mandelbrot has no raw JOCL row: no OpenCL target in --targets"), r.err());
    }

    @Test
    void casesSelectsGroups() {
        Map<String, Object> j = BenchCommandTest.json(BenchCommandTest.bench("loops", "--size", "16", "--targets", "jvm", "--cases", "alloc", "--json", "-"));
        assertEquals(Set.of("a+b*c"), BenchCommandTest.results(j).stream().map(x -> x.get("case")).collect(Collectors.toSet()));
    }

    @Test
    void casesTakesSeveralNames() {
        Map<String, Object> j = BenchCommandTest.json(BenchCommandTest.bench("loops", "--size", "16", "--targets", "jvm", "--cases", "Alloc-F32, time", "--json", "-"));
        assertEquals(Set.of("a+b*c", "time integration"), BenchCommandTest.results(j).stream().map(x -> x.get("case")).collect(Collectors.toSet()));
        assertEquals(Set.of("float32", "float64"), BenchCommandTest.results(j).stream().map(x -> x.get("dtype")).collect(Collectors.toSet()),
                "a+b*c float32 only, the time integration float64");
    }

    @Test
    void theHandLoopGivesPyCudasSumAtFullSize() {
        int n = MandelbrotDemo.PYCUDA_SIZE;
        Row hand = LoopsSuite.mandelbrot(n, List.of()).stream().filter(x -> x.target.equals(Suites.JAVA_LOOP)).findFirst().orElseThrow();
        hand.call.run();
        assertNull(hand.validate.apply(hand.value.get()));
        assertEquals(MandelbrotDemo.PYCUDA_SUM, hand.extra.get("count_sum"));
    }

    @Test
    void thePlainCodeCountsAsNumPyDoes() {
        // NumPy, float32, the window of MandelbrotDemo.plain at 8x8 and 20 iterations: the first escaping iteration, else 0
        int[] expected = {
                0, 0, 1, 1, 2, 2, 1, 1, 0, 0, 2, 2, 3, 4, 4, 2, 0, 2, 2, 3, 5, 0, 0, 6, 0, 3, 4, 15, 0, 0, 0, 0,
                0, 0, 0, 0, 0, 0, 0, 5, 0, 3, 4, 15, 0, 0, 0, 0, 0, 2, 2, 3, 5, 0, 0, 6, 0, 0, 2, 2, 3, 4, 4, 2 };
        int[] got = Num.on("jvm", () -> MandelbrotDemo.plain(8, 20).toIntArray());
        assertArrayEquals(expected, got);
    }

    @Test
    void aWrongResultFailsTheCommand() {
        Row ref = new Row("x", 2, "float64", Suites.JAVA_LOOP);
        ref.value = () -> new double[] { 1, 2 };
        Row wrong = new Row("x", 2, "float64", "jvm");
        wrong.mode = "plain";
        wrong.value = () -> new double[] { 1, 2.5 };
        wrong.checkAgainst = Suites.JAVA_LOOP;
        wrong.mustVerify = true;
        Row unchecked = new Row("x", 2, "float64", "interpreter");
        unchecked.value = () -> new double[] { 1, 2 };
        unchecked.checkAgainst = "baseline:none";
        unchecked.mustVerify = true;
        Row invalid = new Row("x", 2, "float64", "auto");
        invalid.value = () -> new double[] { 1, 2 };
        invalid.validate = v -> "not what PyCUDA gives";
        List<String> failures = BenchCommand.finish(List.of(ref, wrong, unchecked, invalid), new PrintWriter(new StringWriter()));
        assertEquals(3, failures.size(), failures.toString());
        assertTrue(failures.get(0).contains("jvm/plain differs from baseline:java-loop"), failures.toString());
        assertTrue(failures.get(1).contains("not verified"), failures.toString());
        assertTrue(failures.get(2).contains("not what PyCUDA gives"), failures.toString());
    }

    @Test
    void theRawJoclKernelCountsAsTheHandLoop() {
        if (Targets.openCl().isEmpty()) {
            String why = "no OpenCL device: " + Targets.openClUnavailableReason();
            if ("true".equalsIgnoreCase(System.getenv("CI")) || "1".equals(System.getenv("NUMFUSE_REQUIRE_OPENCL"))) fail(why);
            Assumptions.assumeTrue(false, why);
        }
        // the raw kernel and the hand loop alone: the plain code on PoCL compiles for minutes from a cold cache
        List<Row> rows = LoopsSuite.mandelbrot(48, List.of("opencl:0"));
        Row hand = rows.stream().filter(x -> x.target.equals(Suites.JAVA_LOOP)).findFirst().orElseThrow();
        Row raw = rows.stream().filter(x -> x.target.equals(ResidentSuite.RAW)).findFirst().orElseThrow();
        assertEquals(ResidentSuite.RAW, raw.ratioTo);
        assertEquals(ResidentSuite.RAW, rows.stream().filter(x -> x.target.equals("opencl:0")).findFirst().orElseThrow().ratioTo);
        hand.call.run();
        raw.call.run();
        assertArrayEquals((int[]) hand.value.get(), (int[]) raw.value.get());
    }

    @Test
    void theTimeStepIsTheHandLoops() {
        double[] x = { 1, 0.5, -2 }, v = { 0, 1, 3 };
        NDArray nx = Num.wrap(DType.FLOAT64, x.clone(), 3), nv = Num.wrap(DType.FLOAT64, v.clone(), 3);
        for (int k = 0; k < 10; k++) {
            Num.on("jvm", () -> LoopsSuite.step(nx, nv, 0.01));
            Loops.timeStep(x, v, 0.01, 0, 3);
        }
        assertArrayEquals(x, nx.toDoubleArray());
        assertArrayEquals(v, nv.toDoubleArray());
    }
}
