package io.numfuse.bench;

import static org.junit.jupiter.api.Assertions.*;

import io.numfuse.core.DType;
import io.numfuse.runtime.OpenClTarget;
import io.numfuse.runtime.Targets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * {@code numfuse bench selection} and {@code bench --expr ... --residency}: the suite's cases, its
 * rows and JSON, the residency each row's calls see (counted copies), the first calls, and the
 * summary's arithmetic. The tests never calibrate (numfuse.calibration=off): auto runs on the JVM.
 */
class SelectionSuiteTest {
    private static final String[] QUICK = { "--repeats", "2", "--warmup", "20" };

    private static CliTest.Result bench(String... args) {
        List<String> a = new ArrayList<>(List.of("bench"));
        a.addAll(List.of(args));
        a.addAll(List.of(QUICK));
        return CliTest.run(a.toArray(String[]::new));
    }

    /** OpenCL is there, or the test is skipped (in CI, CI=true, it fails instead). */
    private static void needOpenCl() {
        if (!Targets.openCl().isEmpty()) return;
        String why = "no OpenCL device: " + Targets.openClUnavailableReason();
        if ("true".equalsIgnoreCase(System.getenv("CI")) || "1".equals(System.getenv("NUMFUSE_REQUIRE_OPENCL"))) fail(why);
        Assumptions.assumeTrue(false, why);
    }

    @Test
    void theSuiteHasFortyCasesOnTheHostAloneFromMemoryToComputeBoundAndChains() {
        List<SelectionSuite.Case> host = SelectionSuite.cases(null);
        assertTrue(host.size() >= 40, "at least 40 cases without a device: " + host.size());
        assertEquals(host.size(), Set.copyOf(host).size(), "no case twice");
        assertEquals(1_000, host.stream().mapToInt(SelectionSuite.Case::elements).min().orElseThrow());
        assertEquals(10_000_000, host.stream().mapToInt(SelectionSuite.Case::elements).max().orElseThrow());
        assertEquals(Set.of(DType.FLOAT32, DType.FLOAT64), host.stream().map(SelectionSuite.Case::dtype).collect(Collectors.toSet()));
        Set<String> names = host.stream().map(c -> c.work().name()).collect(Collectors.toSet());
        assertTrue(names.containsAll(Set.of("a+b", "a+b*c", "a.T+b", "poly3(a)", "sin(a)+cos(b)", "a/(b+1)+b/(a+1)",
                "where(a>.5,a*b,b-a)", "sum(a)", "max(a)", "sum(a,axis=1)", "laplace step", "mandelbrot step")), names.toString());
        assertTrue(host.stream().allMatch(c -> c.residency().onHost()));
        List<SelectionSuite.Case> all = SelectionSuite.cases(new Residency("opencl:0"));
        assertTrue(all.stream().anyMatch(c -> c.residency().where().equals("opencl:0") && c.work().updates()), "chains with device data too");
        List<SelectionSuite.Case> loops = all.stream().filter(c -> c.residency().equals(Residency.LOOP)).toList();
        assertEquals(Set.of("laplace step", "mandelbrot step"), loops.stream().map(c -> c.work().name()).collect(Collectors.toSet()),
                "loops whose arrays stay where their last step left them (steps alone: an expression leaves its arrays as they were)");
        assertTrue(loops.stream().allMatch(c -> c.work().updates()));
        assertTrue(SelectionSuite.cases(null).stream().noneMatch(c -> c.residency().equals(Residency.LOOP)), "with no device, nothing could move");
    }

    @Test
    void everyCaseRunsOnEveryTargetAndTheSummaryIsPrinted() {
        CliTest.Result r = bench("selection", "--size", "1000", "--targets", "jvm,auto", "--json", "-");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().strip().startsWith("{") && r.out().strip().endsWith("}"), "stdout is the JSON alone: " + r.out());
        Map<String, Object> j = BenchCommandTest.json(r);
        List<Map<String, Object>> results = BenchCommandTest.results(j);
        Map<String, List<Map<String, Object>>> byCase = results.stream().collect(Collectors.groupingBy(
                x -> x.get("case") + "|" + x.get("n") + "|" + x.get("dtype") + "|" + x.get("residency")));
        int expected = (int) SelectionSuite.cases(SelectionSuite.device(List.of("jvm", "auto"))).stream()
                .map(c -> c.work().name() + "|" + c.dtype() + "|" + c.residency()).distinct().count();
        assertEquals(expected, byCase.size(), "every case, capped at 1000 elements (twins made by the cap once): " + byCase.keySet());
        for (var e : byCase.entrySet()) {
            assertEquals(Set.of("jvm", "auto"), e.getValue().stream().map(x -> x.get("target")).collect(Collectors.toSet()), e.getKey());
            // auto is sampled as the targets it is compared with: as many calls a sample at least
            double named = e.getValue().stream().filter(x -> !x.get("target").equals("auto") && !SelectionSuite.CONTROL.equals(x.get("mode"))).mapToDouble(x -> (Double) x.get("calls_per_sample")).max().orElseThrow();
            double auto = e.getValue().stream().filter(x -> x.get("target").equals("auto")).mapToDouble(x -> (Double) x.get("calls_per_sample")).max().orElseThrow();
            assertTrue(auto >= named, e.getKey() + ": auto " + auto + " calls a sample, the JVM " + named);
            for (Map<String, Object> x : e.getValue()) {
                for (String f : List.of("case", "n", "dtype", "residency", "target", "median_s")) assertTrue(x.containsKey(f), f + " in " + x);
                assertTrue((Double) x.get("n") <= 1024, x.toString());
                assertNotEquals(Boolean.FALSE, x.get("verified"), "auto agrees with the JVM: " + x);
                if (x.get("target").equals("auto")) {
                    assertEquals("jvm", x.get("chosen"), "no profiles in tests: auto runs on the JVM: " + x);
                    assertTrue((Double) x.get("round_by_round") > 0, "the case's ratio round by round: " + x);
                } else {
                    assertFalse(x.containsKey("chosen"), x.toString());
                }
            }
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> summary = (Map<String, Object>) j.get("selection");
        assertEquals((double) byCase.size(), summary.get("cases"));
        assertTrue(((Map<?, ?>) summary.get("always")).containsKey("jvm"), summary.toString());
        assertEquals((double) byCase.size(), ((Map<?, ?>) summary.get("round_by_round")).get("cases"), summary.toString());
        for (String line : List.of("auto within 10% of the fastest: ", "geometric mean of auto/fastest: ", "worst auto/fastest: ",
                "always one target, geometric mean over the fastest: jvm ", "round by round (each case's median", "reach: ")) {
            assertTrue(r.err().contains(line), "the table on stderr says '" + line + "': " + r.err());
        }
        String table = r.err().substring(r.err().indexOf("numfuse bench selection"));
        assertTrue(table.lines().noneMatch(l -> l.length() > 100), "100 columns: " + table);
    }

    /**
     * A case whose results take megabytes is sampled after a collection (each sample finds the
     * storage earlier samples dropped recycled: without it such a case had two modes on every
     * target, by when the last collection happened to come); a small case is not, and the table
     * says which are.
     */
    @Test
    void casesWithLargeResultsAreSampledAfterACollection() {
        CliTest.Result r = bench("selection", "--cases", "a+b", "--dtype", "f64", "--size", "1000000", "--targets", "jvm", "--json", "-");
        assertEquals(0, r.status(), r.err());
        List<Map<String, Object>> results = BenchCommandTest.results(BenchCommandTest.json(r));
        for (Map<String, Object> x : results) {
            double bytes = (Double) x.get("n") * 8;
            assertEquals(bytes >= SelectionSuite.COLLECT_FROM_BYTES, Boolean.TRUE.equals(x.get("collected_before_each_sample")), x.toString());
        }
        assertTrue(results.stream().anyMatch(x -> x.containsKey("collected_before_each_sample")), "a case of 10^6 elements: " + results);
        assertTrue(results.stream().anyMatch(x -> !x.containsKey("collected_before_each_sample")), "a case of 10^5: " + results);
        assertTrue(r.err().contains("is sampled after a collection"), r.err());
    }

    @Test
    void inputsOnADeviceAreNotUploadedAndTheJvmCopiesThemBack() {
        needOpenCl();
        CliTest.Result r = bench("--expr", "a+b*c", "--size", "1000", "--targets", "jvm,opencl:0,auto", "--residency", "device", "--json", "-");
        List<Map<String, Object>> results = BenchCommandTest.results(BenchCommandTest.json(r));
        assertEquals(Set.of("jvm", "opencl:0", "auto"), results.stream().map(x -> x.get("target")).collect(Collectors.toSet()),
                "no baselines: they read Java arrays, never a device's");
        for (Map<String, Object> x : results) {
            assertEquals("opencl:0", x.get("residency"), x.toString());
            assertEquals(0.0, x.get("uploads_per_call"), "the inputs are on the device already: " + x);
            double down = (Double) x.get("downloads_per_call");
            if (x.get("target").equals("opencl:0")) assertEquals(0.0, down, "the result stays on the device: " + x);
            else assertEquals(3.0, down, "the JVM copies a, b and c back: " + x);
            assertNotEquals(Boolean.FALSE, x.get("verified"), x.toString());
        }
        assertTrue(r.err().contains("auto within 10% of the fastest"), "--expr with auto compares it with the fastest: " + r.err());
    }

    @Test
    void inputsFreshOnTheHostAreUploadedEveryCallAndTheResultComesBack() {
        needOpenCl();
        CliTest.Result r = bench("--expr", "a+b*c", "--size", "1000", "--targets", "jvm,opencl:0", "--json", "-");
        for (Map<String, Object> x : BenchCommandTest.results(BenchCommandTest.json(r))) {
            if (x.get("target").equals("opencl:0")) {
                assertEquals("host", x.get("residency"));
                assertEquals(3.0, x.get("uploads_per_call"), x.toString());
                assertEquals(1.0, x.get("downloads_per_call"), "the host reads the result: " + x);
            } else if (x.get("target").equals("jvm")) {
                assertEquals(0.0, x.get("uploads_per_call"), x.toString());
                assertEquals(0.0, x.get("downloads_per_call"), x.toString());
            }
        }
    }

    /**
     * {@code --residency loop}: the loop cases alone, each row's arrays left where its last step
     * put them (nothing is written anywhere before a call: a device row's state stays on the device,
     * copying nothing back), and no first calls (they are about device-resident inputs).
     */
    @Test
    void loopCasesLeaveEachRowsArraysWhereItsLastStepPutThem() {
        needOpenCl();
        CliTest.Result r = bench("selection", "--residency", "loop", "--size", "1000", "--targets", "jvm,opencl:0,auto", "--json", "-");
        assertEquals(0, r.status(), r.err());
        List<Map<String, Object>> results = BenchCommandTest.results(BenchCommandTest.json(r));
        assertEquals(Set.of("laplace step", "mandelbrot step"), results.stream().map(x -> x.get("case")).collect(Collectors.toSet()), results.toString());
        for (Map<String, Object> x : results) {
            assertEquals("loop", x.get("residency"), x.toString());
            if (x.get("target").equals("opencl:0")) {
                assertEquals(0.0, ((Number) x.get("downloads_per_call")).doubleValue(), "its state stays on the device: " + x);
                assertEquals(0.0, ((Number) x.get("uploads_per_call")).doubleValue(), "and is not written on the host: " + x);
            }
        }
        assertTrue(r.err().contains("a loop's arrays left where its last step put them"), r.err());
        assertFalse(r.err().contains("first call of a new expression"), r.err());
    }

    @Test
    void firstCallsOfNewExpressionsAreTimedWithAnEmptyProgramCache() {
        needOpenCl();
        String before = System.getProperty("numfuse.opencl.cacheDir");
        int built = OpenClTarget.programsBuiltFromSource(), loaded = OpenClTarget.programsLoadedFromDisk();
        CliTest.Result r = bench("selection", "--cases", "first-call", "--size", "1000", "--targets", "jvm,opencl:0,auto", "--json", "-");
        List<Map<String, Object>> results = BenchCommandTest.results(BenchCommandTest.json(r));
        assertEquals(3 * FirstCall.EXPRESSIONS, results.size(), results.toString());
        for (Map<String, Object> x : results) {
            assertTrue(((String) x.get("case")).startsWith("first-call "), x.toString());
            assertEquals("opencl:0", x.get("residency"));
            assertEquals(x.get("median_s"), x.get("first_call_s"), x.toString());
            if (x.get("target").equals("auto")) {
                assertEquals("jvm", x.get("chosen"), "auto's first call ran on the JVM: " + x);
                assertTrue(x.containsKey("next_call_s"), x.toString());
            }
        }
        assertTrue(OpenClTarget.programsBuiltFromSource() - built >= FirstCall.EXPRESSIONS, "opencl:0 built each expression from source");
        assertEquals(loaded, OpenClTarget.programsLoadedFromDisk(), "nothing came from a disk cache");
        assertEquals(before, System.getProperty("numfuse.opencl.cacheDir"), "the cache directory is restored");
        assertTrue(r.err().contains("first call of a new expression"), r.err());
    }

    @Test
    void theSummaryCountsTheCasesWithinTenPercentAndTheGeometricMeans() {
        List<List<Row>> groups = List.of(
                group("x", 1.0, 2.0, 1.05, "jvm"),      // auto 1.05 over the fastest
                group("y", 4.0, 1.0, 2.0, "jvm"),       // auto 2.0 over the fastest (opencl:0)
                group("z", 1.0, 1.0, 0.9, "opencl:0")); // auto faster than both: 0.9
        List<SelectionTable.Selection> s = SelectionTable.of(groups);
        assertEquals(List.of("jvm", "opencl:0", "jvm"), s.stream().map(SelectionTable.Selection::fastest).toList());
        SelectionTable.Summary m = SelectionTable.summarise(s);
        assertEquals(3, m.cases());
        assertEquals(2, m.within());
        assertEquals(Math.cbrt(1.05 * 2.0 * 0.9), m.geomean(), 1e-12);
        assertEquals("y", m.worst().caseName());
        assertEquals(Math.cbrt(1 * 4 * 1.0), m.always().get("jvm"), 1e-12);
        assertEquals(Math.cbrt(2 * 1 * 1.0), m.always().get("opencl:0"), 1e-12);
        assertEquals(3, m.missed().size(), "share, geometric mean and worst missed; not slower than always one target: " + m.missed());
        assertNull(m.control(), "no control rows, no noise floor");
    }

    @Test
    void theNoiseFloorComparesTheJvmsSecondRowWithItsFirstEitherWay() {
        List<List<Row>> groups = List.of(
                withControl(group("x", 1.0, 2.0, 1.0, "jvm"), 1.05),   // within 10%
                withControl(group("y", 1.0, 2.0, 1.0, "jvm"), 0.8),    // 1.25 the other way: missed
                withControl(group("z", 2.0, 1.0, 1.0, "opencl:0"), 2.0));
        List<SelectionTable.Selection> s = SelectionTable.of(groups);
        assertEquals(3, s.size(), "the control rows make no cases of their own");
        assertEquals(Map.of("jvm", 2.0, "opencl:0", 1.0), s.get(2).times(), "the control row is not in the oracle");
        SelectionTable.Control c = SelectionTable.summarise(s).control();
        assertEquals(3, c.cases());
        assertEquals(2, c.within());
        assertEquals(Math.cbrt(1.05 * 1.25 * 1.0), c.geomean(), 1e-12);
        assertEquals(1.25, c.worst(), 1e-12);
    }

    @Test
    void roundByRoundRatiosCancelASlowSpellThatHitsEveryRowOfARound() {
        // three rounds; the second was slow for every row (x10): the medians put auto 1.5 over the
        // JVM in case x (its slow sample landed on the median), the rounds' ratios 1.0
        List<Row> x = rounds("x", new double[] { 1, 10, 2 }, new double[] { 5, 50, 5 }, new double[] { 1, 10, 3 });
        List<Row> y = rounds("y", new double[] { 2, 2, 2 }, new double[] { 1, 1, 1 }, new double[] { 1.5, 1.5, 1.5 });
        Row control = new Row("x", 1000, "float32", "jvm");
        control.numfuse = true;
        control.residency = "host";
        control.mode = SelectionSuite.CONTROL;
        control.samples = new double[] { 1.2, 12, 2.4 };   // 1.2 over the JVM in every round
        x.add(control);
        List<SelectionTable.Selection> s = SelectionTable.of(List.of(x, y));
        assertEquals(3.0 / 2.0, s.get(0).ratio(), 1e-12, "the medians: 3 over 2");
        assertEquals(1.0, s.get(0).paired(), 1e-12, "round by round: 1, 1, 1.5");
        assertEquals(1.5, s.get(1).paired(), 1e-12);
        assertEquals(1.2, s.get(0).controlPaired(), 1e-12);
        SelectionTable.Paired p = SelectionTable.summarise(s).paired();
        assertEquals(2, p.cases());
        assertEquals(1, p.within());
        assertEquals(Math.sqrt(1.5), p.geomean(), 1e-12);
        assertEquals("y", p.worst().caseName());
        assertEquals(1, p.control().cases());
        assertEquals(0, p.control().within());
        assertEquals(Double.NaN, SelectionTable.paired(new double[] { 1, 2 }, new double[] { 1 }), "rounds that do not pair up");
    }

    /** A case on jvm, opencl:0 and auto with these samples, round by round. */
    private static List<Row> rounds(String name, double[] jvm, double[] cl, double[] auto) {
        List<Row> g = group(name, 0, 0, 0, "jvm");
        g.get(0).samples = jvm;
        g.get(1).samples = cl;
        g.get(2).samples = auto;
        return g;
    }

    @Test
    void theSuiteMeasuresTheJvmTwiceAsItsControl() {
        List<Row> rows = SelectionSuite.rows(new SelectionSuite.Case(SelectionSuite.ADD, 100, io.numfuse.core.DType.FLOAT32, Residency.HOST),
                List.of("jvm", "auto"));
        assertEquals(List.of("jvm", "auto", "jvm/control"), rows.stream().map(Row::label).toList());
    }

    /** {@code g} with a control row of median {@code control}. */
    private static List<Row> withControl(List<Row> g, double control) {
        Row r = new Row(g.get(0).caseName, 1000, "float32", "jvm");
        r.numfuse = true;
        r.residency = "host";
        r.mode = SelectionSuite.CONTROL;
        r.samples = new double[] { control };
        List<Row> out = new ArrayList<>(g);
        out.add(r);
        return out;
    }

    /** A case measured on jvm, opencl:0 and auto with these medians. */
    private static List<Row> group(String name, double jvm, double cl, double auto, String chosen) {
        List<Row> g = new ArrayList<>();
        for (var e : List.of(Map.entry("jvm", jvm), Map.entry("opencl:0", cl), Map.entry("auto", auto))) {
            Row r = new Row(name, 1000, "float32", e.getKey());
            r.numfuse = true;
            r.residency = "host";
            r.samples = new double[] { e.getValue() };
            if (e.getKey().equals("auto")) r.chosen = chosen;
            g.add(r);
        }
        return g;
    }
}
