package io.numfuse.expr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Invalid expressions: each is an ExpressionSyntaxException at the offending token, saying why. */
class ExprParserErrorTest {

    /** Source, 1-based column of the error, and a fragment the reason must contain. */
    static Stream<Arguments> invalid() {
        return Stream.of(
                // Structure
                Arguments.of("", 1, "empty expression"),
                Arguments.of(" \t\n ", 1, "empty expression"),
                Arguments.of("a +", 4, "expected an expression after '+', found end of input"),
                Arguments.of("(a", 1, "'(' was never closed"),
                Arguments.of("((a)", 1, "'(' was never closed"),
                Arguments.of("(", 1, "'(' was never closed"),
                Arguments.of("a)", 2, "unmatched ')'"),
                Arguments.of(")", 1, "unmatched ')'"),
                Arguments.of("a b", 3, "unexpected name 'b'"),
                Arguments.of("(a b)", 4, "unexpected name 'b': expected an operator or ')'"),
                Arguments.of("1 2", 3, "unexpected number '2'"),
                Arguments.of("a * * b", 5, "expected an expression after '*', found '*'"),
                Arguments.of("()", 1, "empty parentheses"),
                Arguments.of("(a, b)", 3, "tuples"),
                Arguments.of("a, b", 2, "tuples"),
                Arguments.of("a <> b", 4, "expected an expression after '<'"),
                // Calls
                Arguments.of("f(", 2, "'(' was never closed"),
                Arguments.of("f(a,,b)", 5, "expected an expression after ',', found ','"),
                Arguments.of("f(,)", 3, "expected an expression"),
                Arguments.of("f(a b)", 5, "expected an operator, ',' or ')'"),
                Arguments.of("f(a=1, b)", 8, "positional argument follows keyword argument"),
                Arguments.of("f(a=1, a=2)", 8, "duplicate keyword argument 'a'"),
                Arguments.of("f(True=1)", 3, "'True' cannot be a keyword argument name"),
                Arguments.of("f(a+b=1)", 6, "assignment"),
                Arguments.of("f(*a)", 3, "star-arguments ('*')"),
                Arguments.of("f(**k)", 3, "star-arguments ('**')"),
                Arguments.of("f(a)(b)", 5, "only a function name can be called"),
                Arguments.of("(f)(a)", 4, "only a function name can be called"),
                Arguments.of("2(3)", 2, "only a function name can be called"),
                Arguments.of("True(1)", 5, "only a function name can be called"),
                // Python constructs numexpr does not have
                Arguments.of("a and b", 3, "use '&'"),
                Arguments.of("a or b", 3, "use '|'"),
                Arguments.of("not a", 1, "use '~'"),
                Arguments.of("a <<= 2", 3, "augmented assignment ('<<=')"),
                Arguments.of("a >>= 2", 3, "augmented assignment ('>>=')"),
                Arguments.of("a <<", 5, "expected an expression after '<<', found end of input"),
                Arguments.of("a.b", 2, "attribute access"),
                Arguments.of("1.5.real", 4, "attribute access"),
                Arguments.of("a[0]", 2, "subscripts"),
                Arguments.of("[a]", 1, "lists"),
                Arguments.of("{a}", 1, "sets and dicts"),
                Arguments.of("a ]", 3, "unmatched ']'"),
                Arguments.of("lambda x: x", 1, "lambda expressions are not supported"),
                Arguments.of("a + \"x\"", 5, "string literals are not supported"),
                Arguments.of("'x'", 1, "string literals are not supported"),
                Arguments.of("a + rb'x'", 5, "string literals are not supported"),
                Arguments.of("a if b else c", 3, "use where(condition, x, y)"),
                Arguments.of("a = 1", 3, "assignment ('=')"),
                Arguments.of("a := 1", 3, "assignment expressions (':=')"),
                Arguments.of("a += 1", 3, "augmented assignment ('+=')"),
                Arguments.of("a **= 2", 3, "augmented assignment ('**=')"),
                Arguments.of("a; b", 2, "';' is not supported"),
                Arguments.of("a @= b", 3, "augmented assignment ('@=')"),
                Arguments.of("1j", 1, "complex literals ('1j')"),
                Arguments.of("a + 2.5J", 5, "complex literals ('2.5J')"),
                Arguments.of("a is b", 3, "'is' is not supported"),
                Arguments.of("a in b", 3, "membership tests ('in')"),
                Arguments.of("f(x for x in y)", 5, "comprehensions ('for')"),
                Arguments.of("...", 1, "Ellipsis"),
                Arguments.of("a ! b", 3, "use '~' for not"),
                Arguments.of("a # c", 3, "comments ('#')"),
                Arguments.of("a : b", 3, "':' is not supported"),
                // Names and keywords
                Arguments.of("import", 1, "'import' is a reserved word"),
                Arguments.of("a + class", 5, "'class' is a reserved word"),
                Arguments.of("None", 1, "None is not supported"),
                Arguments.of("f(yield)", 3, "'yield' is a reserved word"),
                // Numbers
                Arguments.of("1abc", 1, "invalid decimal literal '1abc'"),
                Arguments.of("a + 1_", 5, "invalid decimal literal"),
                Arguments.of("1__0", 1, "invalid decimal literal"),
                Arguments.of("1._5", 1, "invalid decimal literal"),
                Arguments.of("1e", 1, "invalid decimal literal"),
                Arguments.of("1e+", 1, "invalid decimal literal"),
                Arguments.of("1.real", 1, "invalid decimal literal"),
                Arguments.of("0x", 1, "invalid hexadecimal literal"),
                Arguments.of("0xg", 1, "invalid hexadecimal literal"),
                Arguments.of("0b102", 1, "invalid binary literal"),
                Arguments.of("0o8", 1, "invalid octal literal"),
                Arguments.of("0x_", 1, "invalid hexadecimal literal"),
                Arguments.of("012", 1, "leading zeros"),
                // Garbage and injection attempts
                Arguments.of("é", 1, "unexpected character U+00E9"),
                Arguments.of("aé", 2, "unexpected character U+00E9"),
                Arguments.of("a + \uD83D\uDE00", 5, "unexpected character U+1F600"),
                Arguments.of("a\u00a0+ b", 2, "unexpected character U+00A0"),
                Arguments.of("a\u0000", 2, "unexpected control character U+0000"),
                Arguments.of("a $ b", 3, "unexpected character '$'"),
                Arguments.of("a \\ b", 3, "unexpected character '\\'"),
                Arguments.of("a); } __kernel void x(", 2, "unmatched ')'"),
                Arguments.of("a + \"x\"", 5, "string literals"),
                Arguments.of("__import__('os')", 12, "string literals are not supported"),
                Arguments.of("a;System.exit(0)", 2, "';' is not supported"),
                Arguments.of("a /* b */", 4, "expected an expression after '/', found '*'"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("invalid")
    void rejects(String source, int column, String reasonFragment) {
        ExpressionSyntaxException e = assertThrows(ExpressionSyntaxException.class, () -> ExprParser.parse(source));
        assertTrue(e.reason().contains(reasonFragment), () -> "reason was: " + e.reason());
        assertEquals(column, e.position() + 1, e::getMessage);
        assertEquals(source, e.source());
        assertWellFormed(e);
    }

    @Test
    void messageHasTheDocumentedShape() {
        ExpressionSyntaxException e = assertThrows(ExpressionSyntaxException.class, () -> ExprParser.parse("a + )"));
        assertEquals("syntax error at column 5: expected an expression after '+', found ')' in 'a + )'",
                e.getMessage());
    }

    @Test
    void messageIsOneLineOfPrintableAscii() {
        ExpressionSyntaxException e = assertThrows(ExpressionSyntaxException.class,
                () -> ExprParser.parse("a +\n\tb +\u202e\r\n c"));
        assertEquals("syntax error at column 9: unexpected character U+202E (only ASCII is allowed)"
                + " in 'a +  b +?   c'", e.getMessage());
    }

    @Test
    void longSourceIsShownAsAWindowAroundTheError() {
        String source = "a + ".repeat(500) + "$" + " + b".repeat(500);
        ExpressionSyntaxException e = assertThrows(ExpressionSyntaxException.class, () -> ExprParser.parse(source));
        assertEquals(2000, e.position());
        String shown = e.getMessage().substring(e.getMessage().indexOf(" in '") + 5);
        assertTrue(shown.startsWith("...") && shown.endsWith("...'"), shown);
        assertTrue(shown.contains("$"), shown);
        assertTrue(shown.length() < 100, shown);
        assertEquals(source, e.source(), "source() keeps the whole expression");
    }

    @Test
    void tooLongInputIsRejectedBeforeParsing() {
        String source = "a" + "+a".repeat(ExprParser.MAX_LENGTH / 2);
        ExpressionSyntaxException e = assertThrows(ExpressionSyntaxException.class, () -> ExprParser.parse(source));
        assertTrue(e.reason().startsWith("expression too long"), e.reason());
        assertWellFormed(e);
    }

    @Test
    void deepNestingIsASyntaxErrorNotAStackOverflow() {
        int n = 20_000;
        for (String source : new String[] {
                "(".repeat(n) + "a" + ")".repeat(n),
                "(".repeat(n),
                "-".repeat(n) + "a",
                "~(".repeat(n) + "a",
                "f(".repeat(n) + ")".repeat(n),
                "a**".repeat(n) + "a",
                "(".repeat(ExprParser.MAX_NESTING + 1) + "a" + ")".repeat(ExprParser.MAX_NESTING + 1)}) {
            ExpressionSyntaxException e = assertThrows(ExpressionSyntaxException.class, () -> ExprParser.parse(source));
            assertTrue(e.reason().startsWith("expression nested too deeply"), e.reason());
            assertWellFormed(e);
        }
    }

    @Test
    void aSmallThreadStackGivesASyntaxErrorNotAStackOverflow() throws InterruptedException {
        String source = "a|b^c&d+e*-(".repeat(ExprParser.MAX_NESTING / 2) + "a" + ")".repeat(ExprParser.MAX_NESTING / 2);
        Throwable[] thrown = new Throwable[1];
        Thread small = new Thread(null, () -> {
            try {
                ExprParser.parse(source);   // may succeed if the JIT has shrunk the frames
            } catch (Throwable t) {
                thrown[0] = t;
            }
        }, "small-stack", 64 * 1024);
        small.start();
        small.join();
        if (thrown[0] != null) {
            ExpressionSyntaxException e = assertInstanceOf(ExpressionSyntaxException.class, thrown[0]);
            assertTrue(e.reason().startsWith("expression nested too deeply"), e.reason());
        }
    }

    @Test
    void longOperatorChainsAreBoundedSoTreeWalksCannotOverflow() {
        for (String source : new String[] {
                "a" + "+a".repeat(ExprParser.MAX_HEIGHT), "a" + " < a".repeat(5_000), "1" + "*2".repeat(30_000)}) {
            ExpressionSyntaxException e = assertThrows(ExpressionSyntaxException.class, () -> ExprParser.parse(source));
            assertTrue(e.reason().startsWith("expression nested too deeply"), e.reason());
        }
    }

    @Test
    void nullSourceIsAProgrammingError() {
        assertThrows(NullPointerException.class, () -> ExprParser.parse(null));
    }

    /** What every error must satisfy, whatever the input (also used by the properties). */
    static void assertWellFormed(ExpressionSyntaxException e) {
        String m = e.getMessage();
        assertTrue(m.startsWith("syntax error at column " + (e.position() + 1) + ": "), m);
        assertTrue(m.chars().allMatch(c -> c >= 0x20 && c < 0x7f), () -> "not one printable line: " + m);
        assertFalse(m.contains("java.") || m.contains("Exception") || m.contains("io.numfuse"), m);
        assertTrue(e.position() >= 0 && e.position() <= e.source().length(), m);
    }

    /** Python's ints are unbounded: a literal beyond int64 parses, and only where it meets an array must it fit. */
    @ParameterizedTest(name = "[{index}] {0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = { "9223372036854775808", "0x1_0000_0000_0000_0000", "99999999999999999999999999999999999999" })
    void anIntegerLiteralBeyondInt64Parses(String source) {
        var literal = assertInstanceOf(Ast.IntLiteral.class, ExprParser.parse(source));
        assertEquals(new java.math.BigInteger(source.replace("_", "").replace("0x", ""), source.startsWith("0x") ? 16 : 10), literal.value());
    }

    /** Python refuses a decimal literal of more than 4300 digits; hexadecimal ones are limited by numfuse's int size. */
    @Test
    void hugeIntegerLiteralsAreRefusedBeforeTheyAreConverted() {
        ExprParser.parse("1".repeat(Lexer.MAX_DECIMAL_DIGITS));
        var decimal = assertThrows(ExpressionSyntaxException.class, () -> ExprParser.parse("a + " + "1".repeat(Lexer.MAX_DECIMAL_DIGITS + 1)));
        assertWellFormed(decimal);
        assertEquals(4, decimal.position());
        assertTrue(decimal.getMessage().contains("4301 digits"), decimal.getMessage());
        ExprParser.parse("0x" + "0".repeat(1000) + "f".repeat(io.numfuse.ir.Graph.MAX_INT_BITS / 4));
        var hex = assertThrows(ExpressionSyntaxException.class, () -> ExprParser.parse("0x1" + "0".repeat(io.numfuse.ir.Graph.MAX_INT_BITS / 4)));
        assertWellFormed(hex);
    }
}
