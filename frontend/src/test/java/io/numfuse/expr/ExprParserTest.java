package io.numfuse.expr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.numfuse.expr.Ast.Binary;
import io.numfuse.expr.Ast.BoolLiteral;
import io.numfuse.expr.Ast.Call;
import io.numfuse.expr.Ast.FloatLiteral;
import io.numfuse.expr.Ast.IntLiteral;
import io.numfuse.expr.Ast.Name;
import io.numfuse.expr.Ast.Unary;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Valid expressions: precedence, literals, calls, positions, and the printer. */
class ExprParserTest {

    /** Source, and its grouping as render() prints it. */
    static Stream<Arguments> precedence() {
        return Stream.of(
                Arguments.of("a + b * c", "(a + (b * c))"),
                Arguments.of("a * b + c", "((a * b) + c)"),
                Arguments.of("a - b - c", "((a - b) - c)"),
                Arguments.of("a / b // c % d", "(((a / b) // c) % d)"),
                Arguments.of("-a**2", "(-(a ** 2))"),
                Arguments.of("-2**2", "(-(2 ** 2))"),
                Arguments.of("a**-b", "(a ** (-b))"),
                Arguments.of("2**-1", "(2 ** (-1))"),
                Arguments.of("2**3**2", "(2 ** (3 ** 2))"),
                Arguments.of("2**-2**2", "(2 ** (-(2 ** 2)))"),
                Arguments.of("~a**2", "(~(a ** 2))"),
                Arguments.of("--a", "(-(-a))"),
                Arguments.of("-+~a", "(-(+(~a)))"),
                Arguments.of("a < b < c", "((a < b) & (b < c))"),
                Arguments.of("a < b <= c == d", "(((a < b) & (b <= c)) & (c == d))"),
                Arguments.of("a & b | c ^ d", "((a & b) | (c ^ d))"),
                Arguments.of("a | b ^ c & d", "(a | (b ^ (c & d)))"),
                Arguments.of("~a & b", "((~a) & b)"),
                Arguments.of("a > 0 & b < 1", "((a > (0 & b)) & ((0 & b) < 1))"),
                Arguments.of("(a > 0) & (b < 1)", "((a > 0) & (b < 1))"),
                Arguments.of("a + b & c", "((a + b) & c)"),
                Arguments.of("a == b | c", "(a == (b | c))"),
                // shifts bind looser than + - and tighter than & (cross-checked with Python 3.11's ast module)
                Arguments.of("a << b + c", "(a << (b + c))"),
                Arguments.of("a + b << c", "((a + b) << c)"),
                Arguments.of("a & b << c", "(a & (b << c))"),
                Arguments.of("a << b & c", "((a << b) & c)"),
                Arguments.of("a << b >> c", "((a << b) >> c)"),
                Arguments.of("-a << 2 ** b", "((-a) << (2 ** b))"),
                Arguments.of("a < b << c", "(a < (b << c))"),
                Arguments.of("a >> b | c ^ d << 1", "((a >> b) | (c ^ (d << 1)))"),
                Arguments.of("a * b >> c - 1", "((a * b) >> (c - 1))"),
                Arguments.of("~a >> b // c", "((~a) >> (b // c))"),
                Arguments.of("-a * b", "((-a) * b)"),
                Arguments.of("a * -b", "(a * (-b))"),
                Arguments.of("((a))", "a"),
                Arguments.of("(a + b) * c", "((a + b) * c)"),
                Arguments.of("a\n+\tb", "(a + b)"),
                Arguments.of("a \\\n+ b", "(a + b)"),
                // The rest were cross-checked with Python 3.11's ast module (chains rewritten to '&').
                Arguments.of("--2 // (b > c <= (1) == (-c))",
                        "((-(-2)) // (((b > c) & (c <= 1)) & (1 == (-c))))"),
                Arguments.of("((2) <= 2) + True * c % -(b ** 1)",
                        "((2 <= 2) + ((True * c) % (-(b ** 1))))"),
                Arguments.of("True // -c ** b < 1", "((True // (-(c ** b))) < 1)"),
                Arguments.of("b & (+a ** b) < True ^ 1 - (b != 2)",
                        "((b & (+(a ** b))) < (True ^ (1 - (b != 2))))"),
                Arguments.of("-(-c) ** -2 ^ c & b & 1", "((-((-c) ** (-2))) ^ ((c & b) & 1))"),
                Arguments.of("+1 % True ^ c < 2 * (b) & ~2 < 1",
                        "(((((+1) % True) ^ c) < ((2 * b) & (~2))) & (((2 * b) & (~2)) < 1))"),
                Arguments.of("f(+b, k=(a)) == 1 & c & b ** -+True + 2",
                        "(f((+b), k=a) == ((1 & c) & ((b ** (-(+True))) + 2)))"),
                Arguments.of("(b * ~(2) > a / 1 ^ True & c | 2)",
                        "((b * (~2)) > (((a / 1) ^ (True & c)) | 2))"),
                Arguments.of("c + a < 1 != b >= ~+2 ** c",
                        "((((c + a) < 1) & (1 != b)) & (b >= (~(+(2 ** c)))))"),
                Arguments.of("-b - 2 <= 2 * b ** a - True * True ^ (True)",
                        "(((-b) - 2) <= (((2 * (b ** a)) - (True * True)) ^ True))"),
                Arguments.of("+a | 2 | a / 2 + -c <= 2 | 2 // ~c",
                        "((((+a) | 2) | ((a / 2) + (-c))) <= (2 | (2 // (~c))))"),
                Arguments.of("(b * True // a > c < 1 / b - 1) // -1 & c",
                        "((((((b * True) // a) > c) & (c < ((1 / b) - 1))) // (-1)) & c)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("precedence")
    void groupsLikePython(String source, String grouped) {
        Ast ast = ExprParser.parse(source);
        assertEquals(grouped, ast.render());
        assertEquals(ast, ExprParser.parse(grouped), "the rendering parses back to an equal tree");
    }

    @Test
    void buildsTheDocumentedRecords() {
        Ast ast = ExprParser.parse("-x ** 2 + 1.5 * f(y, k=True)");
        Ast expected = new Binary(BinaryOp.ADD,
                new Unary(UnaryOp.NEG, new Binary(BinaryOp.POW, new Name("x", 0), new IntLiteral(2, 0), 0), 0),
                new Binary(BinaryOp.MUL, new FloatLiteral(1.5, 0),
                        new Call("f", List.of(new Name("y", 0)), Map.of("k", new BoolLiteral(true, 0)), 0), 0),
                0);
        assertEquals(expected, ast);
    }

    @Test
    void chainedComparisonSharesTheMiddleOperand() {
        Binary and = assertInstanceOf(Binary.class, ExprParser.parse("a < b + 1 <= c"));
        assertEquals(BinaryOp.AND, and.op());
        Binary lt = assertInstanceOf(Binary.class, and.left());
        Binary le = assertInstanceOf(Binary.class, and.right());
        assertEquals(BinaryOp.LT, lt.op());
        assertEquals(BinaryOp.LE, le.op());
        assertSame(lt.right(), le.left(), "b + 1 is one node, evaluated once as in Python");
        assertEquals(10, and.position(), "the AND sits at the operator that continues the chain");
    }

    @Test
    void positionsPointAtOperatorsNamesAndLiterals() {
        // 0123456789012345678
        // foo(a,  k=-2) * 3.5
        Binary mul = assertInstanceOf(Binary.class, ExprParser.parse("foo(a,  k=-2) * 3.5"));
        assertEquals(14, mul.position());
        Call call = assertInstanceOf(Call.class, mul.left());
        assertEquals(0, call.position());
        assertEquals(4, call.args().get(0).position());
        Unary neg = assertInstanceOf(Unary.class, call.keywords().get("k"));
        assertEquals(10, neg.position());
        assertEquals(11, neg.operand().position());
        assertEquals(16, mul.right().position());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
            "0; 0", "00; 0", "0_0; 0", "7; 7", "1_000_000; 1000000", "0x_ff; 255", "0XFF; 255",
            "0o17; 15", "0O1_7; 15", "0b101; 5", "0B_1_0; 2",
            "9223372036854775807; 9223372036854775807", "0x7fffffffffffffff; 9223372036854775807"})
    void intLiterals(String source, long value) {
        assertEquals(new IntLiteral(value, 0), ExprParser.parse(source));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
            "1.5; 1.5", ".5; 0.5", "5.; 5.0", "1e-3; 0.001", "1E+10; 1e10", "2.5e3; 2500.0",
            "1.e5; 1e5", "1_0.2_5e0_1; 102.5", "012.5; 12.5", "0e0; 0", "00.0; 0",
            "4.9e-324; 4.9e-324", "1.7976931348623157e308; 1.7976931348623157e308"})
    void floatLiterals(String source, double value) {
        assertEquals(new FloatLiteral(value, 0), ExprParser.parse(source));
    }

    @Test
    void overflowingFloatIsInfinityAsInPython() {
        Ast inf = ExprParser.parse("1e999");
        assertEquals(new FloatLiteral(Double.POSITIVE_INFINITY, 0), inf);
        assertEquals(inf, ExprParser.parse(inf.render()));
    }

    @Test
    void boolLiteralsAndNamesThatLookLikeKeywords() {
        assertEquals(new BoolLiteral(true, 0), ExprParser.parse("True"));
        assertEquals(new BoolLiteral(false, 0), ExprParser.parse(" False "));
        // Soft keywords and near-keywords are ordinary names.
        for (String n : List.of("match", "case", "type", "_", "true", "none", "And", "__import__", "x1_")) {
            assertEquals(new Name(n, 0), ExprParser.parse(n));
        }
    }

    @Test
    void callsWithPositionalAndKeywordArguments() {
        assertEquals(new Call("sum", List.of(ExprParser.parse("a*b")), Map.of("axis", new IntLiteral(1, 0)), 0),
                ExprParser.parse("sum(a*b, axis=1)"));
        assertEquals(new Call("where",
                        List.of(ExprParser.parse("a > 0"), new Name("a", 0), ExprParser.parse("-a")), Map.of(), 0),
                ExprParser.parse("where(a > 0, a, -a)"));
        assertEquals(new Call("f", List.of(), Map.of(), 0), ExprParser.parse("f()"));
        assertEquals(ExprParser.parse("f(a)"), ExprParser.parse("f (a,)"));
        assertEquals("g(x, (y == 1), k=(-1), axis=0)", ExprParser.parse("g(x, y == 1, k=-1, axis=0)").render());
    }

    @Test
    void keywordOrderIsKeptAndImmutable() {
        Call call = assertInstanceOf(Call.class, ExprParser.parse("f(z=1, a=2, m=3)"));
        assertEquals(List.of("z", "a", "m"), List.copyOf(call.keywords().keySet()));
        assertThrows(UnsupportedOperationException.class, () -> call.keywords().put("q", call));
        assertThrows(UnsupportedOperationException.class, () -> call.args().add(call));
    }

    @Test
    void equalityIgnoresPositionsButNotStructure() {
        assertEquals(ExprParser.parse("a+b*c"), ExprParser.parse("  a + b *  c"));
        assertEquals(ExprParser.parse("a+b*c").hashCode(), ExprParser.parse("  a + b *  c").hashCode());
        assertNotEquals(ExprParser.parse("a+b"), ExprParser.parse("b+a"));
        assertNotEquals(ExprParser.parse("1"), ExprParser.parse("1.0"));
        assertNotEquals(ExprParser.parse("a-b"), ExprParser.parse("a+b"));
        assertNotEquals(ExprParser.parse("f(a, k=b)"), ExprParser.parse("f(a, j=b)"));
    }

    @Test
    void renderPrintsFloatsThatReadBackExactly() {
        assertEquals("(0.1 + 1.0e-5)", ExprParser.parse("0.1 + 0.00001").render());
        assertEquals("1.0e22", Ast.toSource(ExprParser.parse("1e22")));
        assertEquals("(True & (~False))", ExprParser.parse("True&~False").render());
    }

    @Test
    void recordsRejectTreesThatNoSourceCouldSpell() {
        assertThrows(IllegalArgumentException.class, () -> new IntLiteral(-1, 0));
        assertThrows(IllegalArgumentException.class, () -> new FloatLiteral(-0.0, 0));
        assertThrows(IllegalArgumentException.class, () -> new FloatLiteral(Double.NaN, 0));
        assertThrows(IllegalArgumentException.class, () -> new Name("True", 0));
        assertThrows(IllegalArgumentException.class, () -> new Name("lambda", 0));
        assertThrows(IllegalArgumentException.class, () -> new Name("1a", 0));
        assertThrows(IllegalArgumentException.class, () -> new Name("a", -1));
        assertThrows(IllegalArgumentException.class, () -> new Call("f", List.of(), Map.of("if", new Name("a", 0)), 0));
    }

    @Test
    void acceptsTheLimits() {
        String nested = "(".repeat(ExprParser.MAX_NESTING) + "a" + ")".repeat(ExprParser.MAX_NESTING);
        assertEquals(new Name("a", 0), ExprParser.parse(nested));
        String chain = "a" + "+a".repeat(ExprParser.MAX_HEIGHT - 1);
        assertEquals(ExprParser.MAX_HEIGHT - 1, chain.chars().filter(c -> c == '+').count());
        assertInstanceOf(Binary.class, ExprParser.parse(chain));
        String longest = "a" + " ".repeat(ExprParser.MAX_LENGTH - 1);
        assertEquals(new Name("a", 0), ExprParser.parse(longest));
    }
}
