package io.numfuse.ir;

/**
 * The element types of numfuse arrays, with NumPy's promotion rules (NumPy 2, NEP 50: a Java
 * scalar is "weak" and takes the array's type where its kind allows).
 */
public enum DType {
    BOOL("bool", 1, Kind.BOOL, "|b1"),
    INT32("int32", 4, Kind.INT, "<i4"),
    INT64("int64", 8, Kind.INT, "<i8"),
    FLOAT32("float32", 4, Kind.FLOAT, "<f4"),
    FLOAT64("float64", 8, Kind.FLOAT, "<f8");

    /** The kind of a type, ordered as NumPy orders them for promotion: bool < int < float. */
    public enum Kind { BOOL, INT, FLOAT }

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

    /** NumPy's name of this type ("float32"). */
    public String numpyName() { return numpyName; }

    /** Bytes per element in a buffer (bool is one byte, 0 or 1). */
    public int itemSize() { return itemSize; }

    public Kind kind() { return kind; }

    /** The little-endian {@code descr} of this type in a .npy header. */
    public String npyDescr() { return npyDescr; }

    public boolean isBool() { return kind == Kind.BOOL; }
    public boolean isInt() { return kind == Kind.INT; }
    public boolean isFloat() { return kind == Kind.FLOAT; }

    /** The type NumPy gives to a value of a weak scalar of this kind when nothing else decides. */
    public static DType defaultOf(Kind kind) {
        return switch (kind) {
            case BOOL -> BOOL;
            case INT -> INT64;
            case FLOAT -> FLOAT64;
        };
    }

    /** Parses a NumPy type name ("float32", "f4", "f32", "int64", "bool"...). */
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
     */
    public static DType promote(DType a, boolean aWeak, DType b, boolean bWeak) {
        if (aWeak && !bWeak) return promoteWeak(b, a.kind);
        if (bWeak && !aWeak) return promoteWeak(a, b.kind);
        if (aWeak) return defaultOf(a.kind.compareTo(b.kind) >= 0 ? a.kind : b.kind);
        return promote(a, b);
    }

    /** The type of {@code strong op weakScalar}. */
    public static DType promoteWeak(DType strong, Kind weak) {
        if (weak.compareTo(strong.kind) <= 0) return strong;
        return defaultOf(weak);
    }
}
