package io.numfuse.expr;

import java.util.Objects;

/**
 * An expression string that is not in numfuse's expression language. The message is one line
 * meant for the end user, {@code syntax error at column N: <reason> in '<source>'}, and never
 * names a Java class: it is shown as is by the CLI and wrapped by the array API.
 */
public class ExpressionSyntaxException extends io.numfuse.core.NumfuseException {
    /** Sources longer than this are shown as a window around the error, with ellipses. */
    static final int MAX_ECHO = 80;

    /** 0-based char offset of the offending token in {@link #source}. */
    private final int position;
    /** The whole expression string. */
    private final String source;
    /** What is wrong, without the column and source. */
    private final String reason;

    /**
     * An error at {@code position} in {@code source}; the message is built from the three.
     *
     * @param reason   what is wrong, e.g. "unmatched ')'"; no trailing period
     * @param position 0-based char offset of the offending token in {@code source}
     *                 ({@code source.length()} for "end of input")
     * @param source   the whole expression string
     * @throws NullPointerException     if {@code reason} or {@code source} is null
     * @throws IllegalArgumentException if {@code position} is outside 0 to {@code source.length()}
     */
    public ExpressionSyntaxException(String reason, int position, String source) {
        super(format(reason, position, source));
        this.reason = Objects.requireNonNull(reason, "reason");
        this.source = source;
        this.position = position;
    }

    /**
     * Where the error is.
     *
     * @return the 0-based char offset in {@link #source()} of the offending token (the column in
     *         the message is this plus 1)
     */
    public int position() { return position; }

    /**
     * The expression that failed.
     *
     * @return the expression, in full (the message may show only part of it)
     */
    public String source() { return source; }

    /**
     * What is wrong, without the column and source.
     *
     * @return the {@code <reason>} part of the message, such as {@code unmatched ')'}
     */
    public String reason() { return reason; }

    private static String format(String reason, int position, String source) {
        Objects.requireNonNull(source, "source");
        if (position < 0 || position > source.length()) {
            throw new IllegalArgumentException("position " + position + " outside the source");
        }
        return "syntax error at column " + (position + 1) + ": " + printable(reason)
                + " in '" + excerpt(source, position) + "'";
    }

    /**
     * The source as shown in the message: at most {@link #MAX_ECHO} chars around the error, so that
     * a 100 000-char expression does not flood a terminal, and only printable ASCII, so that the
     * message stays on one line and no control or bidi character can garble it. Each char maps to
     * one char, so the column still lines up when the source is short enough to show in full.
     */
    static String excerpt(String source, int position) {
        if (source.length() <= MAX_ECHO) return printable(source);
        int start = Math.clamp(position - MAX_ECHO / 2, 0, source.length() - MAX_ECHO);
        int end = start + MAX_ECHO;
        return (start > 0 ? "..." : "") + printable(source.substring(start, end))
                + (end < source.length() ? "..." : "");
    }

    private static String printable(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c < 0x7f) b.append(c);
            else if (c == '\t' || c == '\n' || c == '\r' || c == '\f') b.append(' ');
            else b.append('?');
        }
        return b.toString();
    }
}
