package io.numfuse.core;

import io.numfuse.core.NumfuseException;
import io.numfuse.core.ShapeMismatchException;

/** Shapes that do not broadcast, or a reshape or assignment of the wrong size. */
public class ShapeMismatchException extends NumfuseException {
    /**
     * An error with {@code message}.
     *
     * @param message one line that names the input and the fix
     */
    public ShapeMismatchException(String message) { super(message); }
}
