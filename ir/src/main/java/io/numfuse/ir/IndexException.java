package io.numfuse.ir;

/** An index out of bounds, or an index expression that does not fit the array. */
public class IndexException extends NumfuseException {
    public IndexException(String message) { super(message); }
}
