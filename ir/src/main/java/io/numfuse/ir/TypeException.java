package io.numfuse.ir;

/** An operation the operand types do not allow, such as bitwise ops on floats or negating a bool. */
public class TypeException extends NumfuseException {
    public TypeException(String message) { super(message); }
}
