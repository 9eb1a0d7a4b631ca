package io.numfuse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AfterProperty;

/**
 * Loops of writes into a box of a grid from the grid's own values (a Jacobi step,
 * {@code u[1:-1, 1:-1] = f(u)}: they wait as the grid's value after the write, {@code BoxUpdate},
 * and a plan of many steps stores them in two arrays taking turns, {@code BufferReuse}) compute
 * what the same steps compute on a plain Java array, on every target: random boxes (rows,
 * columns, a corner, one element wide) read from shifted boxes of the grid, with arrays the
 * program keeps from the middle of the loop (copies, expressions of the grid, the step's own
 * value, views of the grid, which show its later writes), reads of an element and element writes
 * now and then. Long enough that the pending-depth rule evaluates mid-loop.
 */
class DeferredBoxProperties {
    @AfterProperty
    void back() { Num.useTarget("auto"); }

    @Property(tries = 20)
    void loopsOfBoxWritesComputeTheStepsValues(@ForAll long seed) {
        List<String> targets = WriteProperties.targets();
        for (int t = 0; t < targets.size(); t++) {
            if (t >= 2 && Math.floorMod(seed, 4) != 0) continue;   // the device's builds take most of a second each
            String target = targets.get(t);
            SplittableRandom rnd = new SplittableRandom(seed);
            Num.useTarget(target);   // not Num.on: a pinned block runs its writes when it ends, and a box write in one does not wait
            check(rnd, target);
        }
    }

    /** What a kept array must hold at the end: values fixed when kept, or (a view) the grid's final values over a box. */
    private record Kept(NDArray array, double[] values, int[] box) {}

    private static void check(SplittableRandom rnd, String target) {
        int rows = 1 + rnd.nextInt(24), cols = 1 + rnd.nextInt(24), steps = 10 + rnd.nextInt(140);
        double[] model = new double[rows * cols];
        for (int e = 0; e < model.length; e++) model[e] = rnd.nextDouble(-1, 1);
        NDArray u = Num.array(model.clone()).reshape(rows, cols);
        List<Kept> kept = new ArrayList<>();
        String where = target + ", a " + rows + "x" + cols + " grid over " + steps + " steps";
        for (int s = 0; s < steps; s++) {
            int[] box = box(rnd, rows, cols);
            int h = box[1] - box[0], w = box[3] - box[2];
            int[] a = shift(rnd, box, rows, cols), b = shift(rnd, box, rows, cols);
            double ca = rnd.nextDouble(-0.6, 0.6), cb = rnd.nextDouble(-0.6, 0.6);
            boolean sin = rnd.nextInt(5) == 0;
            NDArray value = u.slice(spec(a[0], a[0] + h, a[1], a[1] + w)).mul(ca);
            NDArray other = u.slice(spec(b[0], b[0] + h, b[1], b[1] + w));
            value = value.add((sin ? Num.sin(other) : other).mul(cb));
            double[] next = model.clone(), boxValues = new double[h * w];
            for (int i = 0; i < h; i++) {
                for (int j = 0; j < w; j++) {
                    double o = model[(b[0] + i) * cols + b[1] + j];
                    double v = model[(a[0] + i) * cols + a[1] + j] * ca + (sin ? Math.sin(o) : o) * cb;
                    next[(box[0] + i) * cols + box[2] + j] = v;
                    boxValues[i * w + j] = v;
                }
            }
            u.slice(spec(box[0], box[1], box[2], box[3])).assign(value);
            model = next;
            switch (rnd.nextInt(30)) {
                case 0 -> kept.add(new Kept(u.copy(), model.clone(), null));              // a copy, read at the end
                case 1 -> {                                                                 // an expression of the grid
                    double[] x = new double[model.length];
                    for (int e = 0; e < x.length; e++) x[e] = model[e] * 2.0 + 1.0;
                    kept.add(new Kept(u.mul(2.0).add(1.0), x, null));
                }
                case 2 -> kept.add(new Kept(value, boxValues, null));                      // the step's own value
                case 3 -> {                                                                 // a view: the grid's values at the end
                    int[] v = box(rnd, rows, cols);
                    kept.add(new Kept(u.slice(spec(v[0], v[1], v[2], v[3])), null, v));
                }
                case 4 -> {                                                                 // a read now
                    int i = rnd.nextInt(rows), j = rnd.nextInt(cols);
                    assertEquals(model[i * cols + j], u.getDouble(i, j), tolerance(model[i * cols + j]), where + ": [" + i + ", " + j + "] at step " + s);
                }
                case 5 -> {                                                                 // an element write
                    int i = rnd.nextInt(rows), j = rnd.nextInt(cols);
                    double x = rnd.nextDouble(-1, 1);
                    u.set(x, i, j);
                    model[i * cols + j] = x;
                }
                default -> { }
            }
        }
        double[] got = u.toDoubleArray();
        for (int e = 0; e < model.length; e++) assertEquals(model[e], got[e], tolerance(model[e]), where + ": [" + e / cols + ", " + e % cols + "]");
        for (int k = 0; k < kept.size(); k++) {
            Kept c = kept.get(k);
            double[] want = c.values;
            if (want == null) {
                int[] v = c.box;
                int w = v[3] - v[2];
                want = new double[(v[1] - v[0]) * w];
                for (int i = v[0]; i < v[1]; i++) for (int j = v[2]; j < v[3]; j++) want[(i - v[0]) * w + j - v[2]] = model[i * cols + j];
            }
            double[] have = c.array.toDoubleArray();
            assertEquals(want.length, have.length, where + ": kept array " + k);
            for (int e = 0; e < want.length; e++) assertEquals(want[e], have[e], tolerance(want[e]), where + ": kept array " + k + " [" + e + "]");
        }
    }

    /** {@code {r0, r1, c0, c1}}: rows {@code [r0, r1)} and columns {@code [c0, c1)}, not empty; now and then the whole grid. */
    private static int[] box(SplittableRandom rnd, int rows, int cols) {
        int r0 = rnd.nextInt(rows), c0 = rnd.nextInt(cols);
        return new int[] { r0, r0 + 1 + rnd.nextInt(rows - r0), c0, c0 + 1 + rnd.nextInt(cols - c0) };
    }

    /** The origin of a box of {@code box}'s size elsewhere in the grid (the box itself included). */
    private static int[] shift(SplittableRandom rnd, int[] box, int rows, int cols) {
        return new int[] { rnd.nextInt(rows - (box[1] - box[0]) + 1), rnd.nextInt(cols - (box[3] - box[2]) + 1) };
    }

    private static String spec(int r0, int r1, int c0, int c1) { return r0 + ":" + r1 + ", " + c0 + ":" + c1; }

    /** The transcendental may differ from Math's by an ulp or two on a target, and the loop carries it. */
    private static double tolerance(double v) { return 1e-9 * Math.max(1, Math.abs(v)); }
}
