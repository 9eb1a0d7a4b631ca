package io.numfuse.runtime;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * numfuse's logging ({@link io.numfuse.ir.NumfuseLog}), in a child JVM each (its level is read
 * once): silent by default, compilations at debug and evaluations at trace with
 * {@code NUMFUSE_LOG}, nothing with {@code off}, and the one warning a missing Vector API gives.
 */
class LoggingTest {
    /** A child JVM that evaluates one kernel on the JVM target; returns its stderr. */
    static String child(String level, boolean vectorApi) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        if (vectorApi) cmd.addAll(List.of("--add-modules", "jdk.incubator.vector"));
        cmd.addAll(List.of("-Dnumfuse.calibration=off", "-cp", System.getProperty("java.class.path"), LoggingChild.class.getName()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().remove("NUMFUSE_LOG");
        if (level != null) pb.environment().put("NUMFUSE_LOG", level);
        Process p = pb.start();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), err);
        return err.lines().filter(l -> !l.startsWith("WARNING: Using incubator modules")).reduce("", (a, b) -> a + b + "\n");
    }

    @Test
    void silentByDefaultAndOneLinePerEventWhenAsked() throws Exception {
        assertEquals("", child(null, true), "nothing on stderr by default");
        String debug = child("debug", true);
        assertTrue(debug.contains("numfuse: jvm: compiled a kernel ("), debug);
        assertFalse(debug.contains("evaluation: "), "evaluations are at trace: " + debug);
        String trace = child("trace", true);
        assertTrue(trace.contains("numfuse: evaluation: 1 kernel on jvm"), trace);
    }

    @Test
    void aMissingVectorApiIsOneWarningUnlessLoggingIsOff() throws Exception {
        String err = child(null, false);
        assertEquals("numfuse: warning: the Vector API is missing: transcendentals run through java.lang.Math; "
                + "add --add-modules jdk.incubator.vector\n", err);
        assertEquals("", child("off", false));
    }
}
