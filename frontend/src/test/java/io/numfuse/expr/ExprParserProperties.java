package io.numfuse.expr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.numfuse.expr.Ast.Binary;
import io.numfuse.expr.Ast.BoolLiteral;
import io.numfuse.expr.Ast.Call;
import io.numfuse.expr.Ast.FloatLiteral;
import io.numfuse.expr.Ast.IntLiteral;
import io.numfuse.expr.Ast.Name;
import io.numfuse.expr.Ast.Unary;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;

/** The printer and parser are inverse, and no input makes the parser fail any other way. */
class ExprParserProperties {

    @Property
    void renderedTreesParseBackToEqualTrees(@ForAll("trees") Ast tree) {
        String source = tree.render();
        Ast parsed = ExprParser.parse(source);
        assertEquals(tree, parsed, source);
        assertEquals(source, parsed.render());
    }

    @Property(tries = 3000)
    void tokenSoupOnlyEverFailsWithSyntaxErrors(@ForAll("tokenSoup") String source) {
        parseOrSyntaxError(source);
    }

    @Property
    void arbitraryStringsOnlyEverFailWithSyntaxErrors(@ForAll @StringLength(max = 40) String source) {
        parseOrSyntaxError(source);
    }

    /** Valid sources one edit away from valid are the most likely to reach odd parser states. */
    @Property
    void editedValidSourcesOnlyEverFailWithSyntaxErrors(@ForAll("trees") Ast tree,
            @ForAll @IntRange(max = 10_000) int where, @ForAll @IntRange(max = 3) int deleted,
            @ForAll("tokenSoup") String inserted) {
        String source = tree.render();
        int at = where % (source.length() + 1);
        String edited = source.substring(0, at) + inserted + source.substring(Math.min(source.length(), at + deleted));
        parseOrSyntaxError(edited);
    }

    /** Either a tree that prints back stably or a well-formed ExpressionSyntaxException. */
    private static void parseOrSyntaxError(String source) {
        Ast parsed;
        try {
            parsed = ExprParser.parse(source);
        } catch (ExpressionSyntaxException e) {
            assertEquals(source, e.source());
            ExprParserErrorTest.assertWellFormed(e);
            return;
        }
        assertEquals(parsed, ExprParser.parse(parsed.render()), source);
    }

    @Provide
    Arbitrary<Ast> trees() { return tree(5); }

    /** Trees up to {@code depth} deep; one sub-arbitrary per level keeps construction linear. */
    private static Arbitrary<Ast> tree(int depth) {
        Arbitrary<Ast> leaf = Arbitraries.oneOf(
                names().map(n -> new Name(n, 0)),
                Arbitraries.longs().between(0, Long.MAX_VALUE).map(v -> new IntLiteral(v, 0)),
                Arbitraries.bigIntegers().between(java.math.BigInteger.ZERO, java.math.BigInteger.TEN.pow(60)).map(v -> new IntLiteral(v, 0)),
                floats().map(v -> new FloatLiteral(v, 0)),
                Arbitraries.of(true, false).map(v -> new BoolLiteral(v, 0)));
        if (depth == 0) return leaf;
        Arbitrary<Ast> sub = tree(depth - 1);
        Arbitrary<Ast> unary = Combinators.combine(Arbitraries.of(UnaryOp.class), sub)
                .as((op, x) -> new Unary(op, x, 0));
        Arbitrary<Ast> binary = Combinators.combine(Arbitraries.of(BinaryOp.class), sub, sub)
                .as((op, l, r) -> new Binary(op, l, r, 0));
        Arbitrary<Ast> call = Combinators.combine(names(), sub.list().ofMaxSize(3),
                        Arbitraries.maps(names(), sub).ofMaxSize(2))
                .as((f, args, keywords) -> new Call(f, args, keywords, 0));
        return Arbitraries.frequencyOf(
                Tuple.of(3, leaf), Tuple.of(1, unary), Tuple.of(4, binary), Tuple.of(1, call));
    }

    private static Arbitrary<String> names() {
        Arbitrary<Character> first = Arbitraries.chars().range('a', 'z').range('A', 'Z').with('_');
        Arbitrary<String> rest = Arbitraries.strings().withCharRange('a', 'z').withCharRange('0', '9')
                .withChars('_', 'T').ofMaxLength(4);
        // Keywords ("if", "True", ...) are not names; the parser would reject or reinterpret them.
        return Combinators.combine(first, rest).as((c, s) -> c + s).filter(n -> !Lexer.isReserved(n));
    }

    private static Arbitrary<Double> floats() {
        return Arbitraries.oneOf(
                // Every finite non-negative double, subnormals included, by its bit pattern.
                Arbitraries.longs().between(0, 0x7fefffffffffffffL).map(Double::longBitsToDouble),
                Arbitraries.doubles().between(0, 1e6).ofScale(3),
                Arbitraries.of(0.0, 0.1, 1e22, 1e-7, Double.MIN_VALUE, Double.MAX_VALUE, Double.POSITIVE_INFINITY));
    }

    /** Strings of fragments that are valid somewhere, invalid everywhere, or odd at a boundary. */
    @Provide
    Arbitrary<String> tokenSoup() {
        return Arbitraries.of(
                "a", "b", "f", "x1", "_", "True", "False", "and", "not", "if", "lambda", "None",
                "1", "0", "00", "012", "1.5", ".5", "5.", "1e3", "1e", "0x1f", "0b", "1_0", "_1", "1j",
                "9223372036854775807", "9223372036854775808",
                "+", "-", "*", "**", "/", "//", "%", "&", "|", "^", "~", "<", "<=", ">", ">=", "==", "!=",
                "=", "(", "(", ")", ")", "[", "]", "{", "}", ",", ",", ".", ":", ";", "@", "!", "...",
                "'", "\"", "#", "$", "\\", "\\\n", " ", " ", "\t", "\n", "\r",
                "\u00e9", "\uD83D", "\uDE00", "\u0000", "\u202e", "f(", "sum(", "k=", "axis=")
                .list().ofMaxSize(25).map(parts -> String.join("", parts));
    }
}
