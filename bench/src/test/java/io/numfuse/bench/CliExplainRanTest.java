package io.numfuse.bench;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.numfuse.core.DType;
import io.numfuse.npy.Npy;
import io.numfuse.npy.NpyArray;
import io.numfuse.runtime.Targets;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code eval --explain}'s {@code ran:} line under a named target says where the kernels ran: a
 * device whose OpenCL build fails hands them to the JVM (with a warning), and explain used to say
 * {@code ran: on opencl:0} all the same.
 */
class CliExplainRanTest {
    @TempDir Path dir;

    /** An input evaluated as it is runs no kernel: explain said 'ran: on auto' (or on the named target). */
    @Test
    void nothingRanIsSaidSo() throws Exception {
        Path a = dir.resolve("in.npy");
        Npy.write(a, new NpyArray(DType.FLOAT64, new int[] { 2 }, new double[] { 1, 2 }));
        for (String target : new String[] { "auto", "jvm" }) {
            CliTest.Result r = CliTest.run("eval", "a", "--in", "a=" + a, "--target", target, "--explain");
            assertEquals(0, r.status(), r.err());
            assertTrue(r.out().contains("ran: nothing: the value was computed already"), target + ": " + r.out());
        }
        CliTest.Result r = CliTest.run("eval", "a*2", "--in", "a=" + a, "--target", "jvm", "--explain");
        assertTrue(r.out().contains("ran: on jvm\n"), r.out());
    }

    @Test
    void aNamedDeviceThatFellBackIsNotReportedAsWhereItRan() throws Exception {
        assumeTrue(!Targets.openCl().isEmpty() && Targets.openCl().get(0).description().contains("PoCL"),
                "needs PoCL, whose POCL_EXTRA_BUILD_FLAGS makes every build fail here");
        Path a = dir.resolve("a.npy");
        Npy.write(a, new NpyArray(DType.FLOAT64, new int[] { 3 }, new double[] { 1, 2, 3 }));
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder pb = new ProcessBuilder(java.toString(), "--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
                "-Dnumfuse.calibration=off", "-Dnumfuse.opencl.cacheBytes=0", "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "eval", "sum(a*2)", "--in", "a=" + a, "--target", "opencl:0", "--explain");
        pb.environment().put("POCL_EXTRA_BUILD_FLAGS", "-include /nonexistent/numfuse.h");
        pb.environment().put("POCL_CACHE_DIR", dir.resolve("pocl").toString());
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), err);
        assertTrue(err.contains("running on the JVM instead"), err);
        List<String> ran = out.lines().filter(l -> l.startsWith("ran:")).toList();
        assertEquals(1, ran.size(), out);
        assertTrue(ran.get(0).startsWith("ran: on jvm (opencl:0 could not run it"), ran.get(0));
        assertTrue(out.contains("array(12.0)") || out.contains("array(12.)"), out);
    }
}
