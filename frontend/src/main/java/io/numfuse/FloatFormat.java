package io.numfuse;

import io.numfuse.FloatDigits.Trim;

import java.util.Arrays;

/**
 * NumPy's {@code FloatingFormat} (numpy/_core/arrayprint.py) with the default print options:
 * {@code precision=8}, {@code floatmode='maxprec'}, {@code suppress=False}, {@code sign='-'}.
 * One instance formats every element of one array, with widths fixed by the elements shown.
 *
 * <p>{@code fillFormat}'s rules, mirrored here:
 * <ul>
 *   <li>Scientific notation when, over the finite non-zero values, the largest magnitude is at
 *       least {@code 10**min(8, finfo(dtype).precision)} (1e8 for float64, 1e6 for float32), or
 *       the smallest is below 1e-4, or largest / smallest exceeds 1000; these comparisons run in
 *       the array's own type (a Python float is a weak scalar in NumPy 2).</li>
 *   <li>Positional: every value at most 8 fractional digits, trailing zeros trimmed ({@code 1.},
 *       {@code 0.5}); the whole parts right-aligned and the fractions padded with spaces to the
 *       longest, so decimal points line up ({@code [  0.5 , 100.25]}).</li>
 *   <li>Scientific: at most 8 digits after the leading one, then every value printed with as many
 *       as the longest needs ({@code [1.0e-05, 1.5e+00]}), exponents padded to the longest.</li>
 *   <li>{@code nan}, {@code inf}, {@code -inf} right-aligned in the common width, which grows to
 *       hold them.</li>
 * </ul>
 */
final class FloatFormat {
    private static final int PRECISION = 8;
    private static final String NAN = "nan", INF = "inf";

    private final boolean float32;
    private boolean expFormat;
    private int precision = PRECISION, minDigits = -1, padLeft, padRight, expSize = -1;
    private Trim trim = Trim.DOT;

    /** The format for {@code shown}, the elements that will be printed (all, or the summary's edges). */
    FloatFormat(double[] shown, boolean float32) {
        this.float32 = float32;
        double[] finite = Arrays.stream(shown).filter(Double::isFinite).toArray();
        expFormat = needsExponent(finite);
        if (finite.length == 0) {
            padLeft = padRight = 0;
        } else if (expFormat) {
            fillScientific(finite);
        } else {
            fillPositional(finite);
        }
        if (finite.length != shown.length) fitNonFinite(shown);
    }

    /** The text of one element, padded to the array's common width. */
    String format(double x) {
        if (!Double.isFinite(x)) {
            String text = Double.isNaN(x) ? NAN : x < 0 ? "-" + INF : INF;
            return " ".repeat(Math.max(0, padLeft + padRight + 1 - text.length())) + text;
        }
        return expFormat
                ? FloatDigits.scientific(x, float32, precision, minDigits, trim, padLeft, expSize)
                : FloatDigits.positional(x, float32, precision, minDigits, trim, padLeft, padRight);
    }

    /** NumPy's choice of exponent format, from the finite non-zero magnitudes, in the array's type. */
    private boolean needsExponent(double[] finite) {
        double[] mags = Arrays.stream(finite).filter(v -> v != 0).map(Math::abs).toArray();
        if (mags.length == 0) return false;
        double max = Arrays.stream(mags).max().getAsDouble(), min = Arrays.stream(mags).min().getAsDouble();
        if (float32) {
            float fmax = (float) max, fmin = (float) min;
            return fmax >= 1e6f || fmin < 1e-4f || fmax / fmin > 1000f;
        }
        return max >= 1e8 || min < 1e-4 || max / min > 1000;
    }

    /** First pass in scientific notation: the digits after the point and the exponent width, taken from the longest. */
    private void fillScientific(double[] finite) {
        int intLen = 0, fracLen = 0, expLen = 0;
        for (double v : finite) {
            String s = FloatDigits.scientific(v, float32, PRECISION, -1, Trim.DOT, -1, -1);
            int point = s.indexOf('.'), e = s.indexOf('e');
            intLen = Math.max(intLen, point);
            fracLen = Math.max(fracLen, e - point - 1);
            expLen = Math.max(expLen, s.length() - e - 1);
        }
        expSize = expLen - 1;
        precision = minDigits = fracLen;
        trim = Trim.KEEP;
        padLeft = intLen;
        padRight = expSize + 2 + precision;
    }

    /** First pass in positional notation: the widest whole part and the longest fraction. */
    private void fillPositional(double[] finite) {
        int intLen = 0, fracLen = 0;
        for (double v : finite) {
            String s = FloatDigits.positional(v, float32, PRECISION, -1, Trim.DOT, -1, -1);
            int point = s.indexOf('.');
            intLen = Math.max(intLen, point);
            fracLen = Math.max(fracLen, s.length() - point - 1);
        }
        padLeft = intLen;
        padRight = fracLen;
        minDigits = 0;
    }

    /** Widens the whole part so that {@code nan}, {@code inf} and {@code -inf} fit the common width. */
    private void fitNonFinite(double[] shown) {
        boolean negInf = Arrays.stream(shown).anyMatch(v -> v == Double.NEGATIVE_INFINITY);
        int offset = padRight + 1;
        padLeft = Math.max(padLeft, Math.max(NAN.length() - offset, INF.length() + (negInf ? 1 : 0) - offset));
    }
}
