package io.numfuse.runtime;

import static org.junit.jupiter.api.Assertions.*;

import io.numfuse.ir.Buffer;
import io.numfuse.core.DType;
import io.numfuse.ir.GraphLock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The buffer claims that make operations atomic: shared reads, exclusive writes, all or nothing, writers first. */
class ClaimsTest {
    final Buffer a = Buffer.allocate(DType.FLOAT64, 4), b = Buffer.allocate(DType.FLOAT64, 4);
    int before;

    @BeforeEach
    void lock() {
        before = Claims.claimedBuffers();
        GraphLock.lock();
    }

    @AfterEach
    void unlock() {
        GraphLock.unlock();
        assertEquals(before, Claims.claimedBuffers(), "every claim given back");
    }

    @Test
    void readersShareAndAWriterIsAlone() {
        Claims.Claim r1 = new Claims.Claim().read(a), r2 = new Claims.Claim().read(a), w = new Claims.Claim().write(a);
        assertTrue(r1.tryAcquire());
        assertTrue(r2.tryAcquire());
        assertFalse(w.tryAcquire(), "readers hold it");
        r1.release();
        r2.release();
        assertTrue(w.tryAcquire());
        Claims.Claim r3 = new Claims.Claim().read(a);
        assertFalse(r3.tryAcquire(), "a writer holds it");
        w.release();
        assertTrue(r3.tryAcquire());
        r3.release();
    }

    @Test
    void aClaimTakesAllItsBuffersOrNone() {
        Claims.Claim w = new Claims.Claim().write(b);
        assertTrue(w.tryAcquire());
        Claims.Claim both = new Claims.Claim().read(a).write(b);
        assertFalse(both.tryAcquire());
        Claims.Claim other = new Claims.Claim().write(a);
        assertTrue(other.tryAcquire(), "the failed claim took nothing of a");
        other.release();
        w.release();
        assertTrue(both.tryAcquire());
        both.release();
    }

    @Test
    void aWaitingWriterGoesBeforeNewReaders() {
        Claims.Claim r1 = new Claims.Claim().read(a), w = new Claims.Claim().write(a), r2 = new Claims.Claim().read(a);
        assertTrue(r1.tryAcquire());
        assertFalse(w.tryAcquire());
        assertFalse(r2.tryAcquire(), "a writer waits for a");
        r1.release();
        assertTrue(w.tryAcquire());
        w.release();
        assertTrue(r2.tryAcquire());
        r2.release();
    }

    @Test
    void aWriterThatGivesUpLetsReadersIn() {
        Claims.Claim r1 = new Claims.Claim().read(a), w = new Claims.Claim().write(a), r2 = new Claims.Claim().read(a);
        assertTrue(r1.tryAcquire());
        assertFalse(w.tryAcquire());
        w.release();                         // not held: it leaves the queue
        assertTrue(r2.tryAcquire());
        r1.release();
        r2.release();
    }

    @Test
    void aReadAndAWriteOfOneBufferIsAWriteAndClaimsManyBuffers() {
        Claims.Claim c = new Claims.Claim().read(a).write(a);
        Buffer[] many = new Buffer[40];
        for (int i = 0; i < many.length; i++) c.read(many[i] = Buffer.allocate(DType.INT32, 1));
        c.read(many[7]);
        assertTrue(c.tryAcquire());
        assertFalse(new Claims.Claim().read(a).tryAcquire());
        Claims.Claim w = new Claims.Claim().write(many[39]);
        assertFalse(w.tryAcquire());
        w.release();
        assertTrue(c.covers(new Claims.Claim().read(many[0]).write(a)));
        assertFalse(c.covers(new Claims.Claim().write(many[0])));
        c.release();
    }
}
