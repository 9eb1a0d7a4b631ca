package io.numfuse;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * The digits of one finite float as NumPy's {@code dragon4_positional} and {@code
 * dragon4_scientific} print them in unique mode ({@code unique=True}), the mode of NumPy's
 * default {@code floatmode='maxprec'}.
 *
 * <p>Unique mode starts from the shortest digits that read back as the value in its own type
 * (Java's {@link Double#toString(double)} and {@link Float#toString(float)} give those digits, so a
 * float32 0.1 is {@code 0.1}, not 0.10000000149). When that needs more than {@code precision}
 * fractional digits, Dragon4 stops at the cutoff and rounds the exact binary value there, ties to
 * the even digit; when it needs fewer than {@code minDigits}, Dragon4 goes on printing the exact
 * value's digits to {@code minDigits}, rounded the same way.
 *
 * <p>Fractional digits are counted after the decimal point in positional notation, and after the
 * leading digit in scientific notation. A negative {@code precision}, {@code minDigits}, pad or
 * exponent width means "none", as in NumPy.
 */
final class FloatDigits {
    private FloatDigits() {}

    /** Dragon4's trim modes used by the repr: {@code 'k'} and {@code '.'}. */
    enum Trim {
        /** {@code 'k'}: keep trailing zeros, padding with zeros up to {@code precision}. */
        KEEP,
        /** {@code '.'}: trim trailing zeros, keep the decimal point ({@code 1.}). */
        DOT
    }

    /**
     * {@code format_float_positional(x, precision, unique=True, fractional=True, trim, pad_left,
     * pad_right, min_digits)}: the whole part padded with spaces on the left to {@code padLeft}
     * characters (its sign included), the fraction padded with spaces on the right to {@code
     * padRight} digits.
     */
    static String positional(double x, boolean float32, int precision, int minDigits, Trim trim,
                             int padLeft, int padRight) {
        double abs = Math.abs(x);
        BigDecimal shortest = shortest(abs, float32);
        int frac = Math.max(0, shortest.scale());
        BigDecimal d = shortest;
        if (precision >= 0 && frac > precision) d = exact(abs).setScale(precision, RoundingMode.HALF_EVEN);
        else if (minDigits > frac) d = exact(abs).setScale(minDigits, RoundingMode.HALF_EVEN);
        String plain = d.setScale(Math.max(0, d.scale()), RoundingMode.UNNECESSARY).toPlainString();
        int point = plain.indexOf('.');
        String whole = sign(x) + (point < 0 ? plain : plain.substring(0, point));
        String fraction = trim(point < 0 ? "" : plain.substring(point + 1), trim, precision);
        return " ".repeat(Math.max(0, padLeft - whole.length())) + whole + "." + fraction
                + " ".repeat(Math.max(0, padRight - fraction.length()));
    }

    /**
     * {@code format_float_scientific(x, precision, unique=True, trim, pad_left, exp_digits,
     * min_digits)}: {@code d.ddde+XX}, the mantissa padded with spaces on the left to {@code
     * padLeft} characters before the point, the exponent with zeros to at least {@code expDigits}
     * (and at least 2) digits.
     */
    static String scientific(double x, boolean float32, int precision, int minDigits, Trim trim,
                             int padLeft, int expDigits) {
        double abs = Math.abs(x);
        String digits = "0";
        int exponent = 0;
        if (abs != 0) {
            BigDecimal shortest = shortest(abs, float32);
            int frac = shortest.precision() - 1;
            BigDecimal d = shortest;
            if (precision >= 0 && frac > precision) d = exact(abs).round(new MathContext(precision + 1, RoundingMode.HALF_EVEN));
            else if (minDigits > frac) d = exact(abs).round(new MathContext(minDigits + 1, RoundingMode.HALF_EVEN));
            digits = d.unscaledValue().toString();
            exponent = d.precision() - d.scale() - 1;
        }
        String whole = sign(x) + digits.charAt(0);
        String fraction = trim(digits.substring(1), trim, precision);
        String exp = Integer.toString(Math.abs(exponent));
        return " ".repeat(Math.max(0, padLeft - whole.length())) + whole + "." + fraction
                + "e" + (exponent < 0 ? '-' : '+') + "0".repeat(Math.max(0, Math.max(2, expDigits) - exp.length())) + exp;
    }

    /** The shortest decimal that reads back as {@code abs} in its type, without trailing zeros. */
    static BigDecimal shortest(double abs, boolean float32) {
        String text = float32 ? Float.toString((float) abs) : Double.toString(abs);
        BigDecimal d = new BigDecimal(text);
        if (d.signum() == 0) return BigDecimal.ZERO;
        d = d.stripTrailingZeros();
        return d.precision() == 2 ? oneDigit(d, abs, float32) : d;
    }

    /**
     * Java writes two digits where one would do but two are closer ({@code 4.9E-324} for the
     * smallest subnormal, whose shortest form is {@code 5e-324}); Dragon4 writes the one digit.
     * Of the one-digit neighbours of {@code d} that read back as {@code abs}, the closer.
     */
    private static BigDecimal oneDigit(BigDecimal d, double abs, boolean float32) {
        BigDecimal best = null, exact = exact(abs);
        for (RoundingMode mode : new RoundingMode[] { RoundingMode.FLOOR, RoundingMode.CEILING }) {
            BigDecimal c = d.round(new MathContext(1, mode));
            boolean readsBack = float32 ? c.floatValue() == (float) abs : c.doubleValue() == abs;
            if (readsBack && (best == null || c.subtract(exact).abs().compareTo(best.subtract(exact).abs()) < 0)) best = c;
        }
        return best == null ? d : best.stripTrailingZeros();
    }

    /** The exact binary value (a float32 widens to double exactly). */
    private static BigDecimal exact(double abs) { return new BigDecimal(abs); }

    /** {@code "-"} for a negative value, -0.0 included. */
    private static String sign(double x) { return Double.doubleToRawLongBits(x) < 0 ? "-" : ""; }

    /** The fraction's digits after Dragon4's trimming: zeros trimmed ('.') or padded to {@code precision} ('k'). */
    private static String trim(String fraction, Trim trim, int precision) {
        if (trim == Trim.KEEP) return fraction + "0".repeat(Math.max(0, precision - fraction.length()));
        int end = fraction.length();
        while (end > 0 && fraction.charAt(end - 1) == '0') end--;
        return fraction.substring(0, end);
    }
}
