package io.numfuse.fuzz;

import io.numfuse.Num;
import io.numfuse.expr.Ast;
import io.numfuse.expr.ExprParser;
import io.numfuse.expr.ExpressionSyntaxException;
import io.numfuse.ir.CostClass;
import io.numfuse.ir.Op;
import io.numfuse.npy.NpyArray;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterProperty;

/**
 * Hostile expression strings go through the whole path a user's string takes — parse, bind to
 * named arrays ({@link FuzzArrays}), fuse, compile, run on the JVM target, read back — and each
 * ends in a value or a documented error with a one-line message ({@link DocumentedErrors}),
 * within a time limit ({@link Deadline}), leaving its inputs as they were. The grammar-aware
 * inputs also run on the interpreter, the reference: both must fail alike or give the same
 * dtype and shape, and the same values where the expression has no operation whose rounding
 * may differ between the two (see {@link #roundsAlike}).
 *
 * <p>Tries are the short profile the normal build runs; {@code -Dnumfuse.fuzz.tries=N} sets them
 * all for a long run (docs/RELIABILITY.md, "Fuzz").
 */
@AddLifecycleHook(FuzzTries.class)
class ExpressionFuzzTest {
    private final Deadline deadline = new Deadline();
    private OutcomeTally tally;

    @AfterProperty
    void report() {
        // the JVM target keeps every kernel it compiled: the count says how far a long run grows that cache
        Runtime rt = Runtime.getRuntime();
        if (tally != null) {
            System.out.println(tally.summary(deadline) + " jvm-kernels=" + io.numfuse.runtime.JvmTarget.INSTANCE.cacheSize()
                    + " heap-used=" + (rt.totalMemory() - rt.freeMemory()) / (1 << 20) + "MiB");
        }
        deadline.close();
    }

    /** Any chars at all, surrogates and controls included. */
    @Property(tries = 6000)
    void anyCharString(@ForAll @StringLength(max = 60) String source) throws Throwable {
        check("expr-any-chars", source, false);
    }

    /** Chars expressions are made of, so that many short strings parse and bind. */
    @Property(tries = 6000)
    void expressionCharString(@ForAll @StringLength(max = 40)
                              @Chars({'a', 'b', 'c', 'd', 'm', 'e', 's', 'z', 'f', 'x', 'o', 'j', 'q', '_', '(', ')', '(', ')',
                                      '+', '-', '*', '/', '%', '<', '>', '=', '!', '&', '|', '^', '~', ',', '.', ' '})
                              @CharRange(from = '0', to = '9') String source) throws Throwable {
        check("expr-token-chars", source, false);
    }

    /** Random bytes as the JVM decodes a command-line argument (malformed UTF-8 becomes U+FFFD). */
    @Property(tries = 4000)
    void randomUtf8Bytes(@ForAll @Size(max = 60) byte[] bytes) throws Throwable {
        check("expr-utf8-bytes", new String(bytes, StandardCharsets.UTF_8), false);
    }

    /** Random trees over every construct, a sixth of them at a limit, a third of them mutated. */
    @Property(tries = 15000, shrinking = ShrinkingMode.OFF)
    void grammarAwareExpression(@ForAll(supplier = UniformSeeds.class) long seed) throws Throwable {
        check("expr-grammar", new ExpressionGenerator(seed, FuzzArrays.NAMES).next(), true);
    }

    /** Inputs built to sit at or past a limit: nesting, tree height, length, literal size, body size. */
    @Property(tries = 3000, shrinking = ShrinkingMode.OFF)
    void inputAtALimit(@ForAll(supplier = UniformSeeds.class) long seed) throws Throwable {
        check("expr-limits", new ExpressionGenerator(seed, FuzzArrays.NAMES).stress(), true);
    }

    /** What evaluating on one target came to: the values read back, or the documented error's type. */
    record Result(NpyArray value, String error) {}

    private void check(String probe, String source, boolean differential) throws Throwable {
        if (tally == null) tally = new OutcomeTally(probe);
        tally.saw(source);
        Result jvm = tally.counting(() -> {
            Result j = evaluate(source, "jvm");
            if (differential) {
                Result reference = evaluate(source, "interpreter");
                String wrong = disagreement(source, j, reference);
                if (wrong != null) throw WrongOutcome.wrong(wrong + " for input " + Inputs.show(source));
            }
            return j;
        });
        if (jvm.error() == null) tally.value(); else tally.error(jvm.error());
    }

    /** Binds and evaluates {@code source} on {@code target} within the time limit, on the worker thread. */
    private Result evaluate(String source, String target) throws Throwable {
        return deadline.call(source, () -> {
            FuzzArrays inputs = FuzzArrays.fresh();
            Result result;
            try {
                // pinned for the whole call: binding evaluates chains deeper than NDArray's cap as it goes
                result = Num.on(target, () -> new Result(Num.eval(source, inputs.arrays()).eval().toNpy(), null));
            } catch (Throwable t) {
                result = new Result(null, DocumentedErrors.classify(t, DocumentedErrors.EXPRESSION, Inputs.show(source)));
            }
            inputs.assertUnchanged(Inputs.show(source));
            return result;
        });
    }

    /** Why the JVM's result is not the interpreter's, or null when it is. */
    private static String disagreement(String source, Result jvm, Result reference) {
        if (jvm.error() != null || reference.error() != null) {
            return java.util.Objects.equals(jvm.error(), reference.error()) ? null
                    : "jvm " + describe(jvm) + ", interpreter " + describe(reference);
        }
        NpyArray a = jvm.value(), b = reference.value();
        if (a.dtype() != b.dtype() || !Arrays.equals(a.shape(), b.shape())) {
            return "jvm " + describe(jvm) + ", interpreter " + describe(reference);
        }
        if (!roundsAlike(source) || sameValues(a.data(), b.data())) return null;
        return "jvm values " + a + ", interpreter " + b;
    }

    private static String describe(Result r) {
        return r.error() != null ? r.error() : r.value().dtype().numpyName() + Arrays.toString(r.value().shape());
    }

    /** Element for element, NaN equal to any NaN (its bits may differ), otherwise bit for bit. */
    private static boolean sameValues(Object x, Object y) {
        return switch (x) {
            case double[] p -> {
                double[] q = (double[]) y;
                for (int i = 0; i < p.length; i++) {
                    if (!(Double.isNaN(p[i]) && Double.isNaN(q[i])) && Double.doubleToLongBits(p[i]) != Double.doubleToLongBits(q[i])) yield false;
                }
                yield true;
            }
            case float[] p -> {
                float[] q = (float[]) y;
                for (int i = 0; i < p.length; i++) {
                    if (!(Float.isNaN(p[i]) && Float.isNaN(q[i])) && Float.floatToIntBits(p[i]) != Float.floatToIntBits(q[i])) yield false;
                }
                yield true;
            }
            default -> java.util.Objects.deepEquals(x, y);
        };
    }

    /**
     * Functions whose JVM code may round differently from the interpreter's StrictMath within
     * documented ulps (the op table's transcendental class: ARCHITECTURE, "Transcendentals"), and
     * reductions whose order of operations differs (the interpreter compensates float sums):
     * expressions using them are compared by outcome, dtype and shape only. JvmDifferentialTest
     * compares such kernels within tolerances.
     */
    static boolean inexact(String function) {
        Op op = Op.function(function);
        if (op != null) return op.costClass() == CostClass.TRANSCENDENTAL || op == Op.SUM || op == Op.PROD;
        return function.equals("mean") || function.equals("dot");
    }

    /** True when every operation of {@code source} is one whose result the JVM must match exactly. */
    static boolean roundsAlike(String source) {
        Ast root;
        try {
            root = ExprParser.parse(source);
        } catch (ExpressionSyntaxException e) {
            return true;
        }
        Deque<Ast> todo = new ArrayDeque<>();
        todo.push(root);
        while (!todo.isEmpty()) {
            switch (todo.pop()) {
                case Ast.Unary u -> todo.push(u.operand());
                case Ast.Binary b -> {
                    if (b.op().op().costClass() == CostClass.TRANSCENDENTAL) return false;   // **
                    todo.push(b.left());
                    todo.push(b.right());
                }
                case Ast.Call c -> {
                    if (inexact(c.function())) return false;
                    c.args().forEach(todo::push);
                    c.keywords().values().forEach(todo::push);
                }
                default -> { }
            }
        }
        return true;
    }
}
