package io.numfuse.jvm;

/**
 * Transcendental functions over a block of values, the way generated kernels call them: the
 * innermost loop is cut into blocks, a block's arguments are gathered into a scratch array,
 * and one call here computes them all. With {@code jdk.incubator.vector} present (run the JVM
 * with {@code --add-modules jdk.incubator.vector}) the calls are vectorised ({@link VectorMath});
 * without it they fall back to {@code Math}, value by value.
 */
public final class BlockMath {
    private BlockMath() {}

    /** True when the Vector API is in use. */
    public static final boolean VECTOR = vectorApi();

    /** Whether the JVM was started with the Vector API's module; one warning when it was not. */
    private static boolean vectorApi() {
        boolean present = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
        if (!present) {
            io.numfuse.ir.NumfuseLog.warning("the Vector API is missing: transcendentals run through java.lang.Math; "
                    + "add --add-modules jdk.incubator.vector");
        }
        return present;
    }

    public static void exp(double[] in, double[] out, int n) {
        if (VECTOR) VectorMath.exp(in, out, n); else for (int i = 0; i < n; i++) out[i] = Math.exp(in[i]);
    }

    public static void exp(float[] in, float[] out, int n) {
        if (VECTOR) VectorMath.exp(in, out, n); else for (int i = 0; i < n; i++) out[i] = (float) Math.exp(in[i]);
    }

    public static void exp2(double[] in, double[] out, int n) {
        if (VECTOR) VectorMath.exp2(in, out, n); else for (int i = 0; i < n; i++) out[i] = Math.pow(2.0, in[i]);
    }

    public static void exp2(float[] in, float[] out, int n) {
        if (VECTOR) VectorMath.exp2(in, out, n); else for (int i = 0; i < n; i++) out[i] = (float) Math.pow(2.0, in[i]);
    }

    public static void expm1(double[] in, double[] out, int n) {
        if (VECTOR) VectorMath.expm1(in, out, n); else for (int i = 0; i < n; i++) out[i] = Math.expm1(in[i]);
    }

    public static void expm1(float[] in, float[] out, int n) {
        if (VECTOR) VectorMath.expm1(in, out, n); else for (int i = 0; i < n; i++) out[i] = (float) Math.expm1(in[i]);
    }

    public static void log(double[] in, double[] out, int n) {
        if (VECTOR) VectorMath.log(in, out, n); else for (int i = 0; i < n; i++) out[i] = Math.log(in[i]);
    }

    public static void log(float[] in, float[] out, int n) {
        if (VECTOR) VectorMath.log(in, out, n); else for (int i = 0; i < n; i++) out[i] = (float) Math.log(in[i]);
    }

    public static void log1p(double[] in, double[] out, int n) {
        if (VECTOR) VectorMath.log1p(in, out, n); else for (int i = 0; i < n; i++) out[i] = Math.log1p(in[i]);
    }

    public static void log1p(float[] in, float[] out, int n) {
        if (VECTOR) VectorMath.log1p(in, out, n); else for (int i = 0; i < n; i++) out[i] = (float) Math.log1p(in[i]);
    }

    public static void log10(double[] in, double[] out, int n) {
        if (VECTOR) VectorMath.log10(in, out, n); else for (int i = 0; i < n; i++) out[i] = Math.log10(in[i]);
    }

    public static void log10(float[] in, float[] out, int n) {
        if (VECTOR) VectorMath.log10(in, out, n); else for (int i = 0; i < n; i++) out[i] = (float) Math.log10(in[i]);
    }

    public static void sin(double[] in, double[] out, int n) {
        if (VECTOR) VectorMath.sin(in, out, n); else for (int i = 0; i < n; i++) out[i] = Math.sin(in[i]);
    }

    public static void sin(float[] in, float[] out, int n) {
        if (VECTOR) VectorMath.sin(in, out, n); else for (int i = 0; i < n; i++) out[i] = (float) Math.sin(in[i]);
    }

    public static void cos(double[] in, double[] out, int n) {
        if (VECTOR) VectorMath.cos(in, out, n); else for (int i = 0; i < n; i++) out[i] = Math.cos(in[i]);
    }

    public static void cos(float[] in, float[] out, int n) {
        if (VECTOR) VectorMath.cos(in, out, n); else for (int i = 0; i < n; i++) out[i] = (float) Math.cos(in[i]);
    }

    public static void tan(double[] in, double[] out, int n) {
        if (VECTOR) VectorMath.tan(in, out, n); else for (int i = 0; i < n; i++) out[i] = Math.tan(in[i]);
    }

    public static void tan(float[] in, float[] out, int n) {
        if (VECTOR) VectorMath.tan(in, out, n); else for (int i = 0; i < n; i++) out[i] = (float) Math.tan(in[i]);
    }

    public static void asin(double[] in, double[] out, int n) {
        if (VECTOR) VectorMath.asin(in, out, n); else for (int i = 0; i < n; i++) out[i] = Math.asin(in[i]);
    }

    public static void asin(float[] in, float[] out, int n) {
        if (VECTOR) VectorMath.asin(in, out, n); else for (int i = 0; i < n; i++) out[i] = (float) Math.asin(in[i]);
    }

    public static void acos(double[] in, double[] out, int n) {
        if (VECTOR) VectorMath.acos(in, out, n); else for (int i = 0; i < n; i++) out[i] = Math.acos(in[i]);
    }

    public static void acos(float[] in, float[] out, int n) {
        if (VECTOR) VectorMath.acos(in, out, n); else for (int i = 0; i < n; i++) out[i] = (float) Math.acos(in[i]);
    }

    public static void atan(double[] in, double[] out, int n) {
        if (VECTOR) VectorMath.atan(in, out, n); else for (int i = 0; i < n; i++) out[i] = Math.atan(in[i]);
    }

    public static void atan(float[] in, float[] out, int n) {
        if (VECTOR) VectorMath.atan(in, out, n); else for (int i = 0; i < n; i++) out[i] = (float) Math.atan(in[i]);
    }

    public static void sinh(double[] in, double[] out, int n) {
        if (VECTOR) VectorMath.sinh(in, out, n); else for (int i = 0; i < n; i++) out[i] = Math.sinh(in[i]);
    }

    public static void sinh(float[] in, float[] out, int n) {
        if (VECTOR) VectorMath.sinh(in, out, n); else for (int i = 0; i < n; i++) out[i] = (float) Math.sinh(in[i]);
    }

    public static void cosh(double[] in, double[] out, int n) {
        if (VECTOR) VectorMath.cosh(in, out, n); else for (int i = 0; i < n; i++) out[i] = Math.cosh(in[i]);
    }

    public static void cosh(float[] in, float[] out, int n) {
        if (VECTOR) VectorMath.cosh(in, out, n); else for (int i = 0; i < n; i++) out[i] = (float) Math.cosh(in[i]);
    }

    public static void tanh(double[] in, double[] out, int n) {
        if (VECTOR) VectorMath.tanh(in, out, n); else for (int i = 0; i < n; i++) out[i] = Math.tanh(in[i]);
    }

    public static void tanh(float[] in, float[] out, int n) {
        if (VECTOR) VectorMath.tanh(in, out, n); else for (int i = 0; i < n; i++) out[i] = (float) Math.tanh(in[i]);
    }

    public static void pow(double[] x, double[] y, double[] out, int n) {
        if (VECTOR) VectorMath.pow(x, y, out, n); else for (int i = 0; i < n; i++) out[i] = io.numfuse.ir.Semantics.pow(x[i], y[i]);
    }

    public static void pow(float[] x, float[] y, float[] out, int n) {
        if (VECTOR) VectorMath.pow(x, y, out, n); else for (int i = 0; i < n; i++) out[i] = (float) io.numfuse.ir.Semantics.pow(x[i], y[i]);
    }

    public static void atan2(double[] x, double[] y, double[] out, int n) {
        if (VECTOR) VectorMath.atan2(x, y, out, n); else for (int i = 0; i < n; i++) out[i] = Math.atan2(x[i], y[i]);
    }

    public static void atan2(float[] x, float[] y, float[] out, int n) {
        if (VECTOR) VectorMath.atan2(x, y, out, n); else for (int i = 0; i < n; i++) out[i] = (float) Math.atan2(x[i], y[i]);
    }

    public static void hypot(double[] x, double[] y, double[] out, int n) {
        if (VECTOR) VectorMath.hypot(x, y, out, n); else for (int i = 0; i < n; i++) out[i] = Math.hypot(x[i], y[i]);
    }

    public static void hypot(float[] x, float[] y, float[] out, int n) {
        if (VECTOR) VectorMath.hypot(x, y, out, n); else for (int i = 0; i < n; i++) out[i] = (float) Math.hypot(x[i], y[i]);
    }
}
