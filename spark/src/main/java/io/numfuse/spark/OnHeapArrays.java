package io.numfuse.spark;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import org.apache.spark.sql.execution.vectorized.OnHeapColumnVector;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.vectorized.ColumnVector;

/**
 * The Java array behind one of Spark's on-heap column vectors, taken as a batch's input without a
 * copy. Spark's in-memory cache decodes each cached batch into new {@code OnHeapColumnVector}s
 * whose arrays hold exactly the batch's values; {@code getDoubles(0, n)} copied them once more
 * into a new array: in a JFR profile of {@code SparkBench}, 18% of the executor threads' samples
 * with numfuse's code on the stack (its kernels: 15%). numfuse only reads a batch's inputs, and
 * evaluates a batch before the next is read.
 *
 * <p>The arrays are private fields of Spark's class: they are read through a {@link VarHandle}
 * when Spark's classes are in the unnamed module (the class path, as spark-submit puts them),
 * else, and for a vector that is not plain on-heap data (dictionary-encoded, off-heap, a
 * constant) or whose array is longer than the batch, {@link #of} answers null and the caller
 * copies.
 */
final class OnHeapArrays {
    private OnHeapArrays() {}

    private static final VarHandle DOUBLES, FLOATS, LONGS, INTS;

    static {
        VarHandle d = null, f = null, l = null, i = null;
        try {
            MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(OnHeapColumnVector.class, MethodHandles.lookup());
            d = lookup.findVarHandle(OnHeapColumnVector.class, "doubleData", double[].class);
            f = lookup.findVarHandle(OnHeapColumnVector.class, "floatData", float[].class);
            l = lookup.findVarHandle(OnHeapColumnVector.class, "longData", long[].class);
            i = lookup.findVarHandle(OnHeapColumnVector.class, "intData", int[].class);
        } catch (ReflectiveOperationException | RuntimeException e) {   // another Spark, or a module that does not open it: copy
            d = f = l = i = null;
        }
        DOUBLES = d;
        FLOATS = f;
        LONGS = l;
        INTS = i;
    }

    /** Columns read without a copy, for tests. */
    static final java.util.concurrent.atomic.AtomicLong TAKEN = new java.util.concurrent.atomic.AtomicLong();

    /** The array holding the {@code n} values of {@code v} (of Spark type {@code t}), exactly that long; null when it must be copied. */
    static Object of(ColumnVector v, DataType t, int n) {
        if (v.getClass() != OnHeapColumnVector.class) return null;   // not a subclass: its arrays may mean something else
        OnHeapColumnVector h = (OnHeapColumnVector) v;
        if (h.hasDictionary()) return null;
        VarHandle field = t.equals(DataTypes.DoubleType) ? DOUBLES : t.equals(DataTypes.FloatType) ? FLOATS
                : t.equals(DataTypes.LongType) ? LONGS : t.equals(DataTypes.IntegerType) ? INTS : null;
        if (field == null) return null;
        Object a = field.get(h);
        if (a == null || java.lang.reflect.Array.getLength(a) != n) return null;
        TAKEN.incrementAndGet();
        return a;
    }
}
