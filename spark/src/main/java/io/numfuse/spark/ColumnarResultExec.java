package io.numfuse.spark;

import java.util.Iterator;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.Attribute;
import org.apache.spark.sql.catalyst.expressions.AttributeSet;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.classic.ExpressionUtils;
import org.apache.spark.sql.classic.SparkSession;
import org.apache.spark.sql.execution.adaptive.LogicalQueryStage;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.vectorized.ColumnarBatch;
import scala.collection.immutable.IndexedSeq;
import scala.collection.immutable.Seq;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The physical plan node of a DataFrame whose partitions numfuse computes as Spark's columnar
 * batches: the input batch's column vectors and numfuse's results after them. Spark converts it
 * to rows where its parent needs them, with its whole-stage generated loop over the vectors
 * ({@code ColumnarToRow}), which reads only the columns the query uses: no row is made for the
 * result, and a column nobody reads is never touched.
 *
 * <p>The DataFrame's logical plan is Spark's {@link LogicalQueryStage}, the node its adaptive
 * execution uses for a part of a plan that is planned already: it carries this node, which
 * Spark's planner then uses as it is, and a logical plan of the same rows (an RDD of rows over
 * the same batches), which gives the optimiser its output and statistics. Above it, each column
 * under an alias of its own name: a query that reads the DataFrame twice (a self-join) gives the
 * second its own column identities through those aliases, as Spark does for its own projections
 * (the stage itself is not a relation Spark can instantiate anew), and the optimiser removes them.
 *
 * <p>Applications do not use this class: it is public because Spark copies plan nodes through
 * their public constructors.
 */
public final class ColumnarResultExec extends SparkPlan {
    /** The columns, in the batches' order (serialised with the plan, as Spark's plan nodes are). */
    private final Seq<Attribute> output;
    /** Each partition's batches, with a column vector per output column. */
    private final RDD<ColumnarBatch> batches;

    /**
     * A node of the given output columns over the given batches.
     *
     * @param output  the columns, in the batches' order
     * @param batches each partition's batches, with a column vector per output column
     */
    public ColumnarResultExec(Seq<Attribute> output, RDD<ColumnarBatch> batches) {
        this.output = output;
        this.batches = batches;
    }

    /**
     * The DataFrame of {@code schema} whose partitions are {@code batches}; {@code columnar} false:
     * the DataFrame of their rows (an RDD of rows, each row read through a {@code ColumnarBatchRow}).
     */
    static Dataset<Row> dataFrame(SparkSession session, RDD<ColumnarBatch> batches, StructType schema, boolean columnar) {
        RDD<InternalRow> rows = batches.toJavaRDD().mapPartitions(ColumnarResultExec::rows).rdd();
        org.apache.spark.sql.classic.Dataset<Row> ofRows = session.internalCreateDataFrame(rows, schema, false);
        if (!columnar) return ofRows;
        LogicalPlan logical = ofRows.logicalPlan();
        SparkPlan physical = new ColumnarResultExec(logical.output(), batches);
        return org.apache.spark.sql.classic.Dataset.ofRows(session, new LogicalQueryStage(logical, physical))
                .select(aliases(logical.output()));
    }

    private static Column[] aliases(Seq<Attribute> output) {
        return CollectionConverters.asJava(output).stream().map(a -> ExpressionUtils.column(a).as(a.name())).toArray(Column[]::new);
    }

    private static Iterator<InternalRow> rows(Iterator<ColumnarBatch> batches) {
        return PartitionJob.flatten(batches, ColumnarBatch::rowIterator);
    }

    /**
     * The columns.
     *
     * @return the output attributes
     */
    @Override public Seq<Attribute> output() { return output; }

    /**
     * None: a leaf.
     *
     * @return the empty sequence
     */
    @Override public Seq<SparkPlan> children() { return scala.collection.immutable.List$.MODULE$.empty(); }

    /**
     * This node: it has no children to replace.
     *
     * @param children the new children, none
     * @return this node
     */
    @Override public SparkPlan withNewChildrenInternal(IndexedSeq<SparkPlan> children) { return this; }

    /**
     * The columns this node makes, as a leaf's.
     *
     * @return the output's attributes
     */
    @Override public AttributeSet producedAttributes() { return outputSet(); }

    /**
     * True: the batches are the node's result.
     *
     * @return true
     */
    @Override public boolean supportsColumnar() { return true; }

    /**
     * The batches.
     *
     * @return each partition's columnar batches
     */
    @Override public RDD<ColumnarBatch> doExecuteColumnar() { return batches; }

    /**
     * Not called: Spark's planner puts its conversion to rows above a columnar node.
     *
     * @return never
     * @throws IllegalStateException always
     */
    @Override public RDD<InternalRow> doExecute() {
        throw new IllegalStateException("numfuse's columnar result is read through Spark's ColumnarToRow conversion");
    }

    /**
     * The constructor's arguments: 2.
     *
     * @return 2
     */
    @Override public int productArity() { return 2; }

    /**
     * The constructor's arguments, in order: the output, then the batches.
     *
     * @param n 0 or 1
     * @return the argument
     */
    @Override public Object productElement(int n) {
        return switch (n) {
            case 0 -> output;
            case 1 -> batches;
            default -> throw new IndexOutOfBoundsException(n);
        };
    }

    /**
     * Whether {@code that} is a node of this class.
     *
     * @param that another object
     * @return whether it is a {@code ColumnarResultExec}
     */
    @Override public boolean canEqual(Object that) { return that instanceof ColumnarResultExec; }
}
