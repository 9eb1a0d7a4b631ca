package io.numfuse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.numfuse.core.AxisException;
import io.numfuse.core.DType;
import io.numfuse.core.NumfuseException;
import io.numfuse.core.ShapeMismatchException;
import io.numfuse.core.ValueException;
import io.numfuse.npy.Npy;
import io.numfuse.npy.NpyArray;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * numfuse's layout, creation, join and statistics operations against NumPy: every case of
 * {@code numpy-ops/cases.tsv} (test resources, written by {@code scripts/numpy_ops_fixtures.py},
 * whose doc describes the format) is computed by numfuse on every target ({@link WriteProperties#targets()}),
 * and its dtype,
 * shape and values compared with NumPy's; an error case must throw the numfuse exception of its
 * kind with NumPy's message in its own.
 */
class NumpyOpsTest {
    private static final String ROOT = "/numpy-ops/";
    private static final Map<String, Class<? extends NumfuseException>> ERRORS = Map.of(
            "value", ValueException.class, "shape", ShapeMismatchException.class, "axis", AxisException.class,
            "index", io.numfuse.core.IndexException.class, "type", io.numfuse.core.TypeException.class);

    record Case(String id, String op, String[] args, List<String> inputs, String expected, String tolerance) {}

    static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        try (InputStream in = NumpyOpsTest.class.getResourceAsStream(ROOT + "cases.tsv");
             BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            r.readLine();
            for (String line; (line = r.readLine()) != null; ) {
                if (line.isBlank()) continue;
                String[] f = line.split("\t", -1);
                cases.add(new Case(f[0], f[1], f[2].isEmpty() ? new String[0] : f[2].split(" "),
                        f[3].isEmpty() ? List.of() : List.of(f[3].split(";")), f[4], f[5]));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return cases;
    }

    static NpyArray npy(String file) {
        try (InputStream in = NumpyOpsTest.class.getResourceAsStream(ROOT + file)) {
            return Npy.read(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int[] ints(String s) { return Arrays.stream(s.split(",")).mapToInt(Integer::parseInt).toArray(); }
    private static int[] axes(String s) { return s.equals("none") ? null : ints(s); }

    /** The numfuse call a case names. */
    static NDArray run(String op, String[] a, List<NDArray> in) {
        NDArray x = in.isEmpty() ? null : in.get(0);
        return switch (op) {
            case "squeeze" -> a[0].equals("none") ? x.squeeze() : x.squeeze(ints(a[0]));
            case "expand_dims" -> x.expandDims(ints(a[0]));
            case "swapaxes" -> x.swapaxes(Integer.parseInt(a[0]), Integer.parseInt(a[1]));
            case "moveaxis" -> x.moveaxis(ints(a[0]), ints(a[1]));
            case "flip" -> a[0].equals("none") ? x.flip() : x.flip(ints(a[0]));
            case "flatten" -> x.flatten();
            case "flatten_t" -> x.transpose().flatten();
            case "ravel" -> x.ravel();
            case "ravel_t" -> x.transpose().ravel();
            case "roll" -> a[1].equals("none") ? x.roll(Integer.parseInt(a[0])) : x.roll(Integer.parseInt(a[0]), Integer.parseInt(a[1]));
            case "tile" -> x.tile(ints(a[0]));
            case "repeat" -> a[1].equals("none") ? x.repeat(Integer.parseInt(a[0])) : x.repeat(Integer.parseInt(a[0]), Integer.parseInt(a[1]));
            case "copy" -> x.copy();
            case "eye" -> Num.eye(Integer.parseInt(a[0]), Integer.parseInt(a[1]), Integer.parseInt(a[2]), dtype(a[3]));
            case "zeros_like" -> Num.zerosLike(x);
            case "ones_like" -> Num.onesLike(x);
            case "full_like" -> Num.fullLike(x, Double.parseDouble(a[0]));
            case "concatenate" -> Num.concatenate(in, Integer.parseInt(a[0]));
            case "stack" -> Num.stack(in, Integer.parseInt(a[0]));
            case "any" -> x.any(axes(a[0]), Boolean.parseBoolean(a[1]));
            case "all" -> x.all(axes(a[0]), Boolean.parseBoolean(a[1]));
            case "count_nonzero" -> x.countNonzero(axes(a[0]), Boolean.parseBoolean(a[1]));
            case "var" -> x.var(axes(a[0]), Boolean.parseBoolean(a[1]), Integer.parseInt(a[2]));
            case "std" -> x.std(axes(a[0]), Boolean.parseBoolean(a[1]), Integer.parseInt(a[2]));
            case "nansum" -> x.nansum(axes(a[0]), Boolean.parseBoolean(a[1]));
            case "nanmax" -> x.nanmax(axes(a[0]), Boolean.parseBoolean(a[1]));
            case "nanmin" -> x.nanmin(axes(a[0]), Boolean.parseBoolean(a[1]));
            case "nanmean" -> x.nanmean(axes(a[0]), Boolean.parseBoolean(a[1]));
            case "argmax" -> a[0].equals("none") ? x.argmax() : x.argmax(Integer.parseInt(a[0]), Boolean.parseBoolean(a[1]));
            case "argmin" -> a[0].equals("none") ? x.argmin() : x.argmin(Integer.parseInt(a[0]), Boolean.parseBoolean(a[1]));
            case "take" -> a[0].equals("none") ? x.take(in.get(1)) : x.take(in.get(1), Integer.parseInt(a[0]));
            case "take_t" -> x.transpose().take(in.get(1), Integer.parseInt(a[0]));
            case "take_twice" -> x.take(in.get(1), Integer.parseInt(a[0])).take(in.get(1), Integer.parseInt(a[0])).mul(2L).add(1L);
            case "put" -> x.put(in.get(1), in.get(2));
            case "index_assign" -> x.indexAssign(Integer.parseInt(a[0]), in.get(1), in.get(2));
            case "put_t" -> {
                x.transpose().put(in.get(1), in.get(2));   // through a view: the array sees it
                yield x;
            }
            case "cumsum" -> a[1].equals("none") ? (a[0].equals("none") ? x.cumsum() : x.cumsum(Integer.parseInt(a[0])))
                    : x.cumsum(a[0].equals("none") ? null : Integer.valueOf(a[0]), dtype(a[1]));
            case "cumprod" -> a[1].equals("none") ? (a[0].equals("none") ? x.cumprod() : x.cumprod(Integer.parseInt(a[0])))
                    : x.cumprod(a[0].equals("none") ? null : Integer.valueOf(a[0]), dtype(a[1]));
            case "mask" -> x.mask(in.get(1));
            case "mask_assign_scalar" -> x.copy().maskAssign(in.get(1), Long.parseLong(a[0]));
            case "mask_assign" -> x.copy().maskAssign(in.get(1), in.get(2));
            case "matmul" -> x.matmul(in.get(1));
            case "matmul_self" -> x.matmul(x);
            case "matmul_ta" -> x.transpose().matmul(in.get(1));
            case "matmul_tb" -> x.matmul(in.get(1).transpose());
            default -> throw new IllegalArgumentException("unknown op " + op);
        };
    }

    private static DType dtype(String name) {
        for (DType t : DType.values()) if (t.numpyName().equals(name)) return t;
        throw new IllegalArgumentException(name);
    }

    @TestFactory
    Stream<DynamicTest> matchesNumpy() {
        List<Case> cases = cases();
        assertTrue(cases.size() >= 180, "only " + cases.size() + " cases");
        return WriteProperties.targets().stream().flatMap(t -> cases.stream()
                .map(c -> DynamicTest.dynamicTest(c.id() + " on " + t, () -> Num.on(t, () -> check(c)))));
    }

    static void check(Case c) {
        List<NDArray> in = c.inputs().stream().map(f -> Num.fromNpy(npy(f))).toList();
        if (c.expected().startsWith("ERROR:")) {
            String[] e = c.expected().split(":", 3);
            NumfuseException ex = assertThrows(ERRORS.get(e[1]), () -> run(c.op(), c.args(), in).toNpy(), c.id());
            assertTrue(ex.getMessage().contains(e[2]), c.id() + ": message '" + ex.getMessage() + "' lacks NumPy's '" + e[2] + "'");
            return;
        }
        NpyArray want = npy(c.expected()), got = run(c.op(), c.args(), in).toNpy();
        String bad = compare(want, got, c.tolerance().equals("exact") ? 0 : Double.parseDouble(c.tolerance().substring(4)));
        if (bad != null) fail(c.id() + ": " + bad);
    }

    /** Null when {@code got} has {@code want}'s dtype, shape and values (NaN matches NaN; {@code rel} 0: exactly), else the difference. */
    static String compare(NpyArray want, NpyArray got, double rel) {
        if (want.dtype() != got.dtype()) return "dtype " + got.dtype().numpyName() + ", NumPy's " + want.dtype().numpyName();
        if (!Arrays.equals(want.shape(), got.shape())) return "shape " + Arrays.toString(got.shape()) + ", NumPy's " + Arrays.toString(want.shape());
        double[] w = doubles(want), g = doubles(got);
        for (int i = 0; i < w.length; i++) {
            boolean ok = Double.isNaN(w[i]) ? Double.isNaN(g[i]) : w[i] == g[i] || Math.abs(w[i] - g[i]) <= rel * Math.max(1, Math.abs(w[i]));
            if (!ok) return "element " + i + ": " + g[i] + ", NumPy's " + w[i];
        }
        return null;
    }

    static double[] doubles(NpyArray a) {
        Object d = a.data();
        int n = a.size();
        double[] r = new double[n];
        for (int i = 0; i < n; i++) {
            r[i] = switch (d) {
                case byte[] b -> b[i];
                case int[] v -> v[i];
                case long[] v -> v[i];
                case float[] v -> v[i];
                case double[] v -> v[i];
                default -> throw new IllegalArgumentException(d.getClass().toString());
            };
        }
        return r;
    }

    /** What the fixtures cannot show: views share memory, copies do not, and the arrays NumPy leaves uninitialised are zeros. */
    @org.junit.jupiter.api.Test
    void viewsShareMemoryAndCopiesDoNot() {
        NDArray a = Num.arange(6).astype(DType.FLOAT64).reshape(2, 1, 3);
        NDArray sq = a.squeeze(), fl = a.flip(2), ex = a.expandDims(0), sw = a.swapaxes(0, 2), mv = a.moveaxis(0, -1);
        NDArray rv = a.ravel(), flat = a.flatten(), cp = a.copy();
        a.set(99.0, 1, 0, 2);
        assertEquals(99.0, sq.getDouble(1, 2));
        assertEquals(99.0, fl.getDouble(1, 0, 0));
        assertEquals(99.0, ex.getDouble(0, 1, 0, 2));
        assertEquals(99.0, sw.getDouble(2, 0, 1));
        assertEquals(99.0, mv.getDouble(0, 2, 1));
        assertEquals(99.0, rv.getDouble(5));
        assertEquals(5.0, flat.getDouble(5));
        assertEquals(5.0, cp.getDouble(1, 0, 2));
        fl.set(-1.0, 0, 0, 0);   // a write through a flipped view lands at the end of the axis
        assertEquals(-1.0, a.getDouble(0, 0, 2));
        assertArrayEquals(new double[4], Num.empty(DType.FLOAT64, 2, 2).toDoubleArray());
        assertArrayEquals(new int[] { 2, 1, 3 }, Num.emptyLike(a).shape());
        assertEquals(DType.FLOAT64, Num.emptyLike(a).dtype());
        assertEquals(0.0, Num.emptyLike(a).sum().item());
    }

    /** The views of a pending array, eye and the composed reductions build graph nodes: nothing is computed until observed. */
    @org.junit.jupiter.api.Test
    void viewsEyeAndReductionsStayLazy() {
        NDArray p = Num.arange(12).mul(2L).expandDims(0);
        for (NDArray v : List.of(p, p.squeeze(), p.flip(), p.swapaxes(0, 1), p.moveaxis(0, -1), Num.eye(3), Num.eye(2, 3, 1, DType.INT32),
                p.var(), p.std(null, true, 1), p.any(), p.all(), p.countNonzero(), p.nansum(), p.nanmax(), p.nanmin(), p.nanmean())) {
            assertTrue(!v.isEvaluated(), Arrays.toString(v.shape()));
        }
        assertEquals(2 * 66.0, p.squeeze().flip().sum().item());
    }

    /** What the Javadoc says: concatenate of pending operands is one kernel that writes each part; tile, repeat and flatten are one kernel. */
    @org.junit.jupiter.api.Test
    void kernelCounts() {
        Num.on("jvm", () -> {
            NDArray p = Num.arange(6).mul(2L).reshape(2, 3);
            var before = io.numfuse.runtime.KernelRuns.snapshot();
            NDArray c = Num.concatenate(List.of(p.add(1L), p.mul(3L), p.flip()), 0);
            c.eval();
            assertEquals(1L, io.numfuse.runtime.KernelRuns.since(before).getOrDefault("jvm", 0L));
            NDArray q = Num.array(1.0, 2.0, 3.0).eval();
            for (java.util.function.Supplier<NDArray> f : List.<java.util.function.Supplier<NDArray>>of(() -> q.tile(2, 2), () -> q.repeat(2), () -> q.flatten())) {
                before = io.numfuse.runtime.KernelRuns.snapshot();
                f.get().eval();
                assertEquals(1L, io.numfuse.runtime.KernelRuns.since(before).getOrDefault("jvm", 0L));
            }
        });
    }

    @org.junit.jupiter.api.Test
    void emptyListsAreRefusedWithNumpysMessage() {
        assertTrue(assertThrows(ValueException.class, () -> Num.concatenate(List.of(), 0)).getMessage().contains("need at least one array to concatenate"));
        assertTrue(assertThrows(ValueException.class, () -> Num.stack(List.of(), 0)).getMessage().contains("need at least one array to stack"));
    }
}
