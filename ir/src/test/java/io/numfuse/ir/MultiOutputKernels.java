package io.numfuse.ir;

import io.numfuse.core.DType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Multi-output map kernels for the backends' tests ({@link Kernel#extras()}): built by hand, so
 * that each path of a backend's stores is taken (a vectorised select, a block function, an
 * invariant value, a strided and a transposed output, rank 0), and the interpreter's values of
 * every output to compare with.
 */
public final class MultiOutputKernels {
    private MultiOutputKernels() {}

    /** The kernels over {@code n} elements (the innermost axis), named, with random inputs (NaN and -0.0 among them) and fresh outputs. */
    public static Map<String, Kernel> all(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        Map<String, Kernel> m = new LinkedHashMap<>();
        {   // where(a > b, a*b, a-b), storing a*b (float32), a > b (bool) and int32(a*b) too
            View a = random(DType.FLOAT32, r, n), b = random(DType.FLOAT32, r, n);
            List<Instr> body = List.of(new Instr.Load(0, DType.FLOAT32), new Instr.Load(1, DType.FLOAT32),
                    new Instr.Binary(Op.MUL, DType.FLOAT32, 0, 1), new Instr.Binary(Op.GT, DType.BOOL, 0, 1),
                    new Instr.Binary(Op.SUB, DType.FLOAT32, 0, 1), new Instr.Cast(DType.INT32, 2), new Instr.Select(DType.FLOAT32, 3, 2, 4));
            m.put("select", new Kernel(new int[] { n }, List.of(a, b), body, new long[0], out(DType.FLOAT32, n), null, null,
                    List.of(new Kernel.Store(2, out(DType.FLOAT32, n)), new Kernel.Store(3, out(DType.BOOL, n)), new Kernel.Store(5, out(DType.INT32, n)))));
        }
        for (DType t : new DType[] { DType.FLOAT32, DType.FLOAT64 }) {   // exp(a) * b, storing exp(a): a block function's value (a product: no cancellation to magnify its ulp)
            View a = random(t, r, n), b = random(t, r, n);
            List<Instr> body = List.of(new Instr.Load(0, t), new Instr.Unary(Op.EXP, t, 0), new Instr.Load(1, t), new Instr.Binary(Op.MUL, t, 1, 2));
            m.put("exp_" + t.numpyName(), new Kernel(new int[] { n }, List.of(a, b), body, new long[0], out(t, n), null, null,
                    List.of(new Kernel.Store(1, out(t, n)))));
        }
        {   // 3 x n: a + r (r broadcast along the rows), storing r's row value (invariant in the inner loop) and a, transposed
            View a = View.contiguous(random(DType.FLOAT64, r, 3 * n).buffer(), 3, n);
            Buffer rb = random(DType.FLOAT64, r, 3).buffer();
            View row = new View(rb, 0, new int[] { 3, n }, new int[] { 1, 0 });
            Buffer tb = Buffer.allocate(DType.FLOAT64, 3 * n);
            View transposed = new View(tb, 0, new int[] { 3, n }, new int[] { 1, 3 });
            Buffer sb = Buffer.allocate(DType.FLOAT64, 6 * n + 1);
            View strided = new View(sb, 1, new int[] { 3, n }, new int[] { 2 * n, 2 });
            List<Instr> body = List.of(new Instr.Load(0, DType.FLOAT64), new Instr.Load(1, DType.FLOAT64), new Instr.Binary(Op.ADD, DType.FLOAT64, 0, 1));
            m.put("invariant_transposed", new Kernel(new int[] { 3, n }, List.of(a, row), body, new long[0], strided, null, null,
                    List.of(new Kernel.Store(1, out(DType.FLOAT64, 3, n)), new Kernel.Store(0, transposed))));
        }
        {   // rank 0: -a, storing a
            Buffer ab = Buffer.allocate(DType.INT64, 1);
            ab.setLong(0, 7 + r.nextInt(100));
            View a = new View(ab, 0, new int[0], new int[0]);
            List<Instr> body = List.of(new Instr.Load(0, DType.INT64), new Instr.Unary(Op.NEG, DType.INT64, 0));
            m.put("rank0", new Kernel(new int[0], List.of(a), body, new long[0], out(DType.INT64), null, null,
                    List.of(new Kernel.Store(0, out(DType.INT64)))));
        }
        return m;
    }

    /**
     * The interpreter's values of each of {@code k}'s outputs (output first, then the extras'),
     * computed into copies of their buffers: {@code k}'s own buffers are left as they are.
     */
    public static List<Buffer> expected(Kernel k) {
        List<Buffer> copies = new ArrayList<>();
        Map<Buffer, Buffer> copied = new java.util.IdentityHashMap<>();
        for (View o : k.outputs()) copies.add(copied.computeIfAbsent(o.buffer(), Buffer::copy));
        List<Kernel.Store> extras = new ArrayList<>();
        for (int j = 0; j < k.extras().size(); j++) {
            Kernel.Store e = k.extras().get(j);
            extras.add(new Kernel.Store(e.value(), onto(e.view(), copies.get(j + 1))));
        }
        Interpreter.run(new Kernel(k.shape(), k.inputs(), k.body(), k.params(), onto(k.output(), copies.get(0)), null, null, extras));
        return copies;
    }

    /**
     * The plain Mandelbrot of {@code steps} iterations over {@code n} points (as
     * MandelbrotDemo.plain writes it, with no eval): a lattice deep and shared enough that the
     * fusion pass cuts it at levels into multi-output kernels. Returns the count, lazy.
     */
    public static Node mandelbrot(int n, int steps, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        Buffer crb = Buffer.allocate(DType.FLOAT32, n), cib = Buffer.allocate(DType.FLOAT32, n);
        for (int i = 0; i < n; i++) {
            crb.setDouble(i, r.nextDouble(-2.13, 0.77));
            cib.setDouble(i, r.nextDouble(-1.3, 1.3));
        }
        Node cr = Graph.leaf(View.contiguous(crb, n)), ci = Graph.leaf(View.contiguous(cib, n));
        Node zr = cr, zi = ci, count = Graph.leaf(View.contiguous(Buffer.allocate(DType.FLOAT32, n), n));
        for (int k = 0; k < steps; k++) {
            Node zr2 = Graph.binary(Op.MUL, zr, zr), zi2 = Graph.binary(Op.MUL, zi, zi);
            Node inside = Graph.binary(Op.LE, Graph.binary(Op.ADD, zr2, zi2), Graph.weak(4.0));
            Node nzr = Graph.where(inside, Graph.binary(Op.ADD, Graph.binary(Op.SUB, zr2, zi2), cr), zr);
            Node nzi = Graph.where(inside, Graph.binary(Op.ADD, Graph.binary(Op.MUL, Graph.binary(Op.MUL, zr, zi), Graph.weak(2.0)), ci), zi);
            Node escapes = Graph.binary(Op.AND, inside,
                    Graph.binary(Op.GT, Graph.binary(Op.ADD, Graph.binary(Op.MUL, nzr, nzr), Graph.binary(Op.MUL, nzi, nzi)), Graph.weak(4.0)));
            count = Graph.where(escapes, Graph.weak((double) k), count);
            zr = nzr;
            zi = nzi;
        }
        return count;
    }

    private static View onto(View v, Buffer b) { return new View(b, v.offset(), v.shape(), v.strides()); }

    private static View out(DType t, int... shape) {
        return View.contiguous(Buffer.allocate(t, Shapes.size(shape)), shape);
    }

    private static View random(DType t, SplittableRandom r, int n) {
        Buffer b = Buffer.allocate(t, n);
        for (int i = 0; i < n; i++) {
            int pick = r.nextInt(20);
            double v = pick == 0 ? Double.NaN : pick == 1 ? -0.0 : r.nextDouble(-3, 3);
            if (t.isFloat()) b.setDouble(i, v); else b.setLong(i, (long) (Double.isNaN(v) ? 1 : v * 10));
        }
        return View.contiguous(b, n);
    }
}
