package io.numfuse.bench;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The launcher's {@code numfuse bench spark} (the repository's {@code numfuse} script): a bad
 * argument is one line and the usage on stderr, exit status 2, before anything is built or run;
 * {@code --help} prints the usage and exits 0.
 */
class LauncherBenchSparkTest {
    private static final Path LAUNCHER = Path.of("..", "numfuse").toAbsolutePath().normalize();

    private record Run(int status, String out, String err) {}

    private static Run run(String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("bash", LAUNCHER.toString(), "bench", "spark"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Run(p.waitFor(), out, err);
    }

    @Test
    void aBadArgumentIsOneLineAndTheUsage() throws Exception {
        assertTrue(Files.isRegularFile(LAUNCHER), "the launcher at " + LAUNCHER);
        String[][] cases = { { "10x" }, { "0" }, { "100", "0" }, { "100", "2", "local[2],,x" }, { "100", "2", "local[2]", "sums" },
                { "1", "2", "local[1]", "sum", "5" }, { "99999999999" } };
        for (String[] c : cases) {
            Run r = run(c);
            String what = String.join(" ", c) + ": " + r;
            assertEquals(2, r.status(), what);
            assertEquals("", r.out(), what);
            List<String> lines = r.err().lines().toList();
            assertEquals(2, lines.size(), what);
            assertTrue(lines.get(0).startsWith("numfuse bench spark: "), what);
            assertTrue(lines.get(1).startsWith("usage: numfuse bench spark "), what);
        }
    }

    @Test
    void helpPrintsTheUsage() throws Exception {
        Run r = run("--help");
        assertEquals(0, r.status(), r.toString());
        assertTrue(r.out().startsWith("usage: numfuse bench spark [ROWS"), r.toString());
    }
}
