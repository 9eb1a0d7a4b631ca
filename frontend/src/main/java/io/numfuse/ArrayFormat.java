package io.numfuse;

import io.numfuse.core.DType;
import io.numfuse.ir.Shapes;
import io.numfuse.ir.View;

/**
 * NumPy-style text of an array: {@code array([[1., 2.], [3., 4.]], dtype=float32)}. Large
 * arrays are summarised with {@code ...} past 1000 elements, as NumPy does.
 */
final class ArrayFormat {
    private ArrayFormat() {}

    private static final int THRESHOLD = 1000, EDGE = 3;

    static String repr(View v) {
        StringBuilder sb = new StringBuilder("array(");
        DType t = v.dtype();
        if (v.size() == 0) {   // NumPy: the shape unless it is (0,), and the dtype always
            sb.append("[]");
            if (v.rank() != 1) sb.append(", shape=").append(Shapes.format(v.shape()));
            return sb.append(", dtype=").append(t.numpyName()).append(')').toString();
        }
        boolean summarise = v.size() > THRESHOLD;
        elements(sb, v, new int[v.rank()], 0, summarise, "      ");
        if (t != DType.FLOAT64 && t != DType.INT64 && t != DType.BOOL) sb.append(", dtype=").append(t.numpyName());
        return sb.append(')').toString();
    }

    private static void elements(StringBuilder sb, View v, int[] idx, int axis, boolean summarise, String indent) {
        if (axis == v.rank()) {
            sb.append(scalar(v, idx));
            return;
        }
        sb.append('[');
        int n = v.dim(axis);
        for (int i = 0; i < n; i++) {
            if (summarise && n > 2 * EDGE && i == EDGE) {
                sb.append(axis == v.rank() - 1 ? "..., " : "...,\n" + indent + " ".repeat(axis + 1));
                i = n - EDGE;
            }
            idx[axis] = i;
            elements(sb, v, idx, axis + 1, summarise, indent);
            if (i < n - 1) sb.append(axis == v.rank() - 1 ? ", " : ",\n" + "\n".repeat(Math.max(0, v.rank() - axis - 2)) + indent + " ".repeat(axis + 1));
        }
        sb.append(']');
    }

    private static String scalar(View v, int[] idx) {
        int o = v.elementOffset(idx);
        return switch (v.dtype()) {
            case BOOL -> v.buffer().getLong(o) != 0 ? "True" : "False";
            case INT32, INT64 -> Long.toString(v.buffer().getLong(o));
            case FLOAT32 -> floatText(Float.toString((float) v.buffer().getDouble(o)), v.buffer().getDouble(o));
            case FLOAT64 -> floatText(Double.toString(v.buffer().getDouble(o)), v.buffer().getDouble(o));
        };
    }

    /** Java's shortest repr in NumPy's spelling: {@code 1.}, {@code 0.5}, {@code 1e-05}, {@code nan}, {@code inf}. */
    static String floatText(String java, double d) {
        if (Double.isNaN(d)) return "nan";
        if (Double.isInfinite(d)) return d > 0 ? "inf" : "-inf";
        if (java.contains("E")) {
            String[] p = java.split("E");
            String m = p[0].endsWith(".0") ? p[0].substring(0, p[0].length() - 2) : p[0];
            int e = Integer.parseInt(p[1]);
            return m + "e" + (e < 0 ? "-" : "+") + (Math.abs(e) < 10 ? "0" : "") + Math.abs(e);
        }
        return java.endsWith(".0") ? java.substring(0, java.length() - 1) : java;
    }
}
