package io.numfuse.runtime;

import io.numfuse.ir.Op;

/**
 * The classes of arithmetic a {@link DeviceProfile} gives a rate for: devices differ most
 * between these (a GPU's division and transcendental units, a CPU's vector width), and within
 * one class ops cost about the same.
 */
public enum OpClass {
    /** One cycle or so per vector lane: add, subtract, multiply, compare, select, min/max, casts, bit ops, rounding. */
    SIMPLE,
    /** Division and its relatives: true and floor division, remainder, square root. */
    DIVISION,
    /** A library function of many instructions: exp, log, trigonometric and hyperbolic functions, power. */
    TRANSCENDENTAL;

    /** The class of {@code op} (a reduction counts as its combining op: an add or a compare). */
    public static OpClass of(Op op) {
        return switch (op) {
            case NEG, ABS, NOT, FLOOR, CEIL, ROUND, SIGN, ADD, SUB, MUL, MAXIMUM, MINIMUM, AND, OR, XOR,
                 EQ, NE, LT, LE, GT, GE, WHERE, CAST, SUM, PROD, MAX, MIN -> SIMPLE;
            case DIV, FLOOR_DIV, MOD, SQRT -> DIVISION;
            case EXP, EXPM1, LOG, LOG1P, LOG10, LOG2, SIN, COS, TAN, ARCSIN, ARCCOS, ARCTAN, SINH, COSH, TANH,
                 POW, ARCTAN2 -> TRANSCENDENTAL;
        };
    }

    /** The lower-case name used in files and JSON: {@code simple}, {@code division}, {@code transcendental}. */
    public String key() { return name().toLowerCase(java.util.Locale.ROOT); }
}
