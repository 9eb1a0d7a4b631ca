package io.numfuse.jvm;

import io.numfuse.ir.Buffer;
import io.numfuse.core.DType;
import io.numfuse.ir.Kernel;
import io.numfuse.ir.Op;
import io.numfuse.ir.Shapes;
import io.numfuse.ir.View;

/** Runs a compiled kernel single-threaded, the way the runtime binds it (for codegen tests): a float sum through a {@link SumState}. */
final class Runner {
    private Runner() {}

    static void run(JvmKernel code, Kernel k) {
        int rank = k.shape().length, ins = k.inputs().size(), n = ins + k.outputs().size();
        boolean pairs = SumState.needed(k.key());
        Object[] arrays = new Object[pairs ? n + 1 : n];
        int[] offsets = new int[arrays.length], strides = new int[arrays.length * rank];
        for (int a = 0; a < n; a++) {
            View v = a < ins ? k.inputs().get(a) : k.outputs().get(a - ins);
            arrays[a] = v.buffer().array();
            offsets[a] = v.offset();
            for (int d = 0; d < rank; d++) strides[a * rank + d] = v.stride(d);
        }
        if (k.isReduction()) fillIdentity(k);
        if (k.size() == 0) return;
        SumState state = pairs ? SumState.of(k.output(), k.reduceAxes()) : null;
        if (state != null) state.bind(arrays, offsets, strides);
        code.run(arrays, offsets, strides, k.shape(), k.params(), 0, rank == 0 ? 1 : k.shape()[0]);
        if (state != null) state.storeTo();
    }

    private static void fillIdentity(Kernel k) {
        View out = k.output();
        int[] shape = out.shape();
        for (int d = 0; d < shape.length; d++) if (k.reduceAxes()[d]) shape[d] = 1;
        int[] idx = new int[shape.length];
        DType t = out.dtype();
        Op op = k.reduce();
        for (int e = 0; e < Shapes.size(shape); e++) {
            int o = out.elementOffset(idx);
            if (t.isFloat()) out.buffer().setDouble(o, op.floatStart()); else out.buffer().setLong(o, op.intStart(t));
            Shapes.increment(idx, shape);
        }
    }

    /** Same values, element by element; NaN equals NaN; floats may differ by 2 ulp (Math vs StrictMath). */
    static boolean sameContents(Buffer a, Buffer b) {
        for (int i = 0; i < a.length(); i++) if (!same(a, b, i)) return false;
        return true;
    }

    private static boolean same(Buffer a, Buffer b, int i) {
        if (!a.dtype().isFloat()) return a.getLong(i) == b.getLong(i);
        double x = a.getDouble(i), y = b.getDouble(i);
        if (Double.isNaN(x) || Double.isNaN(y)) return Double.isNaN(x) && Double.isNaN(y);
        if (x == y) return true;
        double ulp = a.dtype() == DType.FLOAT32 ? Math.ulp((float) Math.max(Math.abs(x), Math.abs(y))) : Math.ulp(Math.max(Math.abs(x), Math.abs(y)));
        return Math.abs(x - y) <= 2 * ulp;
    }

    static String describe(Buffer a, Buffer b) {
        for (int i = 0; i < a.length(); i++) {
            if (!same(a, b, i)) {
                return "first difference at " + i + ": interpreter " + (a.dtype().isFloat() ? a.getDouble(i) : a.getLong(i))
                        + ", jvm " + (b.dtype().isFloat() ? b.getDouble(i) : b.getLong(i));
            }
        }
        return "same";
    }
}
