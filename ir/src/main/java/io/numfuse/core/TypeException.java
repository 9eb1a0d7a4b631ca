package io.numfuse.core;

import io.numfuse.core.NumfuseException;
import io.numfuse.core.TypeException;

/** An operation the operand types do not allow, such as bitwise ops on floats or negating a bool. */
public class TypeException extends NumfuseException {
    /**
     * An error with {@code message}.
     *
     * @param message one line that names the input and the fix
     */
    public TypeException(String message) { super(message); }
}
