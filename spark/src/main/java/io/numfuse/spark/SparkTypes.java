package io.numfuse.spark;

import io.numfuse.core.DType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;

/**
 * The mapping between Spark SQL's numeric types and numfuse's dtypes. numfuse has no 8- or 16-bit
 * integers, so byte and short columns are read as int32 (NumPy promotes them there too as soon as
 * they meet an int32). Decimal, string, date and the other types are not numeric to numfuse.
 */
final class SparkTypes {
    private SparkTypes() {}

    /** The dtype a column of {@code t} is read as, or null when numfuse cannot read it. */
    static DType dtypeOf(DataType t) {
        if (t.equals(DataTypes.BooleanType)) return DType.BOOL;
        if (t.equals(DataTypes.ByteType) || t.equals(DataTypes.ShortType) || t.equals(DataTypes.IntegerType)) return DType.INT32;
        if (t.equals(DataTypes.LongType)) return DType.INT64;
        if (t.equals(DataTypes.FloatType)) return DType.FLOAT32;
        if (t.equals(DataTypes.DoubleType)) return DType.FLOAT64;
        return null;
    }

    /** The Spark type of a result of numfuse dtype {@code d}. */
    static DataType sparkTypeOf(DType d) {
        return switch (d) {
            case BOOL -> DataTypes.BooleanType;
            case INT32 -> DataTypes.IntegerType;
            case INT64 -> DataTypes.LongType;
            case FLOAT32 -> DataTypes.FloatType;
            case FLOAT64 -> DataTypes.DoubleType;
        };
    }

    /** An empty Java array of the storage type {@code Num.wrap} takes for {@code d}, of {@code n} elements. */
    static Object newArray(DType d, int n) {
        return switch (d) {
            case BOOL -> new byte[n];
            case INT32 -> new int[n];
            case INT64 -> new long[n];
            case FLOAT32 -> new float[n];
            case FLOAT64 -> new double[n];
        };
    }
}
