package io.numfuse;

import static org.junit.jupiter.api.Assertions.*;

import io.numfuse.core.NumfuseException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code NUMFUSE_TARGET}, the process's default target, in a JVM of its own (the environment is
 * read once): a device this machine lacks is a {@link NumfuseException} at every use that needs
 * the default, never a class that failed to initialise, and a target chosen in code still works.
 */
class EnvironmentTargetTest {
    /** What the child JVM does: prints one line per step. */
    public static void main(String[] args) {
        for (int i = 0; i < 2; i++) {
            try {
                System.out.println("target " + Num.target());
            } catch (NumfuseException e) {
                System.out.println("error " + e.getMessage());
            }
        }
        Num.useTarget("jvm");
        System.out.println("chosen " + Num.target() + " " + Num.array(new double[] { 1, 2 }).mul(2).sum().item());
        Num.useTarget(null);
        try {
            System.out.println("default " + Num.target());
        } catch (NumfuseException e) {
            System.out.println("error again " + e.getMessage());
        }
    }

    private static List<String> child(String env) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder pb = new ProcessBuilder(java.toString(), "--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
                "-Dnumfuse.calibration=off", "-cp", System.getProperty("java.class.path"), EnvironmentTargetTest.class.getName());
        pb.environment().put("NUMFUSE_TARGET", env);
        pb.redirectErrorStream(false);
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), "the child's stderr: " + err);
        return out.lines().toList();
    }

    @Test
    void aMissingDeviceIsAnErrorAtEachUseAndCodeMayChooseAnother() throws Exception {
        List<String> lines = child("opencl:99");
        assertEquals(4, lines.size(), lines.toString());
        for (int i = 0; i < 2; i++) {
            assertTrue(lines.get(i).startsWith("error NUMFUSE_TARGET: "), "use " + i + ": " + lines);
            assertTrue(lines.get(i).contains("device 99"), lines.get(i));
        }
        assertEquals("chosen jvm 6.0", lines.get(2));
        assertTrue(lines.get(3).startsWith("error again NUMFUSE_TARGET: "), "back to the default: " + lines);
    }

    @Test
    void theEnvironmentNamesTheDefault() throws Exception {
        List<String> lines = child("jvm");
        assertEquals(List.of("target jvm", "target jvm", "chosen jvm 6.0", "default jvm"), lines);
    }
}
