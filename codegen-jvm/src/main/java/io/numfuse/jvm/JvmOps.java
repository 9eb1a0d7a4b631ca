package io.numfuse.jvm;

import io.numfuse.core.DType;
import io.numfuse.ir.InverseHyperbolic;
import io.numfuse.ir.Semantics;

/**
 * The static methods generated kernels call for ops that are more than one bytecode. Each
 * delegates to {@link Semantics} where the rule is not a Java primitive, so the JVM backend and
 * the interpreter share one definition; all are small enough for C2 to inline.
 */
public final class JvmOps {
    private JvmOps() {}

    public static int floorDiv(int a, int b) { return b == 0 ? 0 : Math.floorDiv(a, b); }
    public static long floorDiv(long a, long b) { return b == 0 ? 0 : Math.floorDiv(a, b); }
    public static float floorDiv(float a, float b) { return (float) Semantics.floorDivide(DType.FLOAT32, a, b); }
    public static double floorDiv(double a, double b) { return Semantics.floorDivide(DType.FLOAT64, a, b); }

    public static int mod(int a, int b) { return b == 0 ? 0 : Math.floorMod(a, b); }
    public static long mod(long a, long b) { return b == 0 ? 0 : Math.floorMod(a, b); }
    public static float mod(float a, float b) { return (float) Semantics.remainder(DType.FLOAT32, a, b); }
    public static double mod(double a, double b) { return Semantics.remainder(DType.FLOAT64, a, b); }

    public static int pow(int a, int b) { return (int) Semantics.intPow(DType.INT32, a, b); }
    public static long pow(long a, long b) { return Semantics.intPow(DType.INT64, a, b); }
    public static float pow(float a, float b) { return (float) Semantics.pow(a, b); }
    public static double pow(double a, double b) { return Semantics.pow(a, b); }

    public static float atan2(float a, float b) { return (float) Math.atan2(a, b); }
    public static float hypot(float a, float b) { return (float) Math.hypot(a, b); }
    public static double log2(double x) { return Semantics.log2(x); }
    /** C's exp2 is pow(2, x) on every special value, and Math.pow is an intrinsic (within 1 ulp). */
    public static double exp2(double x) { return Math.pow(2.0, x); }
    public static double arcsinh(double x) { return InverseHyperbolic.asinh(x); }
    public static double arccosh(double x) { return InverseHyperbolic.acosh(x); }
    public static double arctanh(double x) { return InverseHyperbolic.atanh(x); }

    /** NumPy's integer reciprocal: 1, -1 or 0, and the dtype's minimum for 0 (see Semantics). */
    public static int reciprocal(int x) { return x == 0 ? Integer.MIN_VALUE : x == 1 || x == -1 ? x : 0; }
    public static long reciprocal(long x) { return x == 0 ? Long.MIN_VALUE : x == 1 || x == -1 ? x : 0; }
    public static float reciprocal(float x) { return 1f / x; }
    public static double reciprocal(double x) { return 1.0 / x; }

    /** NumPy's shifts: a count outside [0, bit width) shifts every bit out (Java would take it modulo the width). */
    public static int leftShift(int a, int b) { return b >= 0 && b < Integer.SIZE ? a << b : 0; }
    public static long leftShift(long a, long b) { return b >= 0 && b < Long.SIZE ? a << b : 0; }
    public static int rightShift(int a, int b) { return b >= 0 && b < Integer.SIZE ? a >> b : a >> 31; }
    public static long rightShift(long a, long b) { return b >= 0 && b < Long.SIZE ? a >> b : a >> 63; }

    public static double sign(double x) { return Double.isNaN(x) ? x : x > 0 ? 1.0 : x < 0 ? -1.0 : 0.0; }
    public static float sign(float x) { return Float.isNaN(x) ? x : x > 0 ? 1f : x < 0 ? -1f : 0f; }
}
