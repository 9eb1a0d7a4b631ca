package io.numfuse.ir;

import io.numfuse.core.DType;
import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/** What a buffer notes of the writes since its last snapshot (see {@link Buffer#detachSnapshot}). */
class WriteRecordTest {
    static View row(Buffer b, int r, int n) { return new View(b, r * n, new int[] { n }, new int[] { 1 }); }

    @Test
    void nothingIsNotedBeforeTheFirstSnapshot() {
        Buffer b = Buffer.allocate(DType.FLOAT64, 16);
        for (int k = 0; k < 100; k++) b.noteWrite(row(b, k % 4, 4));
        assertEquals(-1, b.notedWrites());
    }

    @Test
    void aRepeatedViewIsNotedOnceAndTooManyViewsGiveUp() {
        Buffer b = Buffer.allocate(DType.FLOAT64, 100);
        View box = new View(b, 11, new int[] { 8, 8 }, new int[] { 10, 1 });
        b.detachSnapshot(box);
        b.contentsDefined();
        for (int k = 0; k < 1000; k++) b.noteWrite(box);
        assertEquals(1, b.notedWrites());
        for (int r = 0; r < Buffer.MAX_NOTED - 1; r++) b.noteWrite(row(b, r, 10));
        assertEquals(Buffer.MAX_NOTED, b.notedWrites());
        b.noteWrite(row(b, 9, 10));
        assertEquals(-1, b.notedWrites(), "past the cap the record gives up instead of growing");
        b.detachSnapshot(box);
        assertEquals(0, b.notedWrites(), "a new snapshot starts a new record");
        b.contentsDefined();
        b.setDouble(3, 1.0);
        assertEquals(-1, b.notedWrites(), "a host element write is no view's");
    }
}
