package io.numfuse.spark;

import io.numfuse.NDArray;
import io.numfuse.core.DType;
import java.io.Serializable;

/**
 * A partial result of an aggregate over some rows (a batch, a partition, then all of them): the
 * count of rows it covers and the running sum or extreme, in a long for integer and bool results
 * (a sum wraps as numfuse's int64 sum does) and in a double for float results. Each batch's
 * partial comes from one fused numfuse reduction; Spark combines the partitions' partials.
 */
final class Partial implements Serializable {
    private static final long serialVersionUID = 1L;

    private final ExpressionPlan.Reduction reduction;
    private final DType dtype;    // of the element-wise expression inside the reduction
    private long count;
    private long longValue;       // int and bool: the sum or extreme
    private double doubleValue;   // float (and mean): the sum or extreme

    private Partial(ExpressionPlan.Reduction reduction, DType dtype) {
        this.reduction = reduction;
        this.dtype = dtype;
    }

    /** Nothing yet: no rows. */
    static Partial empty(ExpressionPlan plan) { return new Partial(plan.reduction(), plan.result()); }

    /** The plan's reduction of {@code e}, an element-wise result over {@code rows} rows, as one fused evaluation. */
    static Partial of(ExpressionPlan plan, NDArray e, int rows) {
        Partial p = empty(plan);
        p.count = rows;
        boolean integral = plan.result() != DType.FLOAT32 && plan.result() != DType.FLOAT64;
        switch (plan.reduction()) {
            case SUM -> {
                if (integral) p.longValue = e.sum().itemLong();
                else p.doubleValue = e.sum().item();
            }
            case MEAN -> p.doubleValue = (integral ? e.astype(DType.FLOAT64) : e).sum().item();
            case MIN -> {
                if (integral) p.longValue = e.min().itemLong();
                else p.doubleValue = e.min().item();
            }
            case MAX -> {
                if (integral) p.longValue = e.max().itemLong();
                else p.doubleValue = e.max().item();
            }
        }
        return p;
    }

    /** This and {@code o} together (this object, updated). */
    Partial combine(Partial o) {
        if (o.count == 0) return this;
        if (count == 0) return o;
        switch (reduction) {
            case SUM, MEAN -> {
                longValue += o.longValue;
                doubleValue += o.doubleValue;
            }
            case MIN -> {
                longValue = Math.min(longValue, o.longValue);
                doubleValue = Math.min(doubleValue, o.doubleValue);   // NaN wins, as in numfuse
            }
            case MAX -> {
                longValue = Math.max(longValue, o.longValue);
                doubleValue = Math.max(doubleValue, o.doubleValue);
            }
        }
        count += o.count;
        return this;
    }

    /** The number of rows this covers. */
    long count() { return count; }

    /**
     * The aggregate's value, typed as numfuse types it: a sum of bool or int columns is a Long
     * (int64), a float32 result a Float, a float64 one a Double, a mean of ints a Double, a min or
     * max of int32 an Integer and of bool a Boolean. A sum over no rows is 0; a mean, min or max
     * over no rows is null (NumPy raises there, Spark SQL gives null).
     */
    Object value() {
        boolean integral = dtype != DType.FLOAT32 && dtype != DType.FLOAT64;
        return switch (reduction) {
            case SUM -> integral ? (Object) longValue : typed(doubleValue);
            case MEAN -> count == 0 ? null : dtype == DType.FLOAT32 ? (Object) (float) (doubleValue / count) : (Object) (doubleValue / count);
            case MIN, MAX -> {
                if (count == 0) yield null;
                yield switch (dtype) {
                    case BOOL -> longValue != 0;
                    case INT32 -> (int) longValue;
                    case INT64 -> longValue;
                    case FLOAT32, FLOAT64 -> typed(doubleValue);
                };
            }
        };
    }

    private Object typed(double v) { return dtype == DType.FLOAT32 ? (Object) (float) v : (Object) v; }
}
