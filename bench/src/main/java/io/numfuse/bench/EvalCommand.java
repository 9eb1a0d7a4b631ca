package io.numfuse.bench;

import io.numfuse.NDArray;
import io.numfuse.Num;
import io.numfuse.npy.Npy;
import io.numfuse.npy.NpyArray;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
        description = { "Evaluate one expression (numexpr's language, NumPy semantics) over .npy files.",
                "Example: numfuse eval 'a + b*c' --in a=a.npy --in b=b.npy --in c=c.npy --out r.npy" })
final class EvalCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "EXPR", description = "The expression, e.g. 'where(a > 0, sqrt(a), -a) * 2.5'.")
    String expression;

    @Option(names = "--in", paramLabel = "NAME=FILE.npy", description = "An input array and its name in EXPR (repeatable).")
    List<String> inputs = List.of();

    @Option(names = "--out", paramLabel = "OUT.npy", description = "Where to write the result; without it the result is printed.")
    Path out;

    @Option(names = "--target", paramLabel = "TARGET", defaultValue = "auto",
            description = "auto, jvm, interpreter or opencl[:N] (default: ${DEFAULT-VALUE}).")
    String target;

    @Option(names = "--explain", description = "Print the kernels the fusion pass makes, their keys and which inputs alias.")
    boolean explain;

    @Override
    public Integer call() throws IOException {
        Num.useTarget(target);
        Map<String, NDArray> arrays = readInputs();
        if (out != null) checkWritable(out);
        NDArray result = Num.eval(expression, arrays);
        var o = spec.commandLine().getOut();
        if (explain) o.print(Num.explain(result));
        NpyArray values = result.toNpy();
        if (out != null) Npy.write(out, values); else o.println(result);
        return 0;
    }

    private Map<String, NDArray> readInputs() throws IOException {
        Map<String, NDArray> arrays = new LinkedHashMap<>();
        for (String spec : inputs) {
            int eq = spec.indexOf('=');
            if (eq <= 0 || eq == spec.length() - 1) throw new Main.UserError("--in takes NAME=FILE.npy, got '" + spec + "'");
            String name = spec.substring(0, eq).strip();
            if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) throw new Main.UserError("--in name '" + name + "' is not a valid identifier");
            if (arrays.containsKey(name)) throw new Main.UserError("--in name '" + name + "' is given twice");
            Path file = Path.of(spec.substring(eq + 1));
            if (!Files.isRegularFile(file)) throw new Main.UserError("--in " + name + ": no such file: " + file);
            arrays.put(name, Num.fromNpy(Npy.read(file)));
        }
        return arrays;
    }

    private static void checkWritable(Path out) {
        Path dir = out.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir)) throw new Main.UserError("--out: directory does not exist: " + dir);
        if (Files.isDirectory(out)) throw new Main.UserError("--out: " + out + " is a directory");
    }
}
