package io.numfuse.runtime;

import io.numfuse.ir.CostClass;
import io.numfuse.ir.Op;

/**
 * The classes of arithmetic a {@link DeviceProfile} gives a rate for, as profiles, their files and
 * the calibration name them. Which op belongs to which class is the op table's
 * ({@link Op#costClass()}, {@link CostClass} documents the classes); this enum keeps the runtime's
 * names and file keys.
 */
public enum OpClass {
    /** {@link CostClass#SIMPLE}. */
    SIMPLE,
    /** {@link CostClass#DIVISION}. */
    DIVISION,
    /** {@link CostClass#TRANSCENDENTAL}. */
    TRANSCENDENTAL;

    /** The class of {@code op} (a reduction counts as its combining op: an add or a compare). */
    public static OpClass of(Op op) {
        return switch (op.costClass()) { case SIMPLE -> SIMPLE; case DIVISION -> DIVISION; case TRANSCENDENTAL -> TRANSCENDENTAL; };
    }

    /** The lower-case name used in files and JSON: {@code simple}, {@code division}, {@code transcendental}. */
    public String key() { return name().toLowerCase(java.util.Locale.ROOT); }
}
