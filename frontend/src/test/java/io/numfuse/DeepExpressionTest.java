package io.numfuse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.numfuse.expr.ExprParser;
import io.numfuse.core.DType;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The parser's limits ({@link ExprParser#MAX_NESTING} levels of brackets, unary operators, calls
 * and powers; {@link ExprParser#MAX_HEIGHT} levels of operators) are what keeps every recursive
 * pass over an expression — the parser, the binder, graph building, fusion, the interpreter —
 * within a thread stack. The CLI and the tests run with {@code -Xss8m}; a library caller may run
 * on the JVM's default stack of 1 MB (64-bit Linux), so the deepest expression the parser
 * accepts must parse, bind, plan and run there, on every target, from cold code (whose frames
 * are the largest). Measured: the longest chain needs more than 512 KB. Past the limits an
 * expression is a syntax error (ExprParserErrorTest), whatever the stack.
 */
class DeepExpressionTest {
    private static final int N = ExprParser.MAX_NESTING, H = ExprParser.MAX_HEIGHT;

    static Stream<Arguments> deepest() {
        return Stream.of(
                Arguments.of("a" + " - b".repeat(H - 1)),                       // a left-deep chain as tall as allowed
                Arguments.of("a" + " < b".repeat(H / 2 - 1)),                   // a comparison chain: an & of comparisons
                Arguments.of("(".repeat(N) + "a" + ")".repeat(N)),
                Arguments.of("-(".repeat(N / 2) + "a" + ")".repeat(N / 2)),
                Arguments.of("sqrt(".repeat(N) + "a" + ")".repeat(N)),
                Arguments.of("where(m, ".repeat(N) + "a" + ", b)".repeat(N)),
                Arguments.of("b" + "**b".repeat(N - 1)));
    }

    @ParameterizedTest
    @MethodSource("deepest")
    void theDeepestAcceptedExpressionRunsOnTheDefaultStack(String source) throws InterruptedException {
        for (String target : new String[] {"jvm", "interpreter"}) {
            Throwable[] failure = new Throwable[1];
            double[] value = new double[1];
            Thread thread = new Thread(null, () -> {
                try {
                    Map<String, NDArray> inputs = Map.of("a", Num.array(0.5, 2.0), "b", Num.array(1.0, 1.0),
                            "m", Num.array(true, false));
                    value[0] = Num.on(target, () -> Num.eval(source, inputs).astype(DType.FLOAT64).eval().toDoubleArray()[0]);
                } catch (Throwable t) {
                    failure[0] = t;
                }
            }, "default-stack", 1 << 20);
            thread.start();
            thread.join();
            assertNull(failure[0], () -> target + ": " + failure[0] + " for " + source.substring(0, 40) + "...");
        }
    }

    @ParameterizedTest
    @MethodSource("deepest")
    void theDeepestAcceptedExpressionGivesTheSameValueOnEveryTarget(String source) {
        Map<String, NDArray> inputs = Map.of("a", Num.array(0.5, 2.0), "b", Num.array(1.0, 1.0), "m", Num.array(true, false));
        double[] jvm = Num.on("jvm", () -> Num.eval(source, inputs).astype(DType.FLOAT64).eval().toDoubleArray());
        double[] reference = Num.on("interpreter", () -> Num.eval(source, inputs).astype(DType.FLOAT64).eval().toDoubleArray());
        assertEquals(java.util.Arrays.toString(reference), java.util.Arrays.toString(jvm));
    }
}
