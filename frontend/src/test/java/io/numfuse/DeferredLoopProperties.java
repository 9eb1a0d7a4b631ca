package io.numfuse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AfterProperty;

/**
 * Loops of whole-array writes (they wait and fuse: {@code DeferredWrites}, and their kernels
 * update the loop's state in place: {@code BufferReuse}) compute what the same steps compute on
 * plain Java arrays, on every target: several state arrays, each step updating each from the
 * others, arrays the program keeps from the middle of the loop (copies, expressions of the state,
 * the step's own temporary) and reads only at the end, and reads of an element now and then (the
 * writes run there). Long enough that the pending-depth rule evaluates mid-loop and the level
 * cuts make several kernels a plan.
 */
class DeferredLoopProperties {
    @AfterProperty
    void back() { Num.useTarget("auto"); }

    @Property(tries = 20)
    void loopsOfWholeWritesComputeTheStepsValues(@ForAll long seed) {
        List<String> targets = WriteProperties.targets();
        for (int t = 0; t < targets.size(); t++) {
            // every loop on the interpreter and the JVM; one in four on the device and auto:random too
            // (each loop's kernels are new to PoCL, whose builds take most of a second)
            if (t >= 2 && Math.floorMod(seed, 4) != 0) continue;
            String target = targets.get(t);
            SplittableRandom rnd = new SplittableRandom(seed);
            Num.on(target, () -> check(rnd, target));
        }
    }

    /** One update of an array: += sum over j of c[j] * g(state[j]), g the identity or sin. */
    private record Update(double[] c, boolean[] sin) {}

    private static void check(SplittableRandom rnd, String target) {
        int arrays = 2 + rnd.nextInt(2), n = 1 + rnd.nextInt(300), steps = 20 + rnd.nextInt(100);
        double[][] model = new double[arrays][n];
        NDArray[] state = new NDArray[arrays];
        for (int a = 0; a < arrays; a++) {
            for (int e = 0; e < n; e++) model[a][e] = rnd.nextDouble(-1, 1);
            state[a] = Num.array(model[a].clone());
        }
        List<NDArray> kept = new ArrayList<>();
        List<double[]> expected = new ArrayList<>();
        String where = target + ", seed-drawn loop of " + arrays + " arrays of " + n + " over " + steps + " steps";
        for (int s = 0; s < steps; s++) {
            for (int a = 0; a < arrays; a++) {
                Update u = update(rnd, arrays);
                NDArray value = state[a];
                for (int j = 0; j < arrays; j++) {
                    if (u.c[j] == 0) continue;
                    value = value.add((u.sin[j] ? Num.sin(state[j]) : state[j]).mul(u.c[j]));
                }
                double[] next = model[a].clone();
                for (int e = 0; e < n; e++) {
                    double v = model[a][e];
                    for (int j = 0; j < arrays; j++) if (u.c[j] != 0) v = v + (u.sin[j] ? Math.sin(model[j][e]) : model[j][e]) * u.c[j];
                    next[e] = v;
                }
                state[a].assign(value);
                model[a] = next;
                int pick = rnd.nextInt(40);
                if (pick == 0) {                 // a copy of the state, read at the end
                    kept.add(state[a].copy());
                    expected.add(next.clone());
                } else if (pick == 1) {          // an expression of it
                    kept.add(state[a].mul(2.0).add(1.0));
                    double[] x = new double[n];
                    for (int e = 0; e < n; e++) x[e] = next[e] * 2.0 + 1.0;
                    expected.add(x);
                } else if (pick == 2) {          // the step's own value, which the program keeps
                    kept.add(value);
                    expected.add(next.clone());
                } else if (pick == 3) {          // a read now: the write runs
                    int e = rnd.nextInt(n);
                    assertEquals(next[e], state[a].reshape(n).getDouble(e), tolerance(next[e]), where + ": element " + e + " at step " + s);
                }
            }
        }
        for (int a = 0; a < arrays; a++) {
            double[] got = state[a].toDoubleArray();
            for (int e = 0; e < n; e++) assertEquals(model[a][e], got[e], tolerance(model[a][e]), where + ": array " + a + "[" + e + "]");
        }
        for (int k = 0; k < kept.size(); k++) {
            double[] got = kept.get(k).toDoubleArray(), want = expected.get(k);
            for (int e = 0; e < n; e++) assertEquals(want[e], got[e], tolerance(want[e]), where + ": kept array " + k + " [" + e + "]");
        }
    }

    /** An update from one or two of the arrays, small enough that the values stay moderate. */
    private static Update update(SplittableRandom rnd, int arrays) {
        double[] c = new double[arrays];
        boolean[] sin = new boolean[arrays];
        int terms = 1 + rnd.nextInt(2);
        for (int t = 0; t < terms; t++) {
            int j = rnd.nextInt(arrays);
            c[j] = rnd.nextDouble(-0.05, 0.05);
            sin[j] = rnd.nextInt(4) == 0;
        }
        return new Update(c, sin);
    }

    /** Transcendentals may differ from Math's by an ulp or two on a target, and the loop carries it. */
    private static double tolerance(double v) { return 1e-9 * Math.max(1, Math.abs(v)); }
}
