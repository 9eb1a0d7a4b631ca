package io.numfuse.bench;

import static org.junit.jupiter.api.Assertions.*;

import io.numfuse.core.DType;
import io.numfuse.npy.Npy;
import io.numfuse.npy.NpyArray;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI end to end, in process: results, explain, and one clear line for every user mistake. */
class CliTest {
    @TempDir Path dir;

    record Result(int status, String out, String err) {}

    static Result run(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int status = Main.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Result(status, out.toString(), err.toString());
    }

    private Path npy(String name, NpyArray a) throws Exception {
        Path p = dir.resolve(name);
        Npy.write(p, a);
        return p;
    }

    @Test
    void evalWritesTheResultWithNumpysDtypeAndShape() throws Exception {
        Path a = npy("a.npy", new NpyArray(DType.FLOAT32, new int[] { 2, 2 }, new float[] { 1, 2, 3, 4 }));
        Path b = npy("b.npy", new NpyArray(DType.INT32, new int[] { 2 }, new int[] { 10, 20 }));
        Path out = dir.resolve("r.npy");
        Result r = run("eval", "a * 2.0 + b", "--in", "a=" + a, "--in", "b=" + b, "--out", out.toString());
        assertEquals(0, r.status(), r.err());
        NpyArray got = Npy.read(out);
        assertEquals(DType.FLOAT64, got.dtype(), "float32 with int32 promotes to float64");
        assertArrayEquals(new int[] { 2, 2 }, got.shape());
        assertArrayEquals(new double[] { 12, 24, 16, 28 }, (double[]) got.data());
    }

    @Test
    void anExpressionMayStartWithAMinus() throws Exception {
        Path a = npy("a.npy", new NpyArray(DType.INT64, new int[] { 2 }, new long[] { 1, -2 }));
        Path out = dir.resolve("neg.npy");
        Result r = run("eval", "-a * 2", "--in", "a=" + a, "--out", out.toString());
        assertEquals(0, r.status(), r.err());
        assertArrayEquals(new long[] { -2, 4 }, (long[]) Npy.read(out).data());
    }

    @Test
    void aFullReductionIsAZeroDimensionalArray() throws Exception {
        Path a = npy("a.npy", new NpyArray(DType.INT32, new int[] { 3 }, new int[] { 1, 2, 3 }));
        Path out = dir.resolve("s.npy");
        assertEquals(0, run("eval", "sum(a)", "--in", "a=" + a, "--out", out.toString()).status());
        NpyArray got = Npy.read(out);
        assertEquals(DType.INT64, got.dtype());
        assertArrayEquals(new int[0], got.shape());
        assertArrayEquals(new long[] { 6 }, (long[]) got.data());
    }

    @Test
    void explainPrintsKernelsAndAliasing() throws Exception {
        Path a = npy("a.npy", new NpyArray(DType.FLOAT64, new int[] { 3 }, new double[] { 1, 2, 3 }));
        Result r = run("eval", "a + a*2", "--in", "a=" + a, "--explain");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().startsWith("1 kernel"), r.out());
        assertTrue(r.out().contains("in0 = "), r.out());
        assertFalse(r.out().contains("in1 = "), "a + a*2 loads a once: " + r.out());
        assertTrue(r.out().contains("ran:\nkernel 0: "), "where it ran: " + r.out());
        // an input as it is runs nothing: explain says so, not the thread's run before it
        Result c = run("eval", "a", "--in", "a=" + a, "--explain");
        assertEquals(0, c.status(), c.err());
        assertTrue(c.out().contains("ran: nothing: the value was computed already"), c.out());
    }

    @Test
    void badInputGivesOneLineNoStackTraceAndNoOutputFile() throws Exception {
        Path a = npy("a.npy", new NpyArray(DType.FLOAT64, new int[] { 3 }, new double[] { 1, 2, 3 }));
        Path b = npy("b.npy", new NpyArray(DType.FLOAT64, new int[] { 4 }, new double[] { 1, 2, 3, 4 }));
        Path junk = dir.resolve("junk.npy");
        Files.writeString(junk, "not an npy file");
        Path out = dir.resolve("out.npy");
        String[][] cases = {
                { "eval", "a +", "--in", "a=" + a, "--out", out.toString() },
                { "eval", "a); } __kernel void x(", "--in", "a=" + a, "--out", out.toString() },
                { "eval", "a + zz", "--in", "a=" + a, "--out", out.toString() },
                { "eval", "a + b", "--in", "a=" + a, "--in", "b=" + b, "--out", out.toString() },
                { "eval", "a", "--in", "a=" + junk, "--out", out.toString() },
                { "eval", "a", "--in", "a=" + dir.resolve("missing.npy"), "--out", out.toString() },
                { "eval", "a", "--in", "a" + a, "--out", out.toString() },
                { "eval", "a", "--in", "a=" + a, "--target", "nonsense", "--out", out.toString() },
                { "eval", "sum(a, axis=3)", "--in", "a=" + a, "--out", out.toString() },
                { "eval", "a", "--in", "a=" + a, "--out", dir.resolve("no/such/dir/x.npy").toString() },
                { "eval", "--in", "a=" + a },
                { "nosuchcommand" },
                { "cache", "--bogus" },
        };
        for (String[] c : cases) {
            Result r = run(c);
            String what = String.join(" ", c) + " -> " + r.err();
            assertNotEquals(0, r.status(), what);
            assertEquals(1, r.err().strip().lines().count(), "one line: " + what);
            assertTrue(r.err().startsWith("numfuse: "), what);
            assertFalse(r.err().contains("Exception"), "no Java exception names: " + what);
            assertFalse(r.err().contains("\tat "), "no stack trace: " + what);
            assertFalse(Files.exists(out), "no output file: " + what);
        }
    }

    /** Stands in for a command that runs out of memory (picocli passes Errors by its execution exception handler). */
    @picocli.CommandLine.Command(name = "oom")
    static final class OutOfMemoryCommand implements java.util.concurrent.Callable<Integer> {
        @Override public Integer call() { throw new OutOfMemoryError("Java heap space"); }
    }

    @Test
    void runningOutOfMemoryIsOneLineAndStatus1() {
        StringWriter out = new StringWriter(), err = new StringWriter();
        PrintWriter errWriter = new PrintWriter(err);
        picocli.CommandLine cl = Main.commandLine(new PrintWriter(out), errWriter);
        cl.addSubcommand("oom", new OutOfMemoryCommand());
        int status = Main.execute(cl, new String[] { "oom" }, errWriter);
        assertEquals(1, status, err.toString());
        assertEquals("numfuse: error: out of memory (Java heap space): raise -Xmx through NUMFUSE_JAVA_OPTS, e.g. NUMFUSE_JAVA_OPTS=-Xmx8g",
                err.toString().strip());
    }

    @Test
    void theLaplaceDemoPrintsItsChecksum() {
        Result r = run("demo", "laplace", "--size", "20", "--iterations", "5", "--targets", "jvm", "--repeats", "1", "--warmup", "0",
                "--out", dir.toString(), "--json", "-");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("\"checksum\": "), r.out());
        assertTrue(r.out().contains("\"ran_on\": [ \"jvm\" ]"), "where the kernels ran: " + r.out());
    }

    @Test
    void aDeviceThatDoesNotExistIsOneLineAndStatus2OnEveryMachine() {
        for (String[] c : new String[][] { { "eval", "1 + 2", "--target", "opencl:9" }, { "demo", "laplace", "--size", "5", "--targets", "opencl:9" } }) {
            Result r = run(c);
            assertEquals(2, r.status(), String.join(" ", c) + ": " + r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
            assertTrue(r.err().contains("opencl:9") || r.err().contains("device 9"), r.err());
        }
    }
}
