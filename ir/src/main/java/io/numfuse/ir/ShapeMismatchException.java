package io.numfuse.ir;

/** Shapes that do not broadcast, or a reshape or assignment of the wrong size. */
public class ShapeMismatchException extends NumfuseException {
    public ShapeMismatchException(String message) { super(message); }
}
