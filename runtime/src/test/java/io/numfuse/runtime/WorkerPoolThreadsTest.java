package io.numfuse.runtime;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/**
 * {@code NUMFUSE_THREADS} caps the pool: above the cores it gives the cores (99999 used to
 * start 99,998 workers), and 0, negative or not a number gives all cores (0 and -1 used to
 * mean 1). Parsed without the environment, through {@link WorkerPool#threadCount(String, int)}.
 */
class WorkerPoolThreadsTest {
    @Test
    void unsetGivesAllCores() { assertEquals(4, WorkerPool.threadCount(null, 4)); }

    @Test
    void aValueFromOneUpToTheCoresIsKept() {
        assertEquals(1, WorkerPool.threadCount("1", 4));
        assertEquals(3, WorkerPool.threadCount(" 3 ", 4));
        assertEquals(4, WorkerPool.threadCount("4", 4));
    }

    @Test
    void aValueAboveTheCoresIsCappedAtThem() {
        assertEquals(2, WorkerPool.threadCount("8", 2));
        assertEquals(2, WorkerPool.threadCount("99999", 2));
        assertEquals(2, WorkerPool.threadCount("99999999999999999999", 2), "beyond long too");
    }

    @Test
    void zeroNegativeOrNotANumberGivesAllCores() {
        assertEquals(4, WorkerPool.threadCount("0", 4));
        assertEquals(4, WorkerPool.threadCount("-1", 4));
        assertEquals(4, WorkerPool.threadCount("-99999999999999999999", 4));
        assertEquals(4, WorkerPool.threadCount("abc", 4));
        assertEquals(4, WorkerPool.threadCount("2.5", 4));
        assertEquals(4, WorkerPool.threadCount("", 4));
    }
}
