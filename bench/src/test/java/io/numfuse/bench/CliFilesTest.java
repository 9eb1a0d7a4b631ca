package io.numfuse.bench;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.numfuse.core.DType;
import io.numfuse.npy.Npy;
import io.numfuse.npy.NpyArray;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What eval accepts as --in and --out: regular files only, checked before any work, each refusal one line. */
class CliFilesTest {
    @TempDir Path dir;
    private Path a;

    @BeforeEach
    void input() throws Exception {
        a = dir.resolve("a.npy");
        Npy.write(a, new NpyArray(DType.INT64, new int[] { 2 }, new long[] { 1, 2 }));
    }

    private Path fifo(String name) throws Exception {
        Path p = dir.resolve(name);
        assertEquals(0, new ProcessBuilder("mkfifo", p.toString()).inheritIO().start().waitFor());
        return p;
    }

    private static boolean isFifo(Path p) throws Exception {
        return ((Integer) Files.getAttribute(p, "unix:mode") & 0170000) == 0010000;
    }

    /** Runs the CLI and checks that it failed with exactly {@code message} on one line. */
    private static void assertRefused(String message, String... args) {
        CliTest.Result r = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> CliTest.run(args), "must not block");
        assertEquals(Main.USER_ERROR, r.status(), r.err());
        assertEquals("numfuse: error: " + message, r.err().strip());
    }

    private List<String> names() throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** A keyword can never be an array's name in the expression: True+1 --in True=f.npy used to ignore the input silently. */
    @Test
    void anInputNamedByAKeywordIsRefused() {
        for (String k : List.of("True", "False", "None", "and", "if", "lambda")) {
            assertRefused("--in name '" + k + "' is a keyword of the expression language; name the array otherwise",
                    "eval", "True+1", "--in", k + "=" + a);
        }
    }

    @Test
    void anInputThatIsADirectoryOrAFifoIsNamedAsSuch() throws Exception {
        Path sub = Files.createDirectory(dir.resolve("sub"));
        Path pipe = fifo("pipe.npy");
        assertRefused("--in x: " + sub + " is a directory", "eval", "x", "--in", "x=" + sub);
        assertRefused("--in x: " + pipe + " is not a regular file (a FIFO, device or socket)", "eval", "x", "--in", "x=" + pipe);
        assertRefused("--in x: no such file: " + dir.resolve("missing.npy"), "eval", "x", "--in", "x=" + dir.resolve("missing.npy"));
    }

    @Test
    void anOutputFifoIsRefusedBeforeEvaluatingAndStaysAFifo() throws Exception {
        Path pipe = fifo("out.npy");
        String refusal = "--out: " + pipe + " is not a regular file (a FIFO, device or socket); only a regular file is replaced";
        assertRefused(refusal, "eval", "a * 2", "--in", "a=" + a, "--out", pipe.toString());
        assertRefused(refusal, "eval", "a + nosuchname", "--in", "a=" + a, "--out", pipe.toString());   // before the expression is looked at
        assertTrue(isFifo(pipe));
        assertEquals(List.of("a.npy", "out.npy"), names());
    }

    @Test
    void anOutputDirectoryOrTrailingSlashIsADirectoryError() throws Exception {
        Path sub = Files.createDirectory(dir.resolve("sub"));
        assertRefused("--out: " + sub + " is a directory", "eval", "a", "--in", "a=" + a, "--out", sub.toString());
        String newdir = dir.resolve("newdir") + "/";
        assertRefused("--out: " + newdir + " names a directory; give a file name, e.g. " + newdir + "result.npy",
                "eval", "a", "--in", "a=" + a, "--out", newdir);
        Path link = Files.createSymbolicLink(dir.resolve("link"), sub);
        assertRefused("--out: " + link + " is a directory", "eval", "a", "--in", "a=" + a, "--out", link.toString());
        assertEquals(List.of("a.npy", "link", "sub"), names());
        assertEquals(0, Files.list(sub).count());
    }

    /**
     * A directory that its permissions call writable but whose file system creates no file
     * (/proc; as root, /sys too): the error names the file asked for, not the temporary file the
     * write goes through ("permission denied: /sys/.x.npy.23275.3c285acf1824.tmp"), and a link to
     * a directory (/proc/self) is a directory ("/proc/self is not a directory" before).
     */
    @Test
    void anOutputWhereNoFileCanBeCreatedIsNamedAsAsked() {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(Path.of("/proc/self")), "no /proc here (not Linux)");
        String out = "/proc/self/numfuse-out.npy";
        CliTest.Result r = CliTest.run("eval", "a", "--in", "a=" + a, "--out", out);
        assertNotEquals(0, r.status(), r.err());
        String err = r.err().strip();
        assertEquals(1, err.lines().count(), err);
        assertTrue(err.contains("/proc/self") && !err.contains(".tmp") && !err.contains("is not a directory"), err);
    }

    @Test
    void aMissingOutputDirectoryIsNamed() {
        Path out = dir.resolve("no/such/r.npy");
        assertRefused("--out: " + dir.resolve("no/such") + " does not exist", "eval", "a", "--in", "a=" + a, "--out", out.toString());
    }

    @Test
    void aReadOnlyOutputIsRefusedAndKept() throws Exception {
        Path out = Files.writeString(dir.resolve("ro.npy"), "keep");
        Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("r--r--r--"));
        assumeFalse(Files.isWritable(out), "running as root: a read-only file is writable, as it is for NumPy");
        assertRefused("--out: " + out + " is read-only", "eval", "a", "--in", "a=" + a, "--out", out.toString());
        assertEquals("keep", Files.readString(out));
    }

    /** As np.save: the file a link names is written, the link stays. */
    @Test
    void anOutputLinkIsWrittenThrough() throws Exception {
        Path real = Files.writeString(dir.resolve("real.npy"), "old");
        Path link = Files.createSymbolicLink(dir.resolve("link.npy"), real.getFileName());
        CliTest.Result r = CliTest.run("eval", "a * 3", "--in", "a=" + a, "--out", link.toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(Files.isSymbolicLink(link));
        assertArrayEquals(new long[] { 3, 6 }, (long[]) Npy.read(real).data());
    }
}
