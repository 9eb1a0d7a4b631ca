package io.numfuse.spark;

import io.numfuse.core.DType;
import java.io.Serializable;

/**
 * One expression, planned on the driver: what it computes, the DataFrame columns it reads (each
 * as an input slot of the batches) and the dtype of its result. Sent to the executors with the
 * task; they parse {@link #expression} once per partition, since the parser's tree is not
 * serializable, and it parsed once already on the driver, so it cannot fail there.
 *
 * @param label      what the user called it, for messages: {@code column 'out'} or {@code aggregate}
 * @param expression the element-wise expression the executors evaluate per batch (for an aggregate,
 *                   the expression inside its reduction)
 * @param names      the names the expression uses, each a column
 * @param slots      for each name, its input slot in the batches
 * @param result     the dtype of the element-wise result
 * @param reduction  the reduction around it, or null for a column
 */
record ExpressionPlan(String label, String expression, String[] names, int[] slots, DType result, Reduction reduction)
        implements Serializable {

    /** The reductions {@link NumfuseSpark#aggregate} computes, each from per-partition partial results. */
    enum Reduction {
        /** {@code sum(x)}, and {@code dot(x, y)} as {@code sum(x*y)}. */
        SUM,
        /** {@code mean(x)}: the sum over the count. */
        MEAN,
        /** {@code min(x)}. */
        MIN,
        /** {@code max(x)}. */
        MAX
    }
}
