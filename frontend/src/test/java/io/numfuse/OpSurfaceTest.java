package io.numfuse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.numfuse.expr.BinaryOp;
import io.numfuse.expr.UnaryOp;
import io.numfuse.core.DType;
import io.numfuse.core.NumfuseException;
import io.numfuse.ir.Op;
import io.numfuse.npy.NpyArray;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/**
 * Walks {@link Op#values()} from the user's side: every name and operator symbol of the op
 * table reaches its op through the expression language (the same values as the Java API's
 * {@link Num#apply}), every operator symbol has a place in the parser, and every op has an
 * {@link NDArray} method named after it. A new op that is missing from the language or the Java
 * API fails here.
 */
class OpSurfaceTest {
    private static final NDArray F = Num.array(0.5, 1.5, -2.0, 3.0), G = Num.array(2.0, -0.5, 1.0, 4.0);
    private static final NDArray I = Num.array(3L, -7L, 0L, 12L), J = Num.array(1L, 2L, 3L, 70L);
    private static final NDArray C = Num.array(true, false, true, false);

    /** Operands the op accepts: float64 where it computes in floating point, int64 for integer ops. */
    private static NDArray[] operands(Op op) {
        return op.rule() == Op.Rule.LOGIC || op.rule() == Op.Rule.INTEGER ? new NDArray[] { I, J } : new NDArray[] { F, G };
    }

    private static void same(NDArray want, NDArray got, String what) {
        NpyArray w = want.toNpy(), g = got.toNpy();
        assertEquals(w.dtype(), g.dtype(), what);
        assertTrue(Objects.deepEquals(w.data(), g.data()), what + ": " + g + " != " + w);
    }

    @Test
    void everyNameAndSymbolReachesItsOpInTheExpressionLanguage() {
        int checked = 0;
        for (Op op : Op.values()) {
            NDArray[] x = operands(op);
            Map<String, NDArray> in = Map.of("a", x[0], "b", x[1], "c", C);
            NDArray want = switch (op.kind()) {
                case UNARY -> Num.apply(op, x[0]);
                case BINARY, COMPARE -> Num.apply(op, x[0], x[1]);
                case SELECT -> Num.where(C, x[0], x[1]);
                case REDUCE -> x[0].reduce(op, null, false);
                case CAST -> null;
            };
            if (want == null) continue;
            for (String f : op.functionNames()) {
                String args = switch (op.arity()) { case 1 -> "a"; case 2 -> "a, b"; default -> "c, a, b"; };
                same(want, Num.eval(f + "(" + args + ")", in), op + " as " + f);
                checked++;
            }
            if (op.symbol() != null) {
                String expr = op.arity() == 1 ? op.symbol() + "a" : "a " + op.symbol() + " b";
                same(want, Num.eval(expr, in), op + " as " + expr);
                checked++;
            }
        }
        assertTrue(checked > Op.values().length, "checked " + checked);
    }

    @Test
    void everyOperatorSymbolHasAPlaceInTheParser() {
        for (Op op : Op.values()) {
            if (op.symbol() == null) continue;
            boolean parsed = op.arity() == 1 ? Arrays.stream(UnaryOp.values()).anyMatch(u -> u.op() == op)
                    : Arrays.stream(BinaryOp.values()).anyMatch(b -> b.op() == op);
            assertTrue(parsed, "the parser has no operator for " + op + " ('" + op.symbol() + "')");
        }
    }

    @Test
    void everyOpHasAnNDArrayMethod() {
        List<String> missing = new ArrayList<>();
        for (Op op : Op.values()) {
            if (op == Op.WHERE || op == Op.CAST) continue;   // Num.where and astype
            String[] words = op.lowerName().split("_");
            StringBuilder name = new StringBuilder(words[0]);
            for (int i = 1; i < words.length; i++) name.append(Character.toUpperCase(words[i].charAt(0))).append(words[i].substring(1));
            boolean found = Arrays.stream(NDArray.class.getMethods()).anyMatch(m -> m.getName().contentEquals(name)
                    && m.getParameterCount() == op.arity() - 1 && m.getReturnType() == NDArray.class);
            if (!found) missing.add(op + " (NDArray." + name + ")");
        }
        assertTrue(missing.isEmpty(), "ops without an NDArray method: " + missing);
    }

    @Test
    void clipIsComposedAsNumPysClip() {
        NDArray x = Num.array(-3.0, 0.5, Double.NaN, 7.0);
        assertEquals(List.of(-1.0, 0.5, Double.NaN, 2.0), boxed(Num.eval("clip(x, -1, 2)", Map.of("x", x))));
        assertEquals(List.of(-1.0, -1.0, Double.NaN, -1.0), boxed(x.clip(3.0, -1.0)), "lo > hi gives hi");
        NDArray i = Num.array(-5, 0, 5);
        assertEquals(DType.INT32, i.clip(-(1L << 40), 1L << 40).dtype(), "int bounds beyond int32 leave the sides open");
        assertEquals(List.of(-5.0, 0.0, 5.0), boxed(i.clip(-(1L << 40), 1L << 40)));
        assertEquals(DType.FLOAT64, i.clip(0.5, 3.0).dtype());
        assertEquals(DType.INT32, Num.clip(i, 0L, 3L).dtype());
        try {
            Num.eval("clip(i, 2**40, 3)", Map.of("i", i)).eval();
            fail("NumPy raises OverflowError");
        } catch (NumfuseException expected) {
            assertNotNull(expected.getMessage());
        }
    }

    private static List<Double> boxed(NDArray a) { return Arrays.stream(a.toDoubleArray()).boxed().toList(); }
}
