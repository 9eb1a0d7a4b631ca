package io.numfuse.fuzz;

import java.util.Set;

/**
 * What a hostile input may end in besides a value: one of the exception types numfuse
 * documents for bad input, with a message of one non-empty line (the CLI prints it as it is).
 * Anything else — a NullPointerException, IllegalStateException, ClassCastException,
 * StackOverflowError, OutOfMemoryError, any other exception or error — is a defect.
 */
public final class DocumentedErrors {
    private DocumentedErrors() {}

    /** The errors an expression may raise: bad syntax, names or calls, and NumPy's own errors. */
    public static final Set<Class<? extends Throwable>> EXPRESSION = Set.of(
            io.numfuse.expr.ExpressionSyntaxException.class,
            io.numfuse.core.ShapeMismatchException.class,
            io.numfuse.core.TypeException.class,
            io.numfuse.core.ValueException.class,
            io.numfuse.core.AxisException.class,
            io.numfuse.core.IndexException.class);

    /** The errors reading .npy bytes may raise: bad content, or the I/O failing. */
    public static final Set<Class<? extends Throwable>> NPY = Set.of(
            io.numfuse.npy.NpyFormatException.class, java.io.IOException.class);

    /**
     * The simple name of {@code t}'s type when it is one of {@code allowed} (or a subclass) with a
     * well-formed message.
     *
     * @throws AssertionError naming {@code input}, with {@code t} as its cause, otherwise
     */
    public static String classify(Throwable t, Set<Class<? extends Throwable>> allowed, String input) {
        boolean documented = allowed.stream().anyMatch(c -> c.isInstance(t));
        if (!documented) {
            throw new AssertionError("undocumented " + t.getClass().getName() + " (" + t.getMessage() + ") for input " + input, t);
        }
        String m = t.getMessage();
        if (m == null || m.isBlank() || !isOneLine(m)) {
            throw new AssertionError("message of " + t.getClass().getSimpleName() + " is not one printable line: "
                    + Inputs.show(String.valueOf(m)) + " for input " + input, t);
        }
        return t.getClass().getSimpleName();
    }

    /** No line break of any kind and no control character (a terminal would act on it). */
    public static boolean isOneLine(String m) {
        for (int i = 0; i < m.length(); i++) {
            char c = m.charAt(i);
            if (c < 0x20 || (c >= 0x7f && c < 0xa0) || c == '\u2028' || c == '\u2029') return false;
        }
        return true;
    }
}
