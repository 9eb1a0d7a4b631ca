package io.numfuse.runtime;

import static org.junit.jupiter.api.Assertions.*;

import io.numfuse.ir.Buffer;
import io.numfuse.ir.Complement;
import io.numfuse.core.DType;
import io.numfuse.ir.Fusion;
import io.numfuse.ir.Graph;
import io.numfuse.ir.Kernel;
import io.numfuse.ir.View;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Copies between views done as rect copies on a device agree with the interpreter's, whatever the views. */
class OpenClRectTest {

    static Kernel copyKernel(View from, View to) {
        List<Kernel> ks = Fusion.plan(Graph.leaf(from), to, JvmTarget.INSTANCE.maxKernelBody()).kernels();
        assertEquals(1, ks.size());
        return ks.get(0);
    }

    @Test
    void theFrameOfAJacobiGridIsRectCopies() {
        int n = 50;
        View u = View.contiguous(Buffer.allocate(DType.FLOAT64, n * n), n, n), s = View.contiguous(Buffer.allocate(DType.FLOAT64, n * n), n, n);
        List<View> frame = Complement.of(u.slice(0, 1, n - 2, 1).slice(1, 1, n - 2, 1));
        assertEquals(2, frame.size());
        for (View p : frame) {
            View from = new View(s.buffer(), p.offset(), p.shape(), p.strides());
            assertNotNull(OpenClRect.of(copyKernel(from, p)), "a rect copy: " + p);
        }
        assertNull(OpenClRect.of(copyKernel(u.permute(new int[] { 1, 0 }), s)), "a transpose is a kernel");
    }

    @Test
    void randomCopiesAgreeWithTheInterpreter() {
        OpenClTarget t = OpenClTests.first();
        SplittableRandom rnd = new SplittableRandom(7);
        int rects = 0;
        for (int trial = 0; trial < 300; trial++) {
            DType dt = rnd.nextBoolean() ? DType.FLOAT64 : DType.INT32;
            int[] shape = { 1 + rnd.nextInt(5), 1 + rnd.nextInt(5), 1 + rnd.nextInt(6) };
            View from = randomView(dt, shape, rnd), to = randomView(dt, shape, rnd);
            Kernel k = copyKernel(from, to);
            if (OpenClRect.of(k) != null) rects++;
            Buffer want = to.buffer().copy();
            Executor.evaluate(Graph.leaf(from), new View(want, to.offset(), to.shape(), to.strides()), InterpreterTarget.INSTANCE);
            Executor.evaluate(Graph.leaf(from), to, t);
            for (int i = 0; i < want.length(); i++) {
                assertEquals(value(want, i), value(to.buffer(), i), "trial " + trial + ": " + from + " -> " + to + ", element " + i);
            }
        }
        assertTrue(rects > 100, "most copies were rect copies: " + rects);
        assertEquals(0, t.fallbackCount());
    }

    static double value(Buffer b, int i) { return b.dtype().isFloat() ? b.getDouble(i) : b.getLong(i); }

    /** A view of {@code shape} in a larger buffer: a box of it, sometimes with a step or its axes in another order. */
    static View randomView(DType dt, int[] shape, SplittableRandom rnd) {
        int[] base = new int[3];
        for (int d = 0; d < 3; d++) base[d] = shape[d] + rnd.nextInt(3);
        Buffer b = Buffer.allocate(dt, base[0] * base[1] * base[2] * 2);
        for (int i = 0; i < b.length(); i++) { if (dt.isFloat()) b.setDouble(i, rnd.nextInt(1000) * 0.5); else b.setLong(i, rnd.nextInt(1000)); }
        View v = View.contiguous(b, 2, base[0], base[1], base[2]).index(0, rnd.nextInt(2));
        for (int d = 0; d < 3; d++) v = v.slice(d, rnd.nextInt(base[d] - shape[d] + 1), shape[d], 1);
        if (rnd.nextInt(4) == 0 && shape[2] * 2 <= base[2]) v = View.contiguous(b, 2, base[0], base[1], base[2]).index(0, 0)
                .slice(0, 0, shape[0], 1).slice(1, 0, shape[1], 1).slice(2, 0, shape[2], 2);
        return v;
    }
}
