package io.numfuse.bench;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code numfuse bench} end to end at tiny sizes: every suite runs and writes the JSON of DESIGN.md. */
class BenchCommandTest {
    @TempDir Path dir;

    /** Tiny and quick: n = 1000 (laplace: a 100x100 grid), 2 samples, a short warm-up. */
    private static final String[] QUICK = { "--repeats", "2", "--warmup", "20" };

    static CliTest.Result bench(String... args) {
        List<String> a = new ArrayList<>(List.of("bench"));
        a.addAll(List.of(args));
        a.addAll(List.of(QUICK));
        return CliTest.run(a.toArray(String[]::new));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> json(CliTest.Result r) {
        assertEquals(0, r.status(), r.err());
        return (Map<String, Object>) TestJson.parse(r.out().strip());
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> results(Map<String, Object> j) { return (List<Map<String, Object>>) j.get("results"); }

    /** The documented fields, with sane values, on every result. */
    @SuppressWarnings("unchecked")
    static void checkShape(Map<String, Object> j, String command, int samples) {
        assertEquals(command, j.get("command"));
        assertEquals(Main.VERSION, j.get("numfuse"));
        Map<String, Object> machine = (Map<String, Object>) j.get("machine");
        assertEquals((double) Runtime.getRuntime().availableProcessors(), machine.get("cpus"));
        List<Map<String, Object>> devices = (List<Map<String, Object>>) machine.get("devices");
        assertTrue(devices.stream().anyMatch(d -> d.get("name").equals("jvm")), devices.toString());
        List<Map<String, Object>> results = results(j);
        assertFalse(results.isEmpty());
        for (Map<String, Object> r : results) {
            String what = r.toString();
            for (String f : List.of("case", "n", "dtype", "target", "median_s", "min_s", "max_s", "samples")) assertTrue(r.containsKey(f), f + " in " + what);
            assertTrue(Set.of("float32", "float64").contains(r.get("dtype")), what);
            double min = (Double) r.get("min_s"), median = (Double) r.get("median_s"), max = (Double) r.get("max_s");
            assertTrue(min > 0 && min <= median && median <= max, what);
            assertEquals((double) samples, r.get("samples"), what);
            String target = (String) r.get("target");
            assertTrue(target.equals("jvm") || target.equals("interpreter") || target.equals("auto") || target.startsWith("baseline:"), what);
            if (target.equals("auto")) assertEquals("jvm", r.get("chosen"), what); else assertFalse(r.containsKey("chosen"), what);
            if (!r.containsKey("derived_from")) assertTrue((Double) r.get("first_call_s") > 0, what);
            assertNotEquals(Boolean.FALSE, r.get("verified"), "numfuse and the baselines agree: " + what);
        }
    }

    static Set<String> targets(Map<String, Object> j, String caseName) {
        return results(j).stream().filter(r -> r.get("case").equals(caseName)).map(r -> (String) r.get("target")).collect(Collectors.toSet());
    }

    @ParameterizedTest
    @ValueSource(strings = { "elementwise", "reduce", "stream", "dispatch" })
    void everySuiteRunsAtATinySizeAndWritesTheDocumentedJson(String suite) {
        Map<String, Object> j = json(bench(suite, "--size", "1000", "--json", "-"));
        checkShape(j, "bench " + suite, 2);
        for (Map<String, Object> r : results(j)) if (!((String) r.get("case")).startsWith("new kernel")) assertEquals(1000.0, r.get("n"));
        for (Suites.Case c : Suites.cases(suite)) {
            Set<String> t = targets(j, c.name());
            assertTrue(t.contains("jvm"), c.name() + ": " + t);
            assertTrue(t.contains("baseline:eager"), c.name() + ": " + t);
            for (Suites.Hand h : c.hands()) assertTrue(t.contains(h.target()), c.name() + ": " + t);
        }
    }

    @Test
    void elementwiseHasTheCasesAndBaselinesOfIssue4() {
        Map<String, Object> j = json(bench("elementwise", "--size", "1000", "--dtype", "f64", "--json", "-"));
        Set<String> cases = results(j).stream().map(r -> (String) r.get("case")).collect(Collectors.toSet());
        assertEquals(Set.of("a+b*c", "((a*x+b)*x+c)*x+d", "((((a*3+1)*5-2)*7+3)*9-4)*11+5", "exp(a)", "sin(a)+cos(b)"), cases);
        assertTrue(targets(j, "a+b*c").contains("baseline:java-loop"));
        assertTrue(targets(j, "exp(a)").contains("baseline:java-math-loop"));
        assertTrue(targets(j, "sin(a)+cos(b)").contains("baseline:java-math-loop"));
        for (Map<String, Object> r : results(j)) {
            assertEquals("float64", r.get("dtype"));
            if (r.get("target").equals("jvm")) {
                assertTrue(Set.of("alloc", "into").contains(r.get("mode")), r.toString());
                assertEquals(Boolean.TRUE, r.get("verified"), r.toString());
            }
        }
        assertEquals(2, results(j).stream().filter(r -> r.get("case").equals("a+b*c") && r.get("target").equals("jvm")).count(), "alloc and into");
    }

    @Test
    void reduceHasTheUnrolledBaseline() {
        Map<String, Object> j = json(bench("reduce", "--size", "1000", "--json", "-"));
        for (String c : List.of("sum(a)", "max(a)", "dot(a,b)")) assertTrue(targets(j, c).contains("baseline:java-unrolled"), c);
    }

    @Test
    void streamReportsBandwidthAndTheFloorOfABC() {
        Map<String, Object> j = json(bench("stream", "--size", "1000", "--json", "-"));
        Map<String, Object> triad = results(j).stream().filter(r -> r.get("target").equals("baseline:stream-triad")).findFirst().orElseThrow();
        assertTrue((Double) triad.get("gb_per_s") > 0);
        assertEquals(3.0 * 1000 * 4, triad.get("bytes"));
        Map<String, Object> floor = results(j).stream().filter(r -> r.get("target").equals("baseline:stream-floor")).findFirst().orElseThrow();
        assertEquals("a+b*c", floor.get("case"));
        assertEquals((Double) triad.get("median_s") * 4 / 3, (Double) floor.get("median_s"), 1e-12);
        Map<String, Object> jvm = results(j).stream().filter(r -> r.get("case").equals("a+b*c") && r.get("target").equals("jvm")).findFirst().orElseThrow();
        assertEquals("baseline:stream-floor", jvm.get("ratio_to"));
    }

    @Test
    void selectRunsItsHandWrittenLoopsAndNumfuseAgreesWithThem() {
        Map<String, Object> j = json(bench("select", "--size", "1000", "--json", "-"));
        checkShape(j, "bench select", 2);
        assertEquals(Set.of("jvm", "baseline:java-loop", "baseline:java-branch-free", "baseline:java-vector", "baseline:eager"), targets(j, "where(a>b, a*b, a-b)"));
        assertEquals(Set.of("jvm", "baseline:java-loop", "baseline:java-vector"), targets(j, "mandelbrot step"));
        for (Map<String, Object> r : results(j)) {
            if (!r.get("target").equals("baseline:java-loop")) assertEquals(Boolean.TRUE, r.get("verified"), "checked against the conditional loop: " + r);
            assertEquals("baseline:java-vector", r.get("ratio_to"), r.toString());
        }
    }

    @Test
    void laplaceReportsTimePerIterationAndTheSameChecksumEverywhere() {
        Map<String, Object> j = json(bench("laplace", "--size", "100", "--targets", "jvm,auto", "--json", "-"));
        checkShape(j, "bench laplace", 2);
        Set<Object> checksums = results(j).stream().map(r -> r.get("checksum")).collect(Collectors.toSet());
        assertEquals(1, checksums.size(), "numfuse, the hand loop and eager compute the same grid: " + checksums);
        for (Map<String, Object> r : results(j)) {
            assertEquals("float64", r.get("dtype"));
            assertEquals(100.0, r.get("n"));
            assertEquals(r.get("median_s"), r.get("seconds_per_iteration"));
        }
        assertEquals(Set.of("jvm", "auto", "baseline:java-loop", "baseline:eager"), targets(j, "laplace"));
    }

    @Test
    void dispatchTimesACachedKernelAndNewKernels() {
        Map<String, Object> j = json(bench("dispatch", "--json", "-"));
        Map<String, Object> into = results(j).stream().filter(r -> r.get("case").equals("a+b") && "into".equals(r.get("mode"))).findFirst().orElseThrow();
        assertEquals(1000.0, into.get("n"), "dispatch defaults to n = 1000");
        assertEquals(0.0, into.get("kernels_per_call"), "a cached kernel compiles nothing");
        Map<String, Object> first = results(j).stream().filter(r -> r.get("case").equals("new kernel: first eval")).findFirst().orElseThrow();
        assertEquals(1.0, first.get("kernels_per_call"), "each first evaluation compiles one new kernel");
        assertTrue(results(j).stream().anyMatch(r -> r.get("case").equals("new kernel: codegen+define")));
    }

    @Test
    void targetsAreSideBySideAndAutoSaysWhatItChose() {
        Map<String, Object> j = json(bench("elementwise", "--size", "1000", "--targets", "jvm,interpreter,auto", "--json", "-"));
        checkShape(j, "bench elementwise", 2);
        assertTrue(targets(j, "a+b*c").containsAll(Set.of("jvm", "interpreter", "auto")));
    }

    @Test
    void anExpressionRunsWithEagerAndTheHandLoopWhenItIsACase() {
        Map<String, Object> j = json(bench("--expr", "a + b*c", "--size", "1000", "--json", "-"));
        checkShape(j, "bench --expr a + b*c", 2);
        assertEquals(Set.of("jvm", "baseline:java-loop", "baseline:eager"), targets(j, "a + b*c"));

        Map<String, Object> k = json(bench("--expr", "sqrt(x)*2.5 - y/3", "--dtype", "float64", "--size", "1000", "--json", "-"));
        assertEquals(Set.of("jvm", "baseline:eager"), targets(k, "sqrt(x)*2.5 - y/3"));

        for (String e : List.of("where(a > 0.5, a, b*2)", "arctan2(a, b)", "log1p(a)", "a**2", "(a < b) & (b > 0.5)")) {
            Map<String, Object> w = json(bench("--expr", e, "--size", "1000", "--json", "-"));
            assertEquals(Set.of("jvm", "baseline:eager"), targets(w, e), "every expression keeps its eager baseline: " + e);
            for (Map<String, Object> r : results(w)) {
                assertNotEquals(Boolean.FALSE, r.get("verified"), r.toString());
                if (r.get("target").equals("jvm")) assertEquals("baseline:eager", r.get("ratio_to"), r.toString());
            }
        }
        CliTest.Result noEager = bench("--expr", "sum(a, axis=0)", "--size", "1000");
        assertEquals(0, noEager.status(), noEager.err());
        assertTrue(noEager.err().contains("no baseline:eager row for this expression: sum() with keyword arguments"), "said: " + noEager.err());

        Map<String, Object> s = json(bench("--expr", "sum(a*b)", "--size", "1000", "--json", "-"));
        assertTrue(results(s).stream().allMatch(r -> r.get("mode") == null || r.get("mode").equals("alloc")), "a scalar result has no into mode");
    }

    /** The alloc/into legend holds for whatever expression ran: it used to spell out a+b*c's calls under every --expr. */
    @Test
    void theAllocLegendNamesNoOtherExpression() {
        CliTest.Result r = bench("--expr", "sin(a)*b", "--size", "1000");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("alloc: numfuse allocates the result (the expression evaluated into a new array)"), r.out());
        assertFalse(r.out().contains("a.add(b.mul(c))"), r.out());
    }

    @Test
    void theTableIsReadableAndJsonGoesToAFile() throws Exception {
        Path file = dir.resolve("r.json");
        CliTest.Result r = bench("reduce", "--size", "1000", "--json", file.toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("median"), r.out());
        assertTrue(r.out().contains("baseline:java-unrolled"), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("dot(a,b)  (n=1000, float32)")), "a line per case: " + r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("  jvm ") && l.contains("alloc")), r.out());
        assertTrue(r.out().contains(BenchCommand.RATIO_DEFINITION.substring(0, 40)), "the ratio stated in the header: " + r.out());
        assertTrue(r.out().lines().allMatch(l -> l.length() <= ResultTable.WIDTH), "fits 100 columns: " + r.out());
        Object j = TestJson.parse(Files.readString(file));
        assertEquals("bench reduce", ((Map<?, ?>) j).get("command"));
        assertTrue(r.err().contains("bench: [1/4]"), "progress on stderr: " + r.err());
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("argmax(a)  (n=1000, float32)")), "argmax next to its hand loop: " + r.out());
    }

    /** An empty entry of --targets is refused, naming it; it used to be skipped silently. */
    @Test
    void anEmptyTargetEntryIsRefusedByItsPlace() {
        String[][] cases = { { "jvm,,auto", "entry 2 of 'jvm,,auto' is empty" }, { "jvm,", "entry 2 of 'jvm,' is empty" },
                { " ,jvm", "entry 1 of ' ,jvm' is empty" } };
        for (String[] c : cases) {
            CliTest.Result r = CliTest.run("bench", "elementwise", "--targets", c[0]);
            assertEquals(Main.USER_ERROR, r.status(), r.err());
            assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
            assertTrue(r.err().contains("--targets: " + c[1]), r.err());
        }
    }

    @Test
    void badInputGivesOneLineAndExitStatus2() throws Exception {
        String[][] cases = {
                { "bench", "nosuchsuite" },
                { "bench", "spark" },
                { "bench", "elementwise", "--targets", "gpu" },
                { "bench", "elementwise", "--targets", "opencl:99" },
                { "bench", "elementwise", "--targets", "," },
                { "bench", "elementwise", "--targets", "baseline:eager" },
                { "bench", "elementwise", "--dtype", "f16" },
                { "bench", "elementwise", "--size", "0" },
                { "bench", "elementwise", "--size", "-5" },
                { "bench", "elementwise", "--size", "ten" },
                { "bench", "elementwise", "--size", "99999999999" },
                { "bench", "elementwise", "--repeats", "0" },
                { "bench", "elementwise", "--warmup", "-1" },
                { "bench", "laplace", "--size", "2" },
                { "bench", "laplace", "--dtype", "f32" },
                { "bench", "reduce", "--expr", "a+b" },
                { "bench", "--expr", "a +" },
                { "bench", "--expr", "a + nosuchfunction(b)" },
                { "bench", "--expr", "1 + 2" },
                { "bench", "--expr", "" },
                { "bench", "--expr", "sum(a, axis=3)" },
                { "bench", "elementwise", "--json", dir.resolve("no/such/dir/r.json").toString() },
                { "bench", "elementwise", "--nosuchoption" },
                { "bench", "elementwise", "--residency", "host" },
                { "bench", "elementwise", "--cases", "sum" },
                { "bench", "--expr", "a+b", "--residency", "moon" },
                { "bench", "--expr", "a+b", "--residency", "opencl:99" },
                { "bench", "--expr", "a+b", "--residency", "loop" },
                { "bench", "selection", "--cases", "nosuchcase" },
                { "bench", "selection", "--residency", "host", "--cases", "first-call" },
                { "bench", "loops", "--dtype", "f32" },
                { "bench", "loops", "--size", "1" },
                { "bench", "loops", "--size", "4096" },
                { "bench", "loops", "--cases", "nosuchgroup" },
                { "bench", "mandelbrot", "--dtype", "f64" },
                { "bench", "mandelbrot", "--size", "1" },
                { "bench", "mandelbrot", "--cases", "x" },
                { "bench", "reduce", "--plot", dir.resolve("no/such/dir/r.png").toString() },
                { "bench", "reduce", "--plot", dir.resolve("r.svg").toString() },
                { "bench", "reduce", "--plot", dir.toString() + "/" },
        };
        for (String[] c : cases) {
            CliTest.Result r = CliTest.run(c);
            String what = String.join(" ", c) + " -> " + r.err();
            assertEquals(Main.USER_ERROR, r.status(), what);
            assertEquals(1, r.err().strip().lines().count(), "one line: " + what);
            assertTrue(r.err().startsWith("numfuse: "), what);
            assertFalse(r.err().contains("Exception"), "no Java exception names: " + what);
            assertEquals("", r.out(), "nothing on stdout: " + what);
        }
        try (var files = Files.list(dir)) { assertEquals(0, files.count(), "no file written"); }
    }
}
