package io.numfuse.runtime;

import static org.junit.jupiter.api.Assertions.*;

import io.numfuse.core.DType;
import io.numfuse.ir.Instr;
import io.numfuse.ir.Kernel;
import io.numfuse.ir.Plan;
import io.numfuse.ir.RandomGraphs;
import io.numfuse.ir.View;
import io.numfuse.jvm.JvmCodegen;
import org.junit.jupiter.api.Test;

/**
 * Every OpenCL device against the interpreter on ir's random expression graphs, as
 * {@link JvmDifferentialTest} does for the JVM, with the same checks and bounds: exact for bool
 * and int results and for float kernels without transcendental functions; within a relative
 * 1e-9 (float64) or 1e-5 (float32) where OpenCL's built-in functions (a few ulp, by the OpenCL
 * spec) differ from StrictMath's — a float64 result computed from a float32 function is held to
 * the float32 bound, since OpenCL computes that function in float32 where the interpreter and
 * the JVM round a double result; float sums within twice the documented bound of a
 * compensated sum ({@link SumBound}), products within n·eps of their magnitude.
 *
 * <p>PoCL builds a new program in ~80 ms, so each graph structure is run with {@link #VALUES}
 * value seeds: their kernels share keys (sizes, offsets and scalar values are arguments), and
 * the program cache builds each once. Odd value seeds split every reduction into 3 parts
 * (the partial-results path). No case may fall back to the JVM.
 */
class OpenClDifferentialTest {
    static final int STRUCTURES = 260, VALUES = 4;

    @Test
    void randomGraphsAgreeWithTheInterpreter() {
        for (OpenClTarget t : OpenClTests.devices()) run(t);
    }

    /**
     * True when a float32 built-in function feeds the value: OpenCL computes it in float32 (a few
     * float32 ulp, where the interpreter rounds a double result), so a float64 result computed
     * from it is held to the float32 bound.
     */
    static boolean float32Function(Kernel k) {
        for (Instr in : k.body()) if (in.type() == DType.FLOAT32 && JvmDifferentialTest.transcendental(in)) return true;
        return false;
    }

    static void compareRelative(View want, View got, double bound, String what) {
        int[] shape = want.shape(), idx = new int[shape.length];
        for (int e = 0; e < want.size(); e++) {
            int o = want.elementOffset(idx);
            double x = want.buffer().getDouble(o), y = got.buffer().getDouble(o);
            boolean ok = Double.isNaN(x) || Double.isNaN(y) ? Double.isNaN(x) && Double.isNaN(y)
                    : Double.isInfinite(x) || Double.isInfinite(y) ? x == y : Math.abs(x - y) <= bound * Math.max(1.0, Math.abs(x));
            assertTrue(ok, "element " + e + ": interpreter " + x + ", opencl " + y + " (float32 functions): " + what);
            io.numfuse.ir.Shapes.increment(idx, shape);
        }
    }

    private static void run(OpenClTarget target) {
        long start = System.nanoTime();
        int cases = 0, kernels = 0, exact = 0, tolerant = 0, skipped = 0;
        int fallbacksBefore = target.fallbackCount(), programsBefore = target.deviceForTests().programCount();
        try {
            for (long seed = 0; seed < STRUCTURES; seed++) {
                for (int v = 0; v < VALUES; v++) {
                    OpenClSession.forcedParts = v % 2 == 1 ? 3 : 0;
                    RandomGraphs.Built g = RandomGraphs.build(seed, RandomGraphs.Config.of(1 + (int) (seed % 12)).withValueSeed(0x5DEECE66DL * (v + 1)));
                    Plan plan = g.planOrNull(JvmCodegen.MAX_BODY);
                    if (plan == null) continue;   // refused, as NumPy would refuse it
                    cases++;
                    for (Kernel k : plan.kernels()) {
                        JvmDifferentialTest.Both r = JvmDifferentialTest.runBoth(k, target);
                        boolean failed = r.referenceFailed(), clFailed = r.targetFailed();
                        View out = r.out();
                        String what = target.name() + ", seed " + seed + ", value seed " + v + ", kernel " + k.key() + "\n"
                                + io.numfuse.opencl.OpenClCodegen.generate(k.key()).source() + "\n" + g.log();
                        assertEquals(failed, clFailed, "both fail or neither: " + what);
                        assertEquals(fallbacksBefore, target.fallbackCount(), "fell back to the JVM: " + what);
                        kernels++;
                        if (failed) break;
                        JvmDifferentialTest.Check c = JvmDifferentialTest.check(k);
                        switch (c) {
                            case EXACT -> exact++;
                            case TOLERANT, SUM -> tolerant++;
                            case SKIP -> { skipped++; continue; }
                        }
                        if (c == JvmDifferentialTest.Check.TOLERANT && k.output().dtype() == DType.FLOAT64 && float32Function(k)) {
                            compareRelative(k.output(), out, 1e-5, what);
                        } else {
                            JvmDifferentialTest.compare(k.output(), out, c == JvmDifferentialTest.Check.SUM ? JvmDifferentialTest.absoluteSums(k) : null,
                                    JvmDifferentialTest.reducedCount(k), c, what);
                        }
                    }
                }
            }
        } finally {
            OpenClSession.forcedParts = 0;
        }
        System.out.printf("%s vs interpreter: %d cases, %d kernels (%d exact, %d within tolerance, %d only run), %d programs built, %.1f s%n",
                target.name(), cases, kernels, exact, tolerant, skipped, target.deviceForTests().programCount() - programsBefore,
                (System.nanoTime() - start) / 1e9);
        assertTrue(cases >= 1000, "at least 1000 cases: " + cases);
        assertTrue(exact > cases / 2, "too few exact comparisons: " + exact);
    }
}
