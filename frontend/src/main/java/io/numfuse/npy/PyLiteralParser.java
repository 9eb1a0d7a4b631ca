package io.numfuse.npy;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict parser for the small subset of Python literals that appears in .npy headers: strings,
 * integers, True/False/None, tuples, lists and dicts with string keys.
 *
 * <p>NumPy reads the header with {@code ast.literal_eval}; this accepts the same text for every
 * header NumPy writes (and the structured-dtype lists it may contain, so that those get a clear
 * "unsupported" message rather than a syntax error), and rejects anything else with the offset
 * of the problem. Values come back as String, BigInteger (ints of any size, so that a huge
 * dimension is reported as such rather than wrapping), Boolean, {@link #NONE}, {@link Tuple},
 * an unmodifiable List (a Python list) or an unmodifiable Map with String keys (a dict).
 */
final class PyLiteralParser {

    /** A Python tuple, kept apart from a list because NumPy wants a tuple for the shape. */
    record Tuple(List<Object> items) {}

    /** Python's None (a List cannot hold a Java null). */
    static final Object NONE = new Object() {
        @Override public String toString() { return "None"; }
    };

    /** Nesting deeper than this is garbage in a .npy header; the limit keeps the stack safe. */
    private static final int MAX_DEPTH = 32;

    /**
     * Python's limit on the digits of an int it converts (sys.int_info.default_max_str_digits),
     * so NumPy reads no header with a longer one. Checked before converting: a million digits
     * take seconds to convert, and print as a million-char message.
     */
    static final int MAX_DIGITS = 4300;

    private final String text;
    private final Path file;
    private int pos;

    private PyLiteralParser(String text, Path file) {
        this.text = text;
        this.file = file;
    }

    /**
     * Parses {@code text} as one literal followed only by space padding, as in a .npy header
     * whose final newline has been removed.
     */
    static Object parsePadded(String text, Path file) {
        PyLiteralParser p = new PyLiteralParser(text, file);
        p.skipSpace();
        Object value = p.value(0);
        int end = p.pos;
        while (p.pos < text.length() && text.charAt(p.pos) == ' ') p.pos++;
        if (p.pos < text.length()) {
            throw p.error("unexpected text after the header dictionary (only space padding may follow)", end);
        }
        return value;
    }

    private Object value(int depth) {
        if (depth > MAX_DEPTH) throw error("header nests more than " + MAX_DEPTH + " levels deep", pos);
        if (pos >= text.length()) throw error("header ends where a value was expected", pos);
        char c = text.charAt(pos);
        return switch (c) {
            case '\'', '"' -> string();
            case '(' -> sequence('(', ')', depth);
            case '[' -> sequence('[', ']', depth);
            case '{' -> dict(depth);
            default -> {
                if (c == '-' || isDigit(c)) yield integer();
                if (Character.isLetter(c) || c == '_') yield name();
                throw error("unexpected character " + quoteChar(c), pos);
            }
        };
    }

    private String string() {
        int start = pos;
        char quote = text.charAt(pos++);
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (pos >= text.length()) throw error("unterminated string", start);
            char c = text.charAt(pos++);
            if (c == quote) return sb.toString();
            // NumPy never writes escapes; interpreting them would only widen what garbage passes.
            if (c == '\\') throw error("escape sequences are not supported in header strings", pos - 1);
            if (c == '\n' || c == '\r') throw error("line break inside a string", pos - 1);
            sb.append(c);
        }
    }

    private BigInteger integer() {
        int start = pos;
        if (text.charAt(pos) == '-') {
            pos++;
            skipSpace();   // Python reads "- 3" as -3
        }
        int digits = pos;
        while (pos < text.length() && isDigit(text.charAt(pos))) pos++;
        if (pos == digits) throw error("expected digits after '-'", start);
        if (pos - digits > MAX_DIGITS) {
            throw error("integer of " + (pos - digits) + " digits (Python reads at most " + MAX_DIGITS + ")", start);
        }
        // Python 3 rejects "007"; floats, hex, underscores and the like have no place in a shape.
        if (pos - digits > 1 && text.charAt(digits) == '0') throw error("integer with leading zeros", start);
        if (pos < text.length()) {
            char c = text.charAt(pos);
            if (Character.isLetterOrDigit(c) || c == '.' || c == '_') throw error("malformed integer", start);
        }
        BigInteger magnitude;
        if (pos - digits <= 18) {   // fits a long: no substring, and small values are BigInteger's cached ones
            long m = 0;
            for (int i = digits; i < pos; i++) m = m * 10 + (text.charAt(i) - '0');
            magnitude = BigInteger.valueOf(m);
        } else {
            magnitude = new BigInteger(text.substring(digits, pos));
        }
        return text.charAt(start) == '-' ? magnitude.negate() : magnitude;
    }

    private Object name() {
        int start = pos;
        while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) pos++;
        String name = text.substring(start, pos);
        return switch (name) {
            case "True" -> Boolean.TRUE;
            case "False" -> Boolean.FALSE;
            case "None" -> NONE;
            default -> throw error("unexpected name " + repr(name), start);
        };
    }

    /** A tuple or list; "(x)" without a comma is just x in parentheses, as in Python. */
    private Object sequence(char open, char close, int depth) {
        pos++;   // the opening bracket
        List<Object> items = new ArrayList<>();
        boolean sawComma = false;
        skipSpace();
        while (!tryConsume(close)) {
            items.add(value(depth + 1));
            skipSpace();
            if (tryConsume(',')) {
                sawComma = true;
                skipSpace();
            } else if (!peek(close)) {
                throw error("expected ',' or '" + close + "'", pos);
            }
        }
        if (open == '(' && items.size() == 1 && !sawComma) return items.getFirst();
        List<Object> list = Collections.unmodifiableList(items);
        return open == '(' ? new Tuple(list) : list;
    }

    private Map<String, Object> dict(int depth) {
        pos++;   // the opening brace
        Map<String, Object> map = new LinkedHashMap<>();
        skipSpace();
        while (!tryConsume('}')) {
            int keyStart = pos;
            if (!peek('\'') && !peek('"')) throw error("expected a string key", pos);
            String key = string();
            if (map.containsKey(key)) throw error("duplicate key " + repr(key), keyStart);
            skipSpace();
            if (!tryConsume(':')) throw error("expected ':' after key " + repr(key), pos);
            skipSpace();
            map.put(key, value(depth + 1));
            skipSpace();
            if (tryConsume(',')) skipSpace();
            else if (!peek('}')) throw error("expected ',' or '}'", pos);
        }
        return Collections.unmodifiableMap(map);
    }

    private void skipSpace() {
        while (pos < text.length() && (text.charAt(pos) == ' ' || text.charAt(pos) == '\t')) pos++;
    }

    private boolean peek(char c) {
        return pos < text.length() && text.charAt(pos) == c;
    }

    private boolean tryConsume(char c) {
        if (!peek(c)) {
            if (pos >= text.length()) throw error("header ends inside a bracket (expected '" + c + "')", pos);
            return false;
        }
        pos++;
        return true;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private NpyFormatException error(String problem, int at) {
        return new NpyFormatException(file, "malformed header: " + problem + " at offset " + at
                + " of " + excerpt(text));
    }

    /** The most chars of header text or of a value a message shows before it cuts them with "...". */
    private static final int SHOWN = 160;

    /** The header text for a one-line message: in quotes, non-printable characters escaped, long text cut. */
    static String excerpt(String text) {
        boolean cut = text.length() > SHOWN;
        return "\"" + escape(cut ? text.substring(0, SHOWN) : text) + (cut ? "..." : "") + "\"";
    }

    private static String quoteChar(char c) {
        return "'" + escape(String.valueOf(c)) + "'";
    }

    /**
     * {@code s} with every character Python's {@code str.isprintable} rejects written as Python's
     * repr writes it ({@code \x1b}, {@code \x85}, {@code \u2028}): controls, format characters
     * such as bidi overrides, separators other than the space, surrogates, private and unassigned
     * code points. Text from a file cannot then drive a terminal or break a message's line.
     */
    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (isPrintable(cp)) b.appendCodePoint(cp);
            else if (cp <= 0xff) b.append(String.format("\\x%02x", cp));
            else if (cp <= 0xffff) b.append(String.format("\\u%04x", cp));
            else b.append(String.format("\\U%08x", cp));
        }
        return b.toString();
    }

    private static boolean isPrintable(int cp) {
        if (cp == ' ') return true;
        return switch (Character.getType(cp)) {
            case Character.CONTROL, Character.FORMAT, Character.SURROGATE, Character.PRIVATE_USE, Character.UNASSIGNED,
                 Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR, Character.SPACE_SEPARATOR -> false;
            default -> true;
        };
    }

    /** A value as Python would print it, for messages: escaped as {@link #escape} does, and cut after {@link #SHOWN} chars. */
    static String repr(Object v) {
        StringBuilder out = new StringBuilder();
        appendRepr(v, out);
        return out.length() > SHOWN ? out.substring(0, SHOWN) + "..." : out.toString();
    }

    /**
     * Appends the repr of {@code v}, stopping once {@code out} is longer than {@link #SHOWN}: what
     * follows would be cut, and a shape of 10^5 entries would otherwise be printed whole.
     */
    private static void appendRepr(Object v, StringBuilder out) {
        if (out.length() > SHOWN) return;
        switch (v) {
            case String s -> out.append('\'').append(escape(s.length() > SHOWN ? s.substring(0, SHOWN + 1) : s)).append('\'');
            case Boolean b -> out.append(b ? "True" : "False");
            case Tuple t -> appendAll(t.items(), "(", t.items().size() == 1 ? ",)" : ")", out);
            case List<?> l -> appendAll(l, "[", "]", out);
            case Map<?, ?> m -> {
                out.append('{');
                String separator = "";
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    if (out.length() > SHOWN) return;
                    out.append(separator);
                    appendRepr(e.getKey(), out);
                    out.append(": ");
                    appendRepr(e.getValue(), out);
                    separator = ", ";
                }
                out.append('}');
            }
            default -> out.append(v);   // BigInteger (at most MAX_DIGITS digits), NONE
        }
    }

    private static void appendAll(List<?> items, String open, String close, StringBuilder out) {
        out.append(open);
        String separator = "";
        for (Object o : items) {
            if (out.length() > SHOWN) return;
            out.append(separator);
            appendRepr(o, out);
            separator = ", ";
        }
        out.append(close);
    }
}
