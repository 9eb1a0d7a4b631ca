package io.numfuse.jvm;

import static org.junit.jupiter.api.Assertions.*;

import java.util.SplittableRandom;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The error of the JVM backend's vectorised transcendentals ({@link BlockMath}) against
 * StrictMath, in ulps of the result's type, on a million points per function and type:
 * log-uniform magnitudes of both signs, plus the edge cases (±0, ±inf, NaN, subnormals, huge
 * arguments to the trigonometric functions). The bounds asserted here are the ones
 * docs/PERFORMANCE.md documents. Special values must agree exactly.
 */
class BlockMathAccuracyTest {
    static final int N = 1 << 20, WARMUP = 12_000;
    /** Documented bounds (ulp of the result type) for float64 and float32. */
    static final double BOUND_F64 = 4, BOUND_F32 = 2;

    interface D1 { void apply(double[] in, double[] out, int n); }
    interface F1 { void apply(float[] in, float[] out, int n); }
    interface D2 { void apply(double[] x, double[] y, double[] out, int n); }
    interface F2 { void apply(float[] x, float[] y, float[] out, int n); }

    static final double[] EDGES = { 0.0, -0.0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN,
            Double.MIN_VALUE, -Double.MIN_VALUE, Double.MIN_NORMAL, 1e-310, 1.0, -1.0, 0.5, 2.0, 1e300, -1e300,
            1e22, 1e15 + 0.3, Math.PI, Math.PI / 2, 710.0, -745.5, 88.7, -103.9, 1e-8, 0.9999999 };

    static double[] points(long seed, double maxExp) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] p = new double[N];
        System.arraycopy(EDGES, 0, p, 0, EDGES.length);
        for (int i = EDGES.length; i < N; i++) {
            double m = Math.pow(10, r.nextDouble(-maxExp, maxExp));
            p[i] = r.nextBoolean() ? m : -m;
        }
        return p;
    }

    static double ulps(double got, double want, boolean f32) {
        if (Double.isNaN(want) || Double.isNaN(got)) return Double.isNaN(want) && Double.isNaN(got) ? 0 : Double.POSITIVE_INFINITY;
        if (Double.isInfinite(want) || Double.isInfinite(got)) return got == want ? 0 : Double.POSITIVE_INFINITY;
        if (got == want) return 0;
        double ulp = f32 ? Math.ulp((float) want) : Math.ulp(want);
        return Math.abs(got - want) / ulp;
    }

    static double unary(String name, D1 d, F1 f, DoubleUnaryOperator ref, double maxExp) {
        double[] in = points(name.hashCode(), maxExp), out = new double[N];
        float[] fin = new float[N], fout = new float[N];
        for (int i = 0; i < N; i++) fin[i] = (float) in[i];
        for (int w = 0; w < WARMUP; w++) {   // measure the code C2 compiles (the intrinsic), not the interpreter's
            d.apply(in, out, BlockLoop.BLOCK);
            f.apply(fin, fout, BlockLoop.BLOCK);
        }
        d.apply(in, out, N);
        f.apply(fin, fout, N);
        double worst64 = 0, worst32 = 0;
        for (int i = 0; i < N; i++) {
            double e64 = ulps(out[i], ref.applyAsDouble(in[i]), false);
            double e32 = ulps(fout[i], (float) ref.applyAsDouble(fin[i]), true);
            assertTrue(e64 <= BOUND_F64, name + " float64 at " + in[i] + ": got " + out[i] + ", StrictMath " + ref.applyAsDouble(in[i]) + " (" + e64 + " ulp)");
            assertTrue(e32 <= BOUND_F32, name + " float32 at " + fin[i] + ": got " + fout[i] + ", StrictMath " + (float) ref.applyAsDouble(fin[i]) + " (" + e32 + " ulp)");
            worst64 = Math.max(worst64, e64);
            worst32 = Math.max(worst32, e32);
        }
        System.out.printf("BlockMath %-6s max error %.2f ulp (float64), %.2f ulp (float32)%s%n", name, worst64, worst32,
                BlockMath.VECTOR ? "" : " [Math fallback]");
        return worst64;
    }

    static void binary(String name, D2 d, F2 f, DoubleBinaryOperator ref) {
        double[] x = points(name.hashCode(), 3), y = points(name.hashCode() + 1, 1.5), out = new double[N];
        float[] fx = new float[N], fy = new float[N], fout = new float[N];
        for (int i = 0; i < N; i++) { fx[i] = (float) x[i]; fy[i] = (float) y[i]; }
        for (int w = 0; w < WARMUP; w++) {
            d.apply(x, y, out, BlockLoop.BLOCK);
            f.apply(fx, fy, fout, BlockLoop.BLOCK);
        }
        d.apply(x, y, out, N);
        f.apply(fx, fy, fout, N);
        double worst64 = 0, worst32 = 0;
        for (int i = 0; i < N; i++) {
            double e64 = ulps(out[i], ref.applyAsDouble(x[i], y[i]), false);
            double e32 = ulps(fout[i], (float) ref.applyAsDouble(fx[i], fy[i]), true);
            assertTrue(e64 <= BOUND_F64, name + " float64 at " + x[i] + ", " + y[i] + ": got " + out[i] + " (" + e64 + " ulp)");
            assertTrue(e32 <= BOUND_F32, name + " float32 at " + fx[i] + ", " + fy[i] + ": got " + fout[i] + " (" + e32 + " ulp)");
            worst64 = Math.max(worst64, e64);
            worst32 = Math.max(worst32, e32);
        }
        System.out.printf("BlockMath %-6s max error %.2f ulp (float64), %.2f ulp (float32)%n", name, worst64, worst32);
    }

    @Test
    void everyFunctionWithinItsBound() {
        unary("exp", BlockMath::exp, BlockMath::exp, StrictMath::exp, 3);
        unary("exp2", BlockMath::exp2, BlockMath::exp2, x -> StrictMath.pow(2.0, x), 3);
        unary("expm1", BlockMath::expm1, BlockMath::expm1, StrictMath::expm1, 3);
        unary("log", BlockMath::log, BlockMath::log, StrictMath::log, 300);
        unary("log1p", BlockMath::log1p, BlockMath::log1p, StrictMath::log1p, 10);
        unary("log10", BlockMath::log10, BlockMath::log10, StrictMath::log10, 300);
        unary("sin", BlockMath::sin, BlockMath::sin, StrictMath::sin, 8);
        unary("cos", BlockMath::cos, BlockMath::cos, StrictMath::cos, 8);
        unary("tan", BlockMath::tan, BlockMath::tan, StrictMath::tan, 8);
        unary("asin", BlockMath::asin, BlockMath::asin, StrictMath::asin, 1);
        unary("acos", BlockMath::acos, BlockMath::acos, StrictMath::acos, 1);
        unary("atan", BlockMath::atan, BlockMath::atan, StrictMath::atan, 10);
        unary("sinh", BlockMath::sinh, BlockMath::sinh, StrictMath::sinh, 3);
        unary("cosh", BlockMath::cosh, BlockMath::cosh, StrictMath::cosh, 3);
        unary("tanh", BlockMath::tanh, BlockMath::tanh, StrictMath::tanh, 2);
        binary("pow", BlockMath::pow, BlockMath::pow, io.numfuse.ir.Semantics::pow);
        binary("atan2", BlockMath::atan2, BlockMath::atan2, StrictMath::atan2);
        binary("hypot", BlockMath::hypot, BlockMath::hypot, StrictMath::hypot);
    }
}
