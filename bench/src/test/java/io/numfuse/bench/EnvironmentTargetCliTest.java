package io.numfuse.bench;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Commands whose every target is named ignore a {@code NUMFUSE_TARGET} that names no target here,
 * as {@code eval --target jvm} does: {@code bench --targets jvm} and {@code demo --targets jvm}
 * failed on it. In a JVM of its own: the environment is read once.
 */
class EnvironmentTargetCliTest {
    @TempDir Path dir;

    /** The exit status, stdout and stderr of the CLI run with {@code NUMFUSE_TARGET=env}. */
    private static String[] child(String env, String... args) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(java.toString(), "--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
                "-Dnumfuse.calibration=off", "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("NUMFUSE_TARGET", env);
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        return new String[] { String.valueOf(p.waitFor()), out, err };
    }

    @Test
    void benchAndDemoWithNamedTargetsIgnoreABadEnvironment() throws Exception {
        for (String env : new String[] { "garbage", "opencl:99" }) {
            String[] bench = child(env, "bench", "--expr", "a*b+1", "--size", "100", "--targets", "jvm", "--repeats", "2", "--warmup", "10");
            assertEquals("0", bench[0], env + ": " + bench[2]);
            assertTrue(bench[1].contains("a*b+1"), bench[1]);
        }
        String[] demo = child("garbage", "demo", "lincomb", "--targets", "jvm", "--repeats", "1", "--max-n", "1000", "--out", dir.toString());
        assertEquals("0", demo[0], demo[2]);
        String[] eval = child("garbage", "eval", "1+2");
        assertEquals("2", eval[0], "a command that uses the default still refuses it");
        assertTrue(eval[2].contains("NUMFUSE_TARGET: unknown target 'garbage'"), eval[2]);
    }
}
