package io.numfuse;

import io.numfuse.core.IndexException;
import io.numfuse.ir.IndexMap;
import io.numfuse.ir.Shapes;
import java.util.ArrayList;
import java.util.List;

/**
 * NumPy basic indexing written as a string: integers, {@code start:stop:step} with negatives,
 * {@code ...}, and {@code None} / {@code newaxis}, separated by commas. The result is the
 * {@link IndexMap} from the view's indices to the array's.
 */
final class Slicing {
    private Slicing() {}

    private sealed interface Item permits Index, Slice, NewAxis, Ellipsis {}
    private record Index(long i) implements Item {}
    private record Slice(Long start, Long stop, Long step) implements Item {}
    private record NewAxis() implements Item {}
    private record Ellipsis() implements Item {}

    /** Parsed index strings: a loop slices with the same few strings again and again. */
    private static final java.util.concurrent.ConcurrentHashMap<String, List<Item>> PARSED = new java.util.concurrent.ConcurrentHashMap<>();
    private static final int MAX_PARSED = 1024;

    static IndexMap parse(String spec, int[] shape) {
        List<Item> items = PARSED.get(spec);
        if (items == null) {
            items = items(spec);
            if (PARSED.size() >= MAX_PARSED) PARSED.clear();
            PARSED.put(spec, items);
        }
        return map(items, shape, spec);
    }

    private static List<Item> items(String spec) {
        List<Item> items = new ArrayList<>();
        String s = spec.trim();
        if (!s.isEmpty()) for (String part : s.split(",", -1)) items.add(item(part.trim(), spec));
        return List.copyOf(items);
    }

    private static Item item(String p, String spec) {
        if (p.equals("...")) return new Ellipsis();
        if (p.equals("None") || p.equals("newaxis") || p.equals("np.newaxis")) return new NewAxis();
        if (p.isEmpty()) throw bad(spec, "empty index");
        if (!p.contains(":")) return new Index(number(p, spec));
        String[] f = p.split(":", -1);
        if (f.length > 3) throw bad(spec, "too many ':' in '" + p + "'");
        Long start = opt(f[0], spec), stop = opt(f[1], spec), step = f.length == 3 ? opt(f[2], spec) : null;
        if (step != null && step == 0) throw new IndexException("slice step cannot be zero in '" + spec + "'");
        return new Slice(start, stop, step);
    }

    private static Long opt(String t, String spec) { return t.isBlank() ? null : number(t.trim(), spec); }

    private static long number(String t, String spec) {
        try {
            return Long.parseLong(t.replace(" ", ""));
        } catch (NumberFormatException e) {
            throw bad(spec, "'" + t + "' is not an integer");
        }
    }

    private static IndexException bad(String spec, String why) {
        return new IndexException("bad index '" + spec + "': " + why + " (use NumPy basic indexing: 1, -1, 1:-1, ::2, ..., None)");
    }

    private static IndexMap map(List<Item> items, int[] shape, String spec) {
        int consumed = 0, ellipses = 0;
        for (Item it : items) {
            if (it instanceof Index || it instanceof Slice) consumed++;
            if (it instanceof Ellipsis) ellipses++;
        }
        if (ellipses > 1) throw bad(spec, "an index can only have a single ellipsis ('...')");
        if (consumed > shape.length) {
            throw new IndexException("too many indices for array: array is " + shape.length + "-dimensional, but " + consumed + " were indexed");
        }
        List<Item> full = new ArrayList<>();
        for (Item it : items) {
            if (it instanceof Ellipsis) for (int k = 0; k < shape.length - consumed; k++) full.add(new Slice(null, null, null));
            else full.add(it);
        }
        if (ellipses == 0) for (int k = consumed; k < shape.length; k++) full.add(new Slice(null, null, null));
        List<Integer> newShape = new ArrayList<>();
        int[] base = new int[shape.length];
        List<int[]> terms = new ArrayList<>();   // {sourceAxis, newAxis, step}
        int d = 0;
        for (Item it : full) {
            switch (it) {
                case NewAxis n -> newShape.add(1);
                case Index ix -> {
                    base[d] = axisIndex(ix.i(), d, shape[d]);
                    d++;
                }
                case Slice sl -> {
                    int[] r = indices(sl, shape[d]);
                    base[d] = r[0];
                    terms.add(new int[] { d, newShape.size(), r[2] });
                    newShape.add(r[1]);
                    d++;
                }
                case Ellipsis e -> throw new IllegalStateException();
            }
        }
        int[] ns = newShape.stream().mapToInt(Integer::intValue).toArray();
        int[][] coef = IndexMap.matrix(shape.length, ns.length);
        for (int[] t : terms) coef[t[0]][t[1]] = t[2];
        Shapes.size(ns);
        return new IndexMap(ns, base, coef);
    }

    /** NumPy's integer index {@code i} into axis {@code axis} of {@code n} elements: counted from the end when negative. */
    static int axisIndex(long i, int axis, int n) {
        if (i >= n || i < -n) throw outOfBounds(i, axis, n);
        return (int) (i < 0 ? i + n : i);
    }

    /** NumPy's IndexError for index {@code i} outside {@code [-n, n)} on axis {@code axis}. */
    static IndexException outOfBounds(long i, int axis, int n) {
        return new IndexException("index " + i + " is out of bounds for axis " + axis + " with size " + n);
    }

    /** Python's slice.indices: {start, length, step}. */
    static int[] indices(Slice s, int len) {
        long step = s.step() == null ? 1 : s.step();
        long lower = step > 0 ? 0 : -1, upper = step > 0 ? len : len - 1;
        long start = s.start() == null ? (step < 0 ? upper : lower) : clamp(s.start(), len, lower, upper);
        long stop = s.stop() == null ? (step < 0 ? lower : upper) : clamp(s.stop(), len, lower, upper);
        // start and stop lie in [-1, len]: their differences cannot overflow, where adding the step
        // (up to Long.MAX_VALUE) or negating it (Long.MIN_VALUE) could
        long n = step > 0 ? (stop <= start ? 0 : (stop - start - 1) / step + 1)
                : (start <= stop ? 0 : (stop - start + 1) / step + 1);
        return new int[] { (int) (n == 0 ? 0 : start), (int) n, n <= 1 ? 1 : (int) step };
    }

    private static long clamp(long v, int len, long lower, long upper) {
        if (v < 0) { v += len; if (v < lower) v = lower; } else if (v > upper) v = upper;
        return v;
    }
}
