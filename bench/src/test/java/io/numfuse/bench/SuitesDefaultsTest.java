package io.numfuse.bench;

import static org.junit.jupiter.api.Assertions.*;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every suite runs with its default targets (no {@code --targets}: on a machine without OpenCL,
 * or with it) at a small size, writes JSON alone on stdout and a table of at most 100 columns on
 * stderr; {@code --plot} writes a PNG.
 */
class SuitesDefaultsTest {
    @TempDir Path dir;

    static List<String> suites() { return Suites.NAMES; }

    /** The suite at a small size (the defaults take minutes): every other option is the suite's default. */
    static String[] small(String suite) {
        String size = switch (suite) {
            case "laplace" -> "20";
            case "loops", "mandelbrot" -> "32";
            default -> "1000";
        };
        List<String> a = new ArrayList<>(List.of("bench", suite, "--size", size, "--repeats", "2", "--warmup", "10", "--json", "-"));
        if (suite.equals("selection")) a.addAll(List.of("--cases", "sum"));   // 40+ cases otherwise
        return a.toArray(String[]::new);
    }

    @ParameterizedTest
    @MethodSource("suites")
    void everySuiteRunsWithItsDefaultTargets(String suite) {
        String[] args = small(suite);
        CliTest.Result r = CliTest.run(args);
        String what = String.join(" ", args) + " -> " + r.err();
        assertEquals(0, r.status(), what);
        Map<?, ?> j = (Map<?, ?>) TestJson.parse(r.out());   // stdout is one JSON value and nothing else
        assertEquals("bench " + suite, j.get("command"));
        assertEquals(BenchCommand.RATIO_DEFINITION, j.get("ratio_definition"));
        assertFalse(((List<?>) j.get("results")).isEmpty(), what);
        assertTrue(r.err().contains("median"), "the table on stderr: " + what);
        assertTrue(r.err().lines().allMatch(l -> l.length() <= ResultTable.WIDTH || l.startsWith("bench: ")), "fits 100 columns: " + r.err());
        assertFalse(r.err().contains("Exception"), what);
    }

    @Test
    @SuppressWarnings("unchecked")
    void mandelbrotRowsCarryTheirCountSumOnEveryTarget() {
        CliTest.Result r = CliTest.run("bench", "mandelbrot", "--size", "32", "--repeats", "2", "--warmup", "10", "--json", "-");
        assertEquals(0, r.status(), r.err());
        List<Map<String, Object>> rows = (List<Map<String, Object>>) ((Map<String, Object>) TestJson.parse(r.out())).get("results");
        List<String> targets = rows.stream().map(x -> (String) x.get("target")).toList();
        assertTrue(targets.containsAll(LoopsSuite.defaultTargets()), targets.toString());
        assertTrue(targets.contains(Suites.JAVA_LOOP), targets.toString());
        Object sum = rows.get(0).get("count_sum");
        assertTrue(sum instanceof Double d && d > 0, rows.toString());
        for (Map<String, Object> x : rows) assertEquals(sum, x.get("count_sum"), "every row computes the same counts: " + x);
    }

    @Test
    void plotWritesAPngChart() throws Exception {
        Path png = dir.resolve("reduce.png");
        CliTest.Result r = CliTest.run("bench", "reduce", "--size", "1000", "--repeats", "2", "--warmup", "10", "--plot", png.toString());
        assertEquals(0, r.status(), r.err());
        BufferedImage img = ImageIO.read(png.toFile());
        assertNotNull(img, "a PNG ImageIO decodes");
        assertTrue(img.getWidth() >= Plot.MIN_WIDTH && img.getWidth() <= Plot.MAX_WIDTH && img.getHeight() == Plot.HEIGHT,
                img.getWidth() + "x" + img.getHeight());
        assertTrue(Files.size(png) > 5_000, "more than a blank image: " + Files.size(png));
    }
}
