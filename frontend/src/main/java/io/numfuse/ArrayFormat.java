package io.numfuse;

import io.numfuse.core.DType;
import io.numfuse.ir.Shapes;
import io.numfuse.ir.View;

import java.util.ArrayList;
import java.util.List;

/**
 * NumPy 2's {@code repr} of an array ({@code np.array_repr}, numpy/_core/arrayprint.py) with the
 * default print options: {@code linewidth=75}, {@code threshold=1000}, {@code edgeitems=3},
 * {@code precision=8}, {@code floatmode='maxprec'}.
 *
 * <pre>
 * array([[1. , 2.5],
 *        [3. , 4. ]])
 * </pre>
 *
 * <p>The elements are written by {@link ElementFormat} and laid out by {@link ArrayLayout} within
 * 74 columns (the line width less the closing {@code )}). Then, as {@code
 * _array_repr_implementation} does, come the extras that the text does not imply: {@code
 * shape=} for an empty array other than shape {@code (0,)} and for a summarised one, and {@code
 * dtype=} unless the dtype is float64, int64 or bool (NumPy's {@code _typelessdata} on a 64-bit
 * Linux), and always for an empty array. The extras go on a new line, aligned after {@code
 * array(}, when they would make the last line longer than 75 columns.
 */
final class ArrayFormat {
    private ArrayFormat() {}

    private static final String PREFIX = "array(";
    private static final int LINE_WIDTH = 75;

    /** The repr of {@code v}, whose buffer the caller holds for reading. */
    static String repr(View v) {
        String body = v.size() == 0 ? "[]" : ArrayLayout.format(v, ElementFormat.of(v, ArrayLayout.shownOffsets(v)),
                LINE_WIDTH - ")".length(), " ".repeat(PREFIX.length() + 1));
        List<String> extras = extras(v, ArrayLayout.summarised(v));
        if (extras.isEmpty()) return PREFIX + body + ")";
        String text = PREFIX + body + ",", extra = String.join(", ", extras) + ")";
        int lastLine = text.length() - (text.lastIndexOf('\n') + 1);
        String spacer = lastLine + extra.length() + 1 > LINE_WIDTH ? "\n" + " ".repeat(PREFIX.length()) : " ";
        return text + spacer + extra;
    }

    /** The {@code shape=} and {@code dtype=} that NumPy appends when the text does not imply them. */
    private static List<String> extras(View v, boolean summarised) {
        List<String> extras = new ArrayList<>();
        boolean empty = v.size() == 0;
        if ((empty && v.rank() != 1) || summarised) extras.add("shape=" + Shapes.format(v.shape()));
        if (empty || !impliedDtype(v.dtype())) extras.add("dtype=" + v.dtype().numpyName());
        return extras;
    }

    /** NumPy's {@code dtype_is_implied}: the types its repr leaves unnamed. */
    private static boolean impliedDtype(DType t) {
        return t == DType.FLOAT64 || t == DType.INT64 || t == DType.BOOL;
    }
}
