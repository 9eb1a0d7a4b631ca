package io.numfuse.runtime;

import static org.junit.jupiter.api.Assertions.*;

import io.numfuse.ir.Buffer;
import io.numfuse.core.DType;
import io.numfuse.ir.Instr;
import io.numfuse.ir.Interpreter;
import io.numfuse.ir.Kernel;
import io.numfuse.core.NumfuseException;
import io.numfuse.ir.Op;
import io.numfuse.ir.Plan;
import io.numfuse.ir.RandomGraphs;
import io.numfuse.ir.View;
import io.numfuse.jvm.JvmCodegen;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The JVM backend against the interpreter on random expression graphs (every op and dtype,
 * broadcasting, strided and reversed views, aliasing, reductions; see ir's RandomGraphs).
 * Each kernel of a plan is run by the interpreter, then again by the JVM backend on the same
 * inputs into a fresh output, and the two outputs are compared: exactly for bool and int
 * results and for float kernels without transcendental functions; within a relative 1e-9
 * (float64) or 1e-5 (float32) where Math's or the Vector API's functions differ from
 * StrictMath's by their documented ulps. A kernel where such a function feeds a
 * discontinuous op (a comparison, floor, a cast to int...) is checked for not failing only,
 * since one ulp there may legitimately flip a result.
 */
class JvmDifferentialTest {
    static final int CASES = 2500;

    @Test
    void randomGraphsAgreeWithTheInterpreter() {
        int kernels = 0, exact = 0, tolerant = 0, skipped = 0;
        for (long seed = 0; seed < CASES; seed++) {
            RandomGraphs.Built g = RandomGraphs.build(seed, RandomGraphs.Config.of(1 + (int) (seed % 12)));
            Plan plan = g.planOrNull(JvmCodegen.MAX_BODY);
            if (plan == null) continue;   // refused, as NumPy would refuse it
            for (Kernel k : plan.kernels()) {
                Both r = runBoth(k, JvmTarget.INSTANCE);
                View out = r.out();
                String what = "seed " + seed + ", kernel " + k.key() + "\n" + g.log();
                assertEquals(r.referenceFailed(), r.targetFailed(), "both fail or neither: " + what);
                kernels++;
                if (r.referenceFailed()) break;
                Check c = check(k);
                switch (c) {
                    case EXACT -> exact++;
                    case TOLERANT, SUM -> tolerant++;
                    case SKIP -> { skipped++; continue; }
                }
                compare(k.output(), out, c == Check.SUM ? absoluteSums(k) : null, reducedCount(k), c, what);
            }
        }
        System.out.printf("JVM vs interpreter: %d cases, %d kernels (%d exact, %d within tolerance, %d only run)%n",
                CASES, kernels, exact, tolerant, skipped);
        assertTrue(exact > CASES / 2, "too few exact comparisons: " + exact);
    }

    /** What running a kernel on the interpreter and again on a target gave. */
    record Both(boolean referenceFailed, boolean targetFailed, View out) {}

    /**
     * Runs {@code k} on the interpreter (into its own output), then on {@code target} into a
     * fresh copy of that output, so that the two can be compared element by element.
     */
    static Both runBoth(Kernel k, Target target) {
        boolean failed = false;
        try {
            Interpreter.run(k);
        } catch (NumfuseException e) {
            failed = true;
        }
        Buffer fresh = k.output().buffer().copy();
        View out = new View(fresh, k.output().offset(), k.output().shape(), k.output().strides());
        boolean targetFailed = false;
        try {
            target.run(new Kernel(k.shape(), k.inputs(), k.body(), k.params(), out, k.reduce(), k.reduceAxes()));
        } catch (NumfuseException e) {
            targetFailed = true;
        }
        return new Both(failed, targetFailed, out);
    }

    /**
     * EXACT: bit for bit; TOLERANT: relative 1e-9 / 1e-5; SUM: a float sum or product, whose
     * order of operations differs: a sum within twice the documented bound of compensated sums
     * ({@link SumBound}), a product within n·eps of its magnitude.
     */
    enum Check { EXACT, TOLERANT, SUM, SKIP }

    /** Σ|x| per output element: the same kernel with abs() applied before it reduces. */
    static View absoluteSums(Kernel k) {
        if (k.reduce() != Op.SUM) return null;
        List<Instr> body = new java.util.ArrayList<>(k.body());
        Instr last = body.get(body.size() - 1);
        body.add(new Instr.Unary(Op.ABS, last.type(), body.size() - 1));
        Buffer b = k.output().buffer().copy();
        View out = new View(b, k.output().offset(), k.output().shape(), k.output().strides());
        Interpreter.run(new Kernel(k.shape(), k.inputs(), body, k.params(), out, k.reduce(), k.reduceAxes()));
        return out;
    }

    static long reducedCount(Kernel k) {
        long n = 1;
        if (k.isReduction()) for (int d = 0; d < k.shape().length; d++) if (k.reduceAxes()[d]) n *= k.shape()[d];
        return n;
    }

    /** How closely the JVM must match the interpreter on this kernel. */
    static Check check(Kernel k) {
        List<Instr> body = k.body();
        boolean[] inexact = new boolean[body.size()];
        boolean any = false;
        for (int i = 0; i < body.size(); i++) {
            Instr in = body.get(i);
            boolean fromInexact = false;
            for (int o : in.operands()) fromInexact |= inexact[o];
            if (fromInexact && discontinuous(in, body)) return Check.SKIP;
            inexact[i] = fromInexact || (in.type().isFloat() && transcendental(in));
            any |= inexact[i];
        }
        if (k.isReduction() && k.output().dtype().isFloat() && (k.reduce() == Op.SUM || k.reduce() == Op.PROD)) {
            return any ? Check.SKIP : Check.SUM;
        }
        return any ? Check.TOLERANT : Check.EXACT;
    }

    static boolean transcendental(Instr in) {
        Op op = in instanceof Instr.Unary u ? u.op() : in instanceof Instr.Binary b ? b.op() : null;
        return op != null && op.costClass() == io.numfuse.ir.CostClass.TRANSCENDENTAL;   // library functions, a few ulp apart
    }

    static boolean discontinuous(Instr in, List<Instr> body) {
        return switch (in) {
            case Instr.Binary b -> b.op().kind() == Op.Kind.COMPARE || b.op() == Op.FLOOR_DIV || b.op() == Op.MOD
                    || b.op() == Op.MAXIMUM || b.op() == Op.MINIMUM || !b.type().isFloat();
            case Instr.Unary u -> u.op() == Op.FLOOR || u.op() == Op.CEIL || u.op() == Op.ROUND || u.op() == Op.SIGN || !u.type().isFloat();
            case Instr.Cast c -> !c.type().isFloat();
            case Instr.Select s -> true;
            default -> false;
        };
    }

    static void compare(View want, View got, View absSums, long n, Check c, String what) {
        int[] shape = want.shape(), idx = new int[shape.length];
        DType t = want.dtype();
        for (int e = 0; e < want.size(); e++) {
            int o = want.elementOffset(idx);
            if (!t.isFloat()) {
                assertEquals(want.buffer().getLong(o), got.buffer().getLong(o), "element " + e + ": " + what);
            } else {
                double x = want.buffer().getDouble(o), y = got.buffer().getDouble(o);
                boolean ok;
                if (Double.isNaN(x) || Double.isNaN(y)) ok = Double.isNaN(x) && Double.isNaN(y);
                else if (c == Check.EXACT || Double.isInfinite(x) || Double.isInfinite(y)) ok = x == y;
                else if (c == Check.SUM && absSums != null) {
                    // both are compensated sums within SumBound's bound of the exact sum S:
                    // |x - y| <= 2u|S| + 2γ(n-1)²Σ|x| (+ half a float32 ulp each), |S| about max(|x|, |y|)
                    double g = SumBound.gamma(Math.max(n - 1, 0), SumBound.U64), scale = absSums.buffer().getDouble(o) * (1 + 1e-6);
                    double allowed = (2 * SumBound.U64 * Math.max(Math.abs(x), Math.abs(y)) + 2 * g * g * scale) * (1 + 1e-6)
                            + (t == DType.FLOAT32 ? Math.ulp((float) Math.max(Math.abs(x), Math.abs(y))) : 0);
                    ok = Math.abs(x - y) <= allowed || (Double.isInfinite(scale) && Math.abs(x - y) < Double.MAX_VALUE);
                } else if (c == Check.SUM) {   // a product: in another order
                    double eps = t == DType.FLOAT32 ? 0x1p-23 : 0x1p-52;
                    double scale = Math.max(Math.abs(x), Math.abs(y));
                    ok = Math.abs(x - y) <= (n + 2) * eps * scale;
                } else ok = Math.abs(x - y) <= (t == DType.FLOAT32 ? 1e-5 : 1e-9) * Math.max(1.0, Math.abs(x));
                assertTrue(ok, "element " + e + ": interpreter " + x + ", jvm " + y + " (" + c + "): " + what);
            }
            io.numfuse.ir.Shapes.increment(idx, shape);
        }
    }
}
