package io.numfuse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.numfuse.core.DType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AfterProperty;

/**
 * Random sequences of array creations, views and writes, applied to numfuse and to a plain model
 * of NumPy's semantics (eager arrays; a view is an offset and strides over its base's storage,
 * so a write through a view changes the base and every other view of it). Arrays are created
 * evaluated or lazy (NumPy has no lazy arrays: a lazy one must behave as if it were computed when
 * it was defined), views are taken with {@code slice}, {@code index}, {@code transpose},
 * {@code reshape} (of C-contiguous arrays, where NumPy's is a view) and views of views, writes go through {@code assign} (scalars, other arrays, expressions) and
 * {@code set}, and after each step a random array is compared with the model. On every target.
 */
class ViewWriteProperties {

    @AfterProperty
    void back() { Num.useTarget("auto"); }

    /** A NumPy array in the model: a window on a storage shared with its base and every view of it. */
    record Model(double[] storage, int offset, int[] shape, int[] strides) {
        int size() { return Arrays.stream(shape).reduce(1, (x, y) -> x * y); }

        int at(int flat) {   // the storage index of element `flat` in C order
            int o = offset;
            for (int d = shape.length - 1; d >= 0; d--) {
                o += (flat % shape[d]) * strides[d];
                flat /= shape[d];
            }
            return o;
        }

        double[] values() {
            double[] v = new double[size()];
            for (int i = 0; i < v.length; i++) v[i] = storage[at(i)];
            return v;
        }

        void store(double[] v) { for (int i = 0; i < v.length; i++) storage[at(i)] = v[i]; }

        boolean isCContiguous() {
            for (int d = shape.length - 1, s = 1; d >= 0; d--) {
                if (shape[d] != 1 && strides[d] != s) return false;
                s *= shape[d];
            }
            return true;
        }

        static Model fresh(double[] values, int... shape) {
            int[] st = new int[shape.length];
            for (int d = shape.length - 1, s = 1; d >= 0; d--) { st[d] = s; s *= shape[d]; }
            return new Model(values, 0, shape, st);
        }
    }

    record Handle(NDArray array, Model model, String how) {}

    /** What the last step did, for the failure message. */
    private static final ThreadLocal<String> ACTION = new ThreadLocal<>();

    @Property(tries = 80)
    void writesThroughViewsOfLazyAndEvaluatedArraysAreNeverLost(@ForAll long seed) {
        for (String target : WriteProperties.targets()) {
            Num.useTarget(target);
            run(new SplittableRandom(seed), target);
        }
    }

    private static void run(SplittableRandom rnd, String target) {
        List<Handle> hs = new ArrayList<>();
        StringBuilder log = new StringBuilder(target).append(':');
        hs.add(create(rnd));
        for (int step = 0; step < 25; step++) {
            Handle h = hs.get(rnd.nextInt(hs.size()));
            int act = rnd.nextInt(6);
            ACTION.set(new String[] { "create", "view", "view", "derive", "write", "set" }[act]);
            switch (act) {
                case 0 -> hs.add(create(rnd));
                case 1, 2 -> hs.add(view(rnd, h));
                case 3 -> hs.add(derived(rnd, h, hs));
                case 4 -> write(rnd, h, hs);
                default -> setElement(rnd, h);
            }
            log.append("\n  ").append(ACTION.get()).append(" on ").append(h.how()).append(" -> ").append(hs.getLast().how());
            Handle checked = hs.get(rnd.nextInt(hs.size()));
            log.append("; read ").append(checked.how());
            assertArrayEquals(checked.model().values(), checked.array().toDoubleArray(),
                    () -> "after " + log + " -> checked " + checked.how());
        }
        for (Handle h : hs) assertArrayEquals(h.model().values(), h.array().toDoubleArray(), () -> "at the end of " + log + ", " + h.how());
    }

    /** A new 2-D array, evaluated or lazy. */
    private static Handle create(SplittableRandom rnd) {
        int r = 1 + rnd.nextInt(4), c = 1 + rnd.nextInt(5), n = r * c;   // values 1..n
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = i + 1;
        return switch (rnd.nextInt(4)) {
            case 0 -> new Handle(Num.wrap(DType.FLOAT64, v.clone(), r, c), Model.fresh(v, r, c), "new" + r + "x" + c);
            case 1 -> new Handle(Num.wrap(DType.FLOAT64, v.clone(), r, c).mul(1.0), Model.fresh(v, r, c), "lazy" + r + "x" + c);
            case 2 -> new Handle(Num.zeros(DType.FLOAT64, c).add(Num.arange(c)).add(1), Model.fresh(Arrays.copyOf(v, c), c), "lazy-arange" + c);
            default -> new Handle(Num.arange(n).add(1.0), Model.fresh(v, n), "arange" + n);
        };
    }

    /** A view of {@code h}: a slice, an index, a transpose or a reshape (views of views compose). */
    static Handle view(SplittableRandom rnd, Handle h) {
        Model m = h.model();
        if (m.shape().length == 0) return h;
        int kind = rnd.nextInt(4);
        if (kind == 3 && m.isCContiguous() && m.size() > 0) {   // NumPy's reshape of a C-contiguous array is a view
            int size = m.size(), rows = 1;
            for (int d = 2; d <= size; d++) if (size % d == 0 && rnd.nextBoolean()) { rows = d; break; }
            int[] sh = rnd.nextBoolean() ? new int[] { size } : new int[] { rows, size / rows };
            Model r = Model.fresh(m.storage(), sh);
            return new Handle(h.array().reshape(sh), new Model(m.storage(), m.offset(), sh, r.strides()),
                    h.how() + ".reshape" + Arrays.toString(sh));
        }
        if (kind == 0 && m.shape()[0] > 0) {                // index the first axis
            int i = rnd.nextInt(m.shape()[0]);
            int[] sh = Arrays.copyOfRange(m.shape(), 1, m.shape().length), st = Arrays.copyOfRange(m.strides(), 1, m.strides().length);
            return new Handle(h.array().index(i), new Model(m.storage(), m.offset() + i * m.strides()[0], sh, st), h.how() + "[" + i + "]");
        }
        if (kind == 1 && m.shape().length == 2) {            // transpose
            int[] sh = { m.shape()[1], m.shape()[0] }, st = { m.strides()[1], m.strides()[0] };
            return new Handle(h.array().transpose(), new Model(m.storage(), m.offset(), sh, st), h.how() + ".T");
        }
        int[] sh = m.shape().clone(), st = m.strides().clone();   // a slice start:stop:step (negative steps too) on each axis
        int off = m.offset();
        StringBuilder spec = new StringBuilder();
        for (int d = 0; d < sh.length; d++) {
            int n = sh[d], step = (rnd.nextBoolean() ? 1 : -1) * (1 + rnd.nextInt(2));
            int start = n == 0 ? 0 : rnd.nextInt(n), len;
            if (n == 0) {
                len = 0;
                spec.append("0:0:").append(step);
            } else if (step > 0) {
                int stop = start + rnd.nextInt(n - start + 1);
                len = Math.max(0, (stop - start + step - 1) / step);
                spec.append(start).append(':').append(stop).append(':').append(step);
            } else {
                int stop = start - rnd.nextInt(start + 2);   // down to -1: through element 0
                len = Math.max(0, (start - stop + (-step) - 1) / (-step));
                spec.append(start).append(':').append(stop < 0 ? "" : Integer.toString(stop)).append(':').append(step);
            }
            if (d + 1 < sh.length) spec.append(", ");
            if (len > 0) off += start * st[d];
            sh[d] = len;
            st[d] *= step;
        }
        return new Handle(h.array().slice(spec.toString()), new Model(m.storage(), off, sh, st), h.how() + "[" + spec + "]");
    }

    /** A new array computed from {@code h} (lazy in numfuse, eager in the model): {@code h * 2 + k} or {@code h + other}. */
    private static Handle derived(SplittableRandom rnd, Handle h, List<Handle> hs) {
        double k = rnd.nextInt(5);
        double[] v = h.model().values();
        Handle other = sameShape(rnd, h, hs);
        NDArray a;
        if (other != null && rnd.nextBoolean()) {
            double[] o = other.model().values();
            for (int i = 0; i < v.length; i++) v[i] += o[i];
            a = h.array().add(other.array());
        } else {
            for (int i = 0; i < v.length; i++) v[i] = v[i] * 2 + k;
            a = h.array().mul(2.0).add(k);
        }
        return new Handle(a, Model.fresh(v, h.model().shape()), "(" + h.how() + " op)");
    }

    /** {@code h[...] = value}: a scalar, another array of the same shape, an expression of one, or of {@code h} itself. */
    private static void write(SplittableRandom rnd, Handle h, List<Handle> hs) {
        Handle other = sameShape(rnd, h, hs);
        double[] v;
        if (other == null || rnd.nextInt(3) == 0) {
            double s = -1 - rnd.nextInt(50);
            h.array().assign(s);
            ACTION.set("write scalar " + s);
            v = new double[h.model().size()];
            Arrays.fill(v, s);
        } else if (rnd.nextInt(3) == 0) {                   // x = x*2 + k: reads what it writes (deferred on a whole array numfuse made)
            double k = rnd.nextInt(5);
            v = h.model().values();
            for (int i = 0; i < v.length; i++) v[i] = v[i] * 2 + k;
            h.array().assign(h.array().mul(2.0).add(k));
            ACTION.set("write itself*2 + " + k);
        } else if (rnd.nextBoolean()) {
            v = other.model().values();                    // NumPy: the right-hand side first
            h.array().assign(other.array());
            ACTION.set("write " + other.how());
        } else {
            v = other.model().values();
            for (int i = 0; i < v.length; i++) v[i] = v[i] - 3;
            h.array().assign(other.array().sub(3.0));
            ACTION.set("write " + other.how() + " - 3");
        }
        h.model().store(v);
        hs.add(h);   // so that the log shows the write
    }

    private static void setElement(SplittableRandom rnd, Handle h) {
        Model m = h.model();
        if (m.size() == 0) return;
        int flat = rnd.nextInt(m.size());
        int[] idx = new int[m.shape().length];
        for (int d = idx.length - 1, f = flat; d >= 0; d--) { idx[d] = f % m.shape()[d]; f /= m.shape()[d]; }
        double v = 100 + rnd.nextInt(100);
        h.array().set(v, idx);
        ACTION.set("set " + java.util.Arrays.toString(idx) + " = " + v);
        m.storage()[m.at(flat)] = v;
    }

    private static Handle sameShape(SplittableRandom rnd, Handle h, List<Handle> hs) {
        List<Handle> same = hs.stream().filter(o -> Arrays.equals(o.model().shape(), h.model().shape())).toList();
        return same.isEmpty() ? null : same.get(rnd.nextInt(same.size()));
    }
}
