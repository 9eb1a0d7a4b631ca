package io.numfuse.core;

import io.numfuse.core.NumfuseException;
import io.numfuse.core.IndexException;

/** An index out of bounds, or an index expression that does not fit the array. */
public class IndexException extends NumfuseException {
    /**
     * An error with {@code message}.
     *
     * @param message one line that names the input and the fix
     */
    public IndexException(String message) { super(message); }
}
