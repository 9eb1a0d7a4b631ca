package io.numfuse;

import io.numfuse.ir.Buffer;
import io.numfuse.core.DType;
import io.numfuse.ir.Semantics;
import io.numfuse.ir.Shapes;
import io.numfuse.ir.View;

/** Reads a view's elements in C order into flat Java arrays, converting as a cast would. */
final class Values {
    private Values() {}

    /** The elements of {@code v} in C order as an array of the Java type {@code to} uses. */
    static Object flat(View v, DType to) {
        Buffer out = Buffer.allocate(to, v.size());
        DType from = v.dtype();
        int[] shape = v.shape();
        int[] idx = new int[shape.length];
        Buffer in = v.buffer();
        for (int e = 0; e < v.size(); e++) {
            int o = v.elementOffset(idx);
            if (from.isFloat()) {
                double d = in.getDouble(o);
                if (to.isFloat()) out.setDouble(e, d); else out.setLong(e, Semantics.castFloatToInt(to, d));
            } else {
                long l = in.getLong(o);
                if (to.isFloat()) out.setDouble(e, Semantics.castIntToFloat(to, l)); else out.setLong(e, Semantics.castIntToInt(to, l));
            }
            Shapes.increment(idx, shape);
        }
        return out.array();
    }

    static double asDouble(View v) {
        int o = v.offset();
        return v.dtype().isFloat() ? v.buffer().getDouble(o) : (double) v.buffer().getLong(o);
    }

    static long asLong(View v) {
        int o = v.offset();
        return v.dtype().isFloat() ? Semantics.castFloatToInt(DType.INT64, v.buffer().getDouble(o)) : v.buffer().getLong(o);
    }
}
