package io.numfuse.expr;

import io.numfuse.ir.Graph;
import java.math.BigInteger;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Splits an expression into tokens on demand, following Python's lexical rules for the subset
 * numfuse accepts. Whatever can never be valid (strings, keywords, '@', ';', complex or
 * malformed numbers, stray characters) is rejected here with a message naming the construct, so the
 * parser only sees tokens that some valid expression could contain.
 */
final class Lexer {
    enum Kind { NAME, INT, FLOAT, OP, EOF }

    /** One token; {@code intValue}/{@code floatValue} hold the value of an INT/FLOAT token (intValue is null for others). */
    record Token(Kind kind, String text, int position, BigInteger intValue, double floatValue) {
        boolean is(String op) { return kind == Kind.OP && text.equals(op); }

        /** How the token is named in an error message. */
        String describe() {
            String shown = text.length() > 30 ? text.substring(0, 27) + "..." : text;
            return switch (kind) {
                case NAME -> text.equals("True") || text.equals("False") ? "'" + text + "'" : "name '" + shown + "'";
                case INT, FLOAT -> "number '" + shown + "'";
                case OP -> "'" + text + "'";
                case EOF -> "end of input";
            };
        }
    }

    /** Python 3's keywords (keyword.kwlist); soft keywords such as 'match' stay usable as names. */
    private static final Set<String> KEYWORDS = Set.of(
            "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class",
            "continue", "def", "del", "elif", "else", "except", "finally", "for", "from", "global",
            "if", "import", "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return",
            "try", "while", "with", "yield");

    /** Python's string prefixes, so that f'x' is reported as a string rather than as a name. */
    private static final Set<String> STRING_PREFIXES = Set.of(
            "r", "u", "b", "f", "br", "rb", "fr", "rf");

    /** Python's limit on the digits of a decimal int literal (sys.int_info.default_max_str_digits). */
    static final int MAX_DECIMAL_DIGITS = 4300;

    /** Operators, longest first so that the first match is the longest (as Python tokenizes). */
    private static final String[] OPERATORS = {
            "**=", "//=", ">>=", "<<=", "...",
            "**", "//", "<<", ">>", "<=", ">=", "==", "!=", "->", ":=",
            "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "@=",
            "+", "-", "*", "/", "%", "&", "|", "^", "~", "<", ">", "=",
            "(", ")", "[", "]", "{", "}", ",", ".", ":", ";", "@", "!"};

    private final String src;
    private int pos;

    Lexer(String src) { this.src = src; }

    static boolean isIdentifier(String s) {
        Objects.requireNonNull(s, "name");
        if (s.isEmpty() || !isIdentStart(s.charAt(0))) return false;
        for (int i = 1; i < s.length(); i++) if (!isIdentPart(s.charAt(i))) return false;
        return true;
    }

    /** A Python keyword, True/False/None included: none of them can be a variable or function. */
    static boolean isReserved(String s) { return KEYWORDS.contains(s); }

    Token next() {
        skipWhitespace();
        int n = src.length();
        if (pos >= n) return new Token(Kind.EOF, "", n, null, 0);
        char c = src.charAt(pos);
        if (isDigit(c) || (c == '.' && pos + 1 < n && isDigit(src.charAt(pos + 1)))) return number();
        if (isIdentStart(c)) return name();
        if (c == '\'' || c == '"') throw error("string literals are not supported", pos);
        for (String op : OPERATORS) {
            if (src.startsWith(op, pos)) return operator(op);
        }
        throw error(describeChar(), pos);
    }

    private void skipWhitespace() {
        int n = src.length();
        while (pos < n) {
            char c = src.charAt(pos);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
                pos++;
            } else if (c == '\\' && (src.startsWith("\n", pos + 1) || src.startsWith("\r\n", pos + 1))) {
                pos += src.charAt(pos + 1) == '\n' ? 2 : 3;   // Python's explicit line joining
            } else {
                return;
            }
        }
    }

    private Token name() {
        int start = pos;
        while (pos < src.length() && isIdentPart(src.charAt(pos))) pos++;
        String text = src.substring(start, pos);
        if (pos < src.length() && (src.charAt(pos) == '\'' || src.charAt(pos) == '"')
                && STRING_PREFIXES.contains(text.toLowerCase(Locale.ROOT))) {
            throw error("string literals are not supported", start);
        }
        if (isReserved(text) && !text.equals("True") && !text.equals("False")) {
            throw error(keywordMessage(text), start);
        }
        return new Token(Kind.NAME, text, start, null, 0);
    }

    /** Python's keywords that have a numexpr-style replacement say so; the rest are just reserved. */
    private static String keywordMessage(String word) {
        return switch (word) {
            case "and" -> "'and' is not supported: use '&' (element-wise and), as in numexpr";
            case "or" -> "'or' is not supported: use '|' (element-wise or), as in numexpr";
            case "not" -> "'not' is not supported: use '~' (element-wise not), as in numexpr";
            case "if", "else" -> "conditional expressions ('" + word + "') are not supported: use where(condition, x, y)";
            case "lambda" -> "lambda expressions are not supported";
            case "None" -> "None is not supported";
            case "is" -> "'is' is not supported: use '==' or '!='";
            case "in" -> "membership tests ('in') are not supported";
            case "for", "async" -> "comprehensions ('" + word + "') are not supported";
            default -> "'" + word + "' is a reserved word and cannot be used as a name";
        };
    }

    private Token operator(String op) {
        int start = pos;
        String problem = switch (op) {
            case "@=" -> "augmented assignment ('@=') is not supported";
            case ";" -> "';' is not supported: an expression is a single statement";
            case ":=" -> "assignment expressions (':=') are not supported";
            case "..." -> "Ellipsis ('...') is not supported";
            case "->" -> "'->' is not supported";
            case "!" -> "'!' is not an operator: use '~' for not, '!=' for not-equal";
            case "**=", "//=", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "<<=", ">>=" ->
                    "augmented assignment ('" + op + "') is not supported";
            default -> null;
        };
        if (problem != null) throw error(problem, start);
        pos += op.length();
        return new Token(Kind.OP, op, start, null, 0);
    }

    /**
     * A number by Python's rules: decimal ints without leading zeros, 0x/0o/0b ints, point and
     * exponent floats, '_' only between digits. A letter or '_' right after a number is an error,
     * as in Python, so that "1abc" is not read as "1" followed by the name "abc".
     */
    private Token number() {
        int start = pos;
        int n = src.length();
        char c = src.charAt(pos);
        if (c == '0' && pos + 1 < n && "xXoObB".indexOf(src.charAt(pos + 1)) >= 0) {
            char prefix = Character.toLowerCase(src.charAt(pos + 1));
            int radix = prefix == 'x' ? 16 : prefix == 'o' ? 8 : 2;
            String what = prefix == 'x' ? "hexadecimal" : prefix == 'o' ? "octal" : "binary";
            pos += 2;
            boolean any = false;
            while (true) {  // (["_"] digit)+
                int q = pos < n && src.charAt(pos) == '_' ? pos + 1 : pos;
                if (q < n && radixDigit(src.charAt(q), radix)) {
                    pos = q + 1;
                    any = true;
                } else {
                    break;
                }
            }
            if (!any || (pos < n && isIdentPart(src.charAt(pos)))) throw invalidNumber(what, start);
            return integer(start, src.substring(start + 2, pos), radix);
        }
        boolean isFloat = false;
        if (c != '.') pos = digitPart(pos);
        if (pos < n && src.charAt(pos) == '.') {
            isFloat = true;
            pos++;
            if (pos < n && isDigit(src.charAt(pos))) pos = digitPart(pos);
        }
        if (pos < n && (src.charAt(pos) == 'e' || src.charAt(pos) == 'E')) {
            int q = pos + 1;
            if (q < n && (src.charAt(q) == '+' || src.charAt(q) == '-')) q++;
            if (q >= n || !isDigit(src.charAt(q))) throw invalidNumber("decimal", start);
            pos = digitPart(q);
            isFloat = true;
        }
        if (pos < n && (src.charAt(pos) == 'j' || src.charAt(pos) == 'J')) {
            throw error("complex literals ('" + shorten(start, pos + 1) + "') are not supported", start);
        }
        if (pos < n && isIdentPart(src.charAt(pos))) throw invalidNumber("decimal", start);
        String text = src.substring(start, pos);
        if (isFloat) {
            // The text is validated above, so parseDouble sees only digits, '.', 'e' and a sign.
            return new Token(Kind.FLOAT, text, start, null, Double.parseDouble(text.replace("_", "")));
        }
        String digits = text.replace("_", "");
        if (digits.charAt(0) == '0' && !digits.chars().allMatch(d -> d == '0')) {
            throw error("leading zeros in decimal integer literals are not permitted"
                    + " (use an 0o prefix for octal)", start);
        }
        return integer(start, digits, 10);
    }

    /** digit (["_"] digit)*, starting at a digit; returns the end. */
    private int digitPart(int p) {
        int n = src.length();
        p++;
        while (p < n) {
            if (isDigit(src.charAt(p))) p++;
            else if (src.charAt(p) == '_' && p + 1 < n && isDigit(src.charAt(p + 1))) p += 2;
            else break;
        }
        return p;
    }

    /**
     * An int literal of any size, as Python's ints are unbounded (its value is folded with other
     * literals exactly; where it meets an array it must fit that array's dtype). Decimal literals
     * are limited to Python's 4300 digits (sys.int_info.default_max_str_digits), the others to
     * {@link Graph#MAX_INT_BITS}: both are checked before the digits are converted.
     */
    private Token integer(int start, String digits, int radix) {
        String plain = digits.replace("_", "");
        if (radix == 10 && plain.length() > MAX_DECIMAL_DIGITS) {
            throw error("integer literal of " + plain.length() + " digits: Python converts at most " + MAX_DECIMAL_DIGITS
                    + " (write it in hexadecimal)", start);
        }
        String significant = plain.replaceFirst("^0+(?=.)", "");
        int bitsPerDigit = radix == 16 ? 4 : radix == 8 ? 3 : radix == 2 ? 1 : 0;
        if (bitsPerDigit > 0 && (long) (significant.length() - 1) * bitsPerDigit + 1 > Graph.MAX_INT_BITS) {
            throw error("integer literal of more than " + Graph.MAX_INT_BITS + " bits", start);
        }
        return new Token(Kind.INT, src.substring(start, pos), start, new BigInteger(significant, radix), 0);
    }

    private ExpressionSyntaxException invalidNumber(String what, int start) {
        int end = start;
        while (end < src.length() && (isIdentPart(src.charAt(end)) || src.charAt(end) == '.')) end++;
        return error("invalid " + what + " literal '" + shorten(start, end) + "'", start);
    }

    private String shorten(int start, int end) {
        return end - start > 30 ? src.substring(start, start + 27) + "..." : src.substring(start, end);
    }

    private String describeChar() {
        int cp = src.codePointAt(pos);
        if (cp == '#') return "comments ('#') are not supported";
        if (cp > 0x20 && cp < 0x7f) return "unexpected character '" + (char) cp + "'";
        String hex = String.format(Locale.ROOT, "U+%04X", cp);
        return cp < 0x80 ? "unexpected control character " + hex
                : "unexpected character " + hex + " (only ASCII is allowed)";
    }

    private ExpressionSyntaxException error(String reason, int at) {
        return new ExpressionSyntaxException(reason, at, src);
    }

    private static boolean isDigit(char c) { return c >= '0' && c <= '9'; }

    private static boolean radixDigit(char c, int radix) {
        return c < 128 && Character.digit(c, radix) >= 0;
    }

    private static boolean isIdentStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    }

    private static boolean isIdentPart(char c) { return isIdentStart(c) || isDigit(c); }
}
