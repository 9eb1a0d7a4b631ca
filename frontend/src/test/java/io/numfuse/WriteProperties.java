package io.numfuse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.numfuse.core.DType;
import io.numfuse.runtime.Targets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AfterProperty;

/**
 * Writes through slices keep laziness rule 2 on every target: a pending array defined before a
 * write sees the old values, a view sees the new ones, and the part of the array the write
 * leaves alone keeps its values (a write that hands the array to a snapshot restores it). Checked
 * against the same steps on plain Java arrays, for owned and wrapped arrays, box and strided
 * slices, and several writes in a row (on a device, the buffer's values stay there between them),
 * some of them in a {@link Num#scope()}, whose snapshots are freed and their storage reused.
 */
class WriteProperties {

    static List<String> targets() {
        List<String> t = new ArrayList<>(List.of("interpreter", "jvm"));
        if (!Targets.openCl().isEmpty()) {
            t.add("opencl:0");
            t.add("auto:random");   // plans split between the JVM and the device, kernel by kernel at random
        }
        return t;
    }

    @AfterProperty
    void back() { Num.useTarget("auto"); }

    /** A slice of a rows x cols grid, as a NumPy index string and the flat indices it selects. */
    record Slice(String text, int[] flat, int rows, int cols) {
        static Slice random(SplittableRandom rnd, int n, int m, int rows, int cols) {
            int step = rnd.nextInt(4) == 0 && (cols - 1) * 2 < m ? 2 : 1;
            int r0 = rnd.nextInt(n - rows + 1), c0 = rnd.nextInt(m - (cols - 1) * step);
            int[] flat = new int[rows * cols];
            for (int i = 0; i < rows; i++) for (int j = 0; j < cols; j++) flat[i * cols + j] = (r0 + i) * m + c0 + j * step;
            String text = r0 + ":" + (r0 + rows) + ", " + c0 + ":" + (c0 + (cols - 1) * step + 1) + ":" + step;
            return new Slice(text, flat, rows, cols);
        }
    }

    @Property(tries = 60)
    void writesThroughSlicesKeepEarlierArraysAndTheRestOfTheArray(@ForAll long seed) {
        for (String target : targets()) {
            Num.useTarget(target);
            check(new SplittableRandom(seed), target);
        }
    }

    private static void check(SplittableRandom rnd, String target) {
        int n = 2 + rnd.nextInt(6), m = 2 + rnd.nextInt(7);
        double[] want = new double[n * m];
        for (int i = 0; i < want.length; i++) want[i] = i * 0.5 - 3;
        boolean wrapped = rnd.nextBoolean();
        NDArray u = wrapped ? Num.wrap(DType.FLOAT64, want.clone(), n, m) : Num.arange(n * m).mul(0.5).sub(3.0).reshape(n, m).eval();
        int writes = 1 + rnd.nextInt(4);
        Slice last = null;
        for (int w = 0; w < writes; w++) {
            boolean again = last != null && rnd.nextBoolean();   // the same box again: a scope's snapshot storage comes back
            int rows = again ? last.rows : 1 + rnd.nextInt(n), cols = again ? last.cols : 1 + rnd.nextInt(m);
            Slice dst = again ? last : Slice.random(rnd, n, m, rows, cols);
            last = dst;
            Slice src = Slice.random(rnd, n, m, rows, cols);
            Slice seen = Slice.random(rnd, n, m, 1 + rnd.nextInt(n), 1 + rnd.nextInt(m));
            int mode = rnd.nextInt(3);   // 0: no scope; 1: the write in a Num.scope(); 2: the pending array too, forced before it closes
            Scope scope = mode == 2 ? Num.scope() : null;
            NDArray pending = u.slice(seen.text).mul(2.0).add(1.0);        // defined before the write: old values
            NDArray view = u.slice(seen.text);                              // a view: new values
            double k = w + 1;
            if (mode == 1) scope = Num.scope();
            u.slice(dst.text).assign(u.slice(src.text).mul(k).add(u.slice(dst.text)));
            if (mode == 2) pending.eval();                                  // then the snapshot is freed (and reused) at once
            if (scope != null) scope.close();
            double[] old = want.clone();
            for (int e = 0; e < dst.flat.length; e++) want[dst.flat[e]] = old[src.flat[e]] * k + old[dst.flat[e]];
            String what = target + ", write " + w + (mode > 0 ? " in a scope" : "") + " of " + (wrapped ? "a wrapped " : "an owned ") + n + "x" + m + ": u[" + dst.text
                    + "] = u[" + src.text + "] * " + k + " + u[" + dst.text + "], seen through [" + seen.text + "]";
            double[] p = new double[seen.flat.length], v = new double[seen.flat.length];
            for (int e = 0; e < p.length; e++) {
                p[e] = old[seen.flat[e]] * 2 + 1;
                v[e] = want[seen.flat[e]];
            }
            if (rnd.nextBoolean()) {   // observe the pending array first, or the array first
                assertArrayEquals(p, pending.toDoubleArray(), what + ": the pending array");
                assertArrayEquals(want, u.toDoubleArray(), what + ": the array");
            } else {
                assertArrayEquals(want, u.toDoubleArray(), what + ": the array");
                assertArrayEquals(p, pending.toDoubleArray(), what + ": the pending array");
            }
            assertArrayEquals(v, view.toDoubleArray(), what + ": the view");
        }
    }
}
