package io.numfuse.core;

import io.numfuse.core.DType;

/**
 * The element types of numfuse arrays, NumPy's dtypes of the same names, with NumPy's promotion
 * rules (NumPy 2, NEP 50: a Java scalar is "weak" and takes the array's type where its kind
 * allows). Each is stored in the Java array type that {@code Num.wrap} takes: bool in
 * a {@code byte[]} of 0 and 1, int32 in an {@code int[]}, int64 in a {@code long[]}, float32 in a
 * {@code float[]}, float64 in a {@code double[]}. NumPy's other dtypes (int8, uint64, float16,
 * complex...) have no numfuse counterpart: an operation whose NumPy result would have one is
 * refused with a message that says which cast to add.
 */
public enum DType {
    /** NumPy's {@code bool}: false or true, one byte per element. */
    BOOL("bool", 1, Kind.BOOL, "|b1"),
    /** NumPy's {@code int32}: 32-bit two's complement integers, which wrap on overflow. */
    INT32("int32", 4, Kind.INT, "<i4"),
    /** NumPy's {@code int64}: 64-bit two's complement integers, which wrap on overflow. */
    INT64("int64", 8, Kind.INT, "<i8"),
    /** NumPy's {@code float32}: IEEE 754 single precision. */
    FLOAT32("float32", 4, Kind.FLOAT, "<f4"),
    /** NumPy's {@code float64}: IEEE 754 double precision, the type of Java's {@code double}. */
    FLOAT64("float64", 8, Kind.FLOAT, "<f8");

    /** The kind of a type, ordered as NumPy orders them for promotion: {@code bool < int < float}. */
    public enum Kind {
        /** Booleans. */
        BOOL,
        /** Signed integers (int32, int64). */
        INT,
        /** Floating point (float32, float64). */
        FLOAT
    }

    private final String numpyName;
    private final int itemSize;
    private final Kind kind;
    private final String npyDescr;

    DType(String numpyName, int itemSize, Kind kind, String npyDescr) {
        this.numpyName = numpyName;
        this.itemSize = itemSize;
        this.kind = kind;
        this.npyDescr = npyDescr;
    }

    /**
     * NumPy's name of this type.
     *
     * @return the name, such as {@code "float32"}
     */
    public String numpyName() { return numpyName; }

    /**
     * The size of an element.
     *
     * @return bytes per element in a buffer (bool is one byte, 0 or 1)
     */
    public int itemSize() { return itemSize; }

    /**
     * The kind of this type, which decides how weak scalars promote with it.
     *
     * @return bool, int or float
     */
    public Kind kind() { return kind; }

    /**
     * The {@code descr} of this type in a .npy header, little-endian.
     *
     * @return the descr, such as {@code "<f8"}
     */
    public String npyDescr() { return npyDescr; }

    /**
     * Whether this is {@link #BOOL}.
     *
     * @return true for bool
     */
    public boolean isBool() { return kind == Kind.BOOL; }

    /**
     * Whether this is an integer type.
     *
     * @return true for int32 and int64
     */
    public boolean isInt() { return kind == Kind.INT; }

    /**
     * Whether this is a floating-point type.
     *
     * @return true for float32 and float64
     */
    public boolean isFloat() { return kind == Kind.FLOAT; }

    /**
     * The type NumPy gives to a weak scalar of {@code kind} when nothing else decides (an
     * expression of literals alone).
     *
     * @param kind the scalar's kind
     * @return bool, int64 or float64
     */
    public static DType defaultOf(Kind kind) {
        return switch (kind) {
            case BOOL -> BOOL;
            case INT -> INT64;
            case FLOAT -> FLOAT64;
        };
    }

    /**
     * Parses a NumPy type name, as the command line and {@code --dtype} options take it.
     *
     * @param name a name or type code, case-insensitive: {@code bool}, {@code b1}, {@code ?};
     *             {@code int32}, {@code i4}, {@code i32}; {@code int64}, {@code i8}, {@code i64},
     *             {@code int}; {@code float32}, {@code f4}, {@code f32}; {@code float64},
     *             {@code f8}, {@code f64}, {@code float}, {@code double}
     * @return the type
     * @throws IllegalArgumentException if the name is none of these
     */
    public static DType parse(String name) {
        String n = name.trim().toLowerCase(java.util.Locale.ROOT);
        return switch (n) {
            case "bool", "b1", "?" -> BOOL;
            case "int32", "i4", "i32" -> INT32;
            case "int64", "i8", "i64", "int" -> INT64;
            case "float32", "f4", "f32" -> FLOAT32;
            case "float64", "f8", "f64", "float", "double" -> FLOAT64;
            default -> throw new IllegalArgumentException(
                    "unknown dtype '" + name + "': use one of bool, int32, int64, float32, float64");
        };
    }

    /**
     * Promotion of two strong (array) types, NumPy's table restricted to these five types:
     * int32 with float32 gives float64, as in NumPy, because float32 cannot hold every int32.
     *
     * @param a one operand's type
     * @param b the other's
     * @return the type both are converted to (for most operations, the result's type)
     */
    public static DType promote(DType a, DType b) {
        if (a == b) return a;
        if (a.ordinal() > b.ordinal()) return promote(b, a);
        // now a < b in declaration order: BOOL < INT32 < INT64 < FLOAT32 < FLOAT64
        if (a == BOOL) return b;
        if (a.isInt() && b.isInt()) return INT64;
        if (a.isInt() && b == FLOAT32) return FLOAT64;
        return b;
    }

    /**
     * Promotion of two operands that may be weak scalars (NEP 50). A weak operand's own type
     * only says its kind; it adopts the other operand's type when that kind is not higher.
     * Two weak operands give a weak result of the higher kind.
     *
     * @param a     one operand's type
     * @param aWeak whether that operand is a weak scalar
     * @param b     the other operand's type
     * @param bWeak whether it is a weak scalar
     * @return the promoted type
     */
    public static DType promote(DType a, boolean aWeak, DType b, boolean bWeak) {
        if (aWeak && !bWeak) return promoteWeak(b, a.kind);
        if (bWeak && !aWeak) return promoteWeak(a, b.kind);
        if (aWeak) return defaultOf(a.kind.compareTo(b.kind) >= 0 ? a.kind : b.kind);
        return promote(a, b);
    }

    /**
     * The type of {@code strong op weakScalar}: {@code strong} when the scalar's kind is not
     * higher ({@code float32 * 2.0} is float32), else the default type of the scalar's kind
     * ({@code int32 * 2.5} is float64).
     *
     * @param strong the array's type
     * @param weak   the scalar's kind
     * @return the promoted type
     */
    public static DType promoteWeak(DType strong, Kind weak) {
        if (weak.compareTo(strong.kind) <= 0) return strong;
        return defaultOf(weak);
    }
}
