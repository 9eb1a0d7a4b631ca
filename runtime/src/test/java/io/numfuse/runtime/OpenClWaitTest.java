package io.numfuse.runtime;

import static org.junit.jupiter.api.Assertions.*;

import io.numfuse.ir.Buffer;
import io.numfuse.core.DType;
import io.numfuse.ir.Graph;
import io.numfuse.ir.Node;
import io.numfuse.ir.Op;
import io.numfuse.ir.View;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * How an evaluation waits for its last kernel (OpenClWait): a short kernel's wait ends while
 * polling its event, and a kernel whose last run took longer than the polling budget is waited
 * for by blocking at once. Results are checked against the interpreter either way.
 */
class OpenClWaitTest {
    /** {@code exp(sin(x)) * cos(x) + x} over n float64 values. */
    static Node expr(int n) {
        Buffer b = Buffer.allocate(DType.FLOAT64, n);
        for (int i = 0; i < n; i++) b.setDouble(i, i * 1e-3);
        Node x = Graph.leaf(View.contiguous(b, n));
        return Graph.binary(Op.ADD, Graph.binary(Op.MUL, Graph.unary(Op.EXP, Graph.unary(Op.SIN, x)), Graph.unary(Op.COS, x)), x);
    }

    static void evaluateAndCheck(int n, OpenClTarget t) {
        OpenClTests.assertClose(OpenClTests.doubles(Executor.evaluate(expr(n), null, InterpreterTarget.INSTANCE)),
                OpenClTests.doubles(Executor.evaluate(expr(n), null, t)), n + " elements");
    }

    @Test
    void aShortKernelIsWaitedForByPolling() {
        OpenClTarget t = OpenClTests.first();
        OpenClWait w = t.deviceForTests().wait;
        long caught = w.caught();
        for (int i = 0; i < 200; i++) evaluateAndCheck(64, t);
        assertTrue(w.caught() > caught, "no wait of 200 for a 64-element kernel ended while polling");
    }

    @Test
    void aLongKernelIsWaitedForByBlocking() {
        OpenClTarget t = OpenClTests.first();
        OpenClWait w = t.deviceForTests().wait;
        int n = 4_000_000;     // milliseconds on PoCL, far past the polling budget
        evaluateAndCheck(n, t);                  // learns how long the kernel takes
        Assumptions.assumeTrue(w.lastNanos() > OpenClWait.POLL_NANOS || OpenClTests.required(),   // in CI (PoCL) it runs
                "the kernel took " + w.lastNanos() / 1000 + " us on " + t.name() + ", within the polling budget: nothing to check on this device");
        long polls = w.polls();
        evaluateAndCheck(n, t);
        assertEquals(polls, w.polls(), "the second wait for a long kernel polled");
    }
}
