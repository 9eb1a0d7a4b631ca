/**
 * numfuse over Apache Spark: {@link io.numfuse.spark.NumfuseSpark} evaluates numfuse expressions
 * over the numeric columns of DataFrames, partition by partition inside the executors, one fused
 * evaluation per batch of rows, and computes aggregates from per-partition partial results.
 */
package io.numfuse.spark;
