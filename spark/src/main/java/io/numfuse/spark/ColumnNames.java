package io.numfuse.spark;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * Names as Spark resolves them: a name in an expression is the one column of that name (more than
 * one is ambiguous, as Spark's {@code AMBIGUOUS_REFERENCE}), and a new column takes the place of
 * every column of its name, as {@link Dataset#withColumn} does (after a join, both {@code k}s of
 * {@code [k, a, k, b]}). Names are compared as the session's {@value #CASE_SENSITIVE} says:
 * case-insensitively unless it is true.
 */
final class ColumnNames {
    /** Spark's setting of whether names are compared case-sensitively ({@code false} by default). */
    static final String CASE_SENSITIVE = "spark.sql.caseSensitive";

    private final boolean caseSensitive;

    ColumnNames(boolean caseSensitive) { this.caseSensitive = caseSensitive; }

    /** The names of {@code session}, as its {@value #CASE_SENSITIVE} compares them now. */
    static ColumnNames of(SparkSession session) {
        return new ColumnNames(Boolean.parseBoolean(session.conf().get(CASE_SENSITIVE, "false").trim()));
    }

    /** True when {@code a} and {@code b} name the same column. */
    boolean same(String a, String b) { return caseSensitive ? a.equals(b) : a.equalsIgnoreCase(b); }

    /** The ordinals of the columns of {@code schema} that {@code name} names, in order. */
    int[] ordinals(StructType schema, String name) {
        String[] fields = schema.fieldNames();
        return java.util.stream.IntStream.range(0, fields.length).filter(i -> same(fields[i], name)).toArray();
    }

    /** A new column: its name and its expression. */
    record Added(String name, String expression) {}

    /**
     * {@code added} with each column that a later one names dropped, the later one in its place
     * (as a chain of {@link Dataset#withColumn} calls does: {@code x} then {@code X} is {@code X}
     * where {@code x} was, unless names are case-sensitive).
     */
    List<Added> merged(List<Added> added) {
        List<Added> out = new ArrayList<>();
        for (Added a : added) {
            int at = -1;
            for (int k = 0; k < out.size() && at < 0; k++) if (same(out.get(k).name(), a.name())) at = k;
            if (at >= 0) out.set(at, a);
            else out.add(a);
        }
        return out;
    }

    /** True when one of {@code added} names a column of {@code schema}, which it then replaces. */
    boolean replaces(StructType schema, List<Added> added) {
        return added.stream().anyMatch(a -> ordinals(schema, a.name()).length > 0);
    }

    /**
     * {@code result} (the columns of {@code schema}, then {@code added}'s) with each new column that
     * names old ones in their places, and the others after them. The columns are first renamed by
     * position, so that neither duplicate names (a join's) nor a column already named like a
     * temporary one makes a reference ambiguous.
     */
    Dataset<Row> replaced(Dataset<Row> result, StructType schema, List<Added> added) {
        int n = schema.size();
        String[] temporary = new String[n + added.size()];
        for (int i = 0; i < temporary.length; i++) temporary[i] = "c" + i;
        Dataset<Row> renamed = result.toDF(temporary);
        List<Column> select = new ArrayList<>();
        boolean[] placed = new boolean[added.size()];
        for (int i = 0; i < n; i++) {
            String field = schema.fields()[i].name();
            int k = 0;
            while (k < added.size() && !same(added.get(k).name(), field)) k++;
            if (k < added.size()) {
                select.add(renamed.col(temporary[n + k]).as(added.get(k).name()));
                placed[k] = true;
            } else {
                select.add(renamed.col(temporary[i]).as(field));
            }
        }
        for (int k = 0; k < added.size(); k++) if (!placed[k]) select.add(renamed.col(temporary[n + k]).as(added.get(k).name()));
        return renamed.select(select.toArray(Column[]::new));
    }
}
