package io.numfuse.spark;

import io.numfuse.core.NumfuseException;

/**
 * A numfuse expression that cannot run over a DataFrame, found on the driver while the job is
 * planned, before any task runs: a column the DataFrame does not have, a column that is not
 * numeric, or an expression numfuse refuses (a syntax error, operands of the wrong type, a
 * reduction where a column is wanted). The message is one line: the output column or
 * aggregate, the expression, and numfuse's own reason.
 */
public class NumfuseSparkException extends NumfuseException {
    private static final long serialVersionUID = 1L;

    /**
     * An error with {@code message}.
     *
     * @param message one line that names the expression, the input at fault and the fix
     */
    public NumfuseSparkException(String message) { super(message); }
}
