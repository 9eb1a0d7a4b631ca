package io.numfuse.ir;

/**
 * asinh, acosh and atanh, which Java's Math and StrictMath lack: ports of fdlibm 5.3's s_asinh.c,
 * e_acosh.c and e_atanh.c (the library StrictMath follows), on StrictMath's log and log1p. fdlibm
 * states them within 1 ulp; measured against 50-digit references in {@code
 * InverseHyperbolicAccuracyTest}. Special values as C99 (and NumPy): asinh(±inf) = ±inf,
 * acosh(x &lt; 1) = NaN, acosh(1) = +0, atanh(±1) = ±inf, atanh(|x| > 1) = NaN; ±0 is kept.
 *
 * <pre>
 * Copyright (C) 1993 by Sun Microsystems, Inc. All rights reserved.
 *
 * Developed at SunPro, a Sun Microsystems, Inc. business.
 * Permission to use, copy, modify, and distribute this
 * software is freely granted, provided that this notice
 * is preserved.
 * </pre>
 */
public final class InverseHyperbolic {
    private InverseHyperbolic() {}

    private static final double LN2 = 6.93147180559945286227e-01;   // 0x3FE62E42FEFA39EF

    private static int high(double x) { return (int) (Double.doubleToRawLongBits(x) >>> 32); }

    private static int low(double x) { return (int) Double.doubleToRawLongBits(x); }

    /**
     * asinh(x) = sign(x)·log(|x| + sqrt(x²+1)): x itself below 2^-28, log1p(|x| + x²/(1+sqrt(1+x²)))
     * up to 2, log(2|x| + 1/(sqrt(x²+1)+|x|)) up to 2^28, log(|x|) + ln 2 beyond.
     */
    public static double asinh(double x) {
        int hx = high(x), ix = hx & 0x7fffffff;
        if (ix >= 0x7ff00000) return x + x;          // inf or NaN
        if (ix < 0x3e300000) return x;               // |x| < 2^-28 (±0 included)
        double t = Math.abs(x), w;
        if (ix > 0x41b00000) {                       // |x| > 2^28
            w = StrictMath.log(t) + LN2;
        } else if (ix > 0x40000000) {                // 2 < |x| <= 2^28
            w = StrictMath.log(2.0 * t + 1.0 / (Math.sqrt(x * x + 1.0) + t));
        } else {                                     // 2^-28 <= |x| <= 2
            double t2 = x * x;
            w = StrictMath.log1p(t + t2 / (1.0 + Math.sqrt(1.0 + t2)));
        }
        return hx > 0 ? w : -w;
    }

    /**
     * acosh(x) = log(x + sqrt(x²-1)) for x >= 1: log1p(t + sqrt(2t + t²)) with t = x-1 below 2,
     * log(2x - 1/(x + sqrt(x²-1))) up to 2^28, log(x) + ln 2 beyond; NaN below 1.
     */
    public static double acosh(double x) {
        int hx = high(x);
        if (hx < 0x3ff00000) return (x - x) / (x - x);               // x < 1, negatives and -NaN included
        if (hx >= 0x41b00000) {                                       // x > 2^28
            if (hx >= 0x7ff00000) return x + x;                       // inf or NaN
            return StrictMath.log(x) + LN2;
        }
        if (((hx - 0x3ff00000) | low(x)) == 0) return 0.0;            // acosh(1) = 0
        if (hx > 0x40000000) {                                        // 2 < x <= 2^28
            double t = x * x;
            return StrictMath.log(2.0 * x - 1.0 / (x + Math.sqrt(t - 1.0)));
        }
        double t = x - 1.0;                                           // 1 < x <= 2
        return StrictMath.log1p(t + Math.sqrt(2.0 * t + t * t));
    }

    /**
     * atanh(x) = sign(x)·½·log1p(2|x| / (1-|x|)), written as ½·log1p(2|x| + 2x²/(1-|x|)) below
     * 0.5; x itself below 2^-28, ±inf at ±1, NaN beyond.
     */
    public static double atanh(double x) {
        int hx = high(x), lx = low(x), ix = hx & 0x7fffffff;
        if ((ix | ((lx | -lx) >>> 31)) > 0x3ff00000) return (x - x) / (x - x);   // |x| > 1 or NaN
        if (ix == 0x3ff00000) return x / 0.0;                                   // ±1: ±inf
        if (ix < 0x3e300000) return x;                                          // |x| < 2^-28 (±0 included)
        double a = Math.abs(x), t;
        if (ix < 0x3fe00000) {                                                  // |x| < 0.5
            t = a + a;
            t = 0.5 * StrictMath.log1p(t + t * a / (1.0 - a));
        } else {
            t = 0.5 * StrictMath.log1p((a + a) / (1.0 - a));
        }
        return hx >= 0 ? t : -t;
    }
}
