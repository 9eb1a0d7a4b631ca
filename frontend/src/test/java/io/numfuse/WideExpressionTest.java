package io.numfuse;

import static io.numfuse.DeepAndLarge.check;

import io.numfuse.core.DType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.BinaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Expressions over 1,000 distinct arrays on every target: a sum through the Java API (a chain,
 * and a balanced tree that puts every input in one graph), through {@link Num#eval} with 1,000
 * names, and a tree of mixed ops. A device gets kernels it can take: OpenCL limits the bytes of
 * a kernel's arguments (1024 on PoCL, about 60 arrays), so the fusion pass cuts by them; a
 * kernel refused at launch would fall back to the JVM, which {@link DeepAndLarge#onUserThread}
 * counts as a failure.
 */
class WideExpressionTest {
    static int inputs() { return DeepAndLarge.size("inputs", 1000, 1000); }

    static final int LENGTH = 5, SECONDS = 300;

    /** {@code w} int64 arrays of {@link #LENGTH} small random values. */
    static List<long[]> values(long seed, int w) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<long[]> v = new ArrayList<>();
        for (int i = 0; i < w; i++) v.add(rnd.longs(LENGTH, -1_000_000, 1_000_000).toArray());
        return v;
    }

    static List<NDArray> arrays(List<long[]> values) {
        List<NDArray> a = new ArrayList<>();
        for (long[] v : values) a.add(Num.wrap(DType.INT64, v.clone(), LENGTH));
        return a;
    }

    static long[] sum(List<long[]> values) {
        long[] s = new long[LENGTH];
        for (long[] v : values) for (int e = 0; e < LENGTH; e++) s[e] += v[e];
        return s;
    }

    static void expect(long[] want, NDArray got, String what) {
        long[] g = got.toLongArray();
        check(Arrays.equals(want, g), what + ": expected " + Arrays.toString(want) + ", got " + Arrays.toString(g));
    }

    /** Pairs neighbours level by level: depth log2(w), every input in one graph. */
    static <T> T tree(List<T> leaves, BinaryOperator<T> op) {
        List<T> level = leaves;
        while (level.size() > 1) {
            List<T> next = new ArrayList<>();
            for (int i = 0; i + 1 < level.size(); i += 2) next.add(op.apply(level.get(i), level.get(i + 1)));
            if (level.size() % 2 == 1) next.add(level.getLast());
            level = next;
        }
        return level.getFirst();
    }

    static void sumAsChain(String target, long seed, int w) {
        List<long[]> v = values(seed, w);
        NDArray s = null;
        for (NDArray a : arrays(v)) s = s == null ? a : s.add(a);
        expect(sum(v), s, "a0 + a1 + ... of " + w + " arrays");
    }

    static void sumAsTree(String target, long seed, int w) {
        List<long[]> v = values(seed, w);
        expect(sum(v), tree(arrays(v), NDArray::add), "a balanced sum of " + w + " arrays");
    }

    /** {@code Num.eval("a0 + a1 + ...")}; past the parser's 1,000 levels of operators, in parenthesised groups of 100. */
    static void sumByEval(String target, long seed, int w) {
        List<long[]> v = values(seed, w);
        List<NDArray> a = arrays(v);
        Map<String, NDArray> names = new HashMap<>();
        StringBuilder e = new StringBuilder();
        for (int i = 0; i < w; i++) {
            names.put("a" + i, a.get(i));
            boolean group = w > 1000;
            if (i > 0) e.append(" + ");
            if (group && i % 100 == 0) e.append('(');
            e.append("a").append(i);
            if (group && (i % 100 == 99 || i == w - 1)) e.append(')');
        }
        expect(sum(v), Num.eval(e.toString(), names), "Num.eval of a sum of " + w + " names");
    }

    /** A balanced tree of add, maximum and subtract over float64 arrays of small ints (exact). */
    static void mixedTree(String target, long seed, int w) {
        List<long[]> v = values(seed, w);
        int[] k = { 0 }, j = { 0 };
        BinaryOperator<long[]> java = (x, y) -> {
            long[] r = new long[LENGTH];
            int op = k[0]++ % 3;
            for (int e = 0; e < LENGTH; e++) r[e] = op == 0 ? x[e] + y[e] : op == 1 ? Math.max(x[e], y[e]) : x[e] - y[e];
            return r;
        };
        BinaryOperator<NDArray> lazy = (x, y) -> switch (j[0]++ % 3) {
            case 0 -> x.add(y);
            case 1 -> x.maximum(y);
            default -> x.sub(y);
        };
        List<NDArray> floats = new ArrayList<>();
        for (NDArray a : arrays(v)) floats.add(a.astype(DType.FLOAT64));
        long[] want = tree(v, java);
        double[] got = tree(floats, lazy).toDoubleArray();
        for (int e = 0; e < LENGTH; e++) check(got[e] == want[e], "a tree of mixed ops: expected " + Arrays.toString(want) + ", got " + Arrays.toString(got));
    }

    @Test
    void aSumOf1000ArraysAsAChain() {
        for (String t : DeepAndLarge.targets()) DeepAndLarge.onUserThread(t, SECONDS, () -> sumAsChain(t, 1, inputs()));
    }

    @Test
    void aSumOf1000ArraysAsOneTree() {
        for (String t : DeepAndLarge.targets()) DeepAndLarge.onUserThread(t, SECONDS, () -> sumAsTree(t, 2, inputs()));
    }

    @Test
    void anExpressionWith1000Names() {
        for (String t : DeepAndLarge.targets()) DeepAndLarge.onUserThread(t, SECONDS, () -> sumByEval(t, 3, inputs()));
    }

    @Test
    void anExpressionWith1000NamesNeedsLittleStack() {
        // the binder walked a0 + a1 + ... recursively, 1,000 levels deep: 512 KiB was not always enough
        DeepAndLarge.onThread("jvm", 128 * 1024, SECONDS, () -> sumByEval("jvm", 6, inputs()));
    }

    /**
     * The targets of the probes whose kernels are many and all different: a device builds a
     * program for each (half a second on PoCL), so CI gives them the host targets and the long
     * run every target.
     */
    static List<String> manyKernelTargets() {
        return DeepAndLarge.LONG ? DeepAndLarge.targets() : DeepAndLarge.targets().stream().filter(t -> !t.startsWith("opencl")).toList();
    }

    @Test
    void anExpressionOver2500NamesInGroups() {
        for (String t : manyKernelTargets()) DeepAndLarge.onUserThread(t, SECONDS, () -> sumByEval(t, 4, 2500));
    }

    @Test
    void aTreeOfMixedOpsOver1000Arrays() {
        for (String t : manyKernelTargets()) DeepAndLarge.onUserThread(t, SECONDS, () -> mixedTree(t, 5, inputs()));
    }
}
