package io.numfuse;

import static io.numfuse.DeepAndLarge.check;
import static io.numfuse.DeepAndLarge.checkKept;

import io.numfuse.core.DType;
import java.lang.ref.WeakReference;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Chains of 10^5 operations on every target, on a thread with a user's 512 KiB stack: built
 * lazily and evaluated once (NDArray evaluates a node deeper than {@link NDArray#MAX_DEPTH} as it
 * is built), and written in place, in and out of {@link Num#scope()}. Each result is checked
 * against the same steps done on Java longs (int64 arithmetic wraps as NumPy's does), and what a
 * chain leaves behind must be collectable. The probes are static so that
 * {@link DeepAndLargeLongRun} runs them with the long profile's sizes.
 */
class DeepChainTest {
    /** What a chain costs a device per step: nothing much (a lazy chain), a launch, or a program to build (see {@link #withReductions}). */
    enum Cost { LAZY, LAUNCH, BUILD }

    /**
     * Steps of a chain: the 10^5 wherever it takes seconds; in the short profile fewer on
     * a device where each step launches a kernel (50 us on PoCL) or needs new programs. A chain
     * with reductions mixed in needs a program per reduction of a window (each is fused with the
     * chain before it, so each has its own length): on PoCL, half a second each, 10^5 steps took
     * more than half an hour of builds, so the long profile runs 10^4 there.
     */
    static int steps(String target, Cost cost) {
        boolean device = target.startsWith("opencl");
        return switch (cost) {
            case LAZY -> DeepAndLarge.size("steps", 100_000, 100_000);
            case LAUNCH -> device ? DeepAndLarge.size("deviceSteps", 10_000, 100_000) : DeepAndLarge.size("steps", 100_000, 100_000);
            case BUILD -> device ? DeepAndLarge.size("deviceBuildSteps", 200, 10_000) : DeepAndLarge.size("buildSteps", 20_000, 100_000);
        };
    }

    static final int SECONDS = 300;

    static long[] arange(int n, long from) {
        long[] v = new long[n];
        for (int i = 0; i < n; i++) v[i] = from + i;
        return v;
    }

    static void expect(long[] want, NDArray got, String what) {
        long[] g = got.toLongArray();
        check(Arrays.equals(want, g), what + ": expected " + Arrays.toString(want) + ", got " + Arrays.toString(g));
    }

    /** {@code x = x + 1}, n times, evaluated once at the end; early links of the chain must be collectable. */
    static void lazyIncrement(String target, long seed, int n) {
        NDArray x = Num.wrap(DType.INT64, arange(7, seed % 1000), 7);
        WeakReference<io.numfuse.ir.Node> early = null;
        for (int i = 0; i < n; i++) {
            x = x.add(1);
            if (i == 1000) early = new WeakReference<>(x.node());
            check(x.node().depth() <= NDArray.MAX_DEPTH + 1, "depth " + x.node().depth() + " at step " + i);
        }
        expect(arange(7, seed % 1000 + n), x, "x + 1, " + n + " times");
        if (early != null) DeepAndLarge.assertCollected(early, "step 1000 of the chain");
    }

    /**
     * Ops that a seed picks repeat with this period: a chain of ops in random order would make
     * every kernel new, and a device compiles each (half a second on PoCL).
     */
    static final int PERIOD = 5;

    static int[] pattern(SplittableRandom rnd, int kinds) {
        int[] p = new int[PERIOD];
        for (int i = 0; i < PERIOD; i++) p[i] = rnd.nextInt(kinds);
        return p;
    }

    /** One of + c, - c, * c, ^ c, // c on int64 per step, in a pattern {@code seed} picks, with random constants. */
    static void alternatingOps(String target, long seed, int n) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int[] ops = pattern(rnd, 5);
        long[] want = arange(6, -3);
        NDArray x = Num.wrap(DType.INT64, want.clone(), 6);
        for (int i = 0; i < n; i++) {
            long c = rnd.nextLong(1, 1000);
            switch (ops[i % PERIOD]) {
                case 0 -> { x = x.add(c); for (int e = 0; e < 6; e++) want[e] += c; }
                case 1 -> { x = x.sub(c); for (int e = 0; e < 6; e++) want[e] -= c; }
                case 2 -> { x = x.mul(c); for (int e = 0; e < 6; e++) want[e] *= c; }
                case 3 -> { x = x.xor(Num.full(DType.INT64, c)); for (int e = 0; e < 6; e++) want[e] ^= c; }
                default -> { x = x.floorDiv(c); for (int e = 0; e < 6; e++) want[e] = Math.floorDiv(want[e], c); }
            }
        }
        expect(want, x, "alternating ops, seed " + seed);
    }

    /**
     * {@code x = x*3 + i}, with a reduction mixed in every k steps ({@code x - x.min()} or
     * {@code x - x.max() // 2}). A reduction is fused with the chain that produces it, so each
     * one in a chain is a kernel of its own length: a device builds a program for each (a few
     * hundred for a k that does not divide the chain's cuts), which the short profile avoids by
     * taking k = 16 or 32.
     */
    static void withReductions(String target, long seed, int n) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int every = DeepAndLarge.LONG ? 2 + rnd.nextInt(40) : 16 << rnd.nextInt(2);
        long[] want = arange(5, seed % 7);
        NDArray x = Num.wrap(DType.INT64, want.clone(), 5);
        for (int i = 1; i <= n; i++) {
            x = x.mul(3).add(i % 13);
            for (int e = 0; e < 5; e++) want[e] = want[e] * 3 + i % 13;
            if (i % every == 0) {
                boolean min = rnd.nextBoolean();
                long m = min ? Arrays.stream(want).min().getAsLong() : Math.floorDiv(Arrays.stream(want).max().getAsLong(), 2);
                x = min ? x.sub(x.min()) : x.sub(x.max().floorDiv(2));
                for (int e = 0; e < 5; e++) want[e] -= m;
            }
        }
        expect(want, x, "a reduction every " + every + " steps, seed " + seed);
    }

    /** A 3x3 int64 array through a view each step: {@code x.T * 2 + c}, {@code x[::-1] + c}, {@code x[:, ::-1] * 3}. */
    static void throughViews(String target, long seed, int n) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int[] views = pattern(rnd, 3);
        long[][] w = new long[3][3];
        long[] flat = arange(9, 1);
        for (int i = 0; i < 9; i++) w[i / 3][i % 3] = flat[i];
        NDArray x = Num.wrap(DType.INT64, flat, 3, 3);
        for (int s = 0; s < n; s++) {
            long c = rnd.nextLong(-50, 50);
            long[][] v = new long[3][3];
            switch (views[s % PERIOD]) {
                case 0 -> { x = x.transpose().mul(2).add(c); for (int i = 0; i < 3; i++) for (int j = 0; j < 3; j++) v[i][j] = w[j][i] * 2 + c; }
                case 1 -> { x = x.slice("::-1").add(c); for (int i = 0; i < 3; i++) for (int j = 0; j < 3; j++) v[i][j] = w[2 - i][j] + c; }
                default -> { x = x.slice(":, ::-1").mul(3); for (int i = 0; i < 3; i++) for (int j = 0; j < 3; j++) v[i][j] = w[i][2 - j] * 3; }
            }
            w = v;
        }
        long[] want = new long[9];
        for (int i = 0; i < 9; i++) want[i] = w[i / 3][i % 3];
        expect(want, x, "through views, seed " + seed);
    }

    /** {@code x = (x + x) * 0.5}: each step reads the last twice; the value stays, and the pending graph prints short. */
    static void sharedNodes(String target, long seed, int n) {
        double[] start = { 1.5, -2.25, 1e300, 0.0, seed % 100 };
        NDArray x = Num.array(start.clone());
        for (int i = 0; i < n; i++) {
            x = x.add(x).mul(0.5);
            if (i == n / 2) check(x.node().toString().length() < 5000, "toString of a shared graph: " + x.node().toString().length() + " characters");
        }
        double[] got = x.toDoubleArray();
        check(Arrays.equals(start, got), "(x + x) * 0.5, " + n + " times: " + Arrays.toString(got));
    }

    /** {@code a.assign(a.add(1))}, n times, in a scope per step or not; the right-hand sides must be collectable. */
    static void inPlace(String target, long seed, int n, boolean scoped) {
        long[] start = arange(7, seed % 1000);
        NDArray a = Num.wrap(DType.INT64, start.clone(), 7);
        NDArray before = a.mul(1);             // pending, reads a: keeps its values through every write
        WeakReference<io.numfuse.ir.Node> early = null;
        for (int i = 0; i < n; i++) {
            NDArray next = a.add(1);
            if (i == 10) early = new WeakReference<>(next.node());
            if (scoped) {
                try (var _ = Num.scope()) {
                    a.assign(next);
                }
            } else {
                a.assign(next);
            }
        }
        expect(arange(7, seed % 1000 + n), a, "a.assign(a + 1), " + n + " times" + (scoped ? " in scopes" : ""));
        checkKept(Arrays.equals(start, before.toLongArray()), "an array defined before the writes lost its values: " + Arrays.toString(before.toLongArray()));
        if (early != null) DeepAndLarge.assertCollected(early, "the right-hand side of write 10");
    }

    /** {@code a[1:] = a[:-1] + 1}, n times: an overlapping write through views, as in NumPy (the right side first). */
    static void shiftingWrites(String target, long seed, int n, boolean scoped) {
        long[] want = arange(10, seed % 1000);
        NDArray a = Num.wrap(DType.INT64, want.clone(), 10);
        for (int i = 0; i < n; i++) {
            if (scoped) {
                try (var _ = Num.scope()) {
                    a.slice("1:").assign(a.slice(":-1").add(1));
                }
            } else {
                a.slice("1:").assign(a.slice(":-1").add(1));
            }
            for (int e = 9; e > 0; e--) want[e] = want[e - 1] + 1;
        }
        expect(want, a, "a[1:] = a[:-1] + 1, " + n + " times" + (scoped ? " in scopes" : ""));
    }

    // ---- the short profile, on every target --------------------------------------------------

    @Test
    void aLazyChainOf100000Increments() {
        for (String t : DeepAndLarge.targets()) DeepAndLarge.onUserThread(t, SECONDS, () -> lazyIncrement(t, 1, steps(t, Cost.LAZY)));
    }

    @Test
    void aLazyChainOf100000AlternatingOps() {
        for (String t : DeepAndLarge.targets()) DeepAndLarge.onUserThread(t, SECONDS, () -> alternatingOps(t, 2, steps(t, Cost.LAZY)));
    }

    @Test
    void aChainWithReductionsMixedIn() {
        for (String t : DeepAndLarge.targets()) DeepAndLarge.onUserThread(t, SECONDS, () -> withReductions(t, 3, steps(t, Cost.BUILD)));
    }

    @Test
    void aChainThroughViews() {
        for (String t : DeepAndLarge.targets()) DeepAndLarge.onUserThread(t, SECONDS, () -> throughViews(t, 4, steps(t, Cost.LAZY)));
    }

    @Test
    void aChainThatReadsEachLinkTwice() {
        for (String t : DeepAndLarge.targets()) DeepAndLarge.onUserThread(t, SECONDS, () -> sharedNodes(t, 5, steps(t, Cost.LAZY)));
    }

    @Test
    void writesInPlace() {
        for (String t : DeepAndLarge.targets()) {
            DeepAndLarge.onUserThread(t, SECONDS, () -> inPlace(t, 6, steps(t, Cost.LAUNCH), false));
            DeepAndLarge.onUserThread(t, SECONDS, () -> inPlace(t, 7, steps(t, Cost.LAUNCH), true));
        }
    }

    @Test
    void chainsNeedLittleStackOnTheHost() {
        // planning recursed over a chain's depth: 256 levels took 256-384 KiB of stack. (A device's
        // program builds run in its driver on the calling thread: they are tested on 512 KiB above.)
        for (String t : List.of("interpreter", "jvm")) {
            DeepAndLarge.onThread(t, 128 * 1024, SECONDS, () -> lazyIncrement(t, 10, 20_000));
            DeepAndLarge.onThread(t, 128 * 1024, SECONDS, () -> throughViews(t, 11, 20_000));
            DeepAndLarge.onThread(t, 128 * 1024, SECONDS, () -> withReductions(t, 12, 2_000));
            DeepAndLarge.onThread(t, 128 * 1024, SECONDS, () -> inPlace(t, 13, 2_000, true));
        }
    }

    @Test
    void overlappingWritesThroughViews() {
        for (String t : DeepAndLarge.targets()) {
            DeepAndLarge.onUserThread(t, SECONDS, () -> shiftingWrites(t, 8, steps(t, Cost.LAUNCH) / 10, false));
            DeepAndLarge.onUserThread(t, SECONDS, () -> shiftingWrites(t, 9, steps(t, Cost.LAUNCH) / 10, true));
        }
    }
}
