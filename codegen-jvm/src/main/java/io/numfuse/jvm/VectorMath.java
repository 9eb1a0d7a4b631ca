package io.numfuse.jvm;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API (jdk.incubator.vector) versions of {@link BlockMath}'s functions. Each
 * method names its operator as a constant so that C2 intrinsifies the lanewise call (SVML on
 * x86); the tail of a block goes through {@code Math}. Loaded only when the module is present.
 */
final class VectorMath {
    private VectorMath() {}

    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;

    static void exp(double[] in, double[] out, int n) {
        int i = 0;
        for (int b = D.loopBound(n); i < b; i += D.length()) DoubleVector.fromArray(D, in, i).lanewise(VectorOperators.EXP).intoArray(out, i);
        for (; i < n; i++) out[i] = Math.exp(in[i]);
    }

    static void exp(float[] in, float[] out, int n) {
        int i = 0;
        for (int b = F.loopBound(n); i < b; i += F.length()) FloatVector.fromArray(F, in, i).lanewise(VectorOperators.EXP).intoArray(out, i);
        for (; i < n; i++) out[i] = (float) Math.exp(in[i]);
    }

    /** 2^x as pow(2, x): the Vector API has no EXP2 operator, and pow's special cases with base 2 are exp2's. */
    static void exp2(double[] in, double[] out, int n) {
        int i = 0;
        DoubleVector two = DoubleVector.broadcast(D, 2.0);
        for (int b = D.loopBound(n); i < b; i += D.length()) two.lanewise(VectorOperators.POW, DoubleVector.fromArray(D, in, i)).intoArray(out, i);
        for (; i < n; i++) out[i] = Math.pow(2.0, in[i]);
    }

    static void exp2(float[] in, float[] out, int n) {
        int i = 0;
        FloatVector two = FloatVector.broadcast(F, 2f);
        for (int b = F.loopBound(n); i < b; i += F.length()) two.lanewise(VectorOperators.POW, FloatVector.fromArray(F, in, i)).intoArray(out, i);
        for (; i < n; i++) out[i] = (float) Math.pow(2.0, in[i]);
    }

    static void expm1(double[] in, double[] out, int n) {
        int i = 0;
        for (int b = D.loopBound(n); i < b; i += D.length()) DoubleVector.fromArray(D, in, i).lanewise(VectorOperators.EXPM1).intoArray(out, i);
        for (; i < n; i++) out[i] = Math.expm1(in[i]);
    }

    static void expm1(float[] in, float[] out, int n) {
        int i = 0;
        for (int b = F.loopBound(n); i < b; i += F.length()) FloatVector.fromArray(F, in, i).lanewise(VectorOperators.EXPM1).intoArray(out, i);
        for (; i < n; i++) out[i] = (float) Math.expm1(in[i]);
    }

    static void log(double[] in, double[] out, int n) {
        int i = 0;
        for (int b = D.loopBound(n); i < b; i += D.length()) DoubleVector.fromArray(D, in, i).lanewise(VectorOperators.LOG).intoArray(out, i);
        for (; i < n; i++) out[i] = Math.log(in[i]);
    }

    static void log(float[] in, float[] out, int n) {
        int i = 0;
        for (int b = F.loopBound(n); i < b; i += F.length()) FloatVector.fromArray(F, in, i).lanewise(VectorOperators.LOG).intoArray(out, i);
        for (; i < n; i++) out[i] = (float) Math.log(in[i]);
    }

    static void log1p(double[] in, double[] out, int n) {
        int i = 0;
        for (int b = D.loopBound(n); i < b; i += D.length()) DoubleVector.fromArray(D, in, i).lanewise(VectorOperators.LOG1P).intoArray(out, i);
        for (; i < n; i++) out[i] = Math.log1p(in[i]);
    }

    static void log1p(float[] in, float[] out, int n) {
        int i = 0;
        for (int b = F.loopBound(n); i < b; i += F.length()) FloatVector.fromArray(F, in, i).lanewise(VectorOperators.LOG1P).intoArray(out, i);
        for (; i < n; i++) out[i] = (float) Math.log1p(in[i]);
    }

    static void log10(double[] in, double[] out, int n) {
        int i = 0;
        for (int b = D.loopBound(n); i < b; i += D.length()) DoubleVector.fromArray(D, in, i).lanewise(VectorOperators.LOG10).intoArray(out, i);
        for (; i < n; i++) out[i] = Math.log10(in[i]);
    }

    static void log10(float[] in, float[] out, int n) {
        int i = 0;
        for (int b = F.loopBound(n); i < b; i += F.length()) FloatVector.fromArray(F, in, i).lanewise(VectorOperators.LOG10).intoArray(out, i);
        for (; i < n; i++) out[i] = (float) Math.log10(in[i]);
    }

    static void sin(double[] in, double[] out, int n) {
        int i = 0;
        for (int b = D.loopBound(n); i < b; i += D.length()) DoubleVector.fromArray(D, in, i).lanewise(VectorOperators.SIN).intoArray(out, i);
        for (; i < n; i++) out[i] = Math.sin(in[i]);
    }

    static void sin(float[] in, float[] out, int n) {
        int i = 0;
        for (int b = F.loopBound(n); i < b; i += F.length()) FloatVector.fromArray(F, in, i).lanewise(VectorOperators.SIN).intoArray(out, i);
        for (; i < n; i++) out[i] = (float) Math.sin(in[i]);
    }

    static void cos(double[] in, double[] out, int n) {
        int i = 0;
        for (int b = D.loopBound(n); i < b; i += D.length()) DoubleVector.fromArray(D, in, i).lanewise(VectorOperators.COS).intoArray(out, i);
        for (; i < n; i++) out[i] = Math.cos(in[i]);
    }

    static void cos(float[] in, float[] out, int n) {
        int i = 0;
        for (int b = F.loopBound(n); i < b; i += F.length()) FloatVector.fromArray(F, in, i).lanewise(VectorOperators.COS).intoArray(out, i);
        for (; i < n; i++) out[i] = (float) Math.cos(in[i]);
    }

    static void tan(double[] in, double[] out, int n) {
        int i = 0;
        for (int b = D.loopBound(n); i < b; i += D.length()) DoubleVector.fromArray(D, in, i).lanewise(VectorOperators.TAN).intoArray(out, i);
        for (; i < n; i++) out[i] = Math.tan(in[i]);
    }

    static void tan(float[] in, float[] out, int n) {
        int i = 0;
        for (int b = F.loopBound(n); i < b; i += F.length()) FloatVector.fromArray(F, in, i).lanewise(VectorOperators.TAN).intoArray(out, i);
        for (; i < n; i++) out[i] = (float) Math.tan(in[i]);
    }

    static void asin(double[] in, double[] out, int n) {
        int i = 0;
        for (int b = D.loopBound(n); i < b; i += D.length()) DoubleVector.fromArray(D, in, i).lanewise(VectorOperators.ASIN).intoArray(out, i);
        for (; i < n; i++) out[i] = Math.asin(in[i]);
    }

    static void asin(float[] in, float[] out, int n) {
        int i = 0;
        for (int b = F.loopBound(n); i < b; i += F.length()) FloatVector.fromArray(F, in, i).lanewise(VectorOperators.ASIN).intoArray(out, i);
        for (; i < n; i++) out[i] = (float) Math.asin(in[i]);
    }

    static void acos(double[] in, double[] out, int n) {
        int i = 0;
        for (int b = D.loopBound(n); i < b; i += D.length()) DoubleVector.fromArray(D, in, i).lanewise(VectorOperators.ACOS).intoArray(out, i);
        for (; i < n; i++) out[i] = Math.acos(in[i]);
    }

    static void acos(float[] in, float[] out, int n) {
        int i = 0;
        for (int b = F.loopBound(n); i < b; i += F.length()) FloatVector.fromArray(F, in, i).lanewise(VectorOperators.ACOS).intoArray(out, i);
        for (; i < n; i++) out[i] = (float) Math.acos(in[i]);
    }

    static void atan(double[] in, double[] out, int n) {
        int i = 0;
        for (int b = D.loopBound(n); i < b; i += D.length()) DoubleVector.fromArray(D, in, i).lanewise(VectorOperators.ATAN).intoArray(out, i);
        for (; i < n; i++) out[i] = Math.atan(in[i]);
    }

    static void atan(float[] in, float[] out, int n) {
        int i = 0;
        for (int b = F.loopBound(n); i < b; i += F.length()) FloatVector.fromArray(F, in, i).lanewise(VectorOperators.ATAN).intoArray(out, i);
        for (; i < n; i++) out[i] = (float) Math.atan(in[i]);
    }

    static void sinh(double[] in, double[] out, int n) {
        int i = 0;
        for (int b = D.loopBound(n); i < b; i += D.length()) DoubleVector.fromArray(D, in, i).lanewise(VectorOperators.SINH).intoArray(out, i);
        for (; i < n; i++) out[i] = Math.sinh(in[i]);
    }

    static void sinh(float[] in, float[] out, int n) {
        int i = 0;
        for (int b = F.loopBound(n); i < b; i += F.length()) FloatVector.fromArray(F, in, i).lanewise(VectorOperators.SINH).intoArray(out, i);
        for (; i < n; i++) out[i] = (float) Math.sinh(in[i]);
    }

    static void cosh(double[] in, double[] out, int n) {
        int i = 0;
        for (int b = D.loopBound(n); i < b; i += D.length()) DoubleVector.fromArray(D, in, i).lanewise(VectorOperators.COSH).intoArray(out, i);
        for (; i < n; i++) out[i] = Math.cosh(in[i]);
    }

    static void cosh(float[] in, float[] out, int n) {
        int i = 0;
        for (int b = F.loopBound(n); i < b; i += F.length()) FloatVector.fromArray(F, in, i).lanewise(VectorOperators.COSH).intoArray(out, i);
        for (; i < n; i++) out[i] = (float) Math.cosh(in[i]);
    }

    static void tanh(double[] in, double[] out, int n) {
        int i = 0;
        for (int b = D.loopBound(n); i < b; i += D.length()) DoubleVector.fromArray(D, in, i).lanewise(VectorOperators.TANH).intoArray(out, i);
        for (; i < n; i++) out[i] = Math.tanh(in[i]);
    }

    static void tanh(float[] in, float[] out, int n) {
        int i = 0;
        for (int b = F.loopBound(n); i < b; i += F.length()) FloatVector.fromArray(F, in, i).lanewise(VectorOperators.TANH).intoArray(out, i);
        for (; i < n; i++) out[i] = (float) Math.tanh(in[i]);
    }

    static void pow(double[] x, double[] y, double[] out, int n) {
        int i = 0;
        for (int b = D.loopBound(n); i < b; i += D.length()) {
            DoubleVector.fromArray(D, x, i).lanewise(VectorOperators.POW, DoubleVector.fromArray(D, y, i)).intoArray(out, i);
        }
        for (; i < n; i++) out[i] = io.numfuse.ir.Semantics.pow(x[i], y[i]);
        for (i = 0; i < n; i++) if (x[i] == 1.0 || y[i] == 0.0 || (x[i] == -1.0 && Double.isInfinite(y[i]))) out[i] = 1.0;   // C's pow
    }

    static void pow(float[] x, float[] y, float[] out, int n) {
        int i = 0;
        for (int b = F.loopBound(n); i < b; i += F.length()) {
            FloatVector.fromArray(F, x, i).lanewise(VectorOperators.POW, FloatVector.fromArray(F, y, i)).intoArray(out, i);
        }
        for (; i < n; i++) out[i] = (float) io.numfuse.ir.Semantics.pow(x[i], y[i]);
        for (i = 0; i < n; i++) if (x[i] == 1f || y[i] == 0f || (x[i] == -1f && Float.isInfinite(y[i]))) out[i] = 1f;     // C's pow
    }

    static void atan2(double[] x, double[] y, double[] out, int n) {
        int i = 0;
        for (int b = D.loopBound(n); i < b; i += D.length()) {
            DoubleVector.fromArray(D, x, i).lanewise(VectorOperators.ATAN2, DoubleVector.fromArray(D, y, i)).intoArray(out, i);
        }
        for (; i < n; i++) out[i] = Math.atan2(x[i], y[i]);
    }

    static void atan2(float[] x, float[] y, float[] out, int n) {
        int i = 0;
        for (int b = F.loopBound(n); i < b; i += F.length()) {
            FloatVector.fromArray(F, x, i).lanewise(VectorOperators.ATAN2, FloatVector.fromArray(F, y, i)).intoArray(out, i);
        }
        for (; i < n; i++) out[i] = (float) Math.atan2(x[i], y[i]);
    }

    static void hypot(double[] x, double[] y, double[] out, int n) {
        int i = 0;
        for (int b = D.loopBound(n); i < b; i += D.length()) {
            DoubleVector.fromArray(D, x, i).lanewise(VectorOperators.HYPOT, DoubleVector.fromArray(D, y, i)).intoArray(out, i);
        }
        for (; i < n; i++) out[i] = Math.hypot(x[i], y[i]);
    }

    static void hypot(float[] x, float[] y, float[] out, int n) {
        int i = 0;
        for (int b = F.loopBound(n); i < b; i += F.length()) {
            FloatVector.fromArray(F, x, i).lanewise(VectorOperators.HYPOT, FloatVector.fromArray(F, y, i)).intoArray(out, i);
        }
        for (; i < n; i++) out[i] = (float) Math.hypot(x[i], y[i]);
    }
}
