package io.numfuse.core;

import io.numfuse.core.NumfuseException;
import io.numfuse.core.AxisException;

/** An axis out of range for an array's rank. */
public class AxisException extends NumfuseException {
    /**
     * An error with {@code message}.
     *
     * @param message one line that names the input and the fix
     */
    public AxisException(String message) { super(message); }
}
