package io.numfuse.ir;

import io.numfuse.core.DType;
import io.numfuse.core.ShapeMismatchException;
import java.util.Arrays;

/**
 * A strided window on a {@link Buffer}: element {@code (i0, i1, ...)} lives at
 * {@code offset + i0*strides[0] + i1*strides[1] + ...} (in elements). Broadcasting is a stride
 * of 0; slicing with steps and negative indices is an offset and strides. Views never copy,
 * and the constructor refuses a view that would reach outside its buffer.
 */
public final class View {
    private final Buffer buffer;
    private final int offset;
    private final int[] shape;
    private final int[] strides;
    private final int size;

    public View(Buffer buffer, int offset, int[] shape, int[] strides) {
        if (shape.length != strides.length) throw new IllegalArgumentException("shape and strides differ in rank");
        this.buffer = buffer;
        this.offset = offset;
        this.shape = shape.clone();
        this.strides = strides.clone();
        this.size = Shapes.size(shape);
        if (size > 0) {
            long lo = offset, hi = offset;
            for (int i = 0; i < shape.length; i++) {
                long span = (long) (shape[i] - 1) * strides[i];
                if (span < 0) lo += span; else hi += span;
            }
            if (lo < 0 || hi >= buffer.length()) {
                throw new IllegalArgumentException("view " + Shapes.format(shape) + " strides " + Arrays.toString(strides)
                        + " offset " + offset + " leaves its buffer of " + buffer.length() + " elements");
            }
        }
    }

    /** The whole buffer as a C-contiguous array of {@code shape}. */
    public static View contiguous(Buffer buffer, int... shape) {
        if (Shapes.size(shape) != buffer.length()) {
            throw new ShapeMismatchException("cannot view " + buffer.length() + " elements as shape " + Shapes.format(shape));
        }
        return new View(buffer, 0, shape, Shapes.cStrides(shape));
    }

    public Buffer buffer() { return buffer; }
    public DType dtype() { return buffer.dtype(); }
    public int offset() { return offset; }
    public int[] shape() { return shape.clone(); }
    public int[] strides() { return strides.clone(); }
    public int rank() { return shape.length; }
    public int size() { return size; }
    public int dim(int axis) { return shape[axis]; }
    public int stride(int axis) { return strides[axis]; }

    /** True when the view is every element of its buffer, in C order. */
    public boolean coversBuffer() { return offset == 0 && size == buffer.length() && isCContiguous(); }

    /** True when the view is the C-order layout of its elements, starting at its offset. */
    public boolean isCContiguous() {
        int expect = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            if (shape[i] != 1 && strides[i] != expect) return false;
            expect *= shape[i];
        }
        return true;
    }

    /** Buffer index of the element at {@code index}. */
    public int elementOffset(int[] index) {
        int o = offset;
        for (int i = 0; i < index.length; i++) o += index[i] * strides[i];
        return o;
    }

    /** {@code start:stop:step} on one axis; the bounds are already normalised as Python's slice.indices does. */
    public View slice(int axis, int start, int length, int step) {
        int[] sh = shape.clone(), st = strides.clone();
        sh[axis] = length;
        st[axis] = strides[axis] * step;
        return new View(buffer, length == 0 ? offset : offset + start * strides[axis], sh, st);
    }

    /** Integer indexing: drops {@code axis}. */
    public View index(int axis, int i) {
        int[] sh = new int[shape.length - 1], st = new int[shape.length - 1];
        for (int k = 0, j = 0; k < shape.length; k++) {
            if (k == axis) continue;
            sh[j] = shape[k];
            st[j++] = strides[k];
        }
        return new View(buffer, offset + i * strides[axis], sh, st);
    }

    /** A new axis of length 1 at {@code axis}. */
    public View newAxis(int axis) {
        int[] sh = new int[shape.length + 1], st = new int[shape.length + 1];
        for (int k = 0, j = 0; k < sh.length; k++) {
            if (k == axis) { sh[k] = 1; st[k] = 0; } else { sh[k] = shape[j]; st[k] = strides[j++]; }
        }
        return new View(buffer, offset, sh, st);
    }

    /** Axes permuted: result axis {@code i} is this view's axis {@code perm[i]}. */
    public View permute(int[] perm) {
        int[] sh = new int[perm.length], st = new int[perm.length];
        for (int i = 0; i < perm.length; i++) { sh[i] = shape[perm[i]]; st[i] = strides[perm[i]]; }
        return new View(buffer, offset, sh, st);
    }

    /** NumPy broadcasting to {@code target} (stride 0 on stretched and new leading axes). */
    public View broadcastTo(int[] target) {
        if (!Shapes.broadcastsTo(shape, target)) {
            throw new ShapeMismatchException("cannot broadcast shape " + Shapes.format(shape) + " to " + Shapes.format(target));
        }
        int off = target.length - shape.length;
        int[] st = new int[target.length];
        for (int i = 0; i < shape.length; i++) st[i + off] = shape[i] == target[i + off] ? strides[i] : 0;
        return new View(buffer, offset, target, st);
    }

    /**
     * The same elements as {@code newShape} in C order without copying, or null when the
     * strides do not allow it (the caller then copies). Follows NumPy's attempt_nocopy_reshape.
     */
    public View reshape(int[] newShape) {
        if (Shapes.size(newShape) != size) {
            throw new ShapeMismatchException("cannot reshape array of size " + size + " into shape " + Shapes.format(newShape));
        }
        if (size == 0 || isCContiguous()) return new View(buffer, offset, newShape, Shapes.cStrides(newShape));
        // Drop size-1 axes, then match groups of old axes to groups of new axes.
        int[] os = new int[shape.length], ost = new int[shape.length];
        int on = 0;
        for (int i = 0; i < shape.length; i++) if (shape[i] != 1) { os[on] = shape[i]; ost[on++] = strides[i]; }
        int[] nst = new int[newShape.length];
        int oi = 0, oj = 1, ni = 0, nj = 1;
        while (ni < newShape.length && oi < on) {
            long np = newShape[ni], op = os[oi];
            while (np != op) {
                if (np < op) np *= newShape[nj++]; else op *= os[oj++];
            }
            for (int k = oi; k < oj - 1; k++) if (ost[k] != os[k + 1] * ost[k + 1]) return null;
            nst[nj - 1] = ost[oj - 1];
            for (int k = nj - 1; k > ni; k--) nst[k - 1] = nst[k] * newShape[k];
            ni = nj++;
            oi = oj++;
        }
        for (int k = ni; k < newShape.length; k++) nst[k] = 0; // trailing size-1 axes
        return new View(buffer, offset, newShape, nst);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof View v && v.buffer == buffer && v.offset == offset
                && Arrays.equals(v.shape, shape) && Arrays.equals(v.strides, strides);
    }

    @Override
    public int hashCode() {
        return (System.identityHashCode(buffer) * 31 + offset) * 31 + Arrays.hashCode(strides) * 17 + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return buffer + "[offset " + offset + ", shape " + Shapes.format(shape) + ", strides " + Arrays.toString(strides) + "]";
    }
}
