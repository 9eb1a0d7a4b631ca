package io.numfuse.bench;

import static org.junit.jupiter.api.Assertions.*;

import io.numfuse.NDArray;
import io.numfuse.Num;
import io.numfuse.ir.DType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The benchmarks' expression subset: the eager baseline and the numfuse expression built from one tree agree. */
class TreeTest {
    private static final List<String> EXPRESSIONS = List.of("a+b*c", "((0.5*x+1.5)*x-2.5)*x+0.25", "((((a*3+1)*5-2)*7+3)*9-4)*11+5",
            "exp(a)", "sin(a)+cos(b)", "-a/(b+1) - 2/c", "maximum(a, 0.5) * minimum(b, c)", "sqrt(abs(a - b)) + tanh(c)",
            "log(a + 1)", "sum(a)", "max(a*b)", "min(a)", "dot(a,b)", "2 - -a",
            // functions of the op table without a loop of their own in Eager (its Semantics loop)
            "arcsinh(a) + hypot(b, 2.5)", "exp2(a) * square(b) - reciprocal(c + 1)", "arccosh(a + 1) / arctanh(b - 0.5)",
            "power(a, 2.5) + floor(b * 10) - sign(c - 0.5)", "absolute(negative(a))");

    @Test
    void eagerAndNumfuseComputeTheSameValues() {
        for (DType dt : List.of(DType.FLOAT32, DType.FLOAT64)) {
            for (String e : EXPRESSIONS) {
                Tree t = Tree.parse(e);
                assertNotNull(t, e);
                int n = 100_000;   // above the parallel threshold: the split loops are exercised too
                Map<String, NDArray> arrays = new LinkedHashMap<>();
                Map<String, Object> java = new LinkedHashMap<>();
                int seed = 1;
                for (String name : t.names()) {
                    Object data = Suites.randomArray(seed++, dt, n);
                    java.put(name, data);
                    arrays.put(name, Num.wrap(dt, data, n));
                }
                NDArray fused = t.build(arrays);
                NDArray reference = Num.eval(e, arrays);   // numfuse's own parser: the tree must mean the same
                assertEquals(reference.dtype(), fused.dtype(), e);
                Object eager = Eager.eval(t, java, n);
                double tol = dt == DType.FLOAT32 ? 1e-5 : 1e-9;
                Object f = t.isReduction() ? (Object) fused.item() : fused.toDoubleArray();
                Object r = t.isReduction() ? (Object) reference.item() : reference.toDoubleArray();
                assertTrue(BenchCommand.maxRelDiff(f, r) == 0, e + " " + dt + ": the Java API and the expression string agree exactly");
                assertTrue(BenchCommand.maxRelDiff(eager, f) <= tol, e + " " + dt + ": eager vs numfuse " + BenchCommand.maxRelDiff(eager, f));
            }
        }
    }

    @Test
    void outsideTheSubsetParsesToNull() {
        for (String e : List.of("a**2", "a // b", "where(a > 0, a, b)", "a > b", "sum(a, axis=0)", "a +", "f(a)", "a b", "True + a",
                "isnan(a)", "invert(a)", "a << b", "clip(a, 0, 1)", "prod(a)", "mean(a)")) {
            assertNull(Tree.parse(e), e);
        }
    }

    @Test
    void opsCountsTheTemporariesOfAnEagerEvaluation() {
        assertEquals(2, Tree.parse("a+b*c").ops());
        assertEquals(10, Tree.parse("((((a*3+1)*5-2)*7+3)*9-4)*11+5").ops());
        assertEquals(6, Tree.parse("((0.5*x+1.5)*x-2.5)*x+0.25").ops());
        assertEquals(2, Tree.parse("dot(a,b)").ops());
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
        assertEquals("219 ns", BenchCommand.time(219e-9));
        assertEquals("5.73 us", BenchCommand.time(5.73e-6));
        assertEquals("3.446 ms", BenchCommand.time(3.446e-3));
        assertEquals("1.500 s", BenchCommand.time(1.5));
    }
}
