package io.numfuse;

import static io.numfuse.DeepAndLarge.check;
import static io.numfuse.DeepAndLarge.checkKept;

import io.numfuse.core.DType;
import io.numfuse.core.NumfuseException;
import io.numfuse.ir.Shapes;
import io.numfuse.npy.Npy;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Arrays of 2^31 and more elements. numfuse's arrays are Java arrays (at most
 * {@link Shapes#MAX_SIZE} elements): every factory and operation that would make a larger one
 * refuses with one error that names its element count and the limit, before it allocates, on
 * every target. A view larger than that (a broadcast, an outer product) may be built and reduced,
 * since it is never materialised: the reduction runs as kernels over parts of it (a dot whose
 * m*k*p products exceed the limit is such a reduction). And index arithmetic near 2^31 (offsets
 * and strides of views into the largest arrays the heap allows) gives the right elements.
 */
class HugeArrayTest {
    static final String LIMIT = Integer.toString(Shapes.MAX_SIZE);
    static final int SECONDS = 600;

    /** Each refusal: what is attempted, and the element count its error must name. */
    static Map<String, Map.Entry<String, Supplier<Object>>> refusals(NDArray x, NDArray column) {
        Map<String, Map.Entry<String, Supplier<Object>>> r = new LinkedHashMap<>();
        r.put("zeros", Map.entry("2147483648", () -> Num.zeros(DType.BOOL, 65536, 32768)));
        r.put("ones", Map.entry("4294967296", () -> Num.ones(DType.FLOAT64, 65536, 65536)));
        r.put("full", Map.entry("3221225472", () -> Num.full(DType.INT32, 7, 3, 1 << 30)));
        r.put("random", Map.entry("4294967296", () -> Num.random(1, DType.FLOAT32, 65536, 65536)));
        r.put("randint", Map.entry("4294967296", () -> Num.randint(1, 0, 5, DType.INT64, 65536, 65536)));
        r.put("wrap", Map.entry("4294967296", () -> Num.wrap(DType.BOOL, new byte[4], 65536, 65536)));
        r.put("arange(n)", Map.entry("2147483647", () -> Num.arange(Integer.MAX_VALUE)));
        r.put("arange(start, stop, step)", Map.entry("3000000000", () -> Num.arange(0, 3e9, 1)));
        r.put("linspace", Map.entry("2147483647", () -> Num.linspace(0, 1, Integer.MAX_VALUE)));
        NDArray outer = x.slice(":, None").mul(x.slice("None, :"));
        r.put("outer product, eval", Map.entry("4294967296", () -> outer.eval()));
        r.put("outer product, size", Map.entry("4294967296", () -> outer.size()));
        r.put("outer product, item", Map.entry("4294967296", () -> outer.item()));
        r.put("outer product, toString", Map.entry("4294967296", () -> outer.toString()));
        r.put("outer product, toNpy", Map.entry("4294967296", () -> outer.toNpy()));
        r.put("outer product, astype", Map.entry("4294967296", () -> outer.astype(DType.FLOAT32).eval()));
        r.put("outer product, reshape", Map.entry("4294967296", () -> outer.reshape(-1)));
        r.put("outer product, a row of it", Map.entry("4294967296", () -> outer.slice("5, :").eval()));
        r.put("broadcastTo", Map.entry("12884901888", () -> Num.array(1.0, 2.0, 3.0).broadcastTo(65536, 65536, 3).eval()));
        r.put("broadcastTo, element", Map.entry("12884901888", () -> Num.array(1.0, 2.0, 3.0).broadcastTo(65536, 65536, 3).getDouble(1, 2, 0)));
        r.put("where", Map.entry("4294967296", () -> Num.where(column.gt(3), x, 0.0).eval()));
        r.put("dot to a huge result", Map.entry("4294967296", () -> column.dot(x.slice("None, :")).eval()));
        r.put("Num.eval", Map.entry("4294967296", () -> Num.eval("c * x + 1", Map.of("c", column, "x", x)).eval()));
        r.put(".npy header", Map.entry("2147483640", () -> readNpy("|b1", "(2147483640,)")));
        r.put(".npy header, 2-d", Map.entry("4294967296", () -> readNpy("<f8", "(65536, 65536)")));
        return r;
    }

    /** Every refusal on {@code target}: one clear error naming the count and the limit; the operands keep their values. */
    static void refusesWhatNoBufferHolds(String target, long seed) {
        NDArray x = Num.arange(65536).astype(DType.FLOAT64).eval();
        NDArray column = x.slice(":, None");
        for (var e : refusals(x, column).entrySet()) {
            String count = e.getValue().getKey();
            try {
                Object r = e.getValue().getValue().get();
                throw new DeepAndLarge.WrongAnswer(e.getKey() + " on " + target + " gave " + r + " instead of an error");
            } catch (NumfuseException ex) {
                String m = ex.getMessage();
                check(m != null && m.contains(count) && m.contains(LIMIT) && m.lines().count() == 1,
                        e.getKey() + " on " + target + ": the error must name " + count + " and the limit " + LIMIT + ", not: " + m);
            }
        }
        double[] got = x.slice("-3:").toDoubleArray();
        checkKept(Arrays.equals(got, new double[] { 65533, 65534, 65535 }) && x.sum().item() == 65535.0 * 65536 / 2,
                "the operands of the refused operations changed: " + Arrays.toString(got));
    }

    static byte[] readNpy(String descr, String shape) {
        String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }";
        int total = 10 + dict.length() + 1;
        String header = dict + " ".repeat((64 - total % 64) % 64) + "\n";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] { (byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, (byte) header.length(), (byte) (header.length() >> 8) });
        out.writeBytes(header.getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(new byte[16]);
        try {
            return Npy.read(new ByteArrayInputStream(out.toByteArray())).dtype().numpyName().getBytes(StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Side of the outer products reduced: its square is past the limit (46341^2 = 2147488281), the long profile's four times. */
    static int side(String target) {
        return target.equals("interpreter") ? DeepAndLarge.size("interpreterSide", 46341, 46341) : DeepAndLarge.size("side", 46341, 92682);
    }

    /** Sums of {@code x[:, None] * x[None, :]} with x = 0..n-1 (int64, exact): all of it, by rows, and its max. */
    static void reducesAHugeOuterProduct(String target, long seed) {
        int n = side(target);
        NDArray x = Num.arange(n);
        NDArray outer = x.slice(":, None").mul(x.slice("None, :"));
        long s = (long) n * (n - 1) / 2;
        check(outer.sum().itemLong() == s * s, "sum of the outer product on " + target + ": " + outer.sum().itemLong() + ", not " + s * s);
        NDArray rows = outer.sum(1).eval();
        for (int i : new int[] { 0, 1, n / 2, n - 1 }) check(rows.getLong(i) == i * s, "row " + i + " of the outer product's sum on " + target);
        if (DeepAndLarge.LONG) {
            check(x.slice(":, None").sub(x.slice("None, :")).max().itemLong() == n - 1, "max of x[:, None] - x[None, :] on " + target);
            NDArray big = Num.full(DType.FLOAT64, 2.5).broadcastTo(n, n);
            check(big.mean().item() == 2.5, "mean of a huge broadcast view on " + target + ": " + big.mean().item());
        }
    }

    /** A dot whose m*k*p products exceed the limit: 1291^3 = 2151685171 in the short profile. */
    static void dotsPastTheLimit(String target, long seed) {
        int n = DeepAndLarge.size("dot", 1291, 2048);
        NDArray a = Num.arange(n * n).reshape(n, n).mod(7).astype(DType.FLOAT64);
        NDArray b = Num.arange(n * n).reshape(n, n).mod(5).astype(DType.FLOAT64);
        NDArray c = a.dot(b).eval();
        for (int[] ij : new int[][] { { 0, 0 }, { 1, 2 }, { n - 1, n - 1 }, { n / 2, 3 } }) {
            long want = 0;
            for (int k = 0; k < n; k++) want += (((long) ij[0] * n + k) % 7) * (((long) k * n + ij[1]) % 5);
            check(c.getDouble(ij) == want, "dot element " + Arrays.toString(ij) + " on " + target + ": " + c.getDouble(ij) + ", not " + want);
        }
    }

    /** Elements of the largest test array, by dtype: the short profile keeps CI's heap modest, the long one goes to the limit. */
    static int length(String target, DType t) {
        int bytes = target.equals("interpreter") ? DeepAndLarge.size("interpreterBytes", 1 << 20, 1 << 26)
                : DeepAndLarge.size("bytes", 1 << 26, Shapes.MAX_SIZE);
        return bytes / t.itemSize() - 5;
    }

    /**
     * Index arithmetic near the end of a large array: ones at a few positions (the last ones
     * among them) read through reversed, strided, sliced, reshaped and transposed views, and a
     * write near the end that must leave its neighbours alone.
     */
    static void indexesNearTheEnd(String target, long seed, DType t) {
        int n = length(target, t), cols = 4099, rows = n / cols;
        TreeSet<Integer> at = new TreeSet<>(List.of(0, 3, n / 2, n / 2 + 1, rows * cols - 1, n - 7, n - 2, n - 1));
        NDArray a = Num.zeros(t, n);
        for (int p : at) a.set(1, p);
        String what = t + "[" + n + "] on " + target;
        check(a.sum().item() == at.size(), "sum of " + what);
        check(a.slice("::-1").sum().item() == at.size() && a.slice("::-1").getDouble(0) == 1 && a.slice("::-1").getDouble(1) == 1
                && a.slice("::-1").getDouble(6) == 1 && a.slice("::-1").getDouble(5) == 0, "reversed " + what);
        check(a.slice("1::2").sum().item() == at.stream().filter(p -> p % 2 == 1).count(), "odd elements of " + what);
        check(a.slice("::-3").sum().item() == at.stream().filter(p -> (n - 1 - p) % 3 == 0).count(), "every third from the end of " + what);
        double[] tail = a.slice((n - 10) + ":").astype(DType.FLOAT64).toDoubleArray();
        for (int i = 0; i < 10; i++) check(tail[i] == (at.contains(n - 10 + i) ? 1 : 0), "element " + (n - 10 + i) + " of " + what);
        NDArray grid = a.slice(":" + rows * cols).reshape(rows, cols);
        check(grid.slice(":, -1").sum().item() == at.stream().filter(p -> p < rows * cols && p % cols == cols - 1).count(), "last column of " + what);
        NDArray byColumn = grid.transpose().sum(1).eval();
        check(byColumn.getDouble(cols - 1) == at.stream().filter(p -> p < rows * cols && p % cols == cols - 1).count()
                && byColumn.getDouble(0) == at.stream().filter(p -> p < rows * cols && p % cols == 0).count(), "columns of the transposed " + what);
        a.slice((n - 5) + ":" + (n - 3)).assign(1);
        at.add(n - 5);
        at.add(n - 4);
        double[] after = a.slice((n - 10) + ":").astype(DType.FLOAT64).toDoubleArray();
        for (int i = 0; i < 10; i++) {
            int p = n - 10 + i;
            checkKept(after[i] == (at.contains(p) ? 1 : 0), "element " + p + " of " + what + " after a write next to it");
        }
        checkKept(a.sum().item() == at.size(), "sum of " + what + " after the write");
    }

    static List<String> compiledTargets() {
        List<String> t = new ArrayList<>(DeepAndLarge.targets());
        t.remove("interpreter");   // 2^31 elements take the interpreter minutes: the long run gives it its own row
        return t;
    }

    @Test
    void everyWayToMakeAnArrayPastTheLimitIsRefusedWithItsSize() {
        for (String t : DeepAndLarge.targets()) DeepAndLarge.onUserThread(t, SECONDS, () -> refusesWhatNoBufferHolds(t, 1));
    }

    @Test
    void aReductionOverAHugeBroadcastIsComputed() {
        for (String t : compiledTargets()) DeepAndLarge.onUserThread(t, SECONDS, () -> reducesAHugeOuterProduct(t, 2));
    }

    @Test
    void aDotWithMoreProductsThanTheLimitIsComputed() {
        // 2^31 multiply-adds: the JVM in CI (under a second), every target in the long run
        DeepAndLarge.onUserThread("jvm", SECONDS, () -> dotsPastTheLimit("jvm", 3));
    }

    @Test
    void viewsNearTheEndOfALargeArrayReadAndWriteTheRightElements() {
        for (String t : DeepAndLarge.targets()) {
            for (DType d : new DType[] { DType.BOOL, DType.INT32, DType.FLOAT64 }) DeepAndLarge.onUserThread(t, SECONDS, () -> indexesNearTheEnd(t, 4, d));
        }
    }
}
