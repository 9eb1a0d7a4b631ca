package io.numfuse;

import io.numfuse.ir.View;

import java.util.stream.IntStream;

/**
 * The nested brackets of an array's text, as NumPy's {@code _formatArray} lays them out
 * (numpy/_core/arrayprint.py, default options, non-legacy mode).
 *
 * <ul>
 *   <li>Summary: an array of more than {@link #THRESHOLD} elements shows only the first and last
 *       {@link #EDGE} items of each axis longer than {@code 2 * EDGE}, with {@code ...} between
 *       them; the element widths are fixed by the shown elements alone.</li>
 *   <li>Last axis: elements separated by {@code ", "}, wrapped so that no line passes the width
 *       (one less than the line width for each enclosing {@code ]}); a continuation line starts
 *       with the hanging indent, one space per open bracket after the prefix.</li>
 *   <li>Other axes: one sub-array per line, separated by {@code ","} and a newline, plus one
 *       blank line per further axis below ({@code axes_left - 1} newlines).</li>
 * </ul>
 */
final class ArrayLayout {
    /** NumPy's {@code threshold}: more elements than this are summarised. */
    static final int THRESHOLD = 1000;
    /** NumPy's {@code edgeitems}. */
    static final int EDGE = 3;
    private static final String SEPARATOR = ", ", SUMMARY = "...";

    private final View v;
    private final boolean summarise;
    private final int[] idx;
    private final ElementFormat format;

    private ArrayLayout(View v, ElementFormat format) {
        this.v = v;
        this.summarise = summarised(v);
        this.idx = new int[v.rank()];
        this.format = format;
    }

    /** Whether {@code v} is summarised with {@code ...}. */
    static boolean summarised(View v) { return v.size() > THRESHOLD; }

    /** The buffer offsets of the elements shown, in C order (NumPy's {@code _leading_trailing}). */
    static int[] shownOffsets(View v) {
        IntStream.Builder out = IntStream.builder();
        new ArrayLayout(v, null).collect(0, out);
        return out.build().toArray();
    }

    /**
     * The text of non-empty {@code v}, its elements written by {@code format}, within {@code
     * lineWidth} columns, continuation lines indented by {@code indent} (the width of the prefix
     * and the opening bracket).
     */
    static String format(View v, ElementFormat format, int lineWidth, String indent) {
        return new ArrayLayout(v, format).recurse(0, indent, lineWidth);
    }

    private void collect(int axis, IntStream.Builder out) {
        if (axis == v.rank()) {
            out.add(v.elementOffset(idx));
            return;
        }
        for (int i : shown(axis)) {
            idx[axis] = i;
            collect(axis + 1, out);
        }
    }

    /** The indices shown along {@code axis}: all, or the leading and trailing {@link #EDGE}. */
    private int[] shown(int axis) {
        int n = v.dim(axis);
        if (!summary(n)) return IntStream.range(0, n).toArray();
        return IntStream.concat(IntStream.range(0, EDGE), IntStream.range(n - EDGE, n)).toArray();
    }

    private boolean summary(int n) { return summarise && n > 2 * EDGE; }

    /** NumPy's {@code recurser}: the text of the sub-array at {@code idx[0..axis)}. */
    private String recurse(int axis, String hanging, int width) {
        if (axis == v.rank()) return format.format(v.elementOffset(idx));
        int n = v.dim(axis);
        boolean summary = summary(n);
        int leading = summary ? EDGE : 0, trailing = summary ? EDGE : n;
        String body = axis == v.rank() - 1
                ? row(axis, hanging, width, leading, trailing, summary)
                : block(axis, hanging, width, leading, trailing, summary);
        return "[" + body.substring(hanging.length()) + "]";
    }

    /** The last axis: elements wrapped at {@code width - 1} (room for the ',' or ']'). */
    private String row(int axis, String hanging, int width, int leading, int trailing, boolean summary) {
        int n = v.dim(axis), elemWidth = width - 1;
        Lines lines = new Lines(hanging, elemWidth);
        for (int i = 0; i < leading; i++) lines.add(element(axis, i, hanging, width)).append(SEPARATOR);
        if (summary) lines.add(SUMMARY).append(SEPARATOR);
        for (int i = trailing; i > 1; i--) lines.add(element(axis, n - i, hanging, width)).append(SEPARATOR);
        return lines.add(element(axis, n - 1, hanging, width)).text();
    }

    /** An outer axis: one sub-array per line, blank lines between blocks of rank 3 and more. */
    private String block(int axis, String hanging, int width, int leading, int trailing, boolean summary) {
        int n = v.dim(axis);
        String lineSep = "," + "\n".repeat(v.rank() - axis - 1);
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < leading; i++) s.append(hanging).append(element(axis, i, hanging, width)).append(lineSep);
        if (summary) s.append(hanging).append(SUMMARY).append(lineSep);
        for (int i = trailing; i > 1; i--) s.append(hanging).append(element(axis, n - i, hanging, width)).append(lineSep);
        return s.append(hanging).append(element(axis, n - 1, hanging, width)).toString();
    }

    /** Item {@code i} of {@code axis}, one more space of hanging indent and one less column. */
    private String element(int axis, int i, String hanging, int width) {
        idx[axis] = i;
        return recurse(axis + 1, hanging + " ", width - 1);
    }

    /** NumPy's {@code _extendLine}: words appended to a line, wrapped when they would pass the width. */
    private static final class Lines {
        private final StringBuilder done = new StringBuilder();
        private final String prefix;
        private final int width;
        private StringBuilder line;

        Lines(String prefix, int width) {
            this.prefix = prefix;
            this.width = width;
            this.line = new StringBuilder(prefix);
        }

        /** Appends {@code word}, first starting a new line if it would not fit (and a new line would help). */
        Lines add(String word) {
            if (line.length() + word.length() > width && line.length() > prefix.length()) {
                done.append(line.toString().stripTrailing()).append('\n');
                line = new StringBuilder(prefix);
            }
            line.append(word);
            return this;
        }

        /** Appends {@code text} to the current line without a wrap check (the separator). */
        Lines append(String text) {
            line.append(text);
            return this;
        }

        String text() { return done.append(line).toString(); }
    }
}
