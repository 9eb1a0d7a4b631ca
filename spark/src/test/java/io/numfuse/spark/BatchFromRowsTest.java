package io.numfuse.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.numfuse.core.DType;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.Test;

/** Batches gathered from rows: arrays that grow with the rows read, whatever batchRows allows. */
class BatchFromRowsTest {
    private static final InputSlot[] SLOTS = { new InputSlot("a", 0, DataTypes.DoubleType, DType.FLOAT64) };

    /** Rows 0..n-1 of one double column, null where the row number is a multiple of 7. */
    private static Iterator<InternalRow> rows(int n) {
        List<InternalRow> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) rows.add(new GenericInternalRow(new Object[] { i % 7 == 0 ? null : (double) i }));
        return rows.iterator();
    }

    @Test
    void aHugeBatchSizeOverAFewRowsAllocatesForTheRows() {
        // before, 300,000,000 doubles (2.4 GB) and as many row references were allocated before the first row: OutOfMemoryError
        Iterator<Batch> batches = Batch.fromRows(rows(4), SLOTS, 300_000_000, true);
        Batch b = batches.next();
        assertEquals(4, b.n);
        assertArrayEquals(new double[] { 0, 1, 2, 3 }, (double[]) b.values[0]);
        assertArrayEquals(new boolean[] { true, false, false, false }, b.nulls[0]);
        assertEquals(4, b.rows.length);
        assertFalse(batches.hasNext());
    }

    @Test
    void theArraysGrowPastTheirFirstCapacityAndKeepEveryRow() {
        int n = 3 * Batch.FIRST_CAPACITY + 5, batchRows = 2 * Batch.FIRST_CAPACITY + 3;
        for (boolean keepRows : new boolean[] { false, true }) {
            Iterator<Batch> batches = Batch.fromRows(rows(n), SLOTS, batchRows, keepRows);
            int first = 0;
            while (batches.hasNext()) {
                Batch b = batches.next();
                assertEquals(Math.min(batchRows, n - first), b.n);
                double[] values = (double[]) b.values[0];
                assertEquals(b.n, values.length);
                for (int i = 0; i < b.n; i++) {
                    int row = first + i;
                    assertEquals(row % 7 == 0, b.nulls[0][i], "null at row " + row);
                    if (row % 7 != 0) assertEquals(row, values[i], "row " + row);
                    if (keepRows) assertEquals(row % 7 == 0 ? null : (Object) (double) row, b.rows[i].isNullAt(0) ? null : b.rows[i].getDouble(0));
                }
                if (!keepRows) assertNull(b.rows);
                first += b.n;
            }
            assertEquals(n, first);
        }
    }
}
