package io.numfuse.bench;

import static org.junit.jupiter.api.Assertions.*;

import io.numfuse.NDArray;
import io.numfuse.Num;
import io.numfuse.expr.Ast;
import io.numfuse.expr.ExprParser;
import io.numfuse.core.DType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The eager baseline walks the tree of numfuse's own parser and computes what numfuse computes. */
class EagerTest {
    private static final List<String> EXPRESSIONS = List.of("a+b*c", "((0.5*x+1.5)*x-2.5)*x+0.25", "((((a*3+1)*5-2)*7+3)*9-4)*11+5",
            "exp(a)", "sin(a)+cos(b)", "-a/(b+1) - 2/c", "maximum(a, 0.5) * minimum(b, c)", "sqrt(abs(a - b)) + tanh(c)",
            "log(a + 1)", "sum(a)", "max(a*b)", "min(a)", "dot(a,b)", "2 - -a", "+a",
            // functions of the op table without a loop of their own in Eager (its Semantics loop)
            "arcsinh(a) + hypot(b, 2.5)", "exp2(a) * square(b) - reciprocal(c + 1)", "arccosh(a + 1) / arctanh(b - 0.5)",
            "power(a, 2.5) + floor(b * 10) - sign(c - 0.5)", "absolute(negative(a))",
            // what the bench's own parser (deleted) left without a baseline
            "where(a>b, a*b, a-b)", "arctan2(a, b)", "log1p(a)", "a**2", "sum(a*b)", "a // 0.25 + a % 0.3",
            "a > b", "(a < 0.5) & (b >= 0.25) | ~(c == a)", "where((a > 0.2) ^ (b < 0.7), a, 0)", "0.1 < a < 0.9",
            "isnan(a / b) | isfinite(c)", "(a > b) * c", "prod(a * 0.5 + 0.75)", "mean(a)", "clip(a, 0.25, 0.75)",
            "float64(a) * b", "sum(a) + 1", "where(True, a, b)");

    @Test
    void eagerAndNumfuseComputeTheSameValues() {
        for (DType dt : List.of(DType.FLOAT32, DType.FLOAT64)) {
            for (String e : EXPRESSIONS) {
                Ast t = ExprParser.parse(e);
                int n = 100_000;   // above the parallel threshold: the split loops are exercised too
                Map<String, NDArray> arrays = new LinkedHashMap<>();
                Map<String, Object> java = new LinkedHashMap<>();
                int seed = 1;
                for (String name : Eager.names(t)) {
                    Object data = Suites.randomArray(seed++, dt, n);
                    java.put(name, data);
                    arrays.put(name, Num.wrap(dt, data, n));
                }
                NDArray fused = Num.eval(e, t, arrays).eval();
                Object eager = Eager.eval(t, java, n);
                double tol = e.startsWith("prod") ? 1e-3 : dt == DType.FLOAT32 ? 1e-5 : 1e-9;
                Object f = fused.ndim() == 0 ? (Object) fused.item() : fused.toDoubleArray();
                if (f instanceof Boolean b) f = b ? 1.0 : 0.0;
                if (f instanceof Number x) f = x.doubleValue();
                double diff = BenchCommand.maxRelDiff(eager, f);
                assertTrue(diff <= tol, e + " " + dt + ": eager vs numfuse " + diff);
            }
        }
    }

    @Test
    void theParsedTreeIsWhatNumEvalOfTheStringComputes() {
        Map<String, NDArray> in = Map.of("a", Num.random(1, DType.FLOAT32, 1000), "b", Num.random(2, DType.FLOAT32, 1000));
        for (String e : List.of("where(a>b, a*b, a-b)", "a**2 + arctan2(a, b)")) {
            double[] once = Num.eval(e, ExprParser.parse(e), in).toDoubleArray();
            assertArrayEquals(Num.eval(e, in).toDoubleArray(), once, e);
        }
    }

    @Test
    void namesAreInOrderOfFirstUse() {
        assertEquals(List.of("b", "a", "c"), List.copyOf(Eager.names(ExprParser.parse("sum(b * a, axis=0) + where(c > a, 1, b)"))));
    }

    @Test
    void whatItCannotComputeIsSaidNotDropped() {
        List<String> names = List.of("a");
        assertNotNull(BenchCommand.eagerMissing(ExprParser.parse("sum(a, axis=0)"), names, DType.FLOAT32));
        assertNotNull(BenchCommand.eagerMissing(ExprParser.parse("int32(a * 10)"), names, DType.FLOAT32));
        assertNull(BenchCommand.eagerMissing(ExprParser.parse("where(a > 0.5, a, 1 - a)"), names, DType.FLOAT32));
    }

    @Test
    void statisticsAreOverTheSamples() {
        Row r = new Row("c", 1, "float32", "jvm");
        r.samples = new double[] { 3, 1, 2 };
        assertEquals(2, r.median());
        assertEquals(1, r.min());
        assertEquals(3, r.max());
        r.samples = new double[] { 4, 1, 2, 3 };
        assertEquals(2.5, r.median());
    }

    @Test
    void timesAreReadable() {
        assertEquals("219 ns", ResultTable.time(219e-9));
        assertEquals("5.73 us", ResultTable.time(5.73e-6));
        assertEquals("3.446 ms", ResultTable.time(3.446e-3));
        assertEquals("1.500 s", ResultTable.time(1.5));
    }
}
