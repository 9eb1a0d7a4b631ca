package io.numfuse.spark;

import io.numfuse.core.DType;
import java.io.Serializable;
import org.apache.spark.sql.types.DataType;

/**
 * A DataFrame column that a batch holds as a numfuse array: its ordinal in the rows (or
 * columnar batches) of the input, its Spark type and the dtype it is read as.
 *
 * @param column    the column's name
 * @param ordinal   its position in the input's schema
 * @param sparkType its Spark type
 * @param dtype     the numfuse dtype of its array ({@link SparkTypes#dtypeOf})
 */
record InputSlot(String column, int ordinal, DataType sparkType, DType dtype) implements Serializable {}
