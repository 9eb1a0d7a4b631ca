package io.numfuse.bench;

import io.numfuse.core.NumfuseException;
import io.numfuse.npy.NpyFormatException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code numfuse} command line. User mistakes (a bad expression, a missing file, shapes
 * that do not broadcast) end with one line on stderr and a non-zero exit, never a stack trace.
 */
@Command(name = "numfuse", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Lazy, fused array expressions on the JVM and OpenCL devices.",
        subcommands = { DevicesCommand.class, EvalCommand.class, BenchCommand.class, DemoCommand.class, CacheCommand.class,
                CommandLine.HelpCommand.class })
public final class Main implements Runnable {
    public static final String VERSION = "0.1.0";

    /** Exit status for a user error (bad expression, file, shapes, options). */
    public static final int USER_ERROR = 2;

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the CLI with the given streams; returns the exit status (used by tests). */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        return execute(commandLine(out, err), args, err);
    }

    /** The command line with numfuse's handlers: a parameter or user error is one line and status 2, anything else one line and 1. */
    static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(out);
        cl.setErr(err);
        cl.setUnmatchedOptionsArePositionalParams(true);   // an expression may start with '-': eval '-a'
        cl.setParameterExceptionHandler((ex, a) -> {
            String sub = ex.getCommandLine().getCommandName();
            err.println("numfuse: " + oneLine(ex.getMessage()) + " (see 'numfuse " + (sub.equals("numfuse") ? "" : sub + " ") + "--help')");
            return USER_ERROR;
        });
        cl.setExecutionExceptionHandler((ex, c, parsed) -> failed(ex, err));
        return cl;
    }

    /**
     * Runs {@code cl}. picocli hands only Exceptions to the execution exception handler and
     * rethrows an Error (out of memory, a stack overflow), so those are caught here and end the
     * same way: one line, no stack trace unless NUMFUSE_DEBUG is set.
     */
    static int execute(CommandLine cl, String[] args, PrintWriter err) {
        int status;
        try {
            status = cl.execute(args);
        } catch (Error e) {
            status = failed(e, err);
        }
        cl.getOut().flush();
        err.flush();
        return status;
    }

    private static int failed(Throwable ex, PrintWriter err) {
        err.println("numfuse: " + describe(ex));
        if (System.getenv("NUMFUSE_DEBUG") != null) ex.printStackTrace(err);
        return ex instanceof NumfuseException || ex instanceof NpyFormatException || ex instanceof UserError
                || ex instanceof java.io.IOException ? USER_ERROR : 1;
    }

    /** One line for any failure: the message of a user error, a short description of anything else. */
    static String describe(Throwable ex) {
        if (ex instanceof NumfuseException || ex instanceof NpyFormatException || ex instanceof UserError) return "error: " + oneLine(ex.getMessage());
        if (ex instanceof java.nio.file.NoSuchFileException e) return "error: no such file: " + e.getFile();
        if (ex instanceof java.nio.file.AccessDeniedException e) return "error: permission denied: " + e.getFile();
        if (ex instanceof java.io.IOException e) return "error: " + oneLine(String.valueOf(e.getMessage()));
        if (ex instanceof OutOfMemoryError) {
            String what = ex.getMessage() == null ? "" : " (" + oneLine(ex.getMessage()) + ")";
            return "error: out of memory" + what + ": raise -Xmx through NUMFUSE_JAVA_OPTS, e.g. NUMFUSE_JAVA_OPTS=-Xmx8g";
        }
        return "internal error: " + ex.getClass().getSimpleName() + ": " + oneLine(String.valueOf(ex.getMessage()))
                + " (please report it; NUMFUSE_DEBUG=1 prints the stack trace)";
    }

    static String oneLine(String s) { return s == null ? "" : s.replace('\n', ' ').replace('\r', ' ').strip(); }

    @Override
    public void run() { new CommandLine(this).usage(System.out); }

    /**
     * The global target, to put back after a command that names its own targets ({@code bench},
     * {@code demo}), or null for the process's default. When {@code NUMFUSE_TARGET} names no
     * target here (a device this machine lacks, a typo) the command's own work, such as making
     * its inputs, runs on the JVM meanwhile: its targets are all named, as under
     * {@code eval --target jvm}, and it used to fail on the variable all the same.
     */
    static String saveTarget() {
        try {
            return io.numfuse.Num.target();
        } catch (io.numfuse.core.NumfuseException e) {
            io.numfuse.Num.useTarget("jvm");
            return null;
        }
    }

    /** A user mistake found by the CLI itself (a bad --in, an output path that cannot be written). */
    static final class UserError extends RuntimeException {
        UserError(String message) { super(message); }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override public String[] getVersion() { return new String[] { "numfuse " + VERSION + " (Java " + Runtime.version() + ")" }; }
    }
}
