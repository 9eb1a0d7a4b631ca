package io.numfuse.core;

import io.numfuse.core.NumfuseException;
import io.numfuse.core.AxisException;
import io.numfuse.core.IndexException;
import io.numfuse.core.ShapeMismatchException;
import io.numfuse.core.TypeException;
import io.numfuse.core.ValueException;

/**
 * The root of every user-facing numfuse error: its message is one line that names the input and
 * the fix. Unchecked, as NumPy's exceptions are not declared: catch this class to catch every
 * error numfuse reports about its input, or a subclass ({@link ShapeMismatchException},
 * {@link TypeException}, {@link ValueException}, {@link IndexException}, {@link AxisException},
 * and the expression and .npy errors of the frontend) for one kind. Thrown as such, it reports a
 * failure of the machinery: an unknown target name, a device that failed while it held the only
 * current values of an array.
 */
public class NumfuseException extends RuntimeException {
    /**
     * An error with {@code message}.
     *
     * @param message one line that names the input and the fix
     */
    public NumfuseException(String message) { super(message); }

    /**
     * An error with {@code message}, caused by {@code cause}.
     *
     * @param message one line that names the input and the fix
     * @param cause   the exception that caused it
     */
    public NumfuseException(String message, Throwable cause) { super(message, cause); }
}
