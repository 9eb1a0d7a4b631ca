package io.numfuse;

import io.numfuse.ir.Buffer;
import io.numfuse.core.DType;
import io.numfuse.ir.View;

import java.util.Arrays;

/**
 * The text of one element of an array, as NumPy's {@code format_function} for its dtype writes
 * it (numpy/_core/arrayprint.py, {@code _get_format_function}): every element of the array is
 * padded to one width, fixed by the elements shown.
 *
 * <ul>
 *   <li>bool ({@code BoolFormat}): {@code " True"} and {@code "False"}, the same width, except in
 *       a 0-d array ({@code array(True)}).</li>
 *   <li>int ({@code IntegerFormat}): right-aligned to the longer of the largest and the smallest
 *       value's text.</li>
 *   <li>float: {@link FloatFormat}.</li>
 * </ul>
 */
@FunctionalInterface
interface ElementFormat {
    /** The padded text of the element at {@code offset} in the array's buffer. */
    String format(int offset);

    /** The format of {@code v}'s elements, its widths fixed by those at {@code shownOffsets}. */
    static ElementFormat of(View v, int[] shownOffsets) {
        Buffer b = v.buffer();
        return switch (v.dtype()) {
            case BOOL -> bool(b, v.rank() == 0);
            case INT32, INT64 -> integer(b, Arrays.stream(shownOffsets).mapToLong(b::getLong).toArray());
            case FLOAT32, FLOAT64 -> {
                FloatFormat f = new FloatFormat(Arrays.stream(shownOffsets).mapToDouble(b::getDouble).toArray(),
                        v.dtype() == DType.FLOAT32);
                yield o -> f.format(b.getDouble(o));
            }
        };
    }

    private static ElementFormat bool(Buffer b, boolean zeroD) {
        String trueText = zeroD ? "True" : " True";
        return o -> b.getLong(o) != 0 ? trueText : "False";
    }

    private static ElementFormat integer(Buffer b, long[] shown) {
        long max = Arrays.stream(shown).max().orElse(0), min = Arrays.stream(shown).min().orElse(0);
        int width = Math.max(Long.toString(max).length(), Long.toString(min).length());
        return o -> {
            String s = Long.toString(b.getLong(o));
            return " ".repeat(width - s.length()) + s;
        };
    }
}
