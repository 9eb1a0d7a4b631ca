package io.numfuse.expr;

import io.numfuse.expr.Ast.Binary;
import io.numfuse.expr.Ast.BoolLiteral;
import io.numfuse.expr.Ast.Call;
import io.numfuse.expr.Ast.FloatLiteral;
import io.numfuse.expr.Ast.IntLiteral;
import io.numfuse.expr.Ast.Name;
import io.numfuse.expr.Ast.Unary;
import io.numfuse.expr.Lexer.Kind;
import io.numfuse.expr.Lexer.Token;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Parses numfuse's expression language, numexpr's subset of Python expressions, into an
 * {@link Ast}. Precedence and associativity are Python's, because reference results come from
 * Python evaluating the same string; from lowest to highest:
 * <pre>
 *   comparisons  &lt; &lt;= &gt; &gt;= == !=   (chained: a &lt; b &lt; c is (a &lt; b) &amp; (b &lt; c))
 *   |   then  ^   then  &amp;   then  &lt;&lt; &gt;&gt;   then  + -   then  * / // % @  (a @ b is matmul(a, b))
 *   unary - + ~                    (operand: another unary, or a power)
 *   **                             (right-associative; its right operand is a unary: 2**-1)
 *   names, literals, ( expr ), calls f(args, name=value)
 * </pre>
 * The parser is recursive descent; input length, nesting and tree height are bounded so that
 * neither this parser nor a recursive walk over its tree can overflow the stack.
 */
public final class ExprParser {
    /** Longest accepted source, in chars. */
    public static final int MAX_LENGTH = 100_000;
    /** Deepest nesting of parentheses, calls, unary operators and '**' right operands. */
    public static final int MAX_NESTING = 200;
    /** Tallest tree, which also bounds long operator chains such as a+a+...+a. */
    public static final int MAX_HEIGHT = 1_000;

    /**
     * Whether {@code name} is a keyword of the language (Python's: {@code True}, {@code False},
     * {@code None}, {@code and}, {@code if}...), which an expression can never use as an array's
     * name: a caller that binds names (the CLI's {@code --in}) refuses it rather than bind an
     * input that the expression cannot reach.
     *
     * @param name a name
     * @return true when {@code name} is a keyword
     */
    public static boolean isKeyword(String name) { return Lexer.isReserved(name); }

    /** Binary operators from '|' (level 0) to '* / // %' (level 5), Python's levels; all left-associative. */
    private static final List<Map<String, BinaryOp>> LEVELS = List.of(
            bySymbol(BinaryOp.OR),
            bySymbol(BinaryOp.XOR),
            bySymbol(BinaryOp.AND),
            bySymbol(BinaryOp.LSHIFT, BinaryOp.RSHIFT),
            bySymbol(BinaryOp.ADD, BinaryOp.SUB),
            bySymbol(BinaryOp.MUL, BinaryOp.DIV, BinaryOp.FLOORDIV, BinaryOp.MOD));

    private static final Map<String, BinaryOp> COMPARISONS = bySymbol(
            BinaryOp.LT, BinaryOp.LE, BinaryOp.GT, BinaryOp.GE, BinaryOp.EQ, BinaryOp.NE);

    private static final Map<String, UnaryOp> UNARY = Map.of(
            UnaryOp.NEG.symbol(), UnaryOp.NEG, UnaryOp.POS.symbol(), UnaryOp.POS, UnaryOp.INVERT.symbol(), UnaryOp.INVERT);

    /** Operators by the symbol the op table gives them. */
    private static Map<String, BinaryOp> bySymbol(BinaryOp... ops) {
        Map<String, BinaryOp> m = new java.util.HashMap<>();
        for (BinaryOp op : ops) m.put(op.symbol(), op);
        return Map.copyOf(m);
    }

    private final String source;
    private final Lexer lexer;
    private Token cur;
    private Token ahead;      // one token of lookahead past cur, for "name =" in calls
    private Token prev;       // the token before cur, to say what an operand is missing after
    private int nesting;
    /** Heights of inner nodes; leaves (height 1) are not stored. Identity: nodes can be shared. */
    private final Map<Ast, Integer> heights = new IdentityHashMap<>();

    private ExprParser(String source) {
        this.source = source;
        this.lexer = new Lexer(source);
    }

    /**
     * Parses one expression. Thread-safe: each call has its own parser.
     *
     * @param source the expression, at most {@link #MAX_LENGTH} chars
     * @return the syntax tree, whose positions are offsets in {@code source}
     * @throws ExpressionSyntaxException if {@code source} is not a valid expression, is longer
     *         than {@link #MAX_LENGTH}, or nests deeper than {@link #MAX_NESTING} or
     *         {@link #MAX_HEIGHT} allow
     * @throws NullPointerException if {@code source} is null
     */
    public static Ast parse(String source) {
        Objects.requireNonNull(source, "source");
        if (source.length() > MAX_LENGTH) {
            throw new ExpressionSyntaxException("expression too long (" + source.length()
                    + " characters; the limit is " + MAX_LENGTH + ")", MAX_LENGTH, source);
        }
        ExprParser parser = new ExprParser(source);
        try {
            return parser.parseAll();
        } catch (StackOverflowError e) {
            // MAX_NESTING keeps the recursion under about 0.5 MB even interpreted, well within a
            // default 1 MB thread stack; this only catches callers on much smaller stacks. The
            // parser's state is private and discarded, so nothing is left inconsistent.
            int at = parser.cur == null ? 0 : parser.cur.position();
            throw new ExpressionSyntaxException("expression nested too deeply for this thread's stack", at, source);
        }
    }

    private Ast parseAll() {
        cur = lexer.next();
        if (cur.kind() == Kind.EOF) throw new ExpressionSyntaxException("empty expression", 0, source);
        Ast result = comparison();
        if (cur.kind() != Kind.EOF) throw unexpectedAfterOperand(null, "an operator or the end of the expression");
        return result;
    }

    /** A comparison chain a OP1 b OP2 c ... becomes (a OP1 b) & (b OP2 c) & ..., sharing b. */
    private Ast comparison() {
        Ast left = binary(0);
        Ast chain = null;
        BinaryOp op;
        while ((op = opAt(COMPARISONS)) != null) {
            int at = cur.position();
            advance();
            Ast right = binary(0);
            Ast test = node(new Binary(op, left, right, at));
            chain = chain == null ? test : node(new Binary(BinaryOp.AND, chain, test, at));
            left = right;
        }
        return chain == null ? left : chain;
    }

    private Ast binary(int level) {
        if (level == LEVELS.size()) return unary();
        Ast left = binary(level + 1);
        BinaryOp op;
        boolean multiplicative = level == LEVELS.size() - 1;
        while ((op = opAt(LEVELS.get(level))) != null || multiplicative && cur.is("@")) {
            int at = cur.position();
            advance();
            Ast right = binary(level + 1);
            // a @ b is matmul(a, b), at the level of '*' as in Python (the op table has no matmul: it is no element-wise op)
            left = node(op != null ? new Binary(op, left, right, at) : new Call("matmul", List.of(left, right), Map.of(), at));
        }
        return left;
    }

    private Ast unary() {
        UnaryOp op = cur.kind() == Kind.OP ? UNARY.get(cur.text()) : null;
        if (op == null) return power();
        Token opToken = cur;
        enter(opToken);
        advance();
        Ast operand = unary();
        nesting--;
        return node(new Unary(op, operand, opToken.position()));
    }

    /** primary ['**' unary]: binds tighter than a unary on its left, so -2**2 is -(2**2). */
    private Ast power() {
        Ast base = primary();
        if (!cur.is("**")) return base;
        Token opToken = cur;
        enter(opToken);
        advance();
        Ast exponent = unary();
        nesting--;
        return node(new Binary(BinaryOp.POW, base, exponent, opToken.position()));
    }

    private Ast primary() {
        Token t = cur;
        Ast result;
        switch (t.kind()) {
            case NAME -> {
                advance();
                if (t.text().equals("True") || t.text().equals("False")) {
                    result = new BoolLiteral(t.text().equals("True"), t.position());
                } else if (cur.is("(")) {
                    result = call(t);
                } else {
                    result = new Name(t.text(), t.position());
                }
            }
            case INT -> {
                advance();
                result = new IntLiteral(t.intValue(), t.position());
            }
            case FLOAT -> { advance(); result = new FloatLiteral(t.floatValue(), t.position()); }
            case OP -> result = parenthesised(t);
            default -> throw expectedOperand();
        }
        // What may follow an operand in Python but not here: callee expressions, '.' and '[]'.
        if (cur.is("(")) throw error("only a function name can be called", cur);
        if (cur.is(".")) throw error("attribute access ('.') is not supported", cur);
        if (cur.is("[")) throw error("subscripts ('[') are not supported", cur);
        return result;
    }

    private Ast parenthesised(Token open) {
        switch (open.text()) {
            case "(" -> { }
            case "[" -> throw error("lists ('[') are not supported", open);
            case "{" -> throw error("sets and dicts ('{') are not supported", open);
            default -> throw expectedOperand();
        }
        enter(open);
        advance();
        if (cur.kind() == Kind.EOF) throw error("'(' was never closed", open);
        if (cur.is(")")) throw error("empty parentheses (tuples) are not supported", open);
        Ast inner = comparison();
        if (cur.is(",")) throw error("tuples (',') are not supported", cur);
        if (!cur.is(")")) throw unexpectedAfterOperand(open, "an operator or ')'");
        advance();
        nesting--;
        return inner;
    }

    /** name( [arg {, arg}] [,] ) where keyword arguments name=value come after positional ones. */
    private Ast call(Token function) {
        Token open = cur;
        enter(open);
        advance();
        List<Ast> args = new ArrayList<>();
        Map<String, Ast> keywords = new LinkedHashMap<>();
        while (!cur.is(")")) {
            if (cur.kind() == Kind.EOF) throw error("'(' was never closed", open);
            if (cur.is("*") || cur.is("**")) throw error("star-arguments ('" + cur.text() + "') are not supported", cur);
            if (cur.kind() == Kind.NAME && peek().is("=")) {
                Token key = cur;
                if (key.text().equals("True") || key.text().equals("False")) {
                    throw error("'" + key.text() + "' cannot be a keyword argument name", key);
                }
                if (keywords.containsKey(key.text())) {
                    throw error("duplicate keyword argument '" + key.text() + "'", key);
                }
                advance();
                advance();
                keywords.put(key.text(), comparison());
            } else {
                if (!keywords.isEmpty()) throw error("positional argument follows keyword argument", cur);
                args.add(comparison());
            }
            if (cur.is(",")) advance();
            else if (!cur.is(")")) throw unexpectedAfterOperand(open, "an operator, ',' or ')'");
        }
        advance();
        nesting--;
        List<Ast> children = new ArrayList<>(args);
        children.addAll(keywords.values());
        return node(new Call(function.text(), args, keywords, function.position()), children);
    }

    /** The operator of {@code table} that cur is, or null. */
    private BinaryOp opAt(Map<String, BinaryOp> table) {
        return cur.kind() == Kind.OP ? table.get(cur.text()) : null;
    }

    private void advance() {
        prev = cur;
        if (ahead != null) {
            cur = ahead;
            ahead = null;
        } else {
            cur = lexer.next();
        }
    }

    private Token peek() {
        if (ahead == null) ahead = lexer.next();
        return ahead;
    }

    /** Counts one level of syntactic nesting; callers decrement {@code nesting} on the way out. */
    private void enter(Token at) {
        if (++nesting > MAX_NESTING) {
            throw error("expression nested too deeply (more than " + MAX_NESTING + " levels)", at);
        }
    }

    private Ast node(Ast n) {
        return switch (n) {
            case Unary u -> node(n, List.of(u.operand()));
            case Binary b -> node(n, List.of(b.left(), b.right()));
            default -> n;
        };
    }

    private Ast node(Ast n, List<Ast> children) {
        int height = 1;
        for (Ast child : children) height = Math.max(height, heights.getOrDefault(child, 1) + 1);
        if (height > MAX_HEIGHT) {
            throw new ExpressionSyntaxException("expression nested too deeply (more than "
                    + MAX_HEIGHT + " levels of operators)", n.position(), source);
        }
        heights.put(n, height);
        return n;
    }

    /** cur cannot start an operand. */
    private ExpressionSyntaxException expectedOperand() {
        if (cur.is(")") && prev == null) return error("unmatched ')'", cur);
        if (cur.is("]") || cur.is("}")) return error("unmatched '" + cur.text() + "'", cur);
        String after = prev == null ? "" : " after " + prev.describe();
        return error("expected an expression" + after + ", found " + cur.describe(), cur);
    }

    /**
     * cur follows a complete operand but is no operator: it should have been {@code expected},
     * the end of the expression ({@code open} null) or of the parenthesis or call {@code open} opened.
     */
    private ExpressionSyntaxException unexpectedAfterOperand(Token open, String expected) {
        if (cur.kind() == Kind.EOF) return error("'(' was never closed", open);
        if (cur.is(")") || cur.is("]") || cur.is("}")) return error("unmatched '" + cur.text() + "'", cur);
        if (cur.is("=")) return error("assignment ('=') is not supported: use '==' to compare", cur);
        if (cur.is(",") && open == null) return error("tuples (',') are not supported", cur);
        if (cur.is(":")) return error("':' is not supported (no slices, lambdas or dicts)", cur);
        return error("unexpected " + cur.describe() + ": expected " + expected, cur);
    }

    private ExpressionSyntaxException error(String reason, Token at) {
        return new ExpressionSyntaxException(reason, at.position(), source);
    }
}
