package io.numfuse.ir;

/** An axis out of range for an array's rank. */
public class AxisException extends NumfuseException {
    public AxisException(String message) { super(message); }
}
