package io.numfuse.bench;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.numfuse.Num;
import io.numfuse.core.DType;
import io.numfuse.runtime.Targets;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code numfuse demo}: the list, each demo at tiny sizes (tables, PNGs, JSON), the check values, and one line for each mistake. */
class DemoCommandTest {
    @TempDir Path dir;

    /** Options that make a demo quick: one sample, no warm-up. */
    private static final String[] QUICK = { "--repeats", "1", "--warmup", "0" };

    private static CliTest.Result demo(String... args) {
        List<String> a = new ArrayList<>(List.of("demo"));
        a.addAll(List.of(args));
        return CliTest.run(a.toArray(String[]::new));
    }

    private static String[] with(String[] a, String... b) {
        List<String> l = new ArrayList<>(List.of(a));
        l.addAll(List.of(b));
        return l.toArray(String[]::new);
    }

    private static JsonNode json(String text) throws Exception { return new ObjectMapper().readTree(text); }

    /** The OpenCL targets to add where this machine has a device; in CI (or NUMFUSE_REQUIRE_OPENCL=1) a missing one fails. */
    static String openClOrSkip() {
        if (Targets.openCl().isEmpty()) {
            String why = "no OpenCL device: " + Targets.openClUnavailableReason();
            if ("true".equalsIgnoreCase(System.getenv("CI")) || "1".equals(System.getenv("NUMFUSE_REQUIRE_OPENCL"))) fail(why);
            Assumptions.assumeTrue(false, why);
        }
        return "opencl:0";
    }

    /** Every row's value of {@code field} in the JSON's results, as text. */
    private static Set<String> values(JsonNode j, String field) {
        Set<String> s = new HashSet<>();
        for (JsonNode r : j.get("results")) s.add(r.get(field).asText());
        return s;
    }

    @Test
    void withNoDemoItListsTheFourOneLineEach() {
        CliTest.Result r = demo();
        assertEquals(0, r.status(), r.err());
        List<String> lines = r.out().strip().lines().toList();
        assertEquals(5, lines.size(), r.out());
        for (String d : List.of("mandelbrot", "speedtest", "laplace", "lincomb")) {
            assertTrue(lines.stream().anyMatch(l -> l.strip().startsWith(d + " ")), d + ": " + r.out());
        }
        assertTrue(lines.stream().allMatch(l -> l.length() <= 100), r.out());
    }

    @Test
    void mistakesAreOneLineNamingTheFix() {
        String[][] cases = {
                { "nosuch" },
                { "mandelbrot", "--max-n", "100" },
                { "speedtest", "--size", "10" },
                { "laplace", "--dtype", "f32" },
                { "lincomb", "--iterations", "3" },
                { "mandelbrot", "--size", "1" },
                { "laplace", "--repeats", "0" },
                { "mandelbrot", "--targets", "opencl:9" },
                { "mandelbrot", "--targets", "nonsense" },
                { "mandelbrot", "--targets", "jvm", "--target", "jvm" },
                { "lincomb", "--dtype", "f16" },
                { "laplace", "--json", dir.resolve("no/such/dir/x.json").toString() },
                { "mandelbrot", "--bogus" },
        };
        for (String[] c : cases) {
            CliTest.Result r = demo(c);
            String what = String.join(" ", c) + " -> " + r.err();
            assertEquals(Main.USER_ERROR, r.status(), what);
            assertEquals(1, r.err().strip().lines().count(), "one line: " + what);
            assertTrue(r.err().startsWith("numfuse: "), what);
            assertFalse(r.err().contains("Exception"), what);
        }
        String unknown = demo("nosuch").err();
        for (String d : List.of("mandelbrot", "speedtest", "laplace", "lincomb")) assertTrue(unknown.contains(d), unknown);
    }

    @Test
    void mandelbrotAgreesAcrossTargetsAndDrawsEach() throws Exception {
        Path json = dir.resolve("m.json");
        CliTest.Result r = demo(with(QUICK, "mandelbrot", "--size", "48", "--iterations", "20", "--targets", "jvm,interpreter",
                "--out", dir.toString(), "--json", json.toString()));
        assertEquals(0, r.status(), r.err());
        for (String f : List.of("mandelbrot-jvm.png", "mandelbrot-interpreter.png", "mandelbrot-times.png")) {
            assertTrue(Files.size(dir.resolve(f)) > 1000, f);
            assertTrue(r.out().contains("wrote " + dir.resolve(f)), "each file's path is printed: " + r.out());
        }
        JsonNode j = json(Files.readString(json));
        assertEquals("demo mandelbrot", j.get("command").asText());
        assertEquals(Set.of("jvm", "interpreter", Suites.JAVA_LOOP, Suites.EAGER), values(j, "target"));
        assertEquals(1, values(j, "count_sum").size(), "every row's sum of counts is the same: " + j);
        for (JsonNode row : j.get("results")) {
            for (String f : List.of("case", "n", "dtype", "target", "first_call_s", "median_s", "min_s", "max_s", "samples", "iterations", "x_fastest")) {
                assertTrue(row.has(f), f + " in " + row);
            }
            if (row.get("target").asText().equals("interpreter")) assertEquals("[\"interpreter\"]", row.get("ran_on").toString());
        }
        assertTrue(r.out().lines().filter(l -> !l.startsWith("wrote ")).allMatch(l -> l.length() <= 100), "the table fits 100 columns:\n" + r.out());
    }

    @Test
    void mandelbrotInFloat64CountsAsNumPy() {
        // the demo's default size in float64 on the JVM, with the hand loop: NumPy's float64 sum
        int n = MandelbrotDemo.PYCUDA_SIZE, k = MandelbrotDemo.PYCUDA_ITERATIONS;
        List<Row> rows = MandelbrotDemo.rows(n, k, DType.FLOAT64, List.of("jvm"));
        long[] sums = new long[2];
        for (int i = 0; i < 2; i++) {
            Row row = rows.stream().filter(x -> x.target.equals("jvm") || x.target.equals(Suites.JAVA_LOOP)).toList().get(i);
            row.prepare.accept(1);
            row.call.run();
            for (int c : (int[]) row.value.get()) sums[i] += c;
        }
        assertEquals(MandelbrotDemo.PYCUDA_SUM_F64, sums[0], "jvm");
        assertEquals(MandelbrotDemo.PYCUDA_SUM_F64, sums[1], "java loop");
    }

    @Test
    void laplaceChecksumsAgreeBitForBitAndTheHeatMapIsDrawn() throws Exception {
        CliTest.Result r = demo(with(QUICK, "laplace", "--size", "20", "--iterations", "5", "--targets", "jvm,interpreter", "--out", dir.toString(), "--json", "-"));
        assertEquals(0, r.status(), r.err());
        JsonNode j = json(r.out());   // --json -: stdout is the JSON alone
        assertEquals(1, values(j, "checksum").size(), j.toString());
        for (JsonNode row : j.get("results")) {
            assertEquals(5, row.get("iterations").asInt());
            assertEquals(row.get("median_s").asDouble() / 5, row.get("seconds_per_iteration").asDouble(), 1e-15);
            assertTrue(row.has("first_call_s"), row.toString());
        }
        assertEquals(Set.of("plain", "scope"), new HashSet<>(j.get("results").findValuesAsText("mode")));
        assertTrue(r.err().contains("checksum"), "the table goes to stderr under --json -: " + r.err());
        assertTrue(Files.size(dir.resolve("laplace.png")) > 1000);
        assertTrue(Files.exists(dir.resolve("laplace-times.png")));
    }

    @Test
    void laplacesChecksumIsTheExactlyRoundedSumAtFullSize() {
        // 500x500, 100 iterations: the hand loop, and numfuse on the JVM, to the last bit
        int n = LaplaceDemo.SIZE;
        List<Row> rows = LaplaceDemo.rows(n, LaplaceDemo.ITERATIONS, List.of("jvm"));
        for (String t : List.of(Suites.JAVA_LOOP, "jvm")) {
            Row row = rows.stream().filter(x -> x.target.equals(t)).findFirst().orElseThrow();
            row.prepare.accept(1);
            row.call.run();
            assertEquals(LaplaceDemo.CHECKSUM, DemoCommand.exactSum((double[]) row.value.get()), t);
        }
        Num.useTarget("auto");
    }

    @Test
    void exactSumRoundsOnce() {
        // 1 + 2^-53 + 2^-53: rounding each partial sum gives 1; the exact sum is 1 + 2^-52
        assertEquals(1 + Math.ulp(1.0), DemoCommand.exactSum(new double[] { 1, Math.ulp(1.0) / 2, Math.ulp(1.0) / 2 }));
    }

    @Test
    void speedtestDrawsEachFunctionAndTheSpeedUps() throws Exception {
        CliTest.Result r = demo(with(QUICK, "speedtest", "--max-n", "100", "--iterations", "3", "--targets", "jvm,interpreter", "--out", dir.toString(), "--json", "-"));
        assertEquals(0, r.status(), r.err());
        JsonNode j = json(r.out());
        Set<String> cases = values(j, "case");
        assertEquals(Set.of("sin", "cos", "exp", "log", "sqrt", "tanh", "arctan2", "pow", "sin x3"), cases);
        for (String c : cases) assertTrue(Files.size(dir.resolve("speedtest-" + c.replace(' ', '-') + ".png")) > 1000, c);
        assertTrue(Files.exists(dir.resolve("speedtest-speedups.png")));
        for (JsonNode row : j.get("results")) {
            assertTrue(row.get("agrees") == null || row.get("agrees").asBoolean(), row.toString());
            assertTrue(row.has("speedup_vs_jvm"), row.toString());
        }
        assertTrue(r.err().contains("interpreter's speed-up over jvm"), r.err());
    }

    @Test
    void lincombMeasuresStreamAndGbPerSecond() throws Exception {
        CliTest.Result r = demo(with(QUICK, "lincomb", "--max-n", "100", "--targets", "jvm,interpreter", "--out", dir.toString(), "--json", "-"));
        assertEquals(0, r.status(), r.err());
        JsonNode j = json(r.out());
        assertTrue(j.get("stream_gb_per_s").asDouble() > 0, j.toString());
        assertEquals(Set.of("a+b*c", "a+a*c", "a*a+a"), values(j, "case"));
        for (JsonNode row : j.get("results")) {
            assertTrue(row.get("gb_per_s").asDouble() > 0, row.toString());
            assertEquals("float64", row.get("dtype").asText());
        }
        for (String f : List.of("lincomb-abc.png", "lincomb-aac.png", "lincomb-aaa.png")) assertTrue(Files.size(dir.resolve(f)) > 1000, f);
    }

    @Test
    void theDemosAgreeOnOpenClToo() throws Exception {
        String cl = openClOrSkip();
        for (String[] c : new String[][] {
                { "laplace", "--size", "16", "--iterations", "3" },
                { "mandelbrot", "--size", "16", "--iterations", "4" },
                { "lincomb", "--max-n", "100" } }) {
            CliTest.Result r = demo(with(with(QUICK, c), "--targets", "jvm," + cl + ",auto", "--out", dir.toString(), "--json", "-"));
            assertEquals(0, r.status(), String.join(" ", c) + ": " + r.err());
            JsonNode j = json(r.out());
            assertTrue(values(j, "target").contains(cl), j.toString());
            for (JsonNode row : j.get("results")) assertTrue(row.get("agrees") == null || row.get("agrees").asBoolean(), row.toString());
        }
        assertTrue(Files.exists(dir.resolve("mandelbrot-opencl-0.png")));
    }

    @Test
    void aDisagreeingTargetFailsTheDemoLoudly() throws Exception {
        StringWriter out = new StringWriter(), err = new StringWriter();
        DemoRun run = new DemoRun("test", new DemoRun.Options(List.of("jvm"), null, null, null, null, 1, 0, dir, null),
                new PrintWriter(out), new PrintWriter(err));
        Row loop = new Row("x", 2, "float64", Suites.JAVA_LOOP);
        loop.call = () -> { };
        loop.value = () -> new double[] { 1, 2 };
        Row wrong = new Row("x", 2, "float64", "jvm");
        wrong.numfuse = true;
        wrong.call = () -> { };
        wrong.value = () -> new double[] { 1, 2.5 };
        run.measure("", List.of(loop, wrong), run.settings(1, 0), DemoSweep.sum(1e-9), null);
        assertEquals(1, run.finish());
        assertTrue(err.toString().contains("numfuse: error: test: jvm disagrees with java loop"), err.toString());
        assertEquals(Boolean.FALSE, wrong.extra.get("agrees"));
    }

    @Test
    void theDefaultTargetsAreEveryAvailableOneButTheInterpreter() {
        List<String> t = DemoRun.everyAvailableTarget();
        assertEquals("jvm", t.get(0));
        assertEquals("auto", t.getLast());
        assertFalse(t.contains("interpreter"));
        assertEquals(Targets.openCl().size() + 2, t.size());
    }

    @Test
    void theOldTargetOptionStillWorks() {
        CliTest.Result r = demo(with(QUICK, "laplace", "--size", "8", "--iterations", "2", "--target", "jvm", "--out", dir.toString()));
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("jvm plain"), r.out());
    }
}
