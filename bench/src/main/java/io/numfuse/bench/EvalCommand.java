package io.numfuse.bench;

import io.numfuse.NDArray;
import io.numfuse.Num;
import io.numfuse.runtime.KernelRuns;
import io.numfuse.npy.Npy;
import io.numfuse.npy.NpyArray;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code numfuse eval 'EXPR' --in a=a.npy ... --out r.npy}: one expression over .npy files. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = { "Evaluate an expression (numexpr's language) over .npy files, with NumPy's semantics.",
                "Example:",
                "  numfuse eval 'a + b*c' --in a=a.npy --in b=b.npy --in c=c.npy --out r.npy" })
final class EvalCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "EXPR", description = "The expression, e.g. 'where(a > 0, sqrt(a), -a) * 2.5'.")
    String expression;

    @Option(names = "--in", paramLabel = "NAME=FILE.npy", description = "An input array and its name in EXPR (repeatable).")
    List<String> inputs = List.of();

    @Option(names = "--out", paramLabel = "OUT.npy", description = { "Where to write the result; without it the result is printed. "
            + "It replaces a regular file atomically (through a symbolic link, the file the link names); "
                    + "a directory, FIFO, device or read-only file is refused." })
    String out;   // a String, not a Path: Path drops the trailing '/' that says a directory is meant

    @Option(names = "--target", paramLabel = "TARGET",
            description = "auto (or auto:jvm, auto:prefer-device, auto:random, auto:gpu...), jvm, interpreter, opencl[:N], gpu[:N], cpu[:N] or accelerator[:N] (default: the environment's NUMFUSE_TARGET, else auto).")
    String target;

    @Option(names = "--explain", description = { "Print the kernels the fusion pass makes, their keys, which inputs alias, "
            + "where each kernel would run and why (auto: the cost model's prediction on every target), and after the run where it ran." })
    boolean explain;

    @Option(names = "--source", description = "With --explain: also print each kernel's OpenCL C and the JVM kernel's bytecode.")
    boolean source;

    @Override
    public Integer call() throws IOException {
        Num.useTarget(target);   // null: NUMFUSE_TARGET's, or auto (Num's default), checked at the evaluation
        Map<String, NDArray> arrays = readInputs();
        Path outFile = out == null ? null : checkWritable(out);   // before the work, not after it
        String before = explain ? Num.lastPlacement() : null;   // the thread's last run (a calibration's, say) until this one's
        NDArray result = Num.eval(expression, arrays);
        var o = spec.commandLine().getOut();
        if (explain) o.print(Num.explain(result));
        if (explain && source) o.print(Num.explainSource(result));
        if (source && !explain) throw new Main.UserError("--source goes with --explain");
        Map<String, Long> runsBefore = KernelRuns.snapshot();
        NpyArray values = result.toNpy();
        if (explain) {
            String ran = Num.lastPlacement();
            Map<String, Long> runs = KernelRuns.since(runsBefore);   // no run: 'ran: on auto' was said of an input evaluated as it is
            o.print("ran:" + (runs.isEmpty() ? " nothing: the value was computed already (a constant, or an input as it is)\n"
                    : ran.equals(before) ? " on " + ranOn(runs) + "\n" : "\n" + ran));   // the thread's last auto run unchanged: a named target's
        }
        if (outFile != null) Npy.write(outFile, values); else o.println(result);
        return 0;
    }

    /**
     * Where a named target's kernels ran ({@code runs}: {@link KernelRuns#since}): the target, or
     * the JVM when a device could not run them (a failed build, no fp64), which explain used to
     * report as the device.
     */
    static String ranOn(Map<String, Long> runs) {
        List<String> fell = runs.keySet().stream().filter(k -> k.startsWith(KernelRuns.FELL_BACK)).map(k -> k.substring(KernelRuns.FELL_BACK.length())).toList();
        List<String> on = runs.keySet().stream().filter(k -> !k.startsWith(KernelRuns.FELL_BACK)).toList();
        String where = on.isEmpty() ? Num.target() : String.join(", ", on);
        return fell.isEmpty() ? where : where + " (" + String.join(", ", fell) + " could not run it, see the warning; named targets fall back to the JVM)";
    }

    private Map<String, NDArray> readInputs() throws IOException {
        Map<String, NDArray> arrays = new LinkedHashMap<>();
        for (String spec : inputs) {
            int eq = spec.indexOf('=');
            if (eq <= 0 || eq == spec.length() - 1) throw new Main.UserError("--in takes NAME=FILE.npy, got '" + spec + "'");
            String name = spec.substring(0, eq).strip();
            if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) throw new Main.UserError("--in name '" + name + "' is not a valid identifier");
            if (io.numfuse.expr.ExprParser.isKeyword(name)) {   // True+1 --in True=f.npy used to ignore the input silently
                throw new Main.UserError("--in name '" + name + "' is a keyword of the expression language; name the array otherwise");
            }
            if (arrays.containsKey(name)) throw new Main.UserError("--in name '" + name + "' is given twice");
            Path file = path("--in " + name, spec.substring(eq + 1));
            checkReadable(name, file);
            arrays.put(name, Num.fromNpy(Npy.read(file)));
        }
        return arrays;
    }

    /** An input must be a regular file (or a link to one): a FIFO or device is refused before it is opened, so nothing blocks on it. */
    private static void checkReadable(String name, Path file) {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (java.nio.file.AccessDeniedException e) {
            throw new Main.UserError("--in " + name + ": permission denied: " + file);
        } catch (IOException e) {   // missing, or a link to nothing
            throw new Main.UserError("--in " + name + ": no such file: " + file);
        }
        if (attributes.isDirectory()) throw new Main.UserError("--in " + name + ": " + file + " is a directory");
        if (!attributes.isRegularFile()) {
            throw new Main.UserError("--in " + name + ": " + file + " is not a regular file (a FIFO, device or socket)");
        }
    }

    /** The output path, checked as {@link Npy#checkWritable} checks it, and refused when it ends with '/'. */
    private static Path checkWritable(String out) {
        if (out.isEmpty()) throw new Main.UserError("--out: the file name is empty");
        if (out.endsWith("/")) throw new Main.UserError("--out: " + out + " names a directory; give a file name, e.g. " + out + "result.npy");
        Path file = path("--out", out);
        try {
            Npy.checkWritable(file);
        } catch (FileSystemException e) {
            String reason = e.getReason() != null ? e.getReason()
                    : e instanceof java.nio.file.AccessDeniedException ? "cannot be written (permission denied)" : "cannot be written";
            throw new Main.UserError("--out: " + e.getFile() + " " + reason);
        } catch (IOException e) {
            throw new Main.UserError("--out: " + out + " cannot be written: " + e.getMessage());
        }
        return file;
    }

    private static Path path(String option, String name) {
        try {
            return Path.of(name);
        } catch (InvalidPathException e) {
            throw new Main.UserError(option + ": not a valid path: " + e.getReason());
        }
    }
}
