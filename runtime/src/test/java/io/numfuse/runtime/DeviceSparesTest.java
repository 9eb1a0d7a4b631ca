package io.numfuse.runtime;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import org.jocl.cl_mem;
import org.junit.jupiter.api.Test;

/**
 * {@link DeviceSpares}: released device buffers kept for reuse within a cap, on this machine's
 * OpenCL device; past the cap the spares released longest ago make room, whatever their size.
 */
class DeviceSparesTest {
    /**
     * A pool full of one size still keeps a buffer of a new size, releasing the oldest spares to
     * make room: kept as they came, the selection suite's first two cases filled the 1 GiB cap and
     * every later case's results (300,000 of them) were released and made anew.
     */
    @Test
    void pastTheCapTheSparesReleasedLongestAgoMakeRoom() {
        OpenClDevice d = OpenClTests.first().deviceForTests();
        DeviceSpares spares = new DeviceSpares();
        long cap = 10_000;
        List<cl_mem> small = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            cl_mem m = DeviceMemory.rawAllocate(d, 1_000);
            small.add(m);
            spares.offer(d, m, 1_000, cap);
        }
        assertEquals(5_000, spares.bytesOn(d));
        long evictedBefore = DeviceSpares.evicted.get();
        cl_mem large = DeviceMemory.rawAllocate(d, 8_000);
        spares.offer(d, large, 8_000, cap);
        assertEquals(3, DeviceSpares.evicted.get() - evictedBefore, "three of the oldest made room");
        assertEquals(10_000, spares.bytesOn(d));
        assertTrue(spares.has(d, 8_000), "the new size is kept");
        assertSame(large, spares.take(d, 8_000));
        assertSame(small.get(4), spares.take(d, 1_000), "the latest released first");
        assertSame(small.get(3), spares.take(d, 1_000), "the two released last were kept");
        assertNull(spares.take(d, 1_000), "the three released first were not");
        assertEquals(0, spares.bytesOn(d));
        for (cl_mem m : List.of(large, small.get(3), small.get(4))) DeviceMemory.releaseMem(m);
    }

    /** A buffer larger than the cap is released at once, and the spares kept stay. */
    @Test
    void aBufferLargerThanTheCapIsNotKept() {
        OpenClDevice d = OpenClTests.first().deviceForTests();
        DeviceSpares spares = new DeviceSpares();
        cl_mem kept = DeviceMemory.rawAllocate(d, 1_000);
        spares.offer(d, kept, 1_000, 4_000);
        spares.offer(d, DeviceMemory.rawAllocate(d, 5_000), 5_000, 4_000);
        assertFalse(spares.has(d, 5_000));
        assertEquals(1_000, spares.bytesOn(d));
        assertTrue(spares.drop(d));
        assertEquals(0, spares.bytesOn(d));
    }

    /** Many takes and offers under the cap: the release order's entries of taken spares do not pile up (what is kept stays consistent). */
    @Test
    void takesAndOffersUnderTheCapKeepTheCountsRight() {
        OpenClDevice d = OpenClTests.first().deviceForTests();
        DeviceSpares spares = new DeviceSpares();
        cl_mem m = DeviceMemory.rawAllocate(d, 64);
        spares.offer(d, m, 64, 1_000);
        for (int i = 0; i < 10_000; i++) {
            cl_mem t = spares.take(d, 64);
            assertSame(m, t);
            spares.offer(d, t, 64, 1_000);
        }
        assertEquals(64, spares.bytesOn(d));
        for (int i = 0; i < 20; i++) spares.offer(d, DeviceMemory.rawAllocate(d, 64), 64, 1_000);   // past the cap: 15 of 21 fit
        assertEquals(960, spares.bytesOn(d));
        assertTrue(spares.drop(d));
    }
}
