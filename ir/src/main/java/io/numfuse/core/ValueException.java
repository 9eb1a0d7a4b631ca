package io.numfuse.core;

import io.numfuse.core.NumfuseException;
import io.numfuse.core.ValueException;

/** A value NumPy rejects: a negative integer power, a scalar out of range of its dtype, a reduction with no identity over an empty array. */
public class ValueException extends NumfuseException {
    /**
     * An error with {@code message}.
     *
     * @param message one line that names the input and the fix
     */
    public ValueException(String message) { super(message); }
}
