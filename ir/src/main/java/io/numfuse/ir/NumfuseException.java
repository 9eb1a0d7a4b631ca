package io.numfuse.ir;

/** The root of every user-facing numfuse error: its message is one line that names the input and the fix. */
public class NumfuseException extends RuntimeException {
    public NumfuseException(String message) { super(message); }
    public NumfuseException(String message, Throwable cause) { super(message, cause); }
}
