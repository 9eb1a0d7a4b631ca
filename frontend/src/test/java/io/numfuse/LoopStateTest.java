package io.numfuse;

import static org.junit.jupiter.api.Assertions.*;

import io.numfuse.core.DType;
import io.numfuse.runtime.JvmTarget;
import io.numfuse.runtime.Targets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Laziness rule 4 on a loop written plainly (a Mandelbrot iteration, no eval()): when the chain
 * grows too deep, the loop's live state at a level cut is computed and the array the rule fell on
 * stays lazy on it, so each later evaluation starts from state at a level as the first did, and
 * runs the kernels the first one compiled (before, each evaluation's first and last kernels were
 * new: the plain Mandelbrot of 100 steps ran 8 distinct kernels, 4 with the state). The state is
 * the whole loop's, whichever of its arrays the rule falls on: with the axes lazy the rule falls
 * on a coordinate, whose graph does not hold the counts, and the counts' state is computed too.
 */
class LoopStateTest {
    @AfterEach
    void back() { Num.useTarget("auto"); }

    /** A plain Mandelbrot step over {@code s = {zr, zi, count}}: the demo's, in float64. */
    static NDArray[] step(NDArray[] s, NDArray cr, NDArray ci, int k) {
        NDArray zr = s[0], zi = s[1];
        NDArray zr2 = zr.mul(zr), zi2 = zi.mul(zi);
        NDArray inside = zr2.add(zi2).le(4.0);
        NDArray nzr = Num.where(inside, zr2.sub(zi2).add(cr), zr);
        NDArray nzi = Num.where(inside, zr.mul(zi).mul(2.0).add(ci), zi);
        NDArray escapes = inside.and(nzr.mul(nzr).add(nzi.mul(nzi)).gt(4.0));
        return new NDArray[] { nzr, nzi, Num.where(escapes, k, s[2]) };
    }

    static NDArray[] start(int n) {
        return new NDArray[] { Num.zeros(DType.FLOAT64, n, n), Num.zeros(DType.FLOAT64, n, n), Num.zeros(DType.FLOAT64, n, n) };
    }

    static NDArray axis(int n, double lo, double hi) { return Num.arange(n).mul((hi - lo) / n).add(lo); }

    /** Runs the loop plainly, counting the evaluations the depth rule made and the JVM kernels compiled. */
    void plainLoop(String target, int steps, boolean lazyAxes) {
        Num.useTarget(target);
        int n = 24;
        NDArray cr = axis(n, -2.13, 0.77).reshape(1, n), ci = axis(n, -1.3, 1.3).reshape(n, 1);
        // lazy axes are read by every step: the coordinates are deeper than the counts, and the rule falls on one of them
        if (!lazyAxes) {
            cr.eval();
            ci.eval();
        }
        // the reference: every step computed at once (no depth rule, no level cuts)
        NDArray[] want = start(n);
        for (int k = 0; k < steps; k++) {
            want = step(want, cr, ci, k);
            for (NDArray a : want) a.eval();
        }
        int kernels = JvmTarget.INSTANCE.cacheSize();
        NDArray[] s = start(n);
        List<Integer> compiledAtRule = new ArrayList<>();
        int rules = 0;
        for (int k = 0; k < steps; k++) {
            int before = JvmTarget.INSTANCE.cacheSize();
            boolean stateBefore = s[0].node().pendingDepth() > NDArray.MAX_DEPTH / 2;
            s = step(s, cr, ci, k);
            if (stateBefore && s[0].node().pendingDepth() < NDArray.MAX_DEPTH / 2) {   // the rule ran in this step
                rules++;
                compiledAtRule.add(JvmTarget.INSTANCE.cacheSize() - before);
                for (NDArray a : s) assertTrue(a.node().pendingDepth() < NDArray.MAX_DEPTH / 2, "the step goes on from the state: " + a.node().pendingDepth());
                assertFalse(s[2].isEvaluated(), "the array the rule fell on stays lazy");
            }
            for (NDArray a : s) assertTrue(a.node().pendingDepth() <= NDArray.MAX_DEPTH + 1, "pending depth " + a.node().pendingDepth() + " at step " + k);
        }
        assertTrue(rules >= 3, "the depth rule ran " + rules + " times in " + steps + " steps");
        int inTheLoop = JvmTarget.INSTANCE.cacheSize() - kernels;
        for (int i = 0; i < 3; i++) assertArrayEquals(want[i].toDoubleArray(), s[i].toDoubleArray(), "array " + i + " on " + target);
        if (target.equals("jvm")) {
            // the first evaluation compiles the first band's kernel and the middle one; the others none (a kernel other tests made counts 0)
            for (int i = 1; i < compiledAtRule.size(); i++) assertEquals(0, compiledAtRule.get(i), "kernels compiled by evaluation " + i + ": " + compiledAtRule);
            assertTrue(inTheLoop <= 2, "kernels compiled in the loop: " + inTheLoop + ", by each evaluation: " + compiledAtRule);
        }
    }

    @Test
    void onTheJvm() {
        plainLoop("jvm", 260, false);
        plainLoop("jvm", 260, true);
    }

    @Test
    void onTheInterpreter() { plainLoop("interpreter", 260, true); }

    @Test
    void onAnOpenClDevice() {
        Assumptions.assumeFalse(Targets.openCl().isEmpty(), "no OpenCL device: " + Targets.openClUnavailableReason());
        plainLoop("opencl:0", 260, false);
        plainLoop("opencl:0", 260, true);
    }
}
