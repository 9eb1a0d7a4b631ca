package io.numfuse.expr;

import java.util.Map;

/**
 * Prints an {@link Ast} back as source with every operator parenthesised, so that the output
 * shows exactly how the parser grouped the expression (for --explain and for tests) and parses
 * back to an equal tree whatever the precedences.
 */
final class AstPrinter {
    private AstPrinter() {}

    static String render(Ast ast) {
        StringBuilder out = new StringBuilder();
        print(ast, out);
        return out.toString();
    }

    private static void print(Ast ast, StringBuilder out) {
        switch (ast) {
            case Ast.Name n -> out.append(n.name());
            case Ast.IntLiteral l -> out.append(l.value());
            case Ast.FloatLiteral l -> out.append(floatSource(l.value()));
            case Ast.BoolLiteral l -> out.append(l.value() ? "True" : "False");
            case Ast.Unary u -> {
                out.append('(').append(u.op().symbol());
                print(u.operand(), out);
                out.append(')');
            }
            case Ast.Binary b -> {
                out.append('(');
                print(b.left(), out);
                out.append(' ').append(b.op().symbol()).append(' ');
                print(b.right(), out);
                out.append(')');
            }
            case Ast.Call c -> {
                out.append(c.function()).append('(');
                String sep = "";
                for (Ast arg : c.args()) {
                    out.append(sep);
                    print(arg, out);
                    sep = ", ";
                }
                for (Map.Entry<String, Ast> kw : c.keywords().entrySet()) {
                    out.append(sep).append(kw.getKey()).append('=');
                    print(kw.getValue(), out);
                    sep = ", ";
                }
                out.append(')');
            }
        }
    }

    /**
     * A float literal that reads back as the same double: Java's shortest round-tripping digits
     * ("1.0E-5" is also valid Python), and 1e999 for infinity, which is how Python spells an
     * overflowing literal.
     */
    private static String floatSource(double v) {
        if (Double.isInfinite(v)) return "1e999";
        return Double.toString(v).replace('E', 'e');
    }
}
