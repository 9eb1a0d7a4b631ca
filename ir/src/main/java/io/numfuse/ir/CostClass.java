package io.numfuse.ir;

/**
 * The class of arithmetic an {@link Op} costs on a device: devices differ most between these (a
 * GPU's division and transcendental units, a CPU's vector width), and within one class ops cost
 * about the same. Device profiles give a rate per class.
 */
public enum CostClass {
    /** One cycle or so per vector lane: add, subtract, multiply, compare, select, min/max, casts, bit ops, shifts, rounding, tests. */
    SIMPLE,
    /** Division and its relatives: true and floor division, remainder, reciprocal, square root. */
    DIVISION,
    /** A library function of many instructions: exp, log, trigonometric and hyperbolic functions, power, hypot. */
    TRANSCENDENTAL
}
