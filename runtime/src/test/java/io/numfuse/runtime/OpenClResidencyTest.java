package io.numfuse.runtime;

import static org.junit.jupiter.api.Assertions.*;

import io.numfuse.ir.Buffer;
import io.numfuse.core.DType;
import io.numfuse.ir.Graph;
import io.numfuse.ir.Node;
import io.numfuse.ir.Op;
import io.numfuse.ir.View;
import io.numfuse.ir.WriteSnapshot;
import org.junit.jupiter.api.Test;

/**
 * Residency within an evaluation: a chain of kernels keeps its data on the device (each input
 * uploaded once, the temporary never copied, the result copied back once when read), and an output
 * that a kernel writes only in part is uploaded first, so the rest of it survives.
 */
class OpenClResidencyTest {
    static Buffer filled(int n, int salt) {
        Buffer b = Buffer.allocate(DType.FLOAT64, n);
        for (int i = 0; i < n; i++) b.setDouble(i, (i * 7 + salt) % 13 - 6);
        return b;
    }

    /** A released device buffer is a spare the cost model sees: a new result of its size then costs no new memory there. */
    @Test
    void aReleasedBufferIsASpareTheCostModelSees() {
        OpenClTarget t = OpenClTests.first();
        int n = 123_457;                                    // a size no other test's buffers have
        Buffer first = Buffer.allocate(DType.FLOAT32, n), next = Buffer.allocate(DType.FLOAT32, n);
        DeviceCopies copies = DeviceCopies.INSTANCE;
        // the spares other tests left may fill the spares' cap, and a buffer released past it is freed
        // (the whole module's run failed here once, after the fault stress test)
        copies.dropSpares(t.device());
        assertFalse(copies.hasSpareFor(next, t.device()), "no buffer of its size yet");
        copies.discard(copies.acquire(first, t.device(), false));   // made for a kernel that did not run: released
        assertTrue(copies.hasSpareFor(next, t.device()), "the released buffer is kept as a spare of its size");
        copies.discard(copies.acquire(next, t.device(), false));   // takes it, and gives it back
        assertTrue(copies.hasSpareFor(first, t.device()));
    }

    @Test
    void aChainStaysOnTheDeviceAndComesBackOnce() {
        OpenClTarget t = OpenClTests.first();
        Buffer a = filled(1000, 1), b = filled(1000, 2);
        // kernel 1: s = sum(a * b) into a temporary; kernel 2: a + s * b reads a and b again
        java.util.function.Supplier<Node> build = () -> {
            Node x = Graph.leaf(View.contiguous(a, 1000)), y = Graph.leaf(View.contiguous(b, 1000));
            return Graph.binary(Op.ADD, x, Graph.binary(Op.MUL, Graph.reduce(Op.SUM, Graph.binary(Op.MUL, x, y), null, false), y));
        };
        View want = Executor.evaluate(build.get(), null, InterpreterTarget.INSTANCE);
        long up = DeviceCopies.uploads.get(), down = DeviceCopies.downloads.get(), falls = t.fallbackCount();
        View got = Executor.evaluate(build.get(), null, t);
        assertEquals(falls, t.fallbackCount());
        assertEquals(2, DeviceCopies.uploads.get() - up, "a and b uploaded once each; the temporary not at all");
        assertEquals(0, DeviceCopies.downloads.get() - down, "the result stays on the device until it is read");
        assertEquals(DeviceCopies.Residency.DEVICE, DeviceCopies.residencyOf(got.buffer()));
        for (int i = 0; i < 1000; i++) assertEquals(want.buffer().getDouble(i), got.buffer().getDouble(i), 1e-9 * 1000);
        assertEquals(1, DeviceCopies.downloads.get() - down, "reading the result copies it back once");
    }

    @Test
    void aPartlyWrittenOutputKeepsItsOtherElements() {
        OpenClTarget t = OpenClTests.first();
        Buffer target = filled(100, 3), src = filled(50, 4);
        double[] before = ((double[]) target.array()).clone();
        View odd = new View(target, 1, new int[] { 50 }, new int[] { 2 });   // target[1::2] = src * 2
        Executor.evaluate(Graph.binary(Op.MUL, Graph.leaf(View.contiguous(src, 50)), Graph.weak(2.0)), odd, t);
        for (int i = 0; i < 100; i++) {
            double expect = i % 2 == 1 ? src.getDouble(i / 2) * 2 : before[i];
            assertEquals(expect, target.getDouble(i), "element " + i);
        }
    }

    @Test
    void inPlaceUpdatesReadTheOldValues() {
        OpenClTarget t = OpenClTests.first();
        Buffer u = filled(64, 5);
        double[] before = ((double[]) u.array()).clone();
        View all = View.contiguous(u, 64);
        WriteSnapshot.copyForReaders(u);
        Executor.evaluate(Graph.binary(Op.ADD, Graph.leaf(all), Graph.weak(1.0)), all, t);   // u = u + 1
        for (int i = 0; i < 64; i++) assertEquals(before[i] + 1, u.getDouble(i));
    }
}
