package io.numfuse.spark;

import io.numfuse.NDArray;
import io.numfuse.Num;
import io.numfuse.core.DType;
import io.numfuse.expr.Ast;
import io.numfuse.expr.ExprParser;
import io.numfuse.runtime.JvmTarget;
import java.util.HashMap;
import java.util.Map;
import java.util.function.IntConsumer;
import java.util.function.Supplier;

/**
 * The executor's side of one planned expression: parsed once per partition, evaluated once per
 * batch, with one fused numfuse evaluation over the batch's arrays on the configured target
 * ({@code auto} unless {@code spark.numfuse.target} names another), its JVM kernels split across
 * at most the task's threads ({@link PartitionJob#taskThreads}). numfuse's caches are per JVM,
 * so each kernel is compiled once per executor, whatever the number of tasks and batches.
 */
final class BatchEvaluator {
    /** For the tests: told the JVM threads of each evaluation, on the task's thread. */
    static volatile IntConsumer threadsSeen;

    private final ExpressionPlan plan;
    private final Ast ast;
    private final String target;
    private final int threads;
    /** The array of the last batch's result, written again by a batch of as many rows ({@link #evaluate}). */
    private Object lastOut;
    private int lastRows;

    /** An evaluator on {@code target} whose JVM kernels use at most {@code threads} threads (0: numfuse's own count). */
    BatchEvaluator(ExpressionPlan plan, String target, int threads) {
        this.plan = plan;
        this.ast = ExprParser.parse(plan.expression());   // parsed on the driver already: cannot fail
        this.target = target;
        this.threads = threads;
    }

    ExpressionPlan plan() { return plan; }

    /**
     * The element-wise result over every row of {@code b} (nulls' placeholders included): a Java
     * array of the result dtype, as {@code Num.wrap} takes it (byte[] of 0 and 1 for bool).
     * numfuse writes it into an array of ours, wrapped, and reading one element through the
     * wrapper makes the whole array current (a target that ran it elsewhere copies it back): no
     * element-by-element copy of the result, which cost about as much as the whole of {@code a + b*c}.
     *
     * <p>The array is valid until the next call: a batch of as many rows as the last one is
     * written into the same array, as Spark's columnar readers reuse their vectors (Spark reads a
     * batch before it asks for the next). A new array for each batch of 10,000 doubles made
     * {@code a + b*c} take 1.5 to 2 times as long (9.7-12.8 us a batch against 5.5-6.6 in a probe's
     * last rounds: the new arrays' memory is not in the cache) and filled the young generation,
     * whose collections stop every task.
     */
    Object evaluate(Batch b) {
        Object out = lastOut != null && lastRows == b.n ? lastOut : SparkTypes.newArray(plan.result(), b.n);
        lastOut = out;
        lastRows = b.n;
        if (b.n == 0) return out;
        return run(() -> {
            NDArray o = Num.wrap(plan.result(), out, b.n);
            o.assign(Num.eval(plan.expression(), ast, inputs(b.values, b.n)));
            if (plan.result().isFloat()) o.getDouble(0);
            else o.getLong(0);   // bool too: 0 or 1
            return out;
        });
    }

    /** The partial result of the plan's reduction over the rows of {@code b} where its columns are all non-null. */
    Partial reduce(Batch b) {
        boolean[] valid = b.valid(plan.slots());
        Object[] values = b.values;
        int n = b.n;
        if (valid != null) {
            int kept = 0;
            for (boolean v : valid) if (v) kept++;
            values = new Object[b.values.length];
            for (int s : plan.slots()) values[s] = compact(b.values[s], valid, kept);
            n = kept;
        }
        if (n == 0) return Partial.empty(plan);
        Object[] in = values;
        int rows = n;
        return run(() -> {
            NDArray e = Num.eval(plan.expression(), ast, inputs(in, rows));
            return Partial.of(plan, e, rows);
        });
    }

    /** {@code work} on the target, under the task's cap on the JVM's threads. */
    private <T> T run(Supplier<T> work) {
        Supplier<T> on = () -> {
            IntConsumer seen = threadsSeen;
            if (seen != null) seen.accept(JvmTarget.threads());
            return Num.on(target, work);
        };
        return threads > 0 ? Num.withThreads(threads, on) : on.get();
    }

    private Map<String, NDArray> inputs(Object[] values, int n) {
        Map<String, NDArray> inputs = new HashMap<>();
        String[] names = plan.names();
        for (int i = 0; i < names.length; i++) {
            Object a = values[plan.slots()[i]];
            inputs.put(names[i], Num.wrap(Batch.dtypeOf(a), a, n));
        }
        return inputs;
    }

    private static Object compact(Object array, boolean[] valid, int kept) {
        int j = 0;
        switch (array) {
            case double[] a -> { double[] r = new double[kept]; for (int i = 0; i < valid.length; i++) if (valid[i]) r[j++] = a[i]; return r; }
            case float[] a -> { float[] r = new float[kept]; for (int i = 0; i < valid.length; i++) if (valid[i]) r[j++] = a[i]; return r; }
            case long[] a -> { long[] r = new long[kept]; for (int i = 0; i < valid.length; i++) if (valid[i]) r[j++] = a[i]; return r; }
            case int[] a -> { int[] r = new int[kept]; for (int i = 0; i < valid.length; i++) if (valid[i]) r[j++] = a[i]; return r; }
            case byte[] a -> { byte[] r = new byte[kept]; for (int i = 0; i < valid.length; i++) if (valid[i]) r[j++] = a[i]; return r; }
            default -> throw new IllegalStateException(array.getClass().toString());
        }
    }
}
